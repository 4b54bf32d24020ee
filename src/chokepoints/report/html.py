"""A self-contained HTML report of a scenario run (inline CSS and SVG, works offline).

:func:`scenario_report` renders: what was run (scenario, seed, runs, versions, hash);
the summary table per country and end-use sector; output over time with 5-95% bands
per sector and per country (share of 2024 output), with policy events on the time axis;
the shortfall by stage against the no-controls counterfactual; the list of policy events;
and, when given, the 2025 backtest chart and metrics.
:func:`compare_report` sets several scenarios side by side.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from chokepoints.conventions import QUANTILES, SHORTAGE_THRESHOLD
from chokepoints.report.svg import PALETTE, Chart, Marker, Series, dates_of, fit_range, render
from chokepoints.scenarios.summary import display_table, group_series, stage_shortfall

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;
max-width:1180px;color:#222;padding:0 16px}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}
.meta{color:#555;font-size:.9em}.grid3{display:flex;flex-wrap:wrap;gap:8px}
.tw{max-width:100%;overflow-x:auto}table{border-collapse:collapse;font-size:.85em}td,th{padding:3px 8px;border-bottom:1px solid #eee;
text-align:right}th{background:#f5f5f5}td.l,th.l{text-align:left}
.chart .ct{font-size:13px;font-weight:600}.chart .tk{font-size:10px;fill:#555}
.chart .lg{font-size:10px;fill:#333}.chart .grid{stroke:#eee}.chart .ax{stroke:#999}
.chart .frame{fill:none;stroke:#bbb}.chart .ev{stroke:#C00;stroke-width:1;stroke-dasharray:2 2;
opacity:.7}.note{font-size:.85em;color:#555}code{background:#f4f4f4;padding:1px 3px}
"""


def _events(ds: xr.Dataset) -> list[Marker]:
    raw = json.loads(ds.attrs.get("policy_events", "[]"))
    return [Marker(dt.date.fromisoformat(e["date"]), e["label"], e.get("kind", "")) for e in raw]


def _band_charts(ds: xr.Dataset, by: str, events: list[Marker], title: str) -> str:
    da = group_series(ds, by)
    x = dates_of(da["time"].values)
    charts = []
    for k, g in enumerate(da["group"].values):
        q = da.sel(group=g).values
        s = Series(str(g), x, q[1].tolist(), q[0].tolist(), q[2].tolist(), PALETTE[k % 8])
        # Each small multiple fits its own data (a 0.5% dip must be visible), at least
        # one percentage point tall so a flat line does not magnify rounding noise.
        lo, hi = fit_range(q.ravel().tolist(), min_span=0.01)
        charts.append(render(Chart(f"{title}: {g}", [s], events, "output / 2024 output", lo, hi,
                                   y_percent=True, width=370, height=210)))  # fmt: skip
    return '<div class="grid3">' + "".join(charts) + "</div>"


def _stage_chart(ds: xr.Dataset, events: list[Marker]) -> str:
    # against the no-controls counterfactual, like the table (not 2024 output)
    da = stage_shortfall(ds)
    x = dates_of(da["time"].values)
    series = []
    for k, g in enumerate(da["group"].values):
        short = da.sel(group=g, quantile=QUANTILES[1]).values
        series.append(Series(str(g), x, np.clip(short, 0, None).tolist(), color=PALETTE[k % 8]))
    return render(Chart("World shortfall by stage against no controls (median over runs)",
                        series, events, "1 - output / output without controls", 0.0, None,
                        y_percent=True, width=760, height=280))  # fmt: skip


def _table(df: pd.DataFrame, left: Sequence[str] = ()) -> str:
    head = "".join(f'<th class="{"l" if c in left else ""}">{html.escape(str(c))}</th>'
                   for c in df.columns)  # fmt: skip
    rows = []
    for _, r in df.iterrows():
        cells = []
        for c in df.columns:
            v = r[c]
            if isinstance(v, float):
                text = "" if not np.isfinite(v) else f"{v:,.3g}" if abs(v) < 10 else f"{v:,.0f}"
            else:
                text = str(v)
            cells.append(f'<td class="{"l" if c in left else ""}">{html.escape(text)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    # Wide tables scroll inside their box instead of running off the page.
    return f'<div class="tw"><table><tr>{head}</tr>{"".join(rows)}</table></div>'


def backtest_section(bt: Any) -> str:
    """Charts and metrics of a :class:`~chokepoints.scenarios.backtest.BacktestResult`."""
    t = bt.table
    charts = []
    for name in ("world", "usa"):
        s = t[t["series"] == name]
        x = [dt.date.fromisoformat(m + "-15") for m in s["month"]]
        sim = Series("simulated (mean, 5-95%)", x, s["simulated_t"].tolist(),
                     s["simulated_p05_t"].tolist(), s["simulated_p95_t"].tolist(), PALETTE[0])  # fmt: skip
        obs = Series("customs (observed)", x, s["observed_t"].tolist(), color=PALETTE[3],
                     markers=True)  # fmt: skip
        label = "World" if name == "world" else "United States"
        ev = [Marker(dt.date(2025, 4, 4), "No. 18 licences"), Marker(dt.date(2025, 6, 10), "London"),
              Marker(dt.date(2025, 10, 31), "end of calibration sample"),
              Marker(dt.date(2025, 11, 7), "No. 70 (Busan)")]  # fmt: skip
        charts.append(render(Chart(f"China's magnet exports to {label}, t/month", [sim, obs], ev,
                                   "t/month", 0.0, None, width=560, height=260)))  # fmt: skip
    m = bt.metrics
    rows = [{"series": "pooled", "mape_in_sample": m["mape_in_sample"],
             "mape_out_of_sample": m["mape_out_of_sample"], "correlation": m["correlation"]}]  # fmt: skip
    for name, v in m["by_series"].items():
        rows.append({"series": name, "mape_in_sample": v["mape_in_sample"],
                     "mape_out_of_sample": v["mape_out_of_sample"],
                     "correlation": v["correlation"]})  # fmt: skip
    params = ", ".join(f"{k} = {v:g}" for k, v in bt.scenario.parameters.items())
    months = t[["month", "series", "observed_t", "simulated_t", "simulated_p05_t",
                "simulated_p95_t", "sample"]]  # fmt: skip
    return (
        "<h2>Backtest 2025: China's monthly magnet exports</h2>"
        f'<p class="note">Scenario <code>{html.escape(bt.scenario.name)}</code>, '
        f"{bt.dataset.attrs.get('runs')} runs. Fitted parameters (calibration sample: months to "
        f"October 2025; later months held out): {html.escape(params)}. Observed: GAC customs "
        "figures quoted by Reuters/Bloomberg (some months derived from stated changes).</p>"
        f'<div class="grid3">{"".join(charts)}</div>'
        f"{_table(pd.DataFrame(rows), left=('series',))}"
        f"<details><summary>Monthly values</summary>{_table(months, left=('month', 'series', 'sample'))}</details>"
    )


def _review_note(ds: xr.Dataset) -> str:
    ignored = json.loads(ds.attrs.get("review_shapes_ignored", "[]"))
    if not ignored:
        return ""
    params = json.loads(ds.attrs.get("engine_params", "{}"))
    return (
        '<p class="note">Licence review times: the engine uses the mean of each measure\'s '
        f"review time, drawn {html.escape(str(params.get('review_delay')))} around it; the "
        f"declared spread of {len(ignored)} measure(s) is not used: "
        f"{html.escape('; '.join(ignored))} (docs/model.md).</p>"
    )


def _provenance(ds: xr.Dataset) -> str:
    a = ds.attrs
    keys = ["scenario", "scenario_hash", "seed", "runs", "start", "horizon_days", "spin_up_days",
            "package_version", "data_version", "timeline_hash"]  # fmt: skip
    items = " · ".join(f"{k}: <code>{html.escape(str(a.get(k)))}</code>" for k in keys)
    return f'<p class="meta">{items}</p>'


def _events_table(rows: pd.DataFrame, attrs: dict[str, Any]) -> str:
    """The events table, or a sentence saying why there is none (never an empty table)."""
    if len(rows):
        return _table(rows, left=("date", "kind", "event"))
    start = str(attrs.get("start", "?"))
    days = attrs.get("horizon_days", "?")
    return (
        '<p class="note" id="no-events">No measure starts, ends or changes in the simulated '
        f"window ({html.escape(start)}, {html.escape(str(days))} days): the regime in force "
        "on the first day holds throughout. See it with <code>chokepoints regime --date "
        f"{html.escape(start[:10])} ...</code> or <code>chokepoints timeline</code>.</p>"
    )


def scenario_report(
    ds: xr.Dataset, summary: pd.DataFrame, backtest: Any = None, leverage: str | None = None
) -> str:
    """The HTML report of one scenario result (see the module docstring).

    ``leverage``: an optional ready-made ``<section>`` (``chokepoints.leverage.report``)
    placed after the backtest.
    """
    a = ds.attrs
    spec = json.loads(a.get("scenario_json", "{}"))
    events = _events(ds)
    shown = display_table(summary)
    shown.insert(2, "baseline_t/yr", [f"{v:,.0f}" for v in summary["baseline_t_per_yr"]])
    ev_rows = pd.DataFrame([{"date": e.date.isoformat(), "kind": e.kind, "event": e.label}
                            for e in events], columns=["date", "kind", "event"])  # fmt: skip
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>chokepoints: {html.escape(str(a.get('scenario')))}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{html.escape(spec.get('title') or str(a.get('scenario')))}</h1>",
        f"<p>{html.escape(spec.get('description', ''))}</p>",
        _provenance(ds),
        "<h2>Summary per country and end-use sector</h2>",
        '<p class="note">Output of each end-use sector in t of magnet embodied. Median over '
        "Monte Carlo runs, with the 5-95% band in brackets. A shortage day is a day below "
        f"{100 * SHORTAGE_THRESHOLD:.0f}% of the output without export controls (the same "
        "scenario and run with every control lifted: same demand, closures and capacities; "
        "the no-controls counterfactual). share_runs_short: share of runs "
        "with a shortage day; first_shortage_day: days from the start to the first one (over "
        "the runs that fall short); peak_shortfall_pct: largest shortfall against that "
        "output; days_below_90pct: days below 90% of it; lost_output_t: output lost on "
        "shortage days (output without controls minus output), t "
        "magnet-equivalent; lost_magnet_value_usd_m: those tonnes at the 2024 magnet price, "
        "US$ million (the value of the magnets not delivered, not of the products not made); "
        "lost_value_added_usd_m: direct value added of the products not made (EVs, cars, "
        "wind capacity; industrial and aerospace magnets as the motors they go into, a lower "
        "bound; electronics as hard disk drives; kg of magnet per unit and unit values as "
        "sourced in docs/economy.md, value-added shares from WIOD 2011), US$ million, '-' "
        "where no product is valued. "
        "Rows: most runs short first, then largest median loss. JSON: summary.json.</p>",
        f"{_review_note(ds)}",
        _table(shown, left=("country", "sector")),
        "<h2>Output over time by end-use sector (world)</h2>",
        '<p class="note">Output as a share of 2024 output (not of the output without '
        "controls, which may run above 2024 where the scenario raises demand): median "
        "(line) and 5-95% band over runs; red dashed lines: policy events (hover for the "
        "name).</p>",
        _band_charts(ds, "sector", events, "sector"),
        "<h2>Output over time by country (all end uses)</h2>",
        _band_charts(ds, "country", events, "country"),
        "<h2>Shortfall by stage</h2>",
        '<p class="note">World output of each stage short of its output without export '
        "controls (the table's reference), median over runs; 0 = no shortfall.</p>",
        _stage_chart(ds, events),
        "<h2>Policy events in the window</h2>",
        _events_table(ev_rows, a),
    ]
    if backtest is not None:
        parts.append(backtest_section(backtest))
    if leverage:
        parts.append(leverage)
    parts.append(
        '<p class="note">Reproduce: <code>chokepoints run '
        f"{html.escape(str(a.get('scenario')))} --runs {a.get('runs')} --seed {a.get('seed')}"
        "</code> with the versions above. Generated by chokepoints.</p></body></html>"
    )
    return "\n".join(parts)


def backtest_report(bt: Any) -> str:
    """A report holding only the backtest."""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>chokepoints backtest</title><style>{CSS}</style></head><body>"
        f"<h1>{html.escape(bt.scenario.title or bt.scenario.name)}</h1>"
        f"{_provenance(bt.dataset)}{backtest_section(bt)}</body></html>"
    )


def compare_report(results: Sequence[tuple[xr.Dataset, pd.DataFrame]]) -> str:
    """Several scenarios side by side: sector and country medians overlaid, and totals."""
    names = [str(ds.attrs.get("scenario")) for ds, _ in results]
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>chokepoints: {html.escape(' vs '.join(names))}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>Scenarios compared: {html.escape(', '.join(names))}</h1>",
    ]
    for ds, _ in results:
        parts.append(_provenance(ds))
    for by in ("sector", "country"):
        parts.append(f"<h2>Output over time by {by} (median over runs)</h2><div class='grid3'>")
        per = [group_series(ds, by) for ds, _ in results]
        for g in per[0]["group"].values:
            series = []
            for k, (da, name) in enumerate(zip(per, names, strict=True)):
                if g not in da["group"].values:
                    continue
                q = da.sel(group=g)
                series.append(Series(name, dates_of(q["time"].values),
                                     q.sel(quantile=QUANTILES[1]).values.tolist(),
                                     q.sel(quantile=QUANTILES[0]).values.tolist(),
                                     q.sel(quantile=QUANTILES[2]).values.tolist(), PALETTE[k % 8]))  # fmt: skip
            values = [v for sr in series for arr in (sr.y, sr.lo, sr.hi) if arr for v in arr]
            lo, hi = fit_range(values, min_span=0.01)
            parts.append(render(Chart(f"{by}: {g}", series, [], "output / 2024 output", lo, hi,
                                      y_percent=True, width=370, height=220)))  # fmt: skip
        parts.append("</div>")
    parts.append("</body></html>")
    return "\n".join(parts)
