"""One ``--format`` option for every table-printing command, and NDJSON that is JSON lines.

Every command taking ``--format`` through the shared option of
:mod:`chokepoints.output` gets a small invocation here; the test runs it with
``--format ndjson`` and checks that each line of stdout is one JSON object.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from chokepoints.cli import app
from chokepoints.output import FORMAT_HELP, OutputFormat
from chokepoints.testing import cli_commands

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT / "examples" / "news" / "london-talks-2025-06.txt"
MAP = ROOT / "examples" / "suppliers" / "ev_ebike"


def _format_param(cmd: Any) -> Any:
    return next((p for p in cmd.params if "--format" in getattr(p, "opts", ())), None)


FORMATTED = {path: cmd for path, cmd in cli_commands() if _format_param(cmd) is not None}

#: Arguments (besides ``--format ndjson``) of a quick run of each command; "{tmp}"
#: becomes a fresh temporary folder.
EXAMPLES: dict[tuple[str, ...], list[str]] = {
    ("world", "summary"): ["--top", "2"],
    ("exposure",): ["--importer", "USA", "--product", "magnet"],
    ("whatif",): ["--remove", "CHN", "--stage", "oxide"],
    ("data", "sources"): [],
    ("regime",): ["--date", "2025-06-10", "--product", "magnet", "--from", "CHN", "--to", "USA"],
    ("timeline",): ["--start", "2025-10-01", "--issuer", "CHN"],
    ("news", "extract"): [str(NEWS), "--published", "2025-06-10"],
    ("news", "ingest"): [str(NEWS), "--db", "sqlite:///{tmp}/news.sqlite"],
    ("news", "events"): ["--db", "sqlite:///{tmp}/news.sqlite"],
    ("news", "propose"): ["--db", "sqlite:///{tmp}/news.sqlite", "--all"],
    ("news", "evaluate"): [str(ROOT / "tests" / "news" / "gold"), "--rules-only"],
    ("scenario", "list"): [],
    ("scenario", "check"): ["{scenario}"],
    ("run",): ["{scenario}", "--runs", "2", "--no-write", "--no-progress"],
    ("compare",): ["{scenario}", "{scenario}", "--runs", "2"],
    ("backtest",): ["2025", "--runs", "2"],
    ("suppliers", "check"): [str(MAP)],
    ("suppliers", "exposure"): [str(MAP)],
    ("suppliers", "run"): [str(MAP), "--runs", "2"],
    ("suppliers", "mitigate"): [str(MAP), "--runs", "2"],
    ("market",): ["escalation", "--product", "dysprosium-oxide"],
    ("criticality",): ["--element", "Dy"],
    ("economy",): ["escalation", "--runs", "2", "--no-mrio"],
    ("leverage",): ["status-quo", "--runs", "1"],
    ("ensemble",): ["{scenario}", "--runs", "2", "--workers", "1", "--no-progress"],
    ("sensitivity",): ["{scenario}", "--method", "morris", "--trajectories", "2", "--runs", "1"],
}
SHARED = sorted(FORMATTED)


def test_every_shared_format_command_has_an_example() -> None:
    assert len(SHARED) >= 20
    assert set(SHARED) == set(EXAMPLES), "add a quick example for each new --format command"


@pytest.mark.parametrize("path", SHARED, ids=" ".join)
def test_format_is_the_shared_option(path: tuple[str, ...]) -> None:
    param = _format_param(FORMATTED[path])
    assert param.help == FORMAT_HELP
    assert param.default == OutputFormat.table
    result = CliRunner().invoke(app, [*path, "--format", "xml"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "'xml' is not one of 'table', 'json', 'csv', 'ndjson'" in result.output


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from chokepoints.testing import write_small_scenario, write_small_world

    tmp = tmp_path_factory.mktemp("fmt")
    return write_small_scenario(tmp, write_small_world(tmp / "world"))


@pytest.fixture(scope="module")
def news_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose news.sqlite holds the events of one article."""
    tmp = tmp_path_factory.mktemp("news")
    result = CliRunner().invoke(
        app, ["news", "ingest", str(NEWS), "--db", f"sqlite:///{tmp}/news.sqlite"]
    )
    assert result.exit_code == 0, result.output
    return tmp


def test_ndjson_of_no_rows_prints_nothing(tmp_path: Path) -> None:
    args = ["news", "events", "--db", f"sqlite:///{tmp_path}/empty.sqlite", "--format"]
    assert CliRunner().invoke(app, [*args, "ndjson"]).stdout == ""
    assert CliRunner().invoke(app, [*args, "table"]).stdout == "(no rows)\n"


@pytest.mark.parametrize("path", SHARED, ids=" ".join)
def test_ndjson_is_one_json_object_per_line(
    path: tuple[str, ...], scenario: Path, news_dir: Path
) -> None:
    args = [a.format(tmp=news_dir, scenario=scenario) for a in EXAMPLES[path]]
    result = CliRunner().invoke(app, [*path, *args, "--format", "ndjson"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines, f"chokepoints {' '.join(path)} printed no rows"
    for line in lines:
        assert isinstance(json.loads(line), dict), line
