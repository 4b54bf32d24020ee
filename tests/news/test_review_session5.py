"""Review findings of 2026-12-03 (session 5): a ministry another country owns is not
China's, and a weekday that opens a span or a past movement is no start day."""

from __future__ import annotations

from datetime import date

import pytest

from chokepoints.news.dates import find_dates
from chokepoints.news.extract import extract_events
from chokepoints.news.propose import _issuer


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("India's Finance Ministry raised export duties on graphite on Friday.", "IND"),
        ("The Japanese commerce ministry announced export controls on gallium on Monday.", "JPN"),
    ],
)
def test_a_foreign_ministry_is_not_chinas(text: str, country: str) -> None:
    events = extract_events(text, date(2025, 4, 12))
    assert events
    for ev in events:
        assert all(a.country != "CHN" for a in ev.actors), ev.actors
        assert _issuer({"actors": [a.as_dict() for a in ev.actors]}) == country


def test_a_ministry_in_a_foreign_capital_gives_no_chinese_issuer() -> None:
    text = "The finance ministry in Tokyo restricted exports of germanium on Friday."
    for ev in extract_events(text, date(2025, 4, 12)):
        assert _issuer({"actors": [a.as_dict() for a in ev.actors]}) != "CHN"


def test_chinas_own_ministry_is_still_chinas() -> None:
    text = "China's finance ministry said on Friday it would raise tariffs on US goods to 125%."
    (ev,) = extract_events(text, date(2025, 4, 12))
    assert ("Ministry of Finance", "CHN") in {(a.name, a.country) for a in ev.actors}


@pytest.mark.parametrize(
    ("text", "first"),
    [
        # a span and past movements keep the weekday before the announcement day
        ("Talks ran from Monday to Wednesday, the ministry said on Friday.", date(2025, 4, 14)),
        ("Prices rose from Monday, traders said on Friday.", date(2025, 4, 14)),
        # a start day announced on Friday is the Saturday after it
        (
            "China raised its tariffs on US goods to 125% from Saturday, the ministry said on "
            "Friday.",
            date(2025, 4, 19),
        ),
    ],
)
def test_start_days_and_spans(text: str, first: date) -> None:
    found = find_dates(text, date(2025, 4, 19))
    assert found[0].value == first
