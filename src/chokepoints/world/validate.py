"""Cross-table checks of a World: references, stages, units and balance.

:func:`validate_world` collects every problem before raising one
:class:`~chokepoints.errors.DataErrors`, so a user fixes a file in one pass.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chokepoints.errors import Problem, raise_if_problems
from chokepoints.tables.reader import HEADER_ROW, did_you_mean
from chokepoints.world.model import World
from chokepoints.world.schema import STATUSES

#: Relative tolerance for balance checks (outflows vs output, inflows vs need).
BALANCE_TOLERANCE = 1e-3

_STAGE_ORDER = {"ore": 0, "oxide": 1, "metal": 2, "magnet": 3, "component": 4, "sector": 5}


#: Row number of a table's first data row, as a spreadsheet shows it (header is row 1).
FIRST_DATA_ROW = HEADER_ROW + 1


def _unknown(fname: str, row: int, field: str, value: str, known: pd.Index, what: str) -> Problem:
    return Problem(fname, row, field, value, f"is not a known {what}{did_you_mean(value, known)}")


def validate_world(world: World, *, check_balance: bool = True) -> None:
    """Check referential integrity, stage order, provenance and mass balance.

    Raises
    ------
    DataErrors
        With every problem found, each naming file, row, field and value.
    """
    problems: list[Problem] = []
    problems += _check_sources(world)
    problems += _check_nodes(world)
    problems += _check_flows(world)
    problems += _check_recipes(world)
    if not problems and len(world.nodes) and not (world.nodes["production_t_per_yr"] > 0).any():
        # an all-zero world has nothing to share out: every share would be 0/0 (issue 16)
        problems.append(Problem("nodes.csv", None, "production_t_per_yr", None,
                                "is 0 for every node (expected some output to model)"))  # fmt: skip
    if check_balance and not problems:
        problems += balance_problems(world)
    raise_if_problems(problems, context=f"world {world.name}")


def _check_sources(world: World) -> list[Problem]:
    out: list[Problem] = []
    known = world.sources.index
    for name, df in world.tables().items():
        if name == "sources" or "source" not in df.columns:
            continue
        for row, value in enumerate(df["source"], start=FIRST_DATA_ROW):
            for sid in [s.strip() for s in str(value).split(";") if s.strip()]:
                if sid not in known:
                    out.append(_unknown(f"{name}.csv", row, "source", sid, known, "source id"))
        if "status" in df.columns:
            rows = enumerate(zip(df["status"], df["method"], strict=True), start=FIRST_DATA_ROW)
            for row, (status, method) in rows:
                if status in ("derived", "estimated") and not str(method).strip():
                    out.append(
                        Problem(
                            f"{name}.csv",
                            row,
                            "method",
                            "",
                            f"is empty but status is {status!r} (say how the value was obtained)",
                        )
                    )
                elif status not in STATUSES:
                    pass  # reported by the loader already
    return out


def _check_nodes(world: World) -> list[Problem]:
    out: list[Problem] = []
    nodes, countries, products = world.nodes, world.countries, world.products
    for row, (_, r) in enumerate(nodes.iterrows(), start=FIRST_DATA_ROW):
        if r["country"] not in countries.index:
            out.append(
                _unknown(
                    "nodes.csv",
                    row,
                    "country",
                    r["country"],
                    countries.index,
                    "country (ISO3) in countries.csv",
                )
            )
        if r["product_id"] not in products.index:
            out.append(
                _unknown(
                    "nodes.csv",
                    row,
                    "product_id",
                    r["product_id"],
                    products.index,
                    "product in products.csv",
                )
            )
        if not str(r["actor"]).startswith("firm:") and r["actor"] != r["country"]:
            out.append(
                Problem(
                    "nodes.csv",
                    row,
                    "actor",
                    r["actor"],
                    f"is a country actor but differs from country {r['country']!r}",
                )
            )
        if r["capacity_t_per_yr"] + 1e-9 < r["production_t_per_yr"]:
            out.append(
                Problem(
                    "nodes.csv",
                    row,
                    "capacity_t_per_yr",
                    r["capacity_t_per_yr"],
                    f"is below production_t_per_yr {r['production_t_per_yr']:g} (capacity must be >= output)",
                )
            )
    return out


def _check_flows(world: World) -> list[Problem]:
    out: list[Problem] = []
    flows, nodes = world.flows, world.nodes
    recipe_inputs = set(
        zip(world.recipes["output_product_id"], world.recipes["input_product_id"], strict=True)
    )
    for row, (_, r) in enumerate(flows.iterrows(), start=FIRST_DATA_ROW):
        ok = True
        for field in ("supplier_node", "customer_node"):
            if r[field] not in nodes.index:
                out.append(
                    _unknown("flows.csv", row, field, r[field], nodes.index, "node_id in nodes.csv")
                )
                ok = False
        if not ok:
            continue
        sup_product = nodes.loc[r["supplier_node"], "product_id"]
        if r["product_id"] != sup_product:
            out.append(
                Problem(
                    "flows.csv",
                    row,
                    "product_id",
                    r["product_id"],
                    f"differs from the supplier's product {sup_product!r}",
                )
            )
        cust_product = nodes.loc[r["customer_node"], "product_id"]
        if (cust_product, r["product_id"]) not in recipe_inputs:
            out.append(
                Problem(
                    "flows.csv",
                    row,
                    "customer_node",
                    r["customer_node"],
                    f"makes {cust_product!r}, whose recipe has no input {r['product_id']!r} (add a recipe row)",
                )
            )
    return out


def _check_recipes(world: World) -> list[Problem]:
    out: list[Problem] = []
    rec, products = world.recipes, world.products
    for row, (_, r) in enumerate(rec.iterrows(), start=FIRST_DATA_ROW):
        bad = False
        for field in ("output_product_id", "input_product_id"):
            if r[field] not in products.index:
                out.append(
                    _unknown(
                        "recipes.csv",
                        row,
                        field,
                        r[field],
                        products.index,
                        "product in products.csv",
                    )
                )
                bad = True
        if bad:
            continue
        s_out = _STAGE_ORDER.get(str(products.loc[r["output_product_id"], "stage"]), 0)
        s_in = _STAGE_ORDER.get(str(products.loc[r["input_product_id"], "stage"]), 0)
        if s_in >= s_out:
            out.append(
                Problem(
                    "recipes.csv",
                    row,
                    "input_product_id",
                    r["input_product_id"],
                    "is not upstream of the output product (inputs must come from an earlier stage)",
                )
            )
        if r["substitute_for"] and r["substitute_for"] not in products.index:
            out.append(
                _unknown(
                    "recipes.csv",
                    row,
                    "substitute_for",
                    r["substitute_for"],
                    products.index,
                    "product",
                )
            )
        if r["substitution_penalty"] > 1:
            out.append(
                Problem(
                    "recipes.csv",
                    row,
                    "substitution_penalty",
                    r["substitution_penalty"],
                    "is above 1 (expected a fraction 0..1)",
                )
            )
    return out


def balance_table(world: World) -> pd.DataFrame:
    """Per node: output, deliveries to customers, and per input the supply vs the need.

    Returns one row per (node, input product) with columns ``production_t_per_yr``,
    ``outflow_t_per_yr``, ``input_product_id``, ``inflow_t_per_yr`` and
    ``required_t_per_yr`` (output x input_per_output), all in the products' units.
    """
    nodes = world.nodes
    out_sum = world.flows.groupby("supplier_node")["quantity_t_per_yr"].sum()
    in_sum = world.flows.groupby(["customer_node", "product_id"])["quantity_t_per_yr"].sum()
    main = world.recipes[world.recipes["substitute_for"] == ""]
    rows = []
    for nid, node in nodes.iterrows():
        need = main[main["output_product_id"] == node["product_id"]]
        base = {
            "node_id": nid,
            "production_t_per_yr": node["production_t_per_yr"],
            "outflow_t_per_yr": float(out_sum.get(nid, 0.0)),
        }
        if need.empty:
            rows.append(
                {
                    **base,
                    "input_product_id": "",
                    "inflow_t_per_yr": np.nan,
                    "required_t_per_yr": np.nan,
                }
            )
        for _, rec in need.iterrows():
            rows.append(
                {
                    **base,
                    "input_product_id": rec["input_product_id"],
                    "inflow_t_per_yr": float(in_sum.get((nid, rec["input_product_id"]), 0.0)),
                    "required_t_per_yr": node["production_t_per_yr"] * rec["input_per_output"],
                }
            )
    return pd.DataFrame(rows)


def balance_problems(world: World, tol: float = BALANCE_TOLERANCE) -> list[Problem]:
    """Problems where a node ships more than it makes, or receives less input than it needs."""
    out: list[Problem] = []
    bal = balance_table(world)
    if bal.empty:
        return out
    row_of = {nid: i for i, nid in enumerate(world.nodes.index, start=FIRST_DATA_ROW)}
    seen: set[str] = set()
    for _, r in bal.iterrows():
        nid = r["node_id"]
        row = row_of[nid]
        prod = r["production_t_per_yr"]
        if nid not in seen and r["outflow_t_per_yr"] > prod * (1 + tol) + 1e-6:
            out.append(
                Problem(
                    "nodes.csv",
                    row,
                    "production_t_per_yr",
                    prod,
                    f"is below the {r['outflow_t_per_yr']:.6g} shipped by flows.csv (node {nid})",
                )
            )
        seen.add(nid)
        need = r["required_t_per_yr"]
        if r["input_product_id"] and need > 0 and r["inflow_t_per_yr"] < need * (1 - tol) - 1e-6:
            out.append(
                Problem(
                    "flows.csv",
                    None,
                    "quantity_t_per_yr",
                    f"{r['inflow_t_per_yr']:.6g}",
                    f"is the {r['input_product_id']} delivered to {nid}, below the {need:.6g} its "
                    "output needs (add supplier flows or lower production)",
                )
            )
    return out
