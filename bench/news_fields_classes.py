"""Error classes of the learned actors and dates on matched events, out of sample.

Run ``python bench/news_fields_classes.py blind13 blind14 blind15 blind16 blind17 blind18
[--show N]``. Every spent split (``train_fields.DEFAULT_SPLITS``) is extracted once as
``bench/news_fields_cv.py`` does (rules plus the packaged event-type classifier, the rules'
own fields); each split named is then refined by a fields model trained on the *other*
spent splits (the shipped thresholds), its events matched to the gold as ``news
evaluate`` does, and every date and actor error on a *matched* event put in one class
(errors on unmatched events are counted apart: no choice of fields repairs them).

Date classes, first that applies:

``effective vs announced``
    the evidence sentence governs a date with an effect word ("takes effect on",
    "from") and the gold or the predicted date is that day.
``reported later``
    a reporting verb with a day ("said on Thursday") and the gold is undated or another
    day: the event happened before the remark.
``relative``
    the gold or predicted day comes from a relative phrase ("last week", "this month",
    "yesterday", a month without a year) of the evidence sentence.
``borrowed``
    the gold date is named only in a neighbour sentence (one or two away), or the
    prediction took its date from one.
``publication fallback``
    the gold or predicted date is the publication day (or the day before) and the
    evidence sentence names no such day.
``none given``
    the gold is undated and the sentence names no day, or the gold date is nowhere in
    reach.

Actor classes: extra or missed, by kind and role (actor or target), with the event's
type and salience; ``negotiator`` marks the names of a ``negotiation_round`` or
``meeting_or_call``. Splits in ``train.HELD_OUT_SPLITS`` are refused.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date, timedelta
from typing import Any

from chokepoints.news.dates import effect_mentions, find_dates
from chokepoints.news.evaluate import match_events
from chokepoints.news.fields import refine, using
from chokepoints.news.train import HELD_OUT_SPLITS
from chokepoints.news.train_fields import DEFAULT_SPLITS, load_splits, prepare

# the same fold models and report layout as news_fields_errors.py (bench scripts run from bench/)
from news_fields_errors import fold_models, print_report

_SAID = ("said", "says", "told", "confirmed", "announced", "reported", "stated", "added")
_RELATIVE = ("relday", "relunit", "ordday")


def _values(text: str, pub: date, kinds: tuple[str, ...] | None = None) -> set[date]:
    return {
        m.value for m in find_dates(text, pub) if m.value and (kinds is None or m.kind in kinds)
    }


def _speech_days(text: str, pub: date) -> set[date]:
    low = text.lower()
    out = set()
    for m in find_dates(text, pub):
        before = low[max(0, m.start - 40) : m.start]
        if m.value and any(f"{w} " in before for w in _SAID):
            out.add(m.value)
    return out


def date_class(p: Any, g: Any, sents: list[str], idx: int | None, pub: date) -> str:
    """One class for a date error on a matched pair (see the module docstring)."""
    gd = date.fromisoformat(g.date) if g.date else None
    pd = date.fromisoformat(p.date) if p.date else None
    here = sents[idx] if idx is not None else g.evidence
    eff = {m.value for m in effect_mentions(here, pub) if m.value}
    if (gd and gd in eff) or (pd and pd in eff):
        return "effective vs announced"
    said = _speech_days(here, pub)
    if said and (gd is None or gd not in said) and (pd in said or pd is None):
        return "reported later"
    rel = _values(here, pub, _RELATIVE)
    mon = {m.value for m in find_dates(here, pub) if m.kind == "month" and m.value}
    if (gd and gd in rel | mon) or (pd and pd in rel | mon):
        return "relative"
    own = _values(here, pub)
    near: set[date] = set()
    if idx is not None:
        for k in (idx - 2, idx - 1, idx + 1, idx + 2):
            if 0 <= k < len(sents):
                near |= _values(sents[k], pub)
    if (gd and gd not in own and gd in near) or (pd and pd not in own and pd in near):
        return "borrowed"
    pubs = {pub, pub - timedelta(days=1)}
    if (gd in pubs and gd not in own) or (pd in pubs and pd not in own):
        return "publication fallback"
    return "none given"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("splits", nargs="+")
    ap.add_argument("--show", type=int, default=0, help="print up to N examples per class")
    args = ap.parse_args(argv)
    if HELD_OUT_SPLITS & set(args.splits) or not set(args.splits) <= set(DEFAULT_SPLITS):
        sys.exit("only spent splits (train_fields.DEFAULT_SPLITS) are read here")
    data = {s: prepare(load_splits([s])) for s in DEFAULT_SPLITS}
    models = fold_models(args.splits, data)
    dates: Counter[str] = Counter()
    dates_by_type: Counter[str] = Counter()
    actors: Counter[str] = Counter()
    other: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for split in args.splits:
        for prep in data[split]:
            art = prep.article
            sents = [s.text.strip() for s in prep.sents]
            index = {s: k for k, s in enumerate(sents)}
            with using(models[split]):
                pred = refine([_copy(e) for e in prep.events], prep.sents, art.published)
            pairs = match_events(pred, art.events)
            mg = {j for _, j in pairs}
            mp = {i for i, _ in pairs}
            other["date errors on unmatched events"] += sum(
                1 for i, e in enumerate(pred) if i not in mp and e.date
            ) + sum(1 for j, e in enumerate(art.events) if j not in mg and e.date)
            other["actor names on unmatched events"] += sum(
                len(e.actors) + len(e.target) for i, e in enumerate(pred) if i not in mp
            ) + sum(len(e.actors) + len(e.target) for j, e in enumerate(art.events) if j not in mg)
            for i, j in pairs:
                p, g = pred[i], art.events[j]
                other["matched events"] += 1
                other["matched events with a gold date"] += 1 if g.date else 0
                if p.date != g.date:
                    kind = "missing" if not p.date else "extra" if not g.date else "wrong"
                    cls = date_class(p, g, sents, index.get(p.evidence), art.published)
                    dates[f"{cls} ({kind})"] += 1
                    dates_by_type[f"{cls}: {p.type}"] += 1
                    examples.setdefault(f"date {cls} ({kind})", []).append(
                        f"{split}/{art.name} {p.type} pub={art.published} pred={p.date} "
                        f"gold={g.date} | {p.evidence[:220]}"
                    )
                gn = {
                    a.name.lower(): ("target" if a in g.target else "actor", a)
                    for a in g.actors + g.target
                }
                pn = {
                    a.name.lower(): ("target" if a in p.target else "actor", a)
                    for a in p.actors + p.target
                }
                neg = " negotiator" if p.type in ("negotiation_round", "meeting_or_call") else ""
                for side, names, others in (("extra", pn, gn), ("missed", gn, pn)):
                    for n in names.keys() - others.keys():
                        role, a = names[n]
                        cls = f"{side} {a.kind} as {role}{neg}{' (background)' if g.salience == 'background' else ''}"
                        actors[cls] += 1
                        examples.setdefault(cls, []).append(
                            f"{split}/{art.name} {p.type} [{a.name}] gold={sorted(gn)} | {p.evidence[:160]}"
                        )
    print_report(
        (
            ("Counts", other),
            ("Date errors on matched events", dates),
            ("... by class and type", dates_by_type),
            ("Actor name errors on matched events", actors),
        ),
        examples,
        args.show,
    )


def _copy(ev: Any) -> Any:
    from dataclasses import replace

    return replace(ev, actors=list(ev.actors), target=list(ev.target))


if __name__ == "__main__":
    main()
