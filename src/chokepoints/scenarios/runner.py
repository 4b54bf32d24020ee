"""Run a scenario: world + timeline gates -> dynamics engine -> labelled result.

The run is staged so each step can be called and inspected alone::

    spec = load_scenario("status-quo")
    model = compile_scenario(spec)          # world, compiled arrays, timeline, gates
    ds = run_compiled(model, runs=20)       # xarray.Dataset (run, time, node)

Monte Carlo runs are simulated in chunks of :data:`CHUNK_RUNS`; chunk ``c`` draws from
child ``c`` of ``numpy.random.SeedSequence(seed)``, so the first ``k`` chunks of a
1,000-run result equal those of a smaller run with the same seed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import xarray as xr

from chokepoints import __version__, conventions
from chokepoints.engines.dynamics import (
    CapacityShock,
    CompiledModel,
    Gates,
    Params,
    compile_world,
    simulate_arrays,
)
from chokepoints.errors import raise_if_problems
from chokepoints.limits import LIMITS, check_memory, estimate_bytes
from chokepoints.names import unknown_problems
from chokepoints.policy import Timeline, compile_gates
from chokepoints.policy.flows import (
    china_content_by_node,
    controlled_elements,
    elements_without_nodes,
    end_use_by_node,
)
from chokepoints.scenarios.reference import COUNTERFACTUAL, REFERENCE_COUNTERFACTUAL
from chokepoints.scenarios.spec import SCENARIO_SCHEMA_VERSION, Scenario
from chokepoints.scenarios.timeline import override_events, scenario_timeline
from chokepoints.world import World, load_world

#: Runs simulated per engine call (bounds memory; fixes the seed layout).
CHUNK_RUNS = 25

#: Production below this share of baseline counts as a shortage day (one definition for
#: every engine: :data:`chokepoints.conventions.SHORTAGE_THRESHOLD`, re-exported here).
SHORTAGE_THRESHOLD = conventions.SHORTAGE_THRESHOLD

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class CompiledScenario:
    """Everything a scenario run needs, compiled once.

    Attributes
    ----------
    scenario : Scenario
        The validated scenario.
    world : World
        The world after the scenario's assumptions (inventory days) were applied.
    compiled : CompiledModel
        The world as arrays (nodes, slots, flows incl. rerouting candidates).
    timeline : Timeline
        The policy timeline after cut-off and overrides.
    gates : Gates
        Gate arrays, shape (spin_up_days + horizon_days, n_cross_border_flows).
    flow_origin, flow_destination, flow_product : ndarray of str, shape (n_flows,)
        Country of supplier and customer, product, for every compiled flow.
    node_stage : ndarray of str, shape (n_nodes,)
        Stage of each node's product.
    params : Params
        Engine parameters derived from the assumptions.
    review_shapes_ignored : tuple of str
        Licence measures in the simulated window whose ``review_time`` declares a
        spread (uniform, triangular, lognormal): the engine uses only its mean, drawn
        with ``params.review_delay`` (see :func:`ignored_review_shapes`).
    flow_china_content : ndarray of float, shape (n_gated_flows,)
        China-origin controlled content of each gated (cross-border) flow, t REO per
        unit of product, by mass (:func:`flow_attributes`); what content rules compare
        with their de minimis share.
    flow_end_use : ndarray of object, shape (n_gated_flows,)
        ``"military"``, ``"civilian"`` or None (mixed) per gated flow.
    elements_without_nodes : dict of str to list of str
        Measure id -> elements it names that no node of the world makes at its stages
        (:func:`chokepoints.policy.flows.elements_without_nodes`).
    """

    scenario: Scenario
    world: World
    compiled: CompiledModel
    timeline: Timeline
    gates: Gates
    flow_origin: np.ndarray
    flow_destination: np.ndarray
    flow_product: np.ndarray
    node_stage: np.ndarray
    params: Params
    review_shapes_ignored: tuple[str, ...] = ()
    flow_china_content: np.ndarray | None = None
    flow_end_use: np.ndarray | None = None
    elements_without_nodes: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    shock: CapacityShock | None = None


def closure_shock(
    scenario: Scenario, node_region: np.ndarray, node_stage: np.ndarray
) -> CapacityShock | None:
    """The scenario's ``assumptions.closures`` as a daily capacity loss (None without).

    Day 0 is the first simulated day (``sim_start``, spin-up included). Each closure
    takes ``share_lost`` of the capacity of every node of its country and stage from
    ``start`` to ``end`` (both included), then recovers linearly over
    ``recovery_days``; overlapping closures add up, capped at 1.
    """
    closures = scenario.assumptions.closures
    if not closures:
        return None
    n_steps = scenario.horizon_days + scenario.spin_up_days
    t = np.arange(n_steps, dtype=np.float64)
    loss = np.zeros((n_steps, len(node_region)))
    for cl in closures:
        a = (cl.start - scenario.sim_start).days
        b = (cl.end - scenario.sim_start).days + 1  # first day after the closure
        day = np.zeros(n_steps)
        day[(t >= a) & (t < b)] = cl.share_lost
        if cl.recovery_days > 0:
            e = t - b + 1  # 1 on the first day after the closure
            ramp = (e >= 1) & (e < cl.recovery_days)
            day[ramp] = cl.share_lost * (1.0 - e[ramp] / cl.recovery_days)
        on = (np.asarray(node_region) == cl.country) & (np.asarray(node_stage) == cl.stage)
        loss[:, on] += day[:, None]
    hit = np.nonzero(loss.any(axis=0))[0]
    if hit.size == 0:
        return None
    return CapacityShock(node_index=hit.astype(np.int64), delta=np.minimum(loss[:, hit], 1.0))


def ignored_review_shapes(timeline: Timeline, first: dt.date, last: dt.date) -> tuple[str, ...]:
    """Measures in force between ``first`` and ``last`` whose review-time shape is ignored.

    The gates carry one number per flow and day, the mean review time in calendar days;
    the engine draws each review from one family around it (``review_delay``). A
    measure's ``review_time`` with ``distribution`` other than ``fixed`` (a plain mean)
    declares a spread the engine does not use; each is returned as
    ``"<id>: <distribution> <low>-<high> <unit>"``.
    """
    out = []
    for m in timeline.measures:
        rt = m.parameters.review_time
        if rt is None or rt.distribution == "fixed":
            continue
        if m.start > last or (m.end is not None and m.end < first):
            continue
        spread = f" {rt.low:g}-{rt.high:g}" if rt.low is not None and rt.high is not None else ""
        if rt.sd is not None:
            spread += f" sd {rt.sd:g}"
        out.append(f"{m.id}: {rt.distribution}{spread} {rt.unit.replace('_', ' ')}")
    return tuple(out)


def scenario_world(scenario: Scenario) -> World:
    """The scenario's world with its inventory-day assumptions applied to the nodes."""
    world = load_world(None if scenario.world == "bundled" else scenario.world)
    a = scenario.assumptions
    raise_if_problems(  # countries named by the assumptions must be in the world
        [*unknown_problems(a.inventory_days_by_country, world.countries["iso3"],
                           kind="country", file=scenario.file,
                           field="assumptions.inventory_days_by_country"),
         *unknown_problems([k for k in a.demand_factor_by_country if k != "*"],
                           world.countries["iso3"], kind="country", file=scenario.file,
                           field="assumptions.demand_factor_by_country"),
         *unknown_problems([cl.country for cl in a.closures], world.countries["iso3"],
                           kind="country", file=scenario.file,
                           field="assumptions.closures")],
        context=f"scenario {scenario.file}",
    )  # fmt: skip
    nodes = world.nodes.copy()
    stage = nodes["product_id"].map(lambda p: world.stage_of(str(p)))
    days = nodes["inventory_days"].astype(float).copy()
    for st, d in a.inventory_days.items():
        days[stage == st] = float(d)
    for country, table in a.inventory_days_by_country.items():
        for st, d in table.items():
            days[(stage == st) & (nodes["country"] == country)] = float(d)
    nodes["inventory_days"] = days
    return dataclasses.replace(world, nodes=nodes)


def demand_factors(scenario: Scenario, regions: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Final-demand multiplier of each node (by its country, ``regions``):
    ``demand_factor`` times the country's ``demand_factor_by_country`` entry (the
    ``'*'`` entry, else 1, for countries not named)."""
    a = scenario.assumptions
    table = a.demand_factor_by_country
    other = float(table.get("*", 1.0))
    by = np.array([float(table.get(str(r), other)) for r in np.asarray(regions)], np.float64)
    return np.asarray(a.demand_factor * by, dtype=np.float64)


def demand_factor_by_country(scenario: Scenario, world: World) -> dict[str, float]:
    """:func:`demand_factors` per country of ``world``: {ISO3: factor}."""
    codes = [str(x) for x in world.countries.index]
    return dict(zip(codes, demand_factors(scenario, codes).tolist(), strict=True))


def add_export_probes(
    world: World,
    origin: str = "CHN",
    stage: str = "magnet",
    capacity_factor: dict[str, float] | None = None,
) -> World:
    """Route each export flow of ``origin``'s ``stage`` nodes through a probe node.

    The dynamics engine records nodes, not flows. A probe node
    ``<supplier>>export>CUSTOMER`` sits between a supplier and a foreign customer,
    in the origin country, makes the same product 1:1 with one day of input cover and
    is never a rerouting candidate (``rerouting_candidate`` False). The domestic leg has no
    lead time and no gate; the export leg keeps the flow's lead time and is gated as
    before, so the probe's output is what customs would record as exported that day.
    ``capacity_factor`` ({customer country: factor}) raises a probe's capacity with the
    demand of its customer's country (:func:`demand_factors`), so that the probe does
    not cap exports at the 2024 flow when foreign demand is raised.
    """
    nodes, flows = world.nodes, world.flows
    stages = nodes["product_id"].map(lambda p: world.stage_of(str(p)))
    sup_country = flows["supplier_node"].map(nodes["country"])
    cus_country = flows["customer_node"].map(nodes["country"])
    sup_stage = flows["supplier_node"].map(stages)
    is_export = (sup_country == origin) & (cus_country != origin) & (sup_stage == stage)
    new_nodes, new_flows = [], []
    keep = flows[~is_export]
    for f in flows[is_export].itertuples(index=False):
        sup = nodes.loc[f.supplier_node]
        pid = f"{f.supplier_node}>export>{f.customer_node}"
        cus = str(nodes.loc[f.customer_node, "country"])
        cap = f.quantity_t_per_yr * (capacity_factor or {}).get(cus, 1.0)
        new_nodes.append({**sup.to_dict(), "node_id": pid, "production_t_per_yr": f.quantity_t_per_yr,
                          "capacity_t_per_yr": cap, "inventory_days": 1.0,
                          "rerouting_candidate": False,
                          "method": "export probe (scenarios.runner.add_export_probes)"})  # fmt: skip
        leg1 = f._asdict()
        leg1.update(flow_id=f"{f.flow_id}#domestic", customer_node=pid, lead_time_days=0.0)
        leg2 = f._asdict()
        leg2.update(flow_id=f"{f.flow_id}#export", supplier_node=pid)
        new_flows += [leg1, leg2]
    n2 = pd.DataFrame(new_nodes, columns=[*nodes.columns, "rerouting_candidate"])
    n2.index = pd.Index(n2["node_id"])
    f2 = pd.DataFrame(new_flows, columns=flows.columns)
    f2.index = pd.Index(f2["flow_id"])
    return dataclasses.replace(world, nodes=pd.concat([nodes, n2]), flows=pd.concat([keep, f2]))


def flow_attributes(
    world: World, timeline: Timeline, compiled: CompiledModel, flows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """China-origin content and end use of compiled flows, for the gates.

    Parameters
    ----------
    world : World
        The world the model was compiled from.
    timeline : Timeline
        Its content rules name the controlled elements.
    compiled : CompiledModel
        From :func:`~chokepoints.engines.dynamics.compile_world`.
    flows : ndarray of int
        Positions of the compiled flows asked about (rerouting candidates included).

    Returns
    -------
    content : ndarray of float, shape (len(flows),)
        The supplier node's China-origin controlled content, t REO per unit of its
        product (:func:`chokepoints.policy.flows.china_content_by_node`).
    end_use : ndarray of object, shape (len(flows),)
        The customer node's end-use class (:func:`chokepoints.policy.flows.end_use_by_node`).
    """
    content_of = china_content_by_node(world, controlled_elements(timeline))
    use_of = end_use_by_node(world)
    sup = compiled.node_ids[compiled.flow_sup[flows]]
    cus = compiled.node_ids[compiled.slot_node[compiled.flow_slot[flows]]]
    content = np.array([content_of.get(str(n), 0.0) for n in sup], dtype=np.float64)
    end_use = np.array([use_of.get(str(n)) for n in cus], dtype=object)
    return content, end_use


def _check_issuers(scenario: Scenario, tl: Timeline, countries: list[str]) -> None:
    """Refuse measures whose issuer is neither a world country nor an ISO 3166 code."""
    from chokepoints.errors import Problem
    from chokepoints.names import did_you_mean
    from chokepoints.policy.countries import is_country

    known = set(countries)
    problems = [
        Problem(scenario.file, None, f"measures[{m.id}].issuer", m.issuer,
                f"is neither a country of the world nor an ISO 3166 code "
                f"({did_you_mean(m.issuer, known)})")
        for m in tl.measures
        if m.issuer != "*" and m.issuer not in known and not is_country(m.issuer)
    ]  # fmt: skip
    raise_if_problems(problems, context=f"scenario {scenario.file}")


def compile_scenario(scenario: Scenario, *, world: World | None = None) -> CompiledScenario:
    """Compile the world, the timeline and the gates of a scenario.

    Parameters
    ----------
    scenario : Scenario
        From :func:`~chokepoints.scenarios.spec.load_scenario`.
    world : World, optional
        Use this world instead of the scenario's (e.g. one with export probes); the
        inventory-day assumptions are not re-applied to it.
    """
    a = scenario.assumptions
    w = world if world is not None else scenario_world(scenario)
    c = compile_world(w, restoration_tau_days=a.restoration_tau_days)
    factors = demand_factors(scenario, c.node_region)
    if (factors != 1.0).any():
        c = dataclasses.replace(c, final_demand=c.final_demand * factors)
    origin = c.node_region[c.flow_sup]
    dest = c.node_region[c.slot_node[c.flow_slot]]
    product = c.node_product[c.flow_sup]
    tl = scenario_timeline(scenario)
    _check_issuers(scenario, tl, [str(x) for x in w.countries.index])
    cross = np.nonzero(origin != dest)[0].astype(np.int64)
    content, end_use = flow_attributes(w, tl, c, cross)
    g = compile_gates(
        tl,
        origin[cross],
        dest[cross],
        product[cross],
        scenario.sim_start,
        scenario.end,
        end_uses=end_use,
        china_content_share=content,
        countries=[str(x) for x in w.countries.index],  # refuse codes that match no measure
    )
    gates = g.engine_gates(cross)
    stage_of = dict(zip(w.products["product_id"], w.products["stage"], strict=True))
    node_stage = np.array([stage_of.get(p, "") for p in c.node_product], dtype=str)
    params = Params(
        alpha_max=a.overproduction_max,
        licence_validity_days=a.licence_validity_days,
        licence_renewal=a.licence_renewal,
        review_delay=a.review_delay,
        rerouting=a.rerouting,
        qualification_days=a.qualification_days,
        substitution=a.substitution,
    )
    return CompiledScenario(
        scenario=scenario,
        world=w,
        compiled=c,
        timeline=tl,
        gates=gates,
        flow_origin=origin,
        flow_destination=dest,
        flow_product=product,
        node_stage=node_stage,
        params=params,
        review_shapes_ignored=ignored_review_shapes(tl, scenario.sim_start, scenario.end),
        flow_china_content=content,
        flow_end_use=end_use,
        elements_without_nodes=elements_without_nodes(tl, w, scenario.sim_start, scenario.end),
        shock=closure_shock(scenario, c.node_region, node_stage),
    )


def policy_events(model: CompiledScenario) -> list[dict[str, Any]]:
    """Events and measure changes inside the simulated window, for the time axis."""
    s = model.scenario
    out: list[dict[str, Any]] = []
    for e in model.timeline.events:
        if s.start <= e.date <= s.end:
            out.append({"date": e.date.isoformat(), "label": e.title, "kind": e.kind})
    for m in model.timeline.measures:
        if m.issuer != "CHN" or m.kind in ("tariff",):
            continue
        if s.start <= m.start <= s.end:
            out.append({"date": m.start.isoformat(), "label": f"start: {m.title}",
                        "kind": f"measure:{m.kind}"})  # fmt: skip
        if m.end is not None and s.start <= m.end <= s.end:
            out.append({"date": m.end.isoformat(), "label": f"end: {m.title}",
                        "kind": f"measure:{m.kind}"})  # fmt: skip
    known = {(e["date"], e["label"]) for e in out}
    out += [
        e
        for e in override_events(s)
        if (e["date"], e["label"]) not in known
        and s.start.isoformat() <= e["date"] <= s.end.isoformat()
    ]
    return sorted(out, key=lambda e: e["date"])


def _versions(model: CompiledScenario) -> dict[str, str]:
    tl_text = json.dumps(
        [m.model_dump(mode="json") for m in model.timeline.measures], sort_keys=True
    )
    import hashlib

    return {
        "package_version": __version__,
        "data_version": str(model.world.meta.get("data_version", "unknown")),
        "timeline_hash": hashlib.sha256(tl_text.encode()).hexdigest()[:16],
        "numpy_version": np.__version__,
        "xarray_version": xr.__version__,
    }


def run_compiled(
    model: CompiledScenario,
    *,
    runs: int | None = None,
    seed: int | None = None,
    progress: ProgressFn | None = None,
    record_nodes: np.ndarray | None = None,
) -> xr.Dataset:
    """Simulate a compiled scenario and return the per-run result.

    Parameters
    ----------
    model : CompiledScenario
        From :func:`compile_scenario`.
    runs, seed : int, optional
        Override the scenario's Monte Carlo runs and seed.
    progress : callable(done, total), optional
        Called after each chunk of runs (the CLI draws a progress bar on stderr).
    record_nodes : ndarray of int, optional
        Node positions to record (all by default).

    Returns
    -------
    xarray.Dataset
        ``production`` and ``counterfactual_production`` (run, time, node), t/day as
        float32 (the second: the same scenario with every export control lifted, the
        reference shortages are measured against, :mod:`chokepoints.scenarios.reference`),
        with coordinates ``region``, ``product``, ``stage``, ``baseline_production``
        (2024 output) and ``price_usd_per_t`` on ``node``; attrs record the scenario (resolved, as JSON), its hash, the seed,
        the run count, versions, engine parameters and the policy events.
    """
    s = model.scenario
    n_runs = int(runs if runs is not None else s.runs)
    root_seed = int(seed if seed is not None else s.seed)
    LIMITS["runs"].check(n_runs, field="runs")  # limits and memory: chokepoints.limits
    c = model.compiled
    rec = np.arange(c.n_nodes) if record_nodes is None else np.asarray(record_nodes, np.int64)
    chunks = chunk_plan(n_runs, root_seed)
    check_memory(estimate_bytes(n_runs, s.horizon_days, rec.size, itemsize=4),
                 what=f"result array ({n_runs} runs x {s.horizon_days} days x {rec.size} nodes)",
                 hint="use fewer runs or a shorter horizon")  # fmt: skip
    prod = np.empty((n_runs, s.horizon_days, rec.size), dtype=np.float32)
    if progress:
        progress(0, n_runs)
    for first, m, child in chunks:
        prod[first : first + m] = simulate_chunk(model, m, child, rec)
        if progress:
            progress(first + m, n_runs)
    return label_result(model, prod, root_seed, rec)


def chunk_plan(n_runs: int, seed: int) -> list[tuple[int, int, np.random.SeedSequence]]:
    """The chunks of an ``n_runs`` result: (first run, runs, seed of the chunk) each.

    Chunk ``k`` holds runs ``k * CHUNK_RUNS ..`` and draws from child ``k`` of
    ``numpy.random.SeedSequence(seed)``; any executor that simulates these chunks with
    :func:`simulate_chunk` and stacks them in order gets :func:`run_compiled`'s result.
    """
    n_chunks = -(-n_runs // CHUNK_RUNS)
    children = np.random.SeedSequence(seed).spawn(n_chunks)
    return [
        (k * CHUNK_RUNS, min(CHUNK_RUNS, n_runs - k * CHUNK_RUNS), children[k])
        for k in range(n_chunks)
    ]


def simulate_chunk(
    model: CompiledScenario,
    n_runs: int,
    seed: np.random.SeedSequence,
    record_nodes: np.ndarray,
) -> np.ndarray:
    """Output of one chunk of runs, shape (n_runs, horizon_days, n_recorded), t/day, float32."""
    s = model.scenario
    res = simulate_arrays(
        model.compiled,
        n_steps=s.horizon_days + s.spin_up_days,
        n_runs=n_runs,
        seed=seed,
        params=model.params,
        gates=model.gates,
        record_nodes=record_nodes,
        shock=model.shock,
    )
    return np.ascontiguousarray(res["production"][:, s.spin_up_days :, :], dtype=np.float32)


def open_gates(gates: Gates) -> Gates:
    """The same gates with every export control lifted: the no-controls counterfactual.

    Every gate column becomes open (kind 0), approval 1, no review, no quota, on every
    day. The dynamics gates carry only the quantity controls of the timeline (bans,
    licence regimes incl. general licences, quotas, end-user lists, content rules and
    technology controls, and their suspensions); export taxes and tariffs never reach
    the dynamics engine (they act on prices, in the market engine), so lifting the gates
    removes exactly the export controls and leaves the rest of the scenario as it is.
    The flow layout (``flow_index``, ``column``) is kept, so the engine takes the same
    path as for the scenario itself.
    """
    shape = np.shape(gates.kind)
    return dataclasses.replace(
        gates,
        kind=np.zeros(shape, dtype=np.int8),
        approval_prob=np.ones(shape),
        review_days=np.zeros(shape),
        quota_t_per_day=np.full(shape, np.inf),
    )


#: One-entry cache of :func:`counterfactual_output`: (model, record nodes key, output).
_COUNTERFACTUAL: list[tuple[Any, bytes, np.ndarray]] = []


def counterfactual_output(model: CompiledScenario, record_nodes: np.ndarray) -> np.ndarray:
    """Output of the scenario with every export control lifted (:func:`open_gates`).

    Same compiled world (demand factors included), closures (``shock``) and engine
    parameters as ``model``; one run, since with open gates the engine draws nothing at
    random (licence reviews and approvals are its only draws). Shape (horizon_days,
    n_recorded), t/day, float32, spin-up dropped. The last model asked is cached, so the
    chunks of one ensemble share one simulation.
    """
    import weakref

    rec = np.asarray(record_nodes, dtype=np.int64)
    key = rec.tobytes()
    if _COUNTERFACTUAL:
        ref, k, value = _COUNTERFACTUAL[0]
        if ref() is model and k == key:
            return np.asarray(value)
    s = model.scenario
    res = simulate_arrays(
        model.compiled,
        n_steps=s.horizon_days + s.spin_up_days,
        n_runs=1,
        seed=0,
        params=model.params,
        gates=open_gates(model.gates),
        record_nodes=rec,
        shock=model.shock,
    )
    out = np.ascontiguousarray(res["production"][0, s.spin_up_days :, :], dtype=np.float32)
    out.setflags(write=False)
    _COUNTERFACTUAL[:] = [(weakref.ref(model), key, out)]
    return out


def label_result(
    model: CompiledScenario,
    production: np.ndarray,
    seed: int,
    record_nodes: np.ndarray,
    counterfactual: np.ndarray | None = None,
) -> xr.Dataset:
    """Label stacked chunk output (run, time, node) as :func:`run_compiled`'s Dataset.

    ``counterfactual`` (time, node) or (run, time, node), t/day: the no-controls output
    (:func:`counterfactual_output`, simulated here when not given), stored as
    ``counterfactual_production`` (run, time, node; a read-only broadcast when one
    series serves every run).
    """
    s, c, rec = model.scenario, model.compiled, record_nodes
    n_runs = production.shape[0]
    cf = counterfactual_output(model, rec) if counterfactual is None else counterfactual
    if cf.ndim == 2:
        cf = np.broadcast_to(np.asarray(cf, dtype=np.float32)[None], production.shape)
    root_seed, prod = seed, production
    time = np.datetime64(s.start, "D") + np.arange(s.horizon_days).astype("timedelta64[D]")
    attrs = {
        "scenario": s.name,
        "scenario_title": s.title,
        "scenario_hash": s.content_hash(),
        "scenario_json": json.dumps(s.model_dump(mode="json", exclude={"file"}), sort_keys=True),
        "scenario_schema_version": SCENARIO_SCHEMA_VERSION,
        "seed": root_seed,
        "runs": n_runs,
        "chunk_runs": CHUNK_RUNS,
        "start": s.start.isoformat(),
        "horizon_days": s.horizon_days,
        "spin_up_days": s.spin_up_days,
        "engine": "chokepoints.engines.dynamics",
        "engine_params": json.dumps(dataclasses.asdict(model.params), sort_keys=True),
        "review_shapes_ignored": json.dumps(list(model.review_shapes_ignored)),
        "elements_without_nodes": json.dumps(model.elements_without_nodes),
        "china_content_basis": "t REO of China-separated controlled oxide per unit of product",
        "policy_events": json.dumps(policy_events(model)),
        "quantity_unit": c.unit,
        "shortage_reference": REFERENCE_COUNTERFACTUAL,
        **_versions(model),
    }
    return xr.Dataset(
        {
            "production": xr.Variable(
                ("run", "time", "node"), prod, {"units": f"{c.unit}/day", "long_name": "output"}
            ),
            COUNTERFACTUAL: xr.Variable(
                ("run", "time", "node"),
                cf,
                {
                    "units": f"{c.unit}/day",
                    "long_name": "output with every export control lifted (shortage reference)",
                },
            ),
        },
        coords={
            "run": np.arange(n_runs),
            "time": time,
            "node": c.node_ids[rec],
            "region": ("node", c.node_region[rec]),
            "product": ("node", c.node_product[rec]),
            "stage": ("node", model.node_stage[rec]),
            "baseline_production": (
                "node",
                c.x0[rec],
                {"units": f"{c.unit}/day", "long_name": "2024 output (the world's baseline)"},
            ),
            "price_usd_per_t": ("node", c.price_usd_per_unit[rec], {"units": "USD/t"}),
        },
        attrs=attrs,
    )


def run_scenario(
    scenario: Scenario,
    *,
    runs: int | None = None,
    seed: int | None = None,
    progress: ProgressFn | None = None,
) -> xr.Dataset:
    """Compile and run a scenario (see :func:`run_compiled` for the result)."""
    return run_compiled(compile_scenario(scenario), runs=runs, seed=seed, progress=progress)
