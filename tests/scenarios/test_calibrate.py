"""Calibration machinery: priors with sources, the distance, the posterior file, a tiny
ABC-SMC run on the real backtest, and the atomic rewrite of the scenario file."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from chokepoints.scenarios.abc import abc_smc
from chokepoints.scenarios.backtest import posterior_path
from chokepoints.scenarios.calibrate import (
    DAYS_WEIGHT,
    FIXED_PARAMETERS,
    MAX_ONSET_ERROR_DAYS,
    PARAMETERS,
    PRIORS,
    backtest_distance,
    distance_of,
    posterior_table,
    write_parameters,
    write_posterior,
)
from chokepoints.scenarios.spec import load_scenario


def test_every_parameter_has_reported_value_bounds_and_source() -> None:
    fitted = load_scenario("backtest-2025").parameters
    assert set(PARAMETERS) == {p.name for p in PRIORS}
    assert set(fitted) == set(PARAMETERS) | set(FIXED_PARAMETERS)  # fixed ones are not fitted
    assert not set(PARAMETERS) & set(FIXED_PARAMETERS)
    for name, p in PARAMETERS.items():
        assert p.low <= p.prior <= p.high and p.low <= fitted[name] <= p.high, name
        assert p.source and p.bounds and p.unit, name
    assert "anecdote" in PARAMETERS["approval_factor_usa"].source


def _event(sample: str, error: int | None) -> dict[str, object]:
    return {"sample": sample, "node": "X:component:traction_motor", "error_days": error}


def test_distance_uses_only_in_sample_months_and_calibration_events() -> None:
    metrics = {"mape_in_sample": 0.2, "mape_out_of_sample": 9.9}
    events = [_event("calibration", 30), _event("calibration", -10), _event("held_out", 999)]
    assert distance_of(metrics, events) == pytest.approx(0.2 + DAYS_WEIGHT * 20)
    events.append(_event("calibration", None))  # no onset: counted as the cap
    assert distance_of(metrics, events) == pytest.approx(
        0.2 + DAYS_WEIGHT * (40 + MAX_ONSET_ERROR_DAYS) / 3
    )
    # with destination series the pooled in-sample MAPE over every series is used
    metrics["mape_in_sample_all"] = 0.3
    assert distance_of(metrics, events[:1]) == pytest.approx(0.3 + DAYS_WEIGHT * 30)


def test_bundled_posterior_matches_the_scenario_file() -> None:
    table = pd.read_csv(posterior_path(2025))
    assert list(table.columns) == [*PARAMETERS, "weight", "distance"]
    assert len(table) >= 20 and table["weight"].sum() == pytest.approx(1.0, abs=1e-4)
    fitted = load_scenario("backtest-2025").parameters
    for name, p in PARAMETERS.items():
        assert table[name].between(p.low, p.high).all(), name
        order = table.sort_values(name)
        cdf = order["weight"].cumsum().to_numpy()
        median = float(order[name].to_numpy()[np.searchsorted(cdf, 0.5 * cdf[-1])])
        assert fitted[name] == pytest.approx(median, rel=5e-3), name


def test_tiny_abc_run_on_the_backtest(tmp_path: Path) -> None:
    res = abc_smc(backtest_distance(runs=2), PRIORS, n_particles=3, generations=2, seed=1)
    assert res.particles.shape == (3, len(PRIORS)) and len(res.epsilons) == 2
    assert np.all(res.distances <= res.epsilons[-1])
    path = tmp_path / "posterior.csv"
    write_posterior(posterior_table(res), path)
    back = pd.read_csv(path)
    assert list(back.columns) == [*PARAMETERS, "weight", "distance"] and len(back) == 3


def test_write_parameters_rewrites_only_the_values(tmp_path: Path) -> None:
    src = resources.files("chokepoints.data") / "scenarios" / "backtest-2025.yaml"
    path = tmp_path / "backtest-2025.yaml"
    shutil.copyfile(str(src), path)
    before = path.read_text()
    write_parameters({"review_days": 33.0}, path)
    after = path.read_text()
    assert "  review_days: 33.0" in after
    assert len(after.splitlines()) == len(before.splitlines())
    assert not list(tmp_path.glob(".*.tmp"))
