"""The learned event-type classifier, its training data, the decisions file and the corpus."""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path

import pytest

from chokepoints.errors import DataError
from chokepoints.news.corpus import SPLITS, corpus_dir, parse_source
from chokepoints.news.extract import build_pipeline, extract_events
from chokepoints.news.feedback import read_decisions, record_decision
from chokepoints.news.learned import (
    CONTEXT_GROUPS,
    LABELS,
    NONE,
    EventTypeModel,
    Thresholds,
    combine,
    context_words,
    features,
    packaged_model,
    sentence_words,
)
from chokepoints.news.train import decision_examples, load_split, sentence_examples, train_model


def test_corpus_splits_are_large_and_disjoint() -> None:
    names: dict[str, set[str]] = {}
    texts: set[str] = set()
    for split in SPLITS:
        articles = parse_source(corpus_dir() / f"{split}.src")
        names[split] = {a.name for a in articles}
        for a in articles:
            assert a.text not in texts, a.name  # no article in two splits
            texts.add(a.text)
        # the expanded gold files are in step with the source
        assert {p.stem for p in (corpus_dir() / split).glob("*.json")} == names[split]
    assert sum(len(n) for n in names.values()) >= 150
    assert len(names["blind"]) >= 40 and len(names["train"]) >= 100


def test_sentence_words_normalise_actors_and_digits() -> None:
    doc = build_pipeline()("Russia banned exports of 34 tonnes of gallium.")
    words = sentence_words(next(iter(doc.sents)), "export_control_imposed")
    assert words[0] == "RULE_export_control_imposed"
    assert "ACTOR_country" in words and "00" in words and "russia" not in words


def test_combine_adds_switches_and_drops() -> None:
    t = Thresholds(add=0.6, switch=0.8, drop=0.9)
    assert combine(None, {"statement": 0.3, NONE: 0.7}, t) is None
    assert combine(None, {"statement": 0.5, "other": 0.2, NONE: 0.3}, t) == "statement"
    assert combine("other", {"tariff_change": 0.85}, t) == "tariff_change"
    assert combine("other", {"tariff_change": 0.75}, t) == "other"
    assert combine("other", {NONE: 0.95}, t) is None
    # since the ninth round the model may drop a rule control it finds background
    assert combine("export_control_imposed", {NONE: 0.99}, t) is None
    assert combine("export_control_imposed", {NONE: 0.85}, t) == "export_control_imposed"


def test_packaged_model_loads_and_predicts_every_label() -> None:
    model = packaged_model()
    assert model is not None
    trained_on = model.meta["trained_on"]["corpus_split"].split("+")
    from chokepoints.news.train import DEFAULT_SPLITS, HELD_OUT_SPLITS

    # trained on the default (spent) splits, never on a split held out for blind scoring
    assert trained_on == list(DEFAULT_SPLITS)
    assert not HELD_OUT_SPLITS & set(trained_on)
    (probs,) = model.predict([["RULE_none", "the", "talks", "ended"]])
    assert set(probs) == set(LABELS) and abs(sum(probs.values()) - 1) < 1e-4


def test_rules_alone_and_combined_are_both_available() -> None:
    text = "China banned exports of gallium to the United States on Tuesday."
    for learned in (False, True):
        (ev,) = extract_events(text, date(2024, 12, 4), learned=learned)
        assert ev.type.startswith("export_control")


def test_training_is_deterministic_and_learns_the_train_split(tmp_path: Path) -> None:
    examples = sentence_examples(load_split("train")[:30])
    assert {y for _, y in examples} >= {NONE, "statement"}
    a, b = train_model(examples), train_model(examples)
    words = [w for w, _ in examples[:20]]
    assert a.predict(words) == b.predict(words)
    a.save(tmp_path)
    again = EventTypeModel.load(tmp_path)
    for p, q in zip(again.predict(words), a.predict(words), strict=True):
        assert max(abs(p[k] - q[k]) for k in p) < 1e-6  # coefficients stored as float32
    # it learns: most training sentences get their own label back
    probs = a.predict(words)
    right = [max(p, key=p.__getitem__) == y for p, (_, y) in zip(probs, examples[:20], strict=True)]
    assert sum(right) >= 0.8 * len(right)


def test_prediction_equals_scikit_learns() -> None:
    """The NumPy prediction reproduces scikit-learn's TF-IDF + logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from chokepoints.news.learned import MIN_DF, C

    examples = sentence_examples(load_split("train")[:40])
    model = train_model(examples, context=CONTEXT_GROUPS)
    analyzer = functools.partial(features, context=CONTEXT_GROUPS)
    vec = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=MIN_DF)
    x = vec.fit_transform([w for w, _ in examples])
    clf = LogisticRegression(C=C, max_iter=3000).fit(x, [y for _, y in examples])
    words = [w for w, _ in examples[:25]]
    theirs = clf.predict_proba(vec.transform(words))
    ours = model.predict(words)
    for row, probs in zip(theirs, ours, strict=True):
        for label, p in zip(clf.classes_, row, strict=True):
            assert abs(probs[label] - p) < 1e-9
        assert sum(probs.values()) == pytest.approx(1.0)


def test_features_are_words_pairs_and_character_ngrams() -> None:
    feats = features(["RULE_none", "ban"])
    assert "w=ban" in feats and "b=RULE_none ban" in feats
    assert {"c= ba", "c=ban", "c=an ", "c= ban", "c=ban ", "c= ban "} <= set(feats)


def test_model_files_are_checked(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="is missing"):
        EventTypeModel.load(tmp_path)
    model = train_model(sentence_examples(load_split("train")[:5]))
    model.save(tmp_path)
    meta = json.loads((tmp_path / "event_type.json").read_text())
    meta["labels"] = ["statement"]
    (tmp_path / "event_type.json").write_text(json.dumps(meta))
    with pytest.raises(DataError, match="labels"):
        EventTypeModel.load(tmp_path)
    meta["labels"] = list(LABELS)
    (tmp_path / "event_type.json").write_text(json.dumps(meta))
    (tmp_path / "event_type.npz").write_bytes(b"not a zip file")
    with pytest.raises(DataError, match="is not a model"):
        EventTypeModel.load(tmp_path)


def test_decisions_are_recorded_and_read_for_training(tmp_path: Path) -> None:
    path = tmp_path / "decisions.jsonl"
    sent = "Moscow imposed export controls on tungsten on Monday."
    record_decision("accept", "export_control_imposed", sent, path=path, proposal=4)
    record_decision("reject", "statement", "Traders were cautious, analysts said.", path=path)
    record_decision(
        "correct", "export_control_imposed", sent, label="export_control_expanded", path=path
    )
    rows = read_decisions(path)
    assert [r["label"] for r in rows] == [
        "export_control_imposed",
        NONE,
        "export_control_expanded",
    ]
    examples = decision_examples(rows)
    assert [y for _, y in examples] == [r["label"] for r in rows]
    with pytest.raises(DataError, match="unknown decision"):
        record_decision("maybe", "statement", sent, path=path)
    path.write_text(path.read_text() + "{not json\n")
    with pytest.raises(DataError, match="row 4"):
        read_decisions(path)


def test_reject_command_records_a_decision(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from chokepoints.cli import app

    runner = CliRunner()
    decisions = tmp_path / "d.jsonl"
    monkeypatch.setenv("CHOKEPOINTS_NEWS_DECISIONS", str(decisions))
    db = f"sqlite:///{tmp_path / 'news.sqlite'}"
    art = tmp_path / "a.txt"
    art.write_text(
        "Published: 2025-06-10\n\nMoscow imposed export licensing requirements on "
        "dysprosium on Monday, the Russian government said.\n"
    )
    assert runner.invoke(app, ["news", "ingest", str(art), "--db", db]).exit_code == 0
    r = runner.invoke(app, ["news", "propose", "--db", db, "--format", "json"])
    pid = json.loads(r.output)[0]["id"]
    r = runner.invoke(
        app, ["news", "reject", str(pid), "--type", "export_control_expanded", "--db", db]
    )
    assert r.exit_code == 0, r.output
    timeline = tmp_path / "t.yaml"
    r = runner.invoke(app, ["news", "accept", str(pid), "--timeline", str(timeline), "--db", db])
    assert r.exit_code == 0, r.output
    rows = read_decisions(decisions)
    assert [(r["decision"], r["label"]) for r in rows] == [
        ("correct", "export_control_expanded"),
        ("accept", "export_control_imposed"),
    ]


def test_default_is_the_combination_unless_switched_off(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from chokepoints.news.extract import learned_by_default

    monkeypatch.delenv("CHOKEPOINTS_NEWS_LEARNED", raising=False)
    assert learned_by_default() is True  # cross-validation says the combination helps
    monkeypatch.setenv("CHOKEPOINTS_NEWS_LEARNED", "0")
    assert learned_by_default() is False
    monkeypatch.setenv("CHOKEPOINTS_NEWS_LEARNED", "1")
    assert learned_by_default() is True


def test_evaluate_command_scores_rules_and_combination(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from chokepoints.cli import app

    runner = CliRunner()
    dev = corpus_dir() / "dev"
    out = {}
    for flag in ("--rules-only", "--learned"):
        r = runner.invoke(app, ["news", "evaluate", str(dev), "--format", "json", flag])
        assert r.exit_code == 0, r.output
        out[flag] = {row["field"]: row["f1"] for row in json.loads(r.output)["fields"]}
    assert out["--rules-only"]["event"] > 0.5 and out["--learned"]["event"] > 0.5


def test_context_words_see_the_article_around_a_sentence() -> None:
    from chokepoints.news.extract import _rule_type

    text = (
        "China imposed export controls on gallium on 3 July 2023. "
        "The controls had been in place since August 2023, officials said. "
        "In 2025 China imposed export controls on antimony."
    )
    sents = [s for s in build_pipeline()(text).sents if len(s.text.strip()) >= 12]
    rules = [_rule_type(s, s.text.strip()) for s in sents]
    ctx = context_words(sents, rules, date(2025, 9, 1))
    assert len(ctx) == 3
    assert "CTX_prev_START" in ctx[0] and "CTX_position_first" in ctx[0]
    assert f"CTX_prev_{rules[0] or NONE}" in ctx[1] and "CTX_position_second" in ctx[1]
    assert "CTX_position_later" in ctx[2]
    assert "CTX_years_before" in ctx[0] and "CTX_years_current" in ctx[2]
    assert "CTX_tense_lookback" in ctx[1] and "CTX_tense_lookback" not in ctx[0]
    if rules[0] is not None and rules[2] == rules[0]:
        assert "CTX_seen_new" in ctx[0] and "CTX_seen_again" in ctx[2]


def test_context_features_only_for_the_model_groups() -> None:
    words = ["RULE_none", "ban", "CTX_prev_START", "CTX_years_before"]
    assert features(words) == features(["RULE_none", "ban"])  # no groups: context ignored
    with_prev = features(words, ("prev",))
    assert "w=CTX_prev_START" in with_prev and "w=CTX_years_before" not in with_prev
    # a context word is one feature: no pair with the sentence's words, no n-grams
    assert not any("CTX" in f for f in with_prev if not f.startswith("w="))


def test_model_context_is_saved_and_checked(tmp_path: Path) -> None:
    examples = sentence_examples(load_split("train")[:8])
    model = train_model(examples, context=("prev", "years"))
    model.save(tmp_path)
    loaded = EventTypeModel.load(tmp_path)
    assert loaded.context == ("prev", "years")
    words = [w for w, _ in examples[:6]]
    for a, b in zip(loaded.predict(words), model.predict(words), strict=True):
        assert a == pytest.approx(b)
    meta = json.loads((tmp_path / "event_type.json").read_text())
    del meta["context"]  # a model saved before context features: it uses none
    (tmp_path / "event_type.json").write_text(json.dumps(meta))
    assert EventTypeModel.load(tmp_path).context == ()
    meta["context"] = ["prev", "weather"]
    (tmp_path / "event_type.json").write_text(json.dumps(meta))
    with pytest.raises(DataError, match="context") as err:
        EventTypeModel.load(tmp_path)
    assert "weather" in str(err.value) and "event_type.json" in str(err.value)
