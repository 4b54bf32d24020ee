"""Scenario commands: ``run``, ``compare``, ``backtest`` and ``scenario new|check|list``.

A thin skin: parse options, call :mod:`chokepoints.scenarios` and
:mod:`chokepoints.report`, print results to stdout, progress and file paths to stderr.
Heavy modules (numpy, pandas, xarray, numba, the engine) are imported inside the
commands, so ``chokepoints --help`` stays fast. Every file is written atomically
(:mod:`chokepoints.atomic`).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import typer

from chokepoints.output import OutputFormat, format_option

#: The shared ``--format`` option, with this module's short alias ``-f``.
FORMAT_OPTION = format_option("-f")

TEMPLATE = """\
# A chokepoints scenario (docs/scenarios.md). Check it with
#   chokepoints scenario check THIS_FILE
# and run it with
#   chokepoints run THIS_FILE
name: my-scenario
title: My scenario
description: What this scenario assumes, in one or two sentences.

# Start from a bundled scenario (backtest-2025, status-quo, breakthrough, escalation,
# lapse-2026) or another file; keys given here replace its keys, 'assumptions' and
# 'timeline' are merged key by key and 'overrides' are appended.
extends: status-quo

# world: bundled                # or the path of a world folder (chokepoints world ...)
# timeline:
#   cutoff: 2026-11-29          # recorded measures after this day are dropped
#   hold_after_cutoff: true     # measures in force on the cut-off never lapse
#   user_file: my-timeline.yaml # your timeline entries (docs/policy.md)

# start: 2026-12-01             # first reported day
# horizon_days: 365             # days reported
# spin_up_days: 699             # days simulated before start (history), then dropped
# runs: 100                     # Monte Carlo runs
# seed: 1                       # same file + seed + versions = same result

# Changes after the cut-off, applied in order. Actions: add (a full measure as 'entry'),
# suspend (measures, from date, optional until), end (measures, on the day before date),
# change (measures' approval_probability and/or review_days from date, optional
# destinations: [USA]).
overrides:
  - action: change
    date: 2027-01-01
    measures: [cn-mofcom-2025-18]
    approval_probability: 0.5
    review_days: 60
    note: Approvals slow down in 2027

# assumptions:
#   inventory_days: {magnet: 30, component: 70, sector: 15}  # cover per stage, days
#   inventory_days_by_country: {USA: {component: 90}}
#   qualification_days: 30      # days to qualify another supplier
#   rerouting: true
#   substitution: true
#   review_delay: exponential   # or fixed: review time around each measure's mean
#   licence_renewal: ahead      # or on_expiry: apply for the next licence only after expiry
#   licence_validity_days: 365
#   demand_factor: 1.0          # final demand multiplier

# sources:                      # where each assumption comes from
#   approval: my reading of ...
"""


class _Progress:
    """A one-line progress bar on stderr (only when stderr is a terminal or forced)."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.label, self.enabled, self.t0 = label, enabled, time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        width = 30
        fill = int(width * done / max(total, 1))
        el = time.perf_counter() - self.t0
        sys.stderr.write(f"\r{self.label} [{'#' * fill}{'.' * (width - fill)}] "
                         f"{done}/{total} runs {el:5.1f}s")  # fmt: skip
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _write_outputs(out: Path, ds: Any, summary: Any, page: str) -> list[Path]:
    from chokepoints.atomic import atomic_path, write_text_atomic
    from chokepoints.output import to_json
    from chokepoints.scenarios.reference import compact_counterfactual
    from chokepoints.scenarios.runner import SHORTAGE_THRESHOLD

    nc, js, rep = out / "result.nc", out / "summary.json", out / "report.html"
    with atomic_path(nc) as tmp:  # each distinct counterfactual series once
        compact_counterfactual(ds).to_netcdf(tmp, engine="scipy")
    meta = {k: ds.attrs[k] for k in ("scenario", "scenario_hash", "seed", "runs", "start",
                                     "horizon_days", "package_version", "data_version",
                                     "timeline_hash")}  # fmt: skip
    meta["shortage_threshold"] = SHORTAGE_THRESHOLD
    write_text_atomic(js, to_json({**meta, "rows": summary}) + "\n")
    write_text_atomic(rep, page)
    return [rep, nc, js]


def _review_notice(ds: Any) -> None:
    ignored = json.loads(ds.attrs.get("review_shapes_ignored", "[]"))
    if ignored:
        delay = json.loads(ds.attrs.get("engine_params", "{}")).get("review_delay")
        typer.echo(f"note: licence review times use each measure's mean, drawn {delay} around "
                   f"it; the declared spread of {len(ignored)} measure(s) is not used "
                   f"({'; '.join(ignored)}; see docs/model.md)", err=True)  # fmt: skip


def _elements_notice(ds: Any) -> None:
    missing = json.loads(ds.attrs.get("elements_without_nodes", "{}"))
    if missing:
        parts = [f"{mid}: {', '.join(els)}" for mid, els in missing.items()]
        typer.echo("note: elements named by measures with no node in the world (these parts "
                   f"of the measures act on nothing): {'; '.join(parts)}", err=True)  # fmt: skip


def _with_value_added(summary: Any, ds: Any) -> Any:
    """The summary with the direct value added of the products not made next to the
    tonnes (``lost_value_added_usd_m``, US$ million, median and band; NaN for sectors or
    countries without a sourced product value or WIOD region; see docs/economy.md)."""
    from chokepoints.economy.losses import add_lost_value_added

    return add_lost_value_added(summary, ds)


def run(
    scenario: str = typer.Argument(..., help="Bundled scenario name or a scenario YAML path."),
    runs: int | None = typer.Option(None, "--runs", "-n", min=1, help="Monte Carlo runs."),
    seed: int | None = typer.Option(
        None, "--seed", min=0, max=2**63 - 1, help="Root seed (the scenario's by default)."
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        help="Folder for report.html, result.nc, summary.json [default: chokepoints-runs/SCENARIO]",
    ),  # fmt: skip
    fmt: OutputFormat = FORMAT_OPTION,
    backtest: bool | None = typer.Option(
        None,
        "--backtest/--no-backtest",
        help="Add the 2025 backtest (bundled world) to the report [default: only when the "
        "scenario runs on the bundled world]",
    ),  # fmt: skip
    write: bool = typer.Option(True, "--write/--no-write", help="Write the report and files."),
    progress: bool = typer.Option(
        None,
        "--progress/--no-progress",  # type: ignore[assignment]
        help="Progress bar on stderr [default: when a terminal]",
    ),  # fmt: skip
    leverage: bool = typer.Option(
        False,
        "--leverage/--no-leverage",
        help="Add the negotiation-leverage section (chokepoints leverage SCENARIO) to the "
        "report; runs the dynamics again for it and for the breakdown.",
    ),  # fmt: skip
) -> None:
    """Run a scenario: summary per country and end-use sector, HTML report, NetCDF, JSON.

    Example: chokepoints run status-quo --runs 100 --out out/status-quo
    """
    from chokepoints.output import render_frame
    from chokepoints.report import scenario_report
    from chokepoints.scenarios.runner import run_scenario
    from chokepoints.scenarios.spec import load_scenario
    from chokepoints.scenarios.summary import display_table, summarize, table_header

    f = fmt
    spec = load_scenario(scenario)
    show = sys.stderr.isatty() if progress is None else progress
    ds = run_scenario(spec, runs=runs, seed=seed, progress=_Progress(spec.name, show))
    _review_notice(ds)
    _elements_notice(ds)
    summary = _with_value_added(summarize(ds), ds)
    if f is OutputFormat.table:
        typer.echo(table_header(ds, value_added=True) + "\n")
        typer.echo(render_frame(display_table(summary), f))
    else:
        typer.echo(render_frame(summary, f))
    if write:
        bt = None
        if backtest if backtest is not None else spec.world == "bundled":
            from chokepoints.scenarios.backtest import run_backtest

            bt = run_backtest(2025, runs=min(ds.attrs["runs"], 50))
        from chokepoints.scenarios.spec import folder_name  # names like '../x' stay inside

        lev = None
        if leverage:
            from chokepoints.leverage.pain import leverage_report
            from chokepoints.leverage.report import html_fragment

            lev = html_fragment(leverage_report([scenario], runs=int(ds.attrs["runs"])))
        target = out or Path("chokepoints-runs") / folder_name(spec.name)
        page = scenario_report(ds, summary, bt, leverage=lev)
        for p in _write_outputs(target, ds, summary, page):
            typer.echo(f"wrote {p}", err=True)


def compare(
    scenarios: list[str] = typer.Argument(..., help="Two or more scenario names or paths."),
    runs: int | None = typer.Option(None, "--runs", "-n", min=1, help="Monte Carlo runs each."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write compare.html here."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Set scenarios side by side: median lost output and peak shortfall per sector.

    Example: chokepoints compare status-quo breakthrough escalation --runs 50
    """
    import pandas as pd

    from chokepoints.atomic import write_text_atomic
    from chokepoints.output import render_frame
    from chokepoints.report import compare_report
    from chokepoints.scenarios.runner import run_scenario
    from chokepoints.scenarios.spec import load_scenario
    from chokepoints.scenarios.summary import summarize

    f = fmt
    if len(scenarios) < 2:
        raise typer.BadParameter("give at least two scenarios", param_hint="SCENARIOS")
    results = []
    merged: pd.DataFrame | None = None
    for name in scenarios:
        spec = load_scenario(name)
        ds = run_scenario(spec, runs=runs, progress=_Progress(spec.name, sys.stderr.isatty()))
        s = summarize(ds)
        results.append((ds, s))
        part = s[["country", "sector", "lost_output_t", "peak_shortfall_pct", "days_below_90pct"]]
        label = spec.name  # the same scenario twice gets 'name#2', not pandas' _x/_y
        k = 2
        while any(str(c).startswith(f"{label}:") for c in getattr(merged, "columns", ())):
            label, k = f"{spec.name}#{k}", k + 1
        part = part.rename(columns={c: f"{label}:{c}" for c in part.columns[2:]})
        merged = part if merged is None else merged.merge(part, on=["country", "sector"])
    assert merged is not None
    first = merged.columns[2]
    merged = merged.sort_values([first, "country", "sector"], ascending=[False, True, True])
    merged = merged.reset_index(drop=True)
    typer.echo(render_frame(merged, f))
    if out is not None:
        write_text_atomic(out / "compare.html", compare_report(results))
        typer.echo(f"wrote {out / 'compare.html'}", err=True)


def backtest(
    year: int = typer.Argument(2025, help="Backtest year (2025 is bundled)."),
    runs: int | None = typer.Option(None, "--runs", "-n", min=1, help="Monte Carlo runs."),
    fmt: OutputFormat = FORMAT_OPTION,
    out: Path | None = typer.Option(None, "--out", "-o", help="Write backtest.html here."),
) -> None:
    """Compare China's simulated monthly magnet exports with customs figures.

    Example: chokepoints backtest 2025 --format json
    """
    from chokepoints.output import render_frame, to_json
    from chokepoints.scenarios.backtest import run_backtest
    from chokepoints.scenarios.spec import bundled_names

    f = fmt
    if f"backtest-{year}" not in bundled_names():
        raise typer.BadParameter(f"{year} has no bundled backtest (expected 2025)",
                                 param_hint="YEAR")  # fmt: skip
    bt = run_backtest(year, runs=runs, progress=_Progress(f"backtest-{year}", sys.stderr.isatty()))
    if f is OutputFormat.json:
        typer.echo(to_json(bt.as_dict()))
    else:
        cols = ["month", "series", "sample", "observed_t", "simulated_t", "simulated_p05_t",
                "simulated_p95_t", "abs_pct_error", "mean_2024_t", "persistence_t"]  # fmt: skip
        typer.echo(render_frame(bt.table[cols], f, share_cols=("abs_pct_error",)))
        if f is OutputFormat.table:
            mf = bt.metrics_frame()
            for col in ("mape_in_sample", "mape_out_of_sample", "correlation"):
                mf[col] = [f"{v:.3f}" if v is not None and v == v else "" for v in mf[col]]
            typer.echo("\n" + render_frame(mf, f))
    if out is not None:
        from chokepoints.atomic import write_text_atomic
        from chokepoints.report import backtest_report

        write_text_atomic(out / "backtest.html", backtest_report(bt))
        typer.echo(f"wrote {out / 'backtest.html'}", err=True)


scenario_app = typer.Typer(help="Write, check and list scenario files.", no_args_is_help=True)


@scenario_app.command("new")
def scenario_new(
    file: Path | None = typer.Argument(None, help="Write here (stdout if left out)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented scenario template.

    Example: chokepoints scenario new my.yaml
    """
    if file is None:
        typer.echo(TEMPLATE, nl=False)
        return
    if file.exists() and not force:
        raise typer.BadParameter(f"{file} exists (use --force to overwrite)", param_hint="FILE")
    from chokepoints.atomic import write_text_atomic

    write_text_atomic(file, TEMPLATE)
    typer.echo(f"wrote {file}", err=True)


@scenario_app.command("check")
def scenario_check(
    file: str = typer.Argument(..., help="Scenario YAML path or bundled name."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Validate a scenario (file, extends, overrides, gates) without running it.

    Example: chokepoints scenario check my.yaml
    """
    from chokepoints.scenarios.spec import load_scenario
    from chokepoints.scenarios.timeline import scenario_timeline

    spec = load_scenario(file)
    tl = scenario_timeline(spec)
    from chokepoints.scenarios.runner import compile_scenario

    compile_scenario(spec)  # the world, its names and the gates, as `run` would
    info = {"name": spec.name, "ok": True, "hash": spec.content_hash(), "start": spec.start,
            "end": spec.end, "runs": spec.runs, "seed": spec.seed, "extends": spec.extends,
            "overrides": len(spec.overrides), "measures": len(tl.measures)}  # fmt: skip
    if fmt == "json":
        typer.echo(json.dumps(info, default=str, indent=2))
    elif fmt != "table":  # csv, ndjson: one row
        import pandas as pd

        from chokepoints.output import render_frame

        typer.echo(render_frame(pd.DataFrame([info]), fmt))
    else:
        typer.echo(f"{spec.file}: ok ({spec.name}, {spec.start} to {spec.end}, {spec.runs} runs, "
                   f"seed {spec.seed}, {len(spec.overrides)} overrides, hash {info['hash']})")  # fmt: skip


@scenario_app.command("list")
def scenario_list(
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """List the bundled scenarios.

    Example: chokepoints scenario list --format json
    """
    import pandas as pd

    from chokepoints.output import render_frame
    from chokepoints.scenarios.spec import bundled_names, load_scenario

    rows = []
    for name in bundled_names():
        s = load_scenario(name)
        rows.append({"name": name, "title": s.title, "start": s.start.isoformat(),
                     "horizon_days": s.horizon_days, "runs": s.runs})  # fmt: skip
    typer.echo(render_frame(pd.DataFrame(rows), fmt))


def register(app: typer.Typer) -> None:
    """Add the scenario commands to the root ``chokepoints`` app."""
    app.command("run")(run)
    app.command("compare")(compare)
    app.command("backtest")(backtest)
    app.add_typer(scenario_app, name="scenario")
