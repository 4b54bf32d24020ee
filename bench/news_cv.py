"""Leave-one-split-out cross-validation of the news extractor (rules and rules + learned).

Run ``python bench/news_cv.py [--grid]``. For each corpus split used in development
(``train``, ``dev``, ``blind``, ``blind2``; never ``blind3``), a fresh event-type
classifier is trained on the other splits (:func:`chokepoints.news.train.train_model`)
and the held-out split is extracted with the rules alone and with the rules combined
with that classifier. Counts are pooled over the four held-out splits. ``--grid`` also
scores a grid of combination thresholds (the pooled score of the best one is optimistic:
the threshold is chosen on the same folds). Markdown to stdout for docs/benchmarks.md.

The rules themselves were written while looking at all four splits, so only the
learned part is honestly held out here; the blind-3 split is the honest test of both.
"""

from __future__ import annotations

import argparse
from typing import Any

from chokepoints.news.evaluate import FIELDS, Scores, score_document
from chokepoints.news.extract import extract_events
from chokepoints.news.learned import Thresholds
from chokepoints.news.train import load_split, sentence_examples, train_model

SPLITS = ("train", "dev", "blind", "blind2")
GRID = [
    Thresholds(add=a, switch=s, drop=d)
    for a in (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
    for s in (0.6, 0.7, 0.8, 0.9, 1.01)
    for d in (0.8, 0.9, 1.01)
]


def _score(articles: list[Any], model: Any, learned: bool) -> Scores:
    scores = Scores()
    for art in articles:
        pred = extract_events(art.text, art.published, learned=learned, model=model)
        score_document(pred, art.events, scores)
    scores.documents = len(articles)
    return scores


def _add(total: Scores, part: Scores) -> None:
    for name in FIELDS:
        t, p = total.fields[name], part.fields[name]
        t.tp, t.fp, t.fn = t.tp + p.tp, t.fp + p.fp, t.fn + p.fn
    total.documents += part.documents


def _row(label: str, s: Scores) -> str:
    f = s.fields
    return (
        f"| {label} | {s.documents} | {f['event'].precision:.3f} | {f['event'].recall:.3f} "
        f"| {f['event'].f1:.3f} | {f['actors'].f1:.3f} | {f['date'].f1:.3f} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--grid", action="store_true", help="also score a grid of thresholds")
    args = ap.parse_args()
    data = {s: load_split(s) for s in SPLITS}
    models = {}
    for held in SPLITS:
        rest = [a for s in SPLITS if s != held for a in data[s]]
        models[held] = train_model(sentence_examples(rest))
    from chokepoints.news.learned import packaged_model

    shipped = packaged_model()
    default = shipped.thresholds if shipped is not None else Thresholds()
    print(
        "| held-out split | extractor | articles | event P | event R | event F1 | actors F1 | date F1 |"
    )
    print("|---|---|---|---|---|---|---|---|")
    pooled = {"rules": Scores(), "learned": Scores()}
    for held in SPLITS:
        rules = _score(data[held], None, False)
        model = models[held]
        model.thresholds = default
        comb = _score(data[held], model, True)
        _add(pooled["rules"], rules)
        _add(pooled["learned"], comb)
        print(_row(f"{held} | rules", rules))
        print(_row(f"{held} | rules + learned", comb))
    print(_row("pooled | rules", pooled["rules"]))
    print(_row(f"pooled | rules + learned {default.as_dict()}", pooled["learned"]))
    if args.grid:
        results = []
        for t in GRID:
            total = Scores()
            for held in SPLITS:
                models[held].thresholds = t
                _add(total, _score(data[held], models[held], True))
            results.append((total.fields["event"].f1, t, total))
        results.sort(key=lambda r: -r[0])
        print()
        print("| thresholds (add, switch, drop) | event F1 | actors F1 | date F1 |")
        print("|---|---|---|---|")
        for f1, t, total in results[:8]:
            f = total.fields
            print(
                f"| {t.add}, {t.switch}, {t.drop} | {f1:.3f} | {f['actors'].f1:.3f} | {f['date'].f1:.3f} |"
            )


if __name__ == "__main__":
    main()
