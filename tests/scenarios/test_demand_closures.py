"""Scenario assumptions of issue 12's recalibration: final demand per country
(``demand_factor_by_country``), dated capacity closures (``closures``) and the export
probes that follow the raised demand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from chokepoints.errors import ChokepointsError
from chokepoints.scenarios import load_scenario, run_scenario
from chokepoints.scenarios.runner import (
    add_export_probes,
    closure_shock,
    compile_scenario,
    demand_factor_by_country,
    demand_factors,
    scenario_world,
)


def _variant(small_scenario: Path, name: str, extra: str) -> Path:
    """The small scenario with ``extra`` lines added to its assumptions."""
    text = small_scenario.read_text(encoding="utf-8")
    text = text.replace("  review_delay: exponential\n", "  review_delay: exponential\n" + extra)
    out = small_scenario.with_name(name)
    out.write_text(text, encoding="utf-8")
    return out


def test_demand_factor_by_country_star_and_named(small_scenario: Path) -> None:
    path = _variant(small_scenario, "demand.yaml",
                    '  demand_factor_by_country: {"*": 1.2, AAA: 1.0}\n')  # fmt: skip
    sc = load_scenario(path)
    np.testing.assert_allclose(demand_factors(sc, np.array(["AAA", "CCC", "BBB"])), [1, 1.2, 1.2])
    base = compile_scenario(load_scenario(small_scenario)).compiled
    model = compile_scenario(sc).compiled
    want = base.final_demand * np.where(base.node_region == "AAA", 1.0, 1.2)
    np.testing.assert_allclose(model.final_demand, want)
    assert model.final_demand.sum() > base.final_demand.sum()  # CCC's EV demand is raised


def test_demand_factor_unknown_country_and_non_positive_refused(small_scenario: Path) -> None:
    path = _variant(small_scenario, "bad.yaml", "  demand_factor_by_country: {XYZ: 1.1}\n")
    with pytest.raises(ChokepointsError, match="XYZ"):
        scenario_world(load_scenario(path))
    path = _variant(small_scenario, "bad2.yaml", "  demand_factor_by_country: {CCC: 0}\n")
    with pytest.raises(ChokepointsError, match="expected > 0"):
        load_scenario(path)


def test_export_probe_capacity_follows_customer_demand(small_scenario: Path) -> None:
    path = _variant(small_scenario, "demand.yaml", '  demand_factor_by_country: {"*": 1.25}\n')
    sc = load_scenario(path)
    world = scenario_world(sc)
    probed = add_export_probes(world, origin="AAA", stage="oxide",
                               capacity_factor=demand_factor_by_country(sc, world))  # fmt: skip
    probe = probed.nodes.loc["AAA:oxide:NdPr>export>CCC:magnet:ndfeb"]
    assert probe["production_t_per_yr"] == pytest.approx(36.0)
    assert probe["capacity_t_per_yr"] == pytest.approx(45.0)  # 36 x 1.25
    assert not probe["rerouting_candidate"]
    plain = add_export_probes(world, origin="AAA", stage="oxide")
    assert plain.nodes.loc[probe.name, "capacity_t_per_yr"] == pytest.approx(36.0)


CLOSURE = ("  closures:\n    - {country: AAA, stage: oxide, start: 2025-01-11, end: 2025-01-20, "
           "share_lost: 0.8, recovery_days: 4}\n")  # fmt: skip


def test_closure_shock_days_depth_and_recovery(small_scenario: Path) -> None:
    sc = load_scenario(_variant(small_scenario, "closed.yaml", CLOSURE))
    model = compile_scenario(sc)
    shock = closure_shock(sc, model.compiled.node_region, model.node_stage)
    assert shock is not None
    ids = model.compiled.node_ids[shock.node_index].tolist()
    assert ids == ["AAA:oxide:NdPr"]  # only AAA's oxide node; AAA's ore is another stage
    d = shock.delta[:, 0]
    first = (dt.date(2025, 1, 11) - sc.sim_start).days
    assert d[first - 1] == 0.0 and d[first] == pytest.approx(0.8)
    assert d[first + 9] == pytest.approx(0.8)  # 20 January, the last closed day
    # linear recovery over 4 days: 0.6, 0.4, 0.2, then open
    np.testing.assert_allclose(d[first + 10 : first + 14], [0.6, 0.4, 0.2, 0.0])
    assert model.shock is not None


def test_closure_lowers_output_while_closed(small_scenario: Path) -> None:
    open_ = run_scenario(load_scenario(small_scenario), runs=2)
    closed = run_scenario(load_scenario(_variant(small_scenario, "closed.yaml", CLOSURE)), runs=2)
    day = np.datetime64("2025-01-15")
    a = open_["production"].sel(node="AAA:oxide:NdPr", time=day).values
    b = closed["production"].sel(node="AAA:oxide:NdPr", time=day).values
    assert (b < 0.5 * a).all()


def test_closure_checked(small_scenario: Path) -> None:
    bad = CLOSURE.replace("stage: oxide", "stage: smelting")
    with pytest.raises(ChokepointsError, match="smelting"):
        load_scenario(_variant(small_scenario, "bad.yaml", bad))
    bad = CLOSURE.replace("end: 2025-01-20", "end: 2025-01-01")
    with pytest.raises(ChokepointsError, match="before start"):
        load_scenario(_variant(small_scenario, "bad.yaml", bad))
    bad = CLOSURE.replace("country: AAA", "country: ZZZ")
    with pytest.raises(ChokepointsError, match="ZZZ"):
        scenario_world(load_scenario(_variant(small_scenario, "bad.yaml", bad)))


def test_bundled_backtest_closes_chinese_magnet_makers_on_spring_festival() -> None:
    sc = load_scenario("backtest-2025")
    assert [(c.start, c.end) for c in sc.assumptions.closures] == [
        (dt.date(2025, 1, 28), dt.date(2025, 2, 4)),  # State Council notice for 2025
        (dt.date(2026, 2, 15), dt.date(2026, 2, 23)),  # State Council notice for 2026
    ]
    model = compile_scenario(sc)
    shock = model.shock
    assert shock is not None
    hit = model.compiled.node_ids[shock.node_index]
    assert all(str(n).startswith("CHN:") for n in hit)
    assert set(model.node_stage[shock.node_index]) == {"magnet"}
    share = sc.parameters["spring_festival_share_lost"]
    day = (dt.date(2025, 1, 28) - sc.sim_start).days
    np.testing.assert_allclose(shock.delta[day], share)
    assert not shock.delta[day - 1].any() and not shock.delta[day + 8].any()
    # foreign demand is raised by the calibrated factor, China's is not
    f = demand_factors(sc, np.array(["CHN", "USA", "DEU"]))
    np.testing.assert_allclose(f, [1.0, *[sc.parameters["demand_growth_2025"]] * 2])


def test_closure_accepts_a_region_of_the_world(small_scenario: Path) -> None:
    """A closure names any country or region the world has (not only 3-letter codes)."""
    sc = load_scenario(_variant(small_scenario, "eu.yaml", CLOSURE.replace("AAA", "EU27")))
    assert sc.assumptions.closures[0].country == "EU27"
    with pytest.raises(ChokepointsError, match="EU27"):  # the small world has no EU27
        scenario_world(sc)


def test_oxide_factor_matches_the_derived_approval_at_the_posterior_median() -> None:
    """`approval_factor_oxide_after_london` is maintained by hand after each calibration:
    factor x approval_after_london (posterior median) must stay the derived 0.40."""
    p = load_scenario("backtest-2025").parameters
    oxide = p["approval_factor_oxide_after_london"] * p["approval_after_london"]
    assert oxide == pytest.approx(0.40, abs=0.005)
