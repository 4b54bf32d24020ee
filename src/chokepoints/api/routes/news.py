"""``/api/news``: ingest articles, list events, propose timeline changes, review them.

Uploaded articles are kept under ``<data folder>/news/`` with a name made from their
SHA-256 (never the uploaded name). Accepting a proposal writes the team timeline
(``<data folder>/timeline.yaml``) through :func:`chokepoints.news.propose.accept_proposal`,
validated and atomic, so a bad proposal leaves the file as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import PurePosixPath
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile

from chokepoints.api.routes import parse_date, renamed, settings_of, team_timeline
from chokepoints.api.security import require
from chokepoints.errors import DataError

router = APIRouter(tags=["news"])

#: File types ``read_documents`` understands, by suffix.
SUFFIXES = (".txt", ".html", ".htm", ".xml", ".rss", ".atom", ".jsonl")


def _store(request: Request) -> Any:
    from chokepoints.news.store import EventStore

    state = request.app.state
    if getattr(state, "news", None) is None:
        state.news = EventStore(settings_of(request).store_url)
    return state.news


@router.post("/news/ingest", dependencies=[Depends(require("analyst"))])
def ingest(
    request: Request,
    file: UploadFile = File(..., description="Text, HTML, RSS/Atom or JSON Lines file."),
    published: str | None = Form(None, description="Publication date YYYY-MM-DD if none."),
) -> list[dict[str, Any]]:
    """Store each document once (by content hash) and the events it reports
    (as ``chokepoints news ingest --format json``)."""
    from chokepoints.news.ingest import extract_in_parts, read_documents

    s = settings_of(request)
    upload = PurePosixPath((file.filename or "upload.txt").replace("\\", "/")).name
    suffix = PurePosixPath(upload).suffix.lower()
    if suffix not in SUFFIXES:
        raise DataError(f"has a type the reader does not know (expected one of "
                        f"{', '.join(SUFFIXES)})", file=upload)  # fmt: skip
    pub = parse_date(published, "published")
    data = file.file.read()  # a plain def: FastAPI runs it in a thread
    s.news_dir.mkdir(parents=True, exist_ok=True)
    saved = s.inside("news", hashlib.sha256(data).hexdigest()[:32] + suffix)
    saved.write_bytes(data)
    store = _store(request)
    try:
        docs = list(read_documents(saved, published=pub))
    except DataError as exc:
        raise renamed(exc, str(saved), upload) from None
    rows = []
    for read in docs:
        # the stored source is the upload's name, not the service's own path
        doc = dataclasses.replace(read, path=upload)
        if doc.published is None:
            raise DataError("has no publication date in its metadata (send published "
                            "YYYY-MM-DD)", file=upload)  # fmt: skip
        # As ``chokepoints news ingest``: extract only new documents (long ones in
        # parts), then store the document and its events in one transaction, so a
        # failed extraction or write leaves neither behind.
        known = store.has_document(doc)
        found = [] if known else extract_in_parts(doc.text, doc.published)
        doc_id, new, ids = store.ingest(doc, found)
        n = len(set(ids))
        rows.append({"document": doc_id, "file": upload, "title": doc.title,
                     "published": doc.published.isoformat(),
                     "status": "new" if new else "duplicate", "events": n})  # fmt: skip
    return rows


@router.get("/news/events", dependencies=[Depends(require("read"))])
def events(
    request: Request,
    type: str | None = Query(None, description="Only this event type."),
    since: str | None = Query(None, description="From this date."),
    until: str | None = Query(None, description="Up to this date."),
    actor: str | None = Query(None, description="Actor or target name or ISO3."),
    commodity: str | None = Query(None, description="Commodity substring."),
) -> list[dict[str, Any]]:
    """Stored events merged across articles, with their sources."""
    found: list[dict[str, Any]] = _store(request).events(
        type=type, since=parse_date(since, "since"), until=parse_date(until, "until"),
        actor=actor, commodity=commodity)  # fmt: skip
    return found


@router.post("/news/propose", dependencies=[Depends(require("analyst"))])
def propose(request: Request) -> list[dict[str, Any]]:
    """Turn new control events into proposed timeline changes (nothing is applied)."""
    from chokepoints.news.propose import propose as make

    created: list[dict[str, Any]] = make(_store(request), team_timeline(request))
    return created


@router.get("/news/proposals", dependencies=[Depends(require("read"))])
def proposals(
    request: Request, status: str | None = Query(None, description="proposed or accepted")
) -> list[dict[str, Any]]:
    """The review queue: proposals with their evidence, sources and timeline patch."""
    found: list[dict[str, Any]] = _store(request).proposals(status)
    return found


@router.post("/news/proposals/{proposal_id}/accept", dependencies=[Depends(require("analyst"))])
def accept(request: Request, proposal_id: int) -> dict[str, Any]:
    """Apply one reviewed proposal to the team timeline (validated, atomic write)."""
    from chokepoints.news.propose import accept_proposal

    path = settings_of(request).timeline_file
    p: dict[str, Any] = accept_proposal(_store(request), proposal_id, path)
    return {"accepted": proposal_id,
            "entries": [e["id"] for es in p["patch"].values() for e in es]}  # fmt: skip
