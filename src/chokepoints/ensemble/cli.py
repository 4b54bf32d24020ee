"""``chokepoints ensemble``: a scenario's Monte Carlo runs on a Dask cluster.

A thin skin over :mod:`chokepoints.ensemble.runner`; Dask, numpy and the engine are
imported inside the command so ``chokepoints --help`` stays fast.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import typer

from chokepoints.output import OutputFormat, format_option


class LineProgress:
    """Progress on stderr, one line per tenth of the runs (works in logs, not only TTYs)."""

    def __init__(self, label: str, enabled: bool = True, unit: str = "runs") -> None:
        self.label, self.enabled, self.unit = label, enabled, unit
        self.t0, self.shown = time.perf_counter(), -1

    def __call__(self, done: int, total: int) -> None:
        tenth = 10 * done // max(total, 1)
        if not self.enabled or tenth == self.shown:
            return
        self.shown = tenth
        el = time.perf_counter() - self.t0
        sys.stderr.write(f"{self.label}: {done}/{total} {self.unit}, {el:.1f} s\n")
        sys.stderr.flush()


def statistics_table(stats: Any) -> Any:
    """Median and 5-95% band of each per-run statistic, one row per sector node.

    ``stats`` is :func:`chokepoints.scenarios.summary.run_statistics`'s Dataset (run,
    node); the rows are :func:`chokepoints.scenarios.summary.summarize`'s less the
    baseline (not carried by the statistics), sorted the same way.
    """
    from chokepoints.scenarios.summary import summarize_statistics

    return summarize_statistics(stats)


def ensemble(
    scenario: str = typer.Argument(..., help="Bundled scenario name or a scenario YAML path."),
    runs: int | None = typer.Option(None, "--runs", "-n", min=1, help="Monte Carlo runs."),
    seed: int | None = typer.Option(None, "--seed", help="Root seed (the scenario's by default)."),
    workers: int = typer.Option(2, "--workers", "-w", min=1, help="LocalCluster worker processes."),
    cluster: str | None = typer.Option(
        None, "--cluster", help="Scheduler address of a running cluster (tcp://HOST:8786)."
    ),
    memory_limit: str = typer.Option(
        "2GiB", "--memory-limit", help="Memory per LocalCluster worker (restarted above it)."
    ),
    statistics: bool = typer.Option(
        False,
        "--statistics/--full",
        help="Workers reduce each chunk to per-run statistics (for 10^5+ runs) instead of "
        "returning the full output.",
    ),
    chunks_per_task: int = typer.Option(
        1, "--chunks-per-task", min=1, help="Chunks of 25 runs per Dask task (big sweeps)."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write result.nc (full output or statistics) here."
    ),
    fmt: OutputFormat = format_option("-f"),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress on stderr."),
) -> None:
    """Run a scenario's Monte Carlo ensemble on Dask: same result as `run` for the same seed.

    Example: chokepoints ensemble status-quo --runs 1000 --workers 2
    """
    from chokepoints.atomic import atomic_path
    from chokepoints.ensemble.runner import open_client, run_dask
    from chokepoints.output import render_frame
    from chokepoints.scenarios.reference import compact_counterfactual
    from chokepoints.scenarios.runner import compile_scenario
    from chokepoints.scenarios.spec import load_scenario
    from chokepoints.scenarios.summary import display_table, summarize

    f = OutputFormat(fmt)
    spec = load_scenario(scenario)
    model = compile_scenario(spec)
    with open_client(cluster, workers=workers, memory_limit=memory_limit) as client:
        where = cluster or f"LocalCluster, {workers} worker(s) x 1 thread, {memory_limit} each"
        typer.echo(f"{spec.name}: {runs or spec.runs} runs on {where}", err=True)
        ds = run_dask(model, client, runs=runs, seed=seed, statistics=statistics,
                      chunks_per_task=chunks_per_task,
                      progress=LineProgress(spec.name, progress))  # fmt: skip
    if statistics:
        typer.echo(render_frame(statistics_table(ds), f))
    else:
        table = summarize(ds)
        typer.echo(render_frame(display_table(table) if f is OutputFormat.table else table, f))
    if out is not None:
        path = out / "result.nc"
        with atomic_path(path) as tmp:  # each distinct counterfactual series once
            compact_counterfactual(ds).to_netcdf(tmp, engine="scipy")
        typer.echo(f"wrote {path}", err=True)


def register(app: typer.Typer) -> None:
    """Add ``ensemble`` to the root ``chokepoints`` app."""
    app.command("ensemble")(ensemble)
