"""Train the learned event-type classifier from the corpus and the analysts' decisions.

Usage::

    python -m chokepoints.news.train                 # train on the default splits, save
    python -m chokepoints.news.train --tune          # also choose thresholds by 5-fold CV
    python -m chokepoints.news.train --splits train  # the train split only
    python -m chokepoints.news.train --decisions FILE --out DIR

Training data: every sentence of the corpus splits named (``train``, ``dev`` and the
spent ``blind`` and ``blind2`` splits by default; see :data:`DEFAULT_SPLITS`) of
``chokepoints/data/news_corpus/`` (sentences as the extractor splits them), labelled
with the type of the gold event whose evidence it is, or ``none``; plus each sentence of
the decisions file (:mod:`chokepoints.news.feedback`) with its decided label. The
third blind split ``blind3`` is never read here.

Training is deterministic (fixed seed, fixed order of examples per epoch).
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from chokepoints.news.learned import NONE, EventTypeModel, Thresholds, model_dir, sentence_words

SEED = 13
EPOCHS = 10
#: Adam step size: the default 0.001 barely moves a linear model in a few hundred updates.
LEARN_RATE = 0.02
FOLDS = 5
#: Threshold grid searched by --tune.
GRID_ADD = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
GRID_SWITCH = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
GRID_DROP = (0.6, 0.7, 0.8, 0.9, 1.01)
#: Splits trained on by default: the first two blind splits were scored once and are spent.
DEFAULT_SPLITS = ("train", "dev", "blind", "blind2")
#: Splits never trained on (held out for a single blind scoring run).
HELD_OUT_SPLITS = frozenset({"blind3"})


@dataclass
class Article:
    """One gold article of the corpus."""

    name: str
    text: str
    published: date
    events: list[Any]


def load_split(split: str, base: Path | None = None) -> list[Article]:
    """Gold articles of one corpus split."""
    from chokepoints.news.corpus import corpus_dir
    from chokepoints.news.evaluate import load_gold

    folder = (base or corpus_dir()) / split
    return [Article(p.stem, text, pub, evs) for p, text, pub, evs in load_gold(folder)]


def _same(a: str, b: str) -> bool:
    from chokepoints.news.evaluate import _overlaps

    return _overlaps(a, b) >= 0.5


def sentence_examples(articles: list[Article]) -> list[tuple[list[str], str]]:
    """(normalised words, label) for every sentence of ``articles``."""
    from chokepoints.news.extract import _rule_type, build_pipeline, strip_dateline

    nlp = build_pipeline()
    out = []
    for art in articles:
        doc = nlp(strip_dateline(art.text))
        for sent in doc.sents:
            text = sent.text.strip()
            if len(text) < 12:
                continue
            label = next((e.type for e in art.events if _same(text, e.evidence)), NONE)
            out.append((sentence_words(sent, _rule_type(sent, text)), label))
    return out


def decision_examples(rows: list[dict[str, Any]]) -> list[tuple[list[str], str]]:
    """(normalised words, label) for the analysts' decided sentences."""
    from chokepoints.news.extract import _rule_type, build_pipeline

    nlp = build_pipeline()
    out = []
    for row in rows:
        for sent in nlp(row["evidence"]).sents:
            rule = _rule_type(sent, sent.text.strip())
            out.append((sentence_words(sent, rule), str(row["label"])))
            break
    return out


def train_model(
    examples: list[tuple[list[str], str]], epochs: int = EPOCHS, learn_rate: float | None = None
) -> EventTypeModel:
    """Fit a fresh classifier on ``examples`` (deterministic)."""
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(SEED)
    model = EventTypeModel.blank()
    labels = model.nlp.get_pipe("textcat").labels
    docs = model.docs([w for w, _ in examples])
    data = [
        Example.from_dict(d, {"cats": {lab: float(lab == y) for lab in labels}})
        for d, (_, y) in zip(docs, examples, strict=True)
    ]
    optimizer = model.nlp.initialize(lambda: data)
    optimizer.learn_rate = learn_rate or LEARN_RATE
    rng = random.Random(SEED)
    for _ in range(epochs):
        order = data[:]
        rng.shuffle(order)
        for batch in minibatch(order, size=16):
            model.nlp.update(batch, sgd=optimizer, drop=0.0)
    return model


def _score(articles: list[Article], model: EventTypeModel | None, t: Thresholds | None) -> float:
    """Event-type F1 of the extractor on ``articles`` (rules alone when model is None)."""
    from chokepoints.news.evaluate import Scores, score_document
    from chokepoints.news.extract import extract_events

    scores = Scores()
    if model is not None and t is not None:
        model.thresholds = t
    for art in articles:
        pred = extract_events(art.text, art.published, learned=model is not None, model=model)
        score_document(pred, art.events, scores)
    return scores.fields["event"].f1


def tune(articles: list[Article], folds: int = FOLDS) -> tuple[Thresholds, dict[str, Any]]:
    """Thresholds with the best mean event F1 over ``folds``-fold cross-validation."""
    parts = [articles[i::folds] for i in range(folds)]
    models = []
    for k in range(folds):
        rest = [a for i, p in enumerate(parts) if i != k for a in p]
        models.append(train_model(sentence_examples(rest)))
    best: tuple[float, Thresholds] | None = None
    for add in GRID_ADD:
        for switch in GRID_SWITCH:
            for drop in GRID_DROP:
                t = Thresholds(add, switch, drop)
                f1 = sum(_score(parts[k], models[k], t) for k in range(folds)) / folds
                if best is None or f1 > best[0] + 1e-9:
                    best = (f1, t)
    assert best is not None
    rules = sum(_score(p, None, None) for p in parts) / folds
    report = {"cv_folds": folds, "cv_event_f1_rules": round(rules, 3)}
    report["cv_event_f1_combined"] = round(best[0], 3)
    return best[1], report


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: train, optionally tune, and save the model."""
    from chokepoints.news.feedback import decisions_path, read_decisions

    ap = argparse.ArgumentParser(prog="python -m chokepoints.news.train", description=__doc__)
    ap.add_argument("--decisions", help="analysts' decisions file (JSON lines)")
    ap.add_argument("--out", type=Path, default=model_dir(), help="model folder")
    ap.add_argument("--tune", action="store_true", help="choose thresholds by cross-validation")
    ap.add_argument(
        "--splits",
        default=",".join(DEFAULT_SPLITS),
        help="comma-separated corpus splits to train on (default: %(default)s)",
    )
    args = ap.parse_args(argv)
    splits = [s.strip() for s in args.splits.split(",") if s.strip()]
    if HELD_OUT_SPLITS & set(splits):
        ap.error(f"{sorted(HELD_OUT_SPLITS & set(splits))} is held out for blind scoring")
    articles = [a for split in splits for a in load_split(split)]
    decided = read_decisions(args.decisions)
    examples = sentence_examples(articles) + decision_examples(decided)
    thresholds = Thresholds()
    report: dict[str, Any] = {}
    if args.tune:
        thresholds, report = tune(articles)
    elif (args.out / "event_type.json").exists():
        thresholds = EventTypeModel.load(args.out).thresholds
    model = train_model(examples)
    model.thresholds = thresholds
    counts: dict[str, int] = {}
    for _, label in examples:
        counts[label] = counts.get(label, 0) + 1
    model.meta = {
        "trained_on": {
            "corpus_split": "+".join(splits),
            "articles": len(articles),
            "sentences": len(examples) - len(decided),
            "decisions": len(decided),
            "decisions_file": str(decisions_path(args.decisions)) if decided else None,
            "labels": dict(sorted(counts.items())),
        },
        "seed": SEED,
        "epochs": EPOCHS,
        **report,
    }
    model.save(args.out)
    print(f"saved {args.out} ({len(examples)} sentences; thresholds {thresholds.as_dict()})")
    if report:
        print(report)


if __name__ == "__main__":
    main()
