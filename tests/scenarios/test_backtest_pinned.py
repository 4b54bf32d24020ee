"""The backtest metrics documented in docs/scenarios.md are the ones the code computes.

The table of docs/scenarios.md (section "The 2025 backtest") is parsed and compared with
a fresh run of ``backtest-2025`` at the documented seed and run count (100 runs, a few
seconds). A change to the engine, the world, the timeline or the fitted parameters that
moves a metric by more than the rounding of the table fails here until the docs are
updated (rerun ``chokepoints backtest 2025`` and copy the metrics table).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from chokepoints.scenarios.backtest import BacktestResult, run_backtest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"

#: The docs round to 3 decimals; allow that plus float noise across platforms.
TOLERANCE = 0.0015


def documented_metrics() -> dict[tuple[str, str], list[float | None]]:
    """(predictor, series) -> [MAPE in sample, MAPE out of sample, correlation]."""
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## The 2025 backtest") : text.index("### Calibration")]
    out: dict[tuple[str, str], list[float | None]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in ("model", "mean_2024", "persistence"):
            out[(cells[0], cells[1])] = [float(c) if c else None for c in cells[2:]]
    return out


def _cell(c: str) -> float | None:
    return None if c in ("", "n/a") else float(c)


def documented_bands() -> dict[tuple[str, str], list[float | None]]:
    """(band, series) -> [coverage in, old hold-out, fresh hold-out, all, relative CRPS
    in, out, relative interval score in, out]."""
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## The 2025 backtest") : text.index("### Calibration")]
    out: dict[tuple[str, str], list[float | None]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 10 and cells[0] in ("runs", "predictive"):
            out[(cells[0], cells[1])] = [_cell(c) for c in cells[2:]]
    return out


@pytest.fixture(scope="module")
def backtest() -> BacktestResult:
    bt = run_backtest(2025)  # the scenario's seed and runs, as documented
    assert bt.dataset.attrs["runs"] == 100 and bt.dataset.attrs["seed"] == 20250404
    return bt


@pytest.fixture(scope="module")
def computed(backtest: BacktestResult) -> dict[tuple[str, str], list[float | None]]:
    frame = backtest.metrics_frame()
    return {
        (r.predictor, r.series): [r.mape_in_sample, r.mape_out_of_sample, r.correlation]
        for r in frame.itertuples()
    }


def test_docs_table_is_complete(
    computed: dict[tuple[str, str], list[float | None]],
) -> None:
    docs = documented_metrics()
    assert {(p, s) for p in ("model", "mean_2024", "persistence")
            for s in ("pooled", "world", "usa")} <= set(docs)  # fmt: skip
    assert set(docs) == set(computed)  # every series the backtest scores is documented


def test_documented_metrics_match_the_code(
    computed: dict[tuple[str, str], list[float | None]],
) -> None:
    for key, values in documented_metrics().items():
        for name, doc, got in zip(("mape_in", "mape_out", "corr"), values, computed[key],
                                  strict=True):  # fmt: skip
            if doc is None:
                assert got is None or (isinstance(got, float) and math.isnan(got)), (key, name)
                continue
            assert got is not None and abs(got - doc) <= TOLERANCE, (key, name, doc, got)


def test_documented_coverage_and_scores_match_the_code(backtest: BacktestResult) -> None:
    docs = documented_bands()
    assert set(docs) == {(b, s) for b in ("runs", "predictive")
                         for s in ("pooled", "every", "world", "usa")}  # fmt: skip
    m = backtest.metrics
    for (band, series), values in docs.items():
        key = "model" if band == "runs" else "model_predictive"
        entries = [m["band_coverage" if band == "runs" else "band_coverage_predictive"],
                   m["crps"][key], m["interval_score"][key]]  # fmt: skip
        if series == "every":
            entries = [e["every_series"] for e in entries]
        elif series != "pooled":
            entries = [e["by_series"][series] for e in entries]
        cov, crps, score = entries
        got = [cov["in_sample"], cov["out_of_sample"], cov["fresh_hold_out"], cov["all"],
               crps["in_sample"], crps["out_of_sample"],
               score["in_sample"], score["out_of_sample"]]  # fmt: skip
        for doc, value in zip(values, got, strict=True):
            if doc is None:
                assert value is None, (band, series, value)
                continue
            assert value is not None and abs(value - doc) <= TOLERANCE, (band, series, doc, value)


#: Onset error (days, simulated median minus observed start) of each scored disruption at
#: the documented seed and runs (docs/scenarios.md, observed disruptions table). Since
#: 2026-12-03 18:13 UTC an onset is the first day a node's output falls more than
#: ``onset_shortfall_share`` below its output in the same run without export controls
#: (the observation model; each run takes its posterior draw's share, median 0.0425), and
#: the posterior is the fourth calibration of that day, which fitted that share with the
#: other six parameters. Before, at 1% (third calibration): Ford +2, Suzuki +8, EU -17,
#: Maruti -24, Bajaj -35, Ather and TVS -45, fresh -36 / -15 / -85. At the new posterior
#: with the share held at 1% the same runs give Ford +5, Suzuki +9, EU -13, Maruti -22,
#: Bajaj -33, Ather and TVS -43, fresh -33 / -13 / -85 (medians 26 / 22 / 33): the new
#: medians of the other parameters move most onsets 1-3 days later, the share moves the
#: Indian traction-motor node's onset 19 -> 23 May and the US vehicle-motor node's not at
#: all (its shortfall deepens within days). Medians: calibration 26.5 -> 25, held out
#: 24 -> 18, fresh (seen since its single scoring) 36 -> 33 days.
DOCUMENTED_ONSET_ERRORS = {
    "ford-chicago-2025-05": 5,
    "suzuki-swift-2025-05": 11,
    "clepa-suppliers-2025-06": -12,
    "maruti-evitara-2025-06": -18,
    "bajaj-chetak-2025-06": -29,
    "ather-2025-07": -39,
    "tvs-iqube-2025-07": -39,
    # the fresh held-out set, scored once (bench/disruptions_fresh_first_run.json) at the
    # third calibration; these are its errors now, seen, no longer blind
    "ford-us-plants-2025-06": -33,
    "royal-enfield-450-2025-06": -13,
    "epropelled-drone-motors-2025-08": -84,
    # the second fresh set, scored once at ac1785b (bench/disruptions_fresh2_first_run.json)
    "nissan-leaf-tochigi-2025-07": -32,
}


def test_documented_onset_errors_match_the_code(backtest: BacktestResult) -> None:
    got = {r["event_id"]: r["error_days"] for r in backtest.disruptions}
    assert got == DOCUMENTED_ONSET_ERRORS
    summary = backtest.metrics["disruptions"]
    assert summary["calibration"]["median_abs_error_days"] == 25.0
    assert summary["held_out"]["median_abs_error_days"] == 18.0
    assert summary["fresh"]["median_abs_error_days"] == 33.0
    assert summary["fresh2"]["median_abs_error_days"] == 32.0
