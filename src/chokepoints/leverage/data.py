"""Read the bundled second supply chain (``chokepoints/data/leverage``).

Three small CSV files, sourced in their SOURCES.md:

- ``goods.csv``: US-side goods China depends on (``value_usd_per_yr``, US$/yr), the
  timeline measures that control them (``measures``, ``;``-separated ids) and the Chinese
  users;
- ``bilateral.csv``: total US-China goods trade each way (US$/yr), the tariff bases;
- ``assumptions.csv``: the stated, unsourced parameters as ``low, central, high`` bands.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from importlib import resources

from chokepoints.errors import DataError

FOLDER = "chokepoints/data/leverage"


@dataclass(frozen=True)
class Good:
    """One US-side good China imports (``value_usd_per_yr`` in US$/yr)."""

    good: str
    origin: str
    value_usd_per_yr: float
    year: int
    measures: tuple[str, ...]
    chinese_users: str
    source: str
    status: str
    note: str


@dataclass(frozen=True)
class Band:
    """A stated assumption: ``low <= central <= high`` in ``unit``."""

    name: str
    low: float
    central: float
    high: float
    unit: str
    status: str
    note: str

    def values(self) -> tuple[float, float, float]:
        """(low, central, high)."""
        return (self.low, self.central, self.high)


def _rows(name: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    text = (resources.files("chokepoints.data") / "leverage" / name).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    file = f"{FOLDER}/{name}"
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise DataError(
            f"missing column(s) {missing}; expected {list(required)}",
            file=file,
            row=1,
            field="header",
            value=reader.fieldnames,
        )
    return [(i + 2, r) for i, r in enumerate(reader)]


def _number(file: str, row: int, field: str, raw: str | None, *, lo: float = 0.0) -> float:
    try:
        x = float(raw or "")
    except ValueError:
        raise DataError(
            f"must be a number >= {lo}", file=file, row=row, field=field, value=raw
        ) from None
    if not math.isfinite(x) or x < lo:
        raise DataError(
            f"must be a finite number >= {lo}", file=file, row=row, field=field, value=raw
        )
    return x


_STATUS = ("primary", "secondary", "derived", "estimated")


def _status(file: str, row: int, raw: str | None) -> str:
    if raw not in _STATUS:
        raise DataError(
            f"must be one of {list(_STATUS)}", file=file, row=row, field="status", value=raw
        )
    return raw


def load_goods() -> list[Good]:
    """The goods of ``goods.csv``, checked (values >= 0, a URL source, a known status)."""
    file = f"{FOLDER}/goods.csv"
    cols = ("good", "origin", "value_usd_per_yr", "year", "measures", "chinese_users",
            "source", "status", "note")  # fmt: skip
    out = []
    for row, r in _rows("goods.csv", cols):
        if not (r["source"] or "").startswith(("http://", "https://")):
            raise DataError("must be a URL", file=file, row=row, field="source", value=r["source"])
        out.append(
            Good(
                good=r["good"],
                origin=r["origin"],
                value_usd_per_yr=_number(file, row, "value_usd_per_yr", r["value_usd_per_yr"]),
                year=int(_number(file, row, "year", r["year"], lo=1990)),
                measures=tuple(m.strip() for m in (r["measures"] or "").split(";") if m.strip()),
                chinese_users=r["chinese_users"],
                source=r["source"],
                status=_status(file, row, r["status"]),
                note=r["note"],
            )
        )
    return out


def load_bilateral() -> dict[tuple[str, str], float]:
    """Goods trade ``(origin, destination) -> US$/yr`` from ``bilateral.csv``."""
    file = f"{FOLDER}/bilateral.csv"
    cols = ("flow", "origin", "destination", "value_usd_per_yr", "year", "source", "status")
    out = {}
    for row, r in _rows("bilateral.csv", cols):
        _status(file, row, r["status"])
        out[(r["origin"], r["destination"])] = _number(
            file, row, "value_usd_per_yr", r["value_usd_per_yr"]
        )
    return out


def load_assumptions() -> dict[str, Band]:
    """The stated assumptions of ``assumptions.csv``, ``low <= central <= high`` checked."""
    file = f"{FOLDER}/assumptions.csv"
    cols = ("name", "low", "central", "high", "unit", "status", "note")
    out = {}
    for row, r in _rows("assumptions.csv", cols):
        lo, c, hi = (_number(file, row, k, r[k]) for k in ("low", "central", "high"))
        if not lo <= c <= hi:
            raise DataError(
                "needs low <= central <= high",
                file=file,
                row=row,
                field="central",
                value=(lo, c, hi),
            )
        out[r["name"]] = Band(
            r["name"], lo, c, hi, r["unit"], _status(file, row, r["status"]), r["note"]
        )
    return out
