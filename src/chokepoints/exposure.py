"""Exposure analysis on any world: who supplies what, how concentrated, how dependent.

Labelled wrappers over the kernels of :mod:`chokepoints.engines.exposure`:

- :func:`world_summary` -- per product: suppliers by country with shares, and HHI;
- :func:`exposure` -- an importer's supply of a product by origin, directly and as
  embodied upstream content (e.g. Chinese Dy in Japanese magnets), with the paths;
- :func:`whatif_remove` -- output lost per stage, sector and country if one country's
  supply at a stage stops, before any rerouting or use of stocks.

Quantities are in each product's unit (t REO for ore, oxide and metal; t of magnet;
t magnet-equivalent for components and sectors).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd

from chokepoints.engines.exposure import (
    available_fraction,
    embodied_origin,
    input_coefficients,
    shares_and_hhi,
)
from chokepoints.errors import DataError
from chokepoints.world.compile import compile_network_arrays
from chokepoints.world.model import World
from chokepoints.world.vocabulary import STAGES

#: Paths carrying less than this share of a content are folded into "other routes".
PATH_MIN_SHARE = 0.001


def world_summary(world: World, top: int = 5) -> pd.DataFrame:
    """Top suppliers of each product with their shares, and the product's HHI.

    Returns
    -------
    DataFrame
        One row per (product, supplier country) among the ``top`` largest, with columns
        ``stage, product_id, unit, rank, country, production_t_per_yr, share, hhi,
        world_t_per_yr, status, source``.
    """
    rows: list[dict[str, Any]] = []
    nodes = world.nodes
    for pid, prod in world.products.iterrows():
        sel = nodes[nodes["product_id"] == pid]
        if sel.empty:
            continue
        by_c = sel.groupby("country")["production_t_per_yr"].sum().sort_values(ascending=False)
        shares, hhi = shares_and_hhi(by_c.to_numpy(dtype=np.float64))
        for rank, (country, qty) in enumerate(by_c.items(), start=1):
            if rank > top:
                break
            node = sel[sel["country"] == country].iloc[0]
            rows.append(
                {
                    "stage": prod["stage"],
                    "product_id": pid,
                    "unit": prod["unit"],
                    "rank": rank,
                    "country": country,
                    "production_t_per_yr": float(qty),
                    "share": float(shares[rank - 1]),
                    "hhi": round(hhi, 1),
                    "world_t_per_yr": float(by_c.sum()),
                    "status": node["status"],
                    "source": node["source"],
                }
            )
    return pd.DataFrame(rows)


def _country_axis(world: World) -> list[str]:
    return [str(c) for c in world.countries.index]


def exposure(world: World, importer: str, product: str, top_paths: int = 10) -> dict[str, Any]:
    """How an importer's supply of a product depends on each origin country.

    Parameters
    ----------
    world : World
    importer : str
        ISO3 code of the receiving country (or an aggregate such as ``EU27``).
    product : str
        A product id (``magnet:ndfeb_hre``), a stage (``magnet``) or an element suffix.
    top_paths : int
        Paths listed per content (the rest are summed as ``other routes``).

    Returns
    -------
    dict
        ``importer``, ``products``, ``unit``, ``total_t_per_yr`` (received per year),
        ``direct`` (by supplier country: ``t_per_yr``, ``share``), ``content`` (per
        upstream product, by the country where it was made: ``t_per_yr``, ``share``; for
        ``ore`` this is the element content drawn from each mining country, t REO), and
        ``paths`` (per upstream product, routes from the ore to the importer with
        ``t_per_yr`` and ``share``). Every list of shares sums to 1. Domestic supply
        (from the importer's own nodes) counts as origin = importer.
    """
    code = world.check_country(importer)
    pids = world.resolve_products(product)
    units = sorted(set(world.products.loc[pids, "unit"]))
    arr = compile_network_arrays(world)
    countries = list(arr.countries)
    c_of = arr.node_country_ids
    node_prod = arr.node_product_ids
    prod_ids = np.asarray(arr.products)[arr.flow_product]
    into = (c_of[arr.flow_customer] == code) & np.isin(prod_ids, pids)
    if not into.any():
        raise DataError(
            f"has no deliveries of {product!r} in this world",
            field="importer",
            value=importer,
        )
    qty = arr.flow_qty[into]
    sup = arr.flow_supplier[into]
    total = float(qty.sum())
    direct: defaultdict[str, float] = defaultdict(float)
    direct_products: defaultdict[str, set[str]] = defaultdict(set)
    for s, q in zip(sup, qty, strict=True):
        direct[str(c_of[s])] += float(q)
        direct_products[str(c_of[s])].add(str(node_prod[s]))
    m = input_coefficients(arr.flow_supplier, arr.flow_customer, arr.flow_qty, arr.output)
    content: dict[str, list[dict[str, Any]]] = {}
    upstream = _upstream_products(world, pids)
    for q_pid in upstream:
        makes = node_prod == q_pid
        b = embodied_origin(m, arr.node_country, makes, len(countries))
        # content received = sum over incoming flows of qty x B[supplier]
        emb = (qty[:, None] * b[sup]).sum(axis=0)
        tot = float(emb.sum())
        if tot <= 0:
            continue
        content[q_pid] = [
            {"origin": countries[i], "t_per_yr": float(emb[i]), "share": float(emb[i] / tot)}
            for i in np.argsort(-emb)
            if emb[i] > 0
        ]
    paths = {
        q: _paths(code, arr, m, sup, qty, q, top_paths)
        for q in upstream
        if q in content  # only contents actually present
    }
    return {
        "importer": code,
        "product": product,
        "products": pids,
        "unit": units[0] if len(units) == 1 else units,
        "total_t_per_yr": total,
        "direct": [
            {
                "origin": c,
                "t_per_yr": q,
                "share": q / total if total > 0 else 0.0,
                "products": sorted(direct_products[c]),
            }  # fmt: skip
            for c, q in sorted(direct.items(), key=lambda kv: -kv[1])
        ],
        "content": content,
        "paths": paths,
    }


def _upstream_products(world: World, pids: list[str]) -> list[str]:
    """Products upstream of ``pids`` through the recipes, nearest first."""
    rec = world.recipes[world.recipes["substitute_for"] == ""]
    seen: list[str] = []
    frontier = list(pids)
    while frontier:
        nxt: list[str] = []
        for p in frontier:
            for inp in rec.loc[rec["output_product_id"] == p, "input_product_id"]:
                if inp not in seen and inp not in pids:
                    seen.append(str(inp))
                    nxt.append(str(inp))
        frontier = nxt
    order = {s: i for i, s in enumerate(STAGES)}
    return sorted(seen, key=lambda p: -order[world.stage_of(p)])


def _paths(
    importer: str, arr: Any, m: Any, sup: np.ndarray, qty: np.ndarray, target: str, top: int
) -> list[dict[str, Any]]:
    """Routes carrying the target product's content to the importer, largest first."""
    countries = arr.countries
    node_prod = arr.node_product_ids
    routes: dict[tuple[str, ...], float] = defaultdict(float)

    def walk(node: int, amount: float, tail: tuple[str, ...]) -> None:
        label = f"{countries[arr.node_country[node]]} ({node_prod[node]})"
        route = (label, *tail)
        if node_prod[node] == target:
            routes[route] += amount
            return
        start, end = m.indptr[node], m.indptr[node + 1]
        for j, coef in zip(m.indices[start:end], m.data[start:end], strict=True):
            if amount * coef > 0:
                walk(int(j), amount * coef, route)

    importer_tail: tuple[str, ...] = (importer,)
    for s, q in zip(sup, qty, strict=True):
        walk(int(s), float(q), importer_tail)
    total = sum(routes.values())
    if total <= 0:
        return []
    ranked = sorted(routes.items(), key=lambda kv: -kv[1])
    out: list[dict[str, Any]] = [
        {"route": list(r), "t_per_yr": float(v), "share": float(v / total)}
        for r, v in ranked[:top]
        if v / total >= PATH_MIN_SHARE
    ]
    rest = total - sum(float(p["t_per_yr"]) for p in out)
    if rest > 0:
        out.append(
            {"route": ["other routes"], "t_per_yr": float(rest), "share": float(rest / total)}
        )
    return out


def whatif_remove(world: World, remove: str, stage: str) -> dict[str, pd.DataFrame]:
    """Output lost everywhere if ``remove``'s nodes at ``stage`` stop supplying.

    Before any rerouting or use of stocks: the first-round, fixed-proportion loss.

    Returns
    -------
    dict of DataFrame
        ``by_stage``: per stage and product, baseline and lost output (product units) and
        the lost share; ``by_sector``: per end-use sector (world); ``by_country_sector``:
        per country and sector.
    """
    code = world.check_country(remove)
    if stage not in STAGES:
        raise DataError(
            f"is not a stage (expected one of {', '.join(STAGES)})", field="stage", value=stage
        )
    arr = compile_network_arrays(world)
    removed = (arr.node_country_ids == code) & (arr.node_stage == STAGES.index(stage))
    if not removed.any():
        raise DataError(
            f"has no {stage} nodes in this world, so removing it changes nothing",
            field="remove",
            value=remove,
        )
    has_inputs = np.bincount(arr.flow_customer, minlength=arr.n_nodes) > 0
    avail = available_fraction(
        removed,
        arr.node_stage,
        has_inputs,
        arr.flow_supplier,
        arr.flow_customer,
        arr.flow_product,
        arr.flow_qty,
    )
    nodes = world.nodes.copy()
    nodes["lost_t_per_yr"] = arr.output * (1 - avail)
    nodes["stage"] = [STAGES[s] for s in arr.node_stage]

    def agg(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        g = (
            df.groupby(keys, sort=False)[["production_t_per_yr", "lost_t_per_yr"]]
            .sum()
            .reset_index()
        )
        g["lost_share"] = np.where(
            g["production_t_per_yr"] > 0, g["lost_t_per_yr"] / g["production_t_per_yr"], 0.0
        )
        return g.rename(columns={"production_t_per_yr": "baseline_t_per_yr"})

    sectors = nodes[nodes["stage"] == "sector"]
    return {
        "by_stage": agg(nodes, ["stage", "product_id"]),
        "by_sector": agg(sectors, ["product_id"]),
        "by_country_sector": agg(sectors, ["country", "product_id"]),
    }
