"""Candidate mitigations for a supplier map, each simulated and ranked.

For a scenario, the baseline run (no mitigation) gives each product line's output lost.
Each candidate is then simulated alone, and ranked by **production-days saved per
million US$**: the sum over lines of (days of full output lost without it minus with
it; mean over Monte Carlo runs), divided by its cost. Candidates (``docs/suppliers.md``):

- ``stock``: ``N`` more days of an input at a plant (every input of every plant of the
  map). Cost: the value of the extra stock times the holding cost rate over the horizon
  (capital, storage, obsolescence; :data:`HOLDING_COST_PER_YEAR`).
- ``alternative``: qualify an alternative supplier from ``alternatives``: it can take
  ``capacity_share`` of the need once the usual supplier has been blocked for
  ``qualification_days``. The alternative's own inputs come from the world, so an
  alternative that depends on the same chokepoint helps little. Cost: ``cost_usd``.
- ``substitute``: switch to a substitute part from ``substitutes``, supplied by its
  ``supplier_site`` (or an ungated supplier if none), after ``qualification_days``; the
  plant loses ``penalty`` of its output from then to the horizon. Cost: ``cost_usd``.
- ``expedite``: an expedited licence on a gated cross-border delivery: licence review
  time divided by :data:`EXPEDITE_REVIEW_FACTOR`. Cost: :data:`EXPEDITE_COST_USD` per
  delivery route (legal and consulting work).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from chokepoints.engines.dynamics import CapacityShock, Gates, simulate_arrays
from chokepoints.suppliers.link import LinkedNetwork, link_map
from chokepoints.suppliers.run import (
    RunSettings,
    SupplierModel,
    compile_linked,
    line_metrics,
    simulate_lines,
)
from chokepoints.world.model import World

#: Holding cost of stock, share of its value per year (capital, storage, obsolescence):
#: a common textbook range is 20-30%; 25% is assumed.
HOLDING_COST_PER_YEAR = 0.25
#: Expedited licences: review time divided by this factor (assumption).
EXPEDITE_REVIEW_FACTOR = 3.0
#: Expedited licences: cost per gated delivery route, US$ (assumption).
EXPEDITE_COST_USD = 50_000.0
#: Default extra stock, days.
DEFAULT_STOCK_DAYS = 30.0


@dataclass(frozen=True)
class Mitigation:
    """One candidate mitigation."""

    mitigation_id: str
    kind: str
    target: str
    cost_usd: float
    assumption: str
    data: dict[str, Any] = dataclasses.field(default_factory=dict)


def candidates(
    linked: LinkedNetwork, model: SupplierModel, *, stock_days: float = DEFAULT_STOCK_DAYS
) -> list[Mitigation]:
    """Every candidate mitigation the map allows (see the module docstring)."""
    out: list[Mitigation] = []
    nodes = linked.nodes
    parts = linked.smap.parts.set_index("part_id")
    horizon_years = model.settings.horizon_days / 365.0
    e = linked.edges
    need = e.groupby(["customer_node", "child_part"])["quantity_per_day"].sum()
    for (cus, part), use in need.items():
        if nodes.loc[cus, "inferred"] or part not in parts.index or use <= 0:
            continue
        unit_cost = float(parts.loc[part, "unit_cost_usd"])
        value = stock_days * use * unit_cost
        cost = value * HOLDING_COST_PER_YEAR * horizon_years
        site = nodes.loc[cus, "site_id"]
        out.append(
            Mitigation(
                f"stock:{site}:{part}",
                "stock",
                f"+{stock_days:g} days of {part} at {site}",
                cost,
                f"{stock_days:g} d x {use:,.4g} {parts.loc[part, 'unit']}/d x {unit_cost:,.4g} US$ x {HOLDING_COST_PER_YEAR:.0%}/yr holding x {horizon_years:.2g} yr",
                {"key": (cus, part), "days": stock_days},
            )
        )
    for r in linked.smap.alternatives.itertuples():
        out.append(
            Mitigation(
                f"alternative:{r.alternative_site}:{r.part_id}>{r.customer_site}",
                "alternative",
                f"qualify {r.alternative_site} for {r.part_id} at {r.customer_site}",
                float(r.cost_usd),
                f"up to {float(r.capacity_share):.0%} of the need after {float(r.qualification_days):g} days blocked; cost from alternatives.csv",
                {"row": r},
            )
        )
    for r in linked.smap.substitutes.itertuples():
        where = r.site_id or "every site"
        out.append(
            Mitigation(
                f"substitute:{r.substitute_part}>{r.part_id}@{r.site_id or '*'}",
                "substitute",
                f"switch {r.part_id} to {r.substitute_part} at {where}",
                float(r.cost_usd),
                f"after {float(r.qualification_days):g} days; {float(r.penalty):.0%} of the plant's output lost from then on; supplier {r.supplier_site or 'outside the controls'}",
                {"row": r},
            )
        )
    g = model.gates
    if g is not None and g.flow_index is not None:
        # gated deliveries (positions in flow_index) whose gate needs a licence on some day
        licensed = (np.asarray(g.kind) == 1).any(axis=0)[g.columns(len(g.flow_index))]
        fe = model.flow_edge
        for col in np.flatnonzero(licensed):
            f = int(g.flow_index[col])
            edge = fe.iloc[f]
            if bool(edge["inferred"]):
                continue
            out.append(
                Mitigation(
                    f"expedite:{edge['edge_id']}",
                    "expedite",
                    f"expedited licence for {edge['part_id']} {edge['origin']}->{edge['destination']} ({edge['supplier_node']})",
                    EXPEDITE_COST_USD,
                    f"licence review time / {EXPEDITE_REVIEW_FACTOR:g}; {EXPEDITE_COST_USD:,.0f} US$ per route (assumed)",
                    {"column": int(col)},
                )
            )
    return out


def _row(**values: Any) -> pd.DataFrame:
    return pd.DataFrame([{**values, "src_row": -1}])


def augment(
    linked: LinkedNetwork, world: World | None
) -> tuple[LinkedNetwork, dict[str, list[tuple[str, float]]]]:
    """The map plus every alternative and substitute, idle, linked once.

    All candidates live in one network, so the baseline and every mitigation are
    simulated on the same nodes and flows: the engine's licence draws are keyed by flow,
    and a shared layout gives every run the same draws (common random numbers).

    Each alternative becomes a pseudo-site ``<site>~alt@<plant>`` in the alternative's
    country (its inputs inferred from the world) linked with share 0; each substitute a
    pseudo-site
    ``<supplier>~<substitute>@<plant>`` making a pseudo-part with the substitute's bill
    of materials (none, and in the plant's country, when no supplier is named), linked to
    the plant's nodes using the replaced part and relabelled as that part, so the engine
    sees one more supplier of the same input. Volumes are then propagated again with each
    candidate at its full volume (``capacity_share`` of the need, or all of it for a
    substitute): its supplier's output includes it, and :func:`compile_candidates` turns
    it into a candidate link.

    Returns
    -------
    (LinkedNetwork, dict)
        The augmented network, and per mitigation id its candidate edges with their
        volumes (part units per day).
    """
    from chokepoints.suppliers.link import _propagate_volumes
    from chokepoints.suppliers.validate import bom_children, makes_by_site

    smap = linked.smap
    sites = smap.sites.set_index("site_id")
    parts = smap.parts.set_index("part_id")
    add_sites: list[pd.DataFrame] = []
    add_parts: list[pd.DataFrame] = []
    add_bom: list[pd.DataFrame] = []
    add_links: list[pd.DataFrame] = []
    for r in smap.alternatives.itertuples():
        # a pseudo-site, so an alternative that already supplies the plant keeps its link
        pseudo = f"{r.alternative_site}~alt@{r.customer_site}"
        add_sites.append(
            _row(
                site_id=pseudo,
                firm="alternative supplier",
                country=sites.loc[str(r.alternative_site), "country"],
                description="",
            )
        )
        add_links.append(
            _row(
                supplier_site=pseudo,
                customer_site=r.customer_site,
                part_id=r.part_id,
                share=0.0,
                volume=float("nan"),
                volume_unit="",
                lead_time_days=float(r.lead_time_days),
            )
        )
    made = makes_by_site(smap)
    kids = bom_children(smap)
    subs: list[
        tuple[str, str, str, str, float]
    ] = []  # (mitigation id, plant, pseudo-site, pseudo-part, lead)
    for r in smap.substitutes.itertuples():
        part, sub, named = str(r.part_id), str(r.substitute_part), str(r.supplier_site)
        users = sorted(
            s for s, ps in made.items() if any(c == part for q in ps for c, _ in kids.get(q, []))
        )
        plants = [str(r.site_id)] if str(r.site_id) else users
        mid = f"substitute:{sub}>{part}@{r.site_id or '*'}"
        pseudo_part = f"{part}~{sub}"
        if pseudo_part not in parts.index and not any(
            pseudo_part == str(x["part_id"].iloc[0]) for x in add_parts
        ):
            add_parts.append(
                _row(
                    part_id=pseudo_part,
                    name=f"{sub} replacing {part}",
                    unit=parts.loc[part, "unit"],
                    world_product=parts.loc[sub, "world_product"] if named else "",
                    unit_cost_usd=parts.loc[sub, "unit_cost_usd"],
                )
            )
            if named:
                for b in smap.bom[smap.bom["parent_part"] == sub].itertuples():
                    add_bom.append(
                        _row(
                            parent_part=pseudo_part,
                            child_part=b.child_part,
                            quantity=b.quantity,
                            unit=b.unit,
                        )
                    )
        for plant in plants:
            country = (
                str(sites.loc[named, "country"]) if named else str(sites.loc[plant, "country"])
            )
            pseudo_site = f"{named or 'UNGATED'}~{sub}@{plant}"
            add_sites.append(
                _row(
                    site_id=pseudo_site, firm="substitute supplier", country=country, description=""
                )
            )
            into = smap.links[
                (smap.links["customer_site"] == plant) & (smap.links["part_id"] == part)
            ]
            lead = float(into["lead_time_days"].max()) if len(into) else 0.0
            add_links.append(
                _row(
                    supplier_site=pseudo_site,
                    customer_site=plant,
                    part_id=pseudo_part,
                    share=0.0,
                    volume=float("nan"),
                    volume_unit="",
                    lead_time_days=lead,
                )
            )
            subs.append((mid, plant, pseudo_site, pseudo_part, lead))
    aug = dataclasses.replace(
        smap,
        sites=pd.concat([smap.sites, *add_sites], ignore_index=True),
        parts=pd.concat([smap.parts, *add_parts], ignore_index=True),
        bom=pd.concat([smap.bom, *add_bom], ignore_index=True),
        links=pd.concat([smap.links, *add_links], ignore_index=True),
    )
    new = link_map(aug, world)
    nodes, edges = new.nodes.copy(), new.edges.copy()
    cand: dict[str, list[str]] = {}
    for r in smap.alternatives.itertuples():
        mid = f"alternative:{r.alternative_site}:{r.part_id}>{r.customer_site}"
        pseudo = f"{r.alternative_site}~alt@{r.customer_site}"
        mask = (edges["supplier_node"] == f"{pseudo}|{r.part_id}") & edges[
            "customer_node"
        ].str.startswith(f"{r.customer_site}|")
        edges.loc[mask, "share"] = float(r.capacity_share)
        cand.setdefault(mid, []).extend(edges.loc[mask, "edge_id"].tolist())
    extra = []
    for mid, plant, pseudo_site, pseudo_part, lead in subs:
        part = pseudo_part.split("~", 1)[0]
        sub_node = f"{pseudo_site}|{pseudo_part}"
        nodes.loc[sub_node, "part_id"] = part
        for q in sorted(made.get(plant, set())):
            for c, qty in kids.get(q, []):
                if c != part or f"{plant}|{q}" not in nodes.index:
                    continue
                cus = f"{plant}|{q}"
                eid = f"{sub_node}>{cus}"
                extra.append({
                    "edge_id": eid, "supplier_node": sub_node, "customer_node": cus, "part_id": part, "child_part": part,
                    "share": 1.0, "coefficient": qty, "quantity_per_day": 0.0, "lead_time_days": lead,
                    "origin": nodes.loc[sub_node, "country"], "destination": nodes.loc[cus, "country"],
                    "world_product": nodes.loc[sub_node, "world_product"], "inferred": False,
                    "cross_border": nodes.loc[sub_node, "country"] != nodes.loc[cus, "country"],
                })  # fmt: skip
                cand.setdefault(mid, []).append(eid)
    if extra:
        edges = pd.concat([edges, pd.DataFrame(extra)], ignore_index=True)
    nodes["output_per_day"] = 0.0
    _propagate_volumes(nodes, edges)
    vol = edges.set_index("edge_id")["quantity_per_day"]
    out = {mid: [(e, float(vol[e])) for e in ids] for mid, ids in cand.items()}
    return dataclasses.replace(new, nodes=nodes, edges=edges), out


def compile_candidates(
    aug: LinkedNetwork,
    settings: RunSettings,
    candidate_volumes: dict[str, list[tuple[str, float]]],
    active: list[tuple[str, float]],
    *,
    inventory_extra: dict[tuple[str, str], float] | None = None,
) -> SupplierModel:
    """Compile the augmented network: every candidate edge without a baseline order; the
    ``active`` ones become candidate links (weight and spare capacity = their volume)."""
    idle = {e for ids in candidate_volumes.values() for e, _ in ids}
    edges = aug.edges.copy()
    edges.loc[edges["edge_id"].isin(idle), "quantity_per_day"] = 0.0
    # each idle candidate's supplier keeps its output for others (final demand)
    model = compile_linked(
        dataclasses.replace(aug, edges=edges), settings, inventory_extra=inventory_extra
    )
    if not active:
        return model
    c = model.compiled
    fpos = {v: i for i, v in enumerate(c.flow_ids.tolist())}
    npos = {v: i for i, v in enumerate(c.node_ids.tolist())}
    sup_of = aug.edges.set_index("edge_id")["supplier_node"]
    flow_alt = c.flow_alt.copy()
    cap0 = c.cap0.copy()
    for eid, volume in active:
        flow_alt[fpos[eid]] = volume
        cap0[npos[str(sup_of[eid])]] += volume
    model.compiled = dataclasses.replace(c, flow_alt=flow_alt, cap0=cap0)
    return model


def _lost_days(model: SupplierModel, prod: np.ndarray) -> np.ndarray:
    m = line_metrics(prod, model.compiled.x0[model.line_index])
    return np.asarray(m["output_lost_days"].mean(axis=0))  # mean over runs, per line


def evaluate(
    linked: LinkedNetwork,
    settings: RunSettings,
    *,
    world: World | None = None,
    stock_days: float = DEFAULT_STOCK_DAYS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate the baseline and every candidate; return (ranking, baseline per line).

    The baseline here runs on the map plus every candidate, idle (see :func:`augment`),
    so its figures can differ slightly from ``run``'s by the random draws.
    """
    aug, volumes = augment(linked, world)
    base_model = compile_candidates(aug, settings, volumes, [])
    base_prod = simulate_lines(base_model)
    base_lost = _lost_days(base_model, base_prod)
    rows: list[dict[str, Any]] = []
    for mit in candidates(linked, base_model, stock_days=stock_days):
        lost = _simulate_mitigation(mit, aug, volumes, base_model, settings)
        saved = base_lost - lost
        row: dict[str, Any] = {
            "mitigation": mit.target,
            "kind": mit.kind,
            "cost_usd": mit.cost_usd,
            "production_days_saved": float(saved.sum()),
        }
        for k, lid in enumerate(base_model.line_ids):
            row[f"saved_days_{lid}"] = float(saved[k])
        row["days_saved_per_musd"] = (
            float(saved.sum() / (mit.cost_usd / 1e6))
            if mit.cost_usd > 0
            else (float("inf") if saved.sum() > 0 else 0.0)
        )
        row["assumptions"] = mit.assumption
        row["mitigation_id"] = mit.mitigation_id
        rows.append(row)
    ranking = pd.DataFrame(rows)
    if len(ranking):
        ranking["_cost_known"] = ranking["cost_usd"].notna()
        ranking = ranking.sort_values(
            ["_cost_known", "days_saved_per_musd", "production_days_saved"],
            ascending=[False, False, False],
            kind="stable",
        ).drop(columns="_cost_known")
        ranking.insert(0, "rank", np.arange(1, len(ranking) + 1))
    base = pd.DataFrame({"line_id": base_model.line_ids, "output_lost_days_mean": base_lost})
    return ranking.reset_index(drop=True), base


def _expedited(g: Gates, i: int) -> Gates:
    """``g`` with the licence review of the ``i``-th gated delivery alone shortened.

    The delivery gets a gate column of its own (a copy of the one it shared with the
    deliveries of the same key), whose review time is divided by the expedite factor.
    """
    col = g.columns(len(g.flow_index) if g.flow_index is not None else g.n_columns)
    own = g.n_columns
    column = col.copy()
    column[i] = own

    def _extended(a: Any, scale: float = 1.0) -> np.ndarray:
        a = np.asarray(a)
        extra = a[:, [col[i]]]
        return np.concatenate([a, extra / scale if scale != 1.0 else extra], axis=1)

    return dataclasses.replace(
        g,
        kind=_extended(g.kind),
        approval_prob=_extended(g.approval_prob),
        review_days=_extended(g.review_days, EXPEDITE_REVIEW_FACTOR),
        quota_t_per_day=_extended(g.quota_t_per_day),
        column=column,
    )


def _simulate_mitigation(
    mit: Mitigation,
    aug: LinkedNetwork,
    volumes: dict[str, list[tuple[str, float]]],
    base: SupplierModel,
    settings: RunSettings,
) -> np.ndarray:
    if mit.kind == "stock":
        model = compile_candidates(
            aug, settings, volumes, [], inventory_extra={mit.data["key"]: float(mit.data["days"])}
        )
        return _lost_days(model, simulate_lines(model))
    if mit.kind == "expedite":
        g = base.gates
        assert g is not None
        return _lost_days(base, simulate_lines(base, gates=_expedited(g, mit.data["column"])))
    r = mit.data["row"]
    model = compile_candidates(aug, settings, volumes, volumes.get(mit.mitigation_id, []))
    q = int(round(float(r.qualification_days)))
    params = dataclasses.replace(settings.params, rerouting=True, qualification_days=q)
    if mit.kind == "alternative":
        return _lost_days(model, simulate_lines(model, params=params))
    # substitute: the plant loses `penalty` of its output from the qualification day on
    c = model.compiled
    T = settings.horizon_days
    plants = sorted(
        {e.split(">", 1)[1].split("|", 1)[0] for e, _ in volumes.get(mit.mitigation_id, [])}
    )
    j = np.flatnonzero(np.isin(np.char.partition(c.node_ids.astype(str), "|")[:, 0], plants))
    delta = np.zeros((T, j.size))
    delta[min(q, T) :, :] = float(r.penalty)
    shock = CapacityShock(node_index=j.astype(np.int64), delta=delta)
    res = simulate_arrays(
        c,
        n_steps=T,
        n_runs=settings.runs,
        seed=settings.seed,
        params=params,
        gates=model.gates,
        shock=shock,
        record_nodes=model.line_index,
    )
    return _lost_days(model, np.asarray(res["production"], dtype=np.float64))
