"""Twentieth round of issue 13 (events): a series of first controls each opened by "since"
with a yearless date, goods "licensed since" a month, a tariff step beside an easing in one
sentence, an unnamed official's justification reported with more words before it, and a ban
for one destination typed an expansion; each with sentences written for these tests."""

from __future__ import annotations

from datetime import date

from chokepoints.news.extract import _BAN_TO_DESTINATION, _JUSTIFICATION, extract_events


def _events(text: str, published: date) -> list[tuple[str, str | None, str]]:
    return [(e.type, e.date, e.salience) for e in extract_events(text, published, learned=False)]


def test_a_series_of_since_dates_gives_one_control_each() -> None:
    got = _events(
        "Germanium and gallium exporters have needed licences since August 2023, and "
        "antimony exporters since September 15.",
        date(2024, 12, 10),
    )
    imposed = sorted(d for t, d, _ in got if t == "export_control_imposed")
    assert imposed == ["2023-08-01", "2024-09-15"]


def test_a_yearless_date_without_since_does_not_split() -> None:
    # "in August ... and on Dec. 1": resolved by tense, so one event as before
    got = _events(
        "Beijing began requiring licences for gallium and germanium in August and for "
        "some graphite on Dec. 1.",
        date(2024, 3, 5),
    )
    assert len([t for t, _, _ in got if t == "export_control_imposed"]) <= 1


def test_goods_licensed_since_a_month_are_a_control() -> None:
    got = _events(
        "Buyers of the seven heavy rare earths licensed since April say waits have grown.",
        date(2025, 7, 14),
    )
    assert "export_control_imposed" in {t for t, _, _ in got}


def test_a_tariff_cut_beside_an_easing_is_a_second_event() -> None:
    got = _events(
        "The president said on Friday he would lower the duty on Chinese goods to 30% from "
        "45%, and that Beijing had agreed to suspend its newest rare earth controls.",
        date(2025, 10, 31),
    )
    kinds = {t for t, _, _ in got}
    assert {"export_control_eased_or_suspended", "tariff_change"} <= kinds


def test_non_tariff_countermeasures_are_no_tariff_step() -> None:
    got = _events(
        "Beijing also agreed to suspend the non-tariff countermeasures it had taken since "
        "early April.",
        date(2025, 5, 13),
    )
    assert "tariff_change" not in {t for t, _, _ in got}


def test_a_justification_after_a_longer_reporting_clause() -> None:
    assert _JUSTIFICATION.search(
        "said in a written reply that the measures were in line with international practice"
    )
    assert _JUSTIFICATION.search("told reporters that the graphite adjustment was normal practice")
    assert not _JUSTIFICATION.search("said the measures would take effect on Monday")


def test_a_ban_for_one_destination_is_an_expansion() -> None:
    got = _events(
        "In December 2024 Beijing went a step further and banned shipments of gallium and "
        "germanium to the United States.",
        date(2025, 6, 2),
    )
    assert [t for t, _, _ in got] == ["export_control_expanded"]
    assert _BAN_TO_DESTINATION.search("the ban on dual-use exports to Japanese military users")
    assert not _BAN_TO_DESTINATION.search("Zimbabwe banned exports of raw lithium ore.")
