"""The ``chokepoints`` command: a thin Typer skin over the library.

Each concept registers its own commands from its ``cli`` module (``world``,
``policy``, ...), so this file only assembles them. Results go to stdout, status and
progress to stderr; library errors become one-line messages and exit code 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from chokepoints import __version__
from chokepoints.errors import ChokepointsError


class _Group(TyperGroup):
    """Root command group that turns library errors into one-line messages, exit code 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ChokepointsError as exc:
            typer.echo(f"Error: {exc}", err=True)
            ctx.exit(1)


app = typer.Typer(
    cls=_Group,
    name="chokepoints",
    help="Model how export controls on critical minerals move through supply chains.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"chokepoints {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", callback=_version_callback
    ),
) -> None:
    """chokepoints: supply networks, export-control timelines and their effects."""
    from chokepoints.output import install_notes_handler

    install_notes_handler()


@app.command("export")
def export_cmd(
    scenario: str = typer.Argument(..., help="Bundled scenario name or a scenario YAML file."),
    out: Path = typer.Argument(..., help="File to write: .parquet, .csv or .xlsx."),
    runs: int | None = typer.Option(
        None, "--runs", help="Monte Carlo runs (default: the scenario's)."
    ),
    seed: int | None = typer.Option(None, "--seed", help="Seed (default: the scenario's)."),
) -> None:
    """Run a scenario and write its summary (per country and sector) as a tidy table.

    The format follows the suffix: Parquet, CSV or XLSX. Columns carry their units;
    scenario, seed and runs are columns too, so tables of several runs can be stacked.

    Example: chokepoints export status-quo summary.parquet --runs 20 --seed 1
    """
    import chokepoints as cp
    from chokepoints.results import check_export_path, export_summary

    check_export_path(out)  # refuse a bad suffix before a long run
    ds = cp.run(scenario, runs=runs, seed=seed)
    path = export_summary(ds, out)
    typer.echo(
        f"Wrote the summary of {ds.attrs['scenario']} ({ds.sizes['run']} runs) to {path}", err=True
    )


def _register_all() -> None:
    # Each line adds one concept's commands; keep one line per module.
    from chokepoints.world import cli as world_cli

    world_cli.register(app)
    __import__("chokepoints.news.cli", fromlist=["register"]).register(app)
    __import__("chokepoints.policy.cli", fromlist=["register"]).register(app)
    __import__("chokepoints.market.cli", fromlist=["register"]).register(app)
    __import__("chokepoints.suppliers.cli", fromlist=["register"]).register(app)
    __import__("chokepoints.scenarios.cli", fromlist=["register"]).register(app)
    __import__("chokepoints.api.cli", fromlist=["register"]).register(app)
    __import__("chokepoints.ensemble.cli", fromlist=["register"]).register(app)
    __import__("chokepoints.sensitivity.cli", fromlist=["register"]).register(app)
    __import__("chokepoints.criticality.cli", fromlist=["register"]).register(app)
    __import__("chokepoints.economy.cli", fromlist=["register"]).register(app)
    __import__("chokepoints.leverage.cli", fromlist=["register"]).register(app)


_register_all()


def main() -> None:
    """Console entry point."""
    app()
