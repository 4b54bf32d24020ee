"""Shared fixtures: the bundled world, and a small hand-made world written to disk."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from chokepoints.world import World, load_world, save_world


@pytest.fixture(scope="session")
def bundled_world() -> World:
    return load_world()


def make_small_world() -> World:
    """A three-stage chain: ore in A and B -> oxide in A -> magnet in C, used in C.

    Hand-checkable: C's magnets (100 t) need 36 t REO of NdPr oxide, all made in A,
    whose ore comes 2/3 from A and 1/3 from B.
    """
    src = pd.DataFrame(
        [{"source_id": "t", "publisher": "test", "title": "test data", "url": "", "date": "",
          "licence": "", "units": "", "status": "primary", "note": ""}]
    )  # fmt: skip
    countries = pd.DataFrame(
        [
            {"iso3": c, "name": c, "source": "t", "status": "primary", "method": ""}
            for c in ("AAA", "BBB", "CCC")
        ]
    )
    products = pd.DataFrame(
        [
            {"product_id": p, "stage": s, "name": p, "unit": u, "elements": "Nd;Pr", "hs_codes": h,
             "description": "", "source": "t", "status": "primary", "method": ""}
            for p, s, u, h in [
                ("ore", "ore", "t REO", "2530.90"),
                ("oxide:NdPr", "oxide", "t REO", "2846.90"),
                ("magnet:ndfeb", "magnet", "t product", "8505.11"),
                ("sector:ev", "sector", "t magnet-equivalent", ""),
            ]
        ]
    )  # fmt: skip

    def node(actor: str, product: str, out: float) -> dict[str, object]:
        return {"node_id": f"{actor}:{product}", "actor": actor, "country": actor, "product_id": product,
                "production_t_per_yr": out, "capacity_t_per_yr": out, "inventory_days": 30.0,
                "price_usd_per_t": float("nan"), "source": "t", "status": "primary", "method": ""}  # fmt: skip

    nodes = pd.DataFrame(
        [
            node("AAA", "ore", 100.0),
            node("BBB", "ore", 50.0),
            node("AAA", "oxide:NdPr", 36.0),
            node("CCC", "magnet:ndfeb", 100.0),
            node("CCC", "sector:ev", 100.0),
        ]
    )

    def flow(s: str, c: str, p: str, q: float) -> dict[str, object]:
        return {"flow_id": f"{s}>{c}", "supplier_node": s, "customer_node": c, "product_id": p,
                "quantity_t_per_yr": q, "value_usd_per_yr": float("nan"), "lead_time_days": 10.0,
                "source": "t", "status": "primary", "method": ""}  # fmt: skip

    flows = pd.DataFrame(
        [
            flow("AAA:ore", "AAA:oxide:NdPr", "ore", 24.0),
            flow("BBB:ore", "AAA:oxide:NdPr", "ore", 12.0),
            flow("AAA:oxide:NdPr", "CCC:magnet:ndfeb", "oxide:NdPr", 36.0),
            flow("CCC:magnet:ndfeb", "CCC:sector:ev", "magnet:ndfeb", 100.0),
        ]
    )

    def recipe(o: str, i: str, k: float) -> dict[str, object]:
        return {"recipe_id": f"{o}<{i}", "output_product_id": o, "input_product_id": i,
                "input_per_output": k, "substitute_for": "", "substitution_penalty": 0.0,
                "source": "t", "status": "primary", "method": ""}  # fmt: skip

    recipes = pd.DataFrame(
        [
            recipe("oxide:NdPr", "ore", 1.0),
            recipe("magnet:ndfeb", "oxide:NdPr", 0.36),
            recipe("sector:ev", "magnet:ndfeb", 1.0),
        ]
    )
    tables = {
        "sources": src,
        "countries": countries,
        "products": products,
        "nodes": nodes,
        "flows": flows,
        "recipes": recipes,
    }
    keys = {
        "sources": "source_id",
        "countries": "iso3",
        "products": "product_id",
        "nodes": "node_id",
        "flows": "flow_id",
        "recipes": "recipe_id",
    }
    for k, df in tables.items():
        df.index = pd.Index(df[keys[k]], name=None)
    return World(name="small", **tables)


@pytest.fixture()
def small_world() -> World:
    return make_small_world()


@pytest.fixture()
def small_world_dir(tmp_path: Path, small_world: World) -> Path:
    return save_world(small_world, tmp_path / "small")
