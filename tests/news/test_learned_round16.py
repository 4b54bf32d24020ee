"""Sixteenth round of the learned event-type classifier: the number of times the rules'
answer is written (``rr=K`` of a ``bench/news_recall_cv.py`` training variant), measured
by leave-one-split-out CV there alongside C and the add thresholds."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

import chokepoints.news.learned as learned

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def recall_cv(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.syspath_prepend(str(BENCH))
    return importlib.import_module("news_recall_cv")


def test_repeat_rule_rewrites_the_leading_rule_words(recall_cv: Any) -> None:
    words = ["RULE_statement"] * learned.RULE_REPEAT + ["china", "said"]
    ((out, label),) = recall_cv.repeat_rule([(words, "statement")], 2)
    assert out == ["RULE_statement", "RULE_statement", "china", "said"]
    assert label == "statement"
    assert words[: learned.RULE_REPEAT] == ["RULE_statement"] * learned.RULE_REPEAT


def test_repeat_rule_keeps_shared_word_lists_shared(recall_cv: Any) -> None:
    words = ["RULE_none"] * 5 + ["beijing", "met", "washington"]
    other = ["RULE_other"] * 5 + ["x"]
    examples = [(words, "meeting_or_call"), (words, "statement"), (other, "none")]
    out = recall_cv.repeat_rule(examples, 3)
    assert out[0][0] is out[1][0]
    assert out[0][0] == ["RULE_none"] * 3 + ["beijing", "met", "washington"]
    assert out[2][0] == ["RULE_other"] * 3 + ["x"]
    # first_labels still sees one sentence with its extra example
    assert len(recall_cv.first_labels(out)) == 2


def test_repeat_rule_leaves_a_sentence_without_rule_words(recall_cv: Any) -> None:
    ((out, _),) = recall_cv.repeat_rule([(["a", "b"], "none")], 3)
    assert out == ["a", "b"]


def test_counts_and_subset_row_pool_the_named_splits(recall_cv: Any) -> None:
    from chokepoints.news.evaluate import Scores

    a, b = Scores(), Scores()
    a.fields["event"].tp, a.fields["event"].fn = 3, 1
    b.fields["event"].tp, b.fields["event"].fp = 1, 3
    assert recall_cv.counts(a)["event"] == {"tp": 3, "fp": 0, "fn": 1}
    row = recall_cv.subset_row("v | s, fresh", [a, b])
    # pooled: tp 4, fp 3, fn 1 -> P 4/7, R 4/5
    assert row.startswith("| v | s, fresh | 0.571 | 0.800 | 0.667 |")
