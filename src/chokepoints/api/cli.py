"""``chokepoints serve``: run the web service; ``serve token create|list|revoke``.

FastAPI and uvicorn are imported inside the commands, so ``chokepoints --help`` stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

DATA_OPTION = typer.Option(
    None,
    "--data",
    help="Service data folder (store, uploads, team timeline); default "
    "$CHOKEPOINTS_SERVICE_DIR or ./chokepoints-service.",
)
DB_OPTION = typer.Option(
    None,
    "--db",
    help="Store URL (SQLAlchemy), e.g. postgresql+psycopg://user@host/db; default "
    "$CHOKEPOINTS_SERVICE_DB or SQLite in the data folder.",
)


def _settings(data: Path | None, db: str | None, **kwargs: object) -> object:
    from chokepoints.api.settings import Settings

    folder = data or Path(os.environ.get("CHOKEPOINTS_SERVICE_DIR", "chokepoints-service"))
    return Settings(data_dir=folder, db_url=db or os.environ.get("CHOKEPOINTS_SERVICE_DB"),
                    **kwargs)  # type: ignore[arg-type]  # fmt: skip


def _store(data: Path | None, db: str | None) -> object:
    from chokepoints.api.store import JobStore

    s = _settings(data, db)
    return JobStore(s.store_url)  # type: ignore[attr-defined]


def register(app: typer.Typer) -> None:
    """Add ``serve`` (and ``serve token ...``) to the root app."""
    serve_app = typer.Typer(help="Run chokepoints as a web service (REST API + dashboard).")
    token_app = typer.Typer(help="API tokens (stored hashed; shown once).", no_args_is_help=True)
    serve_app.add_typer(token_app, name="token")
    app.add_typer(serve_app, name="serve")

    @serve_app.callback(invoke_without_command=True)
    def serve(
        ctx: typer.Context,
        data: Path | None = DATA_OPTION,
        db: str | None = DB_OPTION,
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        port: int = typer.Option(8000, "--port", help="Port to listen on."),
        cors: list[str] = typer.Option(
            [], "--cors", help="Allow this origin by CORS (repeatable); without it CORS is off."
        ),
        public_read: bool = typer.Option(
            True, "--public-read/--private", help="Allow reads without a token."
        ),
        rate: int = typer.Option(600, "--rate", help="Requests per minute per client (0: off)."),
        max_body_mb: float = typer.Option(8.0, "--max-body-mb", help="Largest request, MiB."),
        max_runs: int = typer.Option(1000, "--max-runs", help="Most Monte Carlo runs per job."),
    ) -> None:
        """Serve the API (OpenAPI at /docs) and the dashboard (at /).

        Example: chokepoints serve --port 8000   (then open http://127.0.0.1:8000/)
        """
        if ctx.invoked_subcommand is not None:
            return
        import uvicorn

        from chokepoints.api.app import create_app

        settings = _settings(data, db, cors_origins=list(cors), public_read=public_read,
                             rate_per_minute=rate, max_body_bytes=int(max_body_mb * 2**20),
                             max_runs=max_runs)  # fmt: skip
        typer.echo(f"chokepoints service on http://{host}:{port}/ (API docs at /docs), data in "
                   f"{settings.data_dir}", err=True)  # type: ignore[attr-defined]  # fmt: skip
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info")  # type: ignore[arg-type]

    @token_app.command("create")
    def token_create(
        role: str = typer.Option(..., "--role", help="read, analyst or admin."),
        name: str = typer.Option("", "--name", help="Who uses it (default: the role)."),
        data: Path | None = DATA_OPTION,
        db: str | None = DB_OPTION,
    ) -> None:
        """Create a token and print it once (only its SHA-256 is stored).

        Example: chokepoints serve token create --role analyst --name alice
        """
        from chokepoints.api.store import ROLES

        if role not in ROLES:
            raise typer.BadParameter(f"{role!r} is not a role (expected one of "
                                     f"{', '.join(ROLES)})", param_hint="--role")  # fmt: skip
        token = _store(data, db).create_token(name or role, role)  # type: ignore[attr-defined]
        typer.echo(token)
        typer.echo(
            f"created a token with role {role} for {name or role}; it is shown only now", err=True
        )

    @token_app.command("list")
    def token_list(data: Path | None = DATA_OPTION, db: str | None = DB_OPTION) -> None:
        """List tokens: id, name, role, created, revoked (never the token).

        Example: chokepoints serve token list
        """
        import pandas as pd

        from chokepoints.output import OutputFormat, render_frame

        rows = _store(data, db).tokens()  # type: ignore[attr-defined]
        cols = ["id", "name", "role", "created_at", "revoked"]
        typer.echo(render_frame(pd.DataFrame(rows, columns=cols), OutputFormat.table))

    @token_app.command("revoke")
    def token_revoke(
        token_id: int = typer.Argument(..., help="Token id from `serve token list`."),
        data: Path | None = DATA_OPTION,
        db: str | None = DB_OPTION,
    ) -> None:
        """Revoke a token.

        Example: chokepoints serve token revoke 3
        """
        _store(data, db).revoke_token(token_id)  # type: ignore[attr-defined]
        typer.echo(f"revoked token {token_id}", err=True)
