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
    assert 0.0 <= cov["in_sample"] <= 1.0 and set(cov["by_series"]) == {"world", "usa"}
    assert set(d["crps"]) == {"model", "model_predictive", "mean_2024", "persistence"}
    assert d["discrepancy_sigma_log"] > 0 and 0.0 <= d["band_coverage_predictive"]["all"] <= 1.0
    # a point forecast's relative CRPS is its MAPE
    base = d["baselines"]["mean_2024"]
    assert d["crps"]["mean_2024"]["in_sample"] == pytest.approx(base["mape_in_sample"])
    events = d["disruptions"]["events"]
    assert {e["sample"] for e in events} == {"calibration", "held_out"}
    for e in events:
        assert e["node"] is not None
        assert e["simulated_onset_median"] is None or e["error_days"] is not None
    summary = d["disruptions"]["summary"]
    assert summary["held_out"]["events"] == sum(e["sample"] == "held_out" for e in events)


def test_discrepancy_uses_in_sample_months_only_and_widens_the_band() -> None:
    import pandas as pd

    from chokepoints.scenarios.backtest import discrepancy_sigma, predictive_members

    t = pd.DataFrame({"sample": ["in", "in", "out"], "observed_t": [110.0, 100.0, 500.0],
                      "simulated_t": [100.0, 110.0, 100.0]})  # fmt: skip
    assert discrepancy_sigma(t) == pytest.approx(np.log(1.1))
    members = predictive_members(np.array([100.0, 100.0]), 0.2)
    assert members.size == 40 and np.median(members) == pytest.approx(100.0, rel=1e-3)
    # 20 fixed normal quantiles: the empirical 95% point lies between z = 1.44 and 1.96
    assert np.exp(0.2 * 1.44) <= np.quantile(members, 0.95) / 100.0 <= np.exp(0.2 * 1.96)
