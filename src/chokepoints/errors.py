"""Exceptions raised by chokepoints.

Library code raises; only the CLI and the API decide exit codes and HTTP status.
Input problems are :class:`DataError` (a ``ValueError``) carrying where the problem is
(file, row, field), the value seen and the reason, so a message reads like::

    flows.csv, row 14, field 'lead_time_days': '-3' is negative (expected a number >= 0)

Several problems found in one pass over a file are collected into one
:class:`DataErrors`, so the user can fix them all at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

#: At most this many problems are listed in one DataErrors message.
MAX_REPORTED_PROBLEMS = 20


class ChokepointsError(Exception):
    """Base class of every error chokepoints raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input.

    ``row`` is the row number as the user sees it: in a table file (CSV or XLSX) the row
    a spreadsheet shows, the header being row 1 and the first data row row 2
    (:mod:`chokepoints.tables`); in a YAML file the line, or the entry's position where a
    reader says so. ``None`` when the problem concerns the whole file or field.
    """

    file: str | None
    row: int | None
    field: str | None
    value: Any
    reason: str

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field {self.field!r}")
        prefix = ", ".join(where)
        value = "" if self.value is None else f"{str(self.value)!r} "
        body = f"{value}{self.reason}"
        return f"{prefix}: {body}" if prefix else body

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (used by ``--format json`` and the API's 422 answers)."""
        value = self.value
        if value is not None and not isinstance(value, str | int | float | bool):
            value = str(value)
        return {
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "value": value,
            "reason": self.reason,
        }


class DataError(ChokepointsError, ValueError):
    """A single problem with user or bundled input data."""

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
        value: Any = None,
    ) -> None:
        self.problem = Problem(file=file, row=row, field=field, value=value, reason=reason)
        self.file, self.row, self.field, self.value, self.reason = (
            file,
            row,
            field,
            value,
            reason,
        )
        super().__init__(str(self.problem))

    @property
    def problems(self) -> list[Problem]:
        return [self.problem]


class DataErrors(DataError):
    """Several problems found while validating one input; the message lists them all."""

    def __init__(self, problems: Sequence[Problem], *, context: str | None = None) -> None:
        if not problems:
            raise ValueError("DataErrors needs at least one problem")
        self._problems = list(problems)
        first = self._problems[0]
        shown = self._problems[:MAX_REPORTED_PROBLEMS]
        head = f"{len(self._problems)} problem(s) found"
        if context:
            head += f" in {context}"
        lines = [head + ":"] + [f"  - {p}" for p in shown]
        if len(self._problems) > len(shown):
            lines.append(f"  ... and {len(self._problems) - len(shown)} more")
        ChokepointsError.__init__(self, "\n".join(lines))
        self.problem = first
        self.file, self.row, self.field, self.value, self.reason = (
            first.file,
            first.row,
            first.field,
            first.value,
            first.reason,
        )

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)


def raise_if_problems(problems: Iterable[Problem], *, context: str | None = None) -> None:
    """Raise :class:`DataErrors` if ``problems`` is not empty."""
    found = list(problems)
    if found:
        raise DataErrors(found, context=context)


class NotFoundError(ChokepointsError, KeyError):
    """A named thing (country, product, scenario, event...) does not exist."""

    def __init__(self, kind: str, name: str, known: Iterable[str] = ()) -> None:
        from difflib import get_close_matches

        known_list = sorted(set(known))
        message = f"No {kind} named {name!r}."
        close = get_close_matches(name, known_list, n=3)
        if close:
            message += " Did you mean " + " or ".join(repr(c) for c in close) + "?"
        elif known_list:
            shown = ", ".join(known_list[:12])
            more = " ..." if len(known_list) > 12 else ""
            message += f" Known: {shown}{more}"
        self.kind, self.name, self.known = kind, name, known_list
        super().__init__(message)

    def __str__(self) -> str:  # KeyError would add quotes around the message
        return str(self.args[0])
