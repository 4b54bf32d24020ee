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
    Which documents reported the event, with the evidence sentence of each.
``proposals``
    Proposed timeline changes derived from control events; ``status`` is
    ``proposed`` or ``accepted``.

Merging: a new event joins a stored one when both have the same type, the same date
(or, for negotiation rounds, dates one day apart) and share an actor country, or when
either has no date and their evidence sentences share at least half of their words.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    select,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from chokepoints.errors import NotFoundError
from chokepoints.news.extract import merge_events
from chokepoints.news.ingest import Document
from chokepoints.news.schema import CONTROL_EVENT_TYPES, Event

DEFAULT_URL = "sqlite:///chokepoints-news.sqlite"


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
    __table_args__ = (UniqueConstraint("event_id", "document_id", "evidence"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    evidence: Mapped[str] = mapped_column(Text)


class ProposalRow(_Base):
    __tablename__ = "proposals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), unique=True)
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


class EventStore:
    """Documents, merged events and proposals in one SQL database.

    Parameters
    ----------
    url : str, optional
        SQLAlchemy URL; default :func:`default_url`.

    Examples
    --------
    >>> store = EventStore("sqlite://")  # in memory
    >>> store.count_events()
    0
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self.engine = create_engine(self.url)
        _Base.metadata.create_all(self.engine)

    # documents -------------------------------------------------------------
    def add_document(self, doc: Document) -> tuple[int, bool]:
        """Store a document once; return its id and whether it was new."""
        with Session(self.engine) as s:
            found = s.scalar(select(DocumentRow).where(DocumentRow.sha256 == doc.sha256))
            if found is not None:
                return found.id, False
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
            s.commit()
            return row.id, True

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
    def add_events(self, document_id: int, events: list[Event]) -> list[int]:
        """Store the events of one document, merging each into a matching stored event."""
        ids: list[int] = []
        with Session(self.engine) as s:
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
                exists = s.scalar(
                    select(EventSourceRow).where(
                        EventSourceRow.event_id == target.id,
                        EventSourceRow.document_id == document_id,
                        EventSourceRow.evidence == ev.evidence,
                    )
                )
                if exists is None:
                    s.add(
                        EventSourceRow(
                            event_id=target.id, document_id=document_id, evidence=ev.evidence
                        )
                    )
                ids.append(target.id)
            s.commit()
        return ids

    def count_events(self) -> int:
        with Session(self.engine) as s:
            return len(s.scalars(select(EventRow.id)).all())

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

    def event(self, event_id: int) -> dict[str, Any]:
        """One stored event with its sources."""
        with Session(self.engine) as s:
            row = s.get(EventRow, event_id)
            if row is None:
                known = [str(i) for i in s.scalars(select(EventRow.id)).all()]
                raise NotFoundError("event", str(event_id), known)
            return {"id": row.id, **row.data_json, "sources": self._sources(s, row.id)}

    # proposals ---------------------------------------------------------------
    def add_proposal(self, event_id: int, action: str, record: dict[str, Any]) -> int | None:
        """Store a proposal for an event; None if that event already has one."""
        with Session(self.engine) as s:
            if s.scalar(select(ProposalRow).where(ProposalRow.event_id == event_id)) is not None:
                return None
            row = ProposalRow(
                event_id=event_id,
                action=action,
                status="proposed",
                record_json=record,
                created_at=datetime.now(UTC).replace(tzinfo=None),
            )
            s.add(row)
            s.commit()
            return row.id

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

    def proposal(self, proposal_id: int) -> dict[str, Any]:
        with Session(self.engine) as s:
            row = s.get(ProposalRow, proposal_id)
            if row is None:
                known = [str(i) for i in s.scalars(select(ProposalRow.id)).all()]
                raise NotFoundError("proposal", str(proposal_id), known)
            return self._proposal_dict(row)

    def mark_accepted(self, proposal_id: int) -> None:
        with Session(self.engine) as s:
            row = s.get(ProposalRow, proposal_id)
            if row is None:
                raise NotFoundError("proposal", str(proposal_id))
            row.status = "accepted"
            row.accepted_at = datetime.now(UTC).replace(tzinfo=None)
            s.commit()


def dumps(obj: Any) -> str:
    """JSON text of store records (dates as ISO strings)."""
    return json.dumps(obj, indent=2, default=str, ensure_ascii=False)
