"""Nineteenth round of issue 13 (events): background mentions of earlier controls that the
rules left out or typed as expansions (a ban brought forward, a halt and its extension
named by "the ban", a first control recalled with an opening "Since April"), each with
sentences written for these tests."""

from __future__ import annotations

from datetime import date

from chokepoints.news.extract import (
    _BROUGHT_FORWARD,
    _RECALLED_FIRST,
    extract_events,
)


def _events(text: str, published: date) -> list[tuple[str, str | None, str]]:
    return [(e.type, e.date, e.salience) for e in extract_events(text, published, learned=False)]


def test_a_ban_brought_forward_is_a_background_control_of_its_own() -> None:
    got = _events(
        "Zimbabwe on Wednesday extended its export ban to lithium concentrates, bringing "
        "forward by several months a ban that was scheduled to begin in January 2027.",
        date(2026, 2, 27),
    )
    assert ("export_control_imposed", "2027-01-01", "background") in got
    assert any(t == "export_control_expanded" and s == "main" for t, _, s in got)


def test_brought_forward_needs_a_ban_set_for_a_day() -> None:
    assert _BROUGHT_FORWARD.search(
        "bringing forward its ban on concentrates, which had been due to start in January 2027"
    )
    # buyers bringing purchases forward name no ban
    assert not _BROUGHT_FORWARD.search(
        "Importers had brought forward their orders, which were due in November."
    )
    # a ban brought forward with no day it had been set for gives no second event
    assert not _BROUGHT_FORWARD.search("The decree brings forward the ban on raw ore.")


def test_a_halt_and_its_extension_named_by_the_ban_are_two_events() -> None:
    got = _events("The ban had begun in February and was extended in June.", date(2025, 10, 1))
    assert {t for t, _, _ in got} == {"export_control_imposed", "export_control_expanded"}


def test_an_opening_since_dates_the_first_control_it_recalls() -> None:
    got = _events(
        "Since April, Beijing has required a licence for every shipment of terbium and the "
        "magnets made with it.",
        date(2025, 11, 20),
    )
    assert [t for t, _, _ in got] == ["export_control_imposed"]


def test_a_past_suspension_of_named_measures_is_an_easing() -> None:
    got = _events("The October measures were suspended on November 7 for a year.", date(2026, 3, 2))
    assert [t for t, _, _ in got] == ["export_control_eased_or_suspended"]
    # a suspension in force is a state, not a step
    assert _events("The October package is suspended until next November.", date(2026, 3, 2)) == []


def test_an_extended_halt_is_an_expansion() -> None:
    got = _events("The halt was extended in June by three months.", date(2025, 9, 1))
    assert [t for t, _, _ in got] == ["export_control_expanded"]


def test_a_recalled_first_licensing_is_no_expansion() -> None:
    got = _events(
        "Buyers have paid more for germanium since Beijing put the metal under export "
        "licensing, a trader in Rotterdam said.",
        date(2024, 9, 2),
    )
    assert "export_control_expanded" not in {t for t, _, _ in got}
    assert _RECALLED_FIRST.search("a year after china placed gallium under licensing")
    assert not _RECALLED_FIRST.search("since china put five more rare earths under licence")


def test_a_control_dated_at_the_goods_first_control_is_new_whatever_the_participle() -> None:
    got = _events(
        "China will require licences for exports of some graphite products from December 1, "
        "the commerce ministry said on Friday, tightening its hold on a battery material.",
        date(2023, 10, 20),
    )
    assert ("export_control_imposed", "2023-12-01", "main") in got
    assert "export_control_expanded" not in {t for t, _, _ in got}


def test_a_remark_after_days_of_talks_also_reports_the_round() -> None:
    got = _events(
        "China's trade envoy Li Chenggang told reporters on Sunday, after two days of talks "
        "in Kuala Lumpur, that the two sides had reached a preliminary consensus.",
        date(2025, 10, 27),
    )
    assert {t for t, _, _ in got} == {"statement", "negotiation_round"}


def test_duties_on_american_goods_beside_a_control_are_a_tariff_step() -> None:
    got = _events(
        "China on Tuesday announced export controls on tungsten and four other metals "
        "and duties on American coal and liquefied natural gas.",
        date(2025, 2, 4),
    )
    assert "tariff_change" in {t for t, _, _ in got}
