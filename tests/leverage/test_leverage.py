"""Leverage data, pain matrix, plausibility numbers and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chokepoints.leverage import data, pain


def test_bundled_goods_are_sourced_and_name_timeline_measures() -> None:
    goods = data.load_goods()
    assert {g.good for g in goods} == {
        "advanced_chips", "chipmaking_equipment", "eda_software", "aircraft_engines_parts", "ethane",
    }  # fmt: skip
    ids = {m.id for m in pain.base_timeline().measures}
    for g in goods:
        assert g.value_usd_per_yr > 0 and g.source.startswith("https://")
        assert g.measures and set(g.measures) <= ids, g.good
    ethane = next(g for g in goods if g.good == "ethane")
    # 227,000 bbl/d x 365 x 42 gal x 0.1902 US$/gal
    assert ethane.value_usd_per_yr == pytest.approx(227_000 * 365 * 42 * 0.1902, rel=1e-3)
    ass = data.load_assumptions()
    for g in goods:
        assert f"share_at_risk:{g.good}" in ass
    assert data.load_bilateral()[("CHN", "USA")] == pytest.approx(439e9)


def test_us_countermeasures_of_2025_are_on_the_timeline() -> None:
    tl = pain.base_timeline()
    days = [dt.date(2025, 5, 1) + dt.timedelta(days=i) for i in range(120)]
    # EDA letters 23 May, lifted 2 July -> in force 23 May .. 1 July = 40 days
    assert pain.days_in_force(tl, ("us-bis-2025-eda-licence",), days) == 40
    # Affiliates rule suspended from 10 Nov 2025 (Busan)
    aff = next(m for m in tl.measures if m.id == "us-bis-2025-affiliates-rule")
    assert tl.suspended_by(aff, dt.date(2025, 12, 1)) is not None
    assert tl.suspended_by(aff, dt.date(2025, 10, 15)) is None


def test_tariff_rates_follow_the_timeline() -> None:
    tl = pain.base_timeline()
    r = pain.tariff_rates(tl, "CHN", "USA", [dt.date(2025, 4, 15), dt.date(2025, 6, 1)])
    assert list(r) == pytest.approx([1.45, 0.30])


def _fake_re(value: float) -> pain.LeverPain:
    return pain.LeverPain("cn-rare-earths", (value, value, value), (value, value, value))


@pytest.fixture
def no_dynamics(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand-in for the dynamics run: 1 bn US$ of magnets in escalation, 0 otherwise."""

    def fake(
        scenario: object, runs: int, mult: float | None = None, **kw: object
    ) -> pain.LeverPain:
        v = 1e9 if getattr(scenario, "name", "") == "escalation" else 0.0
        lp = _fake_re(v)
        va = pain._scale(lp.to_owner, 2.0)  # US value added: twice the magnet value
        to_us = va if mult is None else pain._scale(lp.to_owner, mult)
        return pain.LeverPain(lp.lever, to_us, lp.to_owner, {"us_value_added_lost_usd": va})

    monkeypatch.setattr(pain, "rare_earth_lever", fake)


def matrix_of(levers: list[dict[str, object]]) -> dict[str, dict[str, list[float]]]:
    """The pain matrix of JSON lever rows (as pain.matrix does on LeverPain objects)."""
    lps = [
        pain.LeverPain(
            str(d["lever"]),
            tuple(d["pain_to_target_usd"]),  # type: ignore[arg-type]
            tuple(d["pain_to_owner_usd"]),  # type: ignore[arg-type]
        )
        for d in levers
    ]
    return {p: {k: list(v) for k, v in r.items()} for p, r in pain.matrix(lps).items()}


def test_report_matrix_and_bargain(no_dynamics: None) -> None:
    rep = pain.leverage_report(["status-quo"], runs=1)
    s = rep["scenarios"][0]
    levers = {lp["lever"]: lp for lp in s["levers"]}
    # the standing chip/SME rules are in force all year; the 2025 countermeasures are not
    assert levers["us-chips-sme"]["days_in_force"] == 365
    assert levers["us-eda"]["days_in_force"] == 0
    # chips 15.3 bn x 0.5 + tools 14.4 bn x 0.5 (central shares), for a full year
    chips = levers["us-chips-sme"]
    assert chips["trade_value_to_target_usd"][1] == pytest.approx(14.85e9)
    # value-added basis: each good's lost trade x the Chinese user's VA per US$ of input
    by = chips["by_good"]
    va = sum(g["trade_lost_usd"][1] * g["value_added_per_usd_input"][1] for g in by.values())
    assert chips["pain_to_target_usd"][1] == pytest.approx(va)
    assert chips["value_added_to_target_usd"] == pytest.approx(chips["pain_to_target_usd"])
    # US exporters lose only the value added of the sales (share of output < 1)
    assert 0 < chips["pain_to_owner_usd"][1] < chips["trade_value_to_owner_usd"][1]
    m = s["matrix_usd"]
    assert m["CHN"]["other_controls"][1] == pytest.approx(chips["pain_to_target_usd"][1])
    assert m["USA"]["own_controls"][1] == pytest.approx(chips["pain_to_owner_usd"][1])
    b = s["bargaining"]
    tb = rep["breakdown"]["total_pain_usd"]
    assert b["gain_usd"]["USA"][1] == pytest.approx(tb["USA"][1] - s["total_pain_usd"]["USA"][1])
    assert (
        b["nash_transfer_band_usd"][0]
        <= b["nash_transfer_usa_to_chn_usd"]
        <= b["nash_transfer_band_usd"][1]
    )
    for p in ("USA", "CHN"):
        lo, mid, hi = b["gain_usd"][p]
        assert lo <= mid <= hi
    # own retaliation is costed: the peak tariffs' deadweight loss at breakdown
    bd = {lp["lever"]: lp for lp in rep["breakdown"]["levers"]}
    for lever in ("us-tariffs", "cn-tariffs"):
        lo, mid, hi = bd[lever]["pain_to_owner_usd"]
        assert 0 < lo <= mid <= hi < bd[lever]["trade_value_to_target_usd"][2]
        # on the value-added basis the exporter loses the VA share of its lost sales
        k = bd[lever]["exporter_value_added_share"]
        assert 0 < k < 1
        assert bd[lever]["pain_to_target_usd"][1] == pytest.approx(
            k * bd[lever]["trade_value_to_target_usd"][1]
        )
    bm = {p: row["own_tariffs"][1] for p, row in matrix_of(rep["breakdown"]["levers"]).items()}
    assert bm["USA"] == pytest.approx(bd["us-tariffs"]["pain_to_owner_usd"][1])
    assert m["USA"]["own_tariffs"][1] == 0.0  # no US tariff in force in status-quo
    top = b["concessions"][0]
    assert top["lever"] == "us-tariffs"  # 145% on 439 bn dwarfs every control
    pl = rep["plausibility_2025"]
    assert pl["rare_earth_concession_magnet_value_usd"] == pytest.approx(1e9)
    assert pl["rare_earth_concession_us_value_added_usd"] == pytest.approx(2e9)
    assert rep["rare_earth_valuation"] == "value added"
    # by default the US's rare-earth pain at breakdown is the value added, not magnet value
    bd = {lp["lever"]: lp for lp in rep["breakdown"]["levers"]}
    assert bd["cn-rare-earths"]["pain_to_target_usd"][1] == pytest.approx(2e9)
    # London: EDA 1.537 + ethane 0.662 x 0.9 + engines 5.53 x 0.25 (bn, central)
    london = 1.537e9 + 0.662e9 * 0.9 + 5.53e9 * 0.25
    assert pl["london"]["us_gave_value_to_china_usd"] == pytest.approx(london, rel=1e-3)
    assert pl["london"]["breakeven_multiplier"] == pytest.approx(london / 1e9, rel=1e-3)
    busan = pl["busan"]
    assert 0 < busan["us_own_deadweight_loss_recovered_usd"] < busan["us_gave_value_to_china_usd"]
    assert busan["us_net_cost_per_us_value_added_saved"] < busan["us_gave_per_us_value_added_saved"]
    assert pl["london"]["us_gave_per_us_value_added_saved"] == pytest.approx(london / 2e9, rel=1e-3)
    # one basis: the Chinese value added the London lifts restore, per US$ of US VA saved
    cn_va = sum(bd[k]["value_added_to_target_usd"][1] for k in ("us-eda", "us-ethane", "us-aero"))
    assert pl["london"]["china_value_added_gained_usd"] == pytest.approx(cn_va)
    assert pl["london"]["china_value_added_gained_per_us_value_added_saved"] == pytest.approx(
        cn_va / 2e9
    )
    k = bd["us-tariffs"]["exporter_value_added_share"]
    assert busan["china_value_added_gained_usd"] == pytest.approx(
        k * busan["us_gave_value_to_china_usd"]
    )


def test_basis_and_multiplier_decide_whether_controls_move_the_bargain(
    no_dynamics: None,
) -> None:
    def shifts(**kw: object) -> dict[str, float]:
        rep = pain.leverage_report(["status-quo"], runs=1, **kw)  # type: ignore[arg-type]
        return {
            c["lever"]: c["transfer_shift_usd"]
            for c in rep["scenarios"][0]["bargaining"]["concessions"]
        }

    trade, ten, va = shifts(basis="trade"), shifts(multiplier=10.0), shifts()
    # trade basis: China loses what US exporters lose, pure mutual harm
    assert trade["us-eda"] == pytest.approx(0.0, abs=1.0)
    assert ten["us-eda"] > 1e9  # China's pain from EDA now exceeds US lost sales
    # value-added basis: a Chinese designer loses more value added per US$ of EDA than
    # the US vendor earns on it, so lifting EDA moves the transfer towards China
    assert va["us-eda"] > 1e9
    with pytest.raises(ValueError, match="basis"):
        pain.leverage_report(["status-quo"], runs=1, basis="gdp")


def test_cli_table_and_report(no_dynamics: None, tmp_path: Path) -> None:
    from chokepoints.cli import app

    runner = CliRunner()
    out = tmp_path / "lev.html"
    res = runner.invoke(app, ["leverage", "status-quo", "--runs", "1", "--report", str(out)])
    assert res.exit_code == 0, res.output
    assert "Nash transfer" in res.output and "break-even multiplier" in res.output
    assert "by using industry: CHN c14" in res.output
    page = out.read_text()
    assert page.startswith('<section class="leverage">')
    assert "Chinese value added lost" in page and "CHN c14" in page  # the network table
    bad = runner.invoke(app, ["leverage", "status-quo", "--beta", "2"])
    assert bad.exit_code != 0 and "beta" in bad.output


def test_cli_json_is_the_report(no_dynamics: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from chokepoints.cli import app

    calls: list[tuple[list[str], int]] = []

    def fake_report(names: list[str], **kw: object) -> dict[str, object]:
        calls.append((names, int(kw["runs"])))  # type: ignore[call-overload]
        return {"scenarios": [{"scenario": names[0], "x": 1.23456}]}

    monkeypatch.setattr(pain, "leverage_report", fake_report)
    res = CliRunner().invoke(app, ["leverage", "lapse-2026", "--format", "json", "--runs", "3"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["scenarios"][0] == {"scenario": "lapse-2026", "x": 1.235}
    assert calls == [(["lapse-2026"], 3)]


def test_real_dynamics_run_values_lost_us_output() -> None:
    from chokepoints.scenarios import load_scenario

    lp = pain.rare_earth_lever(load_scenario("escalation"), runs=2)
    assert lp.detail["magnet_price_usd_per_t"] > 0
    lo, mid, hi = lp.detail["lost_output_t"]
    assert 0 < lo <= mid <= hi  # the US-bound ban costs US sectors output
    price = lp.detail["magnet_price_usd_per_t"]
    assert lp.detail["magnet_value_us_usd"][1] == pytest.approx(mid * price)
    # China's own pain: the magnets it no longer sells anywhere outside China
    abroad = lp.detail["lost_output_abroad_t"][1]
    assert lp.detail["trade_value_to_owner_usd"][1] == pytest.approx(abroad * price)
    # on the value-added basis: x the value-added share of China's metal products (c12)
    from chokepoints.leverage.valuation import MAGNET_INDUSTRY, va_share

    assert lp.to_owner[1] == pytest.approx(abroad * price * va_share(*MAGNET_INDUSTRY))
    assert abroad >= mid
    # the US side's pain: direct value added of the EVs and wind not made, far above the
    # magnet value of the same tonnes (US$ 7 m of EV value added per t of magnet)
    va = lp.detail["us_value_added_lost_usd"]
    assert lp.to_target == pytest.approx(tuple(va))
    assert va[1] > 10 * lp.to_owner[1] > 0


def test_run_adds_the_leverage_section_only_when_asked(no_dynamics: None, tmp_path: Path) -> None:
    from chokepoints.cli import app

    runner = CliRunner()
    base = ["run", "status-quo", "--runs", "1", "--no-backtest", "--format", "json"]
    res = runner.invoke(app, [*base, "--out", str(tmp_path / "a"), "--leverage"])
    assert res.exit_code == 0, res.output
    page = (tmp_path / "a" / "report.html").read_text()
    assert '<section class="leverage">' in page and "Nash transfer" in page
    assert page.index('<section class="leverage">') < page.index("Reproduce:")
    res = runner.invoke(app, [*base, "--out", str(tmp_path / "b")])
    assert res.exit_code == 0, res.output
    assert 'class="leverage"' not in (tmp_path / "b" / "report.html").read_text()


def test_economy_wide_valuation_uses_the_us_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """--economy-wide: the USA row of economy_losses (band sorted), not the world total."""
    import chokepoints.economy.losses as losses
    from chokepoints.scenarios import load_scenario

    def fake_econ(ds: object, **kw: object) -> dict[str, object]:
        band = {"p05": 300.0, "median": 500.0, "p95": 400.0}  # US$ m, unordered
        return {"by_region": [{"region": "CHN", "lost_value_added_usd_m": band},
                              {"region": "USA", "lost_value_added_usd_m": band}]}  # fmt: skip

    monkeypatch.setattr(losses, "economy_losses", fake_econ)
    lp = pain.rare_earth_lever(load_scenario("escalation"), runs=1, economy_wide=True)
    assert lp.to_target == pytest.approx((300e6, 500e6, 500e6))
    assert lp.detail["us_value_added_economy_wide_usd"] == pytest.approx([300e6, 500e6, 500e6])
    assert "economy-wide" in lp.detail["valuation"]


def test_breakdown_variants_change_one_thing_each() -> None:
    from chokepoints.scenarios import load_scenario, scenario_timeline

    bd = load_scenario(pain.BREAKDOWN_SCENARIO)
    ids = {m.id for m in scenario_timeline(bd).measures}
    assert "escalation-usa-ban" in ids
    no_ban = pain.breakdown_variant(bd, "cn-re-lift-us-ban")
    assert len(no_ban.overrides) == len(bd.overrides) - 1
    assert "escalation-usa-ban" not in {m.id for m in scenario_timeline(no_ban).measures}
    held = pain.breakdown_variant(bd, "cn-re-suspend-october")
    assert len(held.overrides) == len(bd.overrides) - 1
    assert not any(o.action == "end" and "cn-mofcom-gac-2025-70" in o.measures
                   for o in held.overrides)  # fmt: skip
    gl = pain.breakdown_variant(bd, "cn-re-general-licences")
    last = gl.overrides[-1]
    assert last.action == "change" and last.approval_probability == 1.0
    assert last.date >= bd.start and len(gl.overrides) == len(bd.overrides) + 1
    day = last.date + dt.timedelta(days=30)
    no18 = [m for m in scenario_timeline(gl).measures if m.id.startswith("cn-mofcom-2025-18")]
    live = [m for m in no18 if m.active_between(day)]
    assert live and all(m.parameters.approval_probability == 1.0 for m in live)
    assert {held.content_hash(), gl.content_hash(), no_ban.content_hash()}.isdisjoint(
        {bd.content_hash()}
    )
    with pytest.raises(ValueError, match="unknown"):
        pain.breakdown_variant(bd, "cn-re-everything")


def test_rare_earth_parts_and_nash_grid(no_dynamics: None) -> None:
    rep = pain.leverage_report(["status-quo", "escalation"], runs=1, solution="nash-grid")
    conc = rep["scenarios"][0]["bargaining"]["concessions"]
    parts = {c["lever"]: c for c in conc if c.get("part_of") == "cn-rare-earths"}
    assert set(parts) == set(pain.RE_CONCESSIONS)
    whole = next(c for c in conc if c["lever"] == "cn-rare-earths")
    for c in parts.values():  # each part is at most the whole lever (here: all of it)
        assert c["conceded_by"] == "CHN"
        assert 0 <= c["value_to_other_usd"] <= whole["value_to_other_usd"] + 1.0
    ng = rep["nash_grid"]
    assert [d["scenario"] for d in ng["deals"]] == ["status-quo", "escalation"]
    best = max(
        (d for d in ng["deals"] if d["individually_rational"]),
        key=lambda d: d["nash_product_usd"],
    )
    assert ng["solution"] == best["scenario"]
    g = best["gain_usd"]
    assert ng["nash_product_usd"] == pytest.approx((g["USA"] * g["CHN"]) ** 0.5)
    assert "nash_grid" not in pain.leverage_report(["status-quo"], runs=1)
    from chokepoints.cli import app

    res = CliRunner().invoke(
        app, ["leverage", "status-quo", "escalation", "--runs", "1", "--solution", "nash-grid"]
    )
    assert res.exit_code == 0, res.output
    assert "non-TU Nash solution" in res.output and f"solution: {ng['solution']}" in res.output
    bad = CliRunner().invoke(app, ["leverage", "status-quo", "--solution", "kalai"])
    assert bad.exit_code != 0 and "solution" in bad.output


def test_dependence_network_sums_its_flows(no_dynamics: None) -> None:
    rep = pain.leverage_report(["status-quo"], runs=1)
    s = rep["scenarios"][0]
    net = s["dependence_network"]
    users = {n["id"] for n in net["nodes"] if n["role"] == "chinese user"}
    assert users == {"CHN c14", "CHN c15", "CHN c9"}
    assert {e["good"] for e in net["edges"]} == {g.good for g in pain.load_goods()}
    for e in net["edges"]:
        assert e["to"] in users and e["from"].startswith("USA ")
    # the edges into Chinese users add up to the US controls' pain to China
    total = sum(v[1] for v in net["by_chinese_industry_usd"].values())
    assert total == pytest.approx(s["matrix_usd"]["CHN"]["other_controls"][1])
    # status-quo: only the standing chip/SME rules are in force, so only c14 hurts
    assert net["by_chinese_industry_usd"]["CHN c15"][1] == 0.0
    assert net["by_chinese_industry_usd"]["CHN c14"][1] > 0
