"""Benchmark: news extraction throughput (articles per second) and F1 on the gold sets.

Run ``python bench/bench_news.py [--repeat N] [--cores 2]``. Throughput counts the
development-set articles extracted N times over, in one process pinned to ``--cores``
CPUs (``os.sched_setaffinity`` where the OS has it); the pipeline and the learned model
are loaded once before timing. It is measured for the rules alone and for the rules
combined with the learned classifier, on the development set and on the whole corpus
(``chokepoints/data/news_corpus``: train, train2, dev, blind, blind2 and blind3, all spent). Scores are given for both too.
Results go to stdout as Markdown for ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from chokepoints.news.corpus import corpus_dir
from chokepoints.news.evaluate import evaluate, load_gold
from chokepoints.news.extract import build_pipeline, extract_events
from chokepoints.news.learned import packaged_model

GOLD = Path(__file__).resolve().parents[1] / "tests" / "news" / "gold"
HELDOUT = GOLD.parent / "heldout"
CORPUS = corpus_dir()
#: Corpus splits whose blind run is done (blind2 and blind3 were scored once by
#: score_news_blind2.py and score_news_blind3.py).
SPENT = ("train", "train2", "dev", "blind", "blind2", "blind3")


def articles_per_second(docs: list, repeat: int, learned: bool) -> float:
    """Articles per second of ``extract_events`` over ``repeat`` passes over ``docs``
    (gold tuples as :func:`chokepoints.news.evaluate.load_gold` gives them)."""
    start = time.perf_counter()
    for _ in range(repeat):
        for _, text, published, _ in docs:
            extract_events(text, published, learned=learned)
    return repeat * len(docs) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="passes over the gold set")
    parser.add_argument("--cores", type=int, default=2, help="CPUs to pin the process to")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))[: args.cores]
        os.sched_setaffinity(0, cpus)
    build_pipeline()
    packaged_model()
    gold = load_gold(GOLD)
    corpus = [d for split in SPENT for d in load_gold(CORPUS / split)]
    n_chars = sum(len(text) for _, text, _, _ in gold)
    start = time.perf_counter()
    for _ in range(args.repeat):
        for _, text, published, _ in gold:
            extract_events(text, published, learned=False)
    elapsed = time.perf_counter() - start
    n = args.repeat * len(gold)
    rates = {
        (name, learned): articles_per_second(
            docs, max(1, args.repeat // (4 if name == "corpus" else 1)), learned
        )
        for name, docs in (("development", gold), ("corpus", corpus))
        for learned in (False, True)
    }

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
    print("| articles | rules alone | rules + learned |")
    print("|---|---|---|")
    for name, docs in (("development", gold), ("corpus", corpus)):
        print(
            f"| {name} ({len(docs)}) | {rates[(name, False)]:.0f}/s | {rates[(name, True)]:.0f}/s |"
        )
    print()
    print("| set | extractor | field | precision | recall | F1 | TP | FP | FN |")
    print("|---|---|---|---|---|---|---|---|---|")
    sets = [("development", GOLD), ("held-out", HELDOUT)]
    sets += [(f"corpus {s}", CORPUS / s) for s in SPENT]
    for label, folder in sets:
        for learned in (False, True):
            for row in evaluate(folder, learned=learned).rows():
                print(
                    f"| {label} | {'rules + learned' if learned else 'rules'} | {row['field']} "
                    f"| {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} "
                    f"| {row['tp']} | {row['fp']} | {row['fn']} |"
                )


if __name__ == "__main__":
    main()
