"""One router per resource; helpers they share (dates, the team timeline, the stores)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi import Request

from chokepoints.api.settings import Settings
from chokepoints.api.store import JobStore
from chokepoints.errors import DataError


def settings_of(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def store_of(request: Request) -> JobStore:
    return request.app.state.store  # type: ignore[no-any-return]


def team_timeline(request: Request) -> Path | None:
    """The team's timeline YAML when it exists (it extends the bundled one)."""
    path = settings_of(request).timeline_file
    return path if path.exists() else None


def parse_date(value: str | None, field: str) -> dt.date | None:
    """``YYYY-MM-DD`` as a date; a DataError (422) naming the field otherwise."""
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DataError("is not a date (expected YYYY-MM-DD)", field=field, value=value) from None
