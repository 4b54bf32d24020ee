"""The finer world of data 2026.12-1: India, Germany, France and Italy as regions of their
own, and conventional and hybrid vehicles as end uses (issue 12, part 3)."""

from __future__ import annotations

import pytest

import chokepoints as cp

NEW_REGIONS = ("IND", "DEU", "FRA", "ITA")
CAR_REGIONS = ("CHN", "USA", "JPN", "IND", "KOR", "DEU", "FRA", "ITA", "EU27", "ROW")


@pytest.fixture(scope="module")
def world() -> cp.World:
    return cp.World.load()


def _from_china(world: cp.World, region: str) -> float:
    f = world.flows
    sel = f["supplier_node"].str.startswith("CHN:magnet:") & f["customer_node"].str.startswith(
        f"{region}:component:"
    )
    return float(f.loc[sel, "quantity_t_per_yr"].sum())


def test_new_regions_are_countries_of_their_own(world: cp.World) -> None:
    for code in NEW_REGIONS:
        assert code in world.countries.index
        assert world.check_country(code) == code
    assert world.check_country("ESP") == "EU27"  # other members stay in the aggregate


def test_eu_split_keeps_the_eu_total(world: cp.World) -> None:
    # EU 2024 = H1-2025 8,360 t / (1 - 22.4%) x 2; Germany = Sep-2025 1,288 t / 1.278 x 12
    eu = sum(_from_china(world, r) for r in ("EU27", "DEU", "FRA", "ITA"))
    assert eu == pytest.approx(8360 / (1 - 0.224) * 2, rel=1e-9)
    assert _from_china(world, "DEU") == pytest.approx(1288 / 1.278 * 12, rel=1e-9)
    assert _from_china(world, "IND") == pytest.approx(418 / 1.60 * 12, rel=1e-9)
    # the world total of China's exports is unchanged (58,152 t, Adamas)
    total = sum(_from_china(world, r) for r in set(world.nodes["actor"]) - {"CHN"})
    assert total == pytest.approx(58152, rel=1e-9)


def test_every_car_making_region_has_conventional_vehicles(world: cp.World) -> None:
    ids = set(world.nodes.index)
    for r in CAR_REGIONS:
        assert f"{r}:component:vehicle_motor" in ids
        assert f"{r}:sector:conventional_vehicles" in ids
    for r in ("USA", "JPN", "KOR", "DEU", "FRA", "ITA", "EU27"):  # hybrid share sourced
        assert f"{r}:sector:hybrid_vehicles" in ids
    # 0.102 kg NdFeB per conventional vehicle: India's 6,014,691 vehicles, all conventional
    ind = world.nodes.loc["IND:sector:conventional_vehicles", "production_t_per_yr"]
    assert ind == pytest.approx(6014691 * 0.102 / 1000, rel=1e-9)
    # vehicle motors use the Dy-bearing grade (covered by the April 2025 licence rule)
    r = world.recipes
    assert r.loc["component:vehicle_motor<magnet:ndfeb_hre", "input_per_output"] == 1.0


def test_existing_end_use_ids_are_kept(world: cp.World) -> None:
    sectors = set(world.products.index[world.products["stage"] == "sector"])
    assert {"sector:ev", "sector:wind", "sector:electronics", "sector:industrial",
            "sector:aerospace_defense"} <= sectors  # fmt: skip
    assert {"sector:conventional_vehicles", "sector:hybrid_vehicles"} <= sectors
