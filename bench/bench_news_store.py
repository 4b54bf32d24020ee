"""Benchmark: cost of the news store's safety (transactions, writer lock, migrations).

Run ``python bench/bench_news_store.py [--docs N] [--postgres URL]``. The
development-set articles are extracted once; the timed part stores N documents (the
articles again and again, each made distinct by a numbered first line) with their
events, one :meth:`EventStore.ingest` transaction per document, on a fresh SQLite file
and, with ``--postgres`` (or ``$CHOKEPOINTS_TEST_POSTGRES_URL``), in a fresh database
on that server. It also times opening a new store (schema made by the migrations) and
reopening it, and ``news accept`` (file lock, store transaction, timeline validation,
atomic write). Results go to stdout as Markdown for ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from chokepoints.news.evaluate import load_gold
from chokepoints.news.extract import extract_events
from chokepoints.news.ingest import Document
from chokepoints.news.propose import accept_proposal, propose
from chokepoints.news.schema import Actor, Event
from chokepoints.news.store import EventStore

GOLD = Path(__file__).resolve().parents[1] / "tests" / "news" / "gold"


def _fresh_postgres(base: str) -> tuple[str, object]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"news_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(base).set(database=name).render_as_string(hide_password=False), (admin, name)


def _drop_postgres(handle: object) -> None:
    from sqlalchemy import text

    admin, name = handle  # type: ignore[misc]
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _measure(url: str, corpus: list[tuple[str, date, list[Event]]], n_docs: int) -> dict:
    start = time.perf_counter()
    store = EventStore(url)
    opened_new = time.perf_counter() - start
    start = time.perf_counter()
    EventStore(url)
    reopened = time.perf_counter() - start
    start = time.perf_counter()
    n_events = 0
    for i in range(n_docs):
        text, published, events = corpus[i % len(corpus)]
        doc = Document(f"Copy {i}.\n{text}", published, None, f"u{i}", None)
        n_events += len(store.ingest(doc, events)[2])
    ingest_s = time.perf_counter() - start
    # Accepts: three proposals applied one after another to a fresh timeline file.
    for k, good in enumerate(["dysprosium", "terbium", "samarium"]):
        ev = Event(
            type="export_control_imposed",
            actors=[Actor(name="China", kind="country", country="CHN")],
            target=[],
            commodities=[good],
            date=f"2026-03-{k + 2:02d}",
            date_text="",
            evidence=f"China imposed export controls on {good}.",
            salience="main",
            confidence=0.9,
        )
        store.ingest(Document(f"accept bench {k}", date(2026, 3, 20)), [ev])
    pids = [p["id"] for p in propose(store) if p["patch"] and p["date"].startswith("2026-03")]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        for pid in pids:
            accept_proposal(store, pid, Path(tmp) / "timeline.yaml")
        accept_s = (time.perf_counter() - start) / max(len(pids), 1)
    return {
        "open_new_s": opened_new,
        "reopen_s": reopened,
        "docs_per_s": n_docs / ingest_s,
        "events_per_doc": n_events / n_docs,
        "accept_s": accept_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=500, help="documents stored per backend")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("CHOKEPOINTS_TEST_POSTGRES_URL"),
        help="SQLAlchemy URL of a PostgreSQL server (a fresh database is made and dropped)",
    )
    args = parser.parse_args()
    gold = load_gold(GOLD)
    corpus = [(text, published, extract_events(text, published)) for _, text, published, _ in gold]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(("SQLite file", _measure(f"sqlite:///{tmp}/bench.sqlite", corpus, args.docs)))
    if args.postgres:
        url, handle = _fresh_postgres(args.postgres)
        try:
            rows.append(("PostgreSQL (loopback)", _measure(url, corpus, args.docs)))
        finally:
            _drop_postgres(handle)
    print(
        f"- machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}, Python {platform.python_version()}"
    )
    print(f"- documents: {args.docs} (the {len(gold)} development articles, repeated)")
    print()
    print("| store | new store (migrations) s | reopen s | ingest docs/s | events/doc | accept s |")
    print("|---|---|---|---|---|---|")
    for label, r in rows:
        print(
            f"| {label} | {r['open_new_s']:.3f} | {r['reopen_s']:.4f} | {r['docs_per_s']:.0f} "
            f"| {r['events_per_doc']:.2f} | {r['accept_s']:.3f} |"
        )


if __name__ == "__main__":
    main()
