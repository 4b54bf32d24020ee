"""Score the news extractor ONCE on the third blind split (``news_corpus/blind3``).

Run ``python bench/score_news_blind3.py`` a single time, after the rules and the learned
classifier are final; it writes ``bench/news_blind3_first_run.json`` (raw counts and
scores for the rules alone and for the rules combined with the packaged classifier, and
the throughput of both on the split's articles) and refuses to overwrite it. The split
was written and annotated by another helper and committed (messages ``blind3: ...``)
before any extractor run on it; this script is the first and only one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chokepoints.news.corpus import corpus_dir
from chokepoints.news.evaluate import Scores, evaluate, load_gold
from chokepoints.news.extract import build_pipeline, extract_events
from chokepoints.news.learned import packaged_model

OUT = Path(__file__).resolve().parent / "news_blind3_first_run.json"


def _dump(scores: Scores) -> dict[str, Any]:
    return {
        "documents": scores.documents,
        "fields": scores.rows(),
        "by_type": {
            t: {"tp": c.tp, "fp": c.fp, "fn": c.fn, "f1": round(c.f1, 3)}
            for t, c in sorted(scores.by_type.items())
        },
    }


def _rate(docs: list[Any], learned: bool, repeat: int = 5) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for _, text, published, _ in docs:
            extract_events(text, published, learned=learned)
    return repeat * len(docs) / (time.perf_counter() - start)


def main() -> None:
    if OUT.exists():
        sys.exit(f"{OUT} exists: the blind-3 split has been scored already")
    gold = corpus_dir() / "blind3"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    model = packaged_model()
    assert model is not None
    result: dict[str, Any] = {
        "note": (
            "single blind scoring run of src/chokepoints/data/news_corpus/blind3 "
            f"({len(list(gold.glob('*.json')))} articles), {datetime.now(UTC).isoformat()}, "
            f"news code as of commit {commit}; the split was committed (messages 'blind3: ...') "
            "before any extractor run on it"
        ),
        "system_commit": commit,
        "rules": _dump(evaluate(gold, learned=False)),
        "combined": _dump(evaluate(gold, learned=True, model=model)),
        "combined_thresholds": model.thresholds.as_dict(),
    }
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])
    build_pipeline()
    docs = load_gold(gold)
    result["throughput_articles_per_s"] = {
        "cores": 2,
        "mean_characters": round(sum(len(t) for _, t, _, _ in docs) / len(docs)),
        "rules": round(_rate(docs, False)),
        "combined": round(_rate(docs, True)),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for key in ("rules", "combined"):
        rows = {r["field"]: r["f1"] for r in result[key]["fields"]}
        print(key, rows)
    print(result["throughput_articles_per_s"])


if __name__ == "__main__":
    main()
