"""Input-output arithmetic (engines/economy.py) and the bundled WIOD table and products."""

from __future__ import annotations

import numpy as np
import pytest

from chokepoints.economy import table as tb
from chokepoints.engines import economy as eng


def test_value_added_coefficients_by_hand() -> None:
    Z = np.array([[10.0, 20.0], [30.0, 40.0]])
    x = np.array([100.0, 50.0])
    v, clipped = eng.value_added_coefficients(Z, x)
    # column sums 40 and 60: (100-40)/100 = 0.6; (50-60)/50 < 0 -> clipped to 0
    assert v.tolist() == pytest.approx([0.6, 0.0])
    assert clipped == 1
    v0, _ = eng.value_added_coefficients(np.zeros((1, 1)), np.zeros(1))
    assert v0.tolist() == [0.0]


def test_capacity_loss_share_clips_and_reports_excess() -> None:
    delta, excess = eng.capacity_loss_share([[5.0, 30.0], [0.0, 10.0]], [10.0, 20.0])
    assert delta.tolist() == [[0.5, 1.0], [0.0, 0.5]]
    assert excess.tolist() == [[0.0, 10.0], [0.0, 0.0]]
    with pytest.raises(ValueError, match=">= 0"):
        eng.capacity_loss_share([[-1.0]], [1.0])


def test_value_added_losses_split() -> None:
    out = eng.value_added_losses([10.0, 4.0], [0.5, 0.25], [6.0, 0.0])
    assert out["total"].tolist() == [5.0, 1.0]
    assert out["direct"].tolist() == [3.0, 0.0]
    assert out["indirect"].tolist() == [2.0, 1.0]


def test_wiod_table_shape_balance_and_totals() -> None:
    t = tb.load_wiod()
    assert t.Z.shape == (1435, 1435) and t.Y.shape == (1435, 205)
    assert len(t.regions) == 41 and len(t.sectors) == 35
    assert t.sector_names["c15"] == "Transport Equipment"
    # balanced x = Z + Y row sums; within the packager's rounding of the published x
    assert t.x_published is not None
    gap = (t.x - t.x_published).abs()
    assert gap.max() <= 108.0 + 1e-9
    assert float(t.x_published.sum()) == pytest.approx(141_767_904.0)
    v = t.value_added_coefficients()
    assert ((v >= 0) & (v <= 1)).all()
    assert 0.1 < v[("USA", "c15")] < 0.5


def test_region_weights() -> None:
    t = tb.load_wiod()
    assert tb.region_weights(t, "USA", "c15") == {"USA": 1.0}
    assert tb.region_weights(t, "ROU", "c15") == {"ROM": 1.0}
    assert tb.region_weights(t, "VNM", "c15") == {"RoW": 1.0}
    eu = tb.region_weights(t, "EU27", "c15")
    assert sum(eu.values()) == pytest.approx(1.0)
    assert "GBR" not in eu and max(eu, key=lambda r: eu[r]) == "DEU"
    # a world that holds DEU, FRA and ITA itself: EU27 is the rest of the EU
    rest = tb.region_weights(t, "EU27", "c15", {"DEU", "FRA", "ITA", "EU27", "USA"})
    assert sum(rest.values()) == pytest.approx(1.0)
    assert not {"DEU", "FRA", "ITA"} & set(rest) and {"ESP", "SWE", "ROM"} <= set(rest)
    assert rest["ESP"] == pytest.approx(eu["ESP"] / (1 - eu["DEU"] - eu["FRA"] - eu["ITA"]))


def test_products_and_mapping_are_sourced() -> None:
    p = tb.products()
    assert p["battery_ev"]["magnet_kg_per_unit"] == 1.75
    assert p["battery_ev"]["usd_per_t_magnet"] == pytest.approx(55353 / 0.00175)
    for row in p.values():
        assert row["magnet_url"].startswith("http") and row["value_url"].startswith("http")
    m = tb.sector_mapping()
    assert m["ev"]["wiod_sector"] == "c15" and m["ev"]["valued_by_default"]
    assert m["industrial"]["product"] == "pm_motor" and m["industrial"]["valued_by_default"]
    assert (
        m["electronics"]["product"] == "hard_disk_drive" and m["electronics"]["valued_by_default"]
    )
    assert m["aerospace_defense"]["include_product"] == "f35_aircraft"
    lo, hi = p["pm_motor"]["magnet_kg_range"]
    assert lo < p["pm_motor"]["magnet_kg_per_unit"] < hi
    assert p["wind_mw"]["magnet_kg_range"] == (500.0, 500.0)  # no range in the source
    # every product's range is ordered, and the value per t brackets the central one
    for row in p.values():
        assert (
            row["usd_per_t_magnet_low"] <= row["usd_per_t_magnet"] <= row["usd_per_t_magnet_high"]
        )


def test_new_world_regions_map_to_their_own_wiod_rows() -> None:
    """India and the big EU members are WIOD countries: a world region of that code keeps
    its own row (IND, DEU, FRA, ITA, as the finer world names them)."""
    t = tb.load_wiod()
    for code in ("IND", "DEU", "FRA", "ITA"):
        assert tb.region_weights(t, code, "c15") == {code: 1.0}


def test_every_end_use_of_the_bundled_world_is_valued() -> None:
    """lost_value_added_usd_m covers all sectors: each end use of the bundled world has a
    product, and each of its countries a WIOD row of that product's industry."""
    from chokepoints.economy.losses import valuation
    from chokepoints.world.io import load_world

    nodes = load_world().nodes
    ends = nodes[nodes["product_id"].str.startswith("sector:")]
    assert len(ends) > 0
    t = tb.load_wiod()
    v = t.value_added_coefficients()
    for _, n in ends.iterrows():
        sector = str(n["product_id"]).removeprefix("sector:")
        how = valuation(sector)
        assert how is not None, f"end use {sector!r} has no valuation"
        for reg in tb.region_weights(t, str(n["country"]), how[1]):
            assert (reg, how[1]) in v.index
