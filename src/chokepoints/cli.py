"""The ``chokepoints`` command: a thin Typer skin over the library.

Each concept registers its own commands from its ``cli`` module (``world``,
``policy``, ...), so this file only assembles them. Results go to stdout, status and
progress to stderr; library errors become one-line messages and exit code 1.
"""

from __future__ import annotations

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


_register_all()


def main() -> None:
    """Console entry point."""
    app()
