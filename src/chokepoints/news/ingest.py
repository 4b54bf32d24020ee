"""Read news documents from files: plain text, HTML, RSS/Atom feeds and JSON Lines.

Each file becomes one or more :class:`Document` records (a feed or a JSON Lines file
holds many). A document is identified by the SHA-256 of its normalised text, so the
same article ingested twice, or from two formats, is stored once.

Formats are recognised by extension: ``.txt``/``.md`` (plain text; an optional header
block of ``Title:``, ``URL:``, ``Published:`` lines ended by a blank line), ``.html``/
``.htm`` (main text by trafilatura), ``.xml``/``.rss``/``.atom`` (feedparser; entry
summaries or content, HTML stripped by trafilatura), ``.jsonl`` (one
``{"url", "published", "title", "text"}`` object per line).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from chokepoints.errors import DataError

_HEADER = re.compile(r"^(title|url|published|date|source):\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    """One article: its text, where it came from, and when it was published."""

    text: str
    published: date | None
    title: str | None = None
    url: str | None = None
    path: str | None = None

    @property
    def sha256(self) -> str:
        """Hash of the whitespace-normalised text (the document's identity)."""
        norm = " ".join(self.text.split()).lower()
        return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def parse_date(
    value: str | None, *, file: str | None = None, field: str = "published"
) -> date | None:
    """Parse a publication date (ISO date or datetime, or RFC 822 as feeds write it)."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError):
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise DataError(
            "is not a date (expected YYYY-MM-DD or an RFC 822 date)",
            file=file,
            field=field,
            value=value,
        ) from None


def html_to_text(html: str) -> str:
    """Main text of an HTML page (trafilatura; falls back to all text if it finds none)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    if text:
        return str(text)
    from lxml import html as lxml_html

    return " ".join(lxml_html.fromstring(html).text_content().split()) if html.strip() else ""


def _read_text(path: Path, published: date | None) -> Iterator[Document]:
    raw = path.read_text(encoding="utf-8")
    lines = raw.splitlines()
    meta: dict[str, str] = {}
    body_start = 0
    for i, line in enumerate(lines):
        m = _HEADER.match(line)
        if m:
            meta[m.group(1).lower()] = m.group(2).strip()
            continue
        if line.strip() == "" and meta:
            body_start = i + 1
        break
    text = "\n".join(lines[body_start:]).strip() if meta else raw.strip()
    pub = parse_date(meta.get("published") or meta.get("date"), file=str(path)) or published
    yield Document(text, pub, meta.get("title"), meta.get("url") or meta.get("source"), str(path))


def _read_html(path: Path, published: date | None) -> Iterator[Document]:
    html = path.read_text(encoding="utf-8")
    pub = published
    title = None
    try:
        import trafilatura

        meta = trafilatura.extract_metadata(html)
        if meta is not None:
            title = meta.title
            if meta.date and pub is None:
                pub = parse_date(meta.date, file=str(path))
    except (ValueError, TypeError, DataError):
        pass
    yield Document(html_to_text(html), pub, title, None, str(path))


def _read_feed(path: Path, published: date | None) -> Iterator[Document]:
    import feedparser

    feed = feedparser.parse(path.read_bytes())
    if feed.bozo and not feed.entries:
        raise DataError(
            f"could not be read as RSS/Atom ({feed.bozo_exception})", file=str(path), value=None
        )
    for entry in feed.entries:
        body = ""
        if entry.get("content"):
            body = entry["content"][0].get("value", "")
        body = body or entry.get("summary", "") or entry.get("description", "")
        text = html_to_text(body) if "<" in body else body
        pub = published
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            pub = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
        yield Document(text.strip(), pub, entry.get("title"), entry.get("link"), str(path))


def _read_jsonl(path: Path, published: date | None) -> Iterator[Document]:
    for row, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(
                f"is not JSON ({exc.msg})", file=str(path), row=row, value=line[:40]
            ) from None
        if not isinstance(obj, dict) or not obj.get("text"):
            raise DataError(
                "has no 'text' (expected an object with url, published, title, text)",
                file=str(path),
                row=row,
                field="text",
            )
        pub = parse_date(obj.get("published"), file=f"{path}, row {row}") or published
        yield Document(str(obj["text"]), pub, obj.get("title"), obj.get("url"), str(path))


_READERS = {
    ".txt": _read_text,
    ".md": _read_text,
    ".html": _read_html,
    ".htm": _read_html,
    ".xml": _read_feed,
    ".rss": _read_feed,
    ".atom": _read_feed,
    ".jsonl": _read_jsonl,
}


def read_documents(path: str | Path, *, published: date | None = None) -> list[Document]:
    """Read the documents in one file.

    Parameters
    ----------
    path : str or Path
        A ``.txt``, ``.md``, ``.html``, ``.xml``/``.rss``/``.atom`` or ``.jsonl`` file.
    published : date, optional
        Publication date used when the file's metadata gives none.

    Raises
    ------
    DataError
        If the file does not exist, its extension is unknown, or a record is malformed.
    """
    p = Path(path)
    if not p.is_file():
        raise DataError("does not exist or is not a file", file=str(p))
    reader = _READERS.get(p.suffix.lower())
    if reader is None:
        raise DataError(
            f"has an unknown extension {p.suffix!r} (expected one of {', '.join(sorted(_READERS))})",
            file=str(p),
        )
    return [d for d in reader(p, published) if d.text]
