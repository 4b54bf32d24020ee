"""Review fixes of the eleventh round (issue 13): a reported clause's own verb is no
audience, a relative "that" is no reported clause, and an earlier or superseded measure's
effective day does not date the event (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

from chokepoints.news.dates import effect_mentions, find_dates, reporting_that, speech_day
from chokepoints.news.extract import extract_events

PUB = date(2025, 10, 15)  # a Wednesday


def _dates(text: str, etype: str) -> list[str | None]:
    return [e.date for e in extract_events(text, PUB, learned=False) if e.type == etype]


def test_day_inside_the_reported_clause_is_not_the_remarks() -> None:
    s = "The European Commission on Monday said Beijing ignored its complaints on October 2."
    m = find_dates(s, PUB)[-1]
    assert m.text.endswith("October 2")
    assert not speech_day(s, s.index("said") + 4, m)
    s = "He said exports plunged last month and recovered on Tuesday."
    assert not speech_day(s, s.index("said") + 4, find_dates(s, PUB)[-1])
    assert _dates("In a statement on Monday, Berlin said Beijing blocked the magnet shipments on "
                  "October 2.", "statement") == ["2025-10-13"]  # fmt: skip


def test_audience_or_place_before_the_day_still_dates_the_remark() -> None:
    s = "Exports stop from January 2027, the minister told reporters in Beijing on Tuesday."
    assert speech_day(s, s.index("told") + 4, find_dates(s, PUB)[-1])
    s = "Exports stop from January 2027, the minister said in Geneva on Tuesday."
    assert speech_day(s, s.index("said") + 4, find_dates(s, PUB)[-1])


def test_relative_that_is_no_reported_clause() -> None:
    s = "Beijing has suspended the measures announced on October 9 that had alarmed chipmakers."
    assert not reporting_that(s, find_dates(s, PUB)[0])
    assert _dates(s, "export_control_eased_or_suspended") == [None]
    s = "The ministry announced on Friday that it would suspend the October rules."
    assert reporting_that(s, find_dates(s, PUB)[0])
    s = "It paused the controls it announced on October 9 that it called necessary."
    assert not reporting_that(s, find_dates(s, PUB)[0])


def test_earlier_or_superseded_effective_day_is_not_the_events() -> None:
    s = (
        "China said on Friday it would suspend for one year the rare earth controls it "
        "announced on October 9 that were due to take effect on December 1."
    )
    assert effect_mentions(s, PUB) == []
    assert _dates(s, "export_control_eased_or_suspended") == ["2025-10-10"]
    s = "Beijing tightened the curbs on graphite it first imposed from December 2023."
    assert effect_mentions(s, PUB) == []
    # a plain effective day is still one
    s = "Beijing will require licences for graphite anode exports from December 1."
    assert [m.text for m in effect_mentions(s, PUB)] == ["December 1"]


def test_plain_time_words_names_and_documents_still_date_the_remark() -> None:
    for s, verb in (
        ("The ministry said earlier on Tuesday that exports would need approval.", "said"),
        ("An official told Reuters on Tuesday that exports would need approval.", "told"),
        ("The White House said in a fact sheet on Tuesday that licences would follow.", "said"),
    ):
        assert speech_day(s, s.index(verb) + 4, find_dates(s, PUB)[-1]), s


def test_a_measure_due_to_take_effect_keeps_its_day() -> None:
    s = "The new controls on graphite anodes are due to take effect on November 8."
    assert [m.text for m in effect_mentions(s, PUB)] == ["on November 8"]


def test_relative_clause_of_a_suspension_with_goods_year_or_a_raft() -> None:
    from chokepoints.news.extract import _SUSPENDED_EARLIER

    for s in (
        "china has suspended the export controls on rare earths it announced on october 9.",
        "the ministry lifted the controls on gallium that it had announced on december 3.",
        "it suspended a raft of export controls on rare earths that it announced on october 9.",
    ):
        assert _SUSPENDED_EARLIER.search(s), s
    # a verb or a conjunction between determiner and noun: another party's rules
    assert not _SUSPENDED_EARLIER.search(
        "china eased the licence checks after the united states withdrew rules it announced "
        "on may 12."
    )
    text = "China suspended the export controls it announced on 9 October 2024 for a year."
    days = [
        e.date
        for e in extract_events(text, PUB, learned=False)
        if e.type == "export_control_expanded"
    ]
    assert days == ["2024-10-09"]
