"""What the gates are told about flows: China-origin content, end use, missing elements."""

from __future__ import annotations

import datetime as dt

import pytest

from chokepoints.policy import Timeline
from chokepoints.policy.flows import (
    china_content_by_node,
    controlled_elements,
    elements_without_nodes,
    end_use_by_node,
    military_share_by_node,
)
from chokepoints.world import World

from .conftest import measure


def _recipe(world: World, output: str, inp: str) -> float:
    r = world.recipes
    row = r[(r["output_product_id"] == output) & (r["input_product_id"] == inp)]
    return float(row["input_per_output"].sum())


def test_controlled_elements_are_those_of_chinas_content_rules(bundled: Timeline) -> None:
    el = controlled_elements(bundled)
    assert {"Dy", "Tb", "Sm"} <= el
    assert not el & {"Nd", "Pr", "La", "Ce"}  # light elements outside No. 18 / No. 61
    assert controlled_elements(bundled, issuer="USA") == frozenset()


def test_content_of_foreign_magnets_follows_the_recipes(
    bundled: Timeline, bundled_world: World
) -> None:
    content = china_content_by_node(bundled_world, controlled_elements(bundled))
    # every Dy and Tb oxide of the bundled world is separated in China (EU CRM 2023), so
    # a foreign Dy/Tb-grade magnet embodies its recipe's Dy + Tb per tonne
    expected = _recipe(bundled_world, "magnet:ndfeb_hre", "metal:Dy") + _recipe(
        bundled_world, "magnet:ndfeb_hre", "metal:Tb"
    )
    foreign = [
        n
        for n, p in bundled_world.nodes["product_id"].items()
        if p == "magnet:ndfeb_hre" and bundled_world.nodes.loc[n, "country"] != "CHN"
    ]
    assert foreign
    for node in foreign:
        assert content[node] == pytest.approx(expected, rel=1e-9)
        assert content[node] > 0.001  # above No. 61's 0.1% de minimis
    # NdFeB without Dy/Tb holds no controlled element
    plain = [n for n, p in bundled_world.nodes["product_id"].items() if p == "magnet:ndfeb"]
    assert all(content[n] == 0.0 for n in plain)
    # controlled oxide separated in China is all China content; elsewhere none
    assert content["CHN:oxide:Dy"] == 1.0
    assert all(
        content[n] == 0.0
        for n, p in bundled_world.nodes["product_id"].items()
        if p == "oxide:Sm" and bundled_world.nodes.loc[n, "country"] != "CHN"
    )


def test_no_controlled_elements_means_no_content(bundled_world: World) -> None:
    assert set(china_content_by_node(bundled_world, []).values()) == {0.0}


def test_end_use_classes(bundled_world: World) -> None:
    use = end_use_by_node(bundled_world)
    nodes = bundled_world.nodes
    for node, pid in nodes["product_id"].items():
        if pid in ("sector:aerospace_defense", "component:actuator"):
            assert use[node] == "military"
        elif pid in ("sector:ev", "component:traction_motor", "magnet:ndfeb"):
            assert use[node] == "civilian"
    # mine output feeds both (Sm for SmCo actuators, NdPr for motors): mixed, not a class
    assert use["CHN:ore"] is None
    share = military_share_by_node(bundled_world)
    assert ((share >= 0) & (share <= 1)).all()
    # no class given as military: every node is civilian
    assert set(end_use_by_node(bundled_world, classes={}).values()) == {"civilian"}


def test_elements_without_nodes_reports_no57(bundled: Timeline, bundled_world: World) -> None:
    missing = elements_without_nodes(
        bundled, bundled_world, dt.date(2025, 1, 1), dt.date(2026, 12, 31)
    )
    assert set(missing["cn-mofcom-2025-57"]) == {"Ho", "Er", "Tm", "Eu", "Yb"}
    # a measure outside the window is not checked
    later = elements_without_nodes(bundled, bundled_world, dt.date(2023, 1, 1), dt.date(2023, 6, 1))
    assert "cn-mofcom-2025-57" not in later
    # elements with nodes are never listed
    made = {"Dy", "Tb", "Nd", "Pr"}
    assert all(not set(v) & made for v in missing.values())


def test_export_controls_do_not_cover_imports_into_the_issuer() -> None:
    """An extraterritorial Chinese rule (origins '*') covers third-country trade, not
    China's own imports; tariffs still apply to imports into their issuer."""
    ban = measure(id="x", targets={"origins": ["*"]})
    tariff = measure(
        id="t", kind="tariff", parameters={"rate": 0.1}, coverage={"products": ["magnet:*"]}
    )
    tl = Timeline([ban, tariff], [])
    day = dt.date(2025, 6, 1)
    assert tl.regime(day, "magnet:ndfeb_hre", "JPN", "USA").gate.kind == "closed"
    into_china = tl.regime(day, "magnet:ndfeb_hre", "JPN", "CHN").gate
    assert into_china.kind == "open"
    assert into_china.tariff == pytest.approx(0.1)
