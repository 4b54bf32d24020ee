"""Score the news extractor ONCE on a blind corpus split: ``python bench/score_news_blind.py SPLIT``.

The generic form of ``score_news_blind2.py`` and ``score_news_blind3.py`` (kept as the
records of those runs). It evaluates ``chokepoints/data/news_corpus/SPLIT`` with the
rules alone and with the rules combined with the packaged classifier, measures the
throughput of both on the split's articles (two cores), and writes
``bench/news_SPLIT_first_run.json`` with the commit of the code and the time of the run.
It refuses to run when that file exists: a blind split is scored once, after the rules
and the classifier are final, and is spent from then on.

``--gold DIR --out FILE`` score another folder into another file (to try the script
on a spent split without spending anything); the refusal applies to ``FILE`` as well.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench_news import articles_per_second  # the same timing loop as bench/bench_news.py
from chokepoints.atomic import write_text_atomic
from chokepoints.news.corpus import corpus_dir
from chokepoints.news.evaluate import Scores, evaluate, load_gold
from chokepoints.news.extract import build_pipeline
from chokepoints.news.learned import packaged_model

BENCH = Path(__file__).resolve().parent


def _dump(scores: Scores) -> dict[str, Any]:
    return {
        "documents": scores.documents,
        "fields": scores.rows(),
        "by_type": {
            t: {"tp": c.tp, "fp": c.fp, "fn": c.fn, "f1": round(c.f1, 3)}
            for t, c in sorted(scores.by_type.items())
        },
    }


def _git(*args: str) -> str:
    out = subprocess.run(["git", *args], capture_output=True, text=True, check=False, cwd=BENCH)
    return out.stdout.strip()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("split", help="blind corpus split to score once (e.g. blind4)")
    ap.add_argument("--gold", type=Path, help="gold folder (default: the corpus split's)")
    ap.add_argument(
        "--out", type=Path, help="result file (default: bench/news_SPLIT_first_run.json)"
    )
    args = ap.parse_args(argv)
    out: Path = args.out or BENCH / f"news_{args.split}_first_run.json"
    if out.exists():
        sys.exit(f"{out} exists: split {args.split!r} has been scored already (once only)")
    gold: Path = args.gold or corpus_dir() / args.split
    if not gold.is_dir():
        sys.exit(
            f"{gold} is not a folder (expected the expanded split: python -m chokepoints.news.corpus {args.split})"
        )
    model = packaged_model()
    if model is None:
        sys.exit("the packaged classifier is missing (python -m chokepoints.news.train)")
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = bool(
        _git("status", "--porcelain", "--untracked-files=no", "--", "../src/chokepoints/news")
    )
    docs = load_gold(gold)
    result: dict[str, Any] = {
        "note": (
            f"single blind scoring run of {gold} ({len(docs)} articles), "
            f"{datetime.now(UTC).isoformat(timespec='seconds')}, news code as of commit {commit}"
            + (" with uncommitted changes under src/chokepoints/news" if dirty else "")
        ),
        "split": args.split,
        "system_commit": commit,
        "news_code_uncommitted_changes": dirty,
        "time_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "rules": _dump(evaluate(gold, learned=False)),
        "combined": _dump(evaluate(gold, learned=True, model=model)),
        "combined_thresholds": model.thresholds.as_dict(),
        "classifier_trained_on": model.meta.get("trained_on", {}).get("corpus_split"),
    }
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])
    build_pipeline()
    result["throughput_articles_per_s"] = {
        "cores": 2,
        "mean_characters": round(sum(len(t) for _, t, _, _ in docs) / len(docs)),
        "rules": round(articles_per_second(docs, 5, learned=False)),
        "combined": round(articles_per_second(docs, 5, learned=True)),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    write_text_atomic(out, json.dumps(result, indent=1) + "\n")
    for key in ("rules", "combined"):
        rows = {r["field"]: r["f1"] for r in result[key]["fields"]}
        print(key, rows)
    print(result["throughput_articles_per_s"])
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
