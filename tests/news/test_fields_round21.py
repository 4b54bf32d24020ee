"""Twenty-first round of issue 13 (fields): an undated easing or tariff step committed to
in the article ("Beijing will suspend the controls it announced on October 9") and a
measure in force "with immediate effect" take the day of the article's first dated measure
(at most two days before publication) or else the publication day; sentences written for
these tests."""

from __future__ import annotations

from datetime import date

from chokepoints.news import fields
from chokepoints.news.schema import Actor, Event

PUB = date(2025, 10, 31)
EASED = "export_control_eased_or_suspended"


def test_a_committed_easing_takes_the_first_dated_measure_of_the_article() -> None:
    ev = Event(
        type=EASED,
        evidence="Beijing will put on hold for a year the licensing rules it announced on "
        "October 9, the ministry said.",
    )
    lead = Event(type="tariff_change", evidence="x", date="2025-10-30")
    assert fields._commitment_day(ev, [lead], PUB) == "2025-10-30"
    # the day of the talks is not the day of the decision: publication day instead
    talks = Event(type="negotiation_round", evidence="x", date="2025-10-25")
    assert fields._commitment_day(ev, [talks], PUB) == "2025-10-31"
    # a first dated measure long before publication is background: publication day
    old = Event(type="export_control_imposed", evidence="x", date="2025-04-04")
    assert fields._commitment_day(ev, [old], PUB) == "2025-10-31"


def test_a_period_bound_is_no_day_of_its_own() -> None:
    ev = Event(
        type=EASED,
        evidence="The two governments said China had undertaken to remove the trade "
        "countermeasures it has applied since April 2.",
    )
    assert fields._commitment_day(ev, [], date(2025, 5, 12)) == "2025-05-12"


def test_a_day_of_its_own_or_no_commitment_leaves_the_event_alone() -> None:
    own = Event(type=EASED, evidence="Beijing will lift the curbs on November 10, it said.")
    assert fields._commitment_day(own, [], PUB) is None
    past = Event(type=EASED, evidence="Beijing lifted the curbs it had imposed in October.")
    assert fields._commitment_day(past, [], PUB) is None
    talk = Event(type="statement", evidence="An official said Beijing would lift the curbs.")
    assert fields._commitment_day(talk, [], PUB) is None


def test_a_measure_with_immediate_effect_is_dated() -> None:
    pub = date(2025, 2, 4)
    for sentence in (
        "Exports of five more metals need a licence, effective immediately.",
        "From the date of publication, exporters of the five metals must apply for a licence.",
        "The ministry barred the shipments with immediate effect.",
    ):
        ev = Event(type="export_control_imposed", evidence=sentence)
        assert fields._commitment_day(ev, [], pub) == "2025-02-04", sentence
    figures = Event(type="trade_data_release", evidence="Exports fell, effective immediately.")
    assert fields._commitment_day(figures, [], pub) is None


def test_a_control_announced_a_day_before_the_reaction() -> None:
    pub = date(2025, 6, 12)
    ev = Event(
        type="export_control_expanded",
        evidence="Seoul objected on Thursday to the curbs Beijing announced a day earlier "
        "on three more metals.",
    )
    assert fields._days_before(ev, "2025-06-12", pub) == "2025-06-11"
    two = Event(
        type="export_control_imposed",
        evidence="Miners complained on Thursday about the licences Beijing introduced two "
        "days earlier.",
    )
    assert fields._days_before(two, "2025-06-12", pub) == "2025-06-10"
    # the rules' date is not the sentence's one day: left alone
    assert fields._days_before(ev, "2025-06-01", pub) is None
    # a reaction (statement) keeps its own day
    said = Event(type="statement", evidence=ev.evidence)
    assert fields._days_before(said, "2025-06-12", pub) is None


def test_leaders_whose_meeting_the_talks_prepare_are_no_party_to_them() -> None:
    trump = Actor(name="Donald Trump", kind="person", country="US")
    bessent = Actor(name="Scott Bessent", kind="person", country="US")
    ev = Event(
        type="negotiation_round",
        evidence="Scott Bessent and He Lifeng opened talks in Madrid on Sunday, meant to "
        "prepare Donald Trump's visit to Beijing.",
    )
    assert fields._prepared_leaders(ev, [trump, bessent]) == {"Donald Trump"}
    # a leader at the table stays
    met = Event(
        type="negotiation_round",
        evidence="Donald Trump joined the talks in Madrid on Sunday to prepare a deal.",
    )
    assert fields._prepared_leaders(met, [trump]) == set()
    # a meeting of the leaders themselves is theirs
    call = Event(type="meeting_or_call", evidence=ev.evidence)
    assert fields._prepared_leaders(call, [trump]) == set()
