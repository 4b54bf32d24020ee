"""Seventh-round fixes (from the errors of the spent blind-4/5/6 splits), each on
sentences written for this test, not taken from any corpus split."""

from __future__ import annotations

from datetime import date

from chokepoints.news.extract import extract_events
from chokepoints.news.gazetteer import first_controls


def _types(text: str, published: date) -> list[str]:
    return [e.type for e in extract_events(text, published, learned=False)]


def test_control_history_has_other_countries() -> None:
    firsts = first_controls()
    assert firsts["cobalt"]["COD"] == "2025-02-22"
    assert firsts["lithium ore"]["ZWE"] == "2022-12-20"
    assert firsts["semiconductors"]["USA"] == "2022-10-07"
    # China's own families are still there, next to other issuers of the same goods.
    assert firsts["graphite"]["CHN"] == "2023-12-01"
    assert firsts["graphite"]["NAM"] == "2023-06-06"


def test_later_step_by_another_country_is_an_expansion() -> None:
    text = (
        "Congo's mines regulator suspended all cobalt exports for another three months on Saturday."
    )
    assert "export_control_expanded" in _types(text, date(2025, 9, 22))


def test_first_step_by_a_country_stays_imposed() -> None:
    # Cobalt is already controlled by Congo, not by Indonesia.
    text = "Indonesia banned exports of cobalt ore on Monday to force miners to refine at home."
    types = _types(text, date(2025, 9, 22))
    assert "export_control_expanded" not in types


def test_issuer_found_behind_the_target_country() -> None:
    # The target (Japan) is named before the body that acted (China's commerce ministry).
    text = (
        "Japanese exporters spent Thursday studying a ban on exports of dual-use items to "
        "Japanese defence firms, announced on Wednesday by China's commerce ministry."
    )
    types = _types(text, date(2026, 3, 12))
    assert "export_control_expanded" in types
    assert "export_control_imposed" not in types


def test_sentence_naming_the_first_controls_year_is_no_expansion() -> None:
    # A bare year is no date of its own: without the year rule the event would take the
    # publication day, long after Zimbabwe's first ban, and read as an expansion.
    text = "Zimbabwe banned exports of raw lithium ore in 2022 to curb smuggling."
    types = _types(text, date(2025, 5, 2))
    assert "export_control_imposed" in types
    assert "export_control_expanded" not in types


def test_anaphoric_ban_takes_the_goods_named_before() -> None:
    # The second sentence names no goods; "the ban" is the dual-use ban of the first,
    # and dual-use items have been under Chinese licensing since 2020.
    text = (
        "SEOUL, March 5 - South Korea asked China to lift its ban on exports of dual-use "
        "items to Korean shipyards. China's commerce ministry announced the ban on "
        "Tuesday, with immediate effect."
    )
    types = _types(text, date(2026, 3, 5))
    assert "export_control_expanded" in types
    assert "export_control_imposed" not in types


def test_details_of_a_reported_control_are_no_statement() -> None:
    text = (
        "China's commerce ministry added tungsten powders to its export control list on "
        "Friday. The commerce ministry and the customs administration said in a joint "
        "statement that the controls took effect immediately."
    )
    assert "statement" not in _types(text, date(2026, 3, 7))


def test_opinion_on_a_reported_control_stays_a_statement() -> None:
    text = (
        "China's commerce ministry added tungsten powders to its export control list on "
        "Friday. Japan's trade minister said on Friday the controls were regrettable and "
        "harmed trade."
    )
    assert "statement" in _types(text, date(2026, 3, 7))


def test_two_sides_of_a_tariff_deal_are_two_events() -> None:
    text = (
        "Under the deal, India will cut its duty on American almonds to 10% from 30%, "
        "while the United States will lower its levy on Indian shrimp to 5% from 25%."
    )
    events = [e for e in extract_events(text, date(2026, 2, 2), learned=False)]
    tariffs = [e for e in events if e.type == "tariff_change"]
    assert len(tariffs) == 2
    assert {a.country for a in tariffs[0].actors} == {"IND"}
    assert {a.country for a in tariffs[1].actors} == {"USA"}
    assert {f.value for f in tariffs[0].figures} == {10.0, 30.0}
    assert {f.value for f in tariffs[1].figures} == {5.0, 25.0}


def test_one_sided_tariff_with_two_countries_stays_one_event() -> None:
    text = "Canada raised its tariff on Chinese electric vehicles to 100% on Monday."
    tariffs = [
        e
        for e in extract_events(text, date(2026, 2, 2), learned=False)
        if e.type == "tariff_change"
    ]
    assert len(tariffs) == 1


def test_details_of_a_reported_round_add_no_round() -> None:
    text = (
        "U.S. and Chinese negotiators held a new round of trade talks in Rome on Monday. "
        "The talks at the Villa Madama, the Italian prime minister's guesthouse, were the "
        "second round since January."
    )
    rounds = [
        e
        for e in extract_events(text, date(2026, 3, 3), learned=False)
        if e.type == "negotiation_round"
    ]
    assert len(rounds) == 1


def test_breakdown_of_reported_trade_figures_adds_no_release() -> None:
    text = (
        "Customs data released on Monday showed India's exports of graphite electrodes "
        "rose 12% in March from a year earlier. Shipments to Germany fell 28.7% from the "
        "previous month to 420 tonnes and were 29.5% lower than in September last year."
    )
    releases = [
        e
        for e in extract_events(text, date(2026, 4, 20), learned=False)
        if e.type == "trade_data_release"
    ]
    assert len(releases) == 1


def test_two_lists_in_one_sentence_are_two_steps() -> None:
    text = (
        "China's commerce ministry on Friday added 12 U.S. drone makers to its export "
        "control list and placed four other firms on its unreliable entity list."
    )
    types = _types(text, date(2026, 5, 9))
    assert "export_control_expanded" in types
    assert "other" in types


def test_export_control_list_alone_is_one_step() -> None:
    text = (
        "China's commerce ministry on Friday added 12 U.S. drone makers to its export control list."
    )
    assert _types(text, date(2026, 5, 9)) == ["export_control_expanded"]
