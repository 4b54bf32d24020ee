"""Agreement between two annotators on the same news articles (ceiling for issue 13).

Each blind split of ``news_corpus`` was written and annotated by one helper following
the corpus README's conventions. This script measures how well a second, independent
annotation of the same articles agrees with the original gold, which bounds what any
extractor can score against either of them.

``--sample``
    Draws 10 articles from each spent blind split (``blind4`` to ``blind7``) with
    ``numpy.random.default_rng(20261203)`` and copies only their ``.txt`` files to
    ``bench/news_agreement/texts/<split>__<article>.txt`` (never the gold ``.json``).
``--build``
    Expands the second annotation, written in the corpus's compact annotation format in
    ``bench/news_agreement/second.ann`` (``### <split>__<article>`` then one
    ``> TYPE | EVIDENCE FRAGMENT | ACTORS | TARGETS | DATE | FIGURES | FLAGS`` line per
    event, a lone ``>`` for none), into ``bench/news_agreement/second/*.json`` with the
    corpus builder (the evidence fragment becomes its whole sentence).
``--score``
    Reads the second annotation ``bench/news_agreement/second/<split>__<article>.json``
    (the corpus gold schema: ``published`` and ``events``) and scores it against the
    original gold with :func:`chokepoints.news.evaluate.score_document`, in both
    directions (original as gold, second as gold), per split and pooled; writes
    ``bench/news_agreement.json`` atomically, with the unmatched events of each side.

Run ``python bench/news_agreement.py --sample`` once, annotate the texts without
opening the gold, commit the annotations, then ``python bench/news_agreement.py --score``.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from chokepoints.atomic import write_text_atomic
from chokepoints.errors import DataError
from chokepoints.news.corpus import corpus_dir
from chokepoints.news.evaluate import Scores, load_gold, match_events, score_document
from chokepoints.news.schema import Event
from score_news_blind import _dump  # the same result layout as the blind runs

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "news_agreement" / "texts"
SECOND = HERE / "news_agreement" / "second"
ANN = HERE / "news_agreement" / "second.ann"
OUT = HERE / "news_agreement.json"
SPLITS = ("blind4", "blind5", "blind6", "blind7")
PER_SPLIT = 10
SEED = 20261203


def sample() -> list[str]:
    """Copy the ``.txt`` of 10 articles per split to :data:`TEXTS`; return their names."""
    rng = np.random.default_rng(SEED)
    TEXTS.mkdir(parents=True, exist_ok=True)
    names = []
    for split in SPLITS:
        txts = sorted((corpus_dir() / split).glob("*.txt"))
        if len(txts) < PER_SPLIT:
            raise DataError(
                f"holds {len(txts)} articles (expected at least {PER_SPLIT})",
                file=str(corpus_dir() / split),
            )
        for i in sorted(rng.choice(len(txts), size=PER_SPLIT, replace=False)):
            src = txts[int(i)]
            name = f"{split}__{src.stem}"
            shutil.copyfile(src, TEXTS / f"{name}.txt")
            names.append(name)
    return names


def build() -> int:
    """Expand :data:`ANN` into one gold-schema JSON per sampled text; return the count."""
    from chokepoints.news.corpus import SourceArticle, _event
    from chokepoints.news.ingest import read_documents

    blocks: dict[str, list[tuple[int, str]]] = {}
    cur: str | None = None
    for no, raw in enumerate(ANN.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("### "):
            cur = line[4:].strip()
            blocks[cur] = []
        elif line.startswith(">"):
            if cur is None:
                raise DataError("annotation before any article header", file=f"{ANN}:{no}")
            if line != ">":
                blocks[cur].append((no, line[1:].strip()))
    texts = {p.stem: p for p in TEXTS.glob("*.txt")}
    if set(blocks) != set(texts):
        raise DataError(
            f"annotates {sorted(set(blocks) ^ set(texts))} differently from the sampled texts",
            file=str(ANN),
        )
    SECOND.mkdir(parents=True, exist_ok=True)
    for name, lines in blocks.items():
        doc = read_documents(texts[name])[0]
        if doc.published is None:
            raise DataError("has no Published: header", file=str(texts[name]))
        body = texts[name].read_text(encoding="utf-8").split("\n", 2)[2].strip()
        art = SourceArticle(name, doc.published, "second", body)
        events = [_event(art, spec, f"{ANN}:{no}") for no, spec in lines]
        gold = {"published": doc.published.isoformat(), "events": events}
        write_text_atomic(
            SECOND / f"{name}.json", json.dumps(gold, indent=1, ensure_ascii=False) + "\n"
        )
    return len(blocks)


def _read_second(name: str) -> list[Event]:
    path = SECOND / f"{name}.json"
    if not path.exists():
        raise DataError("is missing (expected the second annotation)", file=str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Event.from_dict(e, file=str(path)) for e in data.get("events", [])]


def _brief(ev: Event) -> dict[str, Any]:
    return {
        "type": ev.type,
        "date": str(ev.date) if ev.date else None,
        "actors": sorted(a.name for a in ev.actors + ev.target),
        "evidence": ev.evidence,
    }


def score() -> dict[str, Any]:
    """Score the second annotation against the original gold, both ways."""
    names = sorted(p.stem for p in TEXTS.glob("*.txt"))
    if not names:
        raise DataError("holds no sampled texts (run --sample first)", file=str(TEXTS))
    wanted: dict[str, set[str]] = {}
    for n in names:
        split, art = n.split("__", 1)
        wanted.setdefault(split, set()).add(art)
    result: dict[str, Any] = {"seed": SEED, "splits": {}, "pooled": {}, "differences": []}
    pooled = {"original_as_gold": Scores(), "second_as_gold": Scores()}
    for split in sorted(wanted):
        per = {"original_as_gold": Scores(), "second_as_gold": Scores()}
        for txt, _text, _pub, gold in load_gold(corpus_dir() / split):
            if txt.stem not in wanted[split]:
                continue
            name = f"{split}__{txt.stem}"
            second = _read_second(name)
            for sc in (per["original_as_gold"], pooled["original_as_gold"]):
                score_document(second, gold, sc)
                sc.documents += 1
            for sc in (per["second_as_gold"], pooled["second_as_gold"]):
                score_document(gold, second, sc)
                sc.documents += 1
            pairs = match_events(second, gold)
            ms, mg = {i for i, _ in pairs}, {j for _, j in pairs}
            diff = {
                "article": name,
                "only_second": [_brief(e) for i, e in enumerate(second) if i not in ms],
                "only_original": [_brief(e) for j, e in enumerate(gold) if j not in mg],
                "matched_field_differences": [
                    {"second": _brief(second[i]), "original": _brief(gold[j])}
                    for i, j in pairs
                    if _brief(second[i]) != _brief(gold[j])
                ],
            }
            if diff["only_second"] or diff["only_original"] or diff["matched_field_differences"]:
                result["differences"].append(diff)
        result["splits"][split] = {k: _dump(v) for k, v in per.items()}
    result["pooled"] = {k: _dump(v) for k, v in pooled.items()}
    write_text_atomic(OUT, json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--sample", action="store_true", help="copy 40 article texts")
    g.add_argument("--build", action="store_true", help="expand second.ann to JSON")
    g.add_argument("--score", action="store_true", help="score the second annotation")
    args = ap.parse_args(argv)
    if args.sample:
        for n in sample():
            print(n)
        return 0
    if args.build:
        print(f"{build()} annotated articles written to {SECOND}")
        return 0
    res = score()
    for key in ("original_as_gold", "second_as_gold"):
        for split, d in [*res["splits"].items(), ("pooled", res["pooled"])]:
            rows = {r["field"]: r["f1"] for r in d[key]["fields"]}
            print(
                f"{key:17} {split:7} event {rows['event']:.3f} actors {rows['actors']:.3f} "
                f"date {rows['date']:.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
