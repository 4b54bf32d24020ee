"""Actors and dates, eighteenth round (issue 13): a bureau named through its department,
and remarks made hours after (or a set number of days after) the event before them
(sentences written for these tests)."""

from __future__ import annotations

from datetime import date

from chokepoints.news import fields
from chokepoints.news.schema import Event


def _event(evidence: str, etype: str = "statement") -> Event:
    return Event(type=etype, evidence=evidence)


def _names(text: str) -> set[str]:
    from chokepoints.news.extract import extract_events

    return {
        a.name
        for e in extract_events(text, date(2025, 4, 11), learned=False)
        for a in e.actors + e.target
    }


def test_a_bureau_named_through_its_department_is_the_bureau() -> None:
    names = _names(
        "The Commerce Department's Bureau of Industry and Security on Monday added 12 Chinese"
        " companies to its Entity List."
    )
    assert "Bureau of Industry and Security" in names
    assert "Department of Commerce" not in names


def test_hours_later_or_that_evening_takes_the_day_before() -> None:
    pub = date(2026, 2, 21)
    day = "2026-02-20"
    for s in (
        "Hours later, the president proclaimed a temporary surcharge on all imports.",
        "Within hours the White House announced a surcharge of its own.",
        "The agency's readout, published that evening, stressed the need for stability.",
        "The president posted on his social network that afternoon that the call went well.",
        "On the flight home, the president said he would cut the tariff to 10%.",
        "The negotiator told reporters a few minutes ago that both sides would keep talking.",
    ):
        assert fields._sequence_day(_event(s), day, pub) == day, s
    # a day of its own: nothing borrowed
    s = "Hours later, on February 24, the surcharge took effect."
    assert fields._sequence_day(_event(s), day, pub) is None


def test_n_days_later_counts_from_the_event_before() -> None:
    pub = date(2025, 11, 10)
    s = "Two days later, a second announcement suspended the ban until November 27, 2026."
    assert fields._sequence_day(_event(s, "other"), "2025-11-07", pub) == "2025-11-09"
    s = "Ten days later, the ministry widened its controls."
    assert fields._sequence_day(_event(s, "other"), "2025-09-29", pub) == "2025-10-09"
    # not at the start, earlier, or no event before: left
    s = "The ministry widened its controls two days later."
    assert fields._sequence_day(_event(s, "other"), "2025-09-29", pub) is None
    s = "Two days earlier, the ministry had suspended the controls."
    assert fields._sequence_day(_event(s, "other"), "2025-11-09", pub) is None
    assert fields._sequence_day(_event("Two days later, it was lifted."), None, pub) is None
