"""Compilation to arrays: the synthetic MRIO, compile_mrio, compile_network, input checks."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from chokepoints.engines.dynamics import (
    CapacityShock,
    Gates,
    compile_arrays,
    compile_mrio,
    compile_network,
    simulate,
    simulate_arrays,
    synthetic_mrio,
)


def as_io(m: object) -> SimpleNamespace:
    idx = pd.MultiIndex.from_product([m.regions, m.sectors])  # type: ignore[attr-defined]
    return SimpleNamespace(
        Z=pd.DataFrame(m.Z, index=idx, columns=idx),  # type: ignore[attr-defined]
        Y=pd.DataFrame(m.Y, index=idx),  # type: ignore[attr-defined]
        x=None,
        A=None,
    )


def test_synthetic_mrio_balances() -> None:
    m = synthetic_mrio(5, 4, seed=3)
    A = m.Z / m.x[None, :]
    np.testing.assert_allclose(A.sum(axis=0), 0.5)
    np.testing.assert_allclose(m.x, m.Z.sum(axis=1) + m.Y.sum(axis=1))
    sparse = synthetic_mrio(20, 4, seed=3, density=0.1)
    assert 0 < (sparse.Z > 0).mean() < 0.3


def test_compile_mrio_is_in_equilibrium_without_shock() -> None:
    cm = compile_mrio(as_io(synthetic_mrio(4, 3)))
    assert cm.n_nodes == 12 and cm.n_flows == 144 and cm.n_slots == 36
    assert cm.flow_ids.size == 0  # labels are computed on demand
    f = cm.flow_index("R000/S001->R002/S000")[0]
    assert cm.node_ids[cm.flow_sup[f]] == "R000/S001"
    ds = simulate(cm, n_steps=30)
    np.testing.assert_allclose(ds.production.isel(run=0), np.tile(cm.x0, (30, 1)), rtol=1e-12)


def test_dense_and_sparse_layouts_agree() -> None:
    cm = compile_mrio(as_io(synthetic_mrio(6, 5, seed=1)))
    i = cm.node_index("R001/S000")
    delta = np.zeros((80, 1))
    delta[5:40] = 0.7
    shock = CapacityShock(i, delta)
    a = simulate_arrays(cm, n_steps=80, shock=shock, dense_dtype=np.float64)
    b = simulate_arrays(cm, n_steps=80, shock=shock, dense_dtype=None)
    c = simulate_arrays(cm, n_steps=80, shock=shock, dense_dtype=np.float32)
    np.testing.assert_allclose(a["production"], b["production"], rtol=1e-12)
    np.testing.assert_allclose(a["production"], c["production"], rtol=1e-5)


def test_compile_arrays() -> None:
    assert compile_network is compile_arrays  # the former name, kept
    cm = compile_arrays(
        node_ids=["a", "b", "c"],
        node_product=["ore", "ore", "oxide"],
        x0=[60.0, 40.0, 100.0],
        flow_sup=[0, 1],
        flow_cus=[2, 2],
        flow_z=[60.0, 40.0],
        inventory_days=5.0,
        flow_lead=[2, 0],
    )
    assert cm.n_slots == 1 and cm.slot_a[0] == pytest.approx(1.0)
    assert cm.inv0[0] == pytest.approx(500.0)
    np.testing.assert_allclose(cm.final_demand, [0.0, 0.0, 100.0])
    ds = simulate(cm, n_steps=20)
    np.testing.assert_allclose(ds.production.isel(run=0), np.tile(cm.x0, (20, 1)), rtol=1e-12)
    with pytest.raises(ValueError, match="node positions"):
        compile_arrays(
            node_ids=["a"], node_product=["ore"], x0=[1.0], flow_sup=[0], flow_cus=[3], flow_z=[1.0]
        )


def test_gate_arrays_of_the_wrong_shape_are_refused_with_both_shapes() -> None:
    cm = compile_mrio(as_io(synthetic_mrio(2, 2)))
    bad = Gates(
        kind=np.zeros((10, 3), dtype=np.int8),
        approval_prob=np.ones((10, 3)),
        review_days=np.zeros((10, 3)),
        quota_t_per_day=np.zeros((10, 3)),
        flow_index=np.array([0, 1, 2]),
    )
    with pytest.raises(ValueError, match=r"gates.kind has shape \(10, 3\) but expected \(20, 3\)"):
        simulate_arrays(cm, n_steps=20, gates=bad)


def test_unknown_node_names_the_label() -> None:
    cm = compile_mrio(as_io(synthetic_mrio(2, 2)))
    with pytest.raises(KeyError, match="No node named 'R9/S9'"):
        cm.node_index("R9/S9")


def test_dense_compiled_mrio_matches_sparse_and_refuses_gates() -> None:
    io = as_io(synthetic_mrio(5, 3, seed=2))
    sparse = compile_mrio(io)
    dense = compile_mrio(io, flows="dense")
    assert dense.dense_z is not None and dense.flow_sup.size == 0
    assert dense.n_flows == sparse.n_flows == 225
    i = sparse.node_index("R002/S001")
    delta = np.zeros((60, 1))
    delta[3:30] = 0.6
    a = simulate_arrays(sparse, n_steps=60, shock=CapacityShock(i, delta), dense_dtype=None)
    b = simulate_arrays(dense, n_steps=60, shock=CapacityShock(i, delta))
    np.testing.assert_allclose(a["production"], b["production"], rtol=1e-12)
    gates = Gates(
        kind=np.zeros((60, 1), dtype=np.int8),
        approval_prob=np.ones((60, 1)),
        review_days=np.zeros((60, 1)),
        quota_t_per_day=np.zeros((60, 1)),
        flow_index=np.array([0]),
    )
    with pytest.raises(ValueError, match="flows='sparse'"):
        simulate_arrays(dense, n_steps=60, gates=gates)
