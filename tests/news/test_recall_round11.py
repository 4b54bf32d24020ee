"""Eleventh-round changes to the learned event-type classifier (issue 13): the spent
``blind12`` split in the training data, training on every gold type of a sentence, the
``cues`` context group and example weights; sentences written for this test."""

from __future__ import annotations

from datetime import date

from chokepoints.news.learned import CONTEXT_GROUPS, NONE, cue_words, features
from chokepoints.news.schema import ExtractedEvent as Event
from chokepoints.news.train import (
    DEFAULT_SPLITS,
    HELD_OUT_SPLITS,
    Article,
    sentence_examples,
    train_model,
)


def test_spent_blind12_is_trained_on_and_held_out_splits_are_not() -> None:
    assert "blind12" in DEFAULT_SPLITS
    assert len(DEFAULT_SPLITS) >= 19
    assert {"blind13", "blind14", "blind15"} <= set(DEFAULT_SPLITS)
    assert not HELD_OUT_SPLITS & set(DEFAULT_SPLITS)


def _article() -> Article:
    text = (
        "The ministry said on Monday it had begun granting export licences for magnets. "
        "Shares of carmakers rose in Tokyo."
    )
    first = "The ministry said on Monday it had begun granting export licences for magnets."
    events = [
        Event(type="statement", evidence=first),
        Event(type="license_issued", evidence=first),
    ]
    return Article("t", text, date(2025, 6, 10), events)


def test_every_label_gives_one_example_per_gold_type_of_a_sentence() -> None:
    art = _article()
    one = sentence_examples([art])
    every = sentence_examples([art], every_label=True)
    assert [label for _, label in one] == ["statement", NONE]
    assert [label for _, label in every] == ["statement", "license_issued", NONE]
    assert every[0][0] == every[1][0]  # the same sentence twice


def test_cue_words_name_the_triggers_whatever_the_rules_decide() -> None:
    assert "cues" in CONTEXT_GROUPS
    # Hedged: the rules type no control, but the trigger is a cue.
    words = cue_words("Beijing could ban exports of gallium to the United States.")
    assert "CTX_cues_trig_export_control_imposed" in words
    assert "CTX_cues_policy" in words
    assert cue_words("Shares rose in Tokyo.") == []
    figure = cue_words("China raised its tariff on soybeans to 25% last year.")
    assert {"CTX_cues_figure", "CTX_cues_background"} <= set(figure)
    # A model without the group ignores the words; one with it counts each once.
    assert not [f for f in features(["a", *words]) if "cues" in f]
    assert "w=CTX_cues_policy" in features(["a", *words], context=("cues",))


def test_example_weights_shift_probability_to_the_weighted_label() -> None:
    rows = [(["ban", "exports"], "export_control_imposed")] * 3
    rows += [(["shares", "rose"], NONE)] * 3 + [(["ban", "shares"], NONE)] * 3
    rows += [(["ban", "rose"], "export_control_imposed")] * 3
    probe = [["ban", "rose", "exports", "shares"]]
    plain = train_model(rows, context=()).predict(probe)[0]
    light = train_model(rows, context=(), class_weight={NONE: 0.2}).predict(probe)[0]
    assert light[NONE] < plain[NONE]


def test_shipped_classifier_gives_a_second_event_from_p_0_25() -> None:
    # Eleventh round: leave-one-split-out over fifteen splits, second 0.25 against off:
    # pooled event F1 0.718 -> 0.726 (recall 0.687 -> 0.708; nested over 0.2-0.4 and
    # off, 0.725), train2 0.677 -> 0.693; add, switch and drop unchanged.
    from chokepoints.news.learned import packaged_model, second_type

    model = packaged_model()
    assert model is not None
    t = model.thresholds
    # (add: tests/news/test_round13.py)
    assert (t.switch, t.drop, t.second) == (1.01, 0.6, 0.25)
    # and a rule remark is dropped only from p(none) 0.7 (pooled 0.726 -> 0.729, nested
    # over 0.6-0.8 0.728, train2 0.693 -> 0.698)
    assert t.drop_by_type == {"statement": 0.7}
    probs = {"statement": 0.6, "license_issued": 0.26, NONE: 0.14}
    assert second_type("statement", probs, t) == "license_issued"
    assert second_type("statement", {**probs, "license_issued": 0.2, NONE: 0.2}, t) is None


def test_drop_threshold_by_rule_type_is_saved_loaded_and_checked(tmp_path) -> None:
    import json

    import pytest

    from chokepoints.errors import DataError
    from chokepoints.news.learned import EventTypeModel, Thresholds, combine

    t = Thresholds(add=0.6, switch=1.01, drop=0.6, drop_by_type={"statement": 0.7})
    probs = {"statement": 0.35, NONE: 0.65}
    assert combine("statement", probs, t) == "statement"  # 0.65 < 0.7: kept
    assert combine("other", {"other": 0.35, NONE: 0.65}, t) is None  # 0.65 >= 0.6
    rows = [(["ban", "exports"], "export_control_imposed")] * 3 + [(["rose"], NONE)] * 3
    model = train_model(rows, context=())
    model.thresholds = t
    model.save(tmp_path)
    back = EventTypeModel.load(tmp_path)
    assert back.thresholds.drop_by_type == {"statement": 0.7}
    meta = json.loads((tmp_path / "event_type.json").read_text(encoding="utf-8"))
    meta["thresholds"]["drop_by_type"] = {"remark": 0.7}
    (tmp_path / "event_type.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(DataError, match="drop_by_type"):
        EventTypeModel.load(tmp_path)
