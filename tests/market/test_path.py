"""The market driven by a scenario: one equilibrium per month from the measures in force."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from typer.testing import CliRunner

from chokepoints.cli import app
from chokepoints.errors import NotFoundError
from chokepoints.market.io import load_builtin_market
from chokepoints.market.path import market_path, policy_region, shippable_share
from chokepoints.policy.gates import CLOSED, LICENCE, OPEN
from chokepoints.scenarios.spec import bundled_names, load_scenario

runner = CliRunner()


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_scenario_gives_a_monthly_path(name: str) -> None:
    spec = load_scenario(name)
    ds = market_path(spec, "dysprosium-oxide")
    months = ds["month"].values
    assert months[0] == np.datetime64(spec.start.replace(day=1), "D")
    assert int(ds["days"].sum()) == spec.horizon_days
    assert ds["price_index_ratio"].dims == ("month", "region")
    assert ds["price_index_ratio"].attrs["units"] == "1"
    assert ds["quantity_new"].attrs["units"].startswith(ds.attrs["value_unit"])
    # China is the only source and its supply is flat: its own price never moves
    assert np.allclose(ds["price_index_ratio"].sel(region="CHN"), 1.0)
    assert ds.attrs["scenario"] == name and ds.attrs["baseline_date"] == "2025-04-03"


def test_backtest_licence_months_follow_the_fitted_approval() -> None:
    """With one flat-supply source, a binding cap s gives the price ratio s ** (1 / E_m)."""
    spec = load_scenario("backtest-2025")
    ds = market_path(spec, "dysprosium-oxide")
    eta = float(load_builtin_market("dysprosium-oxide").composite_demand[1])  # EUR
    may = ds.sel(month="2025-05-01")
    share = spec.parameters["approval_before_london"]
    # the licence requirement starts on 4 April and nothing ships until the first reviews
    # (the fitted mean review days) are through; from then on the cap is the approval
    # rate. May's cap is its mean daily share: with reviews over 27 days some of May is
    # still at 0 (29.8 days at the third recalibration: the first reviews end on 3 May)
    review = float(spec.parameters["review_days"])
    start = dt.date(2025, 4, 4)
    may_days = [dt.date(2025, 5, d) for d in range(1, 32)]
    cap = share * sum((d - start).days >= review for d in may_days) / len(may_days)
    assert float(may["cap_share"].sel(exporter="CHN", importer="EUR")) == pytest.approx(cap)
    assert float(may["price_index_ratio"].sel(region="EUR")) == pytest.approx(
        cap ** (1.0 / eta), rel=1e-6
    )
    # April: the regime starts on the 4th and nothing ships until the first reviews are
    # through, so April's cap is tighter than May's and its price higher
    april = ds.sel(month="2025-04-01")
    assert float(april["cap_share"].sel(exporter="CHN", importer="EUR")) < share
    assert float(april["price_index_ratio"].sel(region="EUR")) > float(
        may["price_index_ratio"].sel(region="EUR")
    )
    # before No. 18 nothing is capped
    march = ds.sel(month="2025-03-01")
    assert np.allclose(march["cap_share"].sel(exporter="CHN").dropna("importer"), 1.0)


def test_escalation_bans_us_supply_and_raises_prices() -> None:
    esc = market_path(load_scenario("escalation"), "dysprosium-oxide")
    sq = market_path(load_scenario("status-quo"), "dysprosium-oxide")
    nov, jan = "2026-11-01", "2027-01-01"
    # same measures until the escalation date (1 Dec 2026)
    assert np.allclose(
        esc["price_index_ratio"].sel(month=nov), sq["price_index_ratio"].sel(month=nov)
    )
    after = esc.sel(month=jan)
    assert float(after["cap_share"].sel(exporter="CHN", importer="USA")) == 0.0
    assert float(after["quantity_new"].sel(exporter="CHN", importer="USA")) == 0.0
    assert not np.isfinite(float(after["price_index_ratio"].sel(region="USA")))  # no supply
    for r in ("EUR", "JPN", "ROW"):
        assert float(after["price_index_ratio"].sel(region=r)) > float(
            sq["price_index_ratio"].sel(month=jan, region=r)
        )
    ref = after["reference_price_new"].sel(region="EUR")
    assert float(ref) > float(esc["reference_price"].sel(region="EUR"))


def test_tariffs_scale_the_baseline_wedge() -> None:
    """Uncapped, one flat-supply source: the buyer price moves with (1 + t) / (1 + t_base)."""
    ds = market_path(load_scenario("backtest-2025"), "dysprosium-oxide")
    # the months before No. 18 (January-March 2025) have no cap; US tariffs on Chinese
    # goods rose then (10% from February, 20% from March, as on the baseline date)
    free = ds["cap_share"].sel(exporter="CHN", importer="USA").values == 1.0
    uncapped = ds.isel(month=np.flatnonzero(free))
    assert uncapped.sizes["month"] >= 3
    t = uncapped["tariff"].sel(exporter="CHN", importer="USA")
    t0 = float(ds["tariff_on_baseline_date"].sel(exporter="CHN", importer="USA"))
    assert float(t.min()) < t0  # the path does move with the tariff
    np.testing.assert_allclose(
        uncapped["price_index_ratio"].sel(region="USA"), (1 + t) / (1 + t0), rtol=1e-9
    )


def test_world_product_market_runs_from_a_scenario() -> None:
    ds = market_path(load_scenario("status-quo"), "magnet:ndfeb_hre")
    assert ds.sizes["month"] == 12
    assert "CHN" in ds["region"].values
    assert np.isfinite(ds["price_index_ratio"].sel(region="CHN")).all()


def test_content_rule_caps_foreign_magnets_in_the_lapse() -> None:
    """No. 61's content rule reaches the market: Japanese Dy/Tb magnets to the US."""
    lapse = market_path(load_scenario("lapse-2026"), "magnet:ndfeb_hre")
    held = market_path(load_scenario("status-quo"), "magnet:ndfeb_hre")
    flow = {"exporter": "JPN", "importer": "USA"}
    jan = "2027-01-01"
    assert float(lapse["cap_share"].sel(month=jan, **flow)) < 1.0
    assert float(held["cap_share"].sel(month=jan, **flow)) == 1.0
    assert float(lapse["price_index_ratio"].sel(month=jan, region="USA")) > float(
        held["price_index_ratio"].sel(month=jan, region="USA")
    )
    # China's own exports are not under its content rule: their caps agree
    for j in ("USA", "EU27", "JPN"):
        a = float(lapse["cap_share"].sel(month=jan, exporter="CHN", importer=j))
        b = float(held["cap_share"].sel(month=jan, exporter="CHN", importer=j))
        assert a == pytest.approx(b)


def test_shippable_share_rules() -> None:
    kind = np.array([[OPEN], [LICENCE], [LICENCE], [LICENCE], [CLOSED], [LICENCE]])
    approval = np.array([[1.0], [0.5], [0.5], [0.5], [0.0], [0.5]])
    review = np.array([[0.0], [2.0], [2.0], [2.0], [0.0], [2.0]])
    s = shippable_share(kind, approval, review)[:, 0]
    # open 1; licence: nothing until 2 days of review have passed, then the approval
    # probability; a ban 0; a licence spell after a ban waits again
    assert s.tolist() == [1.0, 0.0, 0.0, 0.5, 0.0, 0.0]
    # a licence already in force on the first day is taken as started earlier
    assert shippable_share(kind[1:], approval[1:], review[1:])[0, 0] == 0.5


def test_market_regions_map_to_policy_regions() -> None:
    assert policy_region("EUR") == "EU27" and policy_region("USA") == "USA"
    with pytest.raises(NotFoundError, match="country code"):
        policy_region("US")


def test_cli_market_scenario_json_and_old_cases() -> None:
    out = runner.invoke(app, ["market", "escalation", "--product", "dysprosium-oxide",
                              "--format", "json"])  # fmt: skip
    assert out.exit_code == 0, out.output
    res = json.loads(out.stdout)
    assert res["scenario"] == "escalation" and len(res["months"]) == 12
    jan = next(m for m in res["months"] if m["month"] == "2027-01")
    usa = next(r for r in jan["regions"] if r["region"] == "USA")
    assert usa["price_index_ratio"] == "inf"
    flow = next(f for f in jan["flows"] if f["importer"] == "USA")
    assert flow["cap_share"] == 0.0 and flow["new_volume"] == 0.0
    csv_out = runner.invoke(app, ["market", "status-quo", "--product", "dysprosium-oxide",
                                  "--format", "csv"])  # fmt: skip
    assert csv_out.exit_code == 0
    lines = csv_out.stdout.splitlines()
    assert lines[0].startswith("scenario,product,month,region") and len(lines) == 1 + 12 * 5
    table = runner.invoke(app, ["market", "escalation", "--product", "dysprosium-oxide"])
    assert "2027-01" in table.stdout and "EUR (USD/kg)" in table.stdout
    # the old one-step cases keep working
    old = runner.invoke(app, ["market", "april-2025-licensing", "--product", "dysprosium-oxide",
                              "--format", "json"])  # fmt: skip
    assert old.exit_code == 0 and json.loads(old.stdout)["case"].startswith("april-2025")
    bad = runner.invoke(app, ["market", "escalaton", "--product", "dysprosium-oxide"])
    assert bad.exit_code == 1 and "Did you mean 'escalation'" in bad.output
