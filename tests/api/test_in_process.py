"""Routes and jobs in process (no server): one-transaction news ingest, upload names in errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import chokepoints.news.ingest as ingest_module
from chokepoints.api import Settings, create_app
from chokepoints.api.store import JobStore
from chokepoints.news.store import EventStore

LONDON = Path(__file__).parents[2] / "examples" / "news" / "london-talks-2025-06.txt"


def test_a_failed_extraction_stores_nothing_and_a_retry_is_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    token = JobStore(settings.store_url).create_token("t", "analyst")
    auth = {"Authorization": f"Bearer {token}"}
    upload = {"file": (LONDON.name, LONDON.read_bytes())}
    form = {"published": "2025-06-10"}
    real = ingest_module.extract_in_parts
    calls: list[int] = []

    def failing(text: str, published: object, *args: object, **kw: object) -> object:
        calls.append(len(text))
        raise RuntimeError("extractor crashed")

    with TestClient(create_app(settings, start_worker=False), raise_server_exceptions=False) as c:
        monkeypatch.setattr(ingest_module, "extract_in_parts", failing)
        assert c.post("/api/news/ingest", headers=auth, files=upload, data=form).status_code == 500
        assert calls, "the route must extract through news.ingest.extract_in_parts"
        assert EventStore(settings.store_url).documents() == []
        monkeypatch.setattr(ingest_module, "extract_in_parts", real)
        r = c.post("/api/news/ingest", headers=auth, files=upload, data=form)
        assert r.status_code == 200, r.text
        (row,) = r.json()
        assert row["status"] == "new" and row["events"] > 0
        stored = EventStore(settings.store_url)
        assert len(stored.documents()) == 1 and stored.events()
        r = c.post("/api/news/ingest", headers=auth, files=upload, data=form)
        assert r.json()[0]["status"] == "duplicate" and r.json()[0]["events"] == 0


def test_answers_and_stored_sources_name_the_upload_never_the_data_folder(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    token = JobStore(settings.store_url).create_token("t", "analyst")
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(settings, start_worker=False)) as c:
        bad = b'{"text": "fine", "published": "2025-06-10"}\nnot json\n'
        r = c.post("/api/news/ingest", headers=auth, files={"file": ("feed.jsonl", bad)})
        assert r.status_code == 422, r.text
        assert str(settings.data_dir) not in r.text
        assert r.json()["problems"][0]["file"] == "feed.jsonl"
        assert r.json()["problems"][0]["row"] == 2
        assert r.json()["message"].startswith("feed.jsonl")
        r = c.post("/api/news/ingest", headers=auth, files={"file": (LONDON.name, LONDON.read_bytes())},
                   data={"published": "2025-06-10"})  # fmt: skip
        assert r.status_code == 200, r.text
        events = c.get("/api/news/events").json()
        assert events and str(settings.data_dir) not in str(events)
        assert {s["path"] for e in events for s in e["sources"]} == {LONDON.name}


def test_a_supplier_job_on_a_broken_stored_map_names_the_map_not_the_path(
    tmp_path: Path,
) -> None:
    import shutil

    from chokepoints.api.jobs import execute
    from chokepoints.errors import DataError

    example = Path(__file__).parents[2] / "examples" / "suppliers" / "ev_ebike"
    folder = tmp_path / "data" / "maps" / "ev"
    shutil.copytree(example, folder)
    alt = folder / "alternatives.csv"
    lines = alt.read_text().splitlines()
    lines[1] = ",".join(lines[1].split(",")[:-1] + ["-5"])
    alt.write_text("\n".join(lines) + "\n")
    job = {"id": 1, "kind": "suppliers", "target": "ev", "params": {"runs": 1}}
    with pytest.raises(DataError) as err:
        execute(job, lambda done, total: None, tmp_path / "data")
    assert str(tmp_path) not in str(err.value) and "ev" in str(err.value)
    assert all(str(tmp_path) not in str(p.file) for p in err.value.problems)


def test_redaction_keeps_the_access_log_line_and_blanks_the_token() -> None:
    import logging

    from uvicorn.logging import AccessFormatter

    from chokepoints.api.security import RedactTokens

    token = "cp_" + "a1B2" * 10
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/api/jobs?token={token}", "1.1", 400), None,
    )  # fmt: skip
    assert RedactTokens().filter(record)
    line = AccessFormatter("%(client_addr)s %(request_line)s %(status_code)s").format(record)
    assert token not in line
    assert line == "127.0.0.1:5000 GET /api/jobs?token=cp_[redacted] HTTP/1.1 400 Bad Request"
    plain = logging.LogRecord("x", logging.INFO, __file__, 1, "Authorization: Bearer %s",
                              (token,), None)  # fmt: skip
    RedactTokens().filter(plain)
    assert token not in plain.getMessage() and "[redacted]" in plain.getMessage()
