"""Twelfth round of issue 13: the spent ``blind13`` to ``blind15`` splits trained on, and a
suspension whose relative clause names the suspended measures with their day also gives
those measures as a background ``export_control_expanded`` (corpus README, ``blind8``
note)."""

from datetime import date

from chokepoints.news.extract import extract_events
from chokepoints.news.train import DEFAULT_SPLITS, HELD_OUT_SPLITS


def test_nineteen_spent_splits_are_trained_on() -> None:
    assert {"blind13", "blind14", "blind15"} <= set(DEFAULT_SPLITS)
    assert len(DEFAULT_SPLITS) >= 19
    assert "blind16" in DEFAULT_SPLITS
    assert not HELD_OUT_SPLITS & set(DEFAULT_SPLITS)


def _types(text: str, published: date) -> dict[str, tuple[str | None, str]]:
    return {e.type: (e.date, e.salience) for e in extract_events(text, published, learned=False)}


def test_relative_clause_with_day_gives_the_earlier_measures() -> None:
    got = _types(
        "China's commerce ministry said on Thursday that Beijing would suspend for one year "
        "the export control measures it announced on October 9.",
        date(2025, 10, 31),
    )
    assert "export_control_eased_or_suspended" in got
    assert got["export_control_expanded"] == ("2025-10-09", "background")


def test_day_first_form_and_participle() -> None:
    got = _types(
        "The ministry suspended until 10 November 2026 the export control measures announced "
        "on 9 October.",
        date(2025, 11, 8),
    )
    assert got.get("export_control_expanded") == ("2025-10-09", "background")


def test_month_only_or_no_relative_clause_gives_no_second_event() -> None:
    month_only = _types(
        "Beijing suspended the controls it had announced in October.", date(2025, 11, 10)
    )
    assert "export_control_expanded" not in month_only
    plain = _types(
        "China suspended its ban on exports of gallium to the United States on Sunday.",
        date(2025, 11, 10),
    )
    assert "export_control_expanded" not in plain


def test_transcript_introduction_is_a_statement() -> None:
    from chokepoints.news.extract import _rule_type, build_pipeline

    nlp = build_pipeline()
    took = "Spokesperson He Yongqian took questions at the regular press conference on Thursday."
    assert _rule_type(next(iter(nlp(took).sents)), took) == "statement"
    other = "Investors took questions about the deal seriously."
    assert _rule_type(next(iter(nlp(other).sents)), other) is None
