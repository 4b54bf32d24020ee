"""The shortage reference as statistics and the report show it (review of issue 12).

Per-run statistics carry the same ``shortage_reference`` whether they come from an
in-process run or from a Dask chunk (which carries no attrs), and the report's stage
chart and table note measure the shortfall against the no-controls counterfactual, not
2024 output.
"""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from chokepoints.ensemble.runner import chunk_dataset
from chokepoints.report import scenario_report
from chokepoints.scenarios import load_scenario
from chokepoints.scenarios.reference import COUNTERFACTUAL, REFERENCE_COUNTERFACTUAL
from chokepoints.scenarios.runner import CompiledScenario, compile_scenario, run_compiled
from chokepoints.scenarios.summary import group_series, run_statistics, stage_shortfall, summarize
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


def _raised_above_2024(result: xr.Dataset, factor: float, short: float) -> xr.Dataset:
    """``result`` with the counterfactual ``factor`` x 2024 output and output ``short``
    below it on every node and day (as under a scenario demand above 2024)."""
    base = result["baseline_production"].values.astype(np.float32)
    cf = np.broadcast_to(factor * base[None, None, :], result["production"].shape)
    return result.assign(
        production=(("run", "time", "node"), (1.0 - short) * cf),
        **{COUNTERFACTUAL: (("run", "time", "node"), cf)},
    )


def test_stage_shortfall_is_measured_against_the_counterfactual(result: xr.Dataset) -> None:
    ds = _raised_above_2024(result, factor=1.21, short=0.05)
    da = stage_shortfall(ds)
    assert set(da["group"].values) == set(np.unique(ds["stage"].values))
    np.testing.assert_allclose(da.values, 0.05, atol=1e-5)
    # against 2024 output the same runs would read as 15% above, not 5% short
    old = 1.0 - group_series(ds, "stage").values
    assert (old < -0.1).all()


def test_stage_shortfall_is_zero_where_the_counterfactual_is_zero(result: xr.Dataset) -> None:
    ds = _raised_above_2024(result, factor=0.0, short=0.0)
    np.testing.assert_array_equal(stage_shortfall(ds).values, 0.0)


def test_report_stage_chart_and_note_name_the_counterfactual(result: xr.Dataset) -> None:
    ds = _raised_above_2024(result, factor=1.21, short=0.05)
    page = scenario_report(ds, summarize(ds))
    assert "of baseline" not in page
    assert "of the output without export controls" in page
    assert "days below 90% of it" in page
    chart = page[page.index("<h2>Shortfall by stage</h2>") :]
    assert "output without controls" in chart[: chart.index("</svg>")]
    # the table says every end-use row is short in every run (5% below no controls)
    assert (summarize(ds)["share_runs_short"] == 1.0).all()
