"""The shortage reference as statistics and the report show it (review of issue 12).

Per-run statistics carry the same ``shortage_reference`` whether they come from an
in-process run or from a Dask chunk (which carries no attrs), and the report's stage
chart measures the shortfall against the no-controls counterfactual, not 2024 output.
"""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from chokepoints.ensemble.runner import chunk_dataset
from chokepoints.scenarios import load_scenario
from chokepoints.scenarios.reference import COUNTERFACTUAL, REFERENCE_COUNTERFACTUAL
from chokepoints.scenarios.runner import CompiledScenario, compile_scenario, run_compiled
from chokepoints.scenarios.summary import run_statistics
from chokepoints.testing import SMALL_SCENARIO


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> CompiledScenario:
    from chokepoints.testing import write_small_world

    tmp = tmp_path_factory.mktemp("labels")
    world = write_small_world(tmp / "world")
    path = tmp / "s.yaml"
    path.write_text(SMALL_SCENARIO.format(world=world), encoding="utf-8")
    return compile_scenario(load_scenario(path))


@pytest.fixture(scope="module")
def result(model: CompiledScenario) -> xr.Dataset:
    return run_compiled(model, runs=3)


def test_dask_chunk_statistics_name_the_same_reference_as_in_process(
    model: CompiledScenario, result: xr.Dataset
) -> None:
    rec = np.arange(result.sizes["node"])
    chunk = chunk_dataset(model, result["production"].values, 0, rec)
    assert "shortage_reference" not in chunk.attrs
    in_process = run_statistics(result).attrs["shortage_reference"]
    from_chunk = run_statistics(chunk).attrs["shortage_reference"]
    assert in_process == REFERENCE_COUNTERFACTUAL
    assert from_chunk == in_process
    assert COUNTERFACTUAL in chunk.variables
