"""From lost tonnes to products not made and value added lost, on a hand-made result."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from typer.testing import CliRunner

from chokepoints.cli import app
from chokepoints.economy import losses
from chokepoints.economy.table import load_wiod, region_weights
from chokepoints.errors import DataError

DAYS, RUNS = 20, 3
NODES = [
    "USA:sector:ev",
    "EU27:sector:ev",
    "JPN:sector:wind",
    "KOR:sector:industrial",
    "CHN:sector:electronics",
    "CHN:sector:toys",  # an end use the economy part does not know: not valued
]


def _result(scale: float = 1.0) -> xr.Dataset:
    """Baseline 10 t/day per node; run r loses (r+1) * scale t/day on days 5-9 on every node."""
    x0 = np.full(len(NODES), 10.0)
    prod = np.broadcast_to(x0, (RUNS, DAYS, len(NODES))).copy()
    for r in range(RUNS):
        prod[r, 5:10, :] -= (r + 1) * scale
    # the no-controls counterfactual at the baseline level (shortages are measured on it)
    cf = np.broadcast_to(x0, prod.shape).astype(np.float32)
    return xr.Dataset(
        {
            "production": (("run", "time", "node"), prod.astype(np.float32)),
            "counterfactual_production": (("run", "time", "node"), cf),
        },  # fmt: skip
        coords={
            "run": np.arange(RUNS),
            "time": np.arange(DAYS),
            "node": NODES,
            "region": ("node", [n.split(":")[0] for n in NODES]),
            "product": ("node", [n.split(":", 1)[1] for n in NODES]),
            "stage": ("node", ["sector"] * len(NODES)),
            "baseline_production": ("node", x0),
        },
    )


def test_lost_tonnes_counts_shortage_days_only() -> None:
    ds = _result(scale=0.05)  # run 0 dips 0.5% (not a shortage), run 1 1%, run 2 1.5%
    lost, nodes = losses.lost_tonnes(ds)
    assert lost.shape == (RUNS, DAYS, len(NODES))
    assert lost[0].sum() == 0.0
    assert lost[2, 5:10, 0].sum() == pytest.approx(5 * 0.15, rel=1e-5)
    assert nodes["sector"].tolist() == ["ev", "ev", "wind", "industrial", "electronics", "toys"]


def test_products_not_made_by_hand() -> None:
    ds = _result()
    df = losses.products_not_made(ds).set_index(["country", "sector"])
    usa = df.loc[("USA", "ev")]
    # median run loses 2 t/day x 5 days = 10 t -> 10,000 kg / 1.75 kg per EV
    assert usa["lost_output_t"] == pytest.approx(10.0)
    assert usa["units_not_made"] == pytest.approx(10_000 / 1.75)
    value = 10_000 / 1.75 * 55_353 / 1e6
    assert usa["product_value_usd_m"] == pytest.approx(value)
    v = load_wiod().value_added_coefficients()
    assert usa["lost_value_added_usd_m"] == pytest.approx(value * v[("USA", "c15")])
    assert usa["lost_value_added_usd_m_p05"] < usa["lost_value_added_usd_m_p95"]
    eu = df.loc[("EU27", "ev")]
    w = region_weights(load_wiod(), "EU27", "c15")
    assert eu["lost_value_added_usd_m"] == pytest.approx(
        value * sum(s * v[(r, "c15")] for r, s in w.items())
    )
    wind = df.loc[("JPN", "wind")]
    assert wind["units_not_made"] == pytest.approx(10_000 / 500)  # MW
    # industrial magnets: valued as the motors they go into (1,000 US$ units of motor)
    ind = df.loc[("KOR", "industrial")]
    assert ind["valued"] and ind["product"] == "pm_motor" and ind["wiod_sector"] == "c14"
    motors = 10_000 / (1000 * 0.25 / 49.18) * 1000 / 1e6  # US$ million of motors
    assert ind["product_value_usd_m"] == pytest.approx(motors, rel=1e-4)
    assert ind["lost_value_added_usd_m"] == pytest.approx(motors * v[("KOR", "c14")], rel=1e-4)
    # electronics: valued as hard disk drives (17.5 g NdFeB, 55.28 US$ each)
    el = df.loc[("CHN", "electronics")]
    assert el["valued"] and el["product"] == "hard_disk_drive"
    assert el["units_not_made"] == pytest.approx(10_000 / 0.01747, rel=1e-6)
    unknown = df.loc[("CHN", "toys")]
    assert not unknown["valued"] and np.isnan(unknown["lost_value_added_usd_m"])


def test_bands_carry_the_magnet_content_range() -> None:
    """p05 over runs at the high end of kg per unit, p95 at the low end (EV: 1.6-1.92 kg)."""
    ds = _result()
    usa = losses.products_not_made(ds).set_index(["country", "sector"]).loc[("USA", "ev")]
    tons = np.array([5.0, 10.0, 15.0])  # runs lose 1, 2, 3 t/day for 5 days
    lo = np.quantile(tons * 1000 / 1.92 * 55_353 / 1e6, 0.05)
    hi = np.quantile(tons * 1000 / 1.6 * 55_353 / 1e6, 0.95)
    assert usa["product_value_usd_m_p05"] == pytest.approx(lo, rel=1e-5)
    assert usa["product_value_usd_m_p95"] == pytest.approx(hi, rel=1e-5)
    # wind has no range: its band is the band over runs alone
    wind = losses.products_not_made(ds).set_index(["country", "sector"]).loc[("JPN", "wind")]
    assert wind["units_not_made_p05"] == pytest.approx(np.quantile(tons * 2, 0.05), rel=1e-5)


def test_add_lost_value_added_puts_the_columns_next_to_the_tonnes() -> None:
    ds = _result()
    summary = pd.DataFrame({"country": ["USA", "CHN"], "sector": ["ev", "toys"],
                            "lost_output_t": [10.0, 10.0]})  # fmt: skip
    out = losses.add_lost_value_added(summary, ds)
    assert list(out.columns[:3]) == ["country", "sector", "lost_output_t"]
    assert out.loc[0, "lost_value_added_usd_m"] > 0
    assert np.isnan(out.loc[1, "lost_value_added_usd_m"])


def test_economy_wide_run_direct_and_indirect() -> None:
    ds = _result()
    res = losses.economy_losses(ds, tail_days=5)
    assert [r["band"] for r in res["runs_simulated"]] == ["p05", "median", "p95"]
    direct = res["direct_value_added_usd_m"]
    total = res["lost_value_added_usd_m"]
    # direct VA of the median run equals the shocked value x VA shares (no clipping here)
    df = losses.products_not_made(ds)
    assert direct["median"] == pytest.approx(df["lost_value_added_usd_m"].sum(), rel=1e-6)
    assert res["shock_beyond_capacity_usd_m"]["median"] == pytest.approx(0.0, abs=1e-6)
    assert total["median"] > direct["median"] > 0  # suppliers lose orders too
    assert total["p05"] < total["median"] < total["p95"]
    assert res["by_region"][0]["region"] == "USA"
    assert res["by_industry"][0]["region"] == "USA" and res["by_industry"][0]["sector"] == "c15"
    json.dumps(res)  # JSON-ready


def test_no_loss_no_economy_loss() -> None:
    res = losses.economy_losses(_result(scale=0.0), tail_days=2)
    assert res["lost_value_added_usd_m"]["median"] == pytest.approx(0.0, abs=1e-6)
    assert res["by_region"] == []


def test_include_and_modes_are_checked() -> None:
    assert "aerospace_defense" in losses.valued_sectors()
    assert losses.valuation("aerospace_defense") == ("pm_motor", "c14")
    assert losses.valuation("aerospace_defense", ("aerospace_defense",)) == ("f35_aircraft", "c15")
    assert losses.valuation("nonsense") is None
    with pytest.raises(DataError, match="not an end-use sector"):
        losses.valued_sectors(("nonsense",))
    with pytest.raises(ValueError, match="mrio_runs"):
        losses.economy_losses(_result(), mrio_runs="some")


def test_cli_on_the_small_scenario(tmp_path: object) -> None:
    from pathlib import Path

    from chokepoints.testing import write_small_scenario, write_small_world

    p = Path(str(tmp_path))
    scenario = write_small_scenario(p, write_small_world(p / "world"))
    res = CliRunner().invoke(
        app, ["economy", str(scenario), "--runs", "2", "--no-mrio", "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    row = next(r for r in out["summary"] if r["sector"] == "ev")
    assert {"lost_output_t", "units_not_made", "lost_value_added_usd_m"} <= set(row)
    assert "economy" not in out
    bad = CliRunner().invoke(app, ["economy", str(scenario), "--mrio-runs", "x"])
    assert bad.exit_code == 1 and "--mrio-runs" in bad.stderr


def test_a_newer_table_plugs_in_with_its_own_maps() -> None:
    """Any table with Z, Y, x (a pymrio IOSystem's attributes) and two maps works."""
    from chokepoints.economy.table import MRIOTable

    idx = pd.MultiIndex.from_product([["AA", "BB"], ["motor", "other"]])
    Z = pd.DataFrame(
        [
            [10.0, 5.0, 2.0, 1.0],
            [20.0, 10.0, 3.0, 2.0],
            [1.0, 1.0, 10.0, 5.0],
            [2.0, 3.0, 20.0, 10.0],
        ],
        index=idx,
        columns=idx,
    )
    Y = pd.DataFrame({"fd": [60.0, 70.0, 50.0, 80.0]}, index=idx)
    Z, Y = Z * 1e5, Y * 1e5  # million US$: large enough that no shock is clipped
    small = MRIOTable(
        Z=Z,
        Y=Y,
        x=Z.sum(axis=1) + Y.sum(axis=1),
        name="toy",
        money_unit_usd=1e6,
        industry_of={"ev": "motor", "wind": "motor", "industrial": "motor", "electronics": "motor"},
        region_of={
            "USA": {"AA": 1.0},
            "EU27": {"BB": 1.0},
            "JPN": {"BB": 1.0},
            "KOR": {"AA": 1.0},
            "CHN": {"BB": 1.0},
        },
    )
    ds = _result()
    res = losses.economy_losses(ds, table=small, tail_days=3)
    df = losses.products_not_made(ds, table=small)
    assert res["table"] == "toy"
    assert res["direct_value_added_usd_m"]["median"] == pytest.approx(
        df["lost_value_added_usd_m"].sum(), rel=1e-6
    )
    assert res["direct_value_added_usd_m"]["median"] > 0
    assert res["shock_beyond_capacity_usd_m"]["median"] == pytest.approx(0.0, abs=1e-6)
    assert {r["region"] for r in res["by_region"]} == {"AA", "BB"}


def test_a_table_without_the_industry_is_refused_by_name() -> None:
    from chokepoints.economy.table import MRIOTable

    idx = pd.MultiIndex.from_product([["AA"], ["motor", "other"]])
    Z = pd.DataFrame([[1e5, 1e5], [1e5, 1e5]], index=idx, columns=idx)
    Y = pd.DataFrame({"fd": [1e6, 1e6]}, index=idx)
    toy = MRIOTable(Z=Z, Y=Y, x=Z.sum(axis=1) + Y.sum(axis=1), name="toy",
                    industry_of={"ev": "motor", "wind": "motor"},
                    region_of={c: {"AA": 1.0} for c in ("USA", "EU27", "JPN", "KOR", "CHN")})  # fmt: skip
    with pytest.raises(DataError, match="no industry 'c14'"):
        losses.products_not_made(_result(), table=toy)


def test_a_sector_without_a_product_is_not_valued_and_cannot_be_included(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    row = {"product": None, "wiod_sector": "c14", "valued_by_default": False,
           "include_product": None, "include_wiod_sector": None, "reason": "no data"}  # fmt: skip
    monkeypatch.setattr(losses, "sector_mapping", lambda: {"electronics": row})
    assert losses.valuation("electronics") is None
    assert losses.valued_sectors() == []
    with pytest.raises(DataError, match="no sourced product"):
        losses.valued_sectors(("electronics",))
