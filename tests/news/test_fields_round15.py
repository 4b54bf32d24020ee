"""Actors and dates, fifteenth round (issue 13): date phrases the resolver misread and
actors the gazetteer lacked (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

from chokepoints.news.dates import best_date, find_dates


def _values(sentence: str, published: date) -> dict[str, date | None]:
    return {m.text: m.value for m in find_dates(sentence, published)}


def test_this_morning_is_the_day_of_publication() -> None:
    pub = date(2025, 9, 16)  # a Tuesday
    s = "Officials from both sides sat down again in Madrid this morning after a first day of talks on Monday."
    got = _values(s, pub)
    assert got["this morning"] == pub
    assert got["on Monday"] == date(2025, 9, 15)
    assert _values("The ministry will publish the list tonight.", pub)["tonight"] == pub
    assert _values("Shares fell this afternoon.", pub)["this afternoon"] == pub
    # the older relative days are unchanged
    assert _values("The notice was issued yesterday.", pub)["yesterday"] == date(2025, 9, 15)
    assert _values("It takes effect tomorrow.", pub)["tomorrow"] == date(2025, 9, 17)
    assert _values("Talks resume today.", pub)["today"] == pub


def test_a_passive_after_will_or_to_be_is_no_past_tense() -> None:
    pub = date(2025, 9, 13)  # a Saturday
    s = "The ministry added that the next round will be held in Madrid on Sunday."
    assert _values(s, pub)["on Sunday"] == date(2025, 9, 14)
    s = "Officials said the new duties would be imposed on Monday."
    assert _values(s, pub)["on Monday"] == date(2025, 9, 15)
    # a past tense still reads the day as past
    s = "The second round was held in Madrid on Monday."
    assert _values(s, pub)["on Monday"] == date(2025, 9, 8)
    s = "Talks have been held in Madrid on Monday, the ministry said it will review them."
    assert _values(s, pub)["on Monday"] == date(2025, 9, 8)


def test_the_end_of_a_period_gives_no_year_to_the_days_after_it() -> None:
    pub = date(2025, 11, 12)
    s = (
        "On Monday, Nov. 10, the ministry lifted until Nov. 27, 2026 the ban it announced on "
        "Dec. 3 on shipments to the United States."
    )
    got = _values(s, pub)
    assert got["Nov. 27, 2026"] == date(2026, 11, 27)
    assert got["on Dec. 3"] == date(2024, 12, 3)  # not 2026 or 2027
    assert got["Monday, Nov. 10"] == date(2025, 11, 10)
    s = "The pause runs through May 31, 2026, and the quota list of June 1 applies after it."
    assert _values(s, date(2025, 12, 1))["June 1"] == date(2025, 6, 1)
    # a year named for the event itself still anchors the days after it
    s = "In July 2023, Beijing announced licences for gallium, effective August 1."
    assert best_date(s, date(2024, 3, 1)) is not None
    assert _values(s, date(2024, 3, 1))["August 1"] == date(2023, 8, 1)


def test_a_headline_line_does_not_date_the_sentence_below_it() -> None:
    pub = date(2025, 11, 6)
    s = "Seoul business digest, November 6, 2025\n\nPOSCO said on Wednesday that its magnet supplies were secure."
    m = best_date(s, pub)
    assert m is not None and m.value == date(2025, 11, 5)
    # a headline's day still dates a sentence that names none of its own
    s = "Ministry of Commerce press conference, 6 November 2025\n\nThe spokesperson answered questions on licences."
    m = best_date(s, pub)
    assert m is not None and m.value == date(2025, 11, 6)


def _names(text: str, published: date) -> set[str]:
    from chokepoints.news.extract import extract_events

    events = extract_events(text, published, learned=False)
    return {a.name for e in events for a in e.actors + e.target}


def test_court_ministry_and_officials_of_the_period_are_actors() -> None:
    from chokepoints.news.gazetteer import ACTORS

    known = {a.name: a for a in ACTORS}
    for name, kind in (
        ("Supreme Court", "organization"),
        ("Ministry of Trade, Industry and Energy", "agency"),
        ("Takeshi Iwaya", "person"),
        ("Masaaki Kanai", "person"),
        ("James Litinsky", "person"),
    ):
        assert known[name].kind == kind
    names = _names(
        "The Supreme Court ruled on Friday that the emergency powers law does not allow "
        "the president to impose tariffs.",
        date(2026, 2, 21),
    )
    assert "Supreme Court" in names
    names = _names(
        "Japanese Foreign Minister Takeshi Iwaya said on Tuesday that Tokyo had protested "
        "to Beijing over the new export curbs.",
        date(2025, 10, 15),
    )
    assert "Takeshi Iwaya" in names
