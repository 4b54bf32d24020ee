"""Train the learned selection of actors and dates (:mod:`chokepoints.news.fields`).

Usage::

    python -m chokepoints.news.train_fields                  # default splits, save
    python -m chokepoints.news.train_fields --splits train,dev --out DIR
    python -m chokepoints.news.train_fields --thresholds 0.4,0.8,0.3

Each article of the splits named (by default :data:`DEFAULT_SPLITS`: ``train``,
``train2``, ``dev`` and the spent blind splits ``blind`` to ``blind23``) is extracted by
the rules with the packaged event-type classifier, as ``news extract`` does, but with the
rules' own actors and dates. Every extracted event that matches a gold event (same type,
overlapping evidence; :func:`chokepoints.news.evaluate.match_events`) gives training
rows: each candidate actor, labelled 1 when the gold event names it (actors and targets
together, as the evaluation counts them), and each candidate date, labelled 1 when it is
the gold date. Unmatched events give no rows (what a spurious event's actors should be is
not in the gold). Two logistic regressions (scikit-learn, lbfgs, deterministic) are
fitted and their weights saved as ``chokepoints/data/news_model/fields.npz`` and
``fields.json``. A blind split held out for scoring (``train.HELD_OUT_SPLITS``) is
refused and never read.

The thresholds are chosen by ``bench/news_fields_cv.py`` (leave-one-split-out); without
``--thresholds`` those of the model replaced are kept.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chokepoints.errors import DataError
from chokepoints.news.fields import (
    ACTOR_FEATURES,
    DATE_FEATURES,
    FieldsModel,
    FieldThresholds,
    article_candidates,
    model_dir,
    using,
    vectorise,
)
from chokepoints.news.schema import Event
from chokepoints.news.train import DEFAULT_SPLITS as TRAIN_DEFAULT_SPLITS
from chokepoints.news.train import HELD_OUT_SPLITS, Article, load_split

#: Inverse regularisation strength of both regressions (the default of each below).
C = 1.0
#: ... of the actor regression: 3 since the eleventh round (leave-one-split-out over the
#: fifteen spent splits: pooled actors F1 0.709 at C = 1, 0.712 at 3, no split lower).
C_ACTORS = 3.0
#: ... of the date regression (C = 3 gave the same pooled date F1 and a lower nested one).
C_DATES = C
MAX_ITER = 5000
#: Splits trained on by default: the event-type classifier's
#: (:data:`chokepoints.news.train.DEFAULT_SPLITS`; ``blind7`` and ``blind8`` added after
#: each was scored once) plus ``blind9``, spent at 17:27 UTC on 2026-12-03 (a no-op once the
#: classifier's list names it too): the twenty-six spent splits (``blind10`` and
#: ``blind11`` since the tenth round, ``blind12`` since the eleventh, ``blind13`` to
#: ``blind15`` since the twelfth, ``blind16`` since the thirteenth, ``blind17`` and
#: ``blind18`` since the fourteenth, ``blind19`` to ``blind21`` since its review,
#: ``blind22`` and ``blind23`` since their scoring at 03:11 UTC), so that
#: this command reproduces the shipped model.
DEFAULT_SPLITS: tuple[str, ...] = TRAIN_DEFAULT_SPLITS + tuple(
    s for s in ("blind9",) if s not in TRAIN_DEFAULT_SPLITS and s not in HELD_OUT_SPLITS
)


@dataclass
class Prepared:
    """One article extracted with the rules' fields, ready for candidates and scoring."""

    article: Article
    events: list[Event]
    sents: list[Any]


def article_sentences(text: str) -> list[Any]:
    """The sentences the extractor sees (the same pipeline, dateline and short names)."""
    from chokepoints.news.extract import _resolve_short_names, build_pipeline, strip_dateline

    doc = build_pipeline()(strip_dateline(text))
    _resolve_short_names(doc)
    return [s for s in doc.sents if len(s.text.strip()) >= 12]


def prepare(articles: list[Article]) -> list[Prepared]:
    """Extract every article with the rules' actors and dates (no fields model)."""
    from chokepoints.news.extract import extract_events

    out = []
    with using(None):
        for art in articles:
            events = extract_events(art.text, art.published)
            out.append(Prepared(art, events, article_sentences(art.text)))
    return out


def training_rows(prepared: list[Prepared]) -> tuple[Any, Any, Any, Any]:
    """Actor rows and labels, date rows and labels of the matched events."""
    import numpy as np

    from chokepoints.news.evaluate import match_events

    a_rows: list[dict[str, float]] = []
    a_y: list[int] = []
    d_rows: list[dict[str, float]] = []
    d_y: list[int] = []
    for p in prepared:
        pairs = match_events(p.events, p.article.events)
        if not pairs:
            continue
        cands = article_candidates(p.events, p.sents, p.article.published)
        for i, j in pairs:
            gold = p.article.events[j]
            names = {a.name.lower() for a in gold.actors + gold.target}
            actors, dates = cands[i]
            for a in actors:
                a_rows.append(a.features)
                a_y.append(1 if a.actor.name.lower() in names else 0)
            for d in dates:
                d_rows.append(d.features)
                d_y.append(1 if gold.date and d.value.isoformat() == gold.date else 0)
    return (
        vectorise(a_rows, ACTOR_FEATURES),
        np.asarray(a_y),
        vectorise(d_rows, DATE_FEATURES),
        np.asarray(d_y),
    )


def fit(
    rows: tuple[Any, Any, Any, Any], c: float | None = None, c_dates: float | None = None
) -> FieldsModel:
    """Fit both regressions on ``rows`` (from :func:`training_rows`).

    ``c`` is the actor regression's inverse regularisation (default :data:`C_ACTORS`),
    ``c_dates`` the date regression's (default ``c`` when given, else :data:`C_DATES`).

    Raises
    ------
    DataError
        If scikit-learn is missing or a label has only one class.
    """
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - scikit-learn is in the test extra
        raise DataError(
            "training the fields model needs scikit-learn (pip install scikit-learn)",
            field="scikit-learn",
        ) from exc
    xa, ya, xd, yd = rows
    ca = C_ACTORS if c is None else c
    cd = c_dates if c_dates is not None else (C_DATES if c is None else c)
    fitted = []
    for x, y, what, strength in ((xa, ya, "actor", ca), (xd, yd, "date", cd)):
        if len(set(y.tolist())) < 2:
            raise DataError(
                f"has {len(y)} {what} candidates of one label only (expected both 0 and 1)",
                field=f"{what} labels",
            )
        clf = LogisticRegression(C=strength, max_iter=MAX_ITER)
        clf.fit(x, y)
        fitted.append((clf.coef_[0].copy(), float(clf.intercept_[0])))
    (ac, ai), (dc, di) = fitted
    return FieldsModel(ac, ai, dc, di)


def load_splits(splits: list[str]) -> list[Article]:
    """Articles of ``splits``, refusing held-out ones before anything is read."""
    held = sorted(HELD_OUT_SPLITS & set(splits))
    if held:
        raise DataError(
            f"is held out for blind scoring and never trained on (held out: {held})",
            field="splits",
            value=",".join(held),
        )
    return [a for s in splits for a in load_split(s)]


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: train and save the fields model."""
    ap = argparse.ArgumentParser(
        prog="python -m chokepoints.news.train_fields", description=__doc__
    )
    ap.add_argument("--out", type=Path, default=model_dir(), help="model folder")
    ap.add_argument("--splits", help=f"comma-separated splits (default {','.join(DEFAULT_SPLITS)})")
    ap.add_argument(
        "--thresholds",
        help="KEEP,ADD,DATE_ADD,DATE_SWITCH,DATE_DROP (default: those of the model replaced)",
    )
    ap.add_argument(
        "--c", type=float, default=C_ACTORS, help="actor regularisation (default %(default)s)"
    )
    ap.add_argument(
        "--c-dates", type=float, default=C_DATES, help="date regularisation (default %(default)s)"
    )
    args = ap.parse_args(argv)
    splits = [s.strip() for s in (args.splits or ",".join(DEFAULT_SPLITS)).split(",") if s.strip()]
    if HELD_OUT_SPLITS & set(splits):
        ap.error(f"{sorted(HELD_OUT_SPLITS & set(splits))} is held out for blind scoring")
    articles = load_splits(splits)
    rows = training_rows(prepare(articles))
    model = fit(rows, args.c, args.c_dates)
    thresholds = FieldThresholds()
    if args.thresholds:
        try:
            values = [float(v) for v in args.thresholds.split(",")]
            if len(values) != 5:
                raise ValueError(args.thresholds)
        except ValueError:
            ap.error(
                f"--thresholds {args.thresholds!r} is not KEEP,ADD,DATE_ADD,DATE_SWITCH,DATE_DROP "
                "(five numbers)"
            )
        thresholds = FieldThresholds(*values)
    elif (args.out / "fields.json").exists():
        old = json.loads((args.out / "fields.json").read_text(encoding="utf-8"))
        thresholds = FieldThresholds(**old.get("thresholds", {}))
    model.thresholds = thresholds
    model.meta = {
        "architecture": "two logistic regressions (actor candidates, date candidates)",
        "trained_on": {
            "corpus_split": "+".join(splits),
            "articles": len(articles),
            "actor_candidates": int(len(rows[1])),
            "actor_positive": int(rows[1].sum()),
            "date_candidates": int(len(rows[3])),
            "date_positive": int(rows[3].sum()),
        },
        "c": args.c,
        "c_dates": args.c_dates,
    }
    model.save(args.out)
    print(f"saved {args.out} ({model.meta['trained_on']}; thresholds {thresholds.as_dict()})")


if __name__ == "__main__":
    main()
