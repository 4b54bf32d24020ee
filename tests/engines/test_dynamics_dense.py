"""The dense MRIO kernel (kernel_dense) against the general flow kernel, output by output.

The dense kernel blocks rows 8 at a time, pipelines blocks, stores slots sector-major and
precomputes each node's stock limit on output; these tests cover full blocks, the
pipelined path (>= 16 regions), remainder blocks, fewer regions than a block, serial and
parallel loops, float32 storage, BoARIO's shortcuts on and off, both order rules and
infinite inventories.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from chokepoints.engines.dynamics import (
    CapacityShock,
    Params,
    compile_mrio,
    simulate_arrays,
    synthetic_mrio,
)

OUTPUTS = ("production", "demand", "production_opt", "final_demand_unmet", "inventory_cover_days")


def as_io(m: Any) -> SimpleNamespace:
    idx = pd.MultiIndex.from_product([m.regions, m.sectors])
    return SimpleNamespace(
        Z=pd.DataFrame(m.Z, index=idx, columns=idx),
        Y=pd.DataFrame(m.Y, index=idx),
        x=None,
        A=None,
    )


def shock_for(cm: Any, n_steps: int) -> CapacityShock:
    """A deep cut of two industries (inputs run short downstream), then recovery."""
    i = cm.node_index([cm.node_ids[1], cm.node_ids[cm.n_nodes // 2]])
    delta = np.zeros((n_steps, 2))
    delta[3:40, 0] = 0.8
    delta[10:25, 1] = 0.5
    delta[40:55, 0] = np.linspace(0.8, 0.0, 15)
    return CapacityShock(i, delta)


def assert_outputs_close(a: dict[str, Any], b: dict[str, Any], rtol: float) -> None:
    for key in OUTPUTS:
        x, y = a[key], b[key]
        assert (np.isfinite(x) == np.isfinite(y)).all(), key
        fin = np.isfinite(y)
        scale = np.abs(y[fin]).max()
        # final_demand_unmet is y (1 - x / D): compare on the scale of the series
        np.testing.assert_allclose(x[fin], y[fin], rtol=rtol, atol=rtol * scale, err_msg=key)


@pytest.mark.parametrize(("regions", "sectors"), [(19, 3), (5, 4), (1, 3), (16, 2)])
@pytest.mark.parametrize("parallel", [False, True])
@pytest.mark.parametrize("compat", [True, False])
def test_dense_kernel_matches_flow_kernel(
    regions: int, sectors: int, parallel: bool, compat: bool
) -> None:
    cm = compile_mrio(as_io(synthetic_mrio(regions, sectors, seed=4)), inventory_days=10)
    n_steps = 90
    shock = shock_for(cm, n_steps)
    p = Params(boario_compat=compat)
    flow = simulate_arrays(cm, n_steps=n_steps, shock=shock, params=p, dense_dtype=None)
    dense = simulate_arrays(
        cm, n_steps=n_steps, shock=shock, params=p, dense_dtype=np.float64, parallel=parallel
    )
    # the cut must reach other industries through their inputs, or the test is idle
    x = flow["production"][0]
    assert ((x / x[0]).min(axis=0) < 0.99).sum() >= 3
    assert_outputs_close(dense, flow, rtol=1e-11)


@pytest.mark.parametrize("order_type", ["alt", "noalt"])
def test_dense_kernel_order_rules_and_infinite_inventories(order_type: str) -> None:
    m = synthetic_mrio(17, 3, seed=5)
    cm = compile_mrio(
        as_io(m),
        inventory_days={"S000": 5, "S001": 1, "S002": 30},
        infinite_inventory_sectors=["S002"],
    )
    dense_cm = compile_mrio(
        as_io(m),
        inventory_days={"S000": 5, "S001": 1, "S002": 30},
        infinite_inventory_sectors=["S002"],
        flows="dense",
    )
    shock = shock_for(cm, 70)
    p = Params(order_type=order_type, boario_compat=True)
    flow = simulate_arrays(cm, n_steps=70, shock=shock, params=p, dense_dtype=None)
    dense = simulate_arrays(dense_cm, n_steps=70, shock=shock, params=p, parallel=True)
    assert_outputs_close(dense, flow, rtol=1e-11)


def test_dense_kernel_float32_table_stays_close() -> None:
    cm = compile_mrio(as_io(synthetic_mrio(20, 3, seed=6)), inventory_days=10)
    shock = shock_for(cm, 80)
    p = Params(boario_compat=True)
    a = simulate_arrays(cm, n_steps=80, shock=shock, params=p, dense_dtype=np.float64)
    b = simulate_arrays(cm, n_steps=80, shock=shock, params=p, dense_dtype=np.float32)
    np.testing.assert_allclose(b["production"], a["production"], rtol=1e-5)


def test_dense_kernel_inactive_inputs() -> None:
    """Inputs below BoARIO's technology threshold never constrain production and are not
    counted in the cover (the dense kernel folds this into the sign of 1 / tau)."""
    m = synthetic_mrio(9, 4, seed=7)
    Z = m.Z.copy()
    n = Z.shape[0]
    # sector 0's inputs to every industry of region 1 and sector 2's to column 3: tiny
    Z[0::4, 4:8] *= 1e-7
    Z[2::4, 3] *= 1e-7
    cm = compile_mrio(as_io(SimpleNamespace(**{**m.__dict__, "Z": Z})), inventory_days=5)
    assert (~cm.slot_active).sum() >= 3 and (cm.slot_a > 0).all()
    shock = shock_for(cm, 60)
    p = Params(boario_compat=True)
    flow = simulate_arrays(cm, n_steps=60, shock=shock, params=p, dense_dtype=None)
    for par in (False, True):
        dense = simulate_arrays(cm, n_steps=60, shock=shock, params=p, parallel=par)
        assert_outputs_close(dense, flow, rtol=1e-11)
    assert n == 36


def test_dense_prepared_arrays_follow_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The derived dense arrays are reused for the same model only, and the default
    ``parallel=None`` picks the threaded kernel from DENSE_PARALLEL_MIN_NODES on."""
    import importlib

    from chokepoints.engines.dynamics import kernel_dense

    sim = importlib.import_module("chokepoints.engines.dynamics.simulate")

    a = compile_mrio(as_io(synthetic_mrio(6, 3, seed=1)), inventory_days=10)
    b = compile_mrio(as_io(synthetic_mrio(6, 3, seed=2)), inventory_days=10)
    p = Params(boario_compat=True)
    fresh = {
        k: simulate_arrays(c, n_steps=60, shock=shock_for(c, 60), params=p, dense_dtype=None)
        for k, c in (("a", a), ("b", b))
    }
    for k, c in (("a", a), ("b", b), ("a", a), ("a", a)):
        got = simulate_arrays(c, n_steps=60, shock=shock_for(c, 60), params=p)
        assert_outputs_close(got, fresh[k], rtol=1e-11)
    used: list[str] = []
    real = {"serial": kernel_dense.run_dense_serial, "parallel": kernel_dense.run_dense_parallel}
    for name, fn in real.items():

        def spy(*args: Any, _fn: Any = fn, _name: str = name) -> Any:
            used.append(_name)
            return _fn(*args)

        monkeypatch.setattr(kernel_dense, f"run_dense_{name}", spy)
    simulate_arrays(a, n_steps=5, params=p)
    monkeypatch.setattr(sim, "DENSE_PARALLEL_MIN_NODES", a.n_nodes)
    simulate_arrays(a, n_steps=5, params=p)
    simulate_arrays(a, n_steps=5, params=p, parallel=False)
    assert used == ["serial", "parallel", "serial"]
