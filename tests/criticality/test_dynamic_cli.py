"""Dynamic criticality (dynamics engine on the bundled world) and the CLI."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from chokepoints.cli import app
from chokepoints.criticality.dynamic import default_stage_world, dynamic_criticality


@pytest.fixture(scope="module")
def model() -> tuple[Any, Any]:
    from chokepoints.engines.dynamics import compile_world

    w = default_stage_world()
    return w, compile_world(w)


def test_magnet_export_ban_stops_lines_abroad(model: tuple[Any, Any]) -> None:
    w, c = model
    rows = dynamic_criticality(
        "Dy", stages=("ore", "magnet"), horizon_days=120, world=w, compiled=c
    )
    by = {r["stage"]: r for r in rows}
    # the bundled world has no Chinese ore exports: nothing to cut, nothing lost
    assert by["ore"]["flows_or_nodes_cut"] == 0
    assert by["ore"]["days_to_first_line_stop"] is None
    assert by["ore"]["lost_output_outside_origin_t_mean"] == 0.0
    mag = by["magnet"]
    assert mag["flows_or_nodes_cut"] > 0
    # 15 days of end-use cover and 35 of component cover (scenario defaults) delay the stop
    assert 15 < mag["days_to_first_line_stop"] < 120
    assert mag["lost_output_outside_origin_t_mean"] > 0
    assert mag["first_stopped_node"].split(":")[0] != "CHN"
    # the lost products abroad are valued; nothing lost, nothing valued
    assert mag["lost_value_added_direct_outside_origin_usd_m"] > 0
    assert (
        mag["product_value_outside_origin_usd_m"]
        > mag["lost_value_added_direct_outside_origin_usd_m"]
    )
    assert by["ore"]["lost_value_added_direct_outside_origin_usd_m"] == 0.0


def test_output_stop_also_hits_the_origin(model: tuple[Any, Any]) -> None:
    w, c = model
    (row,) = dynamic_criticality(
        "Nd", stages=("magnet",), mode="output", horizon_days=90, world=w, compiled=c
    )
    assert row["lost_output_world_t_mean"] > row["lost_output_outside_origin_t_mean"] > 0


def test_bad_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="mode"):
        dynamic_criticality("Dy", mode="imports")


def test_cli_json_without_dynamics() -> None:
    res = CliRunner().invoke(
        app, ["criticality", "--element", "Dy", "--format", "json", "--no-dynamic"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["element"] == "Dy"
    assert {r["stage"] for r in out["world_concentration"]} >= {"ore", "oxide", "magnet"}
    assert out["eu_crm"]["supply_risk_stage"] == "processing"
    assert "dynamic" not in out
    checks = out["eu_2023_supply_risk_reproduction"]["checks"]
    assert checks["HREEs"]["rounds_to_published"] is True
    table = CliRunner().invoke(app, ["criticality", "--element", "Dy", "--no-dynamic"])
    assert table.exit_code == 0 and "HREEs    SR 5.08 vs 5.1 (reproduced)" in table.stdout


def test_cli_csv_and_errors() -> None:
    res = CliRunner().invoke(
        app, ["criticality", "--element", "Tb", "--format", "csv", "--no-dynamic"]
    )
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("section,stage,indicator,value\nworld,ore,")
    bad = CliRunner().invoke(app, ["criticality", "--element", "Dy", "--eol-rir", "2"])
    assert bad.exit_code == 1
    assert "--eol-rir: 2.0 is not a fraction" in bad.stderr
