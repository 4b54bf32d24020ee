"""Robust input: visible HTML text only, any text encoding, texts of any length."""

from __future__ import annotations

from datetime import date

import pytest

from chokepoints.errors import DataError
from chokepoints.news.extract import build_pipeline
from chokepoints.news.ingest import (
    PART_CHARS,
    decode_bytes,
    extract_in_parts,
    html_to_text,
    read_documents,
    split_parts,
)

EVENT = "China imposed export controls on gallium on Friday."
HIDDEN = "China imposed export controls on tungsten on Friday."
PUB = date(2025, 4, 5)


# -- visible text ------------------------------------------------------------------


@pytest.mark.parametrize(
    "wrapper",
    [
        "<script>var s = '{x}';</script>",
        '<script type="application/ld+json">{{"headline": "{x}"}}</script>',
        "<style>/* {x} */ p {{ color: red }}</style>",
        "<noscript>{x}</noscript>",
        "<template><p>{x}</p></template>",
        '<div style="display:none">{x}</div>',
        '<p style="color: red; visibility: hidden">{x}</p>',
        "<p hidden>{x}</p>",
        '<span aria-hidden="true">{x}</span>',
        '<input type="hidden" value="v">{x}',
        "<!-- {x} -->",
    ],
)
def test_invisible_html_gives_no_text(wrapper: str) -> None:
    html = f"<html><body><p>{EVENT}</p>{wrapper.format(x=HIDDEN)}</body></html>"
    text = html_to_text(html)
    assert "gallium" in text
    if "input" not in wrapper:
        assert "tungsten" not in text


def test_text_after_a_removed_element_is_kept() -> None:
    html = "<html><body><p>Before <script>x()</script>after the script.</p></body></html>"
    assert html_to_text(html) == "Before after the script."


def test_script_in_a_short_fragment_gives_no_event(tmp_path) -> None:
    # Short feed summaries are where trafilatura finds no main text and all text was kept.
    p = tmp_path / "a.html"
    p.write_text(f"<p>Markets were calm.</p><script>document.write('{HIDDEN}')</script>")
    (doc,) = read_documents(p, published=PUB)
    assert doc.text == "Markets were calm."
    assert extract_in_parts(doc.text, PUB) == []


def test_fragment_blocks_become_lines() -> None:
    assert html_to_text("<p>One.</p><p>Two.</p><ul><li>Three</li></ul>") == "One.\nTwo.\nThree"


def test_html_with_xml_declaration_and_empty_html() -> None:
    assert html_to_text('<?xml version="1.0" encoding="utf-8"?><html><p>Hi.</p></html>') == "Hi."
    assert html_to_text("   ") == ""


# -- encodings ---------------------------------------------------------------------

TEXT = "Müller said the “new” rules — from Zürich to Nîmes — cost €5m. " + EVENT


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"]
)
def test_text_file_in_any_common_encoding(tmp_path, encoding: str) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(f"Title: T\nPublished: 2025-04-05\n\n{TEXT}\n".encode(encoding))
    (doc,) = read_documents(p)
    assert doc.text == TEXT
    assert doc.title == "T"


def test_latin1_file(tmp_path) -> None:
    p = tmp_path / "a.txt"
    text = "Exports to São Paulo and Besançon fell; the façade of the café was shut."
    p.write_bytes(text.encode("latin-1"))
    assert read_documents(p, published=PUB)[0].text == text


def test_non_latin_single_byte_encoding_is_detected() -> None:
    text = "Китай ввёл экспортный контроль на галлий и германий с первого августа."
    assert decode_bytes(text.encode("cp1251")) == text


def test_html_declared_charset_is_used(tmp_path) -> None:
    p = tmp_path / "a.html"
    body = "<p>Ελλάδα: οι εξαγωγές σπάνιων γαιών μειώθηκαν.</p>"
    page = f'<html><head><meta charset="iso-8859-7"></head><body>{body}</body></html>'
    p.write_bytes(page.encode("iso-8859-7"))
    (doc,) = read_documents(p, published=PUB)
    assert "εξαγωγές" in doc.text


def test_jsonl_in_utf16(tmp_path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_bytes(
        ('{"published": "2025-04-05", "text": "' + EVENT + ' Zürich."}\n').encode("utf-16")
    )
    (doc,) = read_documents(p)
    assert doc.text.endswith("Zürich.")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        bytes(range(256)) * 4,
        b"\xff\xfe\x00\xd8",  # a UTF-16 byte-order mark, then a lone surrogate
    ],
)
def test_undecodable_file_is_refused_in_one_line(tmp_path, data: bytes) -> None:
    p = tmp_path / "broken.txt"
    p.write_bytes(data)
    with pytest.raises(DataError) as info:
        read_documents(p, published=PUB)
    message = str(info.value)
    assert message.startswith(f"{p}: ")
    assert "\n" not in message


def test_undecodable_file_through_the_cli(tmp_path) -> None:
    from typer.testing import CliRunner

    from chokepoints.cli import app

    p = tmp_path / "broken.txt"
    p.write_bytes(b"\x00\x01\x02\xff\xfe" * 40)
    result = CliRunner().invoke(app, ["news", "extract", str(p), "--published", "2025-04-05"])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: ")
    assert "broken.txt" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


# -- long texts --------------------------------------------------------------------


def test_parts_join_back_and_respect_the_limit() -> None:
    text = ("Markets were calm. " * 40 + "\n\n") * 30 + "x" * 500
    parts = split_parts(text, limit=300)
    assert "".join(parts) == text
    assert max(len(p) for p in parts) <= 300
    # Every cut but those inside the final unbroken run ends a sentence or paragraph.
    assert all(p.endswith((". ", "\n\n")) for p in parts[:-3])


def test_sentence_across_the_limit_is_kept_whole() -> None:
    filler = "Markets were calm today. " * 8  # 200 characters
    text = filler + EVENT + " " + filler
    parts = split_parts(text, limit=220)
    assert sum(EVENT in p for p in parts) == 1
    assert [len(e.commodities) for e in extract_in_parts(text, PUB, limit=220)] == [1]


def test_events_in_different_parts_are_found_and_merged() -> None:
    filler = "Markets were calm today. " * 20
    talks = "U.S. and Chinese officials held trade talks in London on Tuesday."
    text = talks + " " + filler + EVENT + " " + filler + talks.replace("officials", "negotiators")
    small = extract_in_parts(text, date(2025, 6, 12), limit=400)
    whole = extract_in_parts(text, date(2025, 6, 12))
    assert [e.type for e in small] == [e.type for e in whole]
    # gallium has been licensed since 2023, so a new control on it is an expansion
    assert sorted(e.type for e in small) == ["export_control_expanded", "negotiation_round"]


def test_text_over_spacys_limit_is_extracted() -> None:
    limit = build_pipeline().max_length
    filler = "Markets were calm and traders waited for the data. " * (limit // 50 + 1000)
    text = EVENT + "\n\n" + filler + EVENT.replace("gallium", "antimony")
    assert len(text) > limit > PART_CHARS
    events = extract_in_parts(text, PUB)
    assert sorted(c for e in events for c in e.commodities) == ["antimony", "gallium"]


def test_split_parts_refuses_a_useless_limit() -> None:
    with pytest.raises(ValueError):
        split_parts("abc", limit=1)


@pytest.mark.parametrize(
    ("encoding", "declared"), [("utf-16", "utf-16"), ("cp1252", "windows-1252")]
)
def test_feed_in_other_encodings(tmp_path, encoding: str, declared: str) -> None:
    p = tmp_path / "feed.xml"
    rss = (
        f'<?xml version="1.0" encoding="{declared}"?><rss version="2.0"><channel><title>F'
        "</title><item><title>One</title><pubDate>Sat, 05 Apr 2025 08:00:00 GMT</pubDate>"
        f"<description>{TEXT}</description></item></channel></rss>"
    )
    p.write_bytes(rss.encode(encoding))
    assert [d.text for d in read_documents(p)] == [TEXT]


def test_script_in_a_feed_summary_gives_no_text(tmp_path) -> None:
    p = tmp_path / "feed.rss"
    p.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item>'
        "<title>One</title><pubDate>Sat, 05 Apr 2025 08:00:00 GMT</pubDate><description>"
        f"&lt;p&gt;Calm markets.&lt;/p&gt;&lt;script&gt;{HIDDEN}&lt;/script&gt;"
        "</description></item></channel></rss>"
    )
    assert [d.text for d in read_documents(p)] == ["Calm markets."]


def test_unreadable_feed_is_one_line(tmp_path) -> None:
    p = tmp_path / "feed.xml"
    p.write_bytes(b"\x00\x01 not a feed <<<")
    with pytest.raises(DataError) as info:
        read_documents(p)
    assert "\n" not in str(info.value) and str(info.value).startswith(str(p))
