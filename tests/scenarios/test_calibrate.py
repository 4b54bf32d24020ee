"""Calibration bookkeeping: one prior and source per parameter, atomic rewrite of the file."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from chokepoints.scenarios.calibrate import GRID, PARAMETERS, PRIORS, write_parameters
from chokepoints.scenarios.spec import load_scenario


def test_every_fitted_parameter_has_prior_grid_and_source() -> None:
    fitted = load_scenario("backtest-2025").parameters
    assert set(PARAMETERS) == set(fitted) == set(GRID) == set(PRIORS)
    for name, p in PARAMETERS.items():
        assert list(p.grid) == sorted(p.grid) and p.grid[0] <= p.prior <= p.grid[-1], name
        assert fitted[name] in p.grid, name
        assert p.source and p.bounds and p.unit, name
    assert "anecdote" in PARAMETERS["approval_factor_usa"].source


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
