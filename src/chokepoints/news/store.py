"""The event store: documents, events, their sources and timeline proposals (SQLAlchemy).

SQLite by default (``sqlite:///chokepoints-news.sqlite`` in the working directory, or
the URL in ``$CHOKEPOINTS_NEWS_DB``); any SQLAlchemy URL works, e.g.
``postgresql+psycopg://user@host/news``.

Tables
------
``documents``
    One row per distinct article (``sha256`` of its normalised text is unique).
``events``
    One row per real-world event; ``data_json`` holds the event in the schema of
    :mod:`chokepoints.news.schema`, updated as further reports are merged in.
``event_sources``
    Which documents reported the event, with the evidence sentence of each (unique by
    the SHA-256 of the sentence, ``evidence_sha256``).
``proposals``
    Proposed timeline changes derived from control events; ``status`` is
    ``proposed`` or ``accepted``.

Merging: a new event joins a stored one when both have the same type, the same date
(or, for negotiation rounds, dates one day apart) and share an actor country, or when
either has no date and their evidence sentences share at least half of their words.

Nothing is lost
---------------
* :meth:`EventStore.ingest` writes a document and its events in one transaction: a
  process killed half-way leaves neither, so running the ingest again stores both.
* Writers are serialised: SQLite transactions that write start with ``BEGIN IMMEDIATE``
  (others wait up to :data:`LOCK_TIMEOUT_S` seconds), PostgreSQL ones take a
  transaction-level advisory lock. Two ingests of the same article at once store it
  once; the second reports it as a duplicate instead of an ``IntegrityError``.
* :meth:`EventStore.accepting` holds the write lock while a proposal is applied, so
  concurrent accepts of one proposal accept it once.
* Every database problem (bad URL, missing driver, unknown dialect, server down,
  corrupt or read-only SQLite file, lock held too long) is a one-line
  :class:`StoreError` naming the store (password hidden).
* The schema is versioned by Alembic (``chokepoints/news/migrations``) and brought up
  to date when a store is opened; stores made before migrations existed are adopted.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import (
    JSON,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from chokepoints.errors import ChokepointsError, DataError, NotFoundError
from chokepoints.news.ingest import Document
from chokepoints.news.schema import CONTROL_EVENT_TYPES, Event

DEFAULT_URL = "sqlite:///chokepoints-news.sqlite"
#: Seconds a writer waits for another one to finish (SQLite busy timeout).
LOCK_TIMEOUT_S = 60.0
#: Seconds to wait for a database server to answer a connection.
CONNECT_TIMEOUT_S = 10
#: The Alembic revision this code expects (``migrations/versions``' newest).
SCHEMA_HEAD = "0002"
#: Every revision in ``migrations/versions``, oldest first.
_KNOWN_REVISIONS = ("0001", "0002")
#: Key of the PostgreSQL advisory lock that serialises writers ("chok" in ASCII).
_PG_LOCK_KEY = 0x63686F6B
_MIGRATIONS = Path(__file__).with_name("migrations")


def default_url() -> str:
    """The store URL: ``$CHOKEPOINTS_NEWS_DB`` or a SQLite file in the working directory."""
    return os.environ.get("CHOKEPOINTS_NEWS_DB", DEFAULT_URL)


class _Base(DeclarativeBase):
    pass


class DocumentRow(_Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    path: Mapped[str | None] = mapped_column(Text, nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    published: Mapped[date | None] = mapped_column(Date, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)


class EventRow(_Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(40), index=True)
    date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    salience: Mapped[str] = mapped_column(String(12))
    confidence: Mapped[float] = mapped_column(Float)
    data_json: Mapped[dict[str, Any]] = mapped_column(JSON)


class EventSourceRow(_Base):
    __tablename__ = "event_sources"
    __table_args__ = (
        # By hash: PostgreSQL indexes no entry over about 8 kB (migration 0002).
        UniqueConstraint(
            "event_id",
            "document_id",
            "evidence_sha256",
            name="event_sources_event_id_document_id_evidence_sha256_key",
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    evidence: Mapped[str] = mapped_column(Text)
    #: Hex SHA-256 of ``evidence`` (UTF-8).
    evidence_sha256: Mapped[str] = mapped_column(String(64))


class ProposalRow(_Base):
    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("event_id", name="proposals_event_id_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    action: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12), default="proposed")
    record_json: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


_WORD = re.compile(r"[a-z0-9]+")


def evidence_overlap(a: str, b: str) -> float:
    """Share of words two sentences have in common (Jaccard over lower-cased words)."""
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def same_event(a: Event, b: Event) -> bool:
    """Whether two extracted events report the same real-world event."""
    if a.type != b.type:
        return False
    if a.type in CONTROL_EVENT_TYPES and a.commodities and b.commodities:
        # Two measures announced the same day on different goods are different events.
        if not set(a.commodities) & set(b.commodities):
            return False
    if a.date and b.date:
        gap = abs((date.fromisoformat(a.date) - date.fromisoformat(b.date)).days)
        if gap > (1 if a.type == "negotiation_round" else 0):
            return False
        ca = {x.country for x in a.actors + a.target if x.country}
        cb = {x.country for x in b.actors + b.target if x.country}
        if ca and cb:
            return bool(ca & cb)
        return evidence_overlap(a.evidence, b.evidence) >= 0.3
    return evidence_overlap(a.evidence, b.evidence) >= 0.5


class StoreError(DataError):
    """A problem with the event store's database, told in one line naming the store."""


def display_url(url: str) -> str:
    """The store URL as shown in messages (any password replaced by ``***``)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    return parsed.render_as_string(hide_password=True) if parsed.password else url


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


_REASONS = (
    (
        ("file is not a database", "database disk image is malformed", "file is encrypted"),
        "is not a readable SQLite database (the file is corrupt or of another kind; move it "
        "aside to start a new store)",
    ),
    (
        ("readonly database", "read-only", "read only"),
        "is read-only, so nothing can be stored (check the permissions of the file and of "
        "its folder, or the server's read-only setting)",
    ),
    (
        ("unable to open database file",),
        "cannot be opened (expected an existing folder you may write in)",
    ),
    (
        ("database is locked",),
        f"stayed locked by another process for more than {LOCK_TIMEOUT_S:g} s (is another "
        "ingest or accept still running?)",
    ),
)
_SERVER_DOWN = (
    "connection refused",
    "could not connect",
    "connection failed",
    "connection timeout",
    "timeout expired",
    "server closed the connection",
    "terminating connection",
    "could not translate host name",
    "name or service not known",
    "no such host",
    "network is unreachable",
)


def store_error(exc: BaseException, url: str) -> StoreError:
    """Translate a database exception into a one-line :class:`StoreError`."""
    where = display_url(url)
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, NoSuchModuleError):
        name = make_url(url).drivername if "://" in url else url
        return StoreError(
            f"names an unknown database kind {name!r} (expected sqlite or postgresql+psycopg)",
            file=where,
        )
    if isinstance(exc, ArgumentError):
        return StoreError(
            "is not a database URL (expected e.g. sqlite:///news.sqlite or "
            "postgresql+psycopg://user@host/news)",
            file=where,
        )
    if isinstance(exc, ImportError):
        module = exc.name or _one_line(str(exc))
        hint = (
            "pip install 'chokepoints[postgres]' and use postgresql+psycopg://..."
            if "postgres" in url
            else "install it with pip"
        )
        return StoreError(
            f"needs the Python database driver {module!r}, which is not installed ({hint})",
            file=where,
        )
    detail = _one_line(str(getattr(exc, "orig", None) or exc))
    lower = detail.lower()
    for needles, reason in _REASONS:
        if any(n in lower for n in needles):
            return StoreError(reason, file=where)
    if "does not exist" in lower and "database" in lower:
        return StoreError(f"names a database the server does not have ({detail})", file=where)
    if any(n in lower for n in ("authentication failed", "password", 'role "')):
        return StoreError(f"refused the login ({detail})", file=where)
    if any(n in lower for n in _SERVER_DOWN):
        return StoreError(
            f"cannot be reached: is the database server running? ({detail})", file=where
        )
    return StoreError(f"database error: {detail}", file=where)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _guarded(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Turn database exceptions raised by an ``EventStore`` method into StoreErrors."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except ChokepointsError:
            raise
        except (SQLAlchemyError, ImportError, OSError) as exc:
            store = args[0]
            raise store_error(exc, store.url) from None  # type: ignore[attr-defined]

    return wrapper


_Row = TypeVar("_Row", EventRow, ProposalRow)


def _get_row(s: Session, model: type[_Row], key: int, what: str) -> _Row:
    """The ``model`` row with id ``key``; a NotFoundError listing the stored ids if none."""
    row = s.get(model, key)
    if row is None:
        known = [str(i) for i in s.scalars(select(model.id)).all()]
        raise NotFoundError(what, str(key), known)
    return row


def _make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets a busy timeout and explicit transactions."""
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        connect_args: dict[str, Any] = {}
        if backend == "sqlite":
            connect_args["timeout"] = LOCK_TIMEOUT_S
        elif backend == "postgresql" and parsed.get_driver_name() in ("psycopg", "psycopg2"):
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
        engine = create_engine(parsed, connect_args=connect_args)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise store_error(exc, url) from None
    if backend == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy's "begin" event below emit BEGIN, so a writer can ask for
            # BEGIN IMMEDIATE (the pysqlite driver would otherwise begin lazily).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Connection) -> None:
            write = conn.get_execution_options().get("chokepoints_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class EventStore:
    """Documents, merged events and proposals in one SQL database.

    Parameters
    ----------
    url : str, optional
        SQLAlchemy URL; default :func:`default_url`.

    Raises
    ------
    StoreError
        If the database cannot be opened or brought to the current schema.

    Examples
    --------
    >>> store = EventStore("sqlite://")  # in memory
    >>> store.count_events()
    0
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self.engine = _make_engine(self.url)
        self.backend = self.engine.dialect.name
        self._migrate()

    def close(self) -> None:
        """Close the store's database connections (it can still be used: they reopen)."""
        self.engine.dispose()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # transactions and schema -----------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A connection in a write transaction that holds the store's writer lock.

        Committed when the block ends, rolled back if it raises.
        """
        with self.engine.connect() as conn:
            conn.execution_options(chokepoints_write=True)
            with conn.begin():
                if self.backend == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
                yield conn

    def _revision(self, conn: Connection) -> str | None:
        """The Alembic revision of the store, ``"legacy"`` for a pre-Alembic one."""
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" in tables:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return "legacy" if "documents" in tables else None

    @_guarded
    def _migrate(self) -> None:
        """Bring the schema to :data:`SCHEMA_HEAD` (Alembic), under the writer lock."""
        with self.engine.connect() as conn:
            if self._revision(conn) == SCHEMA_HEAD:
                return  # the common case: no lock, no write (read-only stores open too)
        from alembic import command
        from alembic.config import Config

        with self._write() as conn:
            config = Config()
            config.set_main_option("script_location", str(_MIGRATIONS))
            config.attributes["connection"] = conn
            revision = self._revision(conn)
            if revision == "legacy":
                # Made by the first release's create_all: exactly revision 0001.
                command.stamp(config, "0001")
            elif revision is not None and revision not in _KNOWN_REVISIONS:
                raise StoreError(
                    f"has schema revision {revision!r}, which this version of chokepoints "
                    f"does not know (it knows {', '.join(_KNOWN_REVISIONS)}): was it made by "
                    "a newer version?",
                    file=display_url(self.url),
                )
            if revision != SCHEMA_HEAD:
                command.upgrade(config, SCHEMA_HEAD)

    # documents -------------------------------------------------------------
    @staticmethod
    def _find_document(s: Session, sha256: str) -> int | None:
        return s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == sha256))

    @staticmethod
    def _insert_document(s: Session, doc: Document) -> int:
        row = DocumentRow(
            sha256=doc.sha256,
            url=doc.url,
            path=doc.path,
            title=doc.title,
            published=doc.published,
            text=doc.text,
            ingested_at=datetime.now(UTC).replace(tzinfo=None),
        )
        s.add(row)
        s.flush()
        return row.id

    @_guarded
    def has_document(self, doc: Document) -> int | None:
        """The id of the stored document with ``doc``'s text, or None."""
        with Session(self.engine) as s:
            return self._find_document(s, doc.sha256)

    @_guarded
    def add_document(self, doc: Document) -> tuple[int, bool]:
        """Store a document (without events) once; return its id and whether it was new.

        Prefer :meth:`ingest`, which stores the document together with its events.
        """
        doc_id, new, _ = self.ingest(doc, [])
        return doc_id, new

    @_guarded
    def ingest(self, doc: Document, events: list[Event]) -> tuple[int, bool, list[int]]:
        """Store a document and its events in one transaction.

        Parameters
        ----------
        doc : Document
            The article.
        events : list of Event
            The events extracted from it; each is merged into a matching stored event.

        Returns
        -------
        tuple
            The document id, whether it was new, and the ids of the stored events its
            events went to (empty for a duplicate, whose events are not stored again).
        """
        for _attempt in range(3):
            try:
                with self._write() as conn, Session(bind=conn) as s:
                    found = self._find_document(s, doc.sha256)
                    if found is not None:
                        return found, False, []
                    doc_id = self._insert_document(s, doc)
                    ids = self._add_events(s, doc_id, events)
                    s.flush()
                return doc_id, True, ids
            except IntegrityError as exc:
                # A writer that does not take the lock stored the same text meanwhile:
                # the next attempt finds it and reports a duplicate.
                if self.has_document(doc) is None:
                    raise store_error(exc, self.url) from None
        raise StoreError(
            "kept refusing the document as a duplicate without holding it",
            file=display_url(self.url),
        )

    @_guarded
    def documents(self) -> list[dict[str, Any]]:
        """All documents (without their text)."""
        with Session(self.engine) as s:
            rows = s.scalars(select(DocumentRow).order_by(DocumentRow.id)).all()
            return [
                {
                    "id": r.id,
                    "sha256": r.sha256,
                    "url": r.url,
                    "path": r.path,
                    "title": r.title,
                    "published": r.published.isoformat() if r.published else None,
                }
                for r in rows
            ]

    # events ----------------------------------------------------------------
    @_guarded
    def add_events(self, document_id: int, events: list[Event]) -> list[int]:
        """Store more events of a stored document, merging each into a matching event."""
        with self._write() as conn, Session(bind=conn) as s:
            if s.get(DocumentRow, document_id) is None:
                raise NotFoundError("document", str(document_id))
            ids = self._add_events(s, document_id, events)
            s.flush()
        return ids

    @staticmethod
    def _add_events(s: Session, document_id: int, events: list[Event]) -> list[int]:
        # Imported here: the extractor loads spaCy, which readers of the store never need.
        from chokepoints.news.extract import merge_events

        ids: list[int] = []
        for ev in events:
            candidates = s.scalars(select(EventRow).where(EventRow.type == ev.type)).all()
            target = None
            for row in candidates:
                if same_event(Event.from_dict(row.data_json), ev):
                    target = row
                    break
            if target is None:
                target = EventRow(
                    type=ev.type,
                    date=date.fromisoformat(ev.date) if ev.date else None,
                    salience=ev.salience,
                    confidence=ev.confidence,
                    data_json=ev.as_dict(),
                )
                s.add(target)
                s.flush()
            else:
                merged = merge_events(Event.from_dict(target.data_json), ev)
                target.data_json = merged.as_dict()
                target.date = date.fromisoformat(merged.date) if merged.date else None
                target.salience = merged.salience
                target.confidence = merged.confidence
            digest = hashlib.sha256(ev.evidence.encode("utf-8")).hexdigest()
            exists = s.scalar(
                select(EventSourceRow.id).where(
                    EventSourceRow.event_id == target.id,
                    EventSourceRow.document_id == document_id,
                    EventSourceRow.evidence_sha256 == digest,
                )
            )
            if exists is None:
                s.add(
                    EventSourceRow(
                        event_id=target.id,
                        document_id=document_id,
                        evidence=ev.evidence,
                        evidence_sha256=digest,
                    )
                )
                s.flush()
            ids.append(target.id)
        return ids

    @_guarded
    def count_events(self) -> int:
        """Number of stored (merged) events."""
        with Session(self.engine) as s:
            return int(s.scalar(select(func.count(EventRow.id))) or 0)

    def _sources(self, s: Session, event_id: int) -> list[dict[str, Any]]:
        rows = s.execute(
            select(EventSourceRow, DocumentRow)
            .join(DocumentRow, DocumentRow.id == EventSourceRow.document_id)
            .where(EventSourceRow.event_id == event_id)
            .order_by(EventSourceRow.id)
        ).all()
        return [
            {
                "document_id": d.id,
                "url": d.url,
                "path": d.path,
                "title": d.title,
                "published": d.published.isoformat() if d.published else None,
                "evidence": src.evidence,
            }
            for src, d in rows
        ]

    @_guarded
    def events(
        self,
        *,
        type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        actor: str | None = None,
        commodity: str | None = None,
        salience: str | None = None,
    ) -> list[dict[str, Any]]:
        """Stored events (each with ``id`` and ``sources``), filtered and sorted by date.

        ``actor`` matches an actor's or target's name or ISO3 country (case-insensitive);
        ``commodity`` matches a substring of a commodity name.
        """
        with Session(self.engine) as s:
            q = select(EventRow)
            if type:
                q = q.where(EventRow.type == type)
            if since:
                q = q.where(EventRow.date >= since)
            if until:
                q = q.where(EventRow.date <= until)
            if salience:
                q = q.where(EventRow.salience == salience)
            out = []
            for row in s.scalars(q.order_by(EventRow.date, EventRow.id)).all():
                data = dict(row.data_json)
                parties = data["actors"] + data["target"]
                if actor and not any(
                    actor.lower() in (p["name"].lower(), (p["country"] or "").lower())
                    for p in parties
                ):
                    continue
                if commodity and not any(commodity.lower() in c for c in data["commodities"]):
                    continue
                out.append({"id": row.id, **data, "sources": self._sources(s, row.id)})
            return out

    @_guarded
    def event(self, event_id: int) -> dict[str, Any]:
        """One stored event with its sources."""
        with Session(self.engine) as s:
            row = _get_row(s, EventRow, event_id, "event")
            return {"id": row.id, **row.data_json, "sources": self._sources(s, row.id)}

    # proposals ---------------------------------------------------------------
    @_guarded
    def add_proposal(self, event_id: int, action: str, record: dict[str, Any]) -> int | None:
        """Store a proposal for an event; None if that event already has one."""
        with self._write() as conn, Session(bind=conn) as s:
            if s.scalar(select(ProposalRow.id).where(ProposalRow.event_id == event_id)):
                return None
            row = ProposalRow(
                event_id=event_id,
                action=action,
                status="proposed",
                record_json=record,
                created_at=datetime.now(UTC).replace(tzinfo=None),
            )
            s.add(row)
            s.flush()
            return row.id

    @_guarded
    def proposals(self, status: str | None = None) -> list[dict[str, Any]]:
        """Stored proposals, oldest first."""
        with Session(self.engine) as s:
            q = select(ProposalRow).order_by(ProposalRow.id)
            if status:
                q = q.where(ProposalRow.status == status)
            return [self._proposal_dict(r) for r in s.scalars(q).all()]

    @staticmethod
    def _proposal_dict(r: ProposalRow) -> dict[str, Any]:
        return {
            "id": r.id,
            "event_id": r.event_id,
            "action": r.action,
            "status": r.status,
            **r.record_json,
        }

    @_guarded
    def proposal(self, proposal_id: int) -> dict[str, Any]:
        """One stored proposal."""
        with Session(self.engine) as s:
            row = _get_row(s, ProposalRow, proposal_id, "proposal")
            return self._proposal_dict(row)

    @contextmanager
    def accepting(self, proposal_id: int) -> Iterator[dict[str, Any]]:
        """Hold the writer lock while a proposal is applied; mark it accepted on success.

        Yields the proposal as it is under the lock (so ``status`` tells whether another
        process accepted it first). When the block ends normally the proposal is marked
        accepted and the transaction committed; when it raises, nothing changes.
        """
        try:
            with self._write() as conn, Session(bind=conn) as s:
                row = _get_row(s, ProposalRow, proposal_id, "proposal")
                yield self._proposal_dict(row)
                row.status = "accepted"
                row.accepted_at = datetime.now(UTC).replace(tzinfo=None)
                s.flush()
        except ChokepointsError:
            raise
        except (SQLAlchemyError, OSError) as exc:
            raise store_error(exc, self.url) from None

    @_guarded
    def mark_accepted(self, proposal_id: int) -> None:
        """Mark a proposal accepted (without touching any timeline file)."""
        with self.accepting(proposal_id):
            pass


def dumps(obj: Any) -> str:
    """JSON text of store records (dates as ISO strings)."""
    return json.dumps(obj, indent=2, default=str, ensure_ascii=False)
