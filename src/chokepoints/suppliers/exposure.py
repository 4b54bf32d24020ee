"""Firm-level exposure: controlled-element content of each product line and where it passes.

Method (``docs/suppliers.md``):

1. **Content per unit.** A part's content of an element (kg per unit) is what the map's
   ``contents`` table declares for it, or else the sum over its bill of materials of
   ``quantity x content of the child``.
2. **Paths.** Starting at a product line with the content of one unit, the content is
   split over the inputs that carry it: between child parts in proportion to what each
   contributes (``quantity x content``), then between a child's suppliers in proportion to
   their ``share``. Inferred suppliers (``world:<ISO3>:<product>``) carry an element if
   their world product contains it. A path ends at the node making the element's origin
   product (``oxide:Dy`` for Dy, a magnet for NdFeB mass); where the map and the inferred
   tiers stop earlier, the rest of the way is taken from the bundled world's embodied
   origin (:func:`chokepoints.engines.exposure.embodied_origin`) for that node's country
   and product, and marked inferred.
3. **Shares by country and tier.** Tier 0 is the line's plant, tier 1 its direct
   suppliers and so on; ``origin`` is where the element's origin product was made. The
   share of content through a country at a tier is the sum over the paths with a node
   in that country at that tier; ``any`` counts a path once if it passes through the
   country at any tier.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from chokepoints.engines.exposure import embodied_origin, input_coefficients
from chokepoints.suppliers.link import LinkedNetwork
from chokepoints.suppliers.model import SupplierMap
from chokepoints.suppliers.schema import CONTENT_ORIGIN_PRODUCTS, MASS_UNITS
from chokepoints.suppliers.validate import bom_children
from chokepoints.world.compile import compile_network_arrays
from chokepoints.world.model import World
from chokepoints.world.vocabulary import PRODUCTS_BY_ID

#: Paths carrying less than this share of a line's content are dropped from the path
#: list (their content still counts in the country shares).
MIN_PATH_SHARE = 1e-4
#: Longest path followed (tiers); deeper content is attributed through the world.
MAX_TIERS = 16


def part_contents(smap: SupplierMap) -> dict[str, dict[str, float]]:
    """Content per unit of each part, kg per part unit, by element (declared or rolled up)."""
    declared: dict[str, dict[str, float]] = defaultdict(dict)
    for r in smap.contents.itertuples():
        kg = float(r.quantity) * MASS_UNITS[str(r.unit)]
        declared[str(r.part_id)][str(r.element)] = (
            declared[str(r.part_id)].get(str(r.element), 0.0) + kg
        )
    kids = bom_children(smap)
    memo: dict[str, dict[str, float]] = {}

    def content(part: str, depth: int = 0) -> dict[str, float]:
        if part in memo:
            return memo[part]
        out: dict[str, float] = {}
        if depth < 64:
            for child, qty in kids.get(part, []):
                for el, kg in content(child, depth + 1).items():
                    out[el] = out.get(el, 0.0) + qty * kg
        out.update(declared.get(part, {}))  # a declared value overrides the roll-up
        memo[part] = out
        return out

    for p in smap.parts["part_id"].astype(str):
        content(p)
    return memo


def _carries(world_product: str, element: str) -> bool:
    spec = PRODUCTS_BY_ID.get(world_product)
    if spec is None:
        return False
    if element in ("NdFeB", "SmCo"):
        return (
            spec.stage in ("component", "sector")
            or world_product in CONTENT_ORIGIN_PRODUCTS[element]
        )
    want = ("Nd", "Pr") if element in ("NdPr", "Nd", "Pr") else (element,)
    return any(w in spec.elements for w in want)


class WorldOrigin:
    """Embodied origin shares of an element for any (world actor, world product)."""

    def __init__(self, world: World) -> None:
        self.arr = compile_network_arrays(world)
        self.m = input_coefficients(
            self.arr.flow_supplier, self.arr.flow_customer, self.arr.flow_qty, self.arr.output
        )
        self.node_pos = {v: i for i, v in enumerate(self.arr.node_ids)}
        self._b: dict[str, np.ndarray] = {}
        self._cache: dict[tuple[str, str, str], list[tuple[str, float]]] = {}

    def _matrix(self, element: str) -> np.ndarray:
        if element not in self._b:
            targets = set(CONTENT_ORIGIN_PRODUCTS[element])
            makes = np.array([self.arr.products[p] in targets for p in self.arr.node_product])
            self._b[element] = embodied_origin(
                self.m, self.arr.node_country, makes, len(self.arr.countries)
            )
        return self._b[element]

    def shares(self, actor: str, product: str, element: str) -> list[tuple[str, float]]:
        """(origin country, share) of ``element`` in ``product`` made by ``actor``."""
        key = (actor, product, element)
        if key in self._cache:
            return self._cache[key]
        b = self._matrix(element)
        i = self.node_pos.get(f"{actor}:{product}")
        if i is not None and b[i].sum() > 0:
            row = b[i]
        else:  # the world-wide output-weighted mix of the product's makers
            sel = [
                j for j, p in enumerate(self.arr.node_product) if self.arr.products[p] == product
            ]
            row = (self.arr.output[sel, None] * b[sel]).sum(axis=0) if sel else np.zeros(b.shape[1])
        total = float(row.sum())
        out = (
            [(self.arr.countries[c], float(row[c] / total)) for c in np.flatnonzero(row > 0)]
            if total > 0
            else []
        )
        out.sort(key=lambda t: -t[1])
        self._cache[key] = out
        return out


@dataclass
class ExposureResult:
    """Tables of a supplier-map exposure (all shares are fractions of a line's content).

    Attributes
    ----------
    summary : DataFrame
        Per line and element: ``line_id, site_id, country, element,
        content_kg_per_unit, content_kg_per_day, top_origin, top_origin_share,
        china_share, inferred_share``.
    by_country : DataFrame
        Per line, element, tier (``0``, ``1``, ..., ``origin``, ``any``) and country:
        ``share``, ``inferred_share``.
    paths : DataFrame
        Per line, element and path: ``path`` (line plant first, origin last),
        ``kg_per_unit``, ``share``, ``inferred``.
    """

    summary: pd.DataFrame
    by_country: pd.DataFrame
    paths: pd.DataFrame

    def as_dict(self) -> dict[str, Any]:
        return {"summary": self.summary, "by_country": self.by_country, "paths": self.paths}


def supplier_exposure(linked: LinkedNetwork, world: World | None = None) -> ExposureResult:
    """Content of each product line and its shares by country, tier and path."""
    if world is None:
        from chokepoints.world.io import load_world

        world = load_world()
    origin = WorldOrigin(world)
    contents = part_contents(linked.smap)
    nodes = linked.nodes
    edges = linked.edges
    into: dict[str, list[Any]] = defaultdict(list)
    for e in edges.itertuples():
        into[str(e.customer_node)].append(e)
    kids = bom_children(linked.smap)

    def label(nid: str) -> str:
        n = nodes.loc[nid]
        if n["inferred"]:
            return f"{n['country']} {n['world_product']} (inferred)"
        return f"{n['site_id']} {n['part_id']} ({n['country']})"

    summary_rows: list[dict[str, Any]] = []
    tier_rows: list[dict[str, Any]] = []
    path_rows: list[dict[str, Any]] = []
    for line in linked.line_nodes.itertuples():
        part = str(line.part_id)
        for element, kg in sorted(contents.get(part, {}).items()):
            if kg <= 0:
                continue
            # (share, hops, inferred) where hops = [(tier, node_id or None, country)]
            done: list[tuple[float, list[tuple[str, str, str]], bool]] = []

            def walk(
                nid: str,
                share: float,
                hops: list[tuple[str, str, str]],
                inferred: bool,
                tier: int,
                el: str = element,
                sink: list[tuple[float, list[tuple[str, str, str]], bool]] = done,
            ) -> None:
                n = nodes.loc[nid]
                hops = hops + [(str(tier), label(nid), str(n["country"]))]
                inferred = inferred or bool(n["inferred"])
                wp = str(n["world_product"])
                if wp in CONTENT_ORIGIN_PRODUCTS[el]:
                    sink.append((share, hops + [("origin", "", str(n["country"]))], inferred))
                    return
                carriers: list[tuple[Any, float]] = []
                if tier < MAX_TIERS:
                    if not n["inferred"]:
                        contrib = {
                            c: q * contents.get(c, {}).get(el, 0.0)
                            for c, q in kids.get(str(n["part_id"]), [])
                        }
                        total = sum(contrib.values())
                        by_child: dict[str, list[Any]] = defaultdict(list)
                        for e in into.get(nid, []):
                            by_child[str(e.child_part)].append(e)
                        if total > 0:
                            for c, w in contrib.items():
                                es = by_child.get(c, [])
                                s = sum(float(e.share) for e in es)
                                carriers += [
                                    (e, share * w / total * float(e.share) / s) for e in es if s > 0
                                ]
                        else:  # no bill of materials: inputs inferred from the world's recipe
                            groups = {
                                c: es
                                for c, es in by_child.items()
                                if es and _carries(str(es[0].world_product), el)
                            }
                            for es in groups.values():
                                s = sum(float(e.share) for e in es)
                                carriers += [
                                    (e, share / len(groups) * float(e.share) / s)
                                    for e in es
                                    if s > 0
                                ]
                    else:
                        es = [e for e in into.get(nid, []) if _carries(str(e.world_product), el)]
                        groups2: dict[str, list[Any]] = defaultdict(list)
                        for e in es:
                            groups2[str(e.child_part)].append(e)
                        for es2 in groups2.values():
                            s = sum(float(e.share) for e in es2)
                            carriers += [
                                (e, share / len(groups2) * float(e.share) / s) for e in es2 if s > 0
                            ]
                covered = sum(s for _, s in carriers)
                for e, s in carriers:
                    walk(str(e.supplier_node), s, hops, inferred, tier + 1)
                rest = share - covered
                if rest > 1e-12:
                    mix = origin.shares(str(n["world_actor"]), wp, el) if wp else []
                    if mix:
                        for c, s in mix:
                            sink.append(
                                (
                                    rest * s,
                                    hops
                                    + [
                                        (
                                            "origin",
                                            f"{c} {CONTENT_ORIGIN_PRODUCTS[el][0]} (inferred)",
                                            c,
                                        )
                                    ],
                                    True,
                                )
                            )
                    else:
                        sink.append((rest, hops + [("origin", "unknown", "unknown")], True))

            walk(str(line.node_id), 1.0, [], False, 0)
            through: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
            origin_by: dict[str, float] = defaultdict(float)
            inferred_total = 0.0
            for share, hops, inf in done:
                seen = set()
                for tier, _, country in hops:
                    acc = through[(tier, country)]
                    acc[0] += share
                    acc[1] += share if inf else 0.0
                    seen.add(country)
                for country in seen:
                    acc = through[("any", country)]
                    acc[0] += share
                    acc[1] += share if inf else 0.0
                origin_by[hops[-1][2]] += share
                inferred_total += share if inf else 0.0
                if share >= MIN_PATH_SHARE:
                    path_rows.append(
                        {
                            "line_id": line.line_id,
                            "element": element,
                            "path": " < ".join(h[1] for h in hops if h[1])
                            + (" [origin]" if not hops[-1][1] else ""),
                            "kg_per_unit": kg * share,
                            "share": share,
                            "inferred": inf,
                        }
                    )
            for (tier, country), (s, si) in through.items():
                tier_rows.append(
                    {
                        "line_id": line.line_id,
                        "element": element,
                        "tier": tier,
                        "country": country,
                        "share": s,
                        "inferred_share": si,
                    }
                )
            top = max(origin_by.items(), key=lambda t: t[1])
            summary_rows.append(
                {
                    "line_id": line.line_id,
                    "site_id": line.site_id,
                    "country": line.country,
                    "element": element,
                    "content_kg_per_unit": kg,
                    "content_kg_per_day": kg * float(line.line_output),
                    "top_origin": top[0],
                    "top_origin_share": top[1],
                    "china_share": origin_by.get("CHN", 0.0),
                    "inferred_share": inferred_total,
                }
            )
    tier_order = {str(i): i for i in range(MAX_TIERS + 1)} | {"origin": 100, "any": 101}
    by_country = pd.DataFrame(
        tier_rows, columns=["line_id", "element", "tier", "country", "share", "inferred_share"]
    )
    if len(by_country):
        by_country["_t"] = by_country["tier"].map(tier_order)
        by_country = by_country.sort_values(
            ["line_id", "element", "_t", "share"], ascending=[True, True, True, False]
        ).drop(columns="_t")
    paths = pd.DataFrame(
        path_rows, columns=["line_id", "element", "path", "kg_per_unit", "share", "inferred"]
    )
    paths = paths.sort_values(["line_id", "element", "share"], ascending=[True, True, False])
    summary = pd.DataFrame(summary_rows)
    return ExposureResult(
        summary=summary.reset_index(drop=True),
        by_country=by_country.reset_index(drop=True),
        paths=paths.reset_index(drop=True),
    )
