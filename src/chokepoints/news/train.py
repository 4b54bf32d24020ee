"""Train the learned event-type classifier from the corpus and the analysts' decisions.

Usage::

    python -m chokepoints.news.train                 # train on the default splits, save
    python -m chokepoints.news.train --tune          # also choose thresholds by 5-fold CV
    python -m chokepoints.news.train --splits train  # the train split only
    python -m chokepoints.news.train --decisions FILE --out DIR

Training data: every sentence of the corpus splits named (by default every split
present but a blind split not yet scored: ``train``, ``train2``, ``dev`` and the spent
``blind`` to ``blind31``; see :data:`DEFAULT_SPLITS`) of
``chokepoints/data/news_corpus/`` (sentences as the extractor splits them), labelled
with the type of the gold event whose evidence it is, or ``none``; plus each sentence of
the decisions file (:mod:`chokepoints.news.feedback`) with its decided label. A blind
split not yet scored (:data:`HELD_OUT_SPLITS`) is refused and never read here.

Training needs scikit-learn (``pip install scikit-learn``, in the ``test`` and
``news-train`` extras); it is deterministic (the lbfgs solver has no randomness).
"""

from __future__ import annotations

import argparse
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from chokepoints.errors import DataError
from chokepoints.news.learned import (
    LABELS,
    MIN_DF,
    NONE,
    EventTypeModel,
    Thresholds,
    context_words,
    features,
    model_dir,
    sentence_words,
)
from chokepoints.news.learned import C as DEFAULT_C

#: Context groups of the shipped model, chosen by leave-one-split-out CV over the eleven
#: spent splits (``bench/news_context_cv.py``; docs/benchmarks.md "Context for the
#: classifier"): only ``years`` raised the pooled event F1 without lowering ``train2``.
DEFAULT_CONTEXT: tuple[str, ...] = ("years",)
#: Iteration limit of the lbfgs solver (it converges well within it on the corpus).
MAX_ITER = 3000
FOLDS = 5
#: Threshold grid searched by --tune.
GRID_ADD = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
GRID_SWITCH = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
GRID_DROP = (0.6, 0.7, 0.8, 0.9, 1.01)
#: Splits never trained on (a blind split waiting for its single scoring run). Empty since
#: ``blind56`` to ``blind59`` (reserved 2026-12-05 00:30 UTC, before a word of any was
#: written, to score the twenty-second round's shipped state again) were scored once at
#: 00:39-00:40 UTC (bench/news_blind56_first_run.json to news_blind59_first_run.json);
#: they are trained on since. ``blind52`` to ``blind55`` (reserved 2026-12-04 22:50 UTC, before a word of any was
#: written) were scored once at 00:26-00:27 UTC on 2026-12-05
#: (bench/news_blind52_first_run.json to news_blind55_first_run.json); they are trained
#: on since. ``blind48`` to ``blind51`` (reserved 2026-12-04 22:44 UTC, before a word of any
#: was written) were scored once at 23:31-23:32 UTC (bench/news_blind48_first_run.json to
#: news_blind51_first_run.json); they are trained on since. ``blind45`` to ``blind47`` (reserved 2026-12-04 21:24 UTC, before a word of any was
#: written) were scored once at 22:13 UTC (bench/news_blind45_first_run.json to
#: news_blind47_first_run.json); they are trained on since. ``blind41`` to ``blind44`` (reserved 2026-12-04 20:24 UTC, before a word of any was
#: written) were scored once at 21:23-21:24 UTC (bench/news_blind41_first_run.json to
#: news_blind44_first_run.json); they are trained on since. ``blind38`` to ``blind40`` (reserved 2026-12-04 19:16 UTC, before a word of any was
#: written) were scored once at 19:50 and 19:51 UTC (bench/news_blind38_first_run.json to
#: news_blind40_first_run.json); they are trained on since. ``blind32`` to ``blind37`` (reserved 2026-12-04 18:00 UTC, before a word of any was
#: written) were scored once at 19:08 UTC (bench/news_blind32_first_run.json to
#: news_blind37_first_run.json); they are trained on since. ``blind29`` to ``blind31``
#: (reserved 16:43 UTC) were scored once at 17:24 UTC (bench/news_blind29_first_run.json
#: to news_blind31_first_run.json). ``blind24`` to ``blind26`` (reserved 15:27 UTC) and
#: ``blind27`` and ``blind28`` (reserved 15:40 UTC), each before a word of it was written,
#: were scored once at 16:42 UTC (bench/news_blind24_first_run.json to
#: news_blind28_first_run.json). ``blind22`` and ``blind23`` (reserved 03:00 UTC) were
#: scored once at 03:11 UTC (bench/news_blind22_first_run.json,
#: news_blind23_first_run.json). Earlier blind splits were each scored once before being
#: trained on: ``blind19`` to ``blind21`` at 02:33 UTC (bench/news_blind19_first_run.json
#: to news_blind21_first_run.json), ``blind17`` and ``blind18`` at 2026-12-03 23:40 UTC,
#: ``blind16`` at 22:46, ``blind13`` to ``blind15`` at 22:23, ``blind12`` at 19:43,
#: ``blind10`` and ``blind11`` at 19:10.
HELD_OUT_SPLITS: frozenset[str] = frozenset()
#: Splits trained on by default: the splits the shipped model (news_model/event_type.npz)
#: was trained on, the sixty-two spent splits (``blind7`` since the eighth round,
#: ``blind8`` to ``blind59`` since each was scored once; ``blind10`` and ``blind11`` added
#: in the tenth round after their one scoring at 19:10 UTC, ``blind12`` in the eleventh
#: after its scoring at 19:43 UTC, ``blind13`` to ``blind15`` in the twelfth after their
#: scoring at 22:23 UTC, ``blind16`` in the thirteenth after its scoring at 22:46 UTC,
#: ``blind17`` and ``blind18`` in the fourteenth after their scoring at 23:40 UTC,
#: ``blind19`` to ``blind21`` after their scoring at 02:33 UTC on 2026-12-04, ``blind22`` and
#: ``blind23`` after theirs at 03:11 UTC, ``blind24`` to ``blind28`` after theirs at 16:42
#: UTC, ``blind29`` to ``blind31`` after theirs at 17:24 UTC, ``blind32`` to ``blind37``
#: after theirs at 19:08 UTC, ``blind38`` to ``blind40`` after theirs at 19:51 UTC, ``blind41`` to ``blind44`` after theirs at
#: 21:24 UTC, ``blind45`` to ``blind47`` after theirs at 22:13 UTC, ``blind48`` to
#: ``blind51`` after theirs at 23:32 UTC, ``blind52`` to ``blind55`` after theirs at 00:27
#: UTC, ``blind56`` to ``blind59`` after theirs at 00:40 UTC), so that
#: this command reproduces the shipped model.
DEFAULT_SPLITS = tuple(
    s
    for s in (
        "train",
        "train2",
        "dev",
        "blind",
        "blind2",
        "blind3",
        "blind4",
        "blind5",
        "blind6",
        "blind7",
        "blind8",
        "blind9",
        "blind10",
        "blind11",
        "blind12",
        "blind13",
        "blind14",
        "blind15",
        "blind16",
        "blind17",
        "blind18",
        "blind19",
        "blind20",
        "blind21",
        "blind22",
        "blind23",
        "blind24",
        "blind25",
        "blind26",
        "blind27",
        "blind28",
        "blind29",
        "blind30",
        "blind31",
        "blind32",
        "blind33",
        "blind34",
        "blind35",
        "blind36",
        "blind37",
        "blind38",
        "blind39",
        "blind40",
        "blind41",
        "blind42",
        "blind43",
        "blind44",
        "blind45",
        "blind46",
        "blind47",
        "blind48",
        "blind49",
        "blind50",
        "blind51",
        "blind52",
        "blind53",
        "blind54",
        "blind55",
        "blind56",
        "blind57",
        "blind58",
        "blind59",
    )
    if s not in HELD_OUT_SPLITS
)


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


def labelled_sentences(
    articles: list[Article],
) -> Iterator[tuple[str, str | None, list[str], list[str]]]:
    """Every sentence of ``articles`` as the extractor splits it, in order: (its text, the
    rules' answer, its normalised words and every context word, the types of the gold
    events whose evidence it is, in the order of the gold)."""
    from chokepoints.news.extract import _rule_type, build_pipeline, strip_dateline

    nlp = build_pipeline()
    for art in articles:
        doc = nlp(strip_dateline(art.text))
        sents = [s for s in doc.sents if len(s.text.strip()) >= 12]
        rules = [_rule_type(s, s.text.strip()) for s in sents]
        ctx = context_words(sents, rules, art.published)
        for sent, rule, extra in zip(sents, rules, ctx, strict=True):
            text = sent.text.strip()
            labels = list(dict.fromkeys(e.type for e in art.events if _same(text, e.evidence)))
            yield text, rule, sentence_words(sent, rule) + extra, labels


def sentence_examples(
    articles: list[Article], every_label: bool = False
) -> list[tuple[list[str], str]]:
    """(normalised words and every context word, label) for every sentence of
    ``articles``; a model keeps the context groups it is trained with. The label is the
    type of the first gold event whose evidence the sentence is, or ``none``; with
    ``every_label``, a sentence that is the evidence of events of several types gives one
    example per type."""
    out = []
    for _text, _rule, words, labels in labelled_sentences(articles):
        for label in (labels if every_label else labels[:1]) or [NONE]:
            out.append((words, label))
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
    examples: list[tuple[list[str], str]],
    c: float = DEFAULT_C,
    context: tuple[str, ...] = DEFAULT_CONTEXT,
    class_weight: dict[str, float] | None = None,
) -> EventTypeModel:
    """Fit a fresh classifier on ``examples`` (deterministic), using the context groups
    ``context`` (:data:`~chokepoints.news.learned.CONTEXT_GROUPS`); ``class_weight``
    weights each example of a label (1 for a label not named; None: all 1).

    Raises
    ------
    DataError
        If scikit-learn is not installed.
    """
    import numpy as np

    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - scikit-learn is in the test extra
        raise DataError(
            "training the classifier needs scikit-learn (pip install scikit-learn)",
            field="scikit-learn",
        ) from exc

    vec = TfidfVectorizer(
        analyzer=functools.partial(features, context=context), sublinear_tf=True, min_df=MIN_DF
    )
    x = vec.fit_transform([w for w, _ in examples])
    y = [label for _, label in examples]
    clf = LogisticRegression(C=c, max_iter=MAX_ITER)
    if class_weight:
        clf.fit(x, y, sample_weight=np.array([class_weight.get(label, 1.0) for label in y]))
    else:
        clf.fit(x, y)
    vocabulary = {str(k): int(v) for k, v in vec.vocabulary_.items()}
    coef = np.zeros((len(LABELS), x.shape[1]))
    intercept = np.full(len(LABELS), -1e9)  # a label never seen gets no probability
    for row, label in enumerate(clf.classes_):
        k = LABELS.index(str(label))
        if len(clf.classes_) == 2:  # binary: one row of weights for the second class
            sign = 1.0 if row == 1 else -1.0
            coef[k], intercept[k] = sign * clf.coef_[0] / 2, sign * clf.intercept_[0] / 2
        else:
            coef[k], intercept[k] = clf.coef_[row], clf.intercept_[row]
    return EventTypeModel(vocabulary, vec.idf_.copy(), coef, intercept, context=context)


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
        "--thresholds",
        help="ADD,SWITCH,DROP[,SECOND] for the combination (default: those of the model "
        "replaced; bench/news_cv.py --grid chooses them)",
    )
    ap.add_argument(
        "--drop-type",
        action="append",
        default=None,
        metavar="TYPE=P",
        help="the drop threshold of rule events of one type (repeatable; default: those of "
        "the model replaced; bench/news_recall_cv.py chooses them)",
    )
    ap.add_argument(
        "--splits",
        help=f"comma-separated corpus splits to train on (default: {','.join(DEFAULT_SPLITS)}, "
        "those present)",
    )
    args = ap.parse_args(argv)
    args.splits_given = args.splits is not None
    splits = [s.strip() for s in (args.splits or ",".join(DEFAULT_SPLITS)).split(",") if s.strip()]
    from chokepoints.news.corpus import SPLITS

    if not args.splits_given:
        splits = [s for s in splits if s in SPLITS]
    if HELD_OUT_SPLITS & set(splits):
        ap.error(f"{sorted(HELD_OUT_SPLITS & set(splits))} is held out for blind scoring")
    articles = [a for split in splits for a in load_split(split)]
    decided = read_decisions(args.decisions)
    examples = sentence_examples(articles) + decision_examples(decided)
    thresholds = Thresholds()
    report: dict[str, Any] = {}
    if args.thresholds:
        try:
            values = [float(v) for v in args.thresholds.split(",")]
        except ValueError:
            values = []
        if len(values) not in (3, 4):
            ap.error(
                f"--thresholds {args.thresholds!r} is not ADD,SWITCH,DROP[,SECOND] "
                "(three or four numbers)"
            )
        thresholds = Thresholds(
            add=values[0],
            switch=values[1],
            drop=values[2],
            second=values[3] if len(values) == 4 else 1.01,
        )
    elif args.tune:
        thresholds, report = tune(articles)
    elif (args.out / "event_type.json").exists():
        # keep the thresholds chosen for the model being replaced (bench/news_cv.py)
        old = json.loads((args.out / "event_type.json").read_text(encoding="utf-8"))
        thresholds = Thresholds(**old.get("thresholds", {}))
    if args.drop_type is not None:
        by_type: dict[str, float] = {}
        for item in args.drop_type:
            key, _, value = item.partition("=")
            try:
                by_type[key] = float(value)
            except ValueError:
                ap.error(f"--drop-type {item!r} is not TYPE=P")
            if key not in LABELS or key == NONE:
                ap.error(f"--drop-type {item!r}: {key!r} is not an event type")
        thresholds.drop_by_type = by_type
    elif (args.out / "event_type.json").exists() and not thresholds.drop_by_type:
        old_t = json.loads((args.out / "event_type.json").read_text(encoding="utf-8"))
        thresholds.drop_by_type = dict(old_t.get("thresholds", {}).get("drop_by_type", {}))
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
        "c": DEFAULT_C,
        **report,
    }
    model.save(args.out)
    print(f"saved {args.out} ({len(examples)} sentences; thresholds {thresholds.as_dict()})")
    if report:
        print(report)


if __name__ == "__main__":
    main()
