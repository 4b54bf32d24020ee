"""The April 2025 licence backtest: Dy fitted, Tb out of sample, fitted values documented."""

from __future__ import annotations

import numpy as np
import pytest

from chokepoints.market.backtest import observed_changes, observed_ratio, run_backtest
from chokepoints.market.io import load_builtin_market


def test_observations_are_the_argus_and_smm_quotes() -> None:
    dy = observed_changes("Dy")
    assert (dy["outside_before"].low, dy["outside_before"].high) == (250, 310)
    assert (dy["outside_after"].low, dy["outside_after"].high) == (700, 1000)
    assert dy["inside_before"].mid == dy["inside_after"].mid == 1_660_000
    mid, low, high = observed_ratio("Dy")
    assert mid == pytest.approx(850 / 280)
    assert low < mid < high


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return run_backtest()


def test_dy_fit_reproduces_observed_ratio(rows: list[dict]) -> None:
    dy = rows[0]
    assert dy["element"] == "Dy" and dy["role"] == "fit"
    assert dy["sim_outside_over_inside"] == pytest.approx(dy["obs_outside_over_inside"], rel=1e-8)
    assert dy["eta_outside"] == pytest.approx(1.2131, abs=1e-4)


def test_tb_out_of_sample_within_observed_range(rows: list[dict]) -> None:
    tb = rows[1]
    assert tb["element"] == "Tb" and tb["role"] == "out-of-sample"
    assert tb["obs_low"] <= tb["sim_outside_over_inside"] <= tb["obs_high"]


def test_finite_china_supply_elasticity_lowers_china_price(rows: list[dict]) -> None:
    sens = rows[2]
    assert sens["sim_inside_ratio"] < 1.0
    assert sens["sim_outside_over_inside"] > rows[0]["sim_outside_over_inside"]


def test_bundled_dy_market_carries_the_fitted_elasticity(rows: list[dict]) -> None:
    spec = load_builtin_market("dysprosium-oxide")
    outside = spec.composite_demand[np.array(spec.regions) != "CHN"]
    np.testing.assert_allclose(-outside, round(rows[0]["eta_outside"], 2))
    assert np.isinf(spec.export_supply[spec.regions.index("CHN")])
