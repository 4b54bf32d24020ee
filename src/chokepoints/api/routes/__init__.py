"""One router per resource; helpers they share (dates, the team timeline, the stores)."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from fastapi import Request

from chokepoints.api.settings import Settings
from chokepoints.api.store import JobStore
from chokepoints.errors import DataError, Problem


def settings_of(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def store_of(request: Request) -> JobStore:
    return request.app.state.store  # type: ignore[no-any-return]


def team_timeline(request: Request) -> Path | None:
    """The team's timeline YAML when it exists (it extends the bundled one)."""
    path = settings_of(request).timeline_file
    return path if path.exists() else None


_TIMELINES: dict[tuple[str, int, int], Any] = {}
_TIMELINE_LOCK = threading.Lock()


def load_timeline(request: Request) -> Any:
    """The bundled timeline extended by the team's, parsed once per version of the file.

    Parsing and validating the YAML takes far longer than a regime query, so the parsed
    :class:`~chokepoints.policy.timeline.Timeline` is kept, keyed by the team file's
    modification time and size (an accepted proposal changes both).
    """
    from chokepoints.policy.timeline import Timeline

    path = team_timeline(request)
    stat = path.stat() if path is not None else None
    key = (str(path), stat.st_mtime_ns, stat.st_size) if stat else ("", 0, 0)
    with _TIMELINE_LOCK:
        found = _TIMELINES.get(key)
        if found is None:
            found = Timeline.load(path)
            _TIMELINES.clear()  # keep only the current version
            _TIMELINES[key] = found
        return found


def parse_date(value: str | None, field: str) -> dt.date | None:
    """``YYYY-MM-DD`` as a date; a DataError (422) naming the field otherwise."""
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DataError("is not a date (expected YYYY-MM-DD)", field=field, value=value) from None


class RenamedError(DataError):
    """A DataError whose text and problems name the upload instead of a server path."""

    def __init__(self, text: str, problems: list[Problem]) -> None:
        first = problems[0] if problems else Problem(None, None, None, None, text)
        super().__init__(first.reason, file=first.file, row=first.row, field=first.field,
                         value=first.value)  # fmt: skip
        self.args = (text,)
        self._all = problems

    def __str__(self) -> str:
        return str(self.args[0])

    @property
    def problems(self) -> list[Problem]:
        return list(self._all)


def renamed(exc: DataError, where: str, upload: str) -> RenamedError:
    """``exc`` with the server path ``where`` replaced by the upload's name ``upload``
    (answers never show the service's data folder)."""
    problems = [Problem(p.file.replace(where, upload) if p.file else p.file, p.row, p.field,
                        p.value, p.reason.replace(where, upload)) for p in exc.problems]  # fmt: skip
    return RenamedError(str(exc).replace(where, upload), problems)
