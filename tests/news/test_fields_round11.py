"""Actors and dates, eleventh round (issue 13): date phrases that belong to another
clause or another measure (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

from chokepoints.news.dates import effect_mentions, find_dates, reporting_that, speech_day
from chokepoints.news.extract import extract_events


def _dated(text: str, published: date, etype: str) -> list[str | None]:
    return [e.date for e in extract_events(text, published, learned=False) if e.type == etype]


def test_effect_word_must_govern_the_date() -> None:
    pub = date(2024, 3, 12)
    assert [m.text for m in effect_mentions("Quotas apply from 1 April.", pub)] == ["1 April"]
    assert effect_mentions("The rules take effect on Friday.", pub)[0].text == "on Friday"
    # "from" governs a pronoun or a figure: the later day is not an effective day
    assert effect_mentions("Vietnam curbed alloys made from them on March 3.", pub) == []
    assert effect_mentions("It cut the duty to 5% from 8% on Monday.", pub) == []


def test_undated_licence_does_not_borrow_another_measures_day() -> None:
    # The licence sentence gives no date; the next sentence reports an older control
    # with "made from them ... on February 2", which is not an effective day.
    text = (
        "Indonesia has granted nickel export permits to two smelters, officials familiar "
        "with the decision said. "
        "Jakarta imposed licensing on nickel ore and on alloys made from them on February 2, "
        "leaving traders in Japan short of supplies."
    )
    assert _dated(text, date(2024, 5, 14), "license_issued") == [None]
    # a real effective day in the next sentence still dates the measure
    text = (
        "Vietnam's trade ministry decided to put export licensing on tungsten concentrate. "
        "The rule takes effect from June 1."
    )
    assert _dated(text, date(2024, 5, 14), "export_control_imposed") == ["2024-06-01"]


def test_remark_is_dated_by_the_day_after_its_verb() -> None:
    text = (
        "Namibia will stop exports of unprocessed manganese from March 2026, Trade Minister "
        "Lucia Iipumbu told a budget hearing in Windhoek on Wednesday."
    )
    pub = date(2024, 5, 16)  # Thursday
    s = text
    told = s.index("told") + len("told")
    days = find_dates(s, pub)
    assert speech_day(s, told, days[-1]) and not speech_day(s, told, days[0])
    assert "2024-05-15" in _dated(text, pub, "statement")
    # a day inside the reported clause is not the verb's own
    s = "The minister said it would act on Friday."
    assert not speech_day(s, s.index("said") + 4, find_dates(s, pub)[0])


def test_suspension_announced_on_a_day_that_is_its_own() -> None:
    s = (
        "The trade ministry announced on Monday that its ban on cobalt exports to the "
        "United States is suspended for a year."
    )
    pub = date(2025, 3, 11)
    mention = find_dates(s, pub)[0]
    assert reporting_that(s, mention)
    assert _dated(s, pub, "export_control_eased_or_suspended") == ["2025-03-10"]
    # the day of the measure suspended, with no clause after it, stays excluded
    s = "China on Friday suspended the controls it announced on October 9."
    assert not reporting_that(s, find_dates(s, date(2025, 11, 8))[-1])
