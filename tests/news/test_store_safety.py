"""The store loses nothing: killed ingests, concurrent ingests and accepts, and one-line
errors for every database problem. Runs on SQLite and on PostgreSQL (``store_url``)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import textwrap
import time
import traceback
from datetime import date
from pathlib import Path

import pytest
import yaml

from chokepoints.news.ingest import Document
from chokepoints.news.propose import accept_proposal, propose
from chokepoints.news.schema import Actor, Event
from chokepoints.news.store import EventStore, StoreError

ARTICLES = [
    "China's commerce ministry on Friday imposed export controls on critical minerals. "
    "Senior U.S. and Chinese officials held trade talks in London on Tuesday.",
    "U.S. Treasury Secretary Scott Bessent and Chinese Vice Premier He Lifeng held talks "
    "at Lancaster House in London on Tuesday.",
    "Beijing imposed export curbs on critical minerals on Friday, the ministry said.",
]
PUB = date(2025, 6, 10)


class _Child:
    """A forked process running ``code`` as a script with ``args`` as ``sys.argv[1:]``.

    Forked rather than started afresh: the child inherits the modules the tests already
    imported (spaCy, SQLAlchemy...), so several start at once in milliseconds instead of
    seconds each. It opens its own database connections. The interface follows
    :class:`subprocess.Popen` (``poll``, ``communicate``, ``returncode``,
    ``send_signal``); stdout and stderr go to files.
    """

    def __init__(self, code: str, args: tuple[str, ...], folder: Path) -> None:
        self.returncode: int | None = None
        self._out = folder / f"child-{id(self)}.out"
        self._err = folder / f"child-{id(self)}.err"
        script = compile(textwrap.dedent(code), "<child>", "exec")
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            status = 1
            with open(self._out, "w") as out, open(self._err, "w") as err:
                sys.stdout, sys.stderr = out, err
                try:
                    sys.argv = ["<child>", *args]
                    exec(script, {"__name__": "__main__"})
                    status = 0
                except SystemExit as exc:
                    status = exc.code if isinstance(exc.code, int) else 1
                except BaseException:
                    traceback.print_exc()
                out.flush()
                err.flush()
            os._exit(status)
        self.pid = pid

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def communicate(self, timeout: float = 240) -> tuple[str, str]:
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError("child did not finish in time")
            time.sleep(0.02)
        read = lambda p: p.read_text() if p.exists() else ""  # noqa: E731
        return read(self._out), read(self._err)


_FOLDER: list[Path] = []


@pytest.fixture(autouse=True)
def _child_folder(tmp_path):  # type: ignore[no-untyped-def]
    _FOLDER[:] = [tmp_path]
    yield


def _run(code: str, *args: str) -> _Child:
    return _Child(code, args, _FOLDER[0])


def _wait_for(path: Path, proc: _Child, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"child ended early: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("child never got there")
        time.sleep(0.02)


# -- a killed ingest ---------------------------------------------------------------

_KILLED_INGEST = """
    import sys, time
    from datetime import date
    from pathlib import Path
    from chokepoints.news.extract import extract_events
    from chokepoints.news.ingest import Document
    from chokepoints.news.store import EventStore

    url, marker, text = sys.argv[1:4]
    real = EventStore._add_events

    def stored_then_stuck(s, document_id, events):
        ids = real(s, document_id, events)
        s.flush()  # the rows are written in the open transaction...
        Path(marker).touch()
        time.sleep(600)  # ...and the process is killed here, before the commit
        return ids

    EventStore._add_events = staticmethod(stored_then_stuck)
    doc = Document(text, date(2025, 6, 10), None, "u", None)
    EventStore(url).ingest(doc, extract_events(text, doc.published))
"""


def test_ingest_killed_mid_transaction_leaves_nothing_and_rerun_stores_all(
    store_url, tmp_path
) -> None:
    marker = tmp_path / "in-transaction"
    EventStore(store_url)  # schema made before the child starts
    child = _run(_KILLED_INGEST, store_url, str(marker), ARTICLES[0])
    try:
        _wait_for(marker, child)
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate()
    assert child.returncode == -signal.SIGKILL
    store = EventStore(store_url)
    assert store.documents() == []
    assert store.count_events() == 0
    from chokepoints.news.extract import extract_events

    doc = Document(ARTICLES[0], PUB, None, "u", None)
    doc_id, new, ids = store.ingest(doc, extract_events(doc.text, PUB))
    assert new and len(set(ids)) == 2
    assert store.count_events() == 2


# -- concurrent ingests ------------------------------------------------------------

_INGEST_ALL = """
    import json, sys, time
    from datetime import date
    from pathlib import Path
    from chokepoints.news.extract import merge_events  # loaded before the start signal
    from chokepoints.news.ingest import Document
    from chokepoints.news.schema import Event
    from chokepoints.news.store import EventStore

    url, go, order = sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3])
    articles = json.loads(sys.argv[4])
    while not go.exists():
        time.sleep(0.01)
    store = EventStore(url)  # a fresh store: the schema is made by whoever comes first
    out = []
    for i in order:
        text, events = articles[i]
        doc = Document(text, date(2025, 6, 10), None, f"u{i}", None)
        found = [Event.from_dict(e) for e in events]
        out.append([i, store.ingest(doc, found)[1]])
    print(json.dumps(out))
"""


def test_concurrent_ingests_store_each_document_once(store_url, tmp_path) -> None:
    from chokepoints.news.extract import extract_events

    go = tmp_path / "go"
    orders = [[0, 1, 2], [2, 1, 0], [1, 2, 0]]
    articles = [[a, [e.as_dict() for e in extract_events(a, PUB)]] for a in ARTICLES]
    children = [
        _run(_INGEST_ALL, store_url, str(go), json.dumps(o), json.dumps(articles)) for o in orders
    ]
    go.touch()
    results = [c.communicate(timeout=240) for c in children]
    for child, (_out, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err
        assert "Traceback" not in err and "IntegrityError" not in err
    new = [i for out, _ in results for i, was_new in json.loads(out) if was_new]
    assert sorted(new) == [0, 1, 2]  # each article new exactly once
    store = EventStore(store_url)
    assert len(store.documents()) == 3
    # The same events as one process ingesting the articles in turn.
    assert sorted(e["type"] for e in store.events()) == [
        "export_control_imposed",
        "negotiation_round",
    ]
    assert sum(len(e["sources"]) for e in store.events()) == 4


# -- concurrent accepts ------------------------------------------------------------

_ACCEPT = """
    import sys, time
    from pathlib import Path
    from chokepoints.errors import ChokepointsError
    from chokepoints.news.propose import accept_proposal
    from chokepoints.news.store import EventStore

    url, timeline, go, ready, pid = sys.argv[1:6]
    store = EventStore(url)
    Path(ready).touch()
    while not Path(go).exists():
        time.sleep(0.005)
    try:
        accept_proposal(store, int(pid), Path(timeline))
    except ChokepointsError as exc:
        print(f"Error: {exc}")
        sys.exit(1)
    print("accepted")
"""


def _control_event(commodity: str, day: int) -> Event:
    return Event(
        type="export_control_imposed",
        actors=[Actor(name="China", kind="country", country="CHN")],
        target=[],
        commodities=[commodity],
        date=f"2026-03-{day:02d}",
        date_text=f"on March {day}",
        evidence=f"China imposed export controls on {commodity} on March {day}.",
        salience="main",
        confidence=0.9,
    )


def _proposals(store_url: str, n: int, first_day: int = 2) -> tuple[EventStore, list[int]]:
    store = EventStore(store_url)
    goods = ["dysprosium", "terbium", "samarium", "gadolinium", "lutetium", "scandium"]
    for i in range(n):
        doc = Document(f"article {i}", date(2026, 3, 20), None, f"u{i}", None)
        store.ingest(doc, [_control_event(goods[i], first_day + i)])
    pids = [p["id"] for p in propose(store) if p["patch"]]
    assert len(pids) == n
    return store, pids


def _accept_at_once(
    store_url: str | list[str], timeline: Path, pids: list[int], tmp_path: Path
) -> list:
    urls = store_url if isinstance(store_url, list) else [store_url] * len(pids)
    go = tmp_path / "go"
    children = []
    for k, (url, pid) in enumerate(zip(urls, pids, strict=True)):
        ready = tmp_path / f"ready-{k}"
        children.append((_run(_ACCEPT, url, str(timeline), str(go), str(ready), str(pid)), ready))
    for child, ready in children:
        _wait_for(ready, child)
    go.touch()
    return [(c.communicate(timeout=240), c.returncode) for c, _ in children]


def test_concurrent_accepts_keep_every_entry(store_url, tmp_path) -> None:
    store, pids = _proposals(store_url, 3)
    timeline = tmp_path / "my-timeline.yaml"
    results = _accept_at_once(store_url, timeline, pids, tmp_path)
    for (out, err), rc in results:
        assert rc == 0, out + err
        assert out.strip() == "accepted"
    written = yaml.safe_load(timeline.read_text(encoding="utf-8"))
    expected = {e["id"] for pid in pids for e in store.proposal(pid)["patch"]["measures"]}
    assert {m["id"] for m in written["measures"]} == expected
    assert len(written["measures"]) == 3 and len(written["events"]) == 3
    assert {p["status"] for p in store.proposals()} == {"accepted"}


def test_accepts_from_two_stores_into_one_timeline_keep_every_entry(tmp_path) -> None:
    # Different stores share no database lock: the file lock alone serialises them.
    urls = [f"sqlite:///{tmp_path / 'a.sqlite'}", f"sqlite:///{tmp_path / 'b.sqlite'}"]
    (_, pids_a), (_, pids_b) = _proposals(urls[0], 2, 2), _proposals(urls[1], 2, 10)
    timeline = tmp_path / "shared-timeline.yaml"
    results = _accept_at_once(
        urls * 2, timeline, [pids_a[0], pids_b[0], pids_a[1], pids_b[1]], tmp_path
    )
    assert [out.strip() for (out, _), _ in results] == ["accepted"] * 4
    written = yaml.safe_load(timeline.read_text(encoding="utf-8"))
    assert len(written["measures"]) == 4 and len(written["events"]) == 4


def test_concurrent_accepts_of_one_proposal_accept_it_once(store_url, tmp_path) -> None:
    store, (pid,) = _proposals(store_url, 1)
    timeline = tmp_path / "my-timeline.yaml"
    results = _accept_at_once(store_url, timeline, [pid, pid], tmp_path)
    outs = sorted(out.strip() for (out, _), _ in results)
    assert outs.count("accepted") == 1
    refused = [o for o in outs if o != "accepted"]
    assert len(refused) == 1
    assert all(o.startswith("Error: ") and "was already accepted" in o for o in refused)
    assert all("Traceback" not in err for (_, err), _ in results)
    written = yaml.safe_load(timeline.read_text(encoding="utf-8"))
    assert len(written["measures"]) == 1


def test_accept_after_a_lost_commit_only_records_it(store_url, tmp_path, monkeypatch) -> None:
    store, (pid,) = _proposals(store_url, 1)
    timeline = tmp_path / "t.yaml"
    real = EventStore.accepting

    @contextlib.contextmanager
    def failing(self, proposal_id):  # type: ignore[no-untyped-def]
        with real(self, proposal_id) as proposal:
            yield proposal
            raise StoreError("server went away", file="db")  # after the file was written

    monkeypatch.setattr(EventStore, "accepting", failing)
    with pytest.raises(StoreError):
        accept_proposal(store, pid, timeline)
    monkeypatch.undo()
    assert store.proposal(pid)["status"] == "proposed"
    before = timeline.read_text(encoding="utf-8")
    accept_proposal(store, pid, timeline)
    assert store.proposal(pid)["status"] == "accepted"
    assert timeline.read_text(encoding="utf-8") == before


# -- one-line errors ---------------------------------------------------------------


def _one_line_error(url: str, match: str) -> str:
    with pytest.raises(StoreError) as info:
        store = EventStore(url)
        store.ingest(Document("China imposed export controls.", PUB), [])
    message = str(info.value)
    assert "\n" not in message
    assert match in message, message
    return message


def test_corrupt_sqlite_file(tmp_path) -> None:
    path = tmp_path / "news.sqlite"
    path.write_bytes(b"this is no database, only some text that fills a page " * 40)
    message = _one_line_error(f"sqlite:///{path}", "is not a readable SQLite database")
    assert message.startswith(f"sqlite:///{path}: ")


def test_read_only_sqlite_store(tmp_path) -> None:
    path = tmp_path / "news.sqlite"
    EventStore(f"sqlite:///{path}")
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    assert EventStore(url).events() == []  # reading works
    _one_line_error(url, "is read-only")


def test_sqlite_in_a_missing_folder(tmp_path) -> None:
    _one_line_error(f"sqlite:///{tmp_path / 'no' / 'such' / 'x.sqlite'}", "cannot be opened")


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("not a url", "is not a database URL"),
        ("foo://host/db", "unknown database kind 'foo'"),
        ("postgresql+pg8000://u@localhost/db", "driver 'pg8000', which is not installed"),
    ],
)
def test_bad_urls_and_missing_drivers(url: str, match: str) -> None:
    _one_line_error(url, match)


def test_server_down_and_password_hidden() -> None:
    # Port 1 on loopback: nothing listens there.
    message = _one_line_error(
        "postgresql+psycopg://someone:secret@127.0.0.1:1/news", "cannot be reached"
    )
    assert "secret" not in message
    assert message.startswith("postgresql+psycopg://someone:***@127.0.0.1:1/news: ")


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_missing_database_on_a_live_server(store_url) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(store_url).set(database="no_such_news_db").render_as_string(False)
    _one_line_error(url, "names a database the server does not have")


def test_store_errors_through_the_cli(tmp_path) -> None:
    from typer.testing import CliRunner

    from chokepoints.cli import app

    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"garbage " * 200)
    for args in (["news", "events"], ["news", "propose"]):
        result = CliRunner().invoke(app, [*args, "--db", f"sqlite:///{bad}"])
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: sqlite:///"), result.output
