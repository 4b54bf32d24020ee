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

from chokepoints.engines.dynamics import CapacityShock, simulate_arrays
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
        licensed = (np.asarray(g.kind) == 1).any(axis=0)
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


def _with_extra_supplier(
    linked: LinkedNetwork,
    world: World | None,
    site: str,
    part: str,
    customer_site: str,
    share: float,
    lead: float,
) -> tuple[LinkedNetwork, str]:
    """Re-link the map with an extra delivery ``site -> customer_site`` of ``part``.

    Returns the new network and the id of the extra edge. The extra edge's volume (and
    its supplier's output) is ``share`` of the need: the supplier's other customers take
    it at baseline; the engine sees the edge as a candidate link (no baseline order).
    """
    smap = linked.smap
    links = pd.concat(
        [
            smap.links,
            pd.DataFrame(
                [
                    {
                        "supplier_site": site,
                        "customer_site": customer_site,
                        "part_id": part,
                        "share": share,
                        "volume": float("nan"),
                        "volume_unit": "",
                        "lead_time_days": lead,
                        "src_row": -1,
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    new = link_map(dataclasses.replace(smap, links=links), world)
    cand = new.edges[
        (new.edges["supplier_node"] == f"{site}|{part}")
        & new.edges["customer_node"].str.startswith(f"{customer_site}|")
    ]
    return new, str(cand["edge_id"].iloc[0])


def _compile_with_candidate(
    linked: LinkedNetwork, edge_id: str, settings: RunSettings
) -> SupplierModel:
    """Compile with ``edge_id`` turned into a candidate link (no baseline order)."""
    e = linked.edges.copy()
    i = int(np.flatnonzero(e["edge_id"] == edge_id)[0])
    alt = float(e.loc[i, "quantity_per_day"])
    sup = str(e.loc[i, "supplier_node"])
    e.loc[i, "quantity_per_day"] = 0.0
    # the candidate's supplier keeps making its baseline output for others (final demand)
    # and has the candidate's volume as spare capacity
    model = compile_linked(dataclasses.replace(linked, edges=e), settings)
    c = model.compiled
    f = int(np.flatnonzero(c.flow_ids == edge_id)[0])
    j = int(np.flatnonzero(c.node_ids == sup)[0])
    flow_alt = c.flow_alt.copy()
    flow_alt[f] = alt
    cap0 = c.cap0.copy()
    cap0[j] = c.x0[j] + alt
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
    """Simulate the baseline and every candidate; return (ranking, baseline per line)."""
    base_model = compile_linked(linked, settings)
    base_prod = simulate_lines(base_model)
    base_lost = _lost_days(base_model, base_prod)
    rows: list[dict[str, Any]] = []
    for mit in candidates(linked, base_model, stock_days=stock_days):
        lost = _simulate_mitigation(mit, linked, base_model, settings, world)
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


def _simulate_mitigation(
    mit: Mitigation,
    linked: LinkedNetwork,
    base: SupplierModel,
    settings: RunSettings,
    world: World | None,
) -> np.ndarray:
    if mit.kind == "stock":
        key = mit.data["key"]
        model = compile_linked(linked, settings, inventory_extra={key: float(mit.data["days"])})
        return _lost_days(model, simulate_lines(model))
    if mit.kind == "expedite":
        g = base.gates
        assert g is not None
        col = mit.data["column"]
        review = np.array(g.review_days, dtype=np.float64, copy=True)
        review[:, col] = review[:, col] / EXPEDITE_REVIEW_FACTOR
        gates = dataclasses.replace(g, review_days=review)
        return _lost_days(base, simulate_lines(base, gates=gates))
    r = mit.data["row"]
    if mit.kind == "alternative":
        new, edge = _with_extra_supplier(
            linked,
            world,
            str(r.alternative_site),
            str(r.part_id),
            str(r.customer_site),
            float(r.capacity_share),
            float(r.lead_time_days),
        )
        model = _compile_with_candidate(new, edge, settings)
        params = dataclasses.replace(
            settings.params,
            rerouting=True,
            qualification_days=int(round(float(r.qualification_days))),
        )
        return _lost_days(model, simulate_lines(model, params=params))
    # substitute: a pseudo-supplier of the substitute feeds the plant's slot of the part
    customers = (
        [str(r.site_id)]
        if str(r.site_id)
        else sorted(
            {
                str(n).split("|")[0]
                for n in linked.edges.loc[
                    linked.edges["child_part"] == str(r.part_id), "customer_node"
                ]
                if not str(n).startswith("world:")
            }
        )
    )
    lost = np.zeros(len(base.line_ids))
    for k, cs in enumerate(customers):
        new, edge = _with_substitute(linked, world, r, cs)
        model = _compile_with_candidate(new, edge, settings)
        q = int(round(float(r.qualification_days)))
        params = dataclasses.replace(settings.params, rerouting=True, qualification_days=q)
        c = model.compiled
        T = settings.horizon_days
        j = np.flatnonzero(np.char.startswith(c.node_ids.astype(str), f"{cs}|"))
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
        lost_k = _lost_days(model, np.asarray(res["production"], dtype=np.float64))
        lost = lost_k if k == 0 else np.minimum(lost, lost_k)  # one plant at a time; best kept
    return lost


def _with_substitute(
    linked: LinkedNetwork, world: World | None, r: Any, customer_site: str
) -> tuple[LinkedNetwork, str]:
    """Re-link with a pseudo-supplier of substitute ``r.substitute_part`` into ``customer_site``.

    The pseudo-site ``<supplier>~sub`` (in the supplier's country; in the plant's own
    country and with no inputs when no supplier is named) makes a pseudo-part with the
    substitute's bill of materials; a bill-of-materials row and a link feed it to the
    plant, and its node is then relabelled as the replaced part so the engine sees it as
    one more (candidate) supplier of that input.
    """
    smap = linked.smap
    part, sub = str(r.part_id), str(r.substitute_part)
    sites = smap.sites.set_index("site_id")
    parts = smap.parts.set_index("part_id")
    named = str(r.supplier_site)
    country = (
        str(sites.loc[named, "country"]) if named else str(sites.loc[customer_site, "country"])
    )
    sub_site = f"{named or 'UNGATED'}~sub"
    sub_part = f"{part}~{sub}"
    new_sites = pd.concat(
        [
            smap.sites,
            pd.DataFrame(
                [
                    {
                        "site_id": sub_site,
                        "firm": "substitute supplier",
                        "country": country,
                        "description": "",
                        "src_row": -1,
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    new_parts = pd.concat(
        [
            smap.parts,
            pd.DataFrame(
                [
                    {
                        "part_id": sub_part,
                        "name": f"{sub} replacing {part}",
                        "unit": parts.loc[part, "unit"],
                        "world_product": parts.loc[sub, "world_product"] if named else "",
                        "unit_cost_usd": parts.loc[sub, "unit_cost_usd"],
                        "src_row": -1,
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    bom = smap.bom
    extra = []
    if named:
        for b in bom[bom["parent_part"] == sub].itertuples():
            extra.append(
                {
                    "parent_part": sub_part,
                    "child_part": b.child_part,
                    "quantity": b.quantity,
                    "unit": b.unit,
                    "src_row": -1,
                }
            )
    for b in bom[bom["child_part"] == part].itertuples():
        extra.append(
            {
                "parent_part": b.parent_part,
                "child_part": sub_part,
                "quantity": b.quantity,
                "unit": b.unit,
                "src_row": -1,
            }
        )
    into = smap.links[
        (smap.links["customer_site"] == customer_site) & (smap.links["part_id"] == part)
    ]
    lead = float(into["lead_time_days"].max()) if len(into) else 0.0
    links = pd.concat(
        [
            smap.links,
            pd.DataFrame(
                [
                    {
                        "supplier_site": sub_site,
                        "customer_site": customer_site,
                        "part_id": sub_part,
                        "share": 1.0,
                        "volume": float("nan"),
                        "volume_unit": "",
                        "lead_time_days": lead,
                        "src_row": -1,
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    smap2 = dataclasses.replace(
        smap,
        sites=new_sites,
        parts=new_parts,
        bom=pd.concat([bom, pd.DataFrame(extra)], ignore_index=True),
        links=links,
    )
    new = link_map(smap2, world)
    sub_node = f"{sub_site}|{sub_part}"
    edges = new.edges.copy()
    mask = edges["supplier_node"] == sub_node
    edges.loc[mask, "part_id"] = part
    edges.loc[mask, "child_part"] = part
    nodes = new.nodes.copy()
    nodes.loc[sub_node, "part_id"] = part
    edge = str(edges.loc[mask, "edge_id"].iloc[0])
    return dataclasses.replace(new, nodes=nodes, edges=edges), edge
