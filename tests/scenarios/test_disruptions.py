"""The observed-disruptions set: schema, held-out draw, node mapping and onset scoring."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from chokepoints.errors import DataError
from chokepoints.scenarios.disruptions import (
    Onsets,
    event_node,
    holdout_split,
    load_disruptions,
    onset_summary,
    score_disruptions,
    simulated_onsets,
)


def test_bundled_set_is_sourced_and_dated() -> None:
    t = load_disruptions()
    assert len(t) >= 10
    assert t["source_url"].str.startswith("http").all()
    assert set(t["status"]) <= {"primary", "secondary", "derived", "estimated"}
    assert all(dt.date(2025, 1, 1) <= d <= dt.date(2026, 12, 31) for d in t["start_date"])
    ends = t.dropna(subset=["end_date"])
    assert (ends["end_date"] >= ends["start_date"]).all()


def test_sample_column_equals_the_recorded_draw() -> None:
    t = load_disruptions()
    scored = t[t["scored"] == "yes"]
    draw = holdout_split(scored["event_id"].tolist())
    assert dict(zip(scored["event_id"], scored["sample"], strict=True)) == draw
    assert (t.loc[t["scored"] == "no", "sample"] == "").all()
    assert 0 < (scored["sample"] == "held_out").sum() < len(scored)


def test_bad_row_names_file_row_field_and_value(tmp_path: Path) -> None:
    src = load_disruptions()
    raw = src.astype(str).replace({"None": ""})
    raw.loc[1, "kind"] = "halt"
    path = tmp_path / "d.csv"
    raw.to_csv(path, index=False)
    with pytest.raises(DataError) as e:
        load_disruptions(str(path))
    msg = str(e.value)
    assert "d.csv" in msg and "row 2" in msg and "'kind'" in msg and "'halt'" in msg
    assert "stoppage" in msg


def test_event_node_falls_back_to_the_region_the_world_has() -> None:
    nodes = {"EU27:component:traction_motor", "USA:component:traction_motor"}
    assert event_node("DEU", "auto_supplier", nodes) == "EU27:component:traction_motor"
    assert event_node("USA", "auto_conventional", nodes) == "USA:component:traction_motor"
    assert event_node("USA", "aerospace_defense", nodes) is None
    nodes.add("USA:component:vehicle_motor")
    assert event_node("USA", "auto_conventional", nodes) == "USA:component:vehicle_motor"


def _dataset(prod: np.ndarray, start: str = "2025-04-01") -> xr.Dataset:
    runs, days, _ = prod.shape
    time = np.datetime64(start) + np.arange(days).astype("timedelta64[D]")
    ref = np.broadcast_to(np.array([1.0, 2.0]), prod.shape)  # the no-controls output
    return xr.Dataset(
        {"production": (("run", "time", "node"), prod),
         "counterfactual_production": (("run", "time", "node"), ref)},
        coords={"time": time, "node": ["A", "B"], "baseline_production": ("node", [1.0, 2.0])},
    )  # fmt: skip


def test_onset_is_first_day_below_threshold_after_the_regime() -> None:
    prod = np.ones((3, 30, 2))
    prod[:, :, 1] = 2.0
    prod[:, 0, 0] = 0.5  # before 4 April: ignored
    prod[0, 10, 0] = 0.9  # run 0: day 10 (11 April)
    prod[1, 20, 0] = 0.9  # run 1: day 20; run 2: none
    on = simulated_onsets(_dataset(prod), ["A", "B"])
    assert on.day[0, 0] == 10 and on.day[1, 0] == 20 and np.isnan(on.day[2, 0])
    assert np.isnan(on.day[:, 1]).all()
    events = pd.DataFrame(
        {"event_id": ["e1", "e2"], "firm": ["f", "g"], "country": ["X", "Y"],
         "sector": ["auto_ev", "auto_ev"], "kind": ["stoppage", "slowdown"],
         "sample": ["calibration", "held_out"],
         "start_date": [dt.date(2025, 4, 15), dt.date(2025, 4, 15)],
         "date_precision": ["day", "day"], "node": ["A", "B"]}
    )  # fmt: skip
    recs = score_disruptions(events, on)
    assert recs[0]["simulated_onset_median"] == "2025-04-21"  # median of 10, 20, none
    assert recs[0]["error_days"] == 20 - 14
    assert recs[0]["share_runs_with_onset"] == pytest.approx(2 / 3)
    assert recs[1]["simulated_onset_median"] is None and recs[1]["error_days"] is None
    summary = onset_summary(recs, horizon_error_days=100)
    assert summary["calibration"]["median_abs_error_days"] == 6
    assert summary["held_out"] == {"events": 1, "events_without_onset": 1,
                                   "median_abs_error_days": 100.0}  # fmt: skip
    assert isinstance(on, Onsets)


def test_fresh_set_is_held_out_as_a_whole_and_never_a_calibration_row(tmp_path: Path) -> None:
    from chokepoints.scenarios.disruptions import (
        FILE_SAMPLES,
        FRESH2_FILE,
        FRESH_FILE,
        _bundled_path,
        load_bundled_disruptions,
    )

    both = load_bundled_disruptions()
    fresh = load_disruptions(_bundled_path(FRESH_FILE), FILE_SAMPLES[FRESH_FILE])
    fresh2 = load_disruptions(_bundled_path(FRESH2_FILE), FILE_SAMPLES[FRESH2_FILE])
    assert (fresh.loc[fresh["scored"] == "yes", "sample"] == "fresh").all()
    assert (fresh2.loc[fresh2["scored"] == "yes", "sample"] == "fresh2").all()
    assert len(both) == len(load_disruptions()) + len(fresh) + len(fresh2)
    assert set(both.loc[both["scored"] == "yes", "sample"]) == {
        "calibration", "held_out", "fresh", "fresh2"}  # fmt: skip
    assert not both["event_id"].duplicated().any()
    # a fresh row relabelled as calibration data is refused, naming the file and row
    raw = fresh.astype(str).replace({"None": ""})
    first = int(raw.index[raw["scored"] == "yes"][0])
    raw.loc[first, "sample"] = "calibration"
    path = tmp_path / "fresh.csv"
    raw.to_csv(path, index=False)
    with pytest.raises(DataError) as e:
        load_disruptions(str(path), FILE_SAMPLES[FRESH_FILE])
    assert "fresh.csv" in str(e.value) and f"row {first + 1}" in str(e.value)
    assert "'calibration'" in str(e.value)


def test_onset_observation_model_dates_a_stoppage_by_the_depth_of_the_shortfall() -> None:
    from chokepoints.scenarios.disruptions import DEFAULT_ONSET_SHORTFALL_SHARE

    prod = np.ones((2, 40, 2))
    prod[:, :, 1] = 2.0
    prod[:, 10:, 0] = 0.95  # 5% short from day 10 (11 April)
    prod[:, 20:, 0] = 0.80  # 20% short from day 20
    ds = _dataset(prod)
    assert DEFAULT_ONSET_SHORTFALL_SHARE == pytest.approx(0.01)
    assert (simulated_onsets(ds, ["A"]).day[:, 0] == 10).all()  # the 1% default
    assert (simulated_onsets(ds, ["A"], shortfall_share=0.1).day[:, 0] == 20).all()
    assert np.isnan(simulated_onsets(ds, ["A"], shortfall_share=0.25).day).all()
    per_run = simulated_onsets(ds, ["A"], shortfall_share=np.array([0.03, 0.15]))
    assert per_run.day[:, 0].tolist() == [10, 20]
    # a ratio exactly at the threshold is not short (strictly below counts)
    assert (simulated_onsets(ds, ["A"], shortfall_share=0.05).day[:, 0] == 20).all()
    for bad in (0.0, 1.0, np.array([0.1, 0.1, 0.1])):
        with pytest.raises(ValueError, match="shortfall_share"):
            simulated_onsets(ds, ["A"], shortfall_share=bad)


def test_onset_share_of_each_run_follows_its_posterior_draw() -> None:
    from chokepoints.scenarios.backtest import RUNS_PER_DRAW, onset_shares
    from chokepoints.scenarios.disruptions import ONSET_PARAMETER
    from chokepoints.scenarios.spec import load_scenario

    sc = load_scenario("backtest-2025", parameters={ONSET_PARAMETER: 0.07})
    assert onset_shares(sc, [], 4).tolist() == [0.07] * 4
    draws = [{ONSET_PARAMETER: 0.02}, {ONSET_PARAMETER: 0.2}, {}]  # the last lacks it
    got = onset_shares(sc, draws, 2 * RUNS_PER_DRAW + 3)
    assert got.tolist() == [0.02] * RUNS_PER_DRAW + [0.2] * RUNS_PER_DRAW + [0.07] * 3
