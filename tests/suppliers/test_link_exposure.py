"""Linking to the world, inference of unknown tiers, and exposure on a hand-checked map."""

from __future__ import annotations

from pathlib import Path

import pytest

from chokepoints.suppliers.exposure import part_contents, supplier_exposure
from chokepoints.suppliers.io import read_map
from chokepoints.suppliers.link import link_map


@pytest.fixture(scope="module")
def hand(hand_map_dir, bundled_world):
    smap = read_map(hand_map_dir)
    linked = link_map(smap, bundled_world)
    return smap, linked, supplier_exposure(linked, bundled_world)


def test_contents_roll_up_with_units(hand) -> None:
    smap, _, _ = hand
    c = part_contents(smap)
    assert c["O"]["Dy"] == pytest.approx(1.0)  # 1000 g per kg
    assert c["M"]["Dy"] == pytest.approx(0.05)
    assert c["P"]["Dy"] == pytest.approx(0.1)


def test_baseline_volumes(hand) -> None:
    _, linked, _ = hand
    out = linked.nodes["output_per_day"]
    assert out["L|P"] == 100
    assert out["MJ|M"] == pytest.approx(150)  # 100 x 2 kg x 0.75
    assert out["MC|M"] == pytest.approx(50)
    # OC ships 0.05 kg oxide per kg magnet: half of MJ's 150 kg and all of MC's 50 kg
    assert out["OC|O"] == pytest.approx(0.05 * (75 + 50))
    assert not linked.nodes.loc[["L|P", "MJ|M", "OC|O"], "inferred"].any()


def test_exposure_arithmetic_by_hand(hand) -> None:
    _, _, res = hand
    s = res.summary.set_index("element").loc["Dy"]
    assert s["content_kg_per_unit"] == pytest.approx(0.1)
    assert s["content_kg_per_day"] == pytest.approx(10.0)
    # CHN: 0.75 x 0.5 (via Japan) + 0.25 (via the Chinese maker) = 0.625; MMR: 0.375
    assert s["china_share"] == pytest.approx(0.625)
    assert s["inferred_share"] == 0
    by = res.by_country.set_index(["element", "tier", "country"])["share"]
    assert by[("Dy", "origin", "CHN")] == pytest.approx(0.625)
    assert by[("Dy", "origin", "MMR")] == pytest.approx(0.375)
    assert by[("Dy", "1", "JPN")] == pytest.approx(0.75)
    assert by[("Dy", "any", "JPN")] == pytest.approx(0.75)
    assert by[("Dy", "any", "CHN")] == pytest.approx(0.625)
    paths = res.paths[res.paths["element"] == "Dy"]
    assert paths["share"].sum() == pytest.approx(1.0)
    assert paths["kg_per_unit"].sum() == pytest.approx(0.1)
    assert len(paths) == 3


def test_unknown_tiers_inferred_from_world(map_writer, hand_tables, bundled_world) -> None:
    # drop the Japanese maker's oxide suppliers: its Dy must come from the world's shares
    hand_tables["links"] = [r for r in hand_tables["links"] if r["customer_site"] != "MJ"]
    smap = read_map(map_writer(hand_tables))
    linked = link_map(smap, bundled_world)
    inferred = linked.edges[linked.edges["customer_node"] == "MJ|M"]
    assert inferred["inferred"].all()
    assert inferred["share"].sum() == pytest.approx(1.0)
    # the world's Dy oxide into Japan (flows into JPN:magnet... for oxide fall back to
    # world production shares): shares equal the world's
    prod = bundled_world.nodes[bundled_world.nodes["product_id"] == "oxide:Dy"]
    world_share = prod.groupby("country")["production_t_per_yr"].sum()
    world_share = world_share / world_share.sum()
    got = inferred.set_index("origin")["share"]
    assert got["CHN"] == pytest.approx(world_share["CHN"] / world_share[world_share >= 0.001].sum())
    res = supplier_exposure(linked, bundled_world)
    s = res.summary.set_index("element").loc["Dy"]
    assert s["inferred_share"] == pytest.approx(0.75)
    assert s["china_share"] == pytest.approx(0.75 * got["CHN"] + 0.25)


def test_partial_shares_filled_from_world(map_writer, hand_tables, bundled_world) -> None:
    hand_tables["links"][1]["share"] = 0.05  # 0.75 + 0.05 known; 0.2 inferred
    linked = link_map(read_map(map_writer(hand_tables)), bundled_world)
    into = linked.edges[linked.edges["customer_node"] == "L|P"]
    assert into["share"].sum() == pytest.approx(1.0)
    assert into.loc[into["inferred"], "share"].sum() == pytest.approx(0.2)
    # inferred magnet suppliers of Germany follow the world's magnet flows into EU27
    assert set(into.loc[into["inferred"], "origin"]) <= set(bundled_world.countries.index)


def test_example_map_three_tiers_and_inference(example_path: Path, bundled_world) -> None:
    linked = link_map(read_map(example_path), bundled_world)
    n = linked.nodes
    assert {"EV-SEDAN", "EBIKE-CITY"} <= set(n["line_id"])
    # the Japanese magnet maker's Dy metal is inferred from the world, mostly Chinese
    e = linked.edges
    jp = e[(e["customer_node"] == "MAG-JP|MAGNET-TR") & (e["child_part"] == "METAL-DY")]
    assert jp["inferred"].all()
    assert jp.set_index("origin")["share"].get("CHN", 0) > 0.9
    res = supplier_exposure(linked, bundled_world)
    ev = res.summary[(res.summary["line_id"] == "EV-SEDAN")].set_index("element")
    # 1.75 kg magnet per motor (supply_chain_parameters.csv) at 4 wt% Dy
    assert ev.loc["NdFeB", "content_kg_per_unit"] == pytest.approx(1.75)
    assert ev.loc["Dy", "content_kg_per_unit"] == pytest.approx(0.07)
    assert ev.loc["NdFeB", "china_share"] == pytest.approx(0.4)
