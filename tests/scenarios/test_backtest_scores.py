"""Backtest scores beyond MAPE: CRPS, band coverage, disruption onsets in the output."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate

from chokepoints.scenarios.backtest import crps_ensemble, run_backtest


def test_crps_of_one_member_is_the_absolute_error() -> None:
    assert crps_ensemble(np.array([3.0]), 5.0) == pytest.approx(2.0)


def test_crps_matches_the_integral_of_the_squared_cdf_difference() -> None:
    x = np.array([1.0, 2.0, 4.0, 4.5])
    y = 2.5

    def integrand(z: float) -> float:
        return float((np.mean(x <= z) - (z >= y)) ** 2)

    points = sorted([*x.tolist(), y])
    total = sum(
        integrate.quad(integrand, a, b)[0] for a, b in zip(points[:-1], points[1:], strict=True)
    )
    assert crps_ensemble(x, y) == pytest.approx(total, rel=1e-9)


def test_backtest_output_has_coverage_crps_baselines_and_disruptions() -> None:
    d = run_backtest(2025, runs=6).as_dict()
    cov = d["band_coverage"]
    assert 0.0 <= cov["in_sample"] <= 1.0 and {"world", "usa"} <= set(cov["by_series"])
    assert set(d["crps"]) == {"model", "model_predictive", "mean_2024", "persistence"}
    assert set(d["interval_score"]) == {"model", "model_predictive"}
    assert cov["fresh_hold_out"] is None  # no month after March 2026 published yet
    sig = d["discrepancy_sigma_log"]
    assert set(sig) == {"pooled", *cov["by_series"]} and sig["pooled"] >= 0
    assert 0.0 <= d["band_coverage_predictive"]["all"] <= 1.0
    # a point forecast's relative CRPS is its MAPE
    base = d["baselines"]["mean_2024"]
    assert d["crps"]["mean_2024"]["in_sample"] == pytest.approx(base["mape_in_sample"])
    events = d["disruptions"]["events"]
    assert {e["sample"] for e in events} == {"calibration", "held_out", "fresh", "fresh2"}
    for e in events:
        assert e["node"] is not None
        assert e["simulated_onset_median"] is None or e["error_days"] is not None
    summary = d["disruptions"]["summary"]
    assert summary["held_out"]["events"] == sum(e["sample"] == "held_out" for e in events)
    obs = d["disruptions"]["observation_model"]  # onsets dated by the calibrated depth
    assert obs["parameter"] == "onset_shortfall_share"
    assert 0.01 <= obs["onset_shortfall_share_p05"] <= obs["onset_shortfall_share_median"]
    assert obs["onset_shortfall_share_median"] <= obs["onset_shortfall_share_p95"] <= 0.3


def test_discrepancy_is_fitted_on_calibration_months_only() -> None:
    import pandas as pd

    from chokepoints.scenarios.backtest import (
        MIN_DISCREPANCY_MONTHS,
        fit_discrepancy,
        predictive_members,
    )

    rng = np.random.default_rng(3)
    n_in = MIN_DISCREPANCY_MONTHS + 15
    truth = 0.3  # observed = simulated x exp(N(0, 0.3^2)) in sample
    obs_in = 100.0 * np.exp(truth * rng.standard_normal(n_in))
    months = [f"m{k:02d}" for k in range(n_in + 2)]
    t = pd.DataFrame({"series": ["world"] * (n_in + 2) + ["japan"], "month": months + ["m00"],
                      "sample": ["in"] * n_in + ["out", "out", "in"],
                      "observed_t": [*obs_in, 1e6, 1e-3, 100.0]})  # fmt: skip
    runs = {(s, m): np.full(4, 100.0) for s, m in zip(t["series"], t["month"], strict=True)}
    sig = fit_discrepancy(t, runs)
    assert 0.2 <= sig["world"] <= 0.4  # recovers the scale; held-out outliers ignored
    assert sig["japan"] == sig["pooled"]  # too few calibration months: the pooled value
    # runs that already spread as much as the data need (almost) no discrepancy
    wide = {k: 100.0 * np.exp(truth * np.array([-1.64, -0.67, 0.0, 0.67, 1.64]))
            for k in runs}  # fmt: skip
    assert fit_discrepancy(t, wide)["world"] < sig["world"]
    members = predictive_members(np.array([100.0, 100.0]), 0.2)
    assert members.size == 40 and np.median(members) == pytest.approx(100.0, rel=1e-3)
    # 20 fixed normal quantiles: the empirical 95% point lies between z = 1.44 and 1.96
    assert np.exp(0.2 * 1.44) <= np.quantile(members, 0.95) / 100.0 <= np.exp(0.2 * 1.96)


def test_interval_score_rewards_narrow_bands_and_punishes_misses() -> None:
    from chokepoints.scenarios.backtest import interval_score

    assert interval_score(90.0, 110.0, 100.0) == pytest.approx(20.0)  # width only
    assert interval_score(80.0, 120.0, 100.0) > interval_score(90.0, 110.0, 100.0)
    # a miss by 5 costs 2 / 0.1 x 5 = 100 on top of the width
    assert interval_score(90.0, 110.0, 115.0) == pytest.approx(20.0 + 100.0)


def test_fresh_hold_out_months_are_scored_apart_from_the_old_hold_out() -> None:
    import pandas as pd

    from chokepoints.scenarios.backtest import compare, sample_of

    assert [sample_of(m) for m in ("2025-10", "2025-11", "2026-03", "2026-04")] == [
        "in", "out", "out", "fresh"]  # fmt: skip
    months = ["2025-08", "2025-09", "2025-10", "2025-11", "2026-04", "2026-05"]
    obs = pd.DataFrame({"month": months, "series": "world",
                        "observed_t": [100.0, 100.0, 100.0, 100.0, 100.0, 300.0]})  # fmt: skip
    sim = pd.DataFrame({"month": months, "series": "world", "simulated_t": 100.0,
                        "simulated_p05_t": 90.0, "simulated_p95_t": 110.0,
                        "days_simulated": 30})  # fmt: skip
    runs = {("world", m): np.array([90.0, 100.0, 110.0]) for m in months}
    t, m = compare(sim, obs, runs=runs)
    assert list(t["sample"]) == ["in", "in", "in", "out", "fresh", "fresh"]
    assert m["mape_out_of_sample"] == pytest.approx(0.0)
    assert m["mape_fresh_hold_out"] == pytest.approx((0.0 + 2.0 / 3.0) / 2)
    cov = m["band_coverage"]
    assert cov["out_of_sample"] == 1.0 and cov["fresh_hold_out"] == 0.5
    # the discrepancy scale sees the calibration months only (a perfect fit there: 0)
    assert m["discrepancy_sigma_log"]["world"] <= 0.05
