"""Twenty-second round of issue 13 (fields): the country before an official's title is
kept ("China's chief negotiator Li Chenggang said", the convention of the recent gold);
an easing dated by the day of the measure it eases ("suspended the controls published on
October 9") takes the sentence's other day or the day of the decision; a measure dated
only by its span from the article's lead ("came two weeks after the Pentagon added 65
companies") takes that day less the span; "Commerce Department" is named as the article
writes it. Sentences written for these tests."""

from __future__ import annotations

from datetime import date

from chokepoints.news import fields
from chokepoints.news.gazetteer import article_name
from chokepoints.news.schema import Event

EASED = "export_control_eased_or_suspended"


def test_the_country_before_an_officials_title_stays() -> None:
    from chokepoints.news.train_fields import article_sentences

    kept = {"China", "Li Chenggang", "Japan", "Minoru Kihara"}

    def owners(text: str) -> set[str]:
        return fields._title_owners(article_sentences(text)[0], kept)

    assert owners("China's lead trade envoy Li Chenggang said the gaps had narrowed.") == set()
    assert owners("Japan's top government spokesman Minoru Kihara called it regrettable.") == set()
    # the title in apposition still names the official alone
    assert owners("Li Chenggang, China's trade envoy, said the gaps had narrowed.") == {"China"}


def test_an_easing_dated_by_the_measure_it_eases_takes_its_own_day() -> None:
    pub = date(2025, 11, 10)
    ev = Event(
        type=EASED,
        evidence="In a notice issued on Friday, the ministry put on hold until next November "
        "the metal and equipment controls published on October 9.",
    )
    assert fields._eased_object_day(ev, "2025-10-09", [], pub) == "2025-11-07"
    # no other day: the article's first dated measure shortly before publication
    ev = Event(
        type=EASED,
        evidence="The two agencies have decided to suspend Announcements Nos. 61 and 62, "
        "which they published jointly on October 9.",
    )
    lead = Event(type="export_control_eased_or_suspended", evidence="x", date="2025-11-08")
    assert fields._eased_object_day(ev, "2025-10-09", [lead], pub) == "2025-11-08"
    assert fields._eased_object_day(ev, "2025-10-09", [], pub) == "2025-11-10"


def test_an_easing_dated_by_its_own_announcement_is_left_alone() -> None:
    pub = date(2025, 11, 10)
    ev = Event(
        type=EASED,
        evidence="Beijing lifted the ban for a year, the ministry said in an announcement "
        "published on Sunday.",
    )
    assert fields._eased_object_day(ev, "2025-11-09", [], pub) is None
    # another event type, or a day that is not the eased measure's
    ev = Event(type="statement", evidence="It criticised the rules published on October 9.")
    assert fields._eased_object_day(ev, "2025-10-09", [], pub) is None
    ev = Event(type=EASED, evidence="On Friday it paused the rules published on October 9.")
    assert fields._eased_object_day(ev, "2025-11-07", [], pub) is None


def test_a_measure_dated_only_by_its_span_from_the_lead() -> None:
    pub = date(2026, 6, 23)
    lead = Event(type="export_control_expanded", evidence="x", date="2026-06-22")
    talks = Event(type="negotiation_round", evidence="x", date="2026-06-20")
    ev = Event(
        type="other",
        evidence="The step came two weeks after the Pentagon put 65 Chinese firms on its list.",
    )
    assert fields._span_day(ev, [talks, lead], pub) == "2026-06-08"
    ev = Event(type="other", evidence="It came a day after Washington widened its blacklist.")
    assert fields._span_day(ev, [lead], pub) == "2026-06-21"
    # a day of its own, talks, no lead, or a span the other way round: left alone
    own = Event(type="other", evidence="It came a day after the list was widened on June 3.")
    assert fields._span_day(own, [lead], pub) is None
    meet = Event(type="negotiation_round", evidence="The rule came a week after the talks.")
    assert fields._span_day(meet, [lead], pub) is None
    assert fields._span_day(ev, [talks], pub) is None
    before = Event(type="other", evidence="It came a day before Washington widened its list.")
    assert fields._span_day(before, [lead], pub) is None


def test_the_commerce_department_is_named_as_the_article_writes_it() -> None:
    full = "Department of Commerce"
    text = "The Commerce Department said it would widen the rule to affiliates."
    assert article_name(full, text) == "Commerce Department"
    text = "The U.S. Department of Commerce, or the Commerce Department, widened the rule."
    assert article_name(full, text) == full
