"""Fifteenth round of the learned event-type classifier: the binary "some event" gate and
the classifier's C as training variants of ``bench/news_recall_cv.py`` (measured by
leave-one-split-out CV there; neither is shipped)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def recall_cv(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.syspath_prepend(str(BENCH))
    return importlib.import_module("news_recall_cv")


class _Multi:
    context = ("years",)
    thresholds = None

    def predict(self, sentences: list[list[str]]) -> list[dict[str, float]]:
        return [{"statement": 0.2, "other": 0.1, "none": 0.7} for _ in sentences]


class _Binary:
    def predict(self, sentences: list[list[str]]) -> list[dict[str, float]]:
        return [{"other": 0.5, "none": 0.5} for _ in sentences]


def test_split_gate_takes_out_the_gate_items(recall_cv: Any) -> None:
    assert recall_cv.split_gate("add=0.55,gate=0.5,switch=1.01,gate.adds=1") == (
        "add=0.55,switch=1.01",
        0.5,
        True,
    )
    assert recall_cv.split_gate("add=0.65,drop.statement=0.7") == (
        "add=0.65,drop.statement=0.7",
        0.0,
        False,
    )


def test_gated_mixes_p_event_and_keeps_type_proportions(recall_cv: Any) -> None:
    gated = recall_cv.Gated(_Multi(), _Binary(), 0.5, False)
    (p,) = gated.predict([["RULE_statement", "said"]])
    # p(some event): half of 0.3 and half of 0.5; statement stays twice as likely as other
    assert p["none"] == pytest.approx(0.6)
    assert p["statement"] == pytest.approx(2 * p["other"])
    assert sum(p.values()) == pytest.approx(1.0)
    assert gated.context == ("years",)


def test_gate_on_adds_only_leaves_rule_events(recall_cv: Any) -> None:
    gated = recall_cv.Gated(_Multi(), _Binary(), 1.0, True)
    untyped, typed = gated.predict([["RULE_none", "x"], ["RULE_statement", "x"]])
    assert untyped["none"] == pytest.approx(0.5)
    assert typed == {"statement": 0.2, "other": 0.1, "none": 0.7}
    assert recall_cv.Gated(_Multi(), _Binary(), 0.0, False).predict([]) == []
