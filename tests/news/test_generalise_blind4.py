"""Phrasings found missing or mis-read in the blind-4 error analysis (spent), as general
patterns: each case is written here in words of its own, not copied from the corpus."""

from __future__ import annotations

from datetime import date

import pytest

from chokepoints.news.extract import extract_events


@pytest.fixture(autouse=True)
def _rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the trigger rules; the combination with the learned classifier is
    tested in test_learned.py and scored in bench/news_cv.py."""
    monkeypatch.setenv("CHOKEPOINTS_NEWS_LEARNED", "0")


PUB = date(2025, 6, 20)


def _types(text: str) -> list[str]:
    return [ev.type for ev in extract_events(text, PUB)]


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        # "meet" as in satisfying a target is no meeting
        (
            "Officials in Brussels admit that the recycling goals for 2030 will be hard to meet.",
            None,
        ),
        # "what we call X" names a thing; no call took place
        (
            "The ministry agreed to buy the output of a smelter we call the northern line.",
            None,
        ),
        # a meeting named only as what a measure follows is a back-reference
        (
            "The decision follows the meeting of the two foreign ministers in Vientiane "
            "on July 11.",
            None,
        ),
        # a measure put under licensing, the goods listed at length
        (
            "Vietnam's trade ministry put exports of refined tin, tin solder, tin plate, "
            "tin ingots and tin alloys under licensing on Monday.",
            "export_control_imposed",
        ),
        # a ministry saying, after a long subject, that goods would be subject to licensing
        (
            "Indonesia's trade ministry said on Monday that refined nickel sulphate, nickel "
            "matte and mixed hydroxide precipitate from smelters in Sulawesi would be subject "
            "to export licensing from August 1.",
            "export_control_imposed",
        ),
        # a tariff that stays where it is is no change
        ("A 20% tariff on Canadian steel will remain in place.", None),
        # halving a tariff is a change
        (
            "The European Union will halve its duty on Chinese electric buses to 10% on Monday.",
            "tariff_change",
        ),
        # a spokesperson answering reporters' questions is a statement
        (
            "A spokesperson of Chile's foreign ministry answered questions from reporters on "
            "Tuesday about the lithium export rules.",
            "statement",
        ),
        # a government demanding that another withdraw its measure makes a statement
        (
            "Korea has demanded that China withdraw its licensing of graphite exports to "
            "Korean battery makers, calling it unfair.",
            "statement",
        ),
        # unnamed officials in the plural are no named speaker
        ("German officials have said that some export licences are still slow.", None),
        # ... nor when the sentence also names a meeting
        (
            "Canadian officials have said that supplies improved after the Rome meeting "
            "in May, but that permits were still slow.",
            None,
        ),
        # a notice's title: a spokesperson answers questions
        (
            "Ministry of Commerce spokesperson answers questions on the export controls on "
            "indium (translation).",
            "statement",
        ),
        # "White House officials" names a body: still a statement
        (
            "White House officials said the administration would appeal the ruling on "
            "the steel tariffs.",
            "statement",
        ),
        # a negation inside a relative clause describes the goods, it does not negate
        (
            "Brazil's Congress on Tuesday approved tariffs of up to 35% on imports from "
            "countries that have no trade agreement with Brazil.",
            "tariff_change",
        ),
        # a tariff in force for some time is no change
        ("The higher Canadian duties have been in force since March 3.", None),
        # a case at the WTO is a step, not a remark
        ("Canada also filed a complaint at the World Trade Organization.", "other"),
        # licensing that took effect on a named day is the control itself
        (
            "Licensing for some cobalt intermediates, used in battery cathodes, took effect "
            "on October 16.",
            "export_control_imposed",
        ),
        # exports stopped, in the passive
        (
            "Exports were stopped entirely in March and stayed halted for weeks.",
            "export_control_imposed",
        ),
        # bringing forward a ban widens it
        (
            "Gabon has stopped exports of raw manganese with immediate effect, bringing "
            "forward a ban it had planned for 2029.",
            "export_control_expanded",
        ),
        # a step that followed another only places it in time
        ("The rebound followed the framework agreed in Madrid in May.", None),
        # ... but a step following "a" call reports that call
        (
            "The visit follows a phone call between the two presidents on Thursday.",
            "meeting_or_call",
        ),
        # goods that "now need" or "also require" a licence describe a standing control
        (
            "Carmakers in Brazil have struggled to buy magnets from China, where exports "
            "of heavy rare earths now need a licence.",
            None,
        ),
        # ... but a step that "will also require" licences is news
        (
            "Vietnam will also require export licences for tin solder from January 1, the "
            "trade ministry said.",
            "export_control_imposed",
        ),
        # entities added to a list named after a long parenthesis
        (
            "Beijing's commerce ministry on Monday added 12 Canadian entities, including units "
            "of three large mining and engineering groups based in Toronto, to its export "
            "control list.",
            "export_control_expanded",
        ),
        # a tariff surcharge is a tariff
        (
            "The White House proclaimed a temporary import surcharge of 15% on Monday.",
            "tariff_change",
        ),
    ],
)
def test_blind4_phrasings(text: str, etype: str | None) -> None:
    types = _types(text)
    assert types == ([etype] if etype else []), types


def test_since_first_day_is_the_first_control() -> None:
    """Licences required "since" the day a family was first licensed: that control, not
    an expansion of it (first_controls.csv gives 2025-04-04 for the rare earths)."""
    evs = extract_events(
        "China has required licences since April 4 for exports of seven rare earths "
        "and magnets made with them.",
        PUB,
    )
    assert [ev.type for ev in evs] == ["export_control_imposed"]


def test_customs_data_showing_none_is_data() -> None:
    evs = extract_events(
        "Customs data showed that not a tonne of germanium left the country in September.", PUB
    )
    assert [ev.type for ev in evs] == ["trade_data_release"]


def test_since_dates_the_control() -> None:
    """A control in force "since" a day is dated by that day."""
    (ev,) = extract_events(
        "Vietnam has required licences since March 3 for exports of refined tin.", PUB
    )
    assert (ev.type, ev.date) == ("export_control_imposed", "2025-03-03")


def test_the_same_day_takes_the_previous_date() -> None:
    """ "the same day" dates an event by the one reported just before it."""
    evs = extract_events(
        "Canada raised its tariff on Chinese steel to 50% on June 2. "
        "Mexico imposed a 35% duty on Chinese aluminium the same day.",
        PUB,
    )
    assert [(e.type, e.date) for e in evs] == [
        ("tariff_change", "2025-06-02"),
        ("tariff_change", "2025-06-02"),
    ]


def test_lower_case_title_words_are_no_actors() -> None:
    """With the person named, the country or body in a title is not an actor of its own
    (annotation convention), also when the title has lower-case words or an appositive."""
    (ev,) = extract_events(
        "A spokesperson for China's foreign ministry, Lin Jian, said on Monday that the "
        "export controls were legitimate.",
        PUB,
    )
    assert ev.type == "statement"
    assert {a.name for a in ev.actors} == {"Lin Jian"}
