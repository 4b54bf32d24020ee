"""Actors and dates, nineteenth round (issue 13): live-blog entries that open with a clock
time (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

from chokepoints.news import fields
from chokepoints.news.schema import Event


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
