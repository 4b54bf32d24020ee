import json
from datetime import date

import pytest

from chokepoints.errors import DataError
from chokepoints.news.ingest import read_documents

BODY = "China imposed export controls on dysprosium on Friday. Exports fell 20% in May."


def test_text_with_header(tmp_path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(f"Title: T\nPublished: 2025-04-05\n\n{BODY}\n")
    (doc,) = read_documents(p)
    assert (doc.title, doc.published, doc.text) == ("T", date(2025, 4, 5), BODY)


def test_plain_text_takes_published_option(tmp_path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(BODY)
    (doc,) = read_documents(p, published=date(2025, 1, 2))
    assert doc.published == date(2025, 1, 2)


def test_html_main_text(tmp_path) -> None:
    p = tmp_path / "a.html"
    p.write_text(
        "<html><head><title>X</title></head><body><nav>Home | About | Contact</nav>"
        f"<article><h1>Controls</h1><p>{BODY}</p><p>{BODY}</p><p>{BODY}</p></article>"
        "<footer>Copyright</footer></body></html>"
    )
    (doc,) = read_documents(p, published=date(2025, 4, 5))
    assert "dysprosium" in doc.text
    assert "Contact" not in doc.text


def test_rss_feed(tmp_path) -> None:
    p = tmp_path / "feed.xml"
    p.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
        "<item><title>One</title><link>https://example.org/1</link>"
        "<pubDate>Sat, 05 Apr 2025 08:00:00 GMT</pubDate>"
        f"<description>{BODY}</description></item></channel></rss>"
    )
    (doc,) = read_documents(p)
    assert (doc.url, doc.published) == ("https://example.org/1", date(2025, 4, 5))


def test_jsonl(tmp_path) -> None:
    p = tmp_path / "a.jsonl"
    rows = [{"url": "u1", "published": "2025-04-05", "title": "t", "text": BODY}]
    p.write_text("\n".join(json.dumps(r) for r in rows))
    (doc,) = read_documents(p)
    assert doc.url == "u1" and doc.published == date(2025, 4, 5)


def test_jsonl_error_names_file_row_and_field(tmp_path) -> None:
    p = tmp_path / "bad.jsonl"
    p.write_text('{"url": "u"}\n')
    with pytest.raises(DataError, match=r"bad.jsonl, row 1, field 'text'"):
        read_documents(p)


def test_content_hash_ignores_whitespace_and_case(tmp_path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(BODY)
    b.write_text("  " + BODY.replace(" ", "\n  ").upper())
    assert read_documents(a)[0].sha256 == read_documents(b)[0].sha256


def test_unknown_extension(tmp_path) -> None:
    p = tmp_path / "a.pdf"
    p.write_text("x")
    with pytest.raises(DataError, match="unknown extension '.pdf'"):
        read_documents(p)


def test_html_publication_date_from_metadata(tmp_path) -> None:
    p = tmp_path / "a.html"
    p.write_text(
        '<html><head><meta property="article:published_time" content="2025-06-10T08:00:00Z">'
        f"<title>T</title></head><body><article><p>{BODY}</p><p>{BODY}</p></article></body></html>"
    )
    (doc,) = read_documents(p)
    assert doc.published == date(2025, 6, 10)


def test_atom_feed(tmp_path) -> None:
    p = tmp_path / "feed.atom"
    p.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>F</title><id>urn:f</id><updated>2025-06-10T00:00:00Z</updated>"
        "<entry><title>One</title><id>urn:1</id><link href='https://example.org/1'/>"
        "<updated>2025-06-10T08:00:00Z</updated>"
        f"<content type='html'>&lt;p&gt;{BODY}&lt;/p&gt;</content></entry></feed>"
    )
    (doc,) = read_documents(p)
    assert (doc.url, doc.published) == ("https://example.org/1", date(2025, 6, 10))
    assert "dysprosium" in doc.text
