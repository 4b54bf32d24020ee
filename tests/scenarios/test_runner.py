"""The runner and summary: reproducibility, invariants, statistics on a small world."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from chokepoints.errors import DataError
from chokepoints.scenarios import load_scenario, run_scenario, run_statistics, summarize
from chokepoints.scenarios.reference import with_baseline_reference
from chokepoints.scenarios.summary import display_table, group_series


@pytest.fixture()
def small_result(small_scenario: Path) -> xr.Dataset:
    return run_scenario(load_scenario(small_scenario))


def test_same_seed_identical_dataset(small_scenario: Path) -> None:
    spec = load_scenario(small_scenario)
    a = run_scenario(spec)
    b = run_scenario(spec)
    xr.testing.assert_identical(a, b)
    c = run_scenario(spec, seed=8)
    assert not np.array_equal(a["production"].values, c["production"].values)


def test_runs_are_chunk_stable(small_scenario: Path) -> None:
    spec = load_scenario(small_scenario)
    few = run_scenario(spec, runs=3)
    more = run_scenario(spec, runs=30)
    np.testing.assert_array_equal(few["production"].values, more["production"].values[:3])


def test_attrs_record_provenance(small_result: xr.Dataset) -> None:
    a = small_result.attrs
    assert a["scenario"] == "small-ban" and a["seed"] == 7 and a["runs"] == 8
    assert len(a["scenario_hash"]) == 16
    for key in ("package_version", "data_version", "timeline_hash", "engine_params"):
        assert key in a
    assert small_result["production"].dims == ("run", "time", "node")
    assert str(small_result["time"].values[0])[:10] == "2025-01-01"


def test_invariants_on_small_world(small_result: xr.Dataset) -> None:
    x = small_result["production"]
    assert float(x.min()) >= 0.0
    # before the licence (1 Feb) everything runs at baseline
    jan = x.sel(time=slice("2025-01-01", "2025-01-31"))
    np.testing.assert_allclose(jan.values, np.broadcast_to(
        small_result["baseline_production"].values, jan.shape), rtol=1e-5)  # fmt: skip
    # the licence hits CCC's magnets and its EV sector, never AAA's ore
    ev = x.sel(node="CCC:sector:ev")
    assert float(ev.min()) < 0.9 * float(
        small_result["baseline_production"].sel(node="CCC:sector:ev")
    )
    ore = x.sel(node="AAA:ore") / small_result["baseline_production"].sel(node="AAA:ore")
    assert float(ore.max()) <= 1.25 + 1e-6


def test_statistics_by_hand() -> None:
    """run_statistics on a hand-made result: two runs, one sector node, baseline 2 t/day.
    Run 1 dips by 0.5% (not a shortage day), so it loses nothing."""
    prod = np.array([[2, 2, 1.5, 1.0, 2.0, 2.0], [2, 2, 1.99, 2, 2, 2]], dtype=np.float32)
    ds = xr.Dataset(
        {"production": (("run", "time", "node"), prod[:, :, None])},
        coords={
            "run": [0, 1],
            "time": np.arange(6),
            "node": ["CCC:sector:ev"],
            "region": ("node", ["CCC"]),
            "product": ("node", ["sector:ev"]),
            "stage": ("node", ["sector"]),
            "baseline_production": ("node", [2.0]),
            "price_usd_per_t": ("node", [np.nan]),
        },
    )
    with pytest.raises(DataError, match="counterfactual_production.: is missing"):
        run_statistics(ds)  # a result without its counterfactual is refused, not guessed
    ds = with_baseline_reference(ds)  # measure against 2024 output, explicitly
    assert ds.attrs["shortage_reference"].startswith("baseline_production")
    st = run_statistics(ds)
    assert st["first_shortage_day"].values[:, 0][0] == 2
    assert np.isnan(st["first_shortage_day"].values[1, 0])
    np.testing.assert_allclose(st["peak_shortfall_pct"].values[:, 0], [50.0, 0.5], rtol=1e-5)
    np.testing.assert_allclose(st["days_below_90pct"].values[:, 0], [2, 0])
    np.testing.assert_allclose(st["lost_output_t"].values[:, 0], [1.5, 0.0])
    assert np.isnan(st["lost_magnet_value_usd_m"].values).all()  # no priced magnet node
    table = summarize(ds)
    row = table.iloc[0]
    assert row["country"] == "CCC" and row["sector"] == "ev"
    assert row["share_runs_short"] == 0.5
    assert row["first_shortage_day"] == 2.0  # over the runs that fall short
    assert row["lost_output_t"] == pytest.approx(0.75)  # median of 1.5 and 0
    assert row["baseline_t_per_yr"] == pytest.approx(730.0)
    g = group_series(ds, "sector")
    np.testing.assert_allclose(g.sel(group="ev", quantile=0.5).values,
                               [1, 1, 0.8725, 0.75, 1, 1], rtol=1e-6)  # fmt: skip
    shown = display_table(table)
    assert shown.loc[0, "lost_output_t"] == "0.8 (0.1-1.4)"  # one decimal below 10
    assert shown.loc[0, "share_runs_short"] == "50%"
    assert shown.loc[0, "first_shortage_day"] == "2 (2-2)"


def test_summary_on_small_world(small_result: xr.Dataset) -> None:
    table = summarize(small_result)
    assert list(table["country"]) == ["CCC"]
    row = table.iloc[0]
    assert row["share_runs_short"] > 0
    # the licence starts on day 31; CCC holds 30 days of oxide, 10 in transit, 15 of magnets
    assert row["first_shortage_day"] > 31
    assert row["lost_output_t_p05"] <= row["lost_output_t"] <= row["lost_output_t_p95"]
    assert 0 < row["peak_shortfall_pct"] <= 100
    st = run_statistics(small_result)
    # against the same scenario without controls (here the world runs at its 2024 level)
    base = small_result["counterfactual_production"].sel(node="CCC:sector:ev").values
    base = base.astype(float)
    x = small_result["production"].sel(node="CCC:sector:ev").values.astype(float)
    short = x < 0.99 * base
    np.testing.assert_allclose(st["lost_output_t"].sel(node="CCC:sector:ev").values,
                               np.where(short, base - x, 0).sum(axis=1), rtol=1e-9)  # fmt: skip


def test_bundled_status_quo_small_run() -> None:
    ds = run_scenario(load_scenario("status-quo"), runs=2)
    assert ds.sizes["run"] == 2 and ds.sizes["time"] == 365
    assert ds.attrs["spin_up_days"] == 669
    table = summarize(ds)
    # 11 regions x 5 sectors + conventional vehicles (10 regions: VNM makes none in the
    # world) + hybrids (7: only where a share is sourced); 35 before world data 2026.12-1
    assert len(table) == 72
    params = json.loads(ds.attrs["engine_params"])
    assert params["licence_renewal"] == "ahead" and params["review_delay"] == "exponential"
    # the October 2025 measures declare uniform review times; the engine uses the mean
    ignored = json.loads(ds.attrs["review_shapes_ignored"])
    assert any(s.startswith("cn-mofcom-2025-55: uniform 22-45 working days") for s in ignored)


def test_renewal_ahead_removes_most_status_quo_shortfalls() -> None:
    """Renewing licences on expiry leaves every licensed flow a gap of about one review
    a year; renewing ahead (the default) removes most of the resulting shortage days.
    Every application is approved here, so refusals (the calibrated post-London approval
    rate is below 1) do not mix their shortfalls into the renewal gaps measured."""
    spec = load_scenario("status-quo", parameters={"approval_after_london": 1.0})
    on_expiry = spec.model_copy(
        update={"assumptions": spec.assumptions.model_copy(update={"licence_renewal": "on_expiry"})}
    )
    # Japan's aerospace and defence actuators are cut off by a ban (MOFCOM No. 1 of 2026,
    # military end use), not by licences: the renewal rule cannot change them.
    licensed = lambda st: st.where(  # noqa: E731
        ~((st["region"] == "JPN") & (st["product"] == "sector:aerospace_defense")), drop=True
    )
    ahead = licensed(run_statistics(run_scenario(spec, runs=25)))
    late = licensed(run_statistics(run_scenario(on_expiry, runs=25)))
    assert float(ahead["lost_output_t"].mean()) < 0.5 * float(late["lost_output_t"].mean())
    short = {k: float(np.isfinite(v["first_shortage_day"]).mean()) for k, v in
             (("ahead", ahead), ("late", late))}  # fmt: skip
    assert short["ahead"] < short["late"]
