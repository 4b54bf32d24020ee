"""Check names given by the user (countries, products, measure ids) against the known ones.

One helper so every reader and command words an unknown name the same way, with the
closest known names::

    my.yaml, field 'assumptions.inventory_days_by_country': 'NARNA' is not a country of
    the world (did you mean 'NAM'?)
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches

from chokepoints.errors import DataError, Problem

__all__ = ["check_known", "did_you_mean", "unknown_problems"]


def did_you_mean(name: str, known: Iterable[str], *, shown: int = 12) -> str:
    """Words naming the closest known names to ``name`` (or a few known ones)."""
    names = sorted({str(k) for k in known})
    close = get_close_matches(str(name), names, n=3)
    if not close and str(name).upper() != str(name):
        close = get_close_matches(str(name).upper(), names, n=3)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    if not names:
        return "none are known"
    more = " ..." if len(names) > shown else ""
    return "known: " + ", ".join(names[:shown]) + more


def unknown_problems(
    values: Iterable[str],
    known: Iterable[str],
    *,
    kind: str,
    file: str | None = None,
    field: str | None = None,
    row: int | None = None,
) -> list[Problem]:
    """One :class:`~chokepoints.errors.Problem` per value of ``values`` not in ``known``."""
    known_set = {str(k) for k in known}
    out = []
    for value in values:
        if str(value) not in known_set:
            out.append(
                Problem(
                    file,
                    row,
                    field,
                    value,
                    f"is not a known {kind} ({did_you_mean(str(value), known_set)})",
                )
            )
    return out


def check_known(
    value: str,
    known: Iterable[str],
    *,
    kind: str,
    file: str | None = None,
    field: str | None = None,
    row: int | None = None,
) -> str:
    """Return ``value`` if it is in ``known``; else raise a DataError with near matches."""
    problems = unknown_problems([value], known, kind=kind, file=file, field=field, row=row)
    if problems:
        p = problems[0]
        raise DataError(p.reason, file=p.file, row=p.row, field=p.field, value=p.value)
    return value
