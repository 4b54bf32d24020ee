"""The world commands through the CLI: exit codes and the text a user sees."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from chokepoints.cli import app

runner = CliRunner()


def test_world_summary_shows_usgs_china_share() -> None:
    res = runner.invoke(app, ["world", "summary", "--top", "2"])
    assert res.exit_code == 0, res.output
    assert "270,000.0" in res.output and "68.5%" in res.output
    assert "China mined 270,000 t REO in 2024" in res.output
    assert "share of global permanent magnet manufacturing" in res.output


def test_world_summary_json_and_csv() -> None:
    data = json.loads(runner.invoke(app, ["world", "summary", "--format", "json"]).output)
    assert data["world"] == "bundled"
    assert {r["product_id"] for r in data["suppliers"]} >= {"ore", "oxide:Dy", "magnet:ndfeb_hre"}
    csv = runner.invoke(app, ["world", "summary", "--format", "csv"]).output
    assert csv.splitlines()[0].startswith("stage,product_id,unit,rank,country")


def test_exposure_json_schema() -> None:
    res = runner.invoke(
        app, ["exposure", "--importer", "USA", "--product", "magnet", "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert set(data) >= {
        "importer",
        "products",
        "unit",
        "total_t_per_yr",
        "direct",
        "content",
        "paths",
    }
    assert abs(sum(d["share"] for d in data["direct"]) - 1) < 1e-9
    assert data["paths"]["oxide:Dy"][0]["route"][-1] == "USA"


def test_exposure_unknown_country_is_one_line_error() -> None:
    res = runner.invoke(app, ["exposure", "--importer", "USAA", "--product", "magnet"])
    assert res.exit_code == 1
    assert "Error: No country named 'USAA'. Did you mean 'USA'?" in res.output


def test_whatif_table_and_bad_stage() -> None:
    res = runner.invoke(app, ["whatif", "--remove", "CHN", "--stage", "oxide"])
    assert res.exit_code == 0
    assert "sector:ev" in res.output and "100.0%" in res.output
    bad = runner.invoke(app, ["whatif", "--remove", "CHN", "--stage", "refining"])
    assert bad.exit_code == 1
    assert "field 'stage': 'refining' is not a stage" in bad.output


def test_user_world_folder(small_world_dir: Path) -> None:
    res = runner.invoke(
        app,
        [
            "exposure",
            "--world",
            str(small_world_dir),
            "--importer",
            "CCC",
            "--product",
            "magnet",
            "--format",
            "csv",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "embodied,ore (element content),BBB,12.0" in res.output


def test_data_sources_lists_usgs() -> None:
    res = runner.invoke(app, ["data", "sources", "--format", "json"])
    rows = json.loads(res.output)
    usgs = next(r for r in rows if r["source_id"] == "usgs_mcs2025")
    assert usgs["rows_nodes"] > 0 and usgs["status"] == "primary"
