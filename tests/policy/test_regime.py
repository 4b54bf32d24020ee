"""Regime answers for Dy-bearing NdFeB magnets from China to the US (issue 3, 'done when')."""

from __future__ import annotations

import datetime as dt

import pytest

from chokepoints.errors import NotFoundError
from chokepoints.policy import Timeline, resolve_products

D = dt.date.fromisoformat
OCTOBER_SET = {
    "cn-mofcom-2025-55",
    "cn-mofcom-2025-56",
    "cn-mofcom-2025-57",
    "cn-mofcom-2025-58",
    "cn-mofcom-2025-61-content",
    "cn-mofcom-2025-61-military",
    "cn-mofcom-2025-62",
}


def _ids(regime, role):
    return {m.id for m in regime.by_role(role)}


def test_2025_03_01_open_no_licence(bundled: Timeline) -> None:
    r = bundled.regime(D("2025-03-01"), "magnet:ndfeb_hre", "CHN", "USA")
    assert r.gate.kind == "open"
    assert r.gate.approval_probability == 1.0
    assert r.gate.review_days_mean == 0.0
    assert not [m for m in r.by_role("in_force") if m.issuer == "CHN"]


def test_2025_06_10_case_by_case_licence_under_no_18(bundled: Timeline) -> None:
    r = bundled.regime(D("2025-06-10"), "magnet:ndfeb_hre", "CHN", "USA")
    assert r.gate.kind == "licence"
    assert r.gate.decided_by == ("cn-mofcom-2025-18",)
    assert r.gate.licence_types == ("case_by_case",)
    no18 = bundled.measure("cn-mofcom-2025-18")
    assert r.gate.approval_probability == no18.parameters.approval_probability
    # 33.5 working days mean -> 46.9 calendar days
    assert r.gate.review_days_mean == pytest.approx(33.5 * 7 / 5)
    assert "cn-mofcom-2025-18" in _ids(r, "in_force")
    # Geneva truce: 10% reciprocal + 20% fentanyl; the 24 points are suspended.
    assert r.gate.tariff == pytest.approx(0.30)
    assert "us-eo14257-reciprocal-chn-24pp" in _ids(r, "suspended")


def test_2025_12_15_general_licence_possible_and_october_suspended(bundled: Timeline) -> None:
    r = bundled.regime(D("2025-12-15"), "magnet:ndfeb_hre", "CHN", "USA")
    assert r.gate.kind == "licence"
    assert "cn-mofcom-2025-general-licences" in _ids(r, "available")
    assert "cn-mofcom-2025-61-military" in _ids(r, "suspended")
    for mid in OCTOBER_SET:
        m = bundled.measure(mid)
        assert not bundled.is_in_force(m, D("2025-12-15"))
        assert bundled.suspended_by(m, D("2025-12-15")).id == "cn-mofcom-gac-2025-70"
    # With a general licence the No. 18 factor is replaced.
    g = bundled.regime(D("2025-12-15"), "magnet:ndfeb_hre", "CHN", "USA", general_licence=True)
    assert g.gate.kind == "licence"
    assert g.gate.licence_types == ("general",)
    assert g.gate.approval_probability == 1.0
    assert g.gate.review_days_mean == 0.0


def test_2026_11_15_october_measures_back_in_force(bundled: Timeline) -> None:
    day = D("2026-11-15")
    for mid in OCTOBER_SET:
        assert bundled.is_in_force(bundled.measure(mid), day), mid
    r = bundled.regime(day, "magnet:ndfeb_hre", "CHN", "USA")
    assert r.gate.kind == "licence"
    assert "cn-mofcom-2025-61-military" in _ids(r, "conditional")
    assert not _ids(r, "suspended") & OCTOBER_SET
    mil = bundled.regime(day, "magnet:ndfeb_hre", "CHN", "USA", end_use="military")
    assert mil.gate.kind == "closed"
    # The extraterritorial rule now reaches a Japanese magnet with Chinese Dy.
    jp = bundled.regime(day, "magnet:ndfeb_hre", "JPN", "USA", china_content_share=0.05)
    assert jp.gate.kind == "licence"
    assert "cn-mofcom-2025-61-content" in _ids(jp, "in_force")
    below = bundled.regime(day, "magnet:ndfeb_hre", "JPN", "USA", china_content_share=0.0005)
    assert below.gate.kind == "open"


def test_named_us_end_user_is_closed_from_june_2026(bundled: Timeline) -> None:
    before = bundled.regime(D("2026-06-21"), "oxide:Dy", "CHN", "USA", end_user="MP Materials")
    after = bundled.regime(D("2026-06-22"), "oxide:Dy", "CHN", "USA", end_user="mp materials")
    other = bundled.regime(D("2026-06-22"), "oxide:Dy", "CHN", "USA", end_user="Some Other Firm")
    assert before.gate.kind == "licence"
    assert after.gate.kind == "closed"
    assert after.gate.decided_by == ("cn-mofcom-2026-us-entities",)
    assert other.gate.kind == "licence"


def test_japan_military_ban(bundled: Timeline) -> None:
    r = bundled.regime(D("2026-02-01"), "oxide:Tb", "CHN", "JPN", end_use="military")
    assert r.gate.kind == "closed"
    civil = bundled.regime(D("2026-02-01"), "oxide:Tb", "CHN", "JPN", end_use="automotive")
    assert civil.gate.kind == "licence"


def test_uncontrolled_products_stay_open(bundled: Timeline) -> None:
    for product in ("magnet:ndfeb", "oxide:NdPr", "component:traction_motor"):
        r = bundled.regime(D("2025-06-10"), product, "CHN", "DEU")
        assert r.gate.kind == "open", product


def test_aliases() -> None:
    assert resolve_products("magnet") == ["magnet:ndfeb_hre", "magnet:ndfeb", "magnet:smco"]
    assert resolve_products("magnet:ndfeb_hre") == ["magnet:ndfeb_hre"]
    assert resolve_products("oxide:*")[0].startswith("oxide:")
    assert set(resolve_products("Dy")) == {"oxide:Dy", "metal:Dy", "magnet:ndfeb_hre"}
    with pytest.raises(NotFoundError, match="Did you mean 'magnet"):
        resolve_products("magnets")


def test_regimes_expands_alias(bundled: Timeline) -> None:
    rs = bundled.regimes(D("2025-06-10"), "magnet", "CHN", "USA")
    kinds = {r.flow.product: r.gate.kind for r in rs}
    assert kinds == {
        "magnet:ndfeb_hre": "licence",
        "magnet:ndfeb": "open",
        "magnet:smco": "licence",
    }


def test_regime_json_names_gate_and_sources(bundled: Timeline) -> None:
    d = bundled.regime(D("2025-06-10"), "magnet:ndfeb_hre", "CHN", "USA").as_dict()
    assert d["gate"]["kind"] == "licence"
    ids = {m["id"]: m for m in d["measures"]}
    assert ids["cn-mofcom-2025-18"]["source"].startswith("https://")
    assert ids["cn-mofcom-2025-18"]["status"] == "secondary"


def test_technology_control(bundled: Timeline) -> None:
    r = bundled.regime(D("2024-06-01"), "technology:rare_earth_extraction_separation", "CHN", "USA")
    assert r.gate.kind == "closed"
