"""The onset observation model on a small world: a stoppage is dated by the depth of a
node's shortfall against its no-controls output (``onset_shortfall_share``).

The small world of tests/conftest.py with a binding licence on AAA's oxide from 10 April
2025 (after :data:`ONSET_FROM`): the EV sector of CCC falls short. A deeper share dates the onset no earlier, on the first day
the output ratio is below ``1 - share``; above the deepest shortfall of a run there is
no onset; the shortage statistics (summary, 0.99) do not depend on the share.
"""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from chokepoints.scenarios import load_scenario, run_scenario
from chokepoints.scenarios.disruptions import ONSET_FROM, simulated_onsets
from chokepoints.scenarios.reference import shortfall_arrays
from chokepoints.scenarios.summary import run_statistics
from chokepoints.testing import SMALL_SCENARIO

NODE = "CCC:sector:ev"


@pytest.fixture(scope="module")
def controlled(tmp_path_factory: pytest.TempPathFactory) -> xr.Dataset:
    from chokepoints.testing import write_small_world

    tmp = tmp_path_factory.mktemp("onset")
    text = SMALL_SCENARIO.format(world=write_small_world(tmp / "world"))
    assert text.count("date: 2025-02-01") == 1
    text = text.replace("date: 2025-02-01", "date: 2025-04-10")
    path = tmp / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return run_scenario(load_scenario(path))


def test_deeper_share_dates_the_onset_no_earlier_and_on_the_right_day(
    controlled: xr.Dataset,
) -> None:
    names = [str(n) for n in controlled["node"].values]
    ratio = shortfall_arrays(controlled, np.array([names.index(NODE)]))[2][:, :, 0]
    first = (ONSET_FROM - controlled.indexes["time"][0].date()).days
    deepest = 1.0 - ratio[:, first:].min(axis=1)  # per run
    assert (deepest > 0.05).all()  # the licence binds in every run
    shares = [0.01, 0.03, 0.1, 0.3]
    days = np.column_stack([simulated_onsets(controlled, [NODE], s).day[:, 0] for s in shares])
    filled = np.where(np.isnan(days), np.inf, days)
    assert (np.diff(filled, axis=1) >= 0).all()  # no earlier with a deeper share
    assert (filled[:, -1] > filled[:, 0]).any()  # and later somewhere
    for k, s in enumerate(shares):
        for run in range(ratio.shape[0]):
            d = days[run, k]
            if np.isnan(d):
                assert deepest[run] <= s  # no onset only when never that deep
                continue
            d = int(d)
            assert d >= first and ratio[run, d] < 1 - s
            assert (ratio[run, first:d] >= 1 - s).all()


def test_shortage_statistics_keep_the_one_percent_definition(controlled: xr.Dataset) -> None:
    stats = run_statistics(controlled)["first_shortage_day"].sel(node=NODE).values
    onset_1pct = simulated_onsets(controlled, [NODE]).day[:, 0]
    deep = simulated_onsets(controlled, [NODE], 0.3).day[:, 0]
    # both count days from the scenario's first day; nothing is short before the licence
    assert np.isfinite(stats).all()
    np.testing.assert_array_equal(stats, onset_1pct)
    assert (np.where(np.isnan(deep), np.inf, deep) >= stats).all()
