"""Per-flow, per-day gate arrays for the dynamics engine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from chokepoints.errors import DataError, NotFoundError
from chokepoints.policy import Timeline, compile_gates
from chokepoints.policy.gates import CLOSED, LICENCE, OPEN, QUOTA

from .conftest import licence, measure

ORIGINS = ["CHN", "CHN", "JPN", "CHN"]
DESTS = ["USA", "USA", "USA", "DEU"]
PRODUCTS = ["magnet:ndfeb_hre", "magnet:ndfeb", "magnet:ndfeb_hre", "oxide:Dy"]


def _row(g, day: str) -> int:
    return int(np.nonzero(g.dates == np.datetime64(day))[0][0])


def test_shapes_dtypes_and_dates(bundled: Timeline) -> None:
    g = compile_gates(bundled, ORIGINS, DESTS, PRODUCTS, "2025-01-01", "2026-12-31")
    assert g.shape == (730, 4)
    assert g.kind.dtype == np.int8 and g.quota_index.dtype == np.int16
    for name in (
        "approval_probability",
        "review_days_mean",
        "quota_t_per_day",
        "export_tax",
        "tariff",
    ):
        assert getattr(g, name).shape == (730, 4)
    assert g.dates[0] == np.datetime64("2025-01-01") and g.dates[-1] == np.datetime64("2026-12-31")
    assert np.isinf(g.quota_t_per_day).all()


def test_gate_arrays_match_regime_answers(bundled: Timeline) -> None:
    g = compile_gates(
        bundled,
        ORIGINS,
        DESTS,
        PRODUCTS,
        "2025-01-01",
        "2026-12-31",
        china_content_share=[None, None, 0.05, None],
    )
    assert g.kind[_row(g, "2025-03-01"), 0] == OPEN
    assert g.kind[_row(g, "2025-06-10"), 0] == LICENCE
    assert g.kind[_row(g, "2025-06-10"), 1] == OPEN
    assert g.kind[_row(g, "2025-06-10"), 3] == LICENCE
    # Japanese magnet with Chinese Dy: open while No. 70 suspends No. 61, licence after.
    assert g.kind[_row(g, "2026-11-10"), 2] == OPEN
    assert g.kind[_row(g, "2026-11-11"), 2] == LICENCE
    for day in ("2025-03-01", "2025-06-10", "2025-12-15", "2026-03-01", "2026-11-15"):
        for f in range(4):
            share = 0.05 if f == 2 else None
            gate = bundled.regime(
                dt.date.fromisoformat(day),
                PRODUCTS[f],
                ORIGINS[f],
                DESTS[f],
                china_content_share=share,
            ).gate
            t = _row(g, day)
            assert g.kind[t, f] == gate.code
            assert g.approval_probability[t, f] == pytest.approx(gate.approval_probability)
            assert g.review_days_mean[t, f] == pytest.approx(gate.review_days_mean)
            assert g.tariff[t, f] == pytest.approx(gate.tariff)


def test_end_users_and_general_licence_per_flow(bundled: Timeline) -> None:
    g = compile_gates(
        bundled,
        ["CHN", "CHN", "CHN"],
        ["USA", "USA", "USA"],
        ["oxide:Dy", "oxide:Dy", "magnet:ndfeb_hre"],
        "2026-06-21",
        "2026-06-23",
        end_users=["MP Materials", None, None],
        general_licence=[False, False, True],
    )
    assert g.kind[:, 0].tolist() == [LICENCE, CLOSED, CLOSED]
    assert g.approval_probability[1:, 0].tolist() == [0.0, 0.0]
    assert g.kind[:, 1].tolist() == [LICENCE] * 3
    assert g.approval_probability[:, 2].tolist() == [1.0] * 3
    assert g.review_days_mean[:, 2].tolist() == [0.0] * 3


def test_quota_index_and_taxes() -> None:
    tl = Timeline(
        [
            measure(id="q", kind="quota", start="2025-01-02", parameters={"quota_t_per_yr": 3650}),
            measure(id="tax", kind="export_tax", parameters={"rate": 0.2}),
            licence("lic", 0.5, 20, end="2025-01-02"),
        ],
        [],
    )
    g = compile_gates(
        tl, ["CHN", "JPN"], ["USA", "USA"], ["magnet:ndfeb_hre"] * 2, "2025-01-01", "2025-01-03"
    )
    assert g.kind[:, 0].tolist() == [LICENCE, QUOTA, QUOTA]
    assert g.quota_t_per_day[:, 0].tolist() == [np.inf, 10.0, 10.0]
    assert g.quota_index[:, 0].tolist() == [-1, 0, 0] and g.quota_ids == ("q",)
    assert g.approval_probability[:, 0].tolist() == [0.5, 0.5, 1.0]
    assert g.export_tax[:, 0].tolist() == [0.2] * 3
    assert g.kind[:, 1].tolist() == [OPEN] * 3 and g.export_tax[:, 1].tolist() == [0.0] * 3


def test_user_file_changes_the_arrays(tmp_path: Path) -> None:
    path = tmp_path / "ext.yaml"
    path.write_text(
        "measures:\n  - id: cn-mofcom-gac-2025-70\n    end: 2027-11-10\n", encoding="utf-8"
    )
    g = compile_gates(
        Timeline.load(path),
        ["JPN"],
        ["USA"],
        ["magnet:ndfeb_hre"],
        "2026-11-01",
        "2026-12-31",
        china_content_share=[0.05],
    )
    assert (g.kind == OPEN).all()


def test_to_dataset(bundled: Timeline) -> None:
    ds = compile_gates(bundled, ORIGINS, DESTS, PRODUCTS, "2025-06-01", "2025-06-10").to_dataset(
        ["a", "b", "c", "d"]
    )
    assert dict(ds.sizes) == {"date": 10, "flow": 4}
    assert ds["review_days_mean"].attrs["units"] == "days"
    assert int(ds["kind"].sel(flow="a", date="2025-06-10")) == LICENCE


def test_bad_inputs(bundled: Timeline) -> None:
    with pytest.raises(DataError, match="field 'destinations': has 1 entries but expected 2"):
        compile_gates(bundled, ["CHN", "CHN"], ["USA"], ["ore", "ore"], "2025-01-01", "2025-01-02")
    with pytest.raises(NotFoundError, match="No product named 'magnet:nope'"):
        compile_gates(bundled, ["CHN"], ["USA"], ["magnet:nope"], "2025-01-01", "2025-01-02")
    with pytest.raises(DataError, match="field 'start': '2025-02-30' is not a date"):
        compile_gates(bundled, ["CHN"], ["USA"], ["ore"], "2025-02-30", "2025-03-02")
    with pytest.raises(DataError, match="is before start"):
        compile_gates(bundled, ["CHN"], ["USA"], ["ore"], "2025-03-02", "2025-03-01")


def test_engine_gates_is_the_one_conversion_to_the_engine_type(bundled: Timeline) -> None:
    from chokepoints.engines.dynamics import Gates

    g = compile_gates(bundled, ORIGINS, DESTS, PRODUCTS, "2025-01-01", "2025-12-31")
    idx = np.array([3, 5, 7, 9], dtype=np.int64)
    eg = g.engine_gates(idx)
    assert isinstance(eg, Gates) and eg.flow_index is idx
    assert eg.kind is g.kind and eg.approval_prob is g.approval_probability
    assert eg.review_days is g.review_days_mean and eg.quota_t_per_day is g.quota_t_per_day
    assert (eg.kind[_row(g, "2025-06-10")] == LICENCE).any()
    uncapped = g.engine_gates(quotas=False)
    assert uncapped.flow_index is None and np.isinf(uncapped.quota_t_per_day).all()
