"""Ninth-round changes (from the errors of the spent blind-7 to blind-9 splits), on
sentences written for this test, not taken from any corpus split."""

from __future__ import annotations

from datetime import date

from chokepoints.news.extract import _rule_type, build_pipeline, extract_events
from chokepoints.news.learned import (
    NEVER_DROPPED,
    NONE,
    EventTypeModel,
    Thresholds,
    combine,
    context_words,
    packaged_model,
    sentence_words,
)


def _sentence_probs(model: EventTypeModel, text: str, published: date) -> dict[str, float]:
    """The classifier's probabilities for a one-sentence article, as the extractor asks."""
    (sent,) = [s for s in build_pipeline()(text).sents if len(s.text.strip()) >= 12]
    rule = _rule_type(sent, sent.text.strip())
    words = sentence_words(sent, rule)
    if model.context:
        words += context_words([sent], [rule], published, model.context)[0]
    return model.predict([words])[0]


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
    # (a first control recalled after "weeks after": imposed since the nineteenth round)
    assert _types(text, published, learned=False) == ["export_control_imposed"]
    model = packaged_model()
    assert model is not None
    # The classifier finds the sentence likelier to report no event than the control
    # (p(none) 0.59 against 0.38 for the model trained on the fifty-four spent splits).
    # Whether that drops the control depends on ``drop`` (0.6), and the gold of the recent
    # splits annotates such recalled controls as background events, so the combination
    # may keep the rules' type; it must not give another.
    assert _types(text, published, learned=True) in ([], ["export_control_imposed"])
    probs = _sentence_probs(model, text, published)
    assert probs["none"] > probs["export_control_imposed"] > 0.1


def test_a_reported_control_stays() -> None:
    text = "China banned exports of gallium to the United States on Tuesday."
    assert _types(text, date(2025, 7, 10), learned=True) == ["export_control_expanded"]


def test_second_type_gives_a_second_event_for_the_same_sentence() -> None:
    import copy

    shipped = packaged_model()
    assert shipped is not None
    model = copy.deepcopy(shipped)
    text = (
        "China's commerce ministry said on Thursday that it had begun granting general "
        "licences for rare earth exports to some magnet makers."
    )
    published = date(2025, 12, 5)
    one = extract_events(text, published, model=model)
    model.thresholds = Thresholds(
        add=model.thresholds.add, switch=model.thresholds.switch, drop=1.01, second=0.0
    )
    two = extract_events(text, published, model=model)
    assert len(one) == 1 and len(two) == 2
    assert two[0].type == one[0].type and two[1].type != two[0].type
    assert two[0].evidence == two[1].evidence


def test_thresholds_without_second_load_with_it_off() -> None:
    assert Thresholds(add=0.8, switch=1.01, drop=0.6).second > 1.0
