"""``chokepoints sensitivity``: rank a scenario's assumptions by their effect.

A thin skin over :mod:`chokepoints.sensitivity.analysis`; SALib, Dask and the engine are
imported inside the command.
"""

from __future__ import annotations

from pathlib import Path

import typer

from chokepoints.output import OutputFormat, format_option

_METHODS = {"morris": ("morris",), "sobol": ("sobol",), "both": ("morris", "sobol")}


def sensitivity(
    scenario: str = typer.Argument(..., help="Bundled scenario name or a scenario YAML path."),
    method: str = typer.Option("both", "--method", "-m", help="morris, sobol or both"),
    trajectories: int = typer.Option(10, "--trajectories", min=2, help="Morris trajectories."),
    base_samples: int = typer.Option(
        64, "--base-samples", min=2, help="Sobol base samples (a power of 2)."
    ),
    runs: int = typer.Option(25, "--runs", "-n", min=1, help="Monte Carlo runs per sample."),
    seed: int | None = typer.Option(None, "--seed", help="Seed (the scenario's by default)."),
    workers: int = typer.Option(
        0, "--workers", "-w", min=0, help="Evaluate on a LocalCluster of this many workers."
    ),
    cluster: str | None = typer.Option(
        None, "--cluster", help="Evaluate on a running Dask cluster (tcp://HOST:8786)."
    ),
    market: str = typer.Option(
        "dysprosium-oxide",
        "--market",
        help="Bundled market whose prices are analysed too (outside China); 'none' to skip.",
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write sensitivity.json and sensitivity.html here."
    ),
    fmt: OutputFormat = format_option("-f"),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress on stderr."),
) -> None:
    """Rank the scenario's assumptions by their effect on line stops, lost output and prices.

    Morris screening (mu_star) and Sobol indices (S1, ST), each with a bootstrap 95%
    interval; docs/sensitivity.md.

    Example: chokepoints sensitivity escalation --method morris --trajectories 10
    """
    import contextlib

    import pandas as pd

    from chokepoints.atomic import write_text_atomic
    from chokepoints.ensemble.cli import LineProgress
    from chokepoints.output import render_frame, to_json
    from chokepoints.scenarios.runner import compile_scenario
    from chokepoints.scenarios.spec import load_scenario
    from chokepoints.sensitivity.analysis import run_sensitivity
    from chokepoints.sensitivity.report import (
        display_table,
        merged_rows,
        sensitivity_report,
        to_dict,
    )

    if method not in _METHODS:
        raise typer.BadParameter(
            f"{method!r} is not a method (expected morris, sobol or both)", param_hint="--method"
        )
    if base_samples & (base_samples - 1):
        raise typer.BadParameter(
            f"{base_samples} is not a power of 2 (e.g. 32, 64, 128)", param_hint="--base-samples"
        )
    f = OutputFormat(fmt)
    from chokepoints.market.io import builtin_markets

    if market != "none" and market not in builtin_markets():
        raise typer.BadParameter(
            f"{market!r} is not a bundled market (expected one of "
            f"{', '.join(builtin_markets())} or none)",
            param_hint="--market",
        )
    spec = load_scenario(scenario)
    model = compile_scenario(spec)
    with contextlib.ExitStack() as stack:
        client = None
        if cluster is not None or workers > 0:
            from chokepoints.ensemble.runner import open_client

            client = stack.enter_context(open_client(cluster, workers=max(workers, 1)))
        result = run_sensitivity(
            model,
            methods=_METHODS[method],
            trajectories=trajectories,
            base_samples=base_samples,
            runs=runs,
            seed=seed,
            client=client,
            market=None if market == "none" else market,
            progress=lambda m: LineProgress(f"{spec.name} {m}", progress, "samples"),
        )
    for note in result["notes"]:
        typer.echo(f"note: {note}", err=True)
    data = to_dict(result)
    if f is OutputFormat.json:
        typer.echo(to_json(data))
    elif f is OutputFormat.table:
        typer.echo(render_frame(display_table(result), f))
    else:
        typer.echo(render_frame(pd.DataFrame(merged_rows(result)), f))
    if out is not None:
        write_text_atomic(out / "sensitivity.json", to_json(data) + "\n")
        write_text_atomic(out / "sensitivity.html", sensitivity_report(result))
        typer.echo(f"wrote {out / 'sensitivity.html'}", err=True)
        typer.echo(f"wrote {out / 'sensitivity.json'}", err=True)


def register(app: typer.Typer) -> None:
    """Add ``sensitivity`` to the root ``chokepoints`` app."""
    app.command("sensitivity")(sensitivity)
