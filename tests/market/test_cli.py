"""The ``chokepoints market`` command: exit codes and the text users see."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from chokepoints.atomic import write_text_atomic
from chokepoints.cli import app
from chokepoints.market.io import example_path

runner = CliRunner()


def test_scenario_table() -> None:
    result = runner.invoke(app, ["market", "april-2025-licensing", "--product", "dysprosium-oxide"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("april-2025-licensing / dysprosium-oxide  product oxide:Dy")
    assert "EUR       204.4" in out
    assert "CHN->EUR     38.81   10.09     -74.0" in out
    assert "licence*" in out


def test_scenario_json_has_prices_flows_rents_welfare() -> None:
    result = runner.invoke(
        app, ["market", "april-2025-licensing", "--product", "terbium-oxide", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    res = json.loads(result.output)
    by_region = {r["region"]: r for r in res["regions"]}
    assert by_region["CHN"]["price_change_pct"] == 0.0
    assert by_region["EUR"]["price_change_pct"] > 150
    assert by_region["CHN"]["quota_rent"] > 0
    assert by_region["EUR"]["consumer_surplus_change"] < 0
    assert all(f["cap_binding"] for f in res["flows"] if f["importer"] != "CHN")
    assert res["elasticities"]["composite_demand"]["citation"]


def test_input_file_json() -> None:
    result = runner.invoke(app, ["market", "--input", str(example_path()), "--format", "json"])
    assert result.exit_code == 0, result.output
    res = json.loads(result.output)
    assert [r["region"] for r in res["regions"]] == ["US", "JP", "EU", "RW"]
    assert len(res["flows"]) == 14


def test_csv_and_sensitivity_and_override() -> None:
    result = runner.invoke(
        app,
        [
            "market",
            "april-2025-licensing",
            "--product",
            "dysprosium-oxide",
            "--format",
            "csv",
            "--elasticity",
            "composite_demand.EUR=-0.5",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("case,product,region,price_change_pct")
    eur = [line for line in result.output.splitlines() if ",EUR," in line][0]
    assert ",1379.289941," in eur  # 0.26^-2 - 1 = 13.79 -> +1379.29 %
    result = runner.invoke(
        app, ["market", "april-2025-licensing", "--product", "dysprosium-oxide", "--sensitivity"]
    )
    assert result.exit_code == 0 and "Sensitivity" in result.output


def test_unknown_product_is_one_line_error() -> None:
    result = runner.invoke(app, ["market", "april-2025-licensing", "--product", "dysprosium"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: No market product named 'dysprosium'.")


def test_bad_input_file_error_names_file(tmp_path) -> None:
    p = tmp_path / "m.yaml"
    write_text_atomic(p, "regions: [A]\nbaseline_value: {A: [-1]}\n")
    result = runner.invoke(app, ["market", "--input", str(p)])
    assert result.exit_code == 1
    assert (
        "m.yaml, row 2, field 'baseline_value.A[0]': '-1.0' must be finite and >= 0"
        in result.output
    )


def test_bad_options() -> None:
    assert runner.invoke(app, ["market", "--format", "xml", "--input", "x"]).exit_code == 2
    assert runner.invoke(app, ["market"]).exit_code == 2
    bad = runner.invoke(
        app, ["market", "no-measures", "--product", "dysprosium-oxide", "--elasticity", "foo=1"]
    )
    assert bad.exit_code == 2


def test_list() -> None:
    result = runner.invoke(app, ["market", "--list"])
    assert result.exit_code == 0
    assert "dysprosium-oxide" in result.output and "april-2025-licensing" in result.output


def test_docs_example_output_is_current() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "market.md").read_text()
    block = doc.split("$ chokepoints market april-2025-licensing --product dysprosium-oxide\n")[1]
    shown = [line for line in block.split("```")[0].splitlines() if line and line != "..."]
    result = runner.invoke(app, ["market", "april-2025-licensing", "--product", "dysprosium-oxide"])
    actual = result.output.splitlines()
    for line in shown:
        assert line in actual, line


def test_importing_the_market_cli_does_not_load_the_engine() -> None:
    """``chokepoints --help`` imports this module: SciPy, pandas, xarray and the engine wait."""
    code = (
        "import sys, chokepoints.market.cli; "
        "print(sorted(m for m in ('scipy.optimize', 'pandas', 'xarray', "
        "'chokepoints.engines.market', 'chokepoints.market.io') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_elasticity_groups_match_the_engine() -> None:
    from chokepoints.engines.market.model import ELASTICITY_GROUPS
    from chokepoints.market import cli

    assert cli.ELASTICITY_GROUPS == ELASTICITY_GROUPS
