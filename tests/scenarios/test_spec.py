"""Scenario files: validation messages, inheritance, parameters, overrides."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chokepoints.errors import DataError, DataErrors, NotFoundError
from chokepoints.scenarios import bundled_names, load_scenario, scenario_timeline

BUNDLED = ["backtest-2025", "breakthrough", "escalation", "lapse-2026", "status-quo"]


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_bundled_library_is_complete_and_valid() -> None:
    assert bundled_names() == BUNDLED
    for name in BUNDLED:
        s = load_scenario(name)
        scenario_timeline(s)  # overrides name existing measures
        assert s.runs == 100


def test_errors_name_file_field_and_value(tmp_path: Path) -> None:
    p = write(tmp_path, "bad.yaml", "name: bad\ntimeline: {cutoff: 2025-13-01}\nstart: 2025-01-01\n"
              "runs: 0\nassumptions: {inventory_days: {magnet: -3}}\nwhat: 1\n")  # fmt: skip
    with pytest.raises(DataErrors) as err:
        load_scenario(p)
    text = str(err.value)
    assert text.startswith(f"4 problem(s) found in scenario {p}:")
    assert f"{p}, field 'timeline.cutoff': '2025-13-01'" in text
    assert f"{p}, field 'runs': '0' is out of range (expected a number >= 1)" in text
    assert "inventory days for 'magnet' is -3.0 (expected >= 0)" in text
    assert f"{p}, field 'what': is not a known field" in text


def test_override_errors_name_the_entry(tmp_path: Path) -> None:
    p = write(tmp_path, "ov.yaml", "extends: status-quo\noverrides:\n"
              "  - {action: change, date: 2027-01-01, measures: [no-such-measure],"
              " approval_probability: 0.5}\n  - {action: suspend, date: 2027-01-01}\n")  # fmt: skip
    with pytest.raises(DataErrors) as err:
        load_scenario(p)
    # the second override lacks 'measures'; its position counts after the inherited ones
    assert "row 8, field 'overrides[#8]': a 'suspend' override needs 'measures' (ids)" in str(
        err.value
    )
    p.write_text(p.read_text().replace("  - {action: suspend, date: 2027-01-01}\n", ""))
    with pytest.raises(DataErrors) as err2:
        scenario_timeline(load_scenario(p))
    assert f"{p}, row 7, field 'overrides[#7].measures': 'no-such-measure' names no measure" in str(
        err2.value
    )


def test_unknown_bundled_name_suggests() -> None:
    with pytest.raises(NotFoundError, match="Did you mean 'status-quo'"):
        load_scenario("status-qou")


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        load_scenario(tmp_path / "nope.yaml")
    p = write(tmp_path, "y.yaml", "name: [unclosed\n")
    with pytest.raises(DataError, match="is not valid YAML"):
        load_scenario(p)


def test_extends_merges_assumptions_and_appends_overrides(tmp_path: Path) -> None:
    base = load_scenario("status-quo")
    p = write(tmp_path, "child.yaml", "extends: status-quo\nname: child\nseed: 5\n"
              "assumptions: {inventory_days: {sector: 3}, qualification_days: 60}\n"
              "overrides:\n  - {action: end, date: 2027-01-01, measures: [cn-mofcom-2025-18]}\n")  # fmt: skip
    s = load_scenario(p)
    assert s.name == "child" and s.extends == "status-quo" and s.seed == 5
    assert s.start == base.start and s.timeline == base.timeline
    assert s.assumptions.inventory_days["sector"] == 3
    # inherited from backtest-2025 through status-quo
    assert s.assumptions.inventory_days["component"] == base.assumptions.inventory_days["component"]
    assert s.assumptions.qualification_days == 60
    assert s.overrides[: len(base.overrides)] == base.overrides
    assert len(s.overrides) == len(base.overrides) + 1
    assert s.parameters == base.parameters
    assert s.content_hash() != base.content_hash()


def test_extends_cycle_and_unknown(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "extends: b.yaml\n")
    write(tmp_path, "b.yaml", "extends: a.yaml\n")
    with pytest.raises(DataError, match="extends itself"):
        load_scenario(tmp_path / "a.yaml")
    p = write(tmp_path, "c.yaml", "extends: no-such\n")
    with pytest.raises(DataError, match="field 'extends': 'no-such' names no scenario"):
        load_scenario(p)


def test_parameters_substitute_and_unknown_names(tmp_path: Path) -> None:
    s = load_scenario("backtest-2025", parameters={"review_days": 12.0})
    assert s.overrides[0].review_days == 12.0
    p = write(
        tmp_path, "p.yaml", "extends: backtest-2025\nassumptions: {qualification_days: '${nope}'}\n"
    )
    with pytest.raises(DataErrors, match="'\\${nope}' names no entry of 'parameters'"):
        load_scenario(p)


def test_change_override_splits_the_measure() -> None:
    tl = scenario_timeline(load_scenario("backtest-2025"))
    before = tl.regime(dt.date(2025, 5, 1), "magnet:ndfeb_hre", "CHN", "DEU").gate
    after = tl.regime(dt.date(2025, 7, 1), "magnet:ndfeb_hre", "CHN", "DEU").gate
    p = load_scenario("backtest-2025").parameters
    assert before.approval_probability == pytest.approx(p["approval_before_london"])
    assert after.approval_probability == pytest.approx(p["approval_after_london"])
    usa = tl.regime(dt.date(2025, 5, 1), "magnet:ndfeb", "CHN", "USA").gate
    assert usa.approval_probability == pytest.approx(
        p["approval_before_london"] * p["approval_factor_usa"]
    )


def test_hold_after_cutoff_and_escalation_ban() -> None:
    sq = scenario_timeline(load_scenario("status-quo"))
    day = dt.date(2027, 6, 1)
    # status quo: the No. 70 suspension is held, so the content rule stays paused
    assert sq.measure("cn-mofcom-gac-2025-70").end is None
    esc = scenario_timeline(load_scenario("escalation"))
    assert esc.regime(day, "magnet:ndfeb_hre", "CHN", "USA").gate.kind == "closed"
    fitted = load_scenario("backtest-2025").parameters  # slow: the fitted pre-London rate
    slow = esc.regime(day, "magnet:ndfeb_hre", "CHN", "DEU").gate.approval_probability
    assert slow == fitted["approval_before_london"] < fitted["approval_after_london"]
    lapse = scenario_timeline(load_scenario("lapse-2026"))
    names = {m.id for m in lapse.in_force(day, issuer="CHN")}
    assert "cn-mofcom-2025-61-content" in names
    assert "cn-mofcom-2025-61-content" not in {m.id for m in sq.in_force(day, issuer="CHN")}
