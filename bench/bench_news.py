"""Benchmark: news extraction throughput (articles per second) and F1 on the gold sets.

Run ``python bench/bench_news.py [--repeat N] [--cores 2]``. Throughput counts the
development-set articles extracted N times over, in one process pinned to ``--cores``
CPUs (``os.sched_setaffinity`` where the OS has it); the pipeline is built once before
timing. Results go to stdout as Markdown for ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from chokepoints.news.evaluate import evaluate, load_gold
from chokepoints.news.extract import build_pipeline, extract_events

GOLD = Path(__file__).resolve().parents[1] / "tests" / "news" / "gold"
HELDOUT = GOLD.parent / "heldout"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="passes over the gold set")
    parser.add_argument("--cores", type=int, default=2, help="CPUs to pin the process to")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))[: args.cores]
        os.sched_setaffinity(0, cpus)
    build_pipeline()
    gold = load_gold(GOLD)
    n_chars = sum(len(text) for _, text, _, _ in gold)
    start = time.perf_counter()
    for _ in range(args.repeat):
        for _, text, published, _ in gold:
            extract_events(text, published)
    elapsed = time.perf_counter() - start
    n = args.repeat * len(gold)

    print(
        f"- machine: {platform.processor() or platform.machine()}, {args.cores} cores pinned, Python {platform.python_version()}"
    )
    print(
        f"- articles: {len(gold)} x {args.repeat} passes = {n}; mean {n_chars / len(gold):.0f} characters"
    )
    print(
        f"- throughput: {n / elapsed:.0f} articles/s ({n_chars * args.repeat / elapsed / 1e3:.0f} k chars/s)"
    )
    print()
    print("| set | field | precision | recall | F1 | TP | FP | FN |")
    print("|---|---|---|---|---|---|---|---|")
    for label, folder in (("development", GOLD), ("held-out", HELDOUT)):
        for row in evaluate(folder).rows():
            print(
                f"| {label} | {row['field']} | {row['precision']:.3f} | {row['recall']:.3f} "
                f"| {row['f1']:.3f} | {row['tp']} | {row['fp']} | {row['fn']} |"
            )


if __name__ == "__main__":
    main()
