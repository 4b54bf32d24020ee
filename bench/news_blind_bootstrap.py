"""Article-bootstrap intervals of pooled blind scores: ``python bench/news_blind_bootstrap.py SPLIT ...``.

A blind split is scored once (``bench/score_news_blind.py``); its single F1 still carries
sampling noise from which articles the writer happened to write. This script re-extracts
the named SPENT splits with the packaged model (rules + classifier, as shipped), keeps the
per-article counts (tp, fp, fn) of the event type, actors and dates, and resamples the
articles with replacement (``--reps`` times, fixed ``--seed``) to give a 95% percentile
interval of the pooled F1 of each field. Run it at the commit that was scored, right after
the scoring run, so that the point estimate equals the scored one (it checks this against
``bench/news_SPLIT_first_run.json`` and says when it does not). A split still in
``train.HELD_OUT_SPLITS`` is refused. ``--out FILE`` writes the result as JSON.

Besides the three scored fields (the target's: ``actors`` and ``date`` count the names and
dates of unmatched events as misses or false alarms, so they can never exceed what the
event match allows), it gives ``actors_on_matched`` and ``date_on_matched``: the same
counts over the matched event pairs only, i.e. how right the fields are on the events the
extractor did find. These two are diagnostics, not the target.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from chokepoints.atomic import write_text_atomic
from chokepoints.news.corpus import corpus_dir
from chokepoints.news.evaluate import Scores, _names, load_gold, match_events, score_document
from chokepoints.news.extract import extract_events
from chokepoints.news.learned import packaged_model
from chokepoints.news.schema import Event
from chokepoints.news.train import HELD_OUT_SPLITS

BENCH = Path(__file__).resolve().parent
FIELDS = ("event", "actors", "date")
#: Diagnostics over matched pairs only (see the module docstring).
MATCHED = ("actors_on_matched", "date_on_matched")


def matched_counts(pred: list[Event], gold: list[Event]) -> list[list[int]]:
    """(tp, fp, fn) of actor/target names and of dates over the matched pairs only."""
    names = [0, 0, 0]
    dates = [0, 0, 0]
    for i, j in match_events(pred, gold):
        p, g = pred[i], gold[j]
        pn, gn = _names(p), _names(g)
        names[0] += len(pn & gn)
        names[1] += len(pn - gn)
        names[2] += len(gn - pn)
        if p.date and p.date == g.date:
            dates[0] += 1
        else:
            dates[1] += 1 if p.date else 0
            dates[2] += 1 if g.date else 0
    return [names, dates]


def article_counts(split: str, model: object) -> np.ndarray:
    """Per-article (tp, fp, fn) of :data:`FIELDS` then :data:`MATCHED`: (articles, 5, 3)."""
    rows = []
    for _, text, published, gold in load_gold(corpus_dir() / split):
        scores = Scores()
        pred = extract_events(text, published, learned=True, model=model)
        score_document(pred, gold, scores)
        rows.append(
            [[scores.fields[f].tp, scores.fields[f].fp, scores.fields[f].fn] for f in FIELDS]
            + matched_counts(pred, gold)
        )
    return np.asarray(rows, dtype=np.int64)


def f1(counts: np.ndarray) -> np.ndarray:
    """F1 from summed (..., 3) counts (tp, fp, fn); 0 where nothing was predicted or gold."""
    tp, fp, fn = counts[..., 0], counts[..., 1], counts[..., 2]
    denom = 2 * tp + fp + fn
    return np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("splits", nargs="+", help="spent blind splits, pooled")
    ap.add_argument("--reps", type=int, default=2000, help="bootstrap resamples")
    ap.add_argument("--seed", type=int, default=20261204)
    ap.add_argument("--out", type=Path, help="write the result as JSON")
    args = ap.parse_args(argv)
    held = sorted(HELD_OUT_SPLITS & set(args.splits))
    if held:
        sys.exit(f"{held} is held out for its single blind scoring run")
    model = packaged_model()
    if model is None:
        sys.exit("the packaged classifier is missing (python -m chokepoints.news.train)")
    per_split = {s: article_counts(s, model) for s in args.splits}
    for s, c in per_split.items():
        first = BENCH / f"news_{s}_first_run.json"
        if first.exists():
            scored = {
                r["field"]: r["f1"] for r in json.loads(first.read_text())["combined"]["fields"]
            }
            now = {
                f: round(float(v), 3)
                for f, v in zip(FIELDS, f1(c.sum(axis=0))[: len(FIELDS)], strict=True)
            }
            if any(now[f] != scored[f] for f in FIELDS):
                print(f"note: {s} now scores {now}, its first run {scored}", file=sys.stderr)
    counts = np.concatenate(list(per_split.values()))
    rng = np.random.default_rng(args.seed)
    idx = rng.integers(0, len(counts), size=(args.reps, len(counts)))
    boot = f1(counts[idx].sum(axis=1))  # (reps, fields)
    result = {
        "splits": args.splits,
        "articles": int(len(counts)),
        "reps": args.reps,
        "seed": args.seed,
        "fields": {
            f: {
                "f1": round(float(f1(counts.sum(axis=0))[i]), 3),
                "ci95": [round(float(q), 3) for q in np.percentile(boot[:, i], [2.5, 97.5])],
                "share_at_or_above_0.75": round(float((boot[:, i] >= 0.75).mean()), 3),
            }
            for i, f in enumerate(FIELDS + MATCHED)
        },
    }
    print(json.dumps(result, indent=1))
    if args.out:
        write_text_atomic(args.out, json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
