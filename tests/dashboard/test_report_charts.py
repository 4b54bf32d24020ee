"""The static report's chart fixes: sub-percent ticks, month labels, fitted y-axes,
scrolling tables and no empty events table."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from chokepoints.report import scenario_report
from chokepoints.report.svg import Chart, Series, fit_range, render, tick_label
from chokepoints.scenarios import load_scenario, run_scenario, summarize


@pytest.mark.parametrize(
    ("value", "step", "percent", "text"),
    [
        (0.995, 0.0025, True, "99.50%"),
        (0.999, 0.001, True, "99.9%"),
        (0.004, 0.002, True, "0.4%"),
        (0.5, 0.25, True, "50%"),
        (1.0, 0.2, True, "100%"),
        (1500.0, 500.0, False, "1,500"),
        (0.25, 0.05, False, "0.25"),
        (2.5, 2.5, False, "2.5"),
    ],
)
def test_tick_labels_keep_the_decimals_the_step_needs(
    value: float, step: float, percent: bool, text: str
) -> None:
    assert tick_label(value, step, percent) == text


def _labels(svg: str) -> list[str]:
    return re.findall(r'class="tk">([^<]*)</text>', svg)


def test_sub_percent_axis_ticks_are_distinct() -> None:
    days = [dt.date(2026, 11, 1) + dt.timedelta(days=i) for i in range(120)]
    y = [1.0 - 0.004 * (i / 119) for i in range(120)]  # a 0.4% dip
    lo, hi = fit_range(y, min_span=0.001)
    svg = render(Chart("t", [Series("s", days, y)], y_min=lo, y_max=hi, y_percent=True))
    ticks = [t for t in _labels(svg) if t.endswith("%")]
    assert len(ticks) >= 3 and len(set(ticks)) == len(ticks)
    assert "0%" not in ticks and all("." in t for t in ticks)


def test_month_labels_carry_four_digit_years() -> None:
    days = [dt.date(2026, 11, 1) + dt.timedelta(days=i) for i in range(200)]
    svg = render(Chart("t", [Series("s", days, [1.0] * 200)]))
    labels = _labels(svg)
    assert "Nov 2026" in labels and "Jan 2027" in labels
    assert not any(re.fullmatch(r"[A-Z][a-z]{2} \d{2}", t) for t in labels)


def test_fit_range_fits_the_data_and_widens_flat_lines() -> None:
    lo, hi = fit_range([0.97, 0.99, 1.0])
    assert 0.96 < lo < 0.97 and 1.0 < hi < 1.01
    lo, hi = fit_range([1.0, 1.0], min_span=0.01)
    assert hi - lo == pytest.approx(0.01 * 1.12)
    assert fit_range([float("nan")]) == (0.0, 1.0)


@pytest.fixture(scope="module")
def status_quo_page() -> str:
    ds = run_scenario(load_scenario("status-quo", horizon_days=60), runs=2)
    return scenario_report(ds, summarize(ds))


def test_report_tables_scroll_and_events_section_is_never_empty(status_quo_page: str) -> None:
    page = status_quo_page
    assert '<div class="tw"><table>' in page and ".tw{max-width:100%;overflow-x:auto}" in page
    section = page.split("<h2>Policy events in the window</h2>", 1)[1]
    # status-quo changes nothing after its start: a sentence, not an empty table
    assert section.lstrip().startswith('<p class="note" id="no-events">No measure starts')


def test_report_small_multiples_are_not_fixed_at_130_percent(status_quo_page: str) -> None:
    assert "130%" not in status_quo_page
