"""From a scenario's lost magnet-equivalent tonnes to products not made and value added lost.

Steps (docs/economy.md):

1. **Tonnes lost** per run, day, country and end-use sector: ``counterfactual - output``
   on the days a sector node is short (output below ``SHORTAGE_THRESHOLD`` of the same
   run's output without export controls, ``counterfactual_production``), as the scenario
   summary counts them, t magnet-equivalent.
2. **Products not made**: tonnes / sourced magnet kg per unit (``data/economy``), valued at
   the product's sourced unit price (current US$ of the price's year).
3. **Direct value added** per row: product value x the value-added share of the WIOD
   industry that makes it (weighted over EU members for ``EU27``), for every run.
4. **Economy-wide**: the daily product value lost becomes a capacity shock on the WIOD
   industries (41 regions x 35 industries) and the ARIO engine runs the table: lost
   output of every industry, value added lost = lost output x value-added share; direct
   (the shocked value) and indirect (the rest). Run for the scenario runs at the 5th,
   50th and 95th percentile of the shocked value (``mrio_runs="quantiles"``), or for
   every run (``"all"``).
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from chokepoints.conventions import QUANTILES, SHORTAGE_THRESHOLD
from chokepoints.economy.table import (
    MRIOTable,
    load_wiod,
    products,
    region_weights,
    sector_mapping,
)
from chokepoints.engines import economy as eng
from chokepoints.errors import DataError
from chokepoints.scenarios.reference import shortfall_arrays


def valued_sectors(include: tuple[str, ...] = ()) -> list[str]:
    """World end-use sectors valued: the default ones plus ``include`` (if they have a product)."""
    m = sector_mapping()
    out = [s for s, r in m.items() if r["valued_by_default"] and r["product"]]
    for s in include:
        if s not in m:
            raise DataError(f"--include: {s!r} is not an end-use sector (expected {list(m)})")
        if m[s]["product"] is None and m[s]["include_product"] is None:
            raise DataError(
                f"--include: {s!r} has no sourced product to value it ({m[s]['reason']})"
            )
        if s not in out:
            out.append(s)
    return out


def valuation(sector: str, include: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """The (product, WIOD industry) a world end-use sector is valued with, or None.

    A sector named in ``include`` uses its ``include_product`` where it has one
    (``aerospace_defense`` -> F-35s), else its default product; a sector not valued by
    default and not included, or without a product, is not valued.
    """
    m = sector_mapping().get(sector)
    if m is None:
        return None
    if sector in include and m["include_product"]:
        return str(m["include_product"]), str(m["include_wiod_sector"])
    if m["product"] and (m["valued_by_default"] or sector in include):
        return str(m["product"]), str(m["wiod_sector"])
    return None


def lost_tonnes(ds: xr.Dataset) -> tuple[np.ndarray, pd.DataFrame]:
    """Tonnes lost per (run, day, sector node) on shortage days, and the nodes' labels.

    Shortage days and lost tonnes are measured against the same run's output without
    export controls (``counterfactual_production``,
    :func:`chokepoints.scenarios.reference.shortfall_arrays`); ``baseline_t_per_day`` is
    2024 output.

    Returns
    -------
    (ndarray, DataFrame)
        ``lost`` shape (run, time, k), t magnet-equivalent per day; a frame with
        ``country``, ``sector``, ``baseline_t_per_day`` for the k sector nodes.
    """
    sel = np.nonzero(ds["stage"].values == "sector")[0]
    if sel.size == 0:
        raise DataError("the scenario result has no end-use ('sector' stage) nodes")
    # shortage days and lost tonnes against the same run without export controls
    x, ref, _, short = shortfall_arrays(ds, sel, SHORTAGE_THRESHOLD)
    lost = np.where(short, np.clip(ref - x, 0.0, None), 0.0)
    nodes = pd.DataFrame(
        {
            "country": ds["region"].values[sel].astype(str),
            "sector": [str(p).removeprefix("sector:") for p in ds["product"].values[sel]],
            "baseline_t_per_day": ds["baseline_production"].values[sel].astype(np.float64),
        }
    )
    return lost, nodes


def _band(v: np.ndarray) -> tuple[float, float, float]:
    v = v[np.isfinite(v)]
    if v.size == 0:
        return (float("nan"),) * 3
    q = np.quantile(v, QUANTILES)
    return float(q[1]), float(q[0]), float(q[2])


def _band3(mid: np.ndarray, low: np.ndarray, high: np.ndarray) -> tuple[float, float, float]:
    """Median of ``mid``, 5th percentile of ``low``, 95th of ``high`` (over runs): the
    scenario-run band widened by a parameter range (``low``/``high`` = the per-run values
    at the range's ends)."""
    return _band(mid)[0], _band(low)[1], _band(high)[2]


def bundled_world_regions() -> frozenset[str]:
    """Region codes of the bundled world (``DEU``, ``EU27``...): which EU members it
    holds apart from ``EU27`` when no scenario result says so."""
    path = resources.files("chokepoints.data").joinpath("world", "countries.csv")
    with path.open("r", encoding="utf-8") as f:
        return frozenset(row["iso3"] for row in csv.DictReader(f))


def _regions_of(ds: xr.Dataset) -> frozenset[str]:
    return frozenset(str(r) for r in np.unique(ds["region"].values))


def _va_of_row(
    table: MRIOTable,
    v: pd.Series,
    country: str,
    wiod_sector: str,
    held_separately: Collection[str] = (),
) -> float:
    w = region_weights(table, country, wiod_sector, held_separately)
    missing = [reg for reg in w if (reg, wiod_sector) not in v.index]
    if missing:
        raise DataError(
            f"{table.name}: no industry {wiod_sector!r} in region(s) {missing} (needed to value "
            f"{country}'s end use; map every valued end-use sector with industry_of)"
        )
    return float(sum(share * v[(reg, wiod_sector)] for reg, share in w.items()))


def products_not_made(
    ds: xr.Dataset,
    *,
    table: MRIOTable | None = None,
    include: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Per country and end-use sector: tonnes, products not made, their value, direct VA.

    Columns (median over runs, with ``_p05`` / ``_p95``): ``lost_output_t``,
    ``units_not_made``, ``product_value_usd_m`` and ``lost_value_added_usd_m`` (direct:
    product value x the WIOD industry's value-added share); plus ``product``, ``unit``,
    ``wiod_sector``, ``valued`` (False: the sector has no sourced product value, or it is
    left out by default; its value columns are NaN). The medians use the product's
    central magnet content; the bands take the 5th percentile over runs at the high end
    of the sourced magnet-content range (fewer units, less value) and the 95th at the low
    end, so a product's range widens the band over scenario runs.
    """
    t = table or load_wiod()
    v = t.value_added_coefficients()
    lost, nodes = lost_tonnes(ds)
    held = _regions_of(ds)
    per_run_t = lost.sum(axis=1)  # (run, k)
    mapping = sector_mapping()
    prods = products()
    valued_sectors(include)  # checks include
    rows = []
    for j, n in nodes.iterrows():
        sector = str(n["sector"])
        m = mapping.get(sector)
        how = valuation(sector, include)
        prod = prods[how[0]] if how else None
        row: dict[str, Any] = {
            "country": n["country"],
            "sector": n["sector"],
            "product": how[0] if how else (m["product"] if m else None),
            "unit": prod["unit"] if prod else None,
            "wiod_sector": t.industry(sector, how[1] if how else m["wiod_sector"]) if m else None,
            "valued": how is not None,
        }
        tons = per_run_t[:, int(str(j))]
        nan = np.full_like(tons, np.nan)
        if prod is not None and how is not None:
            kg, (kg_lo, kg_hi) = prod["magnet_kg_per_unit"], prod["magnet_kg_range"]
            share = _va_of_row(t, v, str(n["country"]), t.industry(sector, how[1]), held)
            units = [tons * 1000.0 / k for k in (kg, kg_hi, kg_lo)]  # mid, low, high
            value = [u * prod["unit_value_usd"] / 1e6 for u in units]
            va = [x * share for x in value]
        else:  # not valued: no units either (the only sourced product may not fit)
            units = value = va = [nan, nan, nan]
        row["lost_output_t"], row["lost_output_t_p05"], row["lost_output_t_p95"] = _band(tons)
        for name, arrs in (
            ("units_not_made", units),
            ("product_value_usd_m", value),
            ("lost_value_added_usd_m", va),
        ):
            row[name], row[f"{name}_p05"], row[f"{name}_p95"] = _band3(*arrs)
        rows.append(row)
    return pd.DataFrame(rows)


def direct_value_added_of_tonnes(
    country: str,
    sector: str,
    tonnes: float,
    *,
    table: MRIOTable | None = None,
    held_separately: Collection[str] | None = None,
) -> tuple[float, float]:
    """Value of the products a loss of ``tonnes`` of end-use magnets stands for, and its
    direct value added (US$ million; central magnet content); NaN for sectors not valued
    by default. ``held_separately``: the world's regions, which decide what ``EU27``
    means (default: the bundled world's, where it excludes DEU, FRA and ITA)."""
    how = valuation(sector)
    if how is None:
        return float("nan"), float("nan")
    t = table or load_wiod()
    prod = products()[how[0]]
    value = tonnes * prod["usd_per_t_magnet"] / 1e6
    ind = t.industry(sector, how[1])
    held = bundled_world_regions() if held_separately is None else held_separately
    v = _va_of_row(t, t.value_added_coefficients(), country, ind, held)
    return value, value * v


def add_lost_value_added(summary: pd.DataFrame, ds: xr.Dataset, **kw: Any) -> pd.DataFrame:
    """The scenario summary (``chokepoints.scenarios.summary.summarize``) with the
    economy columns next to the tonnes: ``product``, ``units_not_made`` and
    ``lost_value_added_usd_m`` (direct, median and 5-95% band), merged on country and
    sector. Keyword arguments go to :func:`products_not_made`."""
    econ = products_not_made(ds, **kw)
    keep = ["country", "sector", "product"]
    for name in ("units_not_made", "product_value_usd_m", "lost_value_added_usd_m"):
        keep += [name, f"{name}_p05", f"{name}_p95"]
    return summary.merge(econ[keep], on=["country", "sector"], how="left")


_COMPILED: dict[int, tuple[MRIOTable, Any]] = {}


def _compiled(table: MRIOTable) -> Any:
    """The table compiled for the dynamics engine (kept for the table object's lifetime)."""
    from chokepoints.engines.dynamics import compile_mrio

    hit = _COMPILED.get(id(table))
    if hit is None or hit[0] is not table:
        _COMPILED.clear()
        hit = (table, compile_mrio(table, flows="dense", monetary_factor=table.money_unit_usd))
        _COMPILED[id(table)] = hit
    return hit[1]


def compiled_nodes(table: MRIOTable) -> tuple[Any, dict[tuple[str, str], int], np.ndarray]:
    """The table compiled for the dynamics engine (cached), the node position of each
    (region, industry), and each node's value-added share of output (same order)."""
    c = _compiled(table)
    node_pos = {
        (str(r), str(s)): i
        for i, (r, s) in enumerate(
            zip(c.node_region.tolist(), c.node_product.tolist(), strict=True)
        )
    }
    v_series = table.value_added_coefficients()
    v = np.array(
        [v_series[(str(r), str(s))] for r, s in zip(c.node_region, c.node_product, strict=True)]
    )
    return c, node_pos, v


def _daily_shock(
    ds: xr.Dataset,
    table: MRIOTable,
    node_pos: dict[tuple[str, str], int],
    include: tuple[str, ...],
    level: str = "",
) -> tuple[np.ndarray, np.ndarray]:
    """Lost product value per (run, day, shocked WIOD node) in the table's money unit,
    and the shocked node positions. ``level``: "" (central magnet content), "_low" or
    "_high" (the value per t at the ends of the products' magnet-content ranges)."""
    lost, nodes = lost_tonnes(ds)
    held = _regions_of(ds)
    prods = products()
    valued_sectors(include)  # checks include
    cols: dict[int, np.ndarray] = {}
    for j, n in nodes.iterrows():
        how = valuation(str(n["sector"]), include)
        if how is None:
            continue
        per_t = prods[how[0]][f"usd_per_t_magnet{level}"] / table.money_unit_usd
        value = lost[:, :, int(str(j))] * per_t  # (run, time)
        ind = table.industry(str(n["sector"]), how[1])
        for reg, share in region_weights(table, str(n["country"]), ind, held).items():
            if (reg, ind) not in node_pos:
                raise DataError(
                    f"{table.name}: no industry {ind!r} in region {reg!r} (needed for "
                    f"{n['country']}'s {n['sector']}; map every valued sector with industry_of)"
                )
            pos = node_pos[(reg, ind)]
            cols[pos] = cols.get(pos, 0.0) + value * share
    idx = np.array(sorted(cols), dtype=np.int64)
    if idx.size == 0:
        return np.zeros(lost.shape[:2] + (0,)), idx
    return np.stack([cols[i] for i in idx], axis=2), idx


def _pick_runs(totals: np.ndarray, mode: str) -> tuple[list[int], list[str]]:
    n = totals.size
    if mode == "all":
        return list(range(n)), [f"run {i}" for i in range(n)]
    if mode != "quantiles":
        raise ValueError(f"mrio_runs must be 'quantiles' or 'all', got {mode!r}")
    order = np.argsort(totals, kind="stable")
    picks, labels = [], []
    for q, label in zip(QUANTILES, ("p05", "median", "p95"), strict=True):
        r = int(order[int(round(q * (n - 1)))])
        picks.append(r)
        labels.append(label)
    return picks, labels


def economy_losses(
    ds: xr.Dataset,
    *,
    table: MRIOTable | None = None,
    mrio_runs: str = "quantiles",
    tail_days: int = 90,
    include: tuple[str, ...] = (),
    top: int = 15,
) -> dict[str, Any]:
    """Economy-wide output and value-added losses of a scenario result (ARIO on the MRIO).

    Parameters
    ----------
    ds : xarray.Dataset
        A scenario result (``chokepoints.scenarios.runner.run_scenario``).
    table : MRIOTable, optional
        The MRIO (the bundled WIOD 2011 table by default).
    mrio_runs : {"quantiles", "all"}
        Simulate the table for the runs at the 5th/50th/95th percentile of the shocked
        value (3 runs), or for every run.
    tail_days : int
        Days simulated after the scenario's horizon with no shock (recovery).
    include : tuple of str
        End-use sectors to value beyond the defaults (``aerospace_defense``).
    top : int
        Rows of the by-industry list.

    Returns
    -------
    dict
        JSON-ready: totals (US$ million, band over the simulated runs), per region and
        per industry, the runs used, the caveats.
    """
    from chokepoints.engines.dynamics import simulate_arrays
    from chokepoints.engines.dynamics.simulate import CapacityShock

    if tail_days < 0:
        raise ValueError(f"tail_days must be >= 0, got {tail_days}")
    t = table or load_wiod()
    c, node_pos, v = compiled_nodes(t)
    shock_val, idx = _daily_shock(ds, t, node_pos, include)  # (run, time, k) money/day
    n_runs, horizon = shock_val.shape[:2]
    totals = shock_val.sum(axis=(1, 2))
    picks, labels = _pick_runs(totals, mrio_runs)
    # quantile runs: the 5th/95th percentile runs also take the low/high end of the
    # products' magnet-content ranges (the parameter band); every run: central values
    level_of = {"p05": "_low", "p95": "_high"} if mrio_runs == "quantiles" else {}
    shocks = {"": shock_val}
    for lev in set(level_of.values()):
        shocks[lev] = _daily_shock(ds, t, node_pos, include, lev)[0]
    n_steps = horizon + tail_days
    x0 = c.x0[idx]
    # counterfactual: the table run with no shock (0 for a balanced table; removes the
    # drift of an unbalanced one, e.g. a newer table plugged in by the user)
    base = simulate_arrays(c, n_steps=n_steps, n_runs=1, seed=0)["production"][0]
    per_run: list[dict[str, Any]] = []
    for r, lab in zip(picks, labels, strict=True):
        sv = shocks[level_of.get(lab, "")][r]
        delta, excess = eng.capacity_loss_share(sv, x0)
        delta = np.vstack([delta, np.zeros((tail_days, idx.size))])
        shock = CapacityShock(idx, np.round(delta, 9)) if idx.size else None
        res = simulate_arrays(c, n_steps=n_steps, n_runs=1, seed=0, shock=shock)
        lost_out = (base - res["production"][0]).sum(axis=0)
        applied = np.zeros(c.n_nodes)
        applied[idx] = (delta[:horizon] * x0[None, :]).sum(axis=0)
        va = eng.value_added_losses(lost_out, v, applied)
        per_run.append(
            {
                "lost_output": lost_out,
                "va_total": va["total"],
                "va_direct": va["direct"],
                "va_indirect": va["indirect"],
                "shock": float(sv.sum()),
                "excess": float(excess.sum()),
            }
        )
    unit = t.money_unit_usd / 1e6  # table unit -> US$ million

    def band(values: list[float]) -> dict[str, float]:
        arr = np.array(values, dtype=np.float64) * unit
        if mrio_runs == "quantiles":
            return dict(zip(("p05", "median", "p95"), arr.tolist(), strict=True))
        med, lo, hi = _band(arr)
        return {"p05": lo, "median": med, "p95": hi}

    def total(key: str) -> dict[str, float]:
        return band([float(p[key].sum()) for p in per_run])

    regions = np.array(c.node_region.tolist())
    by_region = []
    for reg in sorted(set(regions.tolist())):
        mask = regions == reg
        b = band([float(p["va_total"][mask].sum()) for p in per_run])
        if max(abs(x) for x in b.values()) < 1e-9:
            continue
        by_region.append(
            {
                "region": reg,
                "lost_value_added_usd_m": b,
                "direct_usd_m": band([float(p["va_direct"][mask].sum()) for p in per_run]),
                "indirect_usd_m": band([float(p["va_indirect"][mask].sum()) for p in per_run]),
            }
        )
    by_region.sort(key=lambda r: -r["lost_value_added_usd_m"]["median"])
    mid = per_run[len(per_run) // 2] if mrio_runs == "quantiles" else None
    key_va = mid["va_total"] if mid else np.median([p["va_total"] for p in per_run], axis=0)
    order = np.argsort(-key_va)[:top]
    by_industry = [
        {
            "region": str(c.node_region[i]),
            "sector": str(c.node_product[i]),
            "sector_name": t.sector_names.get(str(c.node_product[i]), ""),
            "lost_value_added_usd_m": band([float(p["va_total"][i]) for p in per_run]),
            "lost_output_usd_m": band([float(p["lost_output"][i]) for p in per_run]),
        }
        for i in order
        if key_va[i] > 0
    ]
    return {
        "table": t.name,
        "table_unit": "US$ million of the table's year (2011 for WIOD)",
        "valued_sectors": valued_sectors(include),
        "mrio_runs": mrio_runs,
        "runs_simulated": [
            {"band": lab, "scenario_run": int(r)} for lab, r in zip(labels, picks, strict=True)
        ],
        "scenario_runs": int(n_runs),
        "days": {"scenario": int(horizon), "tail": int(tail_days)},
        "shock_usd_m": total_of(per_run, "shock", band),
        "shock_beyond_capacity_usd_m": total_of(per_run, "excess", band),
        "lost_output_usd_m": total("lost_output"),
        "lost_value_added_usd_m": total("va_total"),
        "direct_value_added_usd_m": total("va_direct"),
        "indirect_value_added_usd_m": total("va_indirect"),
        "by_region": by_region,
        "by_industry": by_industry,
        "caveats": [
            "product values are current US$ (2021-2025 prices; hard disk drives 2011) applied "
            "to a 2011 table: shares of industry output shocked are overstated by the growth "
            "of nominal output since 2011",
            "only end-use sectors with a sourced magnet content and unit value are valued "
            "(all the world's end uses by default; industrial and aerospace_defense as the "
            "motors the magnets go into, a lower bound; electronics as hard disk drives, a "
            "stand-in); an end use without a product would add nothing",
            "with mrio_runs='quantiles' the band is the economy run of the scenario runs at the "
            "5th/50th/95th percentile of the shocked value, not a quantile over all runs; the "
            "5th/95th percentile runs take the high/low end of each product's magnet-content "
            "range (fewer/more units); with 'all' every run uses the central content",
        ],
    }


def total_of(per_run: list[dict[str, Any]], key: str, band: Any) -> dict[str, float]:
    """Band of a scalar per run (helper of :func:`economy_losses`)."""
    return dict(band([float(p[key]) for p in per_run]))
