"""Dynamic criticality: what the model's own supply chain does if one country stops supplying.

For an element and a stage, every flow of a product of that stage containing the element
from the ``origin`` country's nodes to customers in other countries is closed (a ban)
from day 0 (``mode="exports"``); or the origin's nodes of that stage lose all capacity
(``mode="output"``, which also starves its own downstream). The dynamics engine (ARIO
family, rerouting and substitution as compiled from the world) then runs for a short
horizon, and the result is read at the ``sector`` stage (the end uses):

* ``days_to_first_line_stop``: first day on which some end-use node outside the origin
  produces ``stop_threshold`` or more below its baseline (None: no stop in the horizon);
* ``lost_output_t``: end-use output lost over the horizon outside the origin, t of magnet
  equivalent (the world's sector unit), mean and band over runs; and world-wide;
* ``lost_value_added_direct_outside_origin_usd_m``: the products those tonnes stand for
  (EVs, wind capacity, cars, motors, hard disk drives), valued and times the value-added
  share of their WIOD industry
  (:func:`chokepoints.economy.losses.direct_value_added_of_tonnes`, the default
  valuation of every end use, see docs/economy.md).

Runs differ only where gates draw licence outcomes; a ban is deterministic, so a few runs
suffice (the default is 2).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chokepoints.criticality.static import _symbol

#: Stages a country can stop supplying, upstream first.
SUPPLY_STAGES = ("ore", "oxide", "metal", "magnet", "component")


def default_stage_world(world: Any = None) -> Any:
    """The world with the scenario defaults' inventory days per stage (as a scenario runs it).

    The bundled node table leaves end-use (``sector``) cover at 0; scenarios apply
    ``chokepoints.scenarios.spec.Assumptions().inventory_days`` (e.g. 15 days at the
    sector stage), and so does this function.
    """
    import dataclasses

    from chokepoints.scenarios.spec import Assumptions
    from chokepoints.world import load_world

    w = world if world is not None else load_world()
    nodes = w.nodes.copy()
    stage = nodes["product_id"].map(lambda p: w.stage_of(str(p)))
    days = nodes["inventory_days"].astype(float).copy()
    for st, d in Assumptions().inventory_days.items():
        days[stage == st] = float(d)
    nodes["inventory_days"] = days
    return dataclasses.replace(w, nodes=nodes)


def _stage_nodes(world: Any, compiled: Any, sym: str, stage: str, origin: str) -> np.ndarray:
    products = world.products.reset_index(drop=True)
    has = products["elements"].fillna("").str.split(";").apply(lambda e: sym in e)
    pids = set(products.loc[has & (products["stage"] == stage), "product_id"])
    mask = np.isin(compiled.node_product, list(pids)) & (compiled.node_region == origin)
    return np.nonzero(mask)[0]


def dynamic_criticality(
    element: str,
    *,
    origin: str = "CHN",
    stages: tuple[str, ...] = SUPPLY_STAGES,
    mode: str = "exports",
    horizon_days: int = 180,
    n_runs: int = 2,
    seed: int = 0,
    stop_threshold: float = 0.05,
    world: Any = None,
    compiled: Any = None,
) -> list[dict[str, Any]]:
    """Days to a first line stop and lost end-use output if ``origin`` stops a stage.

    Parameters
    ----------
    element : str
        Symbol or name (``Dy``, ``Terbium``).
    origin : str
        Country that stops supplying (ISO3 as in the world).
    stages : tuple of str
        Stages to test, one run set each.
    mode : {"exports", "output"}
        Ban the origin's exports of the stage, or remove its output of the stage.
    horizon_days, n_runs, seed : int
        Simulation length (days), Monte Carlo runs, root seed.
    stop_threshold : float
        Output shortfall, as a fraction of baseline, that counts as a line stop.
    world, compiled : optional
        A world and its compiled model (default: :func:`default_stage_world`).

    Returns
    -------
    list of dict
        One row per stage the element has origin nodes in.
    """
    from chokepoints.engines.dynamics import Gates, capacity_shock, compile_world, simulate

    if mode not in ("exports", "output"):
        raise ValueError(f"mode must be 'exports' or 'output', got {mode!r}")
    if not 0 < stop_threshold < 1:
        raise ValueError(f"stop_threshold must be in (0, 1), got {stop_threshold}")
    sym = _symbol(element)
    w = world if world is not None else default_stage_world()
    c = compiled if compiled is not None else compile_world(w)
    sector = np.array([p.startswith("sector:") for p in c.node_product.tolist()])
    outside = c.node_region != origin
    rec = np.nonzero(sector)[0]
    out: list[dict[str, Any]] = []
    for stage in stages:
        nodes = _stage_nodes(w, c, sym, stage, origin)
        if nodes.size == 0:
            continue
        gates = shock = None
        n_cut: int
        if mode == "exports":
            cust_region = c.node_region[c.slot_node[c.flow_slot]]
            flows = np.nonzero(np.isin(c.flow_sup, nodes) & (cust_region != origin))[0]
            n_cut = int(flows.size)
            if flows.size:
                shape = (horizon_days, flows.size)
                gates = Gates(
                    kind=np.full(shape, 2, dtype=np.int8),
                    approval_prob=np.zeros(shape),
                    review_days=np.ones(shape),
                    quota_t_per_day=np.full(shape, np.inf),
                    flow_index=flows.astype(np.int64),
                )
        else:
            n_cut = int(nodes.size)
            shock = capacity_shock(
                c,
                c.node_ids[nodes].tolist(),
                1.0,
                n_steps=horizon_days,
                start_day=0,
                duration_days=horizon_days,
            )
        ds = simulate(
            c,
            n_steps=horizon_days,
            n_runs=n_runs,
            seed=seed,
            gates=gates,
            shock=shock,
            record_nodes=rec,
        )
        prod = ds["production"].values  # (run, time, node)
        x0 = c.x0[rec]
        lost = np.clip(x0[None, None, :] - prod, 0.0, None)
        out_mask = outside[rec]
        stopped = prod < (1.0 - stop_threshold) * x0[None, None, :]
        stopped_out = np.asarray(stopped[:, :, out_mask].any(axis=2))  # (run, time)
        first = [
            int(np.argmax(stopped_out[r])) if stopped_out[r].any() else None
            for r in range(stopped_out.shape[0])
        ]
        days = [d for d in first if d is not None]
        lost_out = lost[:, :, out_mask].sum(axis=(1, 2))
        lost_all = lost.sum(axis=(1, 2))
        # value of the end-use products not made outside the origin (default valuation)
        from chokepoints.economy.losses import direct_value_added_of_tonnes

        mean_lost = lost.mean(axis=0).sum(axis=0)  # t per recorded node, mean over runs
        value_m = va_m = 0.0
        for k in np.nonzero(out_mask & (mean_lost > 0))[0]:
            end_use = str(c.node_product[rec][k]).removeprefix("sector:")
            val, va = direct_value_added_of_tonnes(
                str(c.node_region[rec][k]), end_use, float(mean_lost[k])
            )
            if np.isfinite(val):
                value_m += val
                va_m += va
        worst = None
        if days:
            r0 = int(np.argmin([d if d is not None else horizon_days for d in first]))
            d0 = first[r0]
            cand = np.nonzero(stopped[r0, d0] & out_mask)[0]
            worst = str(c.node_ids[rec][cand[0]])
        out.append(
            {
                "element": sym,
                "origin": origin,
                "stage": stage,
                "mode": mode,
                "origin_nodes": c.node_ids[nodes].tolist(),
                "flows_or_nodes_cut": n_cut,
                "horizon_days": horizon_days,
                "runs": n_runs,
                "days_to_first_line_stop": (min(days) if days else None),
                "runs_with_line_stop": len(days),
                "first_stopped_node": worst,
                "lost_output_outside_origin_t_mean": float(lost_out.mean()),
                "lost_output_outside_origin_t_p05": float(np.quantile(lost_out, 0.05)),
                "lost_output_outside_origin_t_p95": float(np.quantile(lost_out, 0.95)),
                "lost_output_world_t_mean": float(lost_all.mean()),
                "baseline_output_outside_origin_t": float(x0[out_mask].sum() * horizon_days),
                "product_value_outside_origin_usd_m": value_m,
                "lost_value_added_direct_outside_origin_usd_m": va_m,
            }
        )
    return out
