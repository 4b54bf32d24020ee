"""Stored results hold each distinct counterfactual series once (review of issue 12).

``compact_counterfactual`` keeps one (time, node) series per distinct counterfactual and
an index per run; ``reference_production`` reads both forms, so a ``result.nc`` opened
with xarray is summarised exactly as the in-memory result it was written from.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from typer.testing import CliRunner

from chokepoints.cli import app
from chokepoints.errors import DataError
from chokepoints.scenarios import load_scenario
from chokepoints.scenarios.reference import (
    COUNTERFACTUAL,
    COUNTERFACTUAL_INDEX,
    COUNTERFACTUAL_SET,
    compact_counterfactual,
    expand_counterfactual,
    reference_production,
)
from chokepoints.scenarios.runner import compile_scenario, run_compiled
from chokepoints.scenarios.summary import summarize
from chokepoints.testing import SMALL_SCENARIO


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from chokepoints.testing import write_small_world

    tmp = tmp_path_factory.mktemp("compact")
    world = write_small_world(tmp / "world")
    path = tmp / "s.yaml"
    path.write_text(SMALL_SCENARIO.format(world=world), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def result(scenario_file: Path) -> xr.Dataset:
    return run_compiled(compile_scenario(load_scenario(scenario_file)), runs=4)


def _two_draws(ds: xr.Dataset) -> xr.Dataset:
    """Runs 1 and 3 with a different counterfactual (as two posterior draws would)."""
    cf = np.array(ds[COUNTERFACTUAL].values)
    cf[1::2] *= 1.5
    return ds.assign({COUNTERFACTUAL: (("run", "time", "node"), cf)})


def test_one_series_per_parameter_set(result: xr.Dataset) -> None:
    small = compact_counterfactual(result)
    assert small[COUNTERFACTUAL].dims == (COUNTERFACTUAL_SET, "time", "node")
    assert small.sizes[COUNTERFACTUAL_SET] == 1
    assert small[COUNTERFACTUAL_INDEX].values.tolist() == [0, 0, 0, 0]
    np.testing.assert_array_equal(reference_production(small), reference_production(result))
    two = compact_counterfactual(_two_draws(result))
    assert two.sizes[COUNTERFACTUAL_SET] == 2
    assert two[COUNTERFACTUAL_INDEX].values.tolist() == [0, 1, 0, 1]
    np.testing.assert_array_equal(reference_production(two),
                                  reference_production(_two_draws(result)))  # fmt: skip
    back = expand_counterfactual(two)
    assert back[COUNTERFACTUAL].dims == ("run", "time", "node")
    assert COUNTERFACTUAL_INDEX not in back.variables
    np.testing.assert_array_equal(back[COUNTERFACTUAL].values,
                                  _two_draws(result)[COUNTERFACTUAL].values)  # fmt: skip
    assert compact_counterfactual(small) is small  # already compact


def test_netcdf_round_trip_summarises_the_same(result: xr.Dataset, tmp_path: Path) -> None:
    full, small = tmp_path / "full.nc", tmp_path / "small.nc"
    result.to_netcdf(full, engine="scipy")
    compact_counterfactual(result).to_netcdf(small, engine="scipy")
    n_runs, n_days, n_nodes = result[COUNTERFACTUAL].shape
    saved = (n_runs - 1) * n_days * n_nodes * 4  # float32 series not repeated
    assert full.stat().st_size - small.stat().st_size >= 0.9 * saved  # less index, header
    with xr.open_dataset(small, engine="scipy") as back:
        pd.testing.assert_frame_equal(summarize(back), summarize(result))


def test_a_bad_index_is_refused(result: xr.Dataset) -> None:
    small = compact_counterfactual(result)
    bad = small.assign({COUNTERFACTUAL_INDEX: ("run", np.array([0, 0, 1, 0], np.int32))})
    with pytest.raises(DataError, match="counterfactual_index"):
        reference_production(bad)
    with pytest.raises(DataError, match="counterfactual_index"):
        reference_production(small.drop_vars(COUNTERFACTUAL_INDEX))


def test_run_writes_a_compact_result(scenario_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(scenario_file), "--runs", "3", "--out", str(out),
                                   "--no-backtest", "--format", "json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    with xr.open_dataset(out / "result.nc", engine="scipy") as back:
        assert back.sizes[COUNTERFACTUAL_SET] == 1 and back.sizes["run"] == 3
        again = summarize(back)
    by_row = {(r["country"], r["sector"]): r["lost_output_t"] for r in rows}
    for _, r in again.iterrows():
        assert r["lost_output_t"] == pytest.approx(by_row[(r["country"], r["sector"])])
