from datetime import date

import pytest
from sqlalchemy import create_engine, text

from chokepoints.errors import NotFoundError
from chokepoints.news import store as store_module
from chokepoints.news.extract import extract_events
from chokepoints.news.ingest import Document
from chokepoints.news.store import SCHEMA_HEAD, EventStore

A = (
    "Senior U.S. and Chinese officials are set to resume trade talks in London on Tuesday. "
    "China's commerce ministry on Friday imposed export controls on dysprosium."
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
    assert {"Scott Bessent", "He Lifeng", "United States", "China"} <= {
        a["name"] for a in ev["actors"]
    }
    assert ev["location"] == "Lancaster House, London"


def test_filters(store_url) -> None:
    store = EventStore(store_url)
    _ingest(store, A, date(2025, 6, 8), "u")
    assert [e["type"] for e in store.events(commodity="dysprosium")] == ["export_control_imposed"]
    assert [e["type"] for e in store.events(since=date(2025, 6, 9))] == ["negotiation_round"]
    assert [e["type"] for e in store.events(actor="CHN", type="export_control_imposed")] == [
        "export_control_imposed"
    ]
    assert store.events(actor="JPN") == []


def test_controls_on_different_goods_the_same_day_stay_apart(store_url) -> None:
    store = EventStore(store_url)
    _ingest(store, "China imposed export controls on dysprosium on Friday.", date(2025, 4, 5), "a")
    _ingest(store, "China imposed export controls on tungsten on Friday.", date(2025, 4, 5), "b")
    _ingest(store, "Beijing imposed export curbs on dysprosium on Friday.", date(2025, 4, 5), "c")
    events = store.events(type="export_control_imposed")
    assert [(e["commodities"], len(e["sources"])) for e in events] == [
        (["dysprosium"], 2),
        (["tungsten"], 1),
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


def test_new_store_is_at_the_newest_migration(store_url) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(store_module._MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_HEAD
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


def test_store_made_before_migrations_is_adopted(store_url) -> None:
    # The first release made its tables with create_all and kept no alembic_version.
    engine = create_engine(store_url)
    store_module._Base.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO documents (sha256, text, ingested_at) "
                "VALUES ('abc', 'old text', '2025-01-01 00:00:00')"
            )
        )
    engine.dispose()
    store = EventStore(store_url)
    assert [d["sha256"] for d in store.documents()] == ["abc"]
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD
    _ingest(store, A, date(2025, 6, 8), "u")
    assert store.count_events() == 2
