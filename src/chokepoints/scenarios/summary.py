"""Summary statistics of a scenario result, per country and end-use sector.

For each sector node (country x end-use sector, output in t magnet-equivalent/day)
and each Monte Carlo run, with ``r(t) = output / counterfactual output``, the
counterfactual being the same run with every export control lifted
(``counterfactual_production``, :mod:`chokepoints.scenarios.reference`; not the
2024 ``baseline_production``):

- ``first_shortage_day``: first day (0 = the scenario's start) with
  ``r < SHORTAGE_THRESHOLD`` (0.99, :mod:`chokepoints.conventions`); missing when the
  run never falls short;
- ``peak_shortfall_pct``: ``100 * max_t (1 - r(t))``, at least 0;
- ``days_below_90pct``: days with ``r < 0.9``;
- ``lost_output_t``: ``sum (counterfactual - output)`` over the shortage days (``r`` below
  the threshold), t magnet-equivalent; a run that never falls short loses 0, so
  ``lost_output_t`` is 0 exactly when the run is not counted in ``share_runs_short``
  (dips smaller than 1% of the counterfactual are model noise, not shortage);
- ``lost_magnet_value_usd_m``: lost tonnes x the value of a tonne of the magnets it
  embodies (the production-weighted 2024 price of the world's priced magnet nodes),
  US$ million: the value of the magnets not delivered, not of the products not made.

Each statistic is then reported as the median and the 5% and 95% quantiles over runs
(the band convention of :mod:`chokepoints.conventions`; ``first_shortage_day`` over the
runs that fall short, with ``share_runs_short``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from chokepoints.conventions import QUANTILES, SHORTAGE_THRESHOLD
from chokepoints.scenarios.reference import (
    REFERENCE_COUNTERFACTUAL,
    reference_production,
    shortfall_arrays,
)

#: Per-run statistics, in output order, with units.
STATISTICS = {
    "first_shortage_day": "day",
    "peak_shortfall_pct": "%",
    "days_below_90pct": "days",
    "lost_output_t": "t magnet-equivalent",
    "lost_magnet_value_usd_m": "US$ million",
}


def magnet_value_usd_per_t(ds: xr.Dataset) -> float:
    """Production-weighted price of the priced magnet nodes, US$/t (NaN if none)."""
    price = ds["price_usd_per_t"].values
    base = ds["baseline_production"].values
    ok = (ds["stage"].values == "magnet") & np.isfinite(price)
    if not ok.any():
        return float("nan")
    return float(np.average(price[ok], weights=base[ok]))


def run_statistics(ds: xr.Dataset, stage: str = "sector") -> xr.Dataset:
    """Per-run statistics of every node of ``stage``: variables (run, node)."""
    idx = np.nonzero(ds["stage"].values == stage)[0]
    sel = ds.isel(node=idx)
    x, ref, r, short = shortfall_arrays(ds, idx)  # run x time x node, vs the counterfactual
    any_short = short.any(axis=1)
    first = np.where(any_short, short.argmax(axis=1), np.nan)
    lost = np.where(short, ref - x, 0.0).sum(axis=1)
    peak = 100 * np.clip(1 - r, 0, None).max(axis=1)
    # float32 output: shortfalls below 1e-4 % are rounding, not shortage
    peak = np.where(peak < 1e-4, 0.0, peak)
    value = magnet_value_usd_per_t(ds)
    # the same label in-process and from Dask chunks (chunk_dataset carries no attrs)
    reference = str(ds.attrs.get("shortage_reference", REFERENCE_COUNTERFACTUAL))
    dims = ("run", "node")
    return xr.Dataset(
        {
            "first_shortage_day": (dims, first, {"units": "day"}),
            "peak_shortfall_pct": (dims, peak, {"units": "%"}),
            "days_below_90pct": (dims, (r < 0.9).sum(axis=1).astype(float), {"units": "days"}),
            "lost_output_t": (dims, lost, {"units": "t"}),
            "lost_magnet_value_usd_m": (dims, lost * value / 1e6, {"units": "US$ million"}),
        },
        coords={
            "run": sel["run"].values,
            "node": sel["node"].values,
            "region": ("node", sel["region"].values),
            "product": ("node", sel["product"].values),
        },
        attrs={
            "magnet_value_usd_per_t": value,
            "shortage_threshold": SHORTAGE_THRESHOLD,
            "shortage_reference": reference,
        },  # fmt: skip
    )


def summarize(ds: xr.Dataset) -> pd.DataFrame:
    """One row per country and end-use sector: median and 5-95% band of each statistic.

    Columns: ``country``, ``sector``, ``baseline_t_per_yr``, ``share_runs_short`` and,
    for each statistic ``s`` of :data:`STATISTICS`, ``s`` (median), ``s_p05``, ``s_p95``.
    Rows are sorted by share of runs short, then median and 95% quantile of lost
    output, largest first (then country and sector).
    """
    base = ds["baseline_production"].to_series()
    return summarize_statistics(run_statistics(ds), baseline_t_per_day=base)


def summarize_statistics(
    stats: xr.Dataset, baseline_t_per_day: pd.Series | None = None
) -> pd.DataFrame:
    """The rows of :func:`summarize` from per-run statistics (:func:`run_statistics`).

    ``baseline_t_per_day`` (t/day per node) adds ``baseline_t_per_yr``; without it (an
    ensemble that brought back statistics only) that column is left out.
    """
    rows = []
    for j, node in enumerate(stats["node"].values):
        row: dict[str, object] = {
            "country": str(stats["region"].values[j]),
            "sector": str(stats["product"].values[j]).removeprefix("sector:"),
        }
        if baseline_t_per_day is not None:
            row["baseline_t_per_yr"] = float(baseline_t_per_day[node]) * 365.0
        first = stats["first_shortage_day"].values[:, j]
        row["share_runs_short"] = float(np.isfinite(first).mean())
        for name in STATISTICS:
            v = stats[name].values[:, j]
            v = v[np.isfinite(v)]
            q = np.quantile(v, QUANTILES) if v.size else [np.nan] * 3
            row[name], row[f"{name}_p05"], row[f"{name}_p95"] = (
                float(q[1]),
                float(q[0]),
                float(q[2]),
            )
        rows.append(row)
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    keys = ["share_runs_short", "lost_output_t", "lost_output_t_p95", "country", "sector"]
    order = [False, False, False, True, True]
    return df.sort_values(keys, ascending=order).reset_index(drop=True)


def _number(value: float, integer: bool) -> str:
    """Whole numbers with thousands separators; one decimal below 10 (small medians)."""
    if integer or abs(value) >= 10 or value == 0:
        return f"{value:,.0f}"
    return f"{value:.1f}"


def display_table(df: pd.DataFrame) -> pd.DataFrame:
    """The summary with each statistic as 'median (p05-p95)' text, for terminals.

    Columns keep the names of :func:`summarize` (``share_runs_short`` in %). Day counts
    are whole numbers; other values below 10 get one decimal.
    """

    def band(row: pd.Series, name: str, integer: bool = False) -> str:
        m, lo, hi = row[name], row[f"{name}_p05"], row[f"{name}_p95"]
        if pd.isna(m):
            return "-"
        return f"{_number(m, integer)} ({_number(lo, integer)}-{_number(hi, integer)})"

    rows = list(df.iterrows())
    extra = {}
    if "lost_value_added_usd_m" in df.columns:  # added by chokepoints.economy (run command)
        extra["lost_value_added_usd_m"] = [band(r, "lost_value_added_usd_m") for _, r in rows]
    return pd.DataFrame(
        {
            "country": df["country"],
            "sector": df["sector"],
            "share_runs_short": [f"{100 * v:.0f}%" for v in df["share_runs_short"]],
            "first_shortage_day": [band(r, "first_shortage_day", True) for _, r in rows],
            "peak_shortfall_pct": [band(r, "peak_shortfall_pct") for _, r in rows],
            "days_below_90pct": [band(r, "days_below_90pct", True) for _, r in rows],
            "lost_output_t": [band(r, "lost_output_t") for _, r in rows],
            "lost_magnet_value_usd_m": [band(r, "lost_magnet_value_usd_m") for _, r in rows],
            **extra,
        }
    )


def table_header(ds: xr.Dataset, *, value_added: bool = False) -> str:
    """What a printed summary table shows: scenario, window, runs, seed, threshold, units
    (``value_added``: the table has the economy's ``lost_value_added_usd_m`` column)."""
    a = ds.attrs
    start = str(a.get("start"))
    value = magnet_value_usd_per_t(ds)
    price = f"{value:,.0f} US$/t" if np.isfinite(value) else "no magnet price in the world"
    return "\n".join(
        [
            f"scenario {a.get('scenario')} (hash {a.get('scenario_hash')}): start {start}, "
            f"horizon {a.get('horizon_days')} days, {a.get('runs')} runs, seed {a.get('seed')}",
            f"shortage: a day below {100 * SHORTAGE_THRESHOLD:.0f}% of the output without "
            "export controls (same scenario, every control lifted); "
            "cells are median (p05-p95) over runs (first_shortage_day: over the runs short)",
            "units: output of end-use sectors in t magnet-equivalent; lost_output_t counts "
            "shortage days only; lost_magnet_value_usd_m = lost_output_t x "
            f"{price} (the magnets, not the products), US$ million"
            + (
                "; lost_value_added_usd_m: direct value added of the products not made "
                "(docs/economy.md), US$ million"
                if value_added
                else ""
            ),
        ]
    )


def group_series(ds: xr.Dataset, by: str) -> xr.DataArray:
    """Output / 2024 output (``baseline_production``) over time per group, quantiles
    over runs (a chart of output against the world's 2024 level; shortages are measured
    against the no-controls counterfactual instead, :func:`run_statistics`).

    Parameters
    ----------
    by : {"sector", "country", "stage"}
        ``sector``: world output of each end-use sector; ``country``: each country's
        end-use output (all sectors); ``stage``: world output of each stage.

    Returns
    -------
    xarray.DataArray, dims (group, quantile, time)
        Share of baseline, 1 = baseline.
    """
    stage = ds["stage"].values
    if by == "stage":
        keys = stage
        mask = np.ones(stage.size, bool)
    elif by == "sector":
        mask = stage == "sector"
        keys = np.array([str(p).removeprefix("sector:") for p in ds["product"].values])
    elif by == "country":
        mask = stage == "sector"
        keys = ds["region"].values.astype(str)
    else:
        raise ValueError(f"by is {by!r} (expected 'sector', 'country' or 'stage')")
    x = ds["production"].values
    x0 = ds["baseline_production"].values
    groups = [g for g in dict.fromkeys(keys[mask].tolist())]
    out = np.empty((len(groups), len(QUANTILES), x.shape[1]))
    for gi, g in enumerate(groups):
        m = mask & (keys == g)
        tot = x[:, :, m].astype(np.float64).sum(axis=2)
        b = float(x0[m].sum())
        ratio = tot / b if b > 0 else np.ones_like(tot)
        out[gi] = np.quantile(ratio, QUANTILES, axis=0)
    return xr.DataArray(
        out,
        dims=("group", "quantile", "time"),
        coords={"group": groups, "quantile": list(QUANTILES), "time": ds["time"].values},
        attrs={"units": "1", "long_name": f"output / baseline by {by}"},
    )


def stage_shortfall(ds: xr.Dataset) -> xr.DataArray:
    """World shortfall of each stage against the no-controls counterfactual, quantiles
    over runs.

    Per run and day, ``1 - sum(output) / sum(counterfactual output)`` over the nodes of
    the stage (:func:`chokepoints.scenarios.reference.reference_production`, the
    reference every shortage statistic uses); 0 where the stage's counterfactual output
    is 0. Negative where the stage makes more than without controls (e.g. a stage that
    takes over from a closed supplier).

    Returns
    -------
    xarray.DataArray, dims (group, quantile, time)
        Share of the counterfactual output not made, 0 = no shortfall.
    """
    stage = ds["stage"].values
    x = ds["production"].values
    ref = reference_production(ds)
    groups = list(dict.fromkeys(stage.tolist()))
    out = np.empty((len(groups), len(QUANTILES), x.shape[1]))
    for gi, g in enumerate(groups):
        m = stage == g
        tot = x[:, :, m].astype(np.float64).sum(axis=2)
        cf = ref[:, :, m].sum(axis=2)
        with np.errstate(divide="ignore", invalid="ignore"):
            short = np.where(cf > 0, 1.0 - tot / np.where(cf > 0, cf, 1.0), 0.0)
        out[gi] = np.quantile(short, QUANTILES, axis=0)
    return xr.DataArray(
        out,
        dims=("group", "quantile", "time"),
        coords={"group": groups, "quantile": list(QUANTILES), "time": ds["time"].values},
        attrs={"units": "1", "long_name": "1 - output / no-controls output, by stage"},
    )
