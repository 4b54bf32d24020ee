from datetime import date

from chokepoints.news.extract import extract_events
from chokepoints.news.ingest import Document
from chokepoints.news.store import EventStore

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
    doc_id, new = store.add_document(doc)
    return store.add_events(doc_id, extract_events(text, published)) if new else []


def test_store_on_sqlite_file(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'news.sqlite'}"
    store = EventStore(url)
    _ingest(store, A, date(2025, 6, 8), "https://example.org/a")
    again = EventStore(url)  # reopened: the data are on disk
    assert again.count_events() == 2
    assert len(again.documents()) == 1


def test_same_document_is_recorded_once(tmp_path) -> None:
    store = EventStore(f"sqlite:///{tmp_path / 'n.sqlite'}")
    doc = Document(A, date(2025, 6, 8), None, "u", None)
    assert store.add_document(doc)[1] is True
    assert store.add_document(Document(A.upper(), date(2025, 6, 8), None, "v", None))[1] is False


def test_same_event_from_two_articles_is_merged_with_both_sources(tmp_path) -> None:
    store = EventStore(f"sqlite:///{tmp_path / 'n.sqlite'}")
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


def test_filters(tmp_path) -> None:
    store = EventStore(f"sqlite:///{tmp_path / 'n.sqlite'}")
    _ingest(store, A, date(2025, 6, 8), "u")
    assert [e["type"] for e in store.events(commodity="dysprosium")] == ["export_control_imposed"]
    assert [e["type"] for e in store.events(since=date(2025, 6, 9))] == ["negotiation_round"]
    assert [e["type"] for e in store.events(actor="CHN", type="export_control_imposed")] == [
        "export_control_imposed"
    ]
    assert store.events(actor="JPN") == []


def test_controls_on_different_goods_the_same_day_stay_apart(tmp_path) -> None:
    store = EventStore(f"sqlite:///{tmp_path / 'n.sqlite'}")
    _ingest(store, "China imposed export controls on dysprosium on Friday.", date(2025, 4, 5), "a")
    _ingest(store, "China imposed export controls on tungsten on Friday.", date(2025, 4, 5), "b")
    _ingest(store, "Beijing imposed export curbs on dysprosium on Friday.", date(2025, 4, 5), "c")
    events = store.events(type="export_control_imposed")
    assert [(e["commodities"], len(e["sources"])) for e in events] == [
        (["dysprosium"], 2),
        (["tungsten"], 1),
    ]
