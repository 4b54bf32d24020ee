"""Link a supplier map to the country-level world and fill the tiers the user does not know.

The map becomes a network of **nodes** (a part made at a site: ``<site>|<part>``) and
**edges** (a supplier node delivering its part to a customer node). Then:

1. **Baseline volumes.** Product lines set daily output; each node needs its bill of
   materials times its output, and each link carries ``share`` of the customer's need
   (part units per day). Volumes are propagated down the network in topological order.
2. **Inference.** Where the user's shares of a needed part sum to less than 1 (including
   when no supplier is given at all), the remainder is filled from the bundled world:
   suppliers by country in the proportions the world delivers that world product to the
   site's country (``<country>:<world product>`` nodes; the world-wide production shares
   if the country has none). A node whose part is a world product at stage component,
   magnet or metal and has no bill of materials gets its inputs from the world's recipe
   the same way (a Japanese magnet maker's Dy metal comes from the world's Dy metal makers
   that supply Japan). Inferred nodes are ``world:<ISO3>:<product>`` and are themselves
   filled the same way down to the oxide stage. Every inferred node and edge has
   ``inferred = True``.
3. **Policy.** Each edge knows its origin and destination country and its world product,
   so the policy timeline gates it exactly as it gates country-level flows.

Countries of sites are mapped to the world's actors: themselves if the world has them,
``EU27`` for EU members, ``ROW`` otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from chokepoints.suppliers.model import SupplierMap
from chokepoints.suppliers.validate import bom_children, makes_by_site
from chokepoints.world.model import World
from chokepoints.world.vocabulary import EU27_MEMBERS, PRODUCTS_BY_ID

#: World stages whose missing inputs are inferred from the world's recipes.
INFER_STAGES = ("component", "magnet", "metal")
#: Inferred suppliers below this share of a need are folded into the largest one.
MIN_INFERRED_SHARE = 0.001
#: Default lead time of an inferred cross-border delivery, days: China -> Europe by
#: container ship, 4-6 weeks (supply_chain_parameters.csv, row 'shipping_lead_time').
INFERRED_LEAD_TIME_DAYS = 35.0
#: Default inventory cover of an input where the map gives none, days: carmakers' magnet
#: stock of 4-6 weeks (supply_chain_parameters.csv, row 'inventory_cover', Stratton).
DEFAULT_INVENTORY_DAYS = 35.0

#: EU member states (one list for the package: :data:`chokepoints.world.vocabulary.EU27_MEMBERS`).
EU27 = EU27_MEMBERS


def world_actor(country: str, world_countries: set[str]) -> str:
    """The world actor standing for ``country``: itself, ``EU27`` or ``ROW``."""
    if country in world_countries:
        return country
    if country in EU27 and "EU27" in world_countries:
        return "EU27"
    return "ROW"


@dataclass
class LinkedNetwork:
    """A supplier map linked to the world.

    Attributes
    ----------
    nodes : DataFrame
        One row per node: ``node_id, site_id, part_id, country, world_actor,
        world_product, stage, output_per_day, unit, inferred, line_id,
        value_usd_per_unit, unit_cost_usd``.
    edges : DataFrame
        One row per delivery: ``edge_id, supplier_node, customer_node, part_id,
        child_part, share, quantity_per_day, lead_time_days, origin, destination,
        world_product, inferred, cross_border``. ``quantity_per_day`` is in the
        supplier's part unit.
    inventory_days : dict
        (customer node, input part) -> days of baseline use on hand.
    smap : SupplierMap
        The map it came from.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    inventory_days: dict[tuple[str, str], float]
    smap: SupplierMap
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def line_nodes(self) -> pd.DataFrame:
        return self.nodes[self.nodes["line_id"] != ""]


def node_key(site: str, part: str) -> str:
    return f"{site}|{part}"


class _WorldSupply:
    """Shares by supplier country with which the world delivers products to a country."""

    def __init__(self, world: World) -> None:
        self.countries = {str(c) for c in world.countries.index}
        nodes = world.nodes
        flows = world.flows.copy()
        flows["sup_country"] = nodes.loc[flows["supplier_node"], "country"].to_numpy()
        flows["cus_country"] = nodes.loc[flows["customer_node"], "country"].to_numpy()
        flows["cus_product"] = nodes.loc[flows["customer_node"], "product_id"].to_numpy()
        self.flows = flows
        self.production = nodes.groupby(["product_id", "country"])["production_t_per_yr"].sum()
        self._cache: dict[tuple[str, str, str], list[tuple[str, float]]] = {}

    def shares(self, product: str, into_country: str, for_product: str) -> list[tuple[str, float]]:
        """(supplier country, share) of ``product`` delivered into ``into_country``.

        Uses flows into the country's node making ``for_product`` if any, else any flow of
        ``product`` into the country, else the world production shares of ``product``.
        """
        key = (product, into_country, for_product)
        if key in self._cache:
            return self._cache[key]
        f = self.flows
        sel = f[(f["product_id"] == product) & (f["cus_country"] == into_country)]
        narrow = sel[sel["cus_product"] == for_product]
        if len(narrow):
            sel = narrow
        if len(sel):
            by = sel.groupby("sup_country")["quantity_t_per_yr"].sum()
        elif product in self.production.index.get_level_values(0):
            by = self.production.loc[product]
        else:
            by = pd.Series(dtype=float)
        by = by[by > 0]
        total = float(by.sum())
        out: list[tuple[str, float]] = []
        if total > 0:
            shares = (by / total).sort_values(ascending=False)
            big = shares[shares >= MIN_INFERRED_SHARE]
            if len(big):
                big = big / big.sum()
            out = [(str(c), float(s)) for c, s in big.items()]
        self._cache[key] = out
        return out


def _recipe_inputs(world: World, product: str) -> list[tuple[str, float]]:
    rec = world.recipes
    rows = rec[(rec["output_product_id"] == product) & (rec["substitute_for"].fillna("") == "")]
    return [(str(r.input_product_id), float(r.input_per_output)) for r in rows.itertuples()]


def link_map(smap: SupplierMap, world: World | None = None) -> LinkedNetwork:
    """Link ``smap`` to ``world`` (the bundled world by default); see the module docstring."""
    if world is None:
        from chokepoints.world.io import load_world

        world = load_world()
    supply = _WorldSupply(world)
    sites = smap.sites.set_index("site_id")
    parts = smap.parts.set_index("part_id")
    kids = bom_children(smap)
    made = makes_by_site(smap)

    node_rows: dict[str, dict[str, Any]] = {}

    def add_node(site: str, part: str, *, inferred: bool, country: str, wp: str) -> str:
        nid = node_key(site, part) if not inferred else f"world:{country}:{part}"
        if nid not in node_rows:
            stage = PRODUCTS_BY_ID[wp].stage if wp in PRODUCTS_BY_ID else ""
            node_rows[nid] = {
                "node_id": nid,
                "site_id": site,
                "part_id": part,
                "country": country,
                "world_actor": world_actor(country, supply.countries),
                "world_product": wp,
                "stage": stage,
                "output_per_day": 0.0,
                "unit": str(parts.loc[part, "unit"])
                if part in parts.index
                else "output-equivalent",
                "inferred": inferred,
                "line_id": "",
                "line_output": 0.0,
                "value_usd_per_unit": float("nan"),
                "unit_cost_usd": float(parts.loc[part, "unit_cost_usd"])
                if part in parts.index
                else float("nan"),
            }
        return nid

    def user_node(site: str, part: str) -> str:
        return add_node(
            site,
            part,
            inferred=False,
            country=str(sites.loc[site, "country"]),
            wp=str(parts.loc[part, "world_product"]),
        )

    for r in smap.lines.itertuples():
        nid = user_node(str(r.site_id), str(r.part_id))
        node_rows[nid]["line_id"] = str(r.line_id)
        node_rows[nid]["line_output"] = float(r.output_per_day)
        node_rows[nid]["value_usd_per_unit"] = float(r.value_usd_per_unit)
    for site, ps in made.items():
        for p in ps:
            user_node(site, p)

    # edges: (supplier, customer, part, child_part, share per unit need, qty coefficient)
    edge_rows: list[dict[str, Any]] = []
    links_by: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for r in smap.links.itertuples():
        links_by[(str(r.customer_site), str(r.part_id))].append(r)

    def add_edge(
        sup: str, cus: str, child: str, share: float, coef: float, lead: float, inferred: bool
    ) -> None:
        s, c = node_rows[sup], node_rows[cus]
        edge_rows.append(
            {
                "edge_id": f"{sup}>{cus}",
                "supplier_node": sup,
                "customer_node": cus,
                "part_id": s["part_id"],
                "child_part": child,
                "share": share,
                "coefficient": coef,
                "quantity_per_day": 0.0,
                "lead_time_days": lead,
                "origin": s["country"],
                "destination": c["country"],
                "world_product": s["world_product"],
                "inferred": inferred,
            }
        )

    def infer_inputs(cus: str, child: str, wp: str, share: float, coef: float) -> None:
        """Fill ``share`` of ``cus``'s need of ``wp`` from the world's suppliers."""
        c = node_rows[cus]
        for country, s in supply.shares(wp, c["world_actor"], c["world_product"]):
            sup = add_node(f"world:{country}", child, inferred=True, country=country, wp=wp)
            lead = 0.0 if country == c["world_actor"] else INFERRED_LEAD_TIME_DAYS
            add_edge(sup, cus, child, share * s, coef, lead, True)

    done: set[str] = set()
    queue = list(node_rows)
    while queue:
        nid = queue.pop()
        if nid in done:
            continue
        done.add(nid)
        n = node_rows[nid]
        before = set(node_rows)
        if not n["inferred"]:
            children = kids.get(n["part_id"], [])
            for child, qty in children:
                known = links_by.get((n["site_id"], child), [])
                for r in known:
                    sup = node_key(str(r.supplier_site), child)
                    add_edge(sup, nid, child, float(r.share), qty, float(r.lead_time_days), False)
                rest = 1.0 - sum(float(r.share) for r in known)
                child_wp = str(parts.loc[child, "world_product"])
                if rest > 1e-3 and child_wp:
                    infer_inputs(nid, child, child_wp, rest, qty)
            if not children and n["stage"] in INFER_STAGES:
                for wp, _ in _recipe_inputs(world, n["world_product"]):
                    infer_inputs(nid, wp, wp, 1.0, 1.0)
        elif n["stage"] in INFER_STAGES:
            for wp, _ in _recipe_inputs(world, n["world_product"]):
                infer_inputs(nid, wp, wp, 1.0, 1.0)
        queue.extend(sorted(set(node_rows) - before))

    nodes = pd.DataFrame(list(node_rows.values()))
    edges = pd.DataFrame(edge_rows)
    if edges.empty:
        edges = pd.DataFrame(
            columns=[
                "edge_id",
                "supplier_node",
                "customer_node",
                "part_id",
                "child_part",
                "share",
                "coefficient",
                "quantity_per_day",
                "lead_time_days",
                "origin",
                "destination",
                "world_product",
                "inferred",
            ]
        )
    edges = edges.groupby(["supplier_node", "customer_node"], as_index=False, sort=False).agg(
        {
            c: ("sum" if c == "share" else "first")
            for c in edges.columns
            if c not in ("supplier_node", "customer_node")
        }
    )
    _propagate_volumes(nodes, edges)
    edges["cross_border"] = edges["origin"] != edges["destination"]
    inventory = _inventory_days(smap, nodes, edges)
    return LinkedNetwork(
        nodes=nodes.set_index("node_id", drop=False),
        edges=edges.reset_index(drop=True),
        inventory_days=inventory,
        smap=smap,
        meta={"world": world.name},
    )


def _propagate_volumes(nodes: pd.DataFrame, edges: pd.DataFrame) -> None:
    """Baseline output of every node and quantity of every edge, in topological order.

    A node's output is its line output plus what its customers take; an edge carries
    ``customer output x bill-of-materials coefficient x share`` (Kahn's algorithm from
    the product lines down; the validator has ruled out cycles).
    """
    ids = nodes["node_id"].tolist()
    pos = {v: i for i, v in enumerate(ids)}
    n = len(ids)
    sup = edges["supplier_node"].map(pos).to_numpy(dtype=np.int64)
    cus = edges["customer_node"].map(pos).to_numpy(dtype=np.int64)
    share = edges["share"].to_numpy(dtype=np.float64)
    coef = edges["coefficient"].to_numpy(dtype=np.float64)
    indeg = np.bincount(sup, minlength=n)
    by_cus: dict[int, list[int]] = defaultdict(list)
    for e, c in enumerate(cus.tolist()):
        by_cus[c].append(e)
    out = nodes["line_output"].to_numpy(dtype=np.float64).copy()
    qty = np.zeros(len(edges))
    order = [i for i in range(n) if indeg[i] == 0]
    k = 0
    while k < len(order):
        i = order[k]
        k += 1
        for e in by_cus.get(i, []):
            qty[e] = out[i] * coef[e] * share[e]
            j = int(sup[e])
            out[j] += qty[e]
            indeg[j] -= 1
            if indeg[j] == 0:
                order.append(j)
    nodes["output_per_day"] = out
    edges["quantity_per_day"] = qty


def _inventory_days(
    smap: SupplierMap, nodes: pd.DataFrame, edges: pd.DataFrame
) -> dict[tuple[str, str], float]:
    """Days of use on hand per (customer node, input part); the default where not given."""
    need = edges.groupby(["customer_node", "child_part"])["quantity_per_day"].sum()
    out: dict[tuple[str, str], float] = {k: DEFAULT_INVENTORY_DAYS for k in need.index}
    site_nodes = nodes.groupby("site_id")["node_id"].apply(list).to_dict()
    for r in smap.inventory.itertuples():
        keys = [(nid, str(r.part_id)) for nid in site_nodes.get(str(r.site_id), [])]
        keys = [k for k in keys if k in need.index]
        use = float(sum(need[k] for k in keys))
        for key in keys:
            if str(r.unit) == "days":
                out[key] = float(r.quantity)
            else:  # a stock in part units is shared by the site's nodes using the part
                out[key] = float(r.quantity) / use if use > 0 else float("inf")
    return out
