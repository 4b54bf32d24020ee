"""Actors and dates, twentieth round (issue 13): a month phrase at the start of a sentence,
a month followed by "last year", the day of a speech announcing a decision, live-blog
entries whose only date is a period's bound, and "China's tariff commission" (sentences
written for these tests)."""

from __future__ import annotations

from datetime import date

from chokepoints.news import fields
from chokepoints.news.dates import find_dates
from chokepoints.news.schema import Event

PUB = date(2025, 11, 20)


def _values(sentence: str, pub: date = PUB) -> list[date | None]:
    return [m.value for m in find_dates(sentence, pub)]


def test_a_month_phrase_opening_the_sentence_is_found() -> None:
    assert _values("In April, Beijing placed seven more metals under licence.") == [
        date(2025, 4, 1)
    ]
    assert _values("Since March, every shipment has needed a permit.") == [date(2025, 3, 1)]
    assert _values("Late October, the ministry suspended the package.") == [date(2025, 10, 1)]
    assert _values("From January, exporters will need a licence.") == [date(2026, 1, 1)]
    # a bare month is still no date ("May" the verb), nor a lower-case "may"
    assert _values("May traders expect a rebound?") == []
    assert _values("Prices may ease.") == []


def test_a_month_then_last_year_is_the_year_before_publication() -> None:
    assert _values("In June last year the regulator halted exports.") == [date(2024, 6, 1)]
    assert _values("Since February this year, quotas have applied.") == [date(2025, 2, 1)]


def test_the_day_of_a_speech_announcing_a_decision_is_kept() -> None:
    pub = date(2025, 8, 12)
    ev = Event(
        type="tariff_change",
        evidence="The ministry said on Tuesday it would keep the lower duty for 90 more days.",
        date="2025-08-12",
    )
    assert fields._announced_decision(ev, pub)
    # a second day in the sentence: the model decides
    ev2 = Event(
        type="tariff_change",
        evidence="The ministry said on Tuesday it would raise the duty from August 20.",
        date="2025-08-12",
    )
    assert not fields._announced_decision(ev2, pub)
    # a statement is not a decision
    ev3 = Event(type="statement", evidence=ev.evidence, date="2025-08-12")
    assert not fields._announced_decision(ev3, pub)


def test_a_clock_entry_whose_only_date_bounds_a_period_is_an_entry() -> None:
    pub = date(2025, 5, 12)
    s = "10:20 Beijing will lift the measures it has taken since April 2, the statement says."
    assert fields._clock_entry(Event(type="statement", evidence=s), pub)
    s = "10:20 Beijing said on Sunday it would lift the measures."
    assert not fields._clock_entry(Event(type="statement", evidence=s), pub)


def test_chinas_tariff_commission_is_the_commission() -> None:
    from chokepoints.news.extract import build_pipeline
    from chokepoints.news.gazetteer import ACTORS

    doc = build_pipeline()("China's tariff commission kept the extra duty at 10% on Tuesday.")
    names = [ACTORS[int(e.ent_id_)].name for e in doc.ents if e.label_ == "ACTOR"]
    assert names == ["Customs Tariff Commission of the State Council"]
