"""The world's products table is the vocabulary: a user product can be gated."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from chokepoints.errors import DataErrors, NotFoundError
from chokepoints.policy import Timeline, compile_gates
from chokepoints.world import World, load_world, save_world
from chokepoints.world.vocabulary import PRODUCTS_BY_ID, products_from_table, use_vocabulary

GA_BAN = """\
measures:
  - id: test-ga-ban
    title: Hypothetical gallium oxide export ban (test)
    kind: ban
    issuer: CHN
    coverage: {products: ["oxide:Ga"]}
    start: 2025-01-01
    source: https://example.org/test
    status: estimated
"""


def _with_gallium(world: World) -> World:
    """``world`` plus a gallium oxide maker in AAA whose oxide the magnet plant uses."""
    prod = dict(world.products.iloc[1])
    prod.update(product_id="oxide:Ga", name="gallium oxide", elements="Ga", hs_codes="2825.90")
    node = dict(world.nodes.loc["AAA:oxide:NdPr"])
    node.update(node_id="AAA:oxide:Ga", product_id="oxide:Ga", production_t_per_yr=1.0)
    node.update(capacity_t_per_yr=1.0)
    flow = dict(world.flows.iloc[2])
    flow.update(
        flow_id="AAA:oxide:Ga>CCC:magnet:ndfeb",
        supplier_node="AAA:oxide:Ga",
        product_id="oxide:Ga",
        quantity_t_per_yr=1.0,
    )
    rec = dict(world.recipes.iloc[1])
    rec.update(recipe_id="magnet:ndfeb<oxide:Ga", input_product_id="oxide:Ga")
    rec.update(input_per_output=0.01)

    def add(df: pd.DataFrame, row: dict[str, object], key: str) -> pd.DataFrame:
        out = pd.concat([df, pd.DataFrame([row])], ignore_index=True)
        out.index = pd.Index(out[key], name=None)
        return out

    tables = world.tables()
    tables["products"] = add(world.products, prod, "product_id")
    tables["nodes"] = add(world.nodes, node, "node_id")
    tables["flows"] = add(world.flows, flow, "flow_id")
    tables["recipes"] = add(world.recipes, rec, "recipe_id")
    return World(**tables, name="with gallium")


def test_user_product_validates_and_is_gated(small_world: World, tmp_path: Path) -> None:
    folder = save_world(_with_gallium(small_world), tmp_path / "ga")
    args = (["CHN"], ["USA"], ["oxide:Ga"], "2025-06-01", "2025-06-01")
    if "oxide:Ga" not in PRODUCTS_BY_ID:  # not yet seen in this process
        with pytest.raises(NotFoundError, match="No product named 'oxide:Ga'"):
            compile_gates(Timeline.load(), *args)
        with pytest.raises(DataErrors, match="'oxide:Ga' matches no product"):
            Timeline.load(_write(tmp_path, GA_BAN))
    world = load_world(folder)
    assert "oxide:Ga" in world.products.index
    timeline = Timeline.load(_write(tmp_path, GA_BAN))  # a measure may now name it
    gates = compile_gates(timeline, *args)
    assert gates.kind[0, 0] == 2  # closed by the ban that names the user's product
    assert PRODUCTS_BY_ID["oxide:Ga"].hs_codes == ("2825.90",)


def test_a_world_in_use_is_the_vocabulary_without_loading(
    small_world: World, tmp_path: Path
) -> None:
    world = _with_gallium(small_world)
    world.products.loc["oxide:Ga", "product_id"] = "oxide:Ge"
    world.products.index = pd.Index(world.products["product_id"], name=None)
    with use_vocabulary(world):
        tl = Timeline.load(_write(tmp_path, GA_BAN.replace("oxide:Ga", "oxide:Ge")))
        gates = compile_gates(tl, ["CHN"], ["USA"], ["oxide:Ge"], "2025-06-01", "2025-06-01")
    assert gates.kind[0, 0] == 2
    assert "oxide:Ge" not in PRODUCTS_BY_ID  # only inside the block


def test_use_vocabulary_lets_the_world_definition_win(small_world: World) -> None:
    products = small_world.products.copy()
    products.loc["oxide:NdPr", "hs_codes"] = "9999.99"
    assert PRODUCTS_BY_ID["oxide:NdPr"].hs_codes == ("2846.90",)
    with use_vocabulary(products):
        assert PRODUCTS_BY_ID["oxide:NdPr"].hs_codes == ("9999.99",)
        assert "oxide:Dy" in PRODUCTS_BY_ID  # the bundled catalogue stays behind it
    assert PRODUCTS_BY_ID["oxide:NdPr"].hs_codes == ("2846.90",)


def test_products_from_table_reads_lists(bundled_world: World) -> None:
    specs = products_from_table(bundled_world.products)
    assert specs["magnet:ndfeb_hre"].elements == ("Nd", "Pr", "Dy", "Tb")
    assert specs["magnet:ndfeb_hre"] == PRODUCTS_BY_ID["magnet:ndfeb_hre"]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "user.yaml"
    path.write_text(text, encoding="utf-8")
    return path
