"""Leave-one-split-out CV of ways to raise the event recall of the news classifier.

Run ``python bench/news_recall_cv.py [--variant W:CTX ...] [--config SPEC ...]``. For
each spent corpus split (every split present but those in ``train.HELD_OUT_SPLITS``) a
fresh event-type classifier is trained on the other splits, once per training variant
(``W:CTX``: the weight of a ``none`` example, 1 = the shipped training, and the context
groups, e.g. ``1.0:years+cues``; a third part ``:multi`` trains on one example per gold
type of a sentence that is the evidence of several), and the held-out split is extracted with each combination
setting given by ``--config`` (``add=0.6,drop=0.6,second=1.01`` and per-type add
thresholds such as ``add.statement=0.5``: a sentence the rules leave untyped gets an event
when p(some event) reaches the add threshold of its likeliest event type; per-type drop
thresholds such as ``drop.statement=0.7`` apply to a rule event of that type). A variant
may also name ``c=C`` (the classifier's inverse regularisation, default ``learned.C``)
and ``gate`` (fifteenth round: a second, binary classifier "some event" / ``none`` on the
same features; a setting's ``gate=L`` then takes p(some event) as (1 - L) times the
classifier's plus L times the binary one's, the event types keeping their proportions,
and ``gate.adds=1`` does so only for sentences the rules leave untyped), e.g.
``1.0:years:gate:c=8``; ``rr=K`` (sixteenth round) writes the rules' answer K times
instead of ``learned.RULE_REPEAT`` in both the training and the held-out sentences. Event counts
are pooled over the held-out splits; each variant and setting gets a pooled row and a
per-split F1 row, and with several settings a *nested* row: each held-out split scored
with the setting best pooled over the other splits. ``--cache FILE`` keeps the sentence examples (the rules' parses) in a
pickle between runs (delete it after a rule change). ``--subset NAME=S1+S2`` (sixteenth
round) adds, under each row, the row pooled over those held-out splits only (e.g. the
freshest blind splits), and ``--dump FILE`` writes every held-out split's counts (variant ->
setting -> split -> field -> tp/fp/fn, with the nested choices) as JSON. Markdown to stdout for
docs/benchmarks.md (eleventh round).
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
from pathlib import Path
from typing import Any

import chokepoints.news.learned as learned
from chokepoints.atomic import write_text_atomic
from chokepoints.news.corpus import SPLITS as CORPUS_SPLITS
from chokepoints.news.evaluate import Scores
from chokepoints.news.learned import NONE, Thresholds
from chokepoints.news.train import HELD_OUT_SPLITS, load_split, sentence_examples, train_model
from news_cv import _pool as pool  # the same pooling and scoring as the classifier's CV
from news_cv import _score

SPLITS = tuple(s for s in CORPUS_SPLITS if s not in HELD_OUT_SPLITS)


def parse_config(spec: str) -> tuple[Thresholds, dict[str, float]]:
    """Thresholds and per-type add thresholds of a ``--config`` string."""
    t = Thresholds()
    per: dict[str, float] = {}
    for item in filter(None, (p.strip() for p in spec.split(","))):
        key, _, value = item.partition("=")
        if key.startswith(("add.", "drop.")):
            per[key] = float(value)
        else:
            setattr(t, key, float(value))
    return t, per


class Gated:
    """A fold's classifier whose p(some event) is mixed with a binary classifier's
    (``gate`` of a variant): weight ``mix`` on the binary one; with ``adds_only``, only for
    sentences the rules leave untyped (their first word ``RULE_none``)."""

    def __init__(self, base: Any, gate: Any, mix: float, adds_only: bool) -> None:
        self.base, self.gate, self.mix, self.adds_only = base, gate, mix, adds_only
        self.context = base.context
        self.thresholds = base.thresholds

    def predict(self, sentences: list[list[str]]) -> list[dict[str, float]]:
        probs = self.base.predict(sentences)
        if not self.mix or not sentences:
            return probs
        out = []
        for words, p, b in zip(sentences, probs, self.gate.predict(sentences), strict=True):
            if self.adds_only and words[0] != f"RULE_{NONE}":
                out.append(p)
                continue
            event = 1.0 - p[NONE]
            mixed = (1.0 - self.mix) * event + self.mix * (1.0 - b[NONE])
            scale = mixed / event if event > 1e-12 else 0.0
            out.append({k: 1.0 - mixed if k == NONE else v * scale for k, v in p.items()})
        return out


def split_gate(spec: str) -> tuple[str, float, bool]:
    """A ``--config`` string without its ``gate=L`` and ``gate.adds=1`` items, L (0 when
    absent) and whether the gate applies to untyped sentences only."""
    items = [p.strip() for p in spec.split(",") if p.strip()]
    mix = next((float(p[5:]) for p in items if p.startswith("gate=")), 0.0)
    adds = any(p == "gate.adds=1" for p in items)
    rest = ",".join(p for p in items if not p.startswith(("gate=", "gate.adds=")))
    return rest, mix, adds


def combine_per_type(per: dict[str, float]) -> Any:
    """:func:`learned.combine` with the add threshold of the likeliest event type."""
    shipped = learned.combine

    def combine(rule_type: str | None, probs: dict[str, float], t: Thresholds) -> str | None:
        if rule_type is None and per:
            events = {k: v for k, v in probs.items() if k != NONE}
            if not events:
                return None
            best = max(events, key=lambda k: events[k])
            return best if 1.0 - probs.get(NONE, 0.0) >= per.get(f"add.{best}", t.add) else None
        if rule_type is not None and f"drop.{rule_type}" in per:
            t = Thresholds(t.add, t.switch, per[f"drop.{rule_type}"], t.second)
        return shipped(rule_type, probs, t)

    return combine


def first_labels(examples: list[Any]) -> list[Any]:
    """The shipped training examples (each sentence once, with its first gold type) from
    ``sentence_examples(..., every_label=True)``, whose extra examples of one sentence
    follow it and share its word list."""
    out: list[Any] = []
    for words, label in examples:
        if not (out and out[-1][0] is words):
            out.append((words, label))
    return out


def repeat_rule(examples: list[Any], k: int) -> list[Any]:
    """``examples`` with the rules' answer (the leading ``RULE_`` words of
    :func:`learned.sentence_words`) written ``k`` times; the extra examples of one sentence
    keep sharing its (new) word list."""
    out: list[Any] = []
    new: dict[int, list[str]] = {}
    for words, label in examples:
        if id(words) not in new:
            n = next((i for i, w in enumerate(words) if not w.startswith("RULE_")), len(words))
            new[id(words)] = [words[0]] * k + words[n:] if n else list(words)
        out.append((new[id(words)], label))
    return out


def counts(scores: Scores) -> dict[str, dict[str, int]]:
    """The tp/fp/fn of every field of ``scores`` (for ``--dump``)."""
    return {k: {"tp": c.tp, "fp": c.fp, "fn": c.fn} for k, c in scores.fields.items()}


def subset_row(label: str, parts: list[Scores]) -> str:
    """A markdown row of ``parts`` pooled: event P/R/F1, actors and date F1."""
    f = pool(parts).fields
    return (
        f"| {label} | {f['event'].precision:.3f} | {f['event'].recall:.3f} "
        f"| {f['event'].f1:.3f} | {f['actors'].f1:.3f} | {f['date'].f1:.3f} |"
    )


def best_without(results: dict[str, dict[str, Scores]], held: str) -> str:
    """The setting of ``results`` (setting -> split -> scores) with the best event F1
    pooled over every split but ``held``."""
    return max(
        results,
        key=lambda k: pool([v for s, v in results[k].items() if s != held]).fields["event"].f1,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--variant",
        nargs="+",
        default=["1.0:years"],
        help="training variants WEIGHT:CONTEXT (weight of a none example; context groups "
        "joined by +, e.g. years+cues); default %(default)s, the shipped training",
    )
    ap.add_argument("--config", nargs="+", default=["add=0.6,switch=1.01,drop=0.6"])
    ap.add_argument("--cache", type=Path, help="pickle of the sentence examples")
    ap.add_argument("--subset", help="NAME=S1+S2: also pool over these held-out splits")
    ap.add_argument("--dump", type=Path, help="JSON file of every held-out split's counts")
    args = ap.parse_args()
    sub_name, _, sub = (args.subset or "").partition("=")
    subset = [s for s in sub.split("+") if s in SPLITS]
    dump: dict[str, Any] = {}
    start = time.perf_counter()
    data = {s: load_split(s) for s in SPLITS}
    if args.cache and args.cache.exists():
        examples = pickle.loads(args.cache.read_bytes())
    else:
        examples = {s: sentence_examples(data[s], every_label=True) for s in SPLITS}
        if args.cache:
            args.cache.write_bytes(pickle.dumps(examples))
    print(f"Held-out splits: {', '.join(SPLITS)}")
    print()
    print(
        "| none weight : context | setting | event P | event R | event F1 | actors F1 | date F1 | "
        + " | ".join(SPLITS)
        + " |"
    )
    print("|---|---|---|---|---|---|---|" + "---|" * len(SPLITS))
    shipped_combine = learned.combine
    for variant in args.variant:
        w, ctx, *flags = variant.split(":")
        weight, context = float(w), tuple(g for g in ctx.split("+") if g)
        c = next((float(f[2:]) for f in flags if f.startswith("c=")), learned.C)
        cw = None if weight == 1.0 else {NONE: weight}
        rows = {s: examples[s] if "multi" in flags else first_labels(examples[s]) for s in SPLITS}
        repeat = next((int(f[3:]) for f in flags if f.startswith("rr=")), learned.RULE_REPEAT)
        if repeat != learned.RULE_REPEAT:
            rows = {s: repeat_rule(rows[s], repeat) for s in SPLITS}
        models = {}
        gates = {}
        for h in SPLITS:
            train = [e for s in SPLITS if s != h for e in rows[s]]
            models[h] = train_model(train, c=c, context=context, class_weight=cw)
            if "gate" in flags:
                binary = [(words, NONE if y == NONE else "other") for words, y in train]
                gates[h] = train_model(binary, c=c, context=context, class_weight=cw)
        results: dict[str, dict[str, Scores]] = {}
        for spec in args.config:
            rest, mix, adds_only = split_gate(spec)
            t, per = parse_config(rest)
            learned.combine = combine_per_type(per)
            shipped_repeat, learned.RULE_REPEAT = learned.RULE_REPEAT, repeat
            try:
                folds = {}
                for h in SPLITS:
                    models[h].thresholds = t
                    model = Gated(models[h], gates[h], mix, adds_only) if h in gates else models[h]
                    folds[h] = _score(data[h], model, learned=True)
            finally:
                learned.combine = shipped_combine
                learned.RULE_REPEAT = shipped_repeat
            results[spec] = folds
            f = pool(list(folds.values())).fields
            per_split = " | ".join(f"{folds[h].fields['event'].f1:.3f}" for h in SPLITS)
            print(
                f"| {variant} | {spec} | {f['event'].precision:.3f} | {f['event'].recall:.3f} "
                f"| {f['event'].f1:.3f} | {f['actors'].f1:.3f} | {f['date'].f1:.3f} "
                f"| {per_split} |",
                flush=True,
            )
            if subset:
                print(
                    subset_row(f"{variant} | {spec}, {sub_name}", [folds[h] for h in subset]),
                    flush=True,
                )
        dump[variant] = {
            spec: {h: counts(sc) for h, sc in folds.items()} for spec, folds in results.items()
        }
        if len(results) > 1:
            # Nested: each held-out split scored with the setting that is best pooled
            # over the other splits only.
            chosen = {h: best_without(results, h) for h in SPLITS}
            f = pool([results[chosen[h]][h] for h in SPLITS]).fields
            per_split = " | ".join(
                f"{results[chosen[h]][h].fields['event'].f1:.3f}" for h in SPLITS
            )
            print(
                f"| {variant} | nested (setting chosen without the held-out split) "
                f"| {f['event'].precision:.3f} | {f['event'].recall:.3f} | {f['event'].f1:.3f} "
                f"| {f['actors'].f1:.3f} | {f['date'].f1:.3f} | {per_split} |",
                flush=True,
            )
            if subset:
                print(
                    subset_row(
                        f"{variant} | nested, {sub_name}", [results[chosen[h]][h] for h in subset]
                    ),
                    flush=True,
                )
            for h in SPLITS:
                print(f"<!-- {h}: {chosen[h]} -->")
            dump[variant]["nested"] = chosen
    if args.dump:
        write_text_atomic(args.dump, json.dumps(dump, indent=1))
    print(f"\n({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
