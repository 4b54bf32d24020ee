"""Leave-one-split-out cross-validation of the news extractor (rules and rules + learned).

Run ``python bench/news_cv.py [--grid] [--c C]``. For each corpus split used in
development (every split present but a blind split not yet scored, i.e. not in
``train.HELD_OUT_SPLITS``: ``train``, ``train2``, ``dev``, ``blind`` to ``blind18``), a fresh event-type classifier is
trained on the other splits (:func:`chokepoints.news.train.train_model`) and the
held-out split is extracted with the rules alone and with the rules combined with that
classifier under the shipped thresholds. Counts are pooled over the held-out splits.

``--grid`` also scores a grid of combination thresholds and reports, besides the best
setting on all folds (optimistic: chosen on the folds it is scored on), a *nested*
figure: for each held-out split the thresholds are chosen on the other splits' folds
only, then scored on it.

The rules themselves were written while looking at the errors of every split but
``train2`` (whose errors were held back unread through the fourth to sixth rounds), so
for the rules only the ``train2`` row is held out; the next blind split is the honest
test of both.
``--protect-controls`` also scores each fold's classifier with the combination of the
eighth round (``learned.NEVER_DROPPED`` holding the three control types: the model never
drops a rule control), the "before" of the ninth round.
Markdown to stdout for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import itertools
import time
from typing import Any

from chokepoints.news.corpus import SPLITS as CORPUS_SPLITS
from chokepoints.news.evaluate import FIELDS, Counts, Scores, score_document
from chokepoints.news.extract import extract_events
from chokepoints.news.learned import C, Thresholds
from chokepoints.news.train import HELD_OUT_SPLITS, load_split, sentence_examples, train_model

SPLITS = tuple(s for s in CORPUS_SPLITS if s not in HELD_OUT_SPLITS)
GRID = [
    Thresholds(add=a, switch=s, drop=d)
    for a, s, d in itertools.product(
        (0.6, 0.7, 0.8, 0.9, 1.01), (0.6, 0.8, 0.9, 1.01), (0.6, 0.7, 0.8, 0.9, 1.01)
    )
]


def _score(articles: list[Any], model: Any, learned: bool) -> Scores:
    scores = Scores()
    for art in articles:
        pred = extract_events(art.text, art.published, learned=learned, model=model)
        score_document(pred, art.events, scores)
    scores.documents = len(articles)
    return scores


def _pool(parts: list[Scores]) -> Scores:
    total = Scores()
    for part in parts:
        for name in FIELDS:
            t, p = total.fields[name], part.fields[name]
            t.tp, t.fp, t.fn = t.tp + p.tp, t.fp + p.fp, t.fn + p.fn
        total.documents += part.documents
    return total


def _row(label: str, s: Scores) -> str:
    f = s.fields
    return (
        f"| {label} | {s.documents} | {f['event'].precision:.3f} | {f['event'].recall:.3f} "
        f"| {f['event'].f1:.3f} | {f['actors'].f1:.3f} | {f['date'].f1:.3f} |"
    )


def _f1(s: Scores) -> float:
    c: Counts = s.fields["event"]
    return c.f1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--grid", action="store_true", help="also score a grid of thresholds")
    ap.add_argument("--c", type=float, default=C, help="regularisation (default %(default)s)")
    ap.add_argument(
        "--protect-controls",
        action="store_true",
        help="also score the eighth round's combination (rule controls never dropped)",
    )
    ap.add_argument(
        "--add",
        type=float,
        default=None,
        help="score with this add threshold instead of the shipped one (tenth round: 0.8, 0.7, 0.6)",
    )
    args = ap.parse_args()
    start = time.perf_counter()
    data = {s: load_split(s) for s in SPLITS}
    examples = {s: sentence_examples(data[s]) for s in SPLITS}
    models = {
        held: train_model([e for s in SPLITS if s != held for e in examples[s]], c=args.c)
        for held in SPLITS
    }
    from chokepoints.news.learned import packaged_model

    shipped = packaged_model()
    default = shipped.thresholds if shipped is not None else Thresholds()
    if args.add is not None:
        default = Thresholds(
            add=args.add, switch=default.switch, drop=default.drop, second=default.second
        )
    sizes = ", ".join(f"{s} {len(data[s])}" for s in SPLITS)
    print(f"Splits (articles): {sizes}; C = {args.c}; shipped thresholds {default.as_dict()}")
    print()
    print(
        "| held-out split | extractor | articles | event P | event R | event F1 | actors F1 | date F1 |"
    )
    print("|---|---|---|---|---|---|---|---|")
    rules = {s: _score(data[s], None, False) for s in SPLITS}
    comb = {}
    for held in SPLITS:
        models[held].thresholds = default
        comb[held] = _score(data[held], models[held], True)
        print(_row(f"{held} | rules", rules[held]))
        print(_row(f"{held} | rules + learned", comb[held]))
    print(_row("pooled | rules", _pool(list(rules.values()))))
    print(_row("pooled | rules + learned (shipped thresholds)", _pool(list(comb.values()))))
    if args.protect_controls:
        import chokepoints.news.learned as learned

        shipped_never = learned.NEVER_DROPPED
        learned.NEVER_DROPPED = frozenset(
            {
                "export_control_imposed",
                "export_control_expanded",
                "export_control_eased_or_suspended",
            }
        )
        print()
        print("Controls never dropped (the eighth round's combination):")
        print()
        print(
            "| held-out split | extractor | articles | event P | event R | event F1 | actors F1 | date F1 |"
        )
        print("|---|---|---|---|---|---|---|---|")
        before = {}
        for held in SPLITS:
            before[held] = _score(data[held], models[held], True)
            print(_row(f"{held} | rules + learned, controls kept", before[held]))
        print(_row("pooled | rules + learned, controls kept", _pool(list(before.values()))))
        learned.NEVER_DROPPED = shipped_never
    if args.grid:
        per: list[tuple[Thresholds, dict[str, Scores]]] = []
        for t in GRID:
            folds = {}
            for held in SPLITS:
                models[held].thresholds = t
                folds[held] = _score(data[held], models[held], True)
            per.append((t, folds))
        ranked = sorted(per, key=lambda r: -_f1(_pool(list(r[1].values()))))
        print()
        print("| thresholds (add, switch, drop) | pooled event F1 | actors F1 | date F1 |")
        print("|---|---|---|---|")
        for t, folds in ranked[:8]:
            f = _pool(list(folds.values())).fields
            print(
                f"| {t.add}, {t.switch}, {t.drop} | {f['event'].f1:.3f} | {f['actors'].f1:.3f} "
                f"| {f['date'].f1:.3f} |"
            )
        nested = {}
        print()
        print(
            "| held-out split | thresholds chosen on the other splits | event F1 (rules) | event F1 (rules + learned) |"
        )
        print("|---|---|---|---|")
        for held in SPLITS:
            t, folds = max(per, key=lambda r: _f1(_pool([v for k, v in r[1].items() if k != held])))
            nested[held] = folds[held]
            print(
                f"| {held} | {t.add}, {t.switch}, {t.drop} | {_f1(rules[held]):.3f} "
                f"| {_f1(folds[held]):.3f} |"
            )
        print(_row("pooled | rules + learned (nested thresholds)", _pool(list(nested.values()))))
    print(f"\n({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
