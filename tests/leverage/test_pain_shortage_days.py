"""Leverage pain counts tonnes lost on shortage days only, as the summary does."""

from __future__ import annotations

import numpy as np
import xarray as xr

from chokepoints.leverage.pain import lost_tonnes_per_run
from chokepoints.scenarios.reference import COUNTERFACTUAL
from chokepoints.scenarios.summary import run_statistics


def _result() -> xr.Dataset:
    """Two runs, four days, two end-use nodes; counterfactual 10 t/day everywhere."""
    ref = np.full((2, 4, 2), 10.0, dtype=np.float32)
    x = ref.copy()
    x[0, :, 0] = [9.95, 9.95, 8.0, 10.0]  # 0.5% short twice (not shortage days), 20% once
    x[1, :, 1] = [9.0, 9.95, 9.95, 9.95]  # 10% short once, then 0.5% short three times
    return xr.Dataset(
        {
            "production": (("run", "time", "node"), x),
            COUNTERFACTUAL: (("run", "time", "node"), ref),
        },
        coords={
            "run": [0, 1],
            "time": np.arange("2026-11-01", "2026-11-05", dtype="datetime64[D]"),
            "node": ["USA:sector:ev", "DEU:sector:ev"],
            "region": ("node", ["USA", "DEU"]),
            "product": ("node", ["sector:ev", "sector:ev"]),
            "stage": ("node", ["sector", "sector"]),
            "baseline_production": ("node", [8.0, 8.0]),
            "price_usd_per_t": ("node", [np.nan, np.nan]),
        },
    )


def test_days_less_than_one_percent_short_count_nothing() -> None:
    ds = _result()
    both = np.array([True, True])
    np.testing.assert_allclose(lost_tonnes_per_run(ds, both), [2.0, 1.0], atol=1e-5)
    np.testing.assert_allclose(lost_tonnes_per_run(ds, np.array([True, False])), [2.0, 0.0],
                               atol=1e-5)  # fmt: skip


def test_pain_tonnes_equal_the_summary_lost_output() -> None:
    ds = _result()
    stats = run_statistics(ds)["lost_output_t"].values.sum(axis=1)
    np.testing.assert_allclose(lost_tonnes_per_run(ds, np.array([True, True])), stats,
                               atol=1e-5)  # fmt: skip
