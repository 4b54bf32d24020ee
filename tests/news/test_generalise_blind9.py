"""Ninth-round changes (from the errors of the spent blind-7 to blind-9 splits), on
sentences written for this test, not taken from any corpus split."""

from __future__ import annotations

from datetime import date

from chokepoints.news.extract import extract_events
from chokepoints.news.learned import NEVER_DROPPED, NONE, Thresholds, combine, packaged_model


def _types(text: str, published: date, learned: bool) -> list[str]:
    return [e.type for e in extract_events(text, published, learned=learned)]


def test_model_may_drop_a_rule_control() -> None:
    # No event type is protected from the model's `drop` any more.
    assert not NEVER_DROPPED
    t = Thresholds(add=0.8, switch=1.01, drop=0.6)
    for rule in ("export_control_imposed", "export_control_expanded"):
        assert combine(rule, {NONE: 0.7, rule: 0.3}, t) is None
        assert combine(rule, {NONE: 0.5, rule: 0.5}, t) == rule


def test_control_in_a_background_clause_is_dropped_by_the_shipped_model() -> None:
    # The rules type the clause's control; the shipped model finds the sentence reports
    # none (the news is the agreement the article is about).
    text = (
        "The agreement arrives weeks after Beijing placed gallium and germanium under "
        "export licensing, a step that hit buyers in Europe."
    )
    published = date(2025, 7, 10)
    assert _types(text, published, learned=False) == ["export_control_expanded"]
    assert packaged_model() is not None
    assert _types(text, published, learned=True) == []


def test_a_reported_control_stays() -> None:
    text = "China banned exports of gallium to the United States on Tuesday."
    assert _types(text, date(2025, 7, 10), learned=True) == ["export_control_expanded"]
