"""Error classes of the extracted actors and dates on spent corpus splits.

Run ``python bench/news_fields_errors.py blind7 blind8 blind9 [--show N]``. Each article
is extracted as ``news extract`` does by default (rules, packaged classifier and learned
fields), events are matched to the gold as ``news evaluate`` does, and every actor and
date error is put in one class:

Actors (names, actors and targets together)
    on unmatched events (spurious or missed events: not a field error), else by kind
    (country, agency, person, firm, organization) and, for a missed name, whether the
    gazetteer knows it and where the article names it (evidence sentence, a neighbour,
    elsewhere, nowhere); for an extra name, whether the rules chose it and whether it is
    named in the evidence sentence.

Dates (matched events)
    missing (gold dated, prediction not), extra (prediction dated, gold not) or wrong,
    each with where the gold date is among the candidates: a date phrase of the evidence
    sentence, of the sentence before or after, two away, the publication day or the day
    before, the date of the article's previous event, or none of them.

Splits in ``train.HELD_OUT_SPLITS`` are refused. Text report to stdout.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date, timedelta
from typing import Any

from chokepoints.news.evaluate import match_events
from chokepoints.news.extract import extract_events
from chokepoints.news.fields import using
from chokepoints.news.train import HELD_OUT_SPLITS, load_split
from chokepoints.news.train_fields import article_sentences


def _where(name: str, sents: list[Any], idx: int | None) -> str:
    from chokepoints.news.gazetteer import ACTORS

    hits = set()
    for k, s in enumerate(sents):
        for e in s.ents:
            if e.label_ == "ACTOR" and ACTORS[int(e.ent_id_)].name.lower() == name:
                hits.add(k)
    if not hits:
        return "not found in article"
    if idx is None:
        return "found (evidence not a sentence)"
    if idx in hits:
        return "in evidence sentence"
    if idx - 1 in hits or idx + 1 in hits:
        return "in a neighbour sentence"
    return "elsewhere in article"


def _date_where(gold: str, sents: list[Any], idx: int | None, pub: date, prev: str | None) -> str:
    from chokepoints.news.dates import find_dates

    g = date.fromisoformat(gold)
    if idx is not None:
        for dist in (0, 1, 2):
            for k in {idx - dist, idx + dist}:
                if 0 <= k < len(sents):
                    values = [m.value for m in find_dates(sents[k].text.strip(), pub)]
                    if g in values:
                        side = "" if dist == 0 else (" before" if k < idx else " after")
                        return f"phrase at distance {dist}{side}"
    if g == pub:
        return "publication day"
    if g == pub - timedelta(days=1):
        return "day before publication"
    if prev == gold:
        return "previous event's date"
    return "no candidate"


def fold_models(splits: list[str], data: dict[str, Any] | None = None) -> dict[str, Any]:
    """A fields model per split in ``splits``, trained on the other spent splits.

    ``data`` maps every split of ``train_fields.DEFAULT_SPLITS`` to its prepared articles
    (``prepare(load_splits([split]))``) when the caller has them already; otherwise they
    are prepared here. Each model takes the packaged model's thresholds.
    """
    import numpy as np

    from chokepoints.news.fields import packaged_model
    from chokepoints.news.train_fields import (
        DEFAULT_SPLITS,
        fit,
        load_splits,
        prepare,
        training_rows,
    )

    if data is None:
        data = {s: prepare(load_splits([s])) for s in DEFAULT_SPLITS}
    shipped = packaged_model()
    rows = {s: training_rows(data[s]) for s in DEFAULT_SPLITS}
    out = {}
    for held in splits:
        parts = [rows[s] for s in DEFAULT_SPLITS if s != held]
        model = fit(tuple(np.concatenate([p[k] for p in parts]) for k in range(4)))  # type: ignore[arg-type]
        if shipped is not None:
            model.thresholds = shipped.thresholds
        out[held] = model
    return out


def print_report(
    sections: tuple[tuple[str, Counter[str]], ...], examples: dict[str, list[str]], show: int
) -> None:
    """Print each (title, counter) section, then up to ``show`` examples per class."""
    for title, counter in sections:
        print(f"\n## {title}: {sum(counter.values())}")
        for cls, n in counter.most_common():
            print(f"{n:4d}  {cls}")
    if show:
        print("\n## Examples")
        for cls, rows in sorted(examples.items(), key=lambda kv: -len(kv[1])):
            print(f"\n### {cls} ({len(rows)})")
            for r in rows[:show]:
                print("   ", r)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("splits", nargs="+")
    ap.add_argument("--show", type=int, default=0, help="print up to N examples per class")
    ap.add_argument(
        "--out-of-sample",
        action="store_true",
        help="score each split with a fields model trained on the other spent splits "
        "(train_fields.DEFAULT_SPLITS without it) instead of the packaged one",
    )
    args = ap.parse_args(argv)
    held = sorted(set(args.splits) & HELD_OUT_SPLITS)
    if held:
        sys.exit(f"{held} is held out for blind scoring: never read here")
    models: dict[str, Any] = {}
    if args.out_of_sample:
        models = fold_models(args.splits)
    kinds_fp: Counter[str] = Counter()
    kinds_fn: Counter[str] = Counter()
    a_fp: Counter[str] = Counter()
    a_fn: Counter[str] = Counter()
    d_err: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}

    def note(cls: str, text: str) -> None:
        examples.setdefault(cls, []).append(text)

    for split in args.splits:
        for art in load_split(split):
            if split in models:
                with using(models[split]):
                    pred = extract_events(art.text, art.published)
            else:
                pred = extract_events(art.text, art.published)
            sents = article_sentences(art.text)
            index = {s.text.strip(): k for k, s in enumerate(sents)}
            pairs = match_events(pred, art.events)
            mp = {i for i, _ in pairs}
            mg = {j for _, j in pairs}
            for i, p in enumerate(pred):
                if i not in mp:
                    a_fp["(unmatched event)"] += len(p.actors) + len(p.target)
                    d_err["extra: unmatched event"] += 1 if p.date else 0
            for j, g in enumerate(art.events):
                if j not in mg:
                    a_fn["(unmatched event)"] += len(g.actors) + len(g.target)
                    d_err["missing: unmatched gold event"] += 1 if g.date else 0
            for i, j in pairs:
                p, g = pred[i], art.events[j]
                idx = index.get(p.evidence)
                gn = {a.name.lower(): a for a in g.actors + g.target}
                pn = {a.name.lower(): a for a in p.actors + p.target}
                ptarget = {a.name.lower() for a in p.target}
                for n in gn.keys() - pn.keys():
                    a = gn[n]
                    cls = f"{a.kind}: {_where(n, sents, idx)}"
                    a_fn[cls] += 1
                    kinds_fn[f"{a.kind}, {p.salience}"] += 1
                    note(
                        "FN " + cls,
                        f"{split}/{art.name} {p.type} [{a.name}] {g.evidence[:150]}",
                    )
                for n in pn.keys() - gn.keys():
                    a = pn[n]
                    role = "target" if n in ptarget else "actor"
                    cls = f"{a.kind} as {role}, type {p.type}"
                    a_fp[cls] += 1
                    kinds_fp[f"{a.kind} as {role}, {p.salience}"] += 1
                    note(
                        "FP " + cls,
                        f"{split}/{art.name} [{a.name}] gold={sorted(gn)} {p.evidence[:150]}",
                    )
                if p.date == g.date:
                    continue
                prev = next((e.date for e in reversed(pred[:i]) if e.date), None)
                if g.date is None:
                    cls = f"extra: {p.type}"
                elif p.date is None:
                    cls = f"missing ({_date_where(g.date, sents, idx, art.published, prev)})"
                else:
                    cls = f"wrong ({_date_where(g.date, sents, idx, art.published, prev)})"
                d_err[cls] += 1
                note(
                    "date " + cls,
                    f"{split}/{art.name} {p.type} pub={art.published} pred={p.date} "
                    f"({p.date_text}) gold={g.date} | {p.evidence[:200]}",
                )
    print_report(
        (
            ("Actor names extra (FP)", a_fp),
            ("Extra names on matched events by kind, role and salience", kinds_fp),
            ("Actor names missed (FN)", a_fn),
            ("Missed names on matched events by kind and salience", kinds_fn),
            ("Date errors", d_err),
        ),
        examples,
        args.show,
    )


if __name__ == "__main__":
    main()
