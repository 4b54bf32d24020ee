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
