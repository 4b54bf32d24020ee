"""``chokepoints serve token create|list|revoke`` and ``serve --help``."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from chokepoints.api.store import JobStore
from chokepoints.cli import app

runner = CliRunner()


def test_token_create_list_revoke(tmp_path: Path) -> None:
    data = tmp_path / "svc"
    r = runner.invoke(app, ["serve", "token", "create", "--role", "analyst", "--name", "alice",
                            "--data", str(data)])  # fmt: skip
    assert r.exit_code == 0, r.output
    token = r.stdout.strip().splitlines()[0]
    assert token.startswith("cp_")
    store = JobStore(f"sqlite:///{data.resolve() / 'service.sqlite'}")
    assert store.role_of(token) == ("alice", "analyst")
    r = runner.invoke(app, ["serve", "token", "list", "--data", str(data)])
    assert "alice" in r.stdout and "analyst" in r.stdout and token not in r.stdout
    r = runner.invoke(app, ["serve", "token", "revoke", "1", "--data", str(data)])
    assert r.exit_code == 0 and store.role_of(token) is None
    r = runner.invoke(app, ["serve", "token", "create", "--role", "root", "--data", str(data)],
                      env={"COLUMNS": "200", "TERMINAL_WIDTH": "200"})  # fmt: skip
    assert (
        r.exit_code == 2
        and "'root' is not a role (expected one of read, analyst, admin)" in r.output
    )


def test_serve_help_names_the_dashboard_and_cors_default() -> None:
    r = runner.invoke(app, ["serve", "--help"])
    assert r.exit_code == 0
    assert "--cors" in r.output and "--private" in r.output and "dashboard" in r.output
