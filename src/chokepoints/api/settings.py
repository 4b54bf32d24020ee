"""Service settings: the data folder, the store URL, limits, CORS.

Everything the service writes goes under ``data_dir``: the SQLite store (unless a URL is
given), uploaded supplier maps (``maps/NAME``), uploaded news files (``news/``) and the
team's timeline (``timeline.yaml``, changed by accepted proposals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from chokepoints.errors import DataError

#: Names of uploaded things (supplier maps): letters, digits, '-', '_', at most 64.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


@dataclass
class Settings:
    """How one service instance runs.

    Parameters
    ----------
    data_dir : Path
        Folder for the store, uploads and the team timeline (created if absent).
    db_url : str, optional
        SQLAlchemy URL of the store; default ``sqlite:///<data_dir>/service.sqlite``.
    public_read : bool
        Reads (GET) allowed without a token; writes always need one.
    cors_origins : list of str
        Origins allowed by CORS; empty (the default) sends no CORS headers at all.
    max_body_bytes : int
        Largest request body, bytes (uploads included); larger ones get 413.
    max_upload_files : int
        Most files in one uploaded ZIP of a supplier map.
    rate_per_minute : int
        Requests per minute per client (token, or address without one); 0 = no limit.
    max_runs : int
        Most Monte Carlo runs one job may ask for.
    max_horizon_days : int
        Longest horizon one job may ask for, days.
    max_queued : int
        Most jobs waiting in the queue; more are refused with 429.
    """

    data_dir: Path
    db_url: str | None = None
    public_read: bool = True
    cors_origins: list[str] = field(default_factory=list)
    max_body_bytes: int = 8 * 1024 * 1024
    max_upload_files: int = 50
    rate_per_minute: int = 600
    max_runs: int = 1000
    max_horizon_days: int = 1830
    max_queued: int = 100

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir).resolve()
        self.data_dir.mkdir(parents=True, exist_ok=True)

    @property
    def store_url(self) -> str:
        """The SQLAlchemy URL jobs, tokens, results and news share."""
        return self.db_url or f"sqlite:///{self.data_dir / 'service.sqlite'}"

    @property
    def timeline_file(self) -> Path:
        """The team's timeline YAML (may not exist yet)."""
        return self.data_dir / "timeline.yaml"

    @property
    def maps_dir(self) -> Path:
        return self.data_dir / "maps"

    @property
    def news_dir(self) -> Path:
        return self.data_dir / "news"

    def inside(self, *parts: str) -> Path:
        """A path under the data folder; refuse anything that would leave it.

        Raises
        ------
        DataError
            If the resolved path is not inside ``data_dir`` (``..``, absolute parts,
            links pointing out).
        """
        target = self.data_dir.joinpath(*parts).resolve()
        if target != self.data_dir and self.data_dir not in target.parents:
            raise DataError(
                "would be written outside the service's data folder (expected a plain name)",
                field="name",
                value="/".join(parts),
            )
        return target


def check_name(name: str, field_name: str = "name") -> str:
    """``name`` if it is a safe upload name (``NAME_PATTERN``), else a DataError."""
    if not NAME_PATTERN.match(name):
        raise DataError(
            "is not a valid name (expected 1-64 letters, digits, '-' or '_', starting with a "
            "letter or digit)",
            field=field_name,
            value=name,
        )
    return name
