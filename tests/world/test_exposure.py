"""Exposure arithmetic on a hand-checked world and on the bundled one."""

from __future__ import annotations

import numpy as np
import pytest

from chokepoints.engines.exposure import shares_and_hhi
from chokepoints.exposure import exposure, whatif_remove, world_summary
from chokepoints.world import World


def test_hhi_textbook() -> None:
    shares, hhi = shares_and_hhi(np.array([50.0, 30.0, 20.0]))
    assert hhi == pytest.approx(50**2 + 30**2 + 20**2)
    assert shares.sum() == pytest.approx(1.0)
    assert shares_and_hhi(np.zeros(3))[1] == 0.0


def test_summary_small(small_world: World) -> None:
    s = world_summary(small_world)
    ore = s[s["product_id"] == "ore"].set_index("country")
    assert ore.loc["AAA", "share"] == pytest.approx(2 / 3)
    assert ore.loc["AAA", "hhi"] == pytest.approx((200 / 3) ** 2 + (100 / 3) ** 2, abs=0.1)


def test_exposure_through_third_country(small_world: World) -> None:
    res = exposure(small_world, "CCC", "magnet")
    # CCC makes its own magnets: direct origin CCC
    assert res["direct"] == [
        {"origin": "CCC", "t_per_yr": 100.0, "share": 1.0, "products": ["magnet:ndfeb"]}
    ]
    ore = {d["origin"]: d for d in res["content"]["ore"]}
    # 36 t REO of ore embodied: 24 from AAA, 12 from BBB
    assert ore["AAA"]["t_per_yr"] == pytest.approx(24.0)
    assert ore["BBB"]["share"] == pytest.approx(1 / 3)
    routes = {tuple(p["route"]): p["share"] for p in res["paths"]["ore"]}
    assert routes[("BBB (ore)", "AAA (oxide:NdPr)", "CCC (magnet:ndfeb)", "CCC")] == pytest.approx(
        1 / 3
    )


def test_bundled_us_magnets_shares_sum_to_one(bundled_world: World) -> None:
    res = exposure(bundled_world, "USA", "magnet")
    assert sum(d["share"] for d in res["direct"]) == pytest.approx(1.0)
    for q, rows in res["content"].items():
        assert sum(d["share"] for d in rows) == pytest.approx(1.0), q
        assert sum(p["share"] for p in res["paths"][q]) == pytest.approx(1.0), q
    direct = {d["origin"]: d["share"] for d in res["direct"]}
    # China's share of US HS 8505.11 import value 2024 (UN Comtrade) is 75.25%
    assert direct["CHN"] == pytest.approx(0.7525, abs=0.002)
    # Japanese magnets carry Chinese Dy: all US Dy content was separated in China
    dy = {d["origin"]: d["share"] for d in res["content"]["oxide:Dy"]}
    assert dy == {"CHN": pytest.approx(1.0)}
    assert any("JPN (magnet:ndfeb_hre)" in p["route"] for p in res["paths"]["oxide:Dy"])


def test_whatif_small(small_world: World) -> None:
    res = whatif_remove(small_world, "BBB", "ore")
    by = res["by_stage"].set_index("product_id")
    assert by.loc["oxide:NdPr", "lost_share"] == pytest.approx(1 / 3)
    assert by.loc["sector:ev", "lost_share"] == pytest.approx(1 / 3)
    assert by.loc["ore", "lost_t_per_yr"] == pytest.approx(50.0)


def test_whatif_bundled_china_oxide(bundled_world: World) -> None:
    res = whatif_remove(bundled_world, "CHN", "oxide")
    by = res["by_stage"].set_index("product_id")
    assert by.loc["oxide:Dy", "lost_share"] == pytest.approx(1.0)  # EU CRM: China 100% of Dy
    assert by.loc["sector:ev", "lost_share"] == pytest.approx(1.0)
    assert 0 < by.loc["sector:electronics", "lost_share"] < 1
