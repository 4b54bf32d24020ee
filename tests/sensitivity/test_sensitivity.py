"""Sensitivity analysis: factors act on the compiled scenario as documented, SALib wiring."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

from chokepoints.cli import app
from chokepoints.market.path import market_path
from chokepoints.scenarios.runner import CompiledScenario, compile_scenario, run_compiled
from chokepoints.scenarios.spec import load_scenario
from chokepoints.sensitivity.analysis import (
    DEMAND_ELASTICITY,
    DYNAMICS_OUTPUTS,
    FACTORS,
    OUTPUTS,
    PRICE_OUTPUTS,
    apply_factors,
    evaluate,
    factors_for,
    morris,
    outcomes,
    price_outcomes,
    sobol,
)
from chokepoints.sensitivity.report import sensitivity_report, to_dict


@pytest.fixture(scope="module")
def model() -> CompiledScenario:
    return compile_scenario(load_scenario("escalation"))


def test_inventory_factor_equals_recompiling(model: CompiledScenario) -> None:
    s = model.scenario
    days = {**s.assumptions.inventory_days, "component": 42.0}
    s2 = s.model_copy(
        update={"assumptions": s.assumptions.model_copy(update={"inventory_days": days})}
    )
    expected = run_compiled(compile_scenario(s2), runs=3)
    got = run_compiled(apply_factors(model, {"component_inventory_days": 42.0}), runs=3)
    xr.testing.assert_equal(got, expected)


def test_gate_factors_act_on_licences_after_start(model: CompiledScenario) -> None:
    g = model.gates
    m = apply_factors(model, {"approval_scale": 0.5, "review_scale": 2.0})
    lic = g.kind == 1
    spin = model.scenario.spin_up_days
    window = lic.copy()
    window[:spin] = False
    assert window.any() and lic[:spin].any()
    np.testing.assert_array_equal(m.gates.approval_prob[window], g.approval_prob[window] * 0.5)
    np.testing.assert_array_equal(m.gates.review_days[window], g.review_days[window] * 2.0)
    # history and other gates untouched
    np.testing.assert_array_equal(m.gates.approval_prob[~window], g.approval_prob[~window])
    np.testing.assert_array_equal(m.gates.review_days[~window], g.review_days[~window])
    # a scale above 1 stays a probability
    up = apply_factors(model, {"approval_scale": 4.0})
    assert up.gates.approval_prob.max() <= 1.0


def test_params_factors(model: CompiledScenario) -> None:
    m = apply_factors(model, {"qualification_days": 99.6, "substitution": 0.2})
    assert m.params.qualification_days == 100 and m.params.substitution is False
    assert apply_factors(model, {"substitution": 0.5}).params.substitution is True
    assert apply_factors(model, {}) == model


def test_substitution_left_out_without_substitutes(model: CompiledScenario) -> None:
    factors, notes = factors_for(model)
    assert [f.name for f in factors] == [f.name for f in FACTORS if f.name != "substitution"]
    assert "substitution left out" in notes[0]
    sub = model.compiled.slot_sub.copy()
    sub[0] = 1
    with_sub = dataclasses.replace(
        model, compiled=dataclasses.replace(model.compiled, slot_sub=sub)
    )
    assert factors_for(with_sub) == (FACTORS, [])


def test_outcomes_move_the_documented_way(model: CompiledScenario) -> None:
    few = outcomes(apply_factors(model, {"component_inventory_days": 15.0}), 3, 1)
    many = outcomes(apply_factors(model, {"component_inventory_days": 180.0}), 3, 1)
    assert few.shape == (len(DYNAMICS_OUTPUTS),)
    first, stops, lost = 0, 1, 2
    assert few[lost] > many[lost] > 0
    assert few[stops] >= many[stops]
    assert few[first] <= many[first] <= model.scenario.horizon_days


def test_morris_ranks_inventory_first_and_is_reproducible(model: CompiledScenario) -> None:
    factors, _ = factors_for(model)
    a = morris(model, factors=factors, trajectories=3, runs=2, seed=5)
    assert a["samples"] == 3 * (len(factors) + 1)
    lost = [r for r in a["rows"] if r["output"] == "lost_output_t"]
    assert [r["rank"] for r in lost] == list(range(1, len(factors) + 1))
    assert lost[0]["factor"] == "component_inventory_days"
    assert lost[0]["mu"] < 0  # more cover, less lost output
    assert all(r["mu_star_conf"] is not None and r["mu_star_conf"] >= 0 for r in lost)
    b = morris(model, factors=factors, trajectories=3, runs=2, seed=5)
    np.testing.assert_array_equal(a["Y"], b["Y"])


def test_sobol_indices_and_checks(model: CompiledScenario) -> None:
    factors = tuple(f for f in FACTORS if f.name in ("component_inventory_days", "review_scale"))
    res = sobol(model, factors=factors, base_samples=8, runs=2, seed=5)
    assert res["samples"] == 8 * (len(factors) + 2)
    lost = [r for r in res["rows"] if r["output"] == "lost_output_t"]
    assert lost[0]["factor"] == "component_inventory_days"
    assert lost[0]["ST"] > lost[1]["ST"]
    with pytest.raises(ValueError, match="power of 2"):
        sobol(model, factors=factors, base_samples=6, runs=2)


def test_constant_output_has_no_indices(model: CompiledScenario) -> None:
    # one factor whose range is (nearly) a single value: every output is constant
    f = dataclasses.replace(FACTORS[0], low=1.0, high=1.0 + 1e-12)
    res = sobol(model, factors=(f,), base_samples=2, runs=1, seed=1)
    assert all(r["S1"] is None and r["ST"] is None for r in res["rows"])


def test_evaluate_on_dask_equals_in_process(model: CompiledScenario) -> None:
    from chokepoints.ensemble import open_client

    factors, _ = factors_for(model, DY)
    X = np.array([[f.low for f in factors], [f.high for f in factors], [f.low for f in factors]])
    local = evaluate(model, X, factors, runs=2, seed=3, batch=2, market=DY)
    with open_client(workers=2, memory_limit="1GiB") as client:
        remote = evaluate(model, X, factors, runs=2, seed=3, batch=2, client=client, market=DY)
    assert np.isfinite(remote).all()  # the price columns came back too
    np.testing.assert_array_equal(local, remote)
    np.testing.assert_array_equal(local[0], local[2])  # common random numbers


def test_cli_json_and_report(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["sensitivity", "escalation", "--method", "morris",
                                   "--trajectories", "2", "--runs", "1", "--format", "json",
                                   "--out", str(tmp_path), "--no-progress"])  # fmt: skip
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    # the default market adds demand_elasticity (6 factors) and the price outcomes
    assert data["scenario"] == "escalation" and data["morris"]["samples"] == 2 * 6
    assert {r["output"] for r in data["rows"]} == set(OUTPUTS) == set(data["outputs"])
    assert data["market"] == "dysprosium-oxide"
    assert "sobol" not in data
    assert any("Mainrich" in f["source"] for f in data["factors"])
    page = (tmp_path / "sensitivity.html").read_text()
    assert "Which assumptions matter" in page and "component_inventory_days" in page
    assert "price_peak_ratio" in page and "market <code>dysprosium-oxide</code>" in page
    assert "Argus Europe" in page  # the demand_elasticity range's source
    assert json.loads((tmp_path / "sensitivity.json").read_text())["rows"] == data["rows"]


def test_cli_rejects_bad_options() -> None:
    r = CliRunner()
    bad = r.invoke(app, ["sensitivity", "escalation", "--base-samples", "48"])
    assert bad.exit_code != 0 and "48 is not a power of 2" in bad.output
    bad = r.invoke(app, ["sensitivity", "escalation", "--method", "fast"])
    assert bad.exit_code != 0 and "'fast' is not a method" in bad.output
    bad = r.invoke(app, ["sensitivity", "escalation", "--market", "copper"])
    assert bad.exit_code != 0 and "'copper' is not a bundled market" in bad.output


def test_cli_without_market_has_no_prices() -> None:
    res = CliRunner().invoke(app, ["sensitivity", "escalation", "--method", "morris",
                                   "--trajectories", "2", "--runs", "1", "--market", "none",
                                   "--format", "json", "--no-progress"])  # fmt: skip
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["market"] is None and list(data["outputs"]) == list(DYNAMICS_OUTPUTS)
    assert {r["output"] for r in data["rows"]} == set(DYNAMICS_OUTPUTS)
    assert "demand_elasticity" not in {f["name"] for f in data["factors"]}


def test_report_without_sobol_has_no_sobol_columns(model: CompiledScenario) -> None:
    factors, notes = factors_for(model)
    m = morris(model, factors=factors, trajectories=2, runs=1)
    result = {"scenario": "escalation", "seed": 1, "runs_per_sample": 1, "factors": factors,
              "notes": notes, "morris": m}  # fmt: skip
    page = sensitivity_report(result)
    assert "μ*" in page and "ST ±" not in page
    assert to_dict(result)["rows"][0]["rank"] == 1


DY = "dysprosium-oxide"


def _eur(ds: xr.Dataset) -> np.ndarray:
    return np.asarray(ds["price_index_ratio"].sel(region="EUR").values)


def test_market_path_default_unchanged_and_approval_moves_price() -> None:
    s = load_scenario("escalation")
    default = market_path(s, DY)
    xr.testing.assert_identical(market_path(s, DY, approval_scale=1.0, review_scale=1.0), default)
    # the output before the approval/review hook existed (2026-12-03): 3.646 x baseline at
    # the fitted approval_before_london 0.209; 2.348 at 0.356 (issue 12's recalibration);
    # 3.006 at 0.264 (the second recalibration, with the 2025 demand level); 2.690 at 0.302
    # (the third, onsets against the no-controls counterfactual); 3.145 at 0.250 (the
    # fourth, with the onset observation model, 822ca4e; docs/market.md)
    np.testing.assert_allclose(_eur(default)[1:], 3.14463498, rtol=1e-6)
    half, none = market_path(s, DY, approval_scale=0.5), market_path(s, DY, approval_scale=0.0)
    # fewer approvals, dearer dysprosium outside China; none at all: no supply, no price
    assert (_eur(half) > _eur(default)).all()
    assert np.isinf(_eur(none)).all()
    # the China price does not rise (its supply is flat, exports diverted home)
    chn = half["price_index_ratio"].sel(region="CHN").values
    assert (chn <= default["price_index_ratio"].sel(region="CHN").values + 1e-12).all()


def test_price_outcomes_follow_approval_and_elasticity(model: CompiledScenario) -> None:
    base = price_outcomes(model, DY, {})
    assert base.shape == (len(PRICE_OUTPUTS),)
    assert base[0] >= base[1] > 1  # peak >= mean, both above the baseline
    assert (price_outcomes(model, DY, {"approval_scale": 0.5}) > base).all()
    # more elastic demand, a smaller price rise for the same supply cut
    lo = price_outcomes(model, DY, {"demand_elasticity": DEMAND_ELASTICITY.low})
    hi = price_outcomes(model, DY, {"demand_elasticity": DEMAND_ELASTICITY.high})
    assert (lo > hi).all()


def test_evaluate_with_market_caches_by_factor_group(model: CompiledScenario) -> None:
    factors, _ = factors_for(model, DY)
    assert factors[-1] == DEMAND_ELASTICITY
    low = [f.low for f in factors]
    X = np.array([low, low[:-1] + [DEMAND_ELASTICITY.high], [*low[:2], 180.0, *low[3:]]])
    Y = evaluate(model, X, factors, runs=1, seed=2, market=DY)
    n = len(DYNAMICS_OUTPUTS)
    np.testing.assert_array_equal(Y[0, :n], Y[1, :n])  # elasticity: prices only
    assert (Y[0, n:] > Y[1, n:]).all()
    np.testing.assert_array_equal(Y[0, n:], Y[2, n:])  # inventory: dynamics only
    assert Y[2, 2] < Y[0, 2]
    no_market = evaluate(model, X[:1, :-1], factors[:-1], runs=1, seed=2)
    np.testing.assert_array_equal(no_market[0, :n], Y[0, :n])
    assert np.isnan(no_market[0, n:]).all()


def test_sobol_with_market_ranks_price_factors(model: CompiledScenario) -> None:
    names = ("approval_scale", "component_inventory_days")
    factors = (*(f for f in FACTORS if f.name in names), DEMAND_ELASTICITY)
    res = sobol(model, factors=factors, base_samples=4, runs=1, seed=5, market=DY)
    peak = [r for r in res["rows"] if r["output"] == "price_peak_ratio"]
    assert {r["factor"] for r in peak[:2]} == {"approval_scale", "demand_elasticity"}
    assert peak[-1]["factor"] == "component_inventory_days" and peak[-1]["ST"] == 0
