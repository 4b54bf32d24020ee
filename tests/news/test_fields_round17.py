"""Actors and dates, seventeenth round (issue 13): a meeting previewed in the present
tense and a remark made right after the event before it (sentences written for these
tests)."""

from __future__ import annotations

from datetime import date
from typing import Any

from chokepoints.news import fields
from chokepoints.news.dates import best_date, find_dates
from chokepoints.news.schema import Event


def _values(sentence: str, published: date) -> dict[str, date | None]:
    return {m.text: m.value for m in find_dates(sentence, published)}


def test_a_meeting_previewed_in_the_present_tense_is_ahead() -> None:
    pub = date(2025, 10, 27)  # a Monday
    thursday = date(2025, 10, 30)
    for s in (
        "The two leaders meet in South Korea on Thursday, on the sidelines of the summit.",
        "The deal is to be signed when the president meets his counterpart on Thursday.",
        "The agreement clears the way for the two presidents to meet in Busan on Thursday.",
        "The talks prepare a meeting of the two presidents in South Korea on Thursday.",
    ):
        assert _values(s, pub)["on Thursday"] == thursday, s
    # a meeting already held, or a remark about one, stays in the past
    last_thursday = date(2025, 10, 23)
    for s in (
        "The two leaders met in South Korea on Thursday.",
        "The ministers held a meeting with industry in Seoul on Thursday.",
        "The minister said on Thursday that the leaders would not meet.",
    ):
        assert _values(s, pub)["on Thursday"] == last_thursday, s


def _event(evidence: str, etype: str = "statement") -> Event:
    return Event(type=etype, evidence=evidence)


def test_a_remark_right_after_the_event_before_takes_its_day() -> None:
    pub = date(2025, 6, 7)
    day = "2025-06-05"
    for s in (
        "The president wrote afterwards that the call had gone well.",
        "Tokyo protested the same day and asked Beijing to withdraw the measure.",
        "The minister said after the talks that both sides would keep working.",
        "Officials told reporters following the meeting that nothing was agreed.",
    ):
        assert fields._sequence_day(_event(s), day, pub) == day, s
    # a day of its own, no event before, or no such words: nothing borrowed
    assert (
        fields._sequence_day(_event("He said on Friday afterwards it went well."), day, pub) is None
    )
    assert fields._sequence_day(_event("The president wrote afterwards."), None, pub) is None
    assert (
        fields._sequence_day(_event("The ministry said the rules were lawful."), day, pub) is None
    )


def test_a_widening_in_the_second_dated_clause_dates_the_expansion() -> None:
    pub = date(2025, 9, 22)
    s = "The regulator halted exports in February and extended the halt in June."
    assert fields._second_clause_day(_event(s, "export_control_expanded"), pub) == "2025-06-01"
    # the imposition of the same sentence keeps its first day
    assert fields._second_clause_day(_event(s, "export_control_imposed"), pub) is None
    s = "Beijing banned the exports on January 6 and added 20 firms to its list on February 24."
    got = fields._second_clause_day(_event(s, "export_control_expanded"), date(2026, 3, 10))
    assert got == "2026-02-24"
    # one date, or a widening before the first date: nothing to choose
    for s in (
        "The regulator extended the halt in June.",
        "Beijing widened the list on October 9, effective from December 1.",
    ):
        assert fields._second_clause_day(_event(s, "export_control_expanded"), pub) is None, s


def test_a_part_of_an_unnamed_day_is_the_publication_day_below_a_named_day() -> None:
    pub = date(2025, 10, 30)
    s = "The ministry said in the evening that it would suspend the controls for a year."
    got = best_date(s, pub)
    assert got is not None and got.value == pub and got.precision == 2
    s = "Earlier in the day, the president wrote that the talks had gone well."
    got = best_date(s, pub)
    assert got is not None and got.value == pub
    # a named day in the sentence wins
    s = "The ministry said in the evening that it had lifted the controls of October 9."
    got = best_date(s, pub)
    assert got is not None and got.value == date(2025, 10, 9)


def test_a_country_named_only_in_its_officials_title_is_dropped(monkeypatch: Any) -> None:
    from chokepoints.news.train_fields import article_sentences

    # off by default from the twenty-second round (test_fields_round22.py)
    monkeypatch.setattr(fields, "_POSSESSIVE_TITLE_DROPS", True)

    kept = {"China", "Li Chenggang", "He Lifeng", "Scott Bessent", "Ministry of Commerce"}

    def owners(text: str) -> set[str]:
        return fields._title_owners(article_sentences(text)[0], kept)

    assert owners("China's trade negotiator Li Chenggang said the talks went well.") == {"China"}
    assert owners("Scott Bessent met China's Vice Premier He Lifeng in Geneva.") == {"China"}
    # named as the actor too, beside its own ministry, or with no title: kept
    assert owners("China's trade negotiator Li Chenggang said China would keep talking.") == set()
    assert owners("China's commerce ministry said Li Chenggang would lead the talks.") == set()
    assert owners("China's Li Chenggang says both sides will keep pushing.") == set()
