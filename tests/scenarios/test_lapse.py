"""lapse-2026 against status-quo: the October 2025 content rule and military ban act."""

from __future__ import annotations

import json

import numpy as np
import pytest

from chokepoints.policy.gates import CLOSED, LICENCE
from chokepoints.scenarios.runner import CompiledScenario, compile_scenario, run_compiled
from chokepoints.scenarios.spec import load_scenario
from chokepoints.scenarios.summary import run_statistics


@pytest.fixture(scope="module")
def models() -> dict[str, CompiledScenario]:
    return {n: compile_scenario(load_scenario(n)) for n in ("status-quo", "lapse-2026")}


def _day(model: CompiledScenario, day: str) -> int:
    return int((np.datetime64(day) - np.datetime64(model.scenario.sim_start)).astype(int))


def _ends(model: CompiledScenario) -> tuple[np.ndarray, np.ndarray]:
    c, idx = model.compiled, model.gates.flow_index
    return c.node_ids[c.flow_sup[idx]], c.node_ids[c.slot_node[c.flow_slot[idx]]]


def test_gates_differ_where_the_october_rules_say(models: dict[str, CompiledScenario]) -> None:
    sq, lapse = models["status-quo"], models["lapse-2026"]
    assert np.array_equal(sq.gates.flow_index, lapse.gates.flow_index)
    k = _day(lapse, "2026-11-15")
    sup, cus = _ends(lapse)
    origin = lapse.flow_origin[lapse.gates.flow_index]
    ka, kb = sq.gates.kind[k], lapse.gates.kind[k]
    changed = np.nonzero((ka != kb) | (sq.gates.approval_prob[k] != lapse.gates.approval_prob[k]))[
        0
    ]
    assert changed.size > 0
    for f in changed:
        if lapse.flow_end_use[f] == "military":
            # No. 61's military end-use ban closes the flow
            assert kb[f] == CLOSED, (sup[f], cus[f])
        else:
            # No. 61's content rule puts a foreign product with Chinese content under licence
            assert origin[f] != "CHN"
            assert lapse.flow_china_content[f] >= 0.001
            assert kb[f] == LICENCE and lapse.gates.approval_prob[k][f] < 1.0
    reasons = {str(lapse.flow_end_use[f]) for f in changed}
    assert reasons == {"military", "civilian"}  # both rules act in the bundled world
    # before No. 70 lapses (2026-11-10) the two scenarios gate every flow alike
    k0 = _day(lapse, "2026-11-09")
    assert np.array_equal(sq.gates.kind[: k0 + 1], lapse.gates.kind[: k0 + 1])


def test_content_below_de_minimis_is_not_gated(models: dict[str, CompiledScenario]) -> None:
    lapse = models["lapse-2026"]
    k = _day(lapse, "2026-11-15")
    origin = lapse.flow_origin[lapse.gates.flow_index]
    none = (lapse.flow_china_content == 0.0) & (origin != "CHN")
    assert none.any()
    sq = models["status-quo"]
    assert np.array_equal(sq.gates.kind[k][none], lapse.gates.kind[k][none])


def test_lapse_loses_more_output_than_status_quo(models: dict[str, CompiledScenario]) -> None:
    sq = run_statistics(run_compiled(models["status-quo"], runs=8))
    lapse = run_statistics(run_compiled(models["lapse-2026"], runs=8))
    lost_sq = sq["lost_output_t"].median("run")
    lost_lapse = lapse["lost_output_t"].median("run")
    assert float(lost_lapse.sum()) > float(lost_sq.sum())
    defense = lapse["product"] == "sector:aerospace_defense"
    outside = lapse["region"] != "CHN"
    gained = (lost_lapse - lost_sq).where(defense & outside, drop=True)
    # nodes short in both (Japan's, under its own military end-use rule) may differ by
    # float32 rounding of a year's daily output and its counterfactual (~1e-3 t of 23 t)
    assert (gained >= -1e-2).all() and float(gained.max()) > 0


def test_result_reports_elements_without_nodes(models: dict[str, CompiledScenario]) -> None:
    lapse = models["lapse-2026"]
    assert set(lapse.elements_without_nodes["cn-mofcom-2025-57"]) == {"Ho", "Er", "Tm", "Eu", "Yb"}
    # No. 18 is changed by the scenario's overrides: its copies report under its own id
    assert "cn-mofcom-2025-18" in lapse.elements_without_nodes
    assert not any("@" in k or "<" in k for k in lapse.elements_without_nodes)
    ds = run_compiled(lapse, runs=1)
    attrs = json.loads(ds.attrs["elements_without_nodes"])
    assert attrs == lapse.elements_without_nodes
