"""Twenty-first round of issue 13 (events): an additional tariff named with its rate and
its starting day is the tariff step even when it is threatened or announced with "would",
and controls on critical software named beside it are an expansion of their own; each
with sentences written for these tests."""

from __future__ import annotations

from datetime import date

from chokepoints.news.extract import (
    _DATED_RATED_TARIFF,
    _ROUND_CLOSED,
    _TARIFF_WITHDRAWN,
    _TIME_CLAUSE,
    _plain,
    extract_events,
)


def _kinds(text: str, published: date) -> set[str]:
    return {e.type for e in extract_events(text, published, learned=False)}


def test_a_threatened_tariff_with_rate_and_start_day_is_a_tariff_step() -> None:
    kinds = _kinds(
        "On Friday the U.S. president threatened an extra 100% tariff on goods from China "
        "beginning November 1.",
        date(2025, 10, 11),
    )
    assert "tariff_change" in kinds


def test_a_duty_that_would_be_levied_from_a_day_is_a_tariff_step() -> None:
    kinds = _kinds(
        "The tariff commission in Beijing said an additional 34% duty would be levied on "
        "all goods from the United States from April 10.",
        date(2025, 4, 4),
    )
    assert "tariff_change" in kinds
    assert "statement" not in kinds


def test_a_condition_after_the_start_day_does_not_cancel_the_step() -> None:
    kinds = _kinds(
        "Washington has threatened an additional 100% tariff on Chinese imports from "
        "November 1 if the new rules stay in place.",
        date(2025, 10, 12),
    )
    assert "tariff_change" in kinds


def test_a_withdrawn_threat_is_vetoed() -> None:
    low = _plain(
        "The treasury secretary said the additional 100% tariff from November 1 was off the table."
    )
    assert _DATED_RATED_TARIFF.search(low)
    assert _TARIFF_WITHDRAWN.search(low)  # so the remark is not turned into the step


def test_a_tariff_without_a_start_day_stays_hedged() -> None:
    assert not _DATED_RATED_TARIFF.search(
        _plain("The president threatened an additional 100% tariff on Chinese goods.")
    )


def test_software_controls_beside_the_tariff_are_an_expansion() -> None:
    kinds = _kinds(
        "The president said on Friday that he would put an additional 100% tariff on "
        "imports from China from November 1, together with export controls on all "
        "critical software.",
        date(2025, 10, 11),
    )
    assert {"tariff_change", "export_control_expanded"} <= kinds


def test_a_tariff_alone_gets_no_expansion() -> None:
    kinds = _kinds(
        "The president said on Friday that he would put an additional 100% tariff on "
        "imports from China from November 1.",
        date(2025, 10, 11),
    )
    assert "export_control_expanded" not in kinds


def test_negotiators_closing_days_of_talks_are_a_round() -> None:
    kinds = _kinds(
        "Chinese and American negotiators wrapped up three days of talks in Geneva on "
        "Monday with a text their leaders could approve later this month.",
        date(2025, 5, 12),
    )
    assert "negotiation_round" in kinds


def test_days_of_talks_ending_are_a_round_and_not_a_tariff_step() -> None:
    kinds = _kinds(
        "Negotiators from both countries ended two days of talks in Stockholm on Tuesday "
        "without prolonging the pause on higher tariffs.",
        date(2025, 7, 29),
    )
    assert "negotiation_round" in kinds
    assert "tariff_change" not in kinds


def test_talks_ended_in_a_time_clause_are_not_forced_to_a_round() -> None:
    low = _plain(
        "The notice went up hours after officials from both sides wrapped up two days of "
        "talks in London."
    )
    closed = _ROUND_CLOSED.search(low)
    assert closed is not None
    assert _TIME_CLAUSE.search(low[: closed.start()])
