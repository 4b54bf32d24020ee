"""World commands (filled in by the foundation work)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the world commands to the root app."""
    world_app = typer.Typer(help="Inspect the supply network.", no_args_is_help=True)
    app.add_typer(world_app, name="world")

    @world_app.command("summary")
    def summary() -> None:
        """Per stage and element: top suppliers with shares, and HHI."""
        typer.echo("world summary: not built yet")
