"""Why the extractor misses gold events: out-of-fold error classes of spent splits.

Run ``python bench/news_miss_classes.py [--splits blind17,blind18] [--out FILE]``. For each
split named (spent splits only: one in ``train.HELD_OUT_SPLITS`` is refused) a fresh
event-type classifier is trained on every other spent split (the leave-one-split-out
fold model of ``bench/news_recall_cv.py``), the split is extracted with it under the
shipped thresholds, and every gold event no predicted event matches is put in one class:

- ``no sentence``: no sentence of the extractor overlaps the gold evidence (a span over
  two sentences, or a heading);
- ``typed right, lost``: an event of the gold type was predicted on the sentence but is
  matched to another gold event or merged away;
- ``typed otherwise``: the sentence got events of other types only (``by rules``: the
  rules' type; ``other pass``: a type the classifier switched or added, or a later pass
  gave, such as an expansion for goods licensed before);
- ``no trigger``: no trigger pattern matched and the classifier's p(some event) stayed
  below the add threshold;
- ``checks dropped``: a trigger matched but the hedge, negation, speaker or context checks
  left the sentence untyped (and the classifier did not add it);
- ``model dropped``: the rules typed it and the classifier dropped it;
- ``later pass``: typed after the combination, but no predicted event has the sentence as
  evidence: merged into an earlier mention of the same event (a round, a call, a data
  release, an elaboration of a control) or filtered (a statement without a policy word or
  speaker, details of a round).

Markdown counts (class x gold type) to stdout; every miss with its sentence, the trigger
type, the rules' type and the classifier's probabilities to ``--out`` (JSON lines), for
reading the phrasings. Fourteenth round of issue 13 (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from chokepoints.news.evaluate import _overlaps, match_events
from chokepoints.news.extract import (
    _resolve_short_names,
    _rule_type,
    build_pipeline,
    classify,
    extract_events,
    strip_dateline,
)
from chokepoints.news.learned import NONE, combine, context_words, packaged_model, sentence_words
from chokepoints.news.train import HELD_OUT_SPLITS, load_split, sentence_examples, train_model

sys.path.insert(0, str(Path(__file__).resolve().parent))
from news_recall_cv import SPLITS, first_labels  # noqa: E402

CLASSES = (
    "no sentence",
    "typed right, lost",
    "typed otherwise (by rules)",
    "typed otherwise (other pass)",
    "no trigger",
    "checks dropped",
    "model dropped",
    "later pass",
)


def classify_misses(articles: list[Any], model: Any) -> list[dict[str, Any]]:
    """One record per gold event of ``articles`` that no predicted event matches."""
    nlp = build_pipeline()
    out: list[dict[str, Any]] = []
    for art in articles:
        pred = extract_events(art.text, art.published, model=model)
        matched = {j for _, j in match_events(pred, art.events)}
        doc = nlp(strip_dateline(art.text))
        _resolve_short_names(doc)
        sents = [s for s in doc.sents if len(s.text.strip()) >= 12]
        rules = [_rule_type(s, s.text.strip()) for s in sents]
        words = [sentence_words(s, t) for s, t in zip(sents, rules, strict=True)]
        if model.context:
            ctx = context_words(sents, rules, art.published)
            words = [w + c for w, c in zip(words, ctx, strict=True)]
        probs = model.predict(words)
        for j, gold in enumerate(art.events):
            if j in matched:
                continue
            rec: dict[str, Any] = {
                "article": art.name,
                "type": gold.type,
                "evidence": gold.evidence,
            }
            overlaps = [_overlaps(s.text.strip(), gold.evidence) for s in sents]
            k = max(range(len(sents)), key=overlaps.__getitem__, default=-1)
            if k < 0 or overlaps[k] < 0.5:
                rec["class"] = "no sentence"
                out.append(rec)
                continue
            sent = sents[k].text.strip()
            on_sent = [p.type for p in pred if _overlaps(p.evidence, sent) >= 0.5]
            trig, rule, prob = classify(sent), rules[k], probs[k]
            chosen = combine(rule, prob, model.thresholds)
            rec.update(
                sentence=sent,
                trigger=trig,
                rule=rule,
                combined=chosen,
                predicted=on_sent,
                p_event=round(1.0 - prob.get(NONE, 0.0), 3),
                p_gold=round(prob.get(gold.type, 0.0), 3),
                top=max((t for t in prob if t != NONE), key=prob.__getitem__),
            )
            if gold.type in on_sent:
                rec["class"] = "typed right, lost"
            elif on_sent:
                by_rules = rule is not None and rule in on_sent
                rec["class"] = f"typed otherwise ({'by rules' if by_rules else 'other pass'})"
            elif rule is None and chosen is None:
                rec["class"] = "no trigger" if trig is None else "checks dropped"
            elif rule is not None and chosen is None:
                rec["class"] = "model dropped"
            else:
                rec["class"] = "later pass"
            out.append(rec)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--splits", default="blind13,blind14,blind15,blind16,blind17,blind18")
    ap.add_argument("--cache", type=Path, help="pickle of news_recall_cv's sentence examples")
    ap.add_argument("--out", type=Path, help="JSON lines of every miss")
    args = ap.parse_args()
    held = [s.strip() for s in args.splits.split(",") if s.strip()]
    if HELD_OUT_SPLITS & set(held) or not set(held) <= set(SPLITS):
        ap.error(f"only spent splits can be analysed ({', '.join(SPLITS)})")
    if args.cache and args.cache.exists():
        examples = pickle.loads(args.cache.read_bytes())
    else:
        examples = {s: sentence_examples(load_split(s), every_label=True) for s in SPLITS}
    shipped = packaged_model()
    misses: list[dict[str, Any]] = []
    for h in held:
        model = train_model([e for s in SPLITS if s != h for e in first_labels(examples[s])])
        if shipped is not None:
            model.thresholds = shipped.thresholds
        for rec in classify_misses(load_split(h), model):
            misses.append({"split": h, **rec})
    types = sorted({m["type"] for m in misses})
    print(f"Misses of {', '.join(held)} (out-of-fold models): {len(misses)}")
    print()
    print("| class | all | " + " | ".join(types) + " |")
    print("|---|---|" + "---|" * len(types))
    for cls in CLASSES:
        got = Counter(m["type"] for m in misses if m["class"] == cls)
        print(f"| {cls} | {sum(got.values())} | " + " | ".join(str(got[t]) for t in types) + " |")
    per = Counter((m["split"], m["class"]) for m in misses)
    print()
    print("| split | " + " | ".join(CLASSES) + " |")
    print("|---|" + "---|" * len(CLASSES))
    for h in held:
        print(f"| {h} | " + " | ".join(str(per[(h, c)]) for c in CLASSES) + " |")
    if args.out:
        args.out.write_text("".join(json.dumps(m) + "\n" for m in misses), encoding="utf-8")


if __name__ == "__main__":
    main()
