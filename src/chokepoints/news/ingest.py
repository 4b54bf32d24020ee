"""Read news documents from files: plain text, HTML, RSS/Atom feeds and JSON Lines.

Each file becomes one or more :class:`Document` records (a feed or a JSON Lines file
holds many). A document is identified by the SHA-256 of its normalised text, so the
same article ingested twice, or from two formats, is stored once.

Formats are recognised by extension: ``.txt``/``.md`` (plain text; an optional header
block of ``Title:``, ``URL:``, ``Published:`` lines ended by a blank line), ``.html``/
``.htm`` (main text by trafilatura), ``.xml``/``.rss``/``.atom`` (feedparser; entry
summaries or content, HTML stripped by trafilatura), ``.jsonl`` (one
``{"url", "published", "title", "text"}`` object per line).

Robust input
------------
Files are read as bytes and decoded by :func:`decode_bytes`: a byte-order mark
(UTF-8, UTF-16, UTF-32) wins, then UTF-16 without a mark, then UTF-8, then the charset an
HTML page declares, then Windows-1252 for mostly-ASCII text, then the best guess of
charset-normalizer; a file none of these fits is refused with a one-line
:class:`~chokepoints.errors.DataError` naming it. HTML keeps only the text a reader sees
(:func:`visible_html`: no ``<script>``, ``<style>``, ``<noscript>``, ``<template>``,
comments or hidden elements). Texts longer than :data:`PART_CHARS` are extracted in parts
cut between paragraphs or sentences (:func:`split_parts`, :func:`extract_in_parts`), so
spaCy's one-million-character limit is never reached.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chokepoints.errors import DataError

if TYPE_CHECKING:
    from chokepoints.news.schema import Event

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


# -- decoding ------------------------------------------------------------------

#: Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
#: Labels that browsers read as Windows-1252 (WHATWG Encoding Standard).
_AS_CP1252 = {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1"}
#: Share of ASCII letters above which an undeclared non-UTF-8 text is read as Windows-1252.
_ASCII_LETTERS_FOR_CP1252 = 0.7
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-z]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte is NUL in mostly-ASCII UTF-16 text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    n = len(even)
    if odd.count(0) > 0.6 * n and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.6 * n and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _declared_charset(data: bytes) -> str | None:
    m = _DECLARED.search(data[:4096])
    if m is None:
        return None
    label = m.group(1).decode("ascii", "ignore").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, file: str | None = None, html: bool = False) -> str:
    """Decode a text file's bytes, or refuse it with a one-line error.

    Parameters
    ----------
    data : bytes
        The file's content.
    file : str, optional
        Its name, for the error message.
    html : bool
        Whether a ``<meta charset>`` declaration may be consulted.

    Returns
    -------
    str
        The text (a byte-order mark removed).

    Raises
    ------
    DataError
        When the bytes are not text in any encoding tried (binary files, mixed encodings).

    Examples
    --------
    >>> decode_bytes("café".encode("cp1252"))
    'café'
    >>> decode_bytes("\ufeffcafé".encode("utf-16-le"))
    'café'
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise DataError(
                    f"starts with a {codec.upper()} byte-order mark but is not valid "
                    f"{codec.upper()} at byte {exc.start} (save it again as UTF-8)",
                    file=file,
                ) from None
    wide = _utf16_without_bom(data)
    if wide is not None:
        try:
            return data.decode(wide)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise DataError(
            "holds NUL bytes and is not UTF-16 or UTF-32 text: a binary file? "
            "(expected a text, HTML, feed or JSON Lines file)",
            file=file,
        )
    declared = _declared_charset(data) if html else None
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = ""
    if western and not _CONTROL.search(western):
        # Western text read as Windows-1252 has mostly ASCII letters; a Cyrillic or Greek
        # text read so would be words made of accented letters only.
        plain = len(_ASCII_LETTER.findall(western))
        accented = len(_OTHER_LETTER.findall(western))
        if plain >= _ASCII_LETTERS_FOR_CP1252 * (plain + accented):
            return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if len(_CONTROL.findall(text)) <= 0.001 * len(text):
            return text
    raise DataError(
        "is not UTF-8, UTF-16 or UTF-32 and no single-byte encoding fits it "
        "(expected a text file; save it as UTF-8)",
        file=file,
    )


def _read_decoded(path: Path, *, html: bool = False) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot be read ({exc.strerror})", file=str(path)) from None
    return decode_bytes(data, file=str(path), html=html)


# -- HTML ------------------------------------------------------------------------

#: Elements whose content a reader never sees.
_INVISIBLE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "select",
    "button",
)
_HIDDEN_STYLE = re.compile(r"(display\s*:\s*none|visibility\s*:\s*hidden)", re.I)
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table blockquote pre article section "
    "header footer aside main figure figcaption dd dt dl hr title".split()
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def _is_hidden(el: Any) -> bool:
    if el.get("hidden") is not None:
        return True
    if (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    if el.tag == "input" and (el.get("type") or "").lower() == "hidden":
        return True
    return bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def visible_html(html: str) -> Any:
    """Parse HTML and drop what a reader never sees; return the lxml tree (or None).

    Removed: ``<script>``, ``<style>``, ``<noscript>``, ``<template>``, embedded
    objects and forms' option lists, comments and processing instructions, and elements
    hidden by the ``hidden`` attribute, ``aria-hidden="true"``, ``type="hidden"`` or an
    inline ``display: none`` / ``visibility: hidden`` style.
    """
    from lxml import etree
    from lxml import html as lxml_html

    html = _XML_DECLARATION.sub("", html, count=1)
    if not html.strip():
        return None
    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    doomed = [
        el
        for el in tree.iter()
        if not isinstance(el.tag, str) or el.tag in _INVISIBLE_TAGS or _is_hidden(el)
    ]
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        # Keep the text that follows the removed element (its "tail").
        tail = el.tail or ""
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(el)
    return tree


def _tree_text(tree: Any) -> str:
    """All text of a cleaned tree, one line per block element."""
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if el.tag != "br":
                el.text = "\n" + (el.text or "")
    body = tree.find("body")
    raw = (body if body is not None else tree).text_content()
    lines = (" ".join(line.split()) for line in raw.splitlines())
    return "\n".join(line for line in lines if line)


def html_to_text(html: str) -> str:
    """Visible main text of an HTML page or fragment.

    Invisible parts are removed first (:func:`visible_html`); trafilatura then picks the
    main text, and when it finds none (short fragments such as feed summaries) all
    visible text is kept, one line per block.
    """
    tree = visible_html(html)
    if tree is None:
        return ""
    import trafilatura
    from lxml import html as lxml_html

    cleaned = lxml_html.tostring(tree, encoding="unicode")
    text = trafilatura.extract(cleaned, include_comments=False, include_tables=False)
    if text:
        return str(text)
    return _tree_text(tree)


# -- long texts --------------------------------------------------------------------

#: Longest text given to spaCy at once (its own limit is 1,000,000 characters).
PART_CHARS = 100_000
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+")
_LINE_END = re.compile(r"\n\s*")
_SPACE = re.compile(r"\s+")


def split_parts(text: str, limit: int = PART_CHARS) -> list[str]:
    """Cut a long text into parts of at most ``limit`` characters, keeping sentences whole.

    Each cut is made after the last paragraph break in the second half of the next
    ``limit`` characters, else after the last sentence end in them, else after the last
    line break, else after the last space; only a run of ``limit`` characters without
    any space is cut mid-word. Joined again, the parts give the text back.

    Examples
    --------
    >>> split_parts("One. Two. Three.", limit=10)
    ['One. Two. ', 'Three.']
    """
    if limit < 2:
        raise ValueError(f"limit must be at least 2 characters, got {limit}")
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = None
        for pattern, lowest in (
            (_PARAGRAPH_END, limit // 2),
            (_SENTENCE_END, 1),
            (_LINE_END, 1),
            (_SPACE, 1),
        ):
            ends = [m.end() for m in pattern.finditer(window, lowest)]
            if ends:
                cut = start + ends[-1]
                break
        if cut is None:
            cut = start + limit
        parts.append(text[start:cut])
        start = cut
    if start < len(text):
        parts.append(text[start:])
    return parts


def extract_in_parts(text: str, published: date, limit: int = PART_CHARS) -> list[Event]:
    """:func:`~chokepoints.news.extract.extract_events` for texts of any length.

    A text longer than ``limit`` is extracted part by part (:func:`split_parts`) and the
    mentions of one event in different parts are merged as within one article
    (``extract_events(..., part_chars=limit)``; kept as the ingest path's one entry).
    """
    from chokepoints.news.extract import extract_events

    return extract_events(text, published, part_chars=limit)


def _read_text(path: Path, published: date | None) -> Iterator[Document]:
    raw = _read_decoded(path)
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
    html = _read_decoded(path, html=True)
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

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot be read ({exc.strerror})", file=str(path)) from None
    # feedparser finds the encoding itself (byte-order mark, XML declaration, fallbacks).
    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        reason = " ".join(str(feed.bozo_exception).split())
        raise DataError(f"could not be read as RSS/Atom ({reason})", file=str(path), value=None)
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
    for row, line in enumerate(_read_decoded(path).splitlines(), start=1):
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
