"""The policy commands, through the root app: exit codes and the text users see."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from chokepoints.cli import app

runner = CliRunner()
NO18_SOURCE = (
    "https://hklaw.com/en/insights/publications/2025/04/"
    "china-imposes-export-controls-on-medium-and-heavy-rare-earth-materials"
)
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
        "gate: licence (approval probability 0.60, mean review 46.9 calendar days, "
        "case_by_case, validity 365 calendar days); tariff 30%; decided by cn-mofcom-2025-18"
    )
    assert lines[2].startswith("note: Licence numbers are the timeline's nominal values")
    assert "not the calibrated values" in lines[2] and "calendar days" in lines[2]
    assert NO18_SOURCE in result.stdout
    assert result.stderr == ""  # newest entry before 2025-06-10 is recent: no staleness warning


def test_regime_json_names_gate_and_measures_with_sources() -> None:
    result = runner.invoke(app, [*REGIME, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert isinstance(payload, list) and len(payload) == 1  # a list even for one product
    data = payload[0]
    assert data["gate"]["kind"] == "licence"
    assert data["gate"]["approval_probability"] == 0.6
    assert data["gate"]["parameters_basis"] == "timeline nominal"
    assert data["gate"]["review_days_unit"] == "calendar days"
    assert data["parameters_basis"] == "timeline nominal"
    assert "not the calibrated values" in data["parameters_note"]
    measures = {m["id"]: m for m in data["measures"]}
    assert measures["cn-mofcom-2025-18"]["role"] == "in_force"
    assert measures["cn-mofcom-2025-18"]["source"] == NO18_SOURCE
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
    assert csv_out[0].startswith(
        "date,product,origin,destination,gate,parameters_basis,approval_probability,"
        "review_days_mean,review_days_unit"
    )
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
    assert json.loads(back.stdout)[0]["gate"]["kind"] == "licence"
    assert "may be stale" in back.stderr and "--timeline FILE" in back.stderr
    path = tmp_path / "ext.yaml"
    path.write_text(
        "measures:\n  - id: cn-mofcom-gac-2025-70\n    end: 2027-11-10\n", encoding="utf-8"
    )
    extended = json.loads(runner.invoke(app, [*args, "--timeline", str(path)]).stdout)[0]
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
        f"  - {path}, row 2, field 'measures[cn-mofcom-gac-2025-70].end': 'soon' " in result.stderr
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


def _regime(origin: str, destination: str, *extra: str) -> Any:
    args = ["regime", "--date", "2025-06-10", "--product", "magnet:ndfeb_hre"]
    return runner.invoke(app, [*args, "--from", origin, "--to", destination, *extra])


@pytest.mark.parametrize(
    ("origin", "destination", "option", "shown", "hint"),
    [
        ("CHINA", "USA", "--from", "'CHINA'", "Did you mean 'CHN' (China)?"),
        ("CHN", "XYZ", "--to", "'XYZ'", None),
        ("CHN", "US", "--to", "'US'", "Did you mean 'USA' (United States)?"),
        ("CHN", "Germny", "--to", "'Germny'", "Did you mean 'DEU' (Germany)?"),
        ("CHN", "EU", "--to", "'EU'", "Did you mean 'EU27'"),
    ],
)
def test_regime_unknown_country_is_an_error_with_a_hint(
    origin: str, destination: str, option: str, shown: str, hint: str | None
) -> None:
    result = _regime(origin, destination)
    assert result.exit_code == 1
    assert result.stdout == ""  # no false "gate: open"
    assert result.stderr.startswith(f"Error: {option}: {shown} is not a country code")
    assert "ISO 3166-1 alpha-3" in result.stderr
    if hint:
        assert hint in result.stderr


def test_regime_accepts_lower_case_and_world_aggregates() -> None:
    result = _regime("chn", "eu27", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)[0]
    assert (data["origin"], data["destination"]) == ("CHN", "EU27")
    assert data["gate"]["kind"] == "licence"
    assert _regime("CHN", "ROW").exit_code == 0


def test_regime_open_gate_has_no_licence_note() -> None:
    result = runner.invoke(
        app,
        ["regime", "--date", "2025-06-10", "--product", "magnet:ndfeb"]
        + ["--from", "CHN", "--to", "JPN"],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "gate: open"
    assert "note:" not in result.stdout


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


def test_regime_assumes_the_worlds_china_content_for_content_rules() -> None:
    """After No. 70 lapses, a Japanese Dy/Tb magnet to the US falls under No. 61's 0.1%
    content rule; the share is read from the bundled world unless given."""
    args = ["regime", "--date", "2026-11-15", "--product", "magnet:ndfeb_hre"]
    args += ["--from", "JPN", "--to", "USA"]
    out = runner.invoke(app, [*args, "--format", "json"])
    assert out.exit_code == 0, out.output
    reg = json.loads(out.stdout)[0]
    assert reg["china_content_share"] > 0.001
    assert "JPN:magnet:ndfeb_hre" in reg["china_content_basis"]
    assert "cn-mofcom-2025-61-content" in reg["gate"]["decided_by"]
    table = runner.invoke(app, args)
    assert "china content:" in table.stdout and "--china-content" in table.stdout
    # a share below the de minimis keeps the gate open; no world assumption is shown
    low = runner.invoke(app, [*args, "--china-content", "0.0005", "--format", "json"])
    low_reg = json.loads(low.stdout)[0]
    assert low_reg["gate"]["kind"] == "open" and low_reg["china_content_basis"] is None
    # China's own exports are not under its extraterritorial rule: no share assumed
    own = runner.invoke(app, ["regime", "--date", "2026-11-15", "--product", "magnet:ndfeb_hre",
                              "--from", "CHN", "--to", "USA", "--format", "json"])  # fmt: skip
    assert json.loads(own.stdout)[0]["china_content_share"] is None
