"""Checks on the bundled timeline data and its SOURCES.md."""

from __future__ import annotations

from importlib import resources

from chokepoints.policy import Timeline


def test_every_entry_has_source_and_status(bundled: Timeline) -> None:
    for entry in [*bundled.measures, *bundled.events]:
        assert entry.source.startswith(("http://", "https://")), entry.id
        assert entry.status in ("primary", "secondary", "derived", "estimated")
        assert all(s.startswith(("http://", "https://")) for s in entry.sources), entry.id


def test_sources_md_names_every_data_file() -> None:
    folder = resources.files("chokepoints.data") / "timeline"
    text = (folder / "SOURCES.md").read_text(encoding="utf-8")
    data_files = [
        p.name for p in folder.iterdir() if p.name != "SOURCES.md" and not p.name.startswith(".")
    ]
    assert data_files
    for name in data_files:
        assert name in text, name


def test_timeline_covers_the_instruments_of_issue_3(bundled: Timeline) -> None:
    ids = {m.id for m in bundled.measures} | {e.id for e in bundled.events}
    for required in (
        "cn-mofcom-2025-18",
        "cn-mofcom-gac-2025-70",
        "cn-mofcom-2025-72",
        "cn-mofcom-2025-general-licences",
        "cn-mofcom-2026-1-japan-military",
        "cn-mofcom-2026-us-entities",
        "us-eo14257-reciprocal-chn-base",
        "ev-2025-05-12-geneva",
        "ev-2025-06-09-london",
        "ev-2025-07-28-stockholm",
        "ev-2025-10-26-kuala-lumpur",
        "ev-2025-10-30-busan",
        "ev-2026-03-15-paris",
        "ev-2026-05-13-beijing",
    ):
        assert required in ids, required
    kinds = {m.kind for m in bundled.measures}
    assert {
        "ban",
        "licence",
        "general_licence",
        "tariff",
        "end_user_list",
        "content_rule",
        "technology_control",
        "suspension",
    } <= kinds
