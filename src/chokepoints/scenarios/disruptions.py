"""Observed production disruptions of 2025-2026 and the model's simulated onset of each.

The bundled set (``data/disruptions/observed_disruptions_2025_2026.csv``, sources in the
SOURCES.md beside it) lists dated stoppages, slowdowns and warnings reported in public
news: firm, plant or line, country, sector, kind, start and end, source. Rows with
``scored == "yes"`` are production stoppages or slowdowns the bundled world can speak
to; warnings, and events about elements the world does not carry (yttrium), are kept
for the record but not scored.

Held-out part. The scored events were split once, before the model was run on them,
by :func:`holdout_split` (seed :data:`HOLDOUT_SEED`, a third of the scored events,
rounded up, drawn at random); the result is written in the ``sample`` column and a
test checks the column still equals the draw. Calibration may use only the
``calibration`` rows; ``held_out`` rows are scored, never fitted. That held-out part
has been looked at many times since, so it is no longer blind. A second, fresh set
(``observed_disruptions_fresh.csv``, :data:`FRESH_FILE`) was written on 2026-12-03 from
public reports by someone who had not run the model on it; all its scored rows are
``fresh``, never fitted, scored once (``bench/disruptions_fresh_first_run.json``). A
third set (``observed_disruptions_fresh2.csv``, :data:`FRESH2_FILE`, sample ``fresh2``)
was written the same way after the second had been scored.

Simulated onset. Each scored event is mapped to one node of the world
(:func:`event_node`): the component its sector's magnets go into
(:data:`SECTOR_PRODUCTS`) in its country, or in the region the world folds the country
into (:data:`REGION_FALLBACK`). The onset in one Monte Carlo run is the first day from
:data:`ONSET_FROM` on which that node's output falls more than ``s`` below its output in
the same run without export controls (``counterfactual_production``,
:mod:`chokepoints.scenarios.reference`), i.e. below ``1 - s`` times it.

Observation model. ``s`` is :data:`ONSET_PARAMETER` (``onset_shortfall_share``), a
calibrated parameter of the backtest scenario: the depth of a country-sector shortfall
at which a stoppage at one of its plants is reported. A 1% aggregate shortfall (the
model's shortage definition elsewhere, ``chokepoints.conventions.SHORTAGE_THRESHOLD``
0.99, kept for summaries and the economy) is the first sign of scarcity in a sector, not
the day a named plant stops; a plant stops when its own magnets run out, and the share
of a node's output lost is the share of its makers already short. Without the parameter
``s`` is :data:`DEFAULT_ONSET_SHORTFALL_SHARE` (0.01, the onset before 2026-12-03). Why a
depth and not a cumulative shortfall or a reporting delay: docs/scenarios.md
("Observation model for onsets") and ``bench/onset_structure_loo.py``. Over
runs: the median and the 5-95% band; runs without a shortfall in the horizon count as
later than any day (censored), so a median can be "none". The error is simulated median minus
observed start, in days (positive: the model is late).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from chokepoints.conventions import SHORTAGE_THRESHOLD
from chokepoints.errors import DataError
from chokepoints.scenarios.reference import shortfall_arrays

#: File of the bundled set, inside ``chokepoints.data/disruptions``.
DISRUPTIONS_FILE = "observed_disruptions_2025_2026.csv"
#: The fresh held-out set, written from public reports on 2026-12-03 before the model was
#: run on it (commits ``disruptions-fresh:``); its scored rows have ``sample`` = ``fresh``,
#: are never fitted, and were scored once (``bench/score_disruptions_fresh.py``).
FRESH_FILE = "observed_disruptions_fresh.csv"
#: The second fresh held-out set, written on 2026-12-03 (commits ``disruptions-fresh2:``)
#: after the first had been scored, by a helper who never ran the model; its scored rows
#: have ``sample`` = ``fresh2``, are never fitted, and were scored once
#: (``bench/score_disruptions_fresh.py fresh2``).
FRESH2_FILE = "observed_disruptions_fresh2.csv"

#: Seed and share of the held-out draw (written down before the model saw the events).
HOLDOUT_SEED = 20250604
HOLDOUT_SHARE = 1 / 3

#: First day an onset may fall on: No. 18 licences from 4 April 2025.
ONSET_FROM = dt.date(2025, 4, 4)

#: Scenario parameter of the onset observation model: shortfall share (a fraction of the
#: counterfactual output) at which a stoppage is reported.
ONSET_PARAMETER = "onset_shortfall_share"

#: Onset shortfall share when a scenario has no :data:`ONSET_PARAMETER`: the model's
#: shortage definition (1 - 0.99), the onset used before 2026-12-03.
DEFAULT_ONSET_SHORTFALL_SHARE = round(1.0 - SHORTAGE_THRESHOLD, 6)

COLUMNS = (
    "event_id", "firm", "plant_or_line", "country", "sector", "kind", "start_date",
    "end_date", "date_precision", "scored", "sample", "description", "source_url",
    "source_publisher", "source_date", "status",
)  # fmt: skip
KINDS = ("stoppage", "slowdown", "warning")
PRECISIONS = ("day", "week", "decade", "month", "reported")
SAMPLES = ("calibration", "held_out", "fresh", "fresh2")
#: Samples each bundled file may use: the first set was split by :func:`holdout_split`;
#: each fresh set is held out as a whole.
FILE_SAMPLES: dict[str, tuple[str, ...]] = {
    DISRUPTIONS_FILE: ("calibration", "held_out"),
    FRESH_FILE: ("fresh",),
    FRESH2_FILE: ("fresh2",),
}

#: Sector of an event -> world products it maps to, first one present wins. Cars of
#: every drive train and their suppliers use NdFeB motors; the bundled world's only
#: automotive component is the traction motor.
SECTOR_PRODUCTS: dict[str, tuple[str, ...]] = {
    "auto_conventional": ("component:vehicle_motor", "component:traction_motor"),
    "auto_ev": ("component:traction_motor",),
    "auto_supplier": ("component:vehicle_motor", "component:traction_motor"),
    "automotive": ("component:vehicle_motor", "component:traction_motor"),
    "two_wheeler_ev": ("component:traction_motor",),
    "aerospace_defense": ("component:actuator",),
}

#: Country -> region of the bundled world it is folded into, when it is not its own.
REGION_FALLBACK: dict[str, str] = {
    "DEU": "EU27", "FRA": "EU27", "ITA": "EU27", "ESP": "EU27", "POL": "EU27",
    "IND": "ROW", "CAN": "ROW", "MEX": "ROW", "GBR": "ROW", "THA": "ROW",
}  # fmt: skip


def _bundled_path(name: str = DISRUPTIONS_FILE) -> Any:
    return resources.files("chokepoints.data") / "disruptions" / name


def load_disruptions(path: Any = None, samples: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Read and check the observed-disruptions table.

    Parameters
    ----------
    path : path-like, optional
        A CSV with :data:`COLUMNS`; the bundled set by default.
    samples : tuple of str, optional
        The ``sample`` values a scored row may take; ``calibration`` and ``held_out`` by
        default (the first bundled set's split, :data:`FILE_SAMPLES`).

    Returns
    -------
    pandas.DataFrame
        One row per event; ``start_date`` and ``end_date`` as ``datetime.date``
        (``end_date`` None when open or not reported).

    Raises
    ------
    DataError
        Naming file, row (1 = first data row), field, value seen and value expected.
    """
    src = path if path is not None else _bundled_path()
    ok_samples = samples if samples is not None else FILE_SAMPLES[DISRUPTIONS_FILE]
    name = str(src)
    with open(src, encoding="utf-8") if isinstance(src, str) else src.open(encoding="utf-8") as fh:
        raw = pd.read_csv(fh, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise DataError(f"missing columns {missing} (expected {', '.join(COLUMNS)})", file=name)
    rows = []
    for i, r in enumerate(raw.to_dict(orient="records"), start=1):

        def bad(field: str, expected: str, _r: dict[str, str] = r, _i: int = i) -> DataError:
            return DataError(f"is not valid (expected {expected})", file=name, row=_i,
                             field=field, value=_r[field])  # fmt: skip

        for field, allowed in (("kind", KINDS), ("date_precision", PRECISIONS),
                               ("scored", ("yes", "no"))):  # fmt: skip
            if r[field] not in allowed:
                raise bad(field, " | ".join(allowed))
        if r["sample"] not in ("", *ok_samples):
            raise bad("sample", "empty or " + " | ".join(ok_samples))
        if r["scored"] == "yes" and r["sample"] == "":
            raise bad("sample", " | ".join(ok_samples) + " for a scored event")
        dates: dict[str, dt.date | None] = {}
        for field in ("start_date", "end_date"):
            text = r[field].strip()
            if not text:
                if field == "start_date":
                    raise bad(field, "a date YYYY-MM-DD")
                dates[field] = None
                continue
            try:
                dates[field] = dt.date.fromisoformat(text)
            except ValueError:
                raise bad(field, "a date YYYY-MM-DD") from None
        if not r["source_url"].startswith("http"):
            raise bad("source_url", "an http(s) address")
        if r["scored"] == "yes" and r["sector"] not in SECTOR_PRODUCTS:
            raise bad("sector", " | ".join(SECTOR_PRODUCTS))
        rows.append({**r, **dates})
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    if out["event_id"].duplicated().any():
        dup = out.loc[out["event_id"].duplicated(), "event_id"].iloc[0]
        raise DataError("appears twice (expected one row per event)", file=name,
                        field="event_id", value=dup)  # fmt: skip
    return out


def holdout_split(
    event_ids: list[str], seed: int = HOLDOUT_SEED, share: float = HOLDOUT_SHARE
) -> dict[str, str]:
    """The held-out draw: event id -> ``calibration`` or ``held_out``.

    ``ceil(share * n)`` of the events (sorted by id, so the draw does not depend on row
    order) are held out, drawn without replacement by ``numpy.random.default_rng(seed)``.
    """
    ids = sorted(event_ids)
    k = math.ceil(share * len(ids))
    held = set(np.random.default_rng(seed).choice(ids, size=k, replace=False).tolist())
    return {e: ("held_out" if e in held else "calibration") for e in ids}


def event_node(country: str, sector: str, node_ids: set[str]) -> str | None:
    """World node an event maps to (see the module docstring), or None."""
    for region in (country, REGION_FALLBACK.get(country)):
        if region is None:
            continue
        for product in SECTOR_PRODUCTS.get(sector, ()):
            node = f"{region}:{product}"
            if node in node_ids:
                return node
    return None


def load_bundled_disruptions() -> pd.DataFrame:
    """Every bundled set, the first (calibration and held-out rows) and the fresh ones,
    each checked with the samples it may use (:data:`FILE_SAMPLES`).

    Raises
    ------
    DataError
        As :func:`load_disruptions`, or when an event id appears in two files.
    """
    parts = [
        load_disruptions(_bundled_path(name), samples) for name, samples in FILE_SAMPLES.items()
    ]
    seen: set[str] = set()
    for name, part in zip(FILE_SAMPLES, parts, strict=True):
        for event_id in part["event_id"]:
            if event_id in seen:  # named with the file it appears in the second time
                raise DataError("appears in two bundled disruption files (expected one row "
                                "per event)", file=name, field="event_id", value=event_id)  # fmt: skip
            seen.add(event_id)
    return pd.concat(parts, ignore_index=True)


def scored_events(world_node_ids: set[str], table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Scored events with the world node each maps to (column ``node``); both bundled
    sets by default (:func:`load_bundled_disruptions`)."""
    t = load_bundled_disruptions() if table is None else table
    t = t[t["scored"] == "yes"].copy()
    t["node"] = [event_node(c, s, world_node_ids) for c, s in zip(t["country"], t["sector"],
                                                                   strict=True)]  # fmt: skip
    return t.reset_index(drop=True)


@dataclass(frozen=True)
class Onsets:
    """Simulated onset day per run of each recorded node (NaN = none in the horizon)."""

    node: np.ndarray  # (n_nodes,) str
    day: np.ndarray  # (n_runs, n_nodes) float, days since the dataset's first day
    start: dt.date


def simulated_onsets(
    ds: xr.Dataset,
    nodes: list[str],
    shortfall_share: float | np.ndarray = DEFAULT_ONSET_SHORTFALL_SHARE,
) -> Onsets:
    """First day from :data:`ONSET_FROM` with output below ``1 - shortfall_share`` x the
    counterfactual output of the same run and day (no export controls,
    :func:`chokepoints.scenarios.reference.shortfall_arrays`).

    Parameters
    ----------
    ds : xarray.Dataset
        A run result with ``production`` and its counterfactual (run, time, node), t/day.
    nodes : list of str
        Node ids to report.
    shortfall_share : float or ndarray of shape (run,)
        Onset shortfall share (fraction of the counterfactual output, in (0, 1)), one
        value for every run or one per run (posterior draws differ by run).

    Raises
    ------
    ValueError
        When a share is outside (0, 1) or the array does not have one value per run.
    """
    share = np.asarray(shortfall_share, dtype=np.float64)
    n_runs = int(ds.sizes["run"])
    if share.ndim == 0:
        share = np.full(n_runs, float(share))
    if share.shape != (n_runs,) or not np.all((share > 0) & (share < 1)):
        raise ValueError(f"shortfall_share: expected one value in (0, 1) or {n_runs} of them "
                         f"(one per run), got {shortfall_share!r}")  # fmt: skip
    start = pd.Timestamp(ds["time"].values[0]).date()
    first = max((ONSET_FROM - start).days, 0)
    where = {str(n): k for k, n in enumerate(ds["node"].values)}
    idx = np.array([where[str(n)] for n in nodes], dtype=np.int64)
    ratio = shortfall_arrays(ds, idx)[2][:, first:, :]  # run x time x node
    short = ratio < (1.0 - share)[:, None, None]
    anyshort = short.any(axis=1)
    day = np.where(anyshort, short.argmax(axis=1) + first, np.nan)
    return Onsets(node=np.asarray(nodes, dtype=str), day=day, start=start)


def _quantile_censored(days: np.ndarray, q: float) -> float:
    """Quantile with NaN (no onset) ranked after every day; NaN if it falls there."""
    filled = np.where(np.isnan(days), np.inf, days)
    v = float(np.quantile(filled, q, method="inverted_cdf"))
    return v if math.isfinite(v) else float("nan")


def score_disruptions(events: pd.DataFrame, onsets: Onsets) -> list[dict[str, Any]]:
    """One record per scored event: simulated onset median and 5-95% band, error in days."""
    out = []
    col = {n: k for k, n in enumerate(onsets.node.tolist())}
    for r in events.itertuples(index=False):
        rec: dict[str, Any] = {"event_id": r.event_id, "firm": r.firm, "country": r.country,
                               "sector": r.sector, "kind": r.kind, "sample": r.sample,
                               "observed_start": r.start_date.isoformat(),
                               "date_precision": r.date_precision, "node": r.node}  # fmt: skip
        if r.node is None or r.node not in col:
            rec.update(simulated_onset_median=None, simulated_onset_p05=None,
                       simulated_onset_p95=None, share_runs_with_onset=None,
                       error_days=None)  # fmt: skip
            out.append(rec)
            continue
        days = onsets.day[:, col[r.node]]

        def as_date(d: float) -> str | None:
            return None if math.isnan(d) else (onsets.start + dt.timedelta(days=d)).isoformat()

        med = _quantile_censored(days, 0.5)
        observed = (r.start_date - onsets.start).days
        rec.update(
            simulated_onset_median=as_date(med),
            simulated_onset_p05=as_date(_quantile_censored(days, 0.05)),
            simulated_onset_p95=as_date(_quantile_censored(days, 0.95)),
            share_runs_with_onset=float(np.mean(~np.isnan(days))),
            error_days=None if math.isnan(med) else int(med - observed),
        )
        out.append(rec)
    return out


def onset_summary(records: list[dict[str, Any]], horizon_error_days: int) -> dict[str, Any]:
    """Median absolute onset error per sample. An event without a simulated onset counts
    as ``horizon_error_days`` (the distance to the end of the horizon) so it is not
    silently dropped; ``events_without_onset`` says how many."""
    out: dict[str, Any] = {}
    for sample in SAMPLES:
        recs = [r for r in records if r["sample"] == sample and r["node"] is not None]
        errs = [abs(r["error_days"]) if r["error_days"] is not None else horizon_error_days
                for r in recs]  # fmt: skip
        out[sample] = {
            "events": len(recs),
            "events_without_onset": sum(r["error_days"] is None for r in recs),
            "median_abs_error_days": float(np.median(errs)) if errs else None,
        }
    return out
