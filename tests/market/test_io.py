"""Market input files: the bundled cases load; bad input names file, line and field."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chokepoints.atomic import write_text_atomic
from chokepoints.engines.market import linear_world_price_change, simulate_market
from chokepoints.errors import DataError, DataErrors, NotFoundError
from chokepoints.market.io import (
    builtin_markets,
    builtin_scenarios,
    example_path,
    load_builtin_market,
    load_market,
)

GOOD = """\
name: tiny
product: widget
value_unit: USD per year
regions: [A, B, C]
baseline_value:
  A: [10, 2, 1]
  B: [3, 12, 0]
  C: [0, 1, 8]
elasticities:
  substitution: 4
  composite_demand: {A: -1.0, default: -0.5}
  export_supply: 2
initial:
  import_tariffs:
    - {exporter: "*", importer: B, rate: 0.1}
new:
  import_tariffs:
    - {exporter: A, importer: B, rate: 0.0}
  export_taxes:
    - {exporter: C, importer: "*", rate: 0.05}
  licences:
    - {exporter: A, importer: "*", approved_share: 0.5}
  bans:
    - {exporter: B, importer: A}
"""


def write(tmp_path: Path, text: str) -> Path:
    return write_text_atomic(tmp_path / "market.yaml", text)


def test_good_file_compiles(tmp_path: Path) -> None:
    spec = load_market(write(tmp_path, GOOD))
    assert spec.regions == ("A", "B", "C")
    assert spec.tariff0[0, 1] == 0.1 and spec.tariff0[2, 1] == 0.1 and spec.tariff0[1, 1] == 0
    assert spec.tariff1[0, 1] == 0.0 and spec.tariff1[2, 1] == 0.1
    np.testing.assert_array_equal(spec.export_tax1[2], [0.05, 0.05, 0.0])
    np.testing.assert_array_equal(spec.composite_demand, [-1.0, -0.5, -0.5])
    assert spec.quota_share[0, 1] == 0.5 and spec.quota_share[0, 0] == np.inf
    assert spec.quota_share[1, 0] == 0.0
    assert spec.measure_kind[1, 0] == "ban" and spec.measure_kind[0, 2] == "licence"
    ds = simulate_market(spec)
    assert float(ds["quantity_new"].sel(exporter="B", importer="A")) == 0.0


def test_bad_file_reports_every_problem_with_line_and_field(tmp_path: Path) -> None:
    bad = (
        GOOD.replace("composite_demand: {A: -1.0, default: -0.5}", "composite_demand: 0.7")
        .replace("C: [0, 1, 8]", "C: [0, 1]")
        .replace("{exporter: B, importer: A}", "{exporter: B, importer: USA}")
    )
    with pytest.raises(DataErrors) as info:
        load_market(write(tmp_path, bad))
    msg = str(info.value)
    assert "3 problem(s) found in market.yaml" in msg
    assert "market.yaml, row 8, field 'baseline_value.C': '2' must be a list of 3 numbers" in msg
    assert "row 11, field 'elasticities.composite_demand': '0.7' must be <= 0" in msg
    assert "field 'new.bans[0].importer': 'USA' is not a region" in msg
    rows = {p.row for p in info.value.problems}
    assert None not in rows


def test_unknown_key_and_missing_elasticity(tmp_path: Path) -> None:
    bad = GOOD.replace("  export_supply: 2\n", "").replace("name: tiny", "nmae: tiny")
    with pytest.raises(DataErrors) as info:
        load_market(write(tmp_path, bad))
    fields = {p.field for p in info.value.problems}
    assert {"nmae", "elasticities.export_supply"} <= fields


def test_invalid_yaml_names_line(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        load_market(write(tmp_path, "regions: [A, B\nbaseline_value: {"))
    assert "market.yaml" in str(info.value) and "not valid YAML" in str(info.value)


def test_missing_file() -> None:
    with pytest.raises(DataError, match="does not exist"):
        load_market("/nonexistent/market.yaml")


def test_builtins_listed_and_load() -> None:
    assert {"dysprosium-oxide", "terbium-oxide"} <= set(builtin_markets())
    assert "april-2025-licensing" in builtin_scenarios()
    for product in builtin_markets():
        for scenario in builtin_scenarios():
            spec = load_builtin_market(product, scenario)
            assert spec.value0.sum() > 0
            assert spec.citations  # every bundled market cites its elasticities


def test_unknown_builtin_suggests_near_match() -> None:
    with pytest.raises(NotFoundError, match="Did you mean 'dysprosium-oxide'"):
        load_builtin_market("dysprosium-oxyde")
    with pytest.raises(NotFoundError, match="april-2025-licensing"):
        load_builtin_market("dysprosium-oxide", "april-2025-licensing-x")


def test_no_measures_scenario_changes_nothing() -> None:
    ds = simulate_market(load_builtin_market("dysprosium-oxide", "no-measures"))
    np.testing.assert_allclose(ds["price_index_ratio"].values, 1.0)
    np.testing.assert_allclose(ds["welfare_change"].values, 0.0, atol=1e-9)


def test_gsim_example_file_reproduces_reported_prices() -> None:
    spec = load_market(example_path())
    x = linear_world_price_change(spec)
    np.testing.assert_array_equal(np.round(x.values, 4), [0.0792, -0.0316, 0.0480, -0.0184])


def test_elasticity_override_and_scaling() -> None:
    spec = load_builtin_market("dysprosium-oxide", "april-2025-licensing")
    s2 = spec.with_elasticity("composite_demand", -0.5, "EUR")
    ds = simulate_market(s2)
    assert float(ds["price_index_ratio"].sel(region="EUR")) == pytest.approx(0.26**-2, rel=1e-9)
    with pytest.raises(ValueError, match="unknown elasticity group"):
        spec.with_elasticities(supply=2.0)


def test_total_scope_quota_is_one_group_with_common_rent(tmp_path: Path) -> None:
    text = GOOD.replace(
        '  licences:\n    - {exporter: A, importer: "*", approved_share: 0.5}\n',
        '  quotas:\n    - {exporter: A, importer: "*", share_of_baseline: 0.5, scope: total}\n',
    )
    spec = load_market(write(tmp_path, text))
    ((mask, cap),) = spec.quota_groups
    assert mask[0, 1] and mask[0, 2] and not mask[0, 0]
    assert cap == pytest.approx(0.5 * 3.0)
    ds = simulate_market(spec)
    q = ds["quantity_new"].sel(exporter="A")
    assert float(q.sel(importer="B") + q.sel(importer="C")) == pytest.approx(1.5, rel=1e-9)
    r = ds["rent_rate"].sel(exporter="A")
    assert float(r.sel(importer="B")) == pytest.approx(float(r.sel(importer="C")), rel=1e-9)
    assert str(ds["cap_kind"].sel(exporter="A", importer="B").values) == "quota (total)"


def test_overlapping_caps_and_bad_scope_are_reported(tmp_path: Path) -> None:
    text = GOOD.replace(
        "  bans:\n",
        "  quotas:\n    - {exporter: A, importer: B, share_of_baseline: 0.2, scope: total}\n"
        "    - {exporter: A, importer: C, share_of_baseline: 0.2, scope: every}\n  bans:\n",
    )
    with pytest.raises(DataErrors) as info:
        load_market(write(tmp_path, text))
    reasons = {(p.field, p.reason.split(" (")[0]) for p in info.value.problems}
    assert (
        "new.quotas[0]",
        "caps flows that another quota, licence or ban already caps",
    ) in reasons
    assert ("new.quotas[1].scope", "is not a cap scope") in reasons
