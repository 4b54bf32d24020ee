"""Shortages measured against the no-controls counterfactual of the same scenario.

A small world (tests/conftest.py) where final demand is raised and a licence on AAA's
oxide binds: the counterfactual runs above 2024 output, so the shortfall counted against
it is larger than against 2024 output by that margin, and onsets come no later. A
scenario without controls has no shortage at all, even when its demand is below 2024.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from chokepoints.scenarios import load_scenario, run_scenario
from chokepoints.scenarios.disruptions import simulated_onsets
from chokepoints.scenarios.reference import COUNTERFACTUAL, with_baseline_reference
from chokepoints.scenarios.runner import compile_scenario, open_gates
from chokepoints.scenarios.summary import run_statistics, summarize
from chokepoints.testing import SMALL_SCENARIO

NODE = "CCC:sector:ev"


def _scenario(tmp_path: Path, world: Path, *, demand: float, controls: bool) -> Path:
    text = SMALL_SCENARIO.format(world=world)
    text = text.replace("start: 2025-01-01", "spin_up_days: 730\nstart: 2025-01-01")
    text = text.replace("  review_delay: exponential\n",
                        f"  review_delay: exponential\n  demand_factor: {demand}\n")  # fmt: skip
    if not controls:
        text = text[: text.index("overrides:")]
    path = tmp_path / f"s-{demand}-{controls}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _against_2024(ds: xr.Dataset) -> xr.Dataset:
    return with_baseline_reference(ds.drop_vars(COUNTERFACTUAL))


@pytest.fixture(scope="module")
def raised(tmp_path_factory: pytest.TempPathFactory, small_world_dir_module: Path) -> xr.Dataset:
    tmp = tmp_path_factory.mktemp("cf")
    return run_scenario(load_scenario(_scenario(tmp, small_world_dir_module, demand=1.2,
                                                controls=True)))  # fmt: skip


@pytest.fixture(scope="module")
def small_world_dir_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from chokepoints.testing import write_small_world

    return write_small_world(tmp_path_factory.mktemp("world"))


def test_counterfactual_is_stored_per_run_and_above_2024_when_demand_is_raised(
    raised: xr.Dataset,
) -> None:
    cf = raised[COUNTERFACTUAL]
    assert cf.dims == ("run", "time", "node") and cf.attrs["units"].endswith("/day")
    assert raised.attrs["shortage_reference"].startswith("no-controls counterfactual")
    x0 = float(raised["baseline_production"].sel(node=NODE))
    ratio = cf.sel(node=NODE).values / x0
    assert ratio.min() > 1.02  # demand 1.2 x 2024 after two years of spin-up
    # no random draws without controls: every run shares one counterfactual
    np.testing.assert_array_equal(cf.values[0], cf.values[-1])


def test_shortfall_against_counterfactual_exceeds_2024_by_the_demand_margin(
    raised: xr.Dataset,
) -> None:
    new = run_statistics(raised).sel(node=NODE)
    old = run_statistics(_against_2024(raised)).sel(node=NODE)
    x = raised["production"].sel(node=NODE).values.astype(np.float64)
    cf = raised[COUNTERFACTUAL].sel(node=NODE).values.astype(np.float64)
    x0 = float(raised["baseline_production"].sel(node=NODE))
    short_2024 = x < 0.99 * x0
    margin = np.where(short_2024, cf - x0, 0.0).sum(axis=1)  # t, per run
    assert (margin > 0.02 * x0 * short_2024.sum(axis=1)).all()
    # every day short against 2024 is short against the counterfactual too, and counts
    # (cf - x) = (x0 - x) + (cf - x0): at least the old loss plus the demand margin
    gain = new["lost_output_t"].values - old["lost_output_t"].values
    assert (gain >= margin - 1e-6).all()
    assert (new["peak_shortfall_pct"].values > old["peak_shortfall_pct"].values).all()
    assert (new["days_below_90pct"].values >= old["days_below_90pct"].values).all()


def test_onsets_come_no_later_than_against_2024(raised: xr.Dataset) -> None:
    new = run_statistics(raised)["first_shortage_day"].sel(node=NODE).values
    old = run_statistics(_against_2024(raised))["first_shortage_day"].sel(node=NODE).values
    assert np.isfinite(new).all()
    assert (new <= np.where(np.isnan(old), np.inf, old)).all()
    assert (new < old).any()  # the margin makes some onsets earlier
    on_new = simulated_onsets(raised, [NODE]).day[:, 0]
    on_old = simulated_onsets(_against_2024(raised), [NODE]).day[:, 0]
    assert (on_new <= np.where(np.isnan(on_old), np.inf, on_old)).all()


def test_scenario_without_controls_has_no_shortage(
    tmp_path: Path, small_world_dir_module: Path
) -> None:
    # demand below 2024: against 2024 output every run would be 'short'; against the
    # counterfactual (the same scenario, which has no controls) none is
    ds = run_scenario(load_scenario(_scenario(tmp_path, small_world_dir_module, demand=0.9,
                                              controls=False)))  # fmt: skip
    np.testing.assert_array_equal(ds["production"].values, ds[COUNTERFACTUAL].values)
    table = summarize(ds)
    assert (table["share_runs_short"] == 0).all()
    assert (table["lost_output_t"] == 0).all() and (table["peak_shortfall_pct"] == 0).all()
    assert np.isnan(simulated_onsets(ds, [NODE]).day).all()
    old = summarize(_against_2024(ds))
    assert (old["share_runs_short"] == 1).all() and (old["lost_output_t"] > 0).all()


def test_open_gates_lift_every_control(small_scenario: Path) -> None:
    model = compile_scenario(load_scenario(small_scenario))
    assert (np.asarray(model.gates.kind) == 1).any()  # the licence
    g = open_gates(model.gates)
    assert (g.kind == 0).all() and (g.approval_prob == 1).all()
    assert (g.review_days == 0).all() and np.isinf(g.quota_t_per_day).all()
    assert g.flow_index is model.gates.flow_index and g.column is model.gates.column


def test_backtest_counterfactual_follows_each_posterior_draw() -> None:
    """Runs draw their parameters from the posterior (5 runs per draw): each draw gets the
    counterfactual of its own parameters, shared by its runs."""
    from chokepoints.scenarios.backtest import run_backtest

    bt = run_backtest(2025, runs=10, seed=3)
    draws = bt.parameter_draws
    assert len(draws) == 2 and draws[0] != draws[1]
    cf = bt.dataset[COUNTERFACTUAL].values
    np.testing.assert_array_equal(cf[0], cf[4])  # one draw, one counterfactual
    assert not np.array_equal(cf[0], cf[5])  # another draw, another counterfactual
