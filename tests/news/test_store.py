import hashlib
import json
from datetime import date

import pytest
from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    text,
)

from chokepoints.errors import NotFoundError
from chokepoints.news import store as store_module
from chokepoints.news.extract import extract_events
from chokepoints.news.ingest import Document
from chokepoints.news.store import SCHEMA_HEAD, EventStore, StoreError

A = (
    "U.S. and Chinese negotiators will meet for a new round of trade talks in London on Tuesday. "
    "China's commerce ministry on Friday imposed export controls on critical minerals."
)
B = (
    "U.S. Treasury Secretary Scott Bessent and Chinese Vice Premier He Lifeng held talks "
    "at Lancaster House in London on Tuesday."
)


def _ingest(store: EventStore, text: str, published: date, url: str) -> list[int]:
    doc = Document(text, published, None, url, None)
    return store.ingest(doc, extract_events(text, published))[2]


def test_store_reopened(store_url) -> None:
    store = EventStore(store_url)
    _ingest(store, A, date(2025, 6, 8), "https://example.org/a")
    again = EventStore(store_url)  # reopened: the data are on disk
    assert again.count_events() == 2
    assert len(again.documents()) == 1


def test_same_document_is_recorded_once(store_url) -> None:
    store = EventStore(store_url)
    doc = Document(A, date(2025, 6, 8), None, "u", None)
    assert store.add_document(doc)[1] is True
    assert store.add_document(Document(A.upper(), date(2025, 6, 8), None, "v", None))[1] is False


def test_same_event_from_two_articles_is_merged_with_both_sources(store_url) -> None:
    store = EventStore(store_url)
    _ingest(store, A, date(2025, 6, 8), "https://example.org/a")
    _ingest(store, B, date(2025, 6, 10), "https://example.org/b")
    rounds = store.events(type="negotiation_round")
    assert len(rounds) == 1
    ev = rounds[0]
    assert ev["date"] == "2025-06-10"
    assert [s["url"] for s in ev["sources"]] == ["https://example.org/a", "https://example.org/b"]
    # Both articles' actors are kept. "U.S. and Chinese officials" name no country under
    # the corpus convention (adjectives give no actor; gold harmonised 2026-12-03), so
    # the learned actors may drop the two countries; the people are named in B.
    assert {"Scott Bessent", "He Lifeng"} <= {a["name"] for a in ev["actors"]}
    assert ev["location"] == "Lancaster House, London"


def test_filters(store_url) -> None:
    store = EventStore(store_url)
    _ingest(store, A, date(2025, 6, 8), "u")
    assert [e["type"] for e in store.events(commodity="critical minerals")] == [
        "export_control_imposed"
    ]
    assert [e["type"] for e in store.events(since=date(2025, 6, 9))] == ["negotiation_round"]
    assert [e["type"] for e in store.events(actor="CHN", type="export_control_imposed")] == [
        "export_control_imposed"
    ]
    assert store.events(actor="JPN") == []


def test_controls_on_different_goods_the_same_day_stay_apart(store_url) -> None:
    store = EventStore(store_url)
    _ingest(store, "China imposed export controls on dysprosium on Friday.", date(2025, 4, 5), "a")
    _ingest(
        store, "China imposed export controls on semiconductors on Friday.", date(2025, 4, 5), "b"
    )
    _ingest(store, "Beijing imposed export curbs on dysprosium on Friday.", date(2025, 4, 5), "c")
    events = store.events(type="export_control_imposed")
    assert [(e["commodities"], len(e["sources"])) for e in events] == [
        (["dysprosium"], 2),
        (["semiconductors"], 1),
    ]


def test_duplicate_ingest_stores_no_events_again(store_url) -> None:
    store = EventStore(store_url)
    doc = Document(A, date(2025, 6, 8), None, "u", None)
    events = extract_events(A, date(2025, 6, 8))
    doc_id, new, ids = store.ingest(doc, events)
    assert new and len(ids) == 2
    assert store.has_document(doc) == doc_id
    assert store.ingest(doc, events) == (doc_id, False, [])
    assert sum(len(e["sources"]) for e in store.events()) == 2


def test_failed_ingest_leaves_neither_document_nor_events(store_url, monkeypatch) -> None:
    store = EventStore(store_url)
    doc = Document(A, date(2025, 6, 8), None, "u", None)
    events = extract_events(A, date(2025, 6, 8))
    real = EventStore._add_events

    def half_then_fail(s, document_id, evs):  # type: ignore[no-untyped-def]
        real(s, document_id, evs[:1])  # the document and one event are written...
        raise RuntimeError("power cut")  # ...then the process dies

    monkeypatch.setattr(EventStore, "_add_events", staticmethod(half_then_fail))
    with pytest.raises(RuntimeError):
        store.ingest(doc, events)
    monkeypatch.undo()
    assert store.documents() == [] and store.count_events() == 0
    assert store.ingest(doc, events)[1] is True  # the rerun stores it, events and all
    assert store.count_events() == 2


def test_add_events_to_an_unknown_document(store_url) -> None:
    with pytest.raises(NotFoundError):
        EventStore(store_url).add_events(99, [])


# -- schema migrations ---------------------------------------------------------------


def test_newer_schema_is_refused_in_one_line(store_url) -> None:
    store = EventStore(store_url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="schema revision '9999', which this version"):
        EventStore(store_url)


def test_new_store_is_at_the_newest_migration(store_url) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(store_module._MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    assert script.get_current_head() == SCHEMA_HEAD
    known = [r.revision for r in reversed(list(script.walk_revisions()))]
    assert tuple(known) == store_module._KNOWN_REVISIONS
    store = EventStore(store_url)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD


def test_migrated_schema_matches_the_models(store_url) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    store = EventStore(store_url)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), store_module._Base.metadata)
    assert diff == []


def _first_release_tables() -> MetaData:
    """The tables as the first release's models declared them (constraints unnamed)."""
    meta = MetaData()
    Table(
        "documents",
        meta,
        Column("id", Integer, primary_key=True),
        Column("sha256", String(64), unique=True, index=True, nullable=False),
        Column("url", Text),
        Column("path", Text),
        Column("title", Text),
        Column("published", Date),
        Column("text", Text, nullable=False),
        Column("ingested_at", DateTime, nullable=False),
    )
    Table(
        "events",
        meta,
        Column("id", Integer, primary_key=True),
        Column("type", String(40), index=True, nullable=False),
        Column("date", Date, index=True),
        Column("salience", String(12), nullable=False),
        Column("confidence", Float, nullable=False),
        Column("data_json", JSON, nullable=False),
    )
    Table(
        "event_sources",
        meta,
        Column("id", Integer, primary_key=True),
        Column("event_id", ForeignKey("events.id"), index=True, nullable=False),
        Column("document_id", ForeignKey("documents.id"), index=True, nullable=False),
        Column("evidence", Text, nullable=False),
        UniqueConstraint("event_id", "document_id", "evidence"),
    )
    Table(
        "proposals",
        meta,
        Column("id", Integer, primary_key=True),
        Column("event_id", ForeignKey("events.id"), unique=True, nullable=False),
        Column("action", String(40), nullable=False),
        Column("status", String(12), nullable=False),
        Column("record_json", JSON, nullable=False),
        Column("created_at", DateTime, nullable=False),
        Column("accepted_at", DateTime),
    )
    return meta


def test_store_made_before_migrations_is_adopted(store_url) -> None:
    # The first release made its tables with create_all and kept no alembic_version.
    engine = create_engine(store_url)
    _first_release_tables().create_all(engine)
    event = extract_events(A, date(2025, 6, 8))[0].as_dict()
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO documents (sha256, text, ingested_at) "
                "VALUES ('abc', 'old text', '2025-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO events (type, salience, confidence, data_json) "
                "VALUES (:t, 'main', 0.9, :d)"
            ),
            {"t": event["type"], "d": json.dumps(event)},
        )
        conn.execute(
            text("INSERT INTO event_sources (event_id, document_id, evidence) VALUES (1, 1, :e)"),
            {"e": event["evidence"]},
        )
    engine.dispose()
    store = EventStore(store_url)
    assert [d["sha256"] for d in store.documents()] == ["abc"]
    assert [s["evidence"] for s in store.event(1)["sources"]] == [event["evidence"]]
    with store.engine.connect() as conn:
        digest = conn.execute(text("SELECT evidence_sha256 FROM event_sources")).scalar()
    assert digest == hashlib.sha256(event["evidence"].encode("utf-8")).hexdigest()
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD
    _ingest(store, A, date(2025, 6, 8), "u")
    assert store.count_events() == 2
    assert len(store.event(1)["sources"]) == 2  # the new report merged into the old event


def test_evidence_longer_than_an_index_entry(store_url) -> None:
    # PostgreSQL indexes no entry over about 8 kB; the sources are unique by hash instead.
    store = EventStore(store_url)
    words = " ".join(f"w{i}" for i in range(4000))  # a 'sentence' of ~23,000 characters
    ev = extract_events("China imposed export controls on dysprosium on Friday.", date(2025, 4, 5))
    ev[0].evidence = words + " " + ev[0].evidence
    doc = Document(words, date(2025, 4, 5), None, "u", None)
    assert store.ingest(doc, ev)[1] is True
    assert store.event(1)["sources"][0]["evidence"] == ev[0].evidence


def test_store_at_revision_0001_is_upgraded(store_url) -> None:
    from alembic import command
    from alembic.config import Config

    engine = create_engine(store_url)
    with engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(store_module._MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(
            text(
                "INSERT INTO documents (sha256, text, ingested_at) "
                "VALUES ('abc', 'old text', '2025-01-01 00:00:00')"
            )
        )
    engine.dispose()
    store = EventStore(store_url)
    assert len(store.documents()) == 1
    _ingest(store, A, date(2025, 6, 8), "u")
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
        assert conn.execute(text("SELECT count(*) FROM event_sources")).scalar() == 2


def test_store_closes_and_reopens_its_connections(store_url) -> None:
    with EventStore(store_url) as store:
        _ingest(store, A, date(2025, 6, 8), "u")
    assert store.count_events() == 2  # connections reopen on use
    store.close()
