"""The April 2025 licence backtest: Dy fitted, Tb with the same parameters, values documented.

These are regression checks of a one-parameter fit, not validation: the outside demand
elasticity is solved so that Dy's simulated ratio equals Dy's observed one, and Tb's
simulated ratio equals Dy's by construction (``approved_share ** (-1 / eta)``).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from chokepoints.engines.market import simulate_market
from chokepoints.market.backtest import (
    APPROVED_SHARE,
    TB_ROLE,
    closed_form_ratio,
    licensed_share,
    observed_changes,
    observed_ratio,
    run_backtest,
)
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


def test_dy_fit_regression_check(rows: list[dict]) -> None:
    """Regression check of the fit (eta is solved to hit this ratio; not a validation)."""
    dy = rows[0]
    assert dy["element"] == "Dy" and dy["role"] == "fit"
    assert dy["sim_outside_over_inside"] == pytest.approx(dy["obs_outside_over_inside"], rel=1e-8)
    assert dy["eta_outside"] == pytest.approx(1.2131, abs=1e-4)


def test_simulated_ratio_is_the_closed_form(rows: list[dict]) -> None:
    """One source, flat China supply, cap a on every flow: ratio = a ** (-1 / eta)."""
    for row in rows[:2]:
        assert row["sim_inside_ratio"] == pytest.approx(1.0, abs=1e-12)
        assert row["sim_outside_over_inside"] == pytest.approx(
            closed_form_ratio(APPROVED_SHARE, row["eta_outside"]), rel=1e-9
        )


def test_tb_equals_dy_by_construction(rows: list[dict]) -> None:
    """Tb gets Dy's fitted ratio because nothing Tb-specific enters; only the observed
    ratios can differ, and Tb's observed range contains Dy's observed mid."""
    dy, tb = rows[0], rows[1]
    assert tb["element"] == "Tb" and tb["role"] == TB_ROLE
    assert tb["sim_outside_over_inside"] == pytest.approx(dy["sim_outside_over_inside"], rel=1e-9)
    assert tb["obs_low"] <= dy["obs_outside_over_inside"] <= tb["obs_high"]
    assert tb["obs_outside_over_inside"] == pytest.approx(2.83, abs=0.01)


def test_dynamics_approval_implies_a_may_share_near_the_market_cap() -> None:
    """Dynamics backtest (approval 0.20 per application, 30-day reviews) vs market (0.26)."""
    assert licensed_share(0.20, 30.0) == pytest.approx(0.243, abs=1e-3)
    assert licensed_share(0.20, 30.0, review="fixed") == pytest.approx(0.181, abs=1e-3)
    assert licensed_share(0.20 * 0.35, 30.0) == pytest.approx(0.093, abs=1e-3)
    assert licensed_share(1.0, 1.0, days=(1, 1), review="fixed") == 1.0
    with pytest.raises(ValueError, match="approval_probability"):
        licensed_share(1.5, 30.0)


def test_market_size_does_not_change_price_ratios() -> None:
    """World Dy 1,850 t (market file) vs 4,650 t (bundled world): prices equal, welfare x2.51."""
    spec = load_builtin_market("dysprosium-oxide", "april-2025-licensing")
    big = replace(spec, value0=spec.value0 * 4650 / 1850)
    a, b = simulate_market(spec), simulate_market(big)
    np.testing.assert_allclose(b["price_index_ratio"], a["price_index_ratio"], rtol=1e-10)
    np.testing.assert_allclose(
        b["welfare_change"], a["welfare_change"] * 4650 / 1850, rtol=1e-8, atol=1e-12
    )


def test_finite_china_supply_elasticity_lowers_china_price(rows: list[dict]) -> None:
    sens = rows[2]
    assert sens["sim_inside_ratio"] < 1.0
    assert sens["sim_outside_over_inside"] > rows[0]["sim_outside_over_inside"]


def test_bundled_dy_market_carries_the_fitted_elasticity(rows: list[dict]) -> None:
    spec = load_builtin_market("dysprosium-oxide")
    outside = spec.composite_demand[np.array(spec.regions) != "CHN"]
    np.testing.assert_allclose(-outside, round(rows[0]["eta_outside"], 2))
    assert np.isinf(spec.export_supply[spec.regions.index("CHN")])
