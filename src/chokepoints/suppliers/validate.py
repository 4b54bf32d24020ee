"""Cross-table checks of a supplier map; every problem is reported at once.

Checks, each reported as a :class:`~chokepoints.errors.Problem` naming the file (and
sheet), the row and the column:

- duplicate ids (sites, parts, lines);
- unknown references (a link to a site or part that is not listed; near matches offered);
- countries that are not ISO 3166-1 alpha-3 codes; world products the world does not know;
- unit mismatches (a bill-of-materials or link unit different from the part's unit, an
  inventory in a unit that is neither ``days`` nor the part's unit);
- shares of one (customer site, part) summing to more than 1;
- cycles in the bill of materials or in the supply network (a part that, through its
  suppliers, ends up needing itself);
- orphans: parts used by no line, bill of materials or link; links delivering a part to a
  site that makes nothing using it.
"""

from __future__ import annotations

from collections import defaultdict
from difflib import get_close_matches
from typing import Any

import pycountry

from chokepoints.errors import Problem, raise_if_problems
from chokepoints.suppliers.model import SupplierMap
from chokepoints.world.vocabulary import PRODUCTS_BY_ID

#: Shares of one (customer, part) may exceed 1 by this much (rounding in spreadsheets).
SHARE_TOLERANCE = 1e-3

#: Country codes accepted besides ISO 3166-1 alpha-3 (aggregates of the bundled world).
EXTRA_COUNTRIES = {"EU27", "ROW"}


def _near(value: str, known: set[str]) -> str:
    close = get_close_matches(value, sorted(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _is_country(code: str) -> bool:
    return code in EXTRA_COUNTRIES or pycountry.countries.get(alpha_3=code) is not None


def makes_by_site(smap: SupplierMap) -> dict[str, set[str]]:
    """Parts each site makes: its product lines and the parts it ships in links."""
    made: dict[str, set[str]] = defaultdict(set)
    for r in smap.lines.itertuples():
        made[str(r.site_id)].add(str(r.part_id))
    for r in smap.links.itertuples():
        made[str(r.supplier_site)].add(str(r.part_id))
    return made


def bom_children(smap: SupplierMap) -> dict[str, list[tuple[str, float]]]:
    """Parent part -> [(child part, quantity per parent unit)]."""
    kids: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for r in smap.bom.itertuples():
        kids[str(r.parent_part)].append((str(r.child_part), float(r.quantity)))
    return kids


def _find_cycle(graph: dict[Any, list[Any]]) -> list[list[Any]]:
    """Cycles of a directed graph (one per strongly connected knot), iterative DFS."""
    white, grey, black = 0, 1, 2
    color: dict[Any, int] = defaultdict(int)
    cycles: list[list[Any]] = []
    for start in list(graph):
        if color[start] != white:
            continue
        stack: list[tuple[Any, int]] = [(start, 0)]
        path: list[Any] = []
        while stack:
            node, i = stack.pop()
            if i == 0:
                color[node] = grey
                path.append(node)
            children = graph.get(node, [])
            if i < len(children):
                stack.append((node, i + 1))
                nxt = children[i]
                if color[nxt] == grey:
                    cycles.append(path[path.index(nxt) :] + [nxt])
                elif color[nxt] == white:
                    stack.append((nxt, 0))
            else:
                color[node] = black
                path.pop()
    return cycles


def validate_map(smap: SupplierMap) -> None:
    """Run every cross-table check; raise :class:`~chokepoints.errors.DataErrors` if any fails."""
    raise_if_problems(check_map(smap), context=f"supplier map {smap.name}")


def check_map(smap: SupplierMap) -> list[Problem]:
    """Every problem of the cross-table checks (empty if the map is consistent)."""
    problems: list[Problem] = []
    w = smap.where

    def add(table: str, row: Any, field: str | None, value: Any, reason: str) -> None:
        problems.append(Problem(w(table), None if row is None else int(row), field, value, reason))

    # duplicate ids
    for table, key in (("sites", "site_id"), ("parts", "part_id"), ("lines", "line_id")):
        df = getattr(smap, table)
        dup = df[df[key].duplicated(keep="first")]
        for r in dup.itertuples():
            add(table, r.src_row, key, getattr(r, key), "is a duplicate id (expected each id once)")
    sites = set(smap.sites["site_id"].astype(str))
    parts = set(smap.parts["part_id"].astype(str))
    unit_of = dict(
        zip(smap.parts["part_id"].astype(str), smap.parts["unit"].astype(str), strict=True)
    )

    for r in smap.sites.itertuples():
        code = str(r.country)
        if code and not _is_country(code):
            add(
                "sites",
                r.src_row,
                "country",
                code,
                "is not an ISO 3166-1 alpha-3 country code (expected e.g. DEU, JPN, CHN)",
            )
    for r in smap.parts.itertuples():
        wp = str(r.world_product)
        if wp and wp not in PRODUCTS_BY_ID:
            add(
                "parts",
                r.src_row,
                "world_product",
                wp,
                "is not a product of the bundled world" + _near(wp, set(PRODUCTS_BY_ID)),
            )

    def ref(table: str, row: Any, field: str, value: Any, known: set[str], kind: str) -> bool:
        v = str(value)
        if v not in known:
            add(table, row, field, v, f"is not a {kind} of {w(kind + 's')}" + _near(v, known))
            return False
        return True

    for r in smap.lines.itertuples():
        ref("lines", r.src_row, "site_id", r.site_id, sites, "site")
        ref("lines", r.src_row, "part_id", r.part_id, parts, "part")
    for r in smap.bom.itertuples():
        ok = ref("bom", r.src_row, "parent_part", r.parent_part, parts, "part")
        ok &= ref("bom", r.src_row, "child_part", r.child_part, parts, "part")
        if ok and str(r.unit) != unit_of[str(r.child_part)]:
            add(
                "bom",
                r.src_row,
                "unit",
                r.unit,
                f"does not match the unit of part {r.child_part!s} (expected {unit_of[str(r.child_part)]!r})",
            )
    for r in smap.contents.itertuples():
        ref("contents", r.src_row, "part_id", r.part_id, parts, "part")
    share_sum: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)
    for r in smap.links.itertuples():
        ok = ref("links", r.src_row, "supplier_site", r.supplier_site, sites, "site")
        ok &= ref("links", r.src_row, "customer_site", r.customer_site, sites, "site")
        ok &= ref("links", r.src_row, "part_id", r.part_id, parts, "part")
        if str(r.supplier_site) == str(r.customer_site):
            add(
                "links",
                r.src_row,
                "customer_site",
                r.customer_site,
                "equals supplier_site (expected a delivery between two sites; cycle of length 1)",
            )
        unit = str(r.volume_unit)
        if ok and unit and unit != unit_of[str(r.part_id)]:
            add(
                "links",
                r.src_row,
                "volume_unit",
                unit,
                f"does not match the unit of part {r.part_id!s} (expected {unit_of[str(r.part_id)]!r})",
            )
        share_sum[(str(r.customer_site), str(r.part_id))].append((float(r.share), int(r.src_row)))
    for (cus, part), items in share_sum.items():
        total = sum(s for s, _ in items)
        if total > 1 + SHARE_TOLERANCE:
            rows = ", ".join(str(rw) for _, rw in items)
            add(
                "links",
                items[0][1],
                "share",
                round(total, 4),
                f"shares of part {part} into site {cus} sum above 1 (rows {rows}; expected a total <= 1)",
            )
    for r in smap.inventory.itertuples():
        ok = ref("inventory", r.src_row, "site_id", r.site_id, sites, "site")
        ok &= ref("inventory", r.src_row, "part_id", r.part_id, parts, "part")
        if ok and str(r.unit) not in ("days", unit_of[str(r.part_id)]):
            add(
                "inventory",
                r.src_row,
                "unit",
                r.unit,
                f"does not match part {r.part_id!s} (expected 'days' or {unit_of[str(r.part_id)]!r})",
            )
    for r in smap.alternatives.itertuples():
        ref("alternatives", r.src_row, "customer_site", r.customer_site, sites, "site")
        ref("alternatives", r.src_row, "alternative_site", r.alternative_site, sites, "site")
        ref("alternatives", r.src_row, "part_id", r.part_id, parts, "part")
    for r in smap.substitutes.itertuples():
        ref("substitutes", r.src_row, "part_id", r.part_id, parts, "part")
        ok = ref("substitutes", r.src_row, "substitute_part", r.substitute_part, parts, "part")
        if str(r.site_id):
            ref("substitutes", r.src_row, "site_id", r.site_id, sites, "site")
        if str(r.supplier_site):
            ref("substitutes", r.src_row, "supplier_site", r.supplier_site, sites, "site")
        if (
            ok
            and str(r.part_id) in unit_of
            and unit_of[str(r.part_id)] != unit_of[str(r.substitute_part)]
        ):
            add(
                "substitutes",
                r.src_row,
                "substitute_part",
                r.substitute_part,
                f"is counted in {unit_of[str(r.substitute_part)]!r} but replaces {r.part_id!s} counted in {unit_of[str(r.part_id)]!r} (expected the same unit)",
            )

    # cycles in the bill of materials
    kids = bom_children(smap)
    bom_graph = {p: [c for c, _ in cs] for p, cs in kids.items()}
    bom_row = {
        (str(r.parent_part), str(r.child_part)): int(r.src_row) for r in smap.bom.itertuples()
    }
    for cyc in _find_cycle(bom_graph):
        add(
            "bom",
            bom_row.get((cyc[0], cyc[1])),
            "child_part",
            cyc[1],
            "closes a cycle in the bill of materials: "
            + " -> ".join(cyc)
            + " (expected parts never to contain themselves)",
        )
    # orphans and links to sites that do not use the part
    made = makes_by_site(smap)
    used = (
        set(smap.lines["part_id"].astype(str))
        | set(smap.bom["parent_part"].astype(str))
        | set(smap.bom["child_part"].astype(str))
    )
    used |= set(smap.links["part_id"].astype(str)) | set(
        smap.substitutes["substitute_part"].astype(str)
    )
    for r in smap.parts.itertuples():
        if str(r.part_id) not in used:
            add(
                "parts",
                r.src_row,
                "part_id",
                r.part_id,
                "is an orphan part: no line, bill of materials, link or substitute uses it (expected it to be used, or remove it)",
            )
    link_graph: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    link_row: dict[tuple[tuple[str, str], tuple[str, str]], int] = {}
    for r in smap.links.itertuples():
        cus, part, sup = str(r.customer_site), str(r.part_id), str(r.supplier_site)
        if cus not in sites or part not in parts:
            continue
        parents = [q for q in made.get(cus, set()) if any(c == part for c, _ in kids.get(q, []))]
        if not parents:
            makes = ", ".join(sorted(made.get(cus, set()))) or "nothing"
            add(
                "links",
                r.src_row,
                "part_id",
                part,
                f"is delivered to site {cus}, which makes nothing whose bill of materials uses it (it makes: {makes}; expected a bom row parent -> {part})",
            )
        for q in parents:
            link_graph[(cus, q)].append((sup, part))
            link_row[((cus, q), (sup, part))] = int(r.src_row)
    for cyc in _find_cycle(dict(link_graph)):
        text = " <- ".join(f"{s}:{p}" for s, p in cyc)
        add(
            "links",
            link_row.get((cyc[0], cyc[1])),
            "supplier_site",
            cyc[1][0],
            f"closes a supply cycle: {text} (expected no part to depend on itself through its suppliers)",
        )
    return problems
