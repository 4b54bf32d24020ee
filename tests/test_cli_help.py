"""The CLI skin: every command has help and an example; one output module for all formats."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from chokepoints.cli import app
from chokepoints.output import EMPTY_TABLE, OutputFormat, render, render_frame, to_ndjson
from chokepoints.testing import cli_commands

ROOT = typer.main.get_command(app)
COMMANDS = cli_commands()


def test_the_tree_is_walked() -> None:
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"run", "regime", "exposure", "export", "suppliers check"} <= names
    assert len(COMMANDS) >= 20


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    cmd = dict(COMMANDS)[path]
    text = (cmd.help or "").strip()
    assert text, f"chokepoints {' '.join(path)} has no help text"
    assert "Example" in text, f"chokepoints {' '.join(path)}: no 'Example:' in its help"
    assert f"chokepoints {path[0]}" in text.split("Example", 1)[1], (
        f"chokepoints {' '.join(path)}: the example does not show the command"
    )
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and "Example" in result.output


def test_groups_have_help() -> None:
    def groups(cmd: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
        subs = getattr(cmd, "commands", None)
        if subs:
            yield path, cmd
            for name, sub in subs.items():
                yield from groups(sub, (*path, name))

    for path, cmd in groups(ROOT):
        assert (cmd.help or "").strip(), f"group {' '.join(path) or '(root)'} has no help"


FRAME = pd.DataFrame({"country": ["CHN", "JPN"], "share": [0.9, float("nan")]})


def test_formats_render_the_same_rows() -> None:
    assert render_frame(FRAME, OutputFormat.csv) == "country,share\nCHN,0.9\nJPN,"
    assert to_ndjson(FRAME) == '{"country": "CHN", "share": 0.9}\n{"country": "JPN", "share": null}'
    assert render_frame(FRAME, OutputFormat.ndjson) == to_ndjson(FRAME)
    assert '"share": null' in render_frame(FRAME, OutputFormat.json)
    assert render_frame(FRAME, OutputFormat.table, share_cols=("share",)).splitlines() == [
        "country share",
        "    CHN 90.0%",
        "    JPN      ",
    ]


def test_one_wording_for_an_empty_table() -> None:
    empty = FRAME.iloc[0:0]
    assert render_frame(empty, OutputFormat.table) == EMPTY_TABLE == "(no rows)"
    assert render(empty.to_dict(orient="records"), OutputFormat.table) == EMPTY_TABLE
    assert render_frame(empty, OutputFormat.ndjson) == ""
    assert render_frame(empty, OutputFormat.json) == "[]"


def test_render_mappings() -> None:
    assert render({"a": 1, "b": float("nan")}, OutputFormat.ndjson) == '{"a": 1, "b": null}'
    assert render({"a": 1}, OutputFormat.table) == "a: 1"
    assert render([{"a": 1}], OutputFormat.csv) == "a\n1"


def test_eu_member_note_goes_to_stderr() -> None:
    result = CliRunner().invoke(
        app, ["exposure", "--importer", "ESP", "--product", "magnet", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    # Spain, not Germany: the bundled world holds DEU, FRA and ITA of their own.
    assert result.stderr == "Note: ESP is part of EU27 in the bundled world; using EU27\n"
    assert result.stdout.startswith("kind,content,origin,t_per_yr,share\n")


def test_export_command_writes_the_summary(tmp_path: Path) -> None:
    from chokepoints.testing import write_small_scenario, write_small_world

    scenario = write_small_scenario(tmp_path, write_small_world(tmp_path / "world"))
    scenario.write_text(scenario.read_text().split("overrides:")[0])  # baseline run
    out = tmp_path / "summary.csv"
    result = CliRunner().invoke(app, ["export", str(scenario), str(out), "--runs", "2"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Wrote the summary of small-ban (2 runs) to ")
    df = pd.read_csv(out)
    assert list(df.columns[:3]) == ["scenario", "country", "sector"]
    assert set(df["runs"]) == {2}


def test_export_refuses_an_unknown_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "status-quo", str(tmp_path / "x.txt")])
    assert result.exit_code == 1
    assert "unknown suffix '.txt'" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["exposure", "--importer", "USA", "--product", "magnet"],
        ["whatif", "--remove", "CHN", "--stage", "oxide"],
        ["world", "summary", "--top", "2"],
    ],
)
def test_ndjson_is_one_json_object_per_line(args: list[str]) -> None:
    import json

    result = CliRunner().invoke(app, [*args, "--format", "ndjson"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines and all(isinstance(json.loads(line), dict) for line in lines)
