"""Run the dynamics engine on a linked supplier map: days to line stop, output lost, recovery.

The linked network (:mod:`chokepoints.suppliers.link`) is written as world tables (a
node per part made at a site, a flow per delivery) and compiled with
:func:`chokepoints.engines.dynamics.compile_world`; the map's per-input stocks replace
the node-level inventory cover; cross-border deliveries of a world product are gated by
the scenario's policy timeline exactly as country-level flows are
(:func:`chokepoints.policy.compile_gates`). The engine itself is not changed.

Scenarios: a bundled scenario name or a scenario YAML path (``status-quo``, ...) read
with :func:`chokepoints.scenarios.spec.load_scenario`; or two stress tests built here:
``ban`` (every cross-border delivery of a world product from China closed from day 0,
nothing else gated) and ``open`` (no gate; the baseline, for checks).

Metrics per product line and Monte Carlo run (``docs/suppliers.md``):

- ``days_to_stop``: first day the line's output is below ``stop_share`` of its baseline,
  by default the shortage threshold of every engine (0.99, :mod:`chokepoints.conventions`;
  ``NaN`` if it never is within the horizon);
- ``output_lost_units`` / ``output_lost_days``: baseline minus output summed over the
  horizon, in units and in days of full production ("production-days");
- ``recovery_day``: first day after the stop from which output stays at or above
  ``recover_share`` (the same 0.99) of baseline to the end of the horizon.

Bands are the median and the 5% and 95% quantiles over runs, as everywhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from chokepoints.conventions import BAND_LABELS, SHORTAGE_THRESHOLD
from chokepoints.conventions import QUANTILES as CONVENTION_QUANTILES
from chokepoints.engines.dynamics import (
    CompiledModel,
    Gates,
    Params,
    compile_world,
    simulate_arrays,
)
from chokepoints.errors import DataError
from chokepoints.limits import LIMITS
from chokepoints.suppliers.link import DEFAULT_INVENTORY_DAYS, LinkedNetwork

#: Output below this share of baseline counts as a line stop: the shortage threshold every
#: engine uses (:data:`chokepoints.conventions.SHORTAGE_THRESHOLD`, 0.99).
STOP_SHARE = SHORTAGE_THRESHOLD
#: Output back at or above this share of baseline (to the horizon) counts as recovered:
#: no longer short, by the same threshold.
RECOVER_SHARE = SHORTAGE_THRESHOLD
#: Smallest input cover, days: an empty stock is modelled as this much (see compile_linked).
MIN_INVENTORY_DAYS = 1e-3
#: Quantiles reported as Monte Carlo bands (:data:`chokepoints.conventions.QUANTILES`),
#: columns suffixed ``_p05``, ``_p50``, ``_p95``.
QUANTILES = CONVENTION_QUANTILES
#: Stress-test scenarios built here rather than read from a scenario file.
BUILTIN = ("ban", "open")
#: Engine parameters for firm networks. ``psi`` close to 0: a plant keeps its line at full
#: speed while any stock is left (firms run stocks down, BoARIO's default 0.8 throttles
#: output once stock falls below 80% of its target, which suits sector aggregates).
FIRM_PARAMS = Params(psi=0.01, alpha_max=1.0, review_delay="exponential", qualification_days=30)


@dataclass(frozen=True)
class RunSettings:
    """What a supplier-map run simulates.

    Attributes
    ----------
    scenario : str
        Scenario name (bundled, a file, or a built-in stress test).
    start : datetime.date
        Day 0.
    horizon_days, runs, seed : int
        Days simulated, Monte Carlo runs, root seed.
    timeline : chokepoints.policy.Timeline or None
        Policy timeline gating cross-border deliveries (``None`` for built-ins).
    ban_origin : str or None
        For ``ban``: deliveries of world products from this country are closed.
    params : Params
        Engine parameters.
    source : str
        Where the scenario came from (file or "built-in").
    """

    scenario: str
    start: dt.date
    horizon_days: int
    runs: int
    seed: int
    timeline: Any = None
    ban_origin: str | None = None
    ban_products: tuple[str, ...] | None = None
    params: Params = FIRM_PARAMS
    source: str = "built-in"
    notes: tuple[str, ...] = ()


def resolve_scenario(
    name: str,
    *,
    start: dt.date | None = None,
    horizon_days: int | None = None,
    runs: int | None = None,
    seed: int | None = None,
) -> RunSettings:
    """Settings for a scenario name or file (see the module docstring)."""
    if name in BUILTIN:
        # scenario files are checked by Scenario; built-ins by the same declared limits,
        # and a count given as 0 is refused rather than replaced by the default
        for option, value in (("--runs", runs), ("--horizon", horizon_days)):
            if value is not None and value < 1:
                raise DataError(
                    reason=f"must be a whole number >= 1 (got {value})",
                    field=option,
                    value=value,
                )
        runs = 1 if runs is None else runs
        horizon_days = 365 if horizon_days is None else horizon_days
        LIMITS["runs"].check(runs, option="--runs")
        LIMITS["horizon_days"].check(horizon_days, option="--horizon")
        return RunSettings(
            scenario=name,
            start=start or dt.date(2026, 12, 1),
            horizon_days=horizon_days,
            runs=runs,
            seed=seed if seed is not None else 0,
            ban_origin="CHN" if name == "ban" else None,
            notes=(
                "ban: every cross-border delivery of a world product (magnet, metal, oxide, "
                "component) from China closed from day 0; nothing else gated"
                if name == "ban"
                else "open: no gates (baseline check)",
            ),
        )
    from chokepoints.scenarios.spec import load_scenario
    from chokepoints.scenarios.timeline import scenario_timeline

    replace: dict[str, Any] = {"runs": runs, "seed": seed, "horizon_days": horizon_days}
    if start is not None:
        replace["start"] = start.isoformat()
    sc = load_scenario(name, **replace)
    a = sc.assumptions
    params = dataclasses.replace(
        FIRM_PARAMS,
        review_delay=a.review_delay,
        licence_validity_days=a.licence_validity_days,
        qualification_days=a.qualification_days,
    )
    return RunSettings(
        scenario=sc.name,
        start=sc.start,
        horizon_days=sc.horizon_days,
        runs=sc.runs,
        seed=sc.seed,
        timeline=scenario_timeline(sc),
        params=params,
        source=str(sc.file or name),
        notes=(f"scenario {sc.name}: {sc.title}",),
    )


@dataclass
class SupplierModel:
    """A linked map compiled for the engine, with its gates and the line nodes."""

    linked: LinkedNetwork
    compiled: CompiledModel
    gates: Gates | None
    settings: RunSettings
    line_index: npt.NDArray[np.int64]
    line_ids: list[str]
    flow_edge: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)


def world_tables(linked: LinkedNetwork, extra_edges: pd.DataFrame | None = None) -> SimpleNamespace:
    """The linked network as world-like ``nodes``/``flows`` tables for ``compile_world``.

    Quantities are each part's unit per year (the engine's ``*_t_per_yr`` columns hold
    whatever unit the product is counted in). ``extra_edges`` (same columns as
    ``linked.edges``, ``quantity_per_day`` 0) become candidate links the engine may
    reroute to, weighted by ``alt_per_day``.
    """
    n = linked.nodes
    price = n["value_usd_per_unit"].where(n["value_usd_per_unit"].notna(), n["unit_cost_usd"])
    nodes = pd.DataFrame(
        {
            "node_id": n["node_id"].to_numpy(),
            "actor": np.where(n["inferred"], n["country"], "firm:" + n["site_id"].astype(str)),
            "country": n["country"].to_numpy(),
            "product_id": n["part_id"].to_numpy(),
            "production_t_per_yr": n["output_per_day"].to_numpy() * 365.0,
            "capacity_t_per_yr": n["output_per_day"].to_numpy() * 365.0,
            "inventory_days": n["inventory_days"].to_numpy()
            if "inventory_days" in n.columns
            else DEFAULT_INVENTORY_DAYS,
            "price_usd_per_t": price.to_numpy(),
        }
    )
    e = linked.edges
    flows = pd.DataFrame(
        {
            "flow_id": e["edge_id"].to_numpy(),
            "supplier_node": e["supplier_node"].to_numpy(),
            "customer_node": e["customer_node"].to_numpy(),
            "product_id": e["part_id"].to_numpy(),
            "quantity_t_per_yr": e["quantity_per_day"].to_numpy() * 365.0,
            "lead_time_days": e["lead_time_days"].to_numpy(),
        }
    )
    return SimpleNamespace(nodes=nodes, flows=flows, recipes=pd.DataFrame(), name=linked.smap.name)


def compile_linked(
    linked: LinkedNetwork,
    settings: RunSettings,
    *,
    inventory_extra: dict[tuple[str, str], float] | None = None,
    gate_layout: str = "key",
) -> SupplierModel:
    """Compile ``linked`` for the engine and build its gates for ``settings``.

    ``gate_layout``: ``"key"`` (one gate column per distinct origin, destination and
    world product) or ``"flow"`` (one per delivery); see :data:`GATE_LAYOUTS`. Both
    give the same simulation.
    """
    tables = world_tables(linked)
    c = compile_world(tables, candidate_suppliers=False, days_per_year=365)
    # the map's stock of each input replaces the node-level cover
    inv = dict(linked.inventory_days)
    for key, days in (inventory_extra or {}).items():
        inv[key] = inv.get(key, DEFAULT_INVENTORY_DAYS) + days
    if inv:
        slot_days = np.array(
            [
                inv.get((str(c.node_ids[j]), str(c.products[p])), DEFAULT_INVENTORY_DAYS)
                for j, p in zip(c.slot_node, c.slot_product, strict=True)
            ],
            dtype=np.float64,
        )
    else:  # per-firm cover (generated networks): compile_world has applied it already
        slot_days = c.slot_inv_days.copy()
    # the engine reads a 0-day target as "never constraining"; no stock is a tiny one
    slot_days = np.maximum(slot_days, MIN_INVENTORY_DAYS)
    c = dataclasses.replace(
        c, slot_inv_days=slot_days, inv0=c.x0[c.slot_node] * c.slot_a * slot_days
    )
    edge_of = linked.edges.set_index("edge_id")
    fe = edge_of.reindex([str(f) for f in c.flow_ids])
    gates = _gates(fe, settings, linked.meta.get("world"), gate_layout)
    pos = {v: i for i, v in enumerate(c.node_ids.tolist())}
    lines = linked.line_nodes
    return SupplierModel(
        linked=linked,
        compiled=c,
        gates=gates,
        settings=settings,
        line_index=np.array([pos[v] for v in lines["node_id"]], dtype=np.int64),
        line_ids=[str(v) for v in lines["line_id"]],
        flow_edge=fe.reset_index(),
    )


def for_scenario(
    model: SupplierModel, settings: RunSettings, *, gate_layout: str = "key"
) -> SupplierModel:
    """``model``'s compiled map under another scenario: only the gates are rebuilt.

    Compiling a map (:func:`compile_linked`) does not depend on the scenario apart from
    the gates, so a map run under several scenarios is compiled once and re-gated for
    each (about 1 s for a map of 10^6 firms, against 11 s for the compile and 14 s with
    generating a synthetic map, measured on an idle core; docs/benchmarks.md). The
    result equals ``compile_linked(model.linked, settings)`` when ``model`` was compiled
    without ``inventory_extra``.
    """
    gates = _gates(model.flow_edge, settings, model.linked.meta.get("world"), gate_layout)
    return dataclasses.replace(model, gates=gates, settings=settings)


def delivery_attributes(
    origins: npt.NDArray[Any], products: npt.NDArray[Any], timeline: Any, world_name: str | None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[Any]]:
    """China-origin content and end use of supplier-map deliveries, for the gates.

    A firm's delivery of a world product takes the China-origin content of that product
    made in its origin country in the bundled world (``<origin>:<product>``,
    :func:`chokepoints.policy.flows.china_content_by_node`): a country average, as the
    map does not say which oxide a supplier's magnets hold. NaN (content rules stay
    conditional) where the map was linked to another world or the country has no such
    node. End use is not known for a firm's delivery (None: end-use rules stay
    conditional).
    """
    n = len(origins)
    content = np.full(n, np.nan)
    if world_name == "bundled" and timeline is not None and n:
        from chokepoints.policy.flows import china_content_by_node, controlled_elements
        from chokepoints.world import load_world

        by_node = china_content_by_node(load_world(), controlled_elements(timeline))
        for k, (o, p) in enumerate(zip(origins, products, strict=True)):
            if o != "CHN":
                content[k] = by_node.get(f"{o}:{p}", np.nan)
    return content, np.full(n, None, dtype=object)


#: Gate layouts :func:`compile_linked` can build: ``"key"`` (default), one gate column per
#: distinct (origin, destination, world product) with an int32 column index per delivery;
#: ``"flow"``, one column per delivery (the layout before; memory grows with deliveries x
#: days, about 18 kB per gated delivery over 365 days; kept to check the two agree).
GATE_LAYOUTS = ("key", "flow")


def _distinct(*columns: Any) -> tuple[npt.NDArray[np.int32], list[npt.NDArray[Any]]]:
    """Distinct rows of equal-length ``columns``: each row's key number and the keys.

    Each column is factorized on its own (fast on Arrow strings) and the codes combined
    into one integer per row, so no tuple is built per row. Missing values are a value.
    """
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    uniques = []
    for col in columns:
        codes, values = pd.factorize(col, use_na_sentinel=False)
        combined = combined * len(values) + codes
        uniques.append(np.asarray(values, dtype=object))
    keys, row_key = np.unique(combined, return_inverse=True)
    out = []
    for values in reversed(uniques):
        out.append(values[keys % len(values)])
        keys = keys // len(values)
    return row_key.astype(np.int32), out[::-1]


def _gates(
    fe: pd.DataFrame, s: RunSettings, world_name: str | None = None, layout: str = "key"
) -> Gates | None:
    """The engine's gates for the deliveries ``fe`` (one row per engine flow) under ``s``.

    A delivery's gate depends only on its origin, destination and world product (its
    China-origin content is a function of origin and product, its end use is unknown),
    so with ``layout="key"`` the policy arrays are compiled once per distinct key and
    each gated delivery reads its key's column: memory grows with keys x days, not with
    deliveries x days. The licence state stays per delivery in the engine.
    """
    if layout not in GATE_LAYOUTS:
        raise ValueError(f"layout must be one of {GATE_LAYOUTS} (got {layout!r}).")
    wp = fe["world_product"].fillna("").astype(str).to_numpy()
    cross = fe["cross_border"].fillna(False).astype(bool).to_numpy() & (wp != "")
    if s.timeline is None:  # built-in stress test: only the banned flows get a gate column
        cross &= fe["origin"].to_numpy() == s.ban_origin
        if s.ban_products is not None:
            cross &= np.isin(wp, list(s.ban_products))
    idx = np.flatnonzero(cross).astype(np.int64)
    if s.scenario == "open" or idx.size == 0:
        return None
    T = s.horizon_days
    per_key = layout == "key"
    if s.timeline is None:  # every gated delivery is closed on every day: one gate
        shape = (T, 1 if per_key else idx.size)
        return Gates(
            kind=np.full(shape, 2, dtype=np.int8),
            approval_prob=np.zeros(shape),
            review_days=np.zeros(shape),
            quota_t_per_day=np.full(shape, np.inf),
            flow_index=idx,
            column=np.zeros(idx.size, dtype=np.int32) if per_key else None,
        )
    from chokepoints.policy import compile_gates

    end = s.start + dt.timedelta(days=T - 1)
    column = None
    if per_key:
        column, (origins, destinations, products) = _distinct(
            fe["origin"].iloc[idx], fe["destination"].iloc[idx], wp[idx]
        )
    else:
        origins = fe["origin"].to_numpy()[idx]
        destinations = fe["destination"].to_numpy()[idx]
        products = wp[idx]
    content, end_use = delivery_attributes(origins, products, s.timeline, world_name)
    g = compile_gates(
        s.timeline,
        origins,
        destinations,
        products,
        s.start,
        end,
        end_uses=end_use,
        china_content_share=content,
    )
    # national quotas are in t/day of the country-level world; a firm's delivery is not
    # capped by them here (a quota gate acts as open)
    gates: Gates = g.engine_gates(idx, quotas=False, column=column)
    return gates


def simulate_lines(
    model: SupplierModel,
    *,
    params: Params | None = None,
    gates: Gates | None = None,
    compiled: CompiledModel | None = None,
) -> npt.NDArray[np.float64]:
    """Output of each product line, shape (runs, days, lines), part units per day."""
    s = model.settings
    res = simulate_arrays(
        compiled or model.compiled,
        n_steps=s.horizon_days,
        n_runs=s.runs,
        seed=s.seed,
        params=params or s.params,
        gates=gates if gates is not None else model.gates,
        record_nodes=model.line_index,
    )
    return np.asarray(res["production"], dtype=np.float64)


def line_metrics(
    production: npt.NDArray[np.float64],
    baseline: npt.NDArray[np.float64],
    *,
    stop_share: float = STOP_SHARE,
    recover_share: float = RECOVER_SHARE,
) -> dict[str, npt.NDArray[np.float64]]:
    """Per run and line: days to stop, output lost (units, days), recovery day.

    Parameters
    ----------
    production : ndarray, shape (runs, days, lines)
        Output, part units per day.
    baseline : ndarray, shape (lines,)
        Baseline output, part units per day.

    Returns
    -------
    dict of ndarray, each shape (runs, lines)
        ``days_to_stop`` and ``recovery_day`` (day numbers, NaN when none),
        ``output_lost_units`` and ``output_lost_days``.
    """
    base = np.where(baseline > 0, baseline, np.nan)[None, None, :]
    rel = production / base
    T = rel.shape[1]
    stopped = rel < stop_share
    any_stop = stopped.any(axis=1)
    first = np.where(any_stop, stopped.argmax(axis=1), np.nan)
    lost = np.clip(baseline[None, None, :] - production, 0.0, None).sum(axis=1)
    # recovery: first day after which output stays >= recover_share to the horizon
    ok = rel >= recover_share
    tail_ok = np.flip(np.logical_and.accumulate(np.flip(ok, axis=1), axis=1), axis=1)
    days = np.arange(T)[None, :, None]
    after = tail_ok & (days > np.nan_to_num(first, nan=T)[:, None, :])
    rec = np.where(after.any(axis=1), after.argmax(axis=1), np.nan)
    rec = np.where(any_stop, rec, np.nan)
    return {
        "days_to_stop": first.astype(np.float64),
        "output_lost_units": lost,
        "output_lost_days": lost / np.where(baseline > 0, baseline, np.nan)[None, :],
        "recovery_day": rec.astype(np.float64),
    }


def summarize(model: SupplierModel, production: npt.NDArray[np.float64]) -> pd.DataFrame:
    """Per product line: metrics with Monte Carlo bands (p05, p50, p95) and dates."""
    c = model.compiled
    base = c.x0[model.line_index]
    m = line_metrics(production, base)
    lines = model.linked.line_nodes
    s = model.settings
    rows = []
    for k, lid in enumerate(model.line_ids):
        node = lines.iloc[k]
        row: dict[str, Any] = {
            "line_id": lid,
            "site_id": node["site_id"],
            "country": node["country"],
            "baseline_per_day": float(base[k]),
            "runs": production.shape[0],
            "share_of_runs_stopped": float(np.mean(~np.isnan(m["days_to_stop"][:, k]))),
        }
        for key in ("days_to_stop", "output_lost_days", "recovery_day"):
            vals = m[key][:, k]
            for q, label in zip(QUANTILES, BAND_LABELS, strict=True):
                row[f"{key}_{label}"] = (
                    float(np.nanquantile(vals, q)) if np.isfinite(vals).any() else float("nan")
                )
        row["output_lost_units_p50"] = float(np.nanquantile(m["output_lost_units"][:, k], 0.5))
        value = float(node["value_usd_per_unit"])
        row["output_lost_usd_p50"] = (
            row["output_lost_units_p50"] * value if np.isfinite(value) else float("nan")
        )
        stop = row["days_to_stop_p50"]
        rec = row["recovery_day_p50"]
        row["stop_date_p50"] = (
            (s.start + dt.timedelta(days=int(stop))).isoformat() if np.isfinite(stop) else ""
        )
        row["recovery_date_p50"] = (
            (s.start + dt.timedelta(days=int(rec))).isoformat()
            if np.isfinite(rec)
            else ("" if not np.isfinite(stop) else "after horizon")
        )
        rows.append(row)
    return pd.DataFrame(rows)


def run_map(
    linked: LinkedNetwork, settings: RunSettings
) -> tuple[pd.DataFrame, SupplierModel, npt.NDArray[np.float64]]:
    """Compile, simulate and summarise; returns (summary table, model, line output)."""
    model = compile_linked(linked, settings)
    prod = simulate_lines(model)
    return summarize(model, prod), model, prod


def assumptions(settings: RunSettings) -> list[str]:
    """The assumptions of a run, as lines of text (shown by the CLI)."""
    p = settings.params
    out = list(settings.notes)
    out += [
        f"start {settings.start.isoformat()}, horizon {settings.horizon_days} days, {settings.runs} Monte Carlo run(s), seed {settings.seed}",
        f"line stop: output below {STOP_SHARE:.0%} of baseline; recovery: back above {RECOVER_SHARE:.0%} to the horizon",
        f"inputs where the map gives no stock: {DEFAULT_INVENTORY_DAYS:g} days (4-6 weeks, supply_chain_parameters.csv 'inventory_cover')",
        f"engine: ARIO with psi={p.psi} (lines run at full speed while stock lasts), no spare capacity at suppliers, licence review {p.review_delay}, qualification {p.qualification_days} days",
        "cross-border deliveries of parts with a world product are gated by the scenario; parts without one are not gated; national quotas do not cap a firm's deliveries",
        "content rules use the bundled world's China-origin content of the product in the delivery's origin country (by mass); end-use rules stay conditional (a delivery's end use is not known)",
    ]
    return out
