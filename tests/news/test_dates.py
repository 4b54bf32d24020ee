from datetime import date

import pytest

from chokepoints.news.dates import best_date, find_dates, resolve_weekday

SUN = date(2025, 6, 8)  # a Sunday
TUE = date(2025, 6, 10)


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("Officials are set to resume talks in London on Tuesday.", SUN, date(2025, 6, 10)),
        ("Officials will meet on Monday.", SUN, date(2025, 6, 9)),
        ("Officials met on Tuesday.", SUN, date(2025, 6, 3)),
        ("Trump and Xi spoke by phone on Thursday.", TUE, date(2025, 6, 5)),
        ("Talks resumed on Tuesday.", TUE, TUE),  # same weekday: the publication day
        ("Talks will resume on Tuesday.", TUE, TUE),
        ("They met last Tuesday.", TUE, date(2025, 6, 3)),
        ("They will meet next Tuesday.", TUE, date(2025, 6, 17)),
        ("China imposed the controls last month.", TUE, date(2025, 5, 1)),
        ("Exports fell in May.", TUE, date(2025, 5, 1)),
        ("Exports fell in December.", TUE, date(2024, 12, 1)),
        ("The rules take effect in December.", TUE, date(2025, 12, 1)),
        ("The rules take effect on December 1.", TUE, date(2025, 12, 1)),
        ("The controls began on April 4.", TUE, date(2025, 4, 4)),
        ("The controls began on 4 April 2025.", TUE, date(2025, 4, 4)),
        ("He spoke yesterday.", TUE, date(2025, 6, 9)),
    ],
)
def test_resolves_relative_dates(sentence: str, published: date, expected: date) -> None:
    mention = best_date(sentence, published)
    assert mention is not None
    assert mention.value == expected


def test_last_week_resolves_to_no_day() -> None:
    # Of the 53 spent gold events whose evidence says "last/this week" (sixteenth round),
    # one is dated at that week's Monday and 27 are undated.
    assert best_date("Talks ended last week.", TUE) is None


def test_weekday_resolution_depends_on_tense() -> None:
    assert resolve_weekday("Tuesday", SUN, future=True) == date(2025, 6, 10)
    assert resolve_weekday("Tuesday", SUN, future=False) == date(2025, 6, 3)


def test_day_precision_beats_month_precision() -> None:
    mention = best_date("Exports fell 34.5% in May, customs data showed on Monday.", TUE)
    assert mention is not None
    assert (mention.text, mention.value) == ("on Monday", date(2025, 6, 9))


def test_bare_may_is_not_a_date() -> None:
    assert find_dates("Beijing may tighten controls.", TUE) == []
    assert find_dates("the October controls", TUE) == []
