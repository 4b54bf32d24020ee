"""Markets built from the bundled world, and several independent products in one run."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from chokepoints.atomic import write_text_atomic
from chokepoints.cli import app
from chokepoints.engines.market import simulate_market
from chokepoints.errors import DataErrors, NotFoundError
from chokepoints.market.io import apply_measures, example_path, load_markets
from chokepoints.market.world import market_spec_from_world
from chokepoints.world import load_world

runner = CliRunner()


@pytest.fixture(scope="module")
def world():  # type: ignore[no-untyped-def]
    return load_world()


def test_world_magnet_market_baseline_and_licences(world) -> None:  # type: ignore[no-untyped-def]
    spec = market_spec_from_world(world, "magnet:ndfeb")
    assert "CHN" in spec.regions and spec.value_unit == "USD per year"
    chn = spec.regions.index("CHN")
    assert spec.value0[chn].sum() > 0.5 * spec.value0.sum()  # China dominates supply
    base = simulate_market(spec)
    np.testing.assert_allclose(base["price_index_ratio"].values, 1.0, atol=1e-12)
    lic = apply_measures(
        spec, {"licences": [{"exporter": "CHN", "importer": "*", "approved_share": 0.26}]}
    )
    ds = simulate_market(lic)
    p = ds["price_index_ratio"]
    assert float(p.sel(region="CHN")) < 1.0 < float(p.sel(region="USA"))
    exports = ds["quantity_new"].sel(exporter="CHN").drop_sel(importer="CHN")
    base_exp = ds["quantity_baseline"].sel(exporter="CHN").drop_sel(importer="CHN")
    np.testing.assert_allclose(exports.values, 0.26 * base_exp.values, rtol=1e-9)


def test_world_product_without_flows(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError, match="product with flows"):
        market_spec_from_world(world, "oxide:Xx")


def test_apply_measures_reports_bad_entries() -> None:
    spec = load_markets(example_path())[0]
    with pytest.raises(DataErrors) as info:
        apply_measures(spec, {"licences": [{"exporter": "CN", "importer": "*"}], "tarifs": []})
    fields = {p.field for p in info.value.problems}
    assert {"new.tarifs", "new.licences[0].exporter"} <= fields


def test_several_products_in_one_file(tmp_path: Path) -> None:
    one = example_path().read_text(encoding="utf-8")
    doc = "products:\n" + "".join(
        "  - "
        + "\n    ".join(one.replace("name: gsim-4x4-us-eu-fta", f"name: p{k}").splitlines())
        + "\n"
        for k in range(2)
    )
    path = tmp_path / "two.yaml"
    write_text_atomic(path, doc)
    specs = load_markets(path)
    assert [s.name for s in specs] == ["p0", "p1"]
    result = runner.invoke(app, ["market", "--input", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [m["case"] for m in json.loads(result.output)["markets"]] == ["p0", "p1"]
    bad = tmp_path / "bad.yaml"
    write_text_atomic(bad, doc.replace("composite_demand: -1.25", "composite_demand: 2"))
    with pytest.raises(DataErrors) as info:
        load_markets(bad)
    assert {p.field for p in info.value.problems} == {
        "products[0].elasticities.composite_demand",
        "products[1].elasticities.composite_demand",
    }


def test_cli_two_products_and_world_product() -> None:
    result = runner.invoke(
        app,
        [
            "market",
            "april-2025-licensing",
            "--product",
            "dysprosium-oxide",
            "--product",
            "magnet:ndfeb",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    markets = json.loads(result.output)["markets"]
    assert [m["product"] for m in markets] == ["oxide:Dy", "magnet:ndfeb"]
