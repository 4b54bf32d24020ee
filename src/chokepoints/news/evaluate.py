"""Score extraction against annotated documents: per-field precision, recall and F1.

A gold directory holds pairs ``NAME.txt`` (the article; the ``Published:`` header or
the JSON's ``published`` gives the date) and ``NAME.json``::

    {"published": "2025-06-10", "events": [ {event in the schema}, ... ]}

Matching: a predicted event matches a gold event of the same type whose evidence
overlaps it (word Jaccard >= 0.5, or one sentence containing the other); each gold
event is matched at most once, best overlap first.

Fields
------
``event`` (type)
    TP = matched pairs; FP = unmatched predictions; FN = unmatched gold events.
``actors``
    Over actor and target names together: TP = names in both events of a matched pair;
    names of unmatched predictions are FP, of unmatched gold events FN.
``date``
    TP = matched pair with equal non-null dates; a predicted non-null date that is
    wrong or unmatched is FP; a gold non-null date not predicted exactly is FN.
``figures``
    Over (value, unit) pairs, counted like actors (``value`` is the magnitude, so the
    direction does not enter this field and its scores stay comparable).
``figure_change``
    The direction (``change``) of the figures that match on (value, unit) in a matched
    pair: TP = same non-null direction; a predicted non-null direction that is wrong is
    FP; a gold non-null direction not predicted exactly is FN. Figures that do not match
    are already counted under ``figures``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chokepoints.errors import DataError
from chokepoints.news.extract import extract_events
from chokepoints.news.ingest import read_documents
from chokepoints.news.schema import Event
from chokepoints.news.store import evidence_overlap

FIELDS = ("event", "actors", "date", "figures", "figure_change")


@dataclass
class Counts:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """Per-field counts over a gold set, plus per-type event counts."""

    fields: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    by_type: dict[str, Counts] = field(default_factory=dict)
    documents: int = 0
    seconds: float = 0.0

    def rows(self) -> list[dict[str, Any]]:
        """One row per field: precision, recall, F1 and the counts."""
        return [
            {
                "field": name,
                "precision": round(c.precision, 3),
                "recall": round(c.recall, 3),
                "f1": round(c.f1, 3),
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
            }
            for name, c in self.fields.items()
        ]


def _overlaps(a: str, b: str) -> float:
    al, bl = " ".join(a.lower().split()), " ".join(b.lower().split())
    if al in bl or bl in al:
        return 1.0
    return evidence_overlap(a, b)


def match_events(pred: list[Event], gold: list[Event]) -> list[tuple[int, int]]:
    """Pairs (predicted index, gold index) of matching events."""
    cands = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if p.type == g.type:
                ov = _overlaps(p.evidence, g.evidence)
                if ov >= 0.5:
                    cands.append((ov, i, j))
    cands.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


def _names(ev: Event) -> set[str]:
    return {a.name.lower() for a in ev.actors + ev.target}


def _figs(ev: Event) -> set[tuple[float, str]]:
    return {(round(f.value, 6), f.unit) for f in ev.figures}


def _changes(ev: Event) -> dict[tuple[float, str], str | None]:
    return {(round(f.value, 6), f.unit): f.change for f in ev.figures}


def score_document(pred: list[Event], gold: list[Event], scores: Scores) -> None:
    """Add one document's counts to ``scores``."""
    pairs = match_events(pred, gold)
    mp = {i for i, _ in pairs}
    mg = {j for _, j in pairs}
    f = scores.fields
    f["event"].tp += len(pairs)
    f["event"].fp += len(pred) - len(pairs)
    f["event"].fn += len(gold) - len(pairs)
    for i, p in enumerate(pred):
        scores.by_type.setdefault(p.type, Counts())
        if i not in mp:
            scores.by_type[p.type].fp += 1
    for j, g in enumerate(gold):
        scores.by_type.setdefault(g.type, Counts())
        if j in mg:
            scores.by_type[g.type].tp += 1
        else:
            scores.by_type[g.type].fn += 1
    for i, j in pairs:
        p, g = pred[i], gold[j]
        for key, pv, gv in (("actors", _names(p), _names(g)), ("figures", _figs(p), _figs(g))):
            f[key].tp += len(pv & gv)  # type: ignore[operator]
            f[key].fp += len(pv - gv)  # type: ignore[operator]
            f[key].fn += len(gv - pv)  # type: ignore[operator]
        pc, gc = _changes(p), _changes(g)
        for fig in pc.keys() & gc.keys():
            if pc[fig] is not None and pc[fig] == gc[fig]:
                f["figure_change"].tp += 1
            else:
                f["figure_change"].fp += 1 if pc[fig] is not None else 0
                f["figure_change"].fn += 1 if gc[fig] is not None else 0
        if p.date and p.date == g.date:
            f["date"].tp += 1
        else:
            f["date"].fp += 1 if p.date else 0
            f["date"].fn += 1 if g.date else 0
    for i, p in enumerate(pred):
        if i not in mp:
            f["actors"].fp += len(_names(p))
            f["figures"].fp += len(_figs(p))
            f["date"].fp += 1 if p.date else 0
    for j, g in enumerate(gold):
        if j not in mg:
            f["actors"].fn += len(_names(g))
            f["figures"].fn += len(_figs(g))
            f["date"].fn += 1 if g.date else 0


def load_gold(gold_dir: Path) -> list[tuple[Path, str, Any, list[Event]]]:
    """Read every ``NAME.txt`` + ``NAME.json`` pair of a gold directory."""
    from chokepoints.news.ingest import parse_date

    if not gold_dir.is_dir():
        raise DataError(
            "is not a directory (expected NAME.txt + NAME.json pairs)", file=str(gold_dir)
        )
    out = []
    for js in sorted(gold_dir.glob("*.json")):
        txt = js.with_suffix(".txt")
        if not txt.exists():
            raise DataError(f"has no article {txt.name} beside it", file=str(js))
        data = json.loads(js.read_text(encoding="utf-8"))
        docs = read_documents(txt)
        published = parse_date(data.get("published"), file=str(js)) or docs[0].published
        if published is None:
            raise DataError("has no publication date", file=str(js), field="published")
        events = [Event.from_dict(e, file=str(js)) for e in data.get("events", [])]
        out.append((txt, docs[0].text, published, events))
    if not out:
        raise DataError("holds no NAME.json gold files", file=str(gold_dir))
    return out


def evaluate(gold_dir: str | Path, *, learned: bool | None = None, model: Any = None) -> Scores:
    """Extract every gold article and score it against its annotations.

    ``learned`` as in :func:`~chokepoints.news.extract.extract_events` (True: rules +
    learned classifier, False: rules alone, None: the default); ``model`` replaces the
    packaged classifier.
    """
    scores = Scores()
    gold = load_gold(Path(gold_dir))
    start = time.perf_counter()
    predictions = [
        extract_events(text, published, learned=learned, model=model)
        for _, text, published, _ in gold
    ]
    scores.seconds = time.perf_counter() - start
    for pred, (_, _, _, events) in zip(predictions, gold, strict=True):
        score_document(pred, events, scores)
    scores.documents = len(gold)
    return scores
