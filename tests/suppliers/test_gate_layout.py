"""Gates compiled once per (origin, destination, product) key equal one column per delivery.

The key layout is what lets a 10^6-firm map run under a timeline scenario (memory grows
with keys x days, not deliveries x days); the per-delivery layout is the one it
replaced. Both must give the same simulation, bit for bit.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pandas as pd
import pytest

from chokepoints.engines.dynamics import Gates, simulate_arrays
from chokepoints.suppliers import mitigate
from chokepoints.suppliers.generate import generate_network, to_linked
from chokepoints.suppliers.io import read_map
from chokepoints.suppliers.link import link_map
from chokepoints.suppliers.run import (
    compile_linked,
    for_scenario,
    resolve_scenario,
    simulate_lines,
)


@pytest.fixture(scope="module")
def linked():
    return to_linked(generate_network(3_000, seed=5))


@pytest.mark.parametrize("scenario", ["status-quo", "escalation", "ban"])
def test_key_layout_equals_one_column_per_delivery(linked, scenario) -> None:
    settings = resolve_scenario(scenario, runs=3, horizon_days=365, seed=11)
    by_key = compile_linked(linked, settings)
    by_flow = compile_linked(linked, settings, gate_layout="flow")
    gk, gf = by_key.gates, by_flow.gates
    assert gk is not None and gf is not None
    assert np.array_equal(gk.flow_index, gf.flow_index)
    n = len(gk.flow_index)
    # far fewer columns than gated deliveries, and each delivery reads the same gate
    assert gf.n_columns == n and gk.n_columns < n / 20
    col = gk.columns(n)
    assert col.dtype == np.int32
    for name in ("kind", "approval_prob", "review_days", "quota_t_per_day"):
        assert np.array_equal(np.asarray(getattr(gk, name))[:, col], getattr(gf, name)), name
    a, b = simulate_lines(by_key), simulate_lines(by_flow)
    assert np.array_equal(a, b)
    assert (a < by_key.compiled.x0[by_key.line_index] * 0.99).any()  # the gates bite


def test_expedite_mitigation_is_the_same_in_both_layouts(
    example_path, bundled_world, monkeypatch
) -> None:
    linked = link_map(read_map(example_path), bundled_world)
    settings = resolve_scenario("status-quo", runs=2, horizon_days=120, seed=1)
    by_key, _ = mitigate.evaluate(linked, settings, world=bundled_world)
    per_flow = functools.partial(compile_linked, gate_layout="flow")
    monkeypatch.setattr(mitigate, "compile_linked", per_flow)
    by_flow, _ = mitigate.evaluate(linked, settings, world=bundled_world)
    assert (by_key["kind"] == "expedite").sum() >= 1
    pd.testing.assert_frame_equal(by_key, by_flow, check_exact=True)


def test_expediting_a_delivery_that_shares_its_gate_column(linked) -> None:
    """Only the expedited delivery's review is shortened, as with a column of its own."""
    settings = resolve_scenario("status-quo", runs=3, horizon_days=365, seed=11)
    by_key = compile_linked(linked, settings)
    by_flow = compile_linked(linked, settings, gate_layout="flow")
    gk, gf = by_key.gates, by_flow.gates
    assert gk is not None and gf is not None
    col = gk.columns(len(gk.flow_index))
    licensed = (gk.kind == 1).any(axis=0)[col]
    shared = np.bincount(col, minlength=gk.n_columns)[col] > 1
    volume = by_key.compiled.flow_z[gk.flow_index]
    i = int(np.argmax(np.where(licensed & shared, volume, -1.0)))  # the largest such
    review = np.array(gf.review_days, copy=True)
    review[:, i] /= mitigate.EXPEDITE_REVIEW_FACTOR  # the per-delivery way
    old = simulate_lines(by_flow, gates=dataclasses.replace(gf, review_days=review))
    new = simulate_lines(by_key, gates=mitigate._expedited(gk, i))
    assert np.array_equal(old, new)
    assert not np.array_equal(new, simulate_lines(by_key))  # the expedite matters


def test_expedited_gate_changes_one_delivery_only() -> None:
    shape = (4, 2)
    g = Gates(
        kind=np.ones(shape, dtype=np.int8),
        approval_prob=np.full(shape, 0.5),
        review_days=np.full(shape, 30.0),
        quota_t_per_day=np.full(shape, np.inf),
        flow_index=np.array([3, 5, 8]),
        column=np.array([0, 1, 0], dtype=np.int32),
    )
    e = mitigate._expedited(g, 2)
    assert list(e.columns(3)) == [0, 1, 2]
    assert e.n_columns == 3
    assert np.array_equal(e.review_days[:, :2], g.review_days)
    assert np.allclose(e.review_days[:, 2], 30.0 / mitigate.EXPEDITE_REVIEW_FACTOR)
    assert np.array_equal(e.kind[:, 2], g.kind[:, 0])


def test_engine_refuses_gate_columns_out_of_range(linked) -> None:
    model = compile_linked(linked, resolve_scenario("ban", horizon_days=5))
    g = model.gates
    assert g is not None and g.n_columns == 1
    n = len(g.flow_index)
    bad = Gates(g.kind, g.approval_prob, g.review_days, g.quota_t_per_day, g.flow_index,
                column=np.full(n, 1, dtype=np.int32))  # fmt: skip
    with pytest.raises(ValueError, match=r"gates.column has values 1..1 but expected 0..0"):
        simulate_arrays(model.compiled, n_steps=5, gates=bad, record_nodes=model.line_index)
    short = Gates(g.kind, g.approval_prob, g.review_days, g.quota_t_per_day, g.flow_index,
                  column=np.zeros(n - 1, dtype=np.int32))  # fmt: skip
    with pytest.raises(ValueError, match=r"gates.column has shape"):
        simulate_arrays(model.compiled, n_steps=5, gates=short, record_nodes=model.line_index)
    with pytest.raises(ValueError, match="layout must be one of"):
        compile_linked(linked, resolve_scenario("ban", horizon_days=5), gate_layout="node")


def test_a_map_compiled_once_is_regated_for_each_scenario(linked) -> None:
    first = compile_linked(linked, resolve_scenario("ban", runs=2, horizon_days=300))
    for name in ("status-quo", "escalation", "open"):
        settings = resolve_scenario(name, runs=2, horizon_days=300, seed=4)
        again, fresh = for_scenario(first, settings), compile_linked(linked, settings)
        assert again.settings == fresh.settings
        if fresh.gates is None:
            assert again.gates is None
        else:
            assert again.gates is not None
            for key in ("kind", "approval_prob", "review_days", "quota_t_per_day", "column"):
                assert np.array_equal(getattr(again.gates, key), getattr(fresh.gates, key))
        assert np.array_equal(simulate_lines(again), simulate_lines(fresh))
