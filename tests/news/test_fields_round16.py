"""Actors and dates, sixteenth round (issue 13): date phrases the resolver misread on the
spent blind24 to blind28 (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

from chokepoints.news.dates import best_date, find_dates


def _values(sentence: str, published: date) -> dict[str, date | None]:
    return {m.text: m.value for m in find_dates(sentence, published)}


def test_last_or_this_week_names_no_day() -> None:
    pub = date(2025, 6, 10)
    assert best_date("The ministry tightened the rules last week.", pub) is None
    assert best_date("Negotiators meet again this week.", pub) is None
    # a day named beside it still dates the sentence
    got = best_date("Talks stalled last week and resumed on Monday.", pub)
    assert got is not None and got.value == date(2025, 6, 9)
    # months are unchanged
    got = best_date("Beijing added the metals to its list last month.", pub)
    assert got is not None and got.value == date(2025, 5, 1)


def test_the_next_day_is_no_future() -> None:
    pub = date(2025, 9, 5)
    s = "March 3 - The agency publishes its list, and the ministry responds the next day."
    assert _values(s, pub)["March 3"] == date(2025, 3, 3)
    # "next" before anything else still speaks of the future
    assert _values("The next round opens on March 3.", pub)["on March 3"] == date(2026, 3, 3)


def test_to_start_on_a_weekday_is_ahead() -> None:
    pub = date(2026, 2, 21)  # a Saturday
    s = "The government announced a levy on steel imports, to start on Tuesday."
    assert _values(s, pub)["on Tuesday"] == date(2026, 2, 24)
    assert _values("The levy began on Tuesday.", pub)["on Tuesday"] == date(2026, 2, 17)


def test_a_participle_after_due_to_is_no_past_tense() -> None:
    pub = date(2025, 11, 9)  # a Sunday
    s = "The agency is due to lift its curbs on listed and sanctioned suppliers from Monday."
    assert _values(s, pub)["Monday"] == date(2025, 11, 10)


def test_a_second_since_day_takes_no_year_from_the_first() -> None:
    pub = date(2024, 12, 3)
    s = "Tungsten has needed licences since March 2023, and bismuth since October 2."
    got = _values(s, pub)
    assert got["since March 2023"] == date(2023, 3, 1)
    assert got["October 2"] == date(2024, 10, 2)
    # a start day after a month and year is still that year
    got = _values("In July 2023, the ministry announced licences, effective August 1.", pub)
    assert got["August 1"] == date(2023, 8, 1)


def test_will_need_is_no_past_tense_but_a_signed_framework_is() -> None:
    pub = date(2023, 7, 6)
    s = "Exporters of the two metals will need a licence for each shipment starting August 1."
    assert _values(s, pub)["August 1"] == date(2023, 8, 1)
    pub = date(2025, 10, 21)  # a Tuesday
    s = "The two countries will fund new mines under a framework signed in Washington on Monday."
    assert _values(s, pub)["on Monday"] == date(2025, 10, 20)
