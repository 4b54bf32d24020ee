"""Leave-one-split-out cross-validation of the learned actors and dates.

Run ``python bench/news_fields_cv.py [--c C] [--c-dates C]``. Every split the fields
model is trained on (``train_fields.DEFAULT_SPLITS``: the twenty-four spent splits ``train``,
``train2``, ``dev``, ``blind`` to ``blind23``) is extracted once as ``news extract`` does by
default (rules plus the packaged event-type classifier) with the rules' own actors and
dates. For each split a fields model (:mod:`chokepoints.news.fields`) is trained on the
matched events of the other splits (:mod:`chokepoints.news.train_fields`) and applied to
the held-out split's events; actors and date F1 (as ``news evaluate`` counts them, over
all events, matched or not) are reported before and after, per split and pooled.

Thresholds: a grid of (keep, add) for actors and of date thresholds is scored on every
fold; the table reports the shipped thresholds, the best setting on all folds
(optimistic) and a *nested* figure where each held-out split is scored with the setting
that is best on the other splits. Event F1 is unchanged by construction (the model
changes only actors and dates, after events are merged); it is printed as a check.
Markdown to stdout for docs/benchmarks.md.

The event-type classifier used is the packaged one, trained on these splits, so the
events (not the fields) are in-sample for them.
"""

from __future__ import annotations

import argparse
import itertools
import time
from typing import Any

from chokepoints.news.corpus import SPLITS as CORPUS_SPLITS
from chokepoints.news.evaluate import Scores, score_document
from chokepoints.news.fields import FieldThresholds, packaged_model, refine, using
from chokepoints.news.train import HELD_OUT_SPLITS
from chokepoints.news.train_fields import (
    C_ACTORS,
    C_DATES,
    DEFAULT_SPLITS,
    fit,
    load_splits,
    prepare,
    training_rows,
)
from news_cv import _pool  # the same pooling as the classifier's cross-validation

#: The splits the shipped fields model was trained on (train_fields.DEFAULT_SPLITS,
#: present ones, never a held-out one).
SPLITS = tuple(s for s in DEFAULT_SPLITS if s in CORPUS_SPLITS and s not in HELD_OUT_SPLITS)
KEEP = (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)
ADD = (0.5, 0.7, 0.9, 1.01)
DATE_ADD = (0.3, 0.4, 0.5, 0.6, 1.01)
DATE_SWITCH = (0.5, 0.6, 0.7, 0.8, 1.01)
DATE_DROP = (0.0, 0.2, 0.3, 0.4)


def score(prepared: list[Any], model: Any, t: FieldThresholds | None) -> Scores:
    """Scores of prepared articles with ``model`` under ``t`` (None: rules' fields)."""
    s = Scores()
    for p in prepared:
        events = p.events
        if model is not None and t is not None:
            model.thresholds = t
            with using(model):
                events = refine([_copy(e) for e in events], p.sents, p.article.published)
        score_document(events, p.article.events, s)
    s.documents = len(prepared)
    return s


def _copy(ev: Any) -> Any:
    from dataclasses import replace

    return replace(ev, actors=list(ev.actors), target=list(ev.target))


def _cell(s: Scores, name: str) -> str:
    c = s.fields[name]
    return f"{c.precision:.3f} / {c.recall:.3f} / {c.f1:.3f}"


def _short(before: dict[str, Scores], after: dict[str, Scores], t: FieldThresholds) -> None:
    """Per split and pooled actors and date F1, before and after, at thresholds ``t``."""
    print(f"thresholds {t.as_dict()}")
    print("| held-out split | actors F1 before -> after | date F1 before -> after | event F1 |")
    print("|---|---|---|---|")
    for h in [*before, "pooled"]:
        b = _pool(list(before.values())) if h == "pooled" else before[h]
        a = _pool(list(after.values())) if h == "pooled" else after[h]
        print(
            f"| {h} | {b.fields['actors'].f1:.3f} -> {a.fields['actors'].f1:.3f} "
            f"| {b.fields['date'].f1:.3f} -> {a.fields['date'].f1:.3f} "
            f"| {a.fields['event'].f1:.3f} |"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--c", type=float, default=C_ACTORS, help="actor regularisation (default %(default)s)"
    )
    ap.add_argument(
        "--c-dates", type=float, default=C_DATES, help="date regularisation (default %(default)s)"
    )
    ap.add_argument(
        "--shipped-only",
        action="store_true",
        help="score the shipped thresholds only (no threshold grid, no nested row)",
    )
    args = ap.parse_args()
    start = time.perf_counter()
    data = {s: prepare(load_splits([s])) for s in SPLITS}
    rows = {s: training_rows(data[s]) for s in SPLITS}
    models = {}
    for held in SPLITS:
        import numpy as np

        parts = [rows[s] for s in SPLITS if s != held]
        merged = tuple(np.concatenate([p[k] for p in parts]) for k in range(4))
        models[held] = fit(merged, args.c, args.c_dates)  # type: ignore[arg-type]
    shipped = packaged_model()
    default = shipped.thresholds if shipped is not None else FieldThresholds()
    before = {s: score(data[s], None, None) for s in SPLITS}
    if args.shipped_only:
        _short(before, {h: score(data[h], models[h], default) for h in SPLITS}, default)
        print(f"\n({time.perf_counter() - start:.0f} s)")
        return
    # Actor and date thresholds act on different fields: search them separately.
    grid_a = [FieldThresholds(k, a) for k, a in itertools.product(KEEP, ADD)]
    grid_d = [
        FieldThresholds(0.0, 1.01, *d) for d in itertools.product(DATE_ADD, DATE_SWITCH, DATE_DROP)
    ]
    res_a = {(t.keep, t.add): {h: score(data[h], models[h], t) for h in SPLITS} for t in grid_a}
    res_d = {
        (t.date_add, t.date_switch, t.date_drop): {h: score(data[h], models[h], t) for h in SPLITS}
        for t in grid_d
    }
    keys_a = {(t.keep, t.add): t for t in grid_a}

    def best_a(exclude: str | None) -> tuple[float, float]:
        return max(
            res_a,
            key=lambda k: (
                _pool([v for h, v in res_a[k].items() if h != exclude]).fields["actors"].f1
            ),
        )

    def best_d(exclude: str | None) -> tuple[float, float, float]:
        return max(
            res_d,
            key=lambda k: _pool([v for h, v in res_d[k].items() if h != exclude]).fields["date"].f1,
        )

    shipped_scores = {h: score(data[h], models[h], default) for h in SPLITS}
    nested: dict[str, tuple[Scores, Scores, str]] = {}
    for h in SPLITS:
        ka, kd = best_a(h), best_d(h)
        ta = keys_a[ka]
        label = f"{ta.keep}, {ta.add}, {', '.join(str(x) for x in kd)}"
        nested[h] = (res_a[ka][h], res_d[kd][h], label)
    sizes = ", ".join(f"{s} {len(data[s])}" for s in SPLITS)
    print(
        f"Splits (articles): {sizes}; C = {args.c} (actors), {args.c_dates} (dates); "
        f"shipped thresholds {default.as_dict()}"
    )
    print()
    print(
        "| held-out split | actors P / R / F1 before | after (shipped thresholds) "
        "| date P / R / F1 before | after (shipped thresholds) | event F1 | nested: thresholds "
        "(keep, add, date add, switch, drop), actors F1, date F1 |"
    )
    print("|---|---|---|---|---|---|---|")
    for h in SPLITS:
        b, a = before[h], shipped_scores[h]
        na, nd, label = nested[h]
        print(
            f"| {h} | {_cell(b, 'actors')} | {_cell(a, 'actors')} | {_cell(b, 'date')} "
            f"| {_cell(a, 'date')} | {b.fields['event'].f1:.3f} -> {a.fields['event'].f1:.3f} "
            f"| {label}: {na.fields['actors'].f1:.3f}, {nd.fields['date'].f1:.3f} |"
        )
    pb = _pool(list(before.values()))
    pa = _pool(list(shipped_scores.values()))
    pna = _pool([v[0] for v in nested.values()])
    pnd = _pool([v[1] for v in nested.values()])
    print(
        f"| pooled | {_cell(pb, 'actors')} | {_cell(pa, 'actors')} | {_cell(pb, 'date')} "
        f"| {_cell(pa, 'date')} | {pb.fields['event'].f1:.3f} -> {pa.fields['event'].f1:.3f} "
        f"| nested: {pna.fields['actors'].f1:.3f}, {pnd.fields['date'].f1:.3f} |"
    )
    ka, kd = best_a(None), best_d(None)
    print()
    print("| keep, add | pooled actors P / R / F1 |")
    print("|---|---|")
    for k in sorted(res_a, key=lambda k: -_pool(list(res_a[k].values())).fields["actors"].f1)[:6]:
        print(f"| {k[0]}, {k[1]} | {_cell(_pool(list(res_a[k].values())), 'actors')} |")
    print()
    print("| date add, switch, drop | pooled date P / R / F1 |")
    print("|---|---|")
    for d in sorted(res_d, key=lambda k: -_pool(list(res_d[k].values())).fields["date"].f1)[:6]:
        print(
            f"| {', '.join(str(x) for x in d)} | {_cell(_pool(list(res_d[d].values())), 'date')} |"
        )
    rules_d = (1.01, 1.01, 0.0)
    print(
        f"| {', '.join(str(x) for x in rules_d)} (the rules' dates) "
        f"| {_cell(_pool(list(res_d[rules_d].values())), 'date')} |"
    )
    print()
    print(
        f"Best on all folds (optimistic): keep {keys_a[ka].keep}, add {keys_a[ka].add} "
        f"(pooled actors F1 {_pool(list(res_a[ka].values())).fields['actors'].f1:.3f}); "
        f"date add, switch, drop {kd} (pooled date F1 {_pool(list(res_d[kd].values())).fields['date'].f1:.3f})"
    )
    print(f"\n({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
