"""Seventeenth round of the learned event-type classifier: the ``prevwords`` context
group (the previous sentence's normalised words), measured by leave-one-split-out CV
in ``bench/news_recall_cv.py`` (variant ``1.0:years+prevwords``)."""

from __future__ import annotations

from datetime import date

from chokepoints.news.extract import _rule_type, build_pipeline
from chokepoints.news.learned import CONTEXT_GROUPS, context_words, features, sentence_words

TEXT = (
    "China's commerce ministry announced export controls on gallium on Monday. "
    "It added that licences would be needed from August 1."
)


def _context() -> tuple[list, list[list[str]]]:
    sents = [s for s in build_pipeline()(TEXT).sents if len(s.text.strip()) >= 12]
    rules = [_rule_type(s, s.text.strip()) for s in sents]
    return sents, context_words(sents, rules, date(2025, 7, 3))


def test_prevwords_is_a_context_group() -> None:
    assert "prevwords" in CONTEXT_GROUPS
    assert CONTEXT_GROUPS[:6] == ("prev", "position", "seen", "years", "tense", "cues")


def test_prevwords_are_the_previous_sentence_words_once_each() -> None:
    sents, ctx = _context()
    assert len(ctx) == 2
    assert not any(w.startswith("CTX_prevwords_") for w in ctx[0])  # the first has none
    before = [w for w in sentence_words(sents[0]) if not w.startswith("RULE_")]
    mine = [w[len("CTX_prevwords_") :] for w in ctx[1] if w.startswith("CTX_prevwords_")]
    assert mine == list(dict.fromkeys(before))
    assert "ACTOR_agency" in mine and "controls" in mine
    assert not any(w.startswith("RULE_") for w in mine)


def test_prevwords_features_only_for_a_model_with_the_group() -> None:
    _, ctx = _context()
    words = ["RULE_none", "it", "added", *ctx[1]]
    plain = features(words, ("years",))
    assert not any(f.startswith("w=CTX_prevwords_") for f in plain)
    with_group = features(words, ("years", "prevwords"))
    assert "w=CTX_prevwords_controls" in with_group
    # the group's words are single word features: no pairs or character n-grams of them
    assert not any("prevwords" in f for f in with_group if not f.startswith("w="))
    # ``prev`` (the rules' answer for the previous sentence) does not take them in
    assert not any(f.startswith("w=CTX_prevwords_") for f in features(words, ("prev",)))


def test_prevwords_built_only_when_asked() -> None:
    # the extractor passes its model's groups: a model without prevwords pays nothing
    sents = [s for s in build_pipeline()(TEXT).sents if len(s.text.strip()) >= 12]
    rules = [_rule_type(s, s.text.strip()) for s in sents]
    ctx = context_words(sents, rules, date(2025, 7, 3), ("years",))
    assert not any(w.startswith("CTX_prevwords_") for words in ctx for w in words)
    everything = context_words(sents, rules, date(2025, 7, 3))
    assert [w for w in everything[1] if not w.startswith("CTX_prevwords_")] == ctx[1]
