"""Eighth-round fixes (from the errors of the spent blind-7 split), each on sentences
written for this test, not taken from any corpus split."""

from __future__ import annotations

from datetime import date

from chokepoints.news.extract import extract_events


def _events(text: str, published: date) -> list[tuple[str, str | None]]:
    return [(e.type, e.date) for e in extract_events(text, published, learned=False)]


def test_since_at_sentence_start_names_the_first_control() -> None:
    # "Since" capitalised still dates the first control: imposed, not an expansion.
    text = (
        "Since April 4, anyone shipping seven medium and heavy rare earths out of China "
        "has needed an export licence."
    )
    assert _events(text, date(2025, 7, 2)) == [("export_control_imposed", "2025-04-04")]


def test_since_month_and_year_names_the_first_control() -> None:
    text = "Exporters of some graphite products in China have needed licences since December 2023."
    types = [t for t, _ in _events(text, date(2025, 10, 14))]
    assert types == ["export_control_imposed"]


def test_since_a_later_day_is_still_an_expansion() -> None:
    # Gallium was controlled from August 2023: a step since a later day adds to it.
    text = "China has banned gallium exports to the United States since December 3."
    types = [t for t, _ in _events(text, date(2025, 1, 10))]
    assert types == ["export_control_expanded"]


def test_ban_said_to_be_suspended_is_an_easing() -> None:
    text = (
        "The commerce ministry said the clause that bars exports of germanium to the "
        "United States is suspended until next November."
    )
    types = [t for t, _ in _events(text, date(2025, 11, 10))]
    assert types == ["export_control_eased_or_suspended"]


def test_ban_said_to_be_lifted_is_an_easing() -> None:
    text = "Beijing's ban on exports of antimony to the United States was lifted on Sunday."
    types = [t for t, _ in _events(text, date(2025, 11, 11))]
    assert types == ["export_control_eased_or_suspended"]


def test_trade_said_to_be_suspended_stays_a_control() -> None:
    # What is suspended here is the trade itself: a stop, not an easing.
    text = "Shipments of tungsten were suspended by the trade ministry on Friday."
    types = [t for t, _ in _events(text, date(2025, 2, 10))]
    assert "export_control_eased_or_suspended" not in types


def test_duty_that_stays_in_place_is_no_change() -> None:
    text = "Beijing's 15% extra duty on American coal stays in place, the commission said."
    types = [t for t, _ in _events(text, date(2025, 11, 6))]
    assert "tariff_change" not in types


def test_one_unnamed_official_is_no_statement() -> None:
    text = "A Treasury official told reporters on Monday that the talks on export controls would go on."
    assert _events(text, date(2025, 8, 4)) == []
    named = "Treasury Secretary Scott Bessent told reporters on Monday that the talks on export controls would go on."
    assert [t for t, _ in _events(named, date(2025, 8, 4))] == ["statement"]


def test_exports_said_to_be_no_longer_permitted_are_a_control() -> None:
    text = (
        "The commerce ministry said on Wednesday that exports of antimony to the United "
        "States would in principle no longer be permitted, with immediate effect."
    )
    types = [t for t, _ in _events(text, date(2025, 12, 4))]
    assert types and types[0].startswith("export_control_")


def test_exports_said_to_be_banned_are_a_control() -> None:
    text = "Beijing said on Wednesday that shipments of germanium to the United States would be banned."
    types = [t for t, _ in _events(text, date(2025, 12, 4))]
    assert types and types[0].startswith("export_control_")


def test_a_ban_that_might_come_stays_a_remark() -> None:
    text = "The ministry said on Friday that it might ban exports of tungsten to the United States."
    types = [t for t, _ in _events(text, date(2025, 12, 4))]
    assert not any(t.startswith("export_control_") for t in types)
