"""Actors and dates, nineteenth round (issue 13): the tariff commission in its owner forms
and under the name the article gives it, and live-blog entries that open
with a clock time (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

from chokepoints.news import fields
from chokepoints.news.gazetteer import article_name
from chokepoints.news.schema import Event

FULL = "Customs Tariff Commission of the State Council"
SHORT = "Customs Tariff Commission"


def _mentions(text: str) -> list[str]:
    from chokepoints.news.extract import build_pipeline
    from chokepoints.news.gazetteer import ACTORS

    doc = build_pipeline()(text)
    return [ACTORS[int(e.ent_id_)].name for e in doc.ents if e.label_ == "ACTOR"]


def test_owner_forms_name_the_commission_alone() -> None:
    names = _mentions("The State Council's tariff commission announced a 15% levy on coal.")
    assert names == [FULL]  # the owner is part of the commission's name, not a second actor
    names = _mentions("The customs tariff commission of the State Council kept the 10% rate.")
    assert names == [FULL]


def test_the_commission_takes_the_name_the_article_gives_it() -> None:
    assert article_name(FULL, "China's tariff commission kept the 10% rate.") == SHORT
    text = "The Customs Tariff Commission of the State Council kept the 10% rate."
    assert article_name(FULL, text) == FULL
    assert article_name("Ministry of Commerce", "the commerce ministry said") == (
        "Ministry of Commerce"
    )


def test_a_clock_time_entry_without_a_day_is_a_live_blog_entry() -> None:
    pub = date(2025, 6, 10)
    for s in (
        "11:40 The commerce secretary has told reporters the talks are going well.",
        "09:05 BST - The negotiators are back at the table for a second day.",
    ):
        assert fields._clock_entry(Event(type="statement", evidence=s), pub), s
    for s in (
        "11:40 The commerce secretary said on Monday the talks had gone well.",
        "The commerce secretary told reporters at 11:40 that the talks were going well.",
    ):
        assert not fields._clock_entry(Event(type="statement", evidence=s), pub), s


def test_a_title_in_apposition_names_the_official_not_the_country() -> None:
    from chokepoints.news.extract import build_pipeline

    text = "Wang Wentao, China's commerce minister, said the two sides had agreed to keep talking."
    sent = next(iter(build_pipeline()(text).sents))
    assert fields._title_owners(sent, {"Wang Wentao", "China"}) == {"China"}
    # the country named again in its own right stays
    text = "Wang Wentao, China's commerce minister, said China would not back down."
    sent = next(iter(build_pipeline()(text).sents))
    assert fields._title_owners(sent, {"Wang Wentao", "China"}) == set()
