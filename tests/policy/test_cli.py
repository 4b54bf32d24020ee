"""The policy commands, through the root app: exit codes and the text users see."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from chokepoints.cli import app

runner = CliRunner()
REGIME = [
    "regime",
    "--date",
    "2025-06-10",
    "--product",
    "magnet:ndfeb_hre",
    "--from",
    "CHN",
    "--to",
    "USA",
]


def test_regime_table() -> None:
    result = runner.invoke(app, REGIME)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "magnet:ndfeb_hre  CHN -> USA  on 2025-06-10"
    assert lines[1] == (
        "gate: licence (approval probability 0.60, mean review 46.9 days, case_by_case, "
        "validity 365 days); tariff 30%; decided by cn-mofcom-2025-18"
    )
    assert "https://osencmagnet.com/export-controls-on-rare-earth-elements/" in result.stdout
    assert result.stderr == ""  # newest entry before 2025-06-10 is recent: no staleness warning


def test_regime_json_names_gate_and_measures_with_sources() -> None:
    result = runner.invoke(app, [*REGIME, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["gate"]["kind"] == "licence"
    assert data["gate"]["approval_probability"] == 0.6
    measures = {m["id"]: m for m in data["measures"]}
    assert measures["cn-mofcom-2025-18"]["role"] == "in_force"
    assert (
        measures["cn-mofcom-2025-18"]["source"]
        == "https://osencmagnet.com/export-controls-on-rare-earth-elements/"
    )
    assert all(m["source"].startswith("http") for m in data["measures"])


def test_regime_product_alias_and_csv() -> None:
    args = ["regime", "--date", "2025-06-10", "--product", "magnet", "--from", "CHN", "--to", "USA"]
    data = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert [(d["product"], d["gate"]["kind"]) for d in data] == [
        ("magnet:ndfeb_hre", "licence"),
        ("magnet:ndfeb", "open"),
        ("magnet:smco", "licence"),
    ]
    csv_out = runner.invoke(app, [*args, "--format", "csv"]).stdout.splitlines()
    assert csv_out[0].startswith("date,product,origin,destination,gate,approval_probability")
    assert any(",magnet:smco,CHN,USA,licence," in line for line in csv_out)


def test_regime_after_no70_with_and_without_user_file(tmp_path: Path) -> None:
    args = [
        "regime",
        "--date",
        "2026-11-15",
        "--product",
        "magnet:ndfeb_hre",
        "--from",
        "JPN",
        "--to",
        "USA",
        "--china-content",
        "0.05",
        "--format",
        "json",
    ]
    back = runner.invoke(app, args)
    assert json.loads(back.stdout)["gate"]["kind"] == "licence"
    assert "may be stale" in back.stderr and "--timeline FILE" in back.stderr
    path = tmp_path / "ext.yaml"
    path.write_text(
        "measures:\n  - id: cn-mofcom-gac-2025-70\n    end: 2027-11-10\n", encoding="utf-8"
    )
    extended = json.loads(runner.invoke(app, [*args, "--timeline", str(path)]).stdout)
    assert extended["gate"]["kind"] == "open"
    roles = {m["id"]: (m["role"], m["origin"]) for m in extended["measures"]}
    assert roles["cn-mofcom-2025-61-content"][0] == "suspended"


def test_bad_user_file_is_a_one_line_error_per_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("measures:\n  - id: cn-mofcom-gac-2025-70\n    end: soon\n", encoding="utf-8")
    result = runner.invoke(app, [*REGIME, "--timeline", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 1 problem(s) found in the policy timeline:\n")
    assert (
        f"  - {path}, row 1, field 'measures[cn-mofcom-gac-2025-70].end': 'soon' " in result.stderr
    )


def test_unknown_product_and_bad_date() -> None:
    result = runner.invoke(
        app,
        ["regime", "--date", "2025-06-10", "--product", "magnets", "--from", "CHN", "--to", "USA"],
    )
    assert result.exit_code == 1
    assert "Error: No product named 'magnets'. Did you mean 'magnet" in result.stderr
    result = runner.invoke(
        app,
        ["regime", "--date", "10/06/2025", "--product", "magnet", "--from", "CHN", "--to", "USA"],
    )
    assert result.exit_code == 2
    assert "'10/06/2025' is not a date (expected YYYY-MM-DD)" in result.output


def test_timeline_filters() -> None:
    result = runner.invoke(
        app,
        [
            "timeline",
            "--start",
            "2025-10-01",
            "--end",
            "2025-11-30",
            "--issuer",
            "CHN",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    ids = {r["id"] for r in rows}
    assert {"ev-2025-10-09-october-set", "ev-2025-11-07-no70", "cn-mofcom-gac-2025-70"} <= ids
    assert all(r["issuer"] == "CHN" or "CHN" in r["issuer"].split("+") for r in rows)
    assert all(r["source"].startswith("http") and r["status"] for r in rows)
    result = runner.invoke(
        app, ["timeline", "--element", "Dy", "--kind", "licence", "--format", "csv"]
    )
    lines = result.stdout.splitlines()
    assert lines[0].startswith("date,end,type,kind,id,issuer,title")
    assert len(lines) == 2 and ",cn-mofcom-2025-18," in lines[1]


def test_timeline_upcoming_after_date() -> None:
    result = runner.invoke(
        app, ["timeline", "--upcoming", "--after", "2026-07-01", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert items == sorted(items, key=lambda i: i["date"])
    no70 = next(i for i in items if i["id"] == "cn-mofcom-gac-2025-70")
    assert no70["date"] == "2026-11-10" and no70["change"] == "suspension lapses"
    table = runner.invoke(app, ["timeline", "--upcoming", "--after", "2026-07-01"]).stdout
    assert table.splitlines()[0].split() == ["date", "change", "id", "detail"]


def test_timeline_upcoming_defaults_to_today() -> None:
    result = runner.invoke(app, ["timeline", "--upcoming", "--format", "json"])
    assert result.exit_code == 0
    assert isinstance(json.loads(result.stdout), list)
