"""Supplier-map uploads and news ingest through the real server; limits on a strict one."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from tests.api.conftest import Server

from chokepoints.suppliers.exposure import supplier_exposure
from chokepoints.suppliers.io import read_map
from chokepoints.suppliers.link import link_map
from chokepoints.world.io import load_world

EXAMPLE = Path(__file__).parents[2] / "examples" / "suppliers" / "ev_ebike"
LONDON = Path(__file__).parents[2] / "examples" / "news" / "london-talks-2025-06.txt"


def _zip(folder: Path, extra: dict[str, bytes] | None = None, prefix: str = "") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in sorted(folder.glob("*.csv")):
            z.write(f, prefix + f.name)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def _upload(server: Server, name: str, data: bytes, filename: str, role: str = "analyst",
            **form: str) -> object:  # fmt: skip
    return server.post("/api/suppliers/maps", role, data={"name": name, **form},
                       files={"file": (filename, data)})  # fmt: skip


def test_upload_a_map_then_exposure_equals_the_library(server: Server) -> None:
    r = _upload(server, "ev", _zip(EXAMPLE, prefix="ev_ebike/"), "ev_ebike.zip")
    assert r.status_code == 201, r.text  # type: ignore[attr-defined]
    assert server.get("/api/suppliers/maps").json() == [{"name": "ev"}]
    r = _upload(server, "ev", _zip(EXAMPLE), "ev_ebike.zip")
    assert r.status_code == 422 and "replace=true" in r.json()["message"]  # type: ignore[attr-defined]
    got = server.get("/api/suppliers/maps/ev/exposure").json()
    world = load_world(None)
    want = supplier_exposure(link_map(read_map(EXAMPLE), world), world)
    assert [row["line_id"] for row in got["summary"]] == list(want.summary["line_id"])
    assert [row["china_share"] for row in got["summary"]] == pytest.approx(
        list(want.summary["china_share"]))  # fmt: skip
    check = server.get("/api/suppliers/maps/ev").json()
    assert check["tables"]["lines"] == len(read_map(EXAMPLE).lines)


def test_a_bad_map_gets_the_cli_message_with_the_upload_name(
    server: Server, tmp_path: Path
) -> None:
    bad = tmp_path / "badmap"
    shutil.copytree(EXAMPLE, bad)
    alt = bad / "alternatives.csv"
    lines = alt.read_text().splitlines()
    lines[1] = ",".join(lines[1].split(",")[:-1] + ["-5"])
    alt.write_text("\n".join(lines) + "\n")
    cli = subprocess.run(["chokepoints", "suppliers", "check", str(bad)], capture_output=True,
                         text=True)  # fmt: skip
    assert cli.returncode == 1
    expected = cli.stderr.strip().removeprefix("Error: ").replace(str(bad), "bad.zip")
    r = _upload(server, "bad", _zip(bad), "bad.zip")
    assert r.status_code == 422  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    assert body["message"] == expected
    assert body["problems"][0]["field"] == "cost_usd" and body["problems"][0]["value"] == "-5"
    assert "bad" not in [m["name"] for m in server.get("/api/suppliers/maps").json()]


@pytest.mark.parametrize(
    ("name", "member"),
    [("slip", "../../escaped.csv"), ("abs", "/tmp/escaped.csv"), ("deep", "a/b/c/sites.csv")],
)
def test_zip_members_never_choose_a_path(server: Server, name: str, member: str) -> None:
    r = _upload(server, name, _zip(EXAMPLE, {member: b"x,y\n1,2\n"}), "m.zip")
    assert r.status_code == 422  # type: ignore[attr-defined]
    assert r.json()["problems"][0]["field"] == "member"  # type: ignore[attr-defined]
    assert not list(server.data.parent.rglob("escaped.csv"))
    assert not list(Path("/tmp").glob("escaped.csv"))


@pytest.mark.parametrize("name", ["../outside", "a/b", ".hidden", "x" * 65])
def test_upload_names_stay_inside_the_data_folder(server: Server, name: str) -> None:
    r = _upload(server, name, _zip(EXAMPLE), "m.zip")
    assert r.status_code == 422  # type: ignore[attr-defined]
    assert r.json()["problems"][0]["field"] == "name"  # type: ignore[attr-defined]
    assert not (server.data.parent / "outside").exists()


def test_uploads_need_an_analyst_token(server: Server) -> None:
    assert _upload(server, "ro", _zip(EXAMPLE), "m.zip", role="read").status_code == 403  # type: ignore[attr-defined]


def test_supplier_line_stop_job(server: Server) -> None:
    if not (server.data / "maps" / "ev").is_dir():
        assert _upload(server, "ev", _zip(EXAMPLE), "m.zip").status_code == 201  # type: ignore[attr-defined]
    body = {"kind": "suppliers", "target": "ev", "scenario": "ban", "runs": 1, "horizon_days": 60}
    job = server.post("/api/jobs", "analyst", json=body).json()
    done = server.wait_job(job["id"])
    assert done["status"] == "succeeded", done
    doc = server.get(f"/api/jobs/{job['id']}/result").json()
    assert doc["map"] == "ev" and doc["scenario"] == "ban"
    assert {"line_id", "days_to_stop_p50", "share_of_runs_stopped"} <= set(doc["lines"][0])
    assert server.get(f"/api/jobs/{job['id']}/result?format=netcdf").status_code == 404
    body["scenario"] = "../secret.yaml"
    assert server.post("/api/jobs", "analyst", json=body).status_code == 404


def test_news_ingest_review_queue_and_accept(server: Server, tmp_path: Path) -> None:
    r = server.post("/api/news/ingest", "analyst", files={"file": (LONDON.name, LONDON.read_bytes())},
                    data={"published": "2025-06-10"})  # fmt: skip
    assert r.status_code == 200, r.text
    assert r.json()[0]["status"] == "new" and r.json()[0]["events"] > 0
    r = server.post("/api/news/ingest", "analyst", files={"file": (LONDON.name, LONDON.read_bytes())},
                    data={"published": "2025-06-10"})  # fmt: skip
    assert r.json()[0]["status"] == "duplicate"
    assert server.get("/api/news/events", params={"type": "license_issued"}).json()
    text = (b"Published: 2025-06-10\n\nMoscow imposed export licensing requirements on "
            b"dysprosium and terbium on Monday, the Russian government said.\n")  # fmt: skip
    r = server.post("/api/news/ingest", "analyst", files={"file": ("../../moscow.txt", text)})
    assert r.status_code == 200 and r.json()[0]["file"] == "moscow.txt"
    assert not list(server.data.parent.glob("moscow.txt"))
    scenario = {"kind": "scenario", "target": "status-quo", "runs": 1, "horizon_days": 5,
                "team_timeline": True}  # fmt: skip
    r = server.post("/api/jobs", "analyst", json=scenario)
    assert r.status_code == 422 and "there is no team timeline" in r.json()["message"]
    assert server.post("/api/news/propose", "read").status_code == 403
    made = server.post("/api/news/propose", "analyst").json()
    added = next(p for p in made if p["action"] == "measure_added")
    queue = server.get("/api/news/proposals", params={"status": "proposed"}).json()
    assert added["id"] in [p["id"] for p in queue]
    r = server.post(f"/api/news/proposals/{added['id']}/accept", "analyst")
    assert r.status_code == 200, r.text
    team = yaml.safe_load((server.data / "timeline.yaml").read_text())
    (measure,) = team["measures"]
    assert measure["issuer"] == "RUS"
    tl = server.get("/api/timeline", params={"issuer": "RUS"}).json()
    assert tl["team_timeline"] is True and measure["id"] in [m["id"] for m in tl["measures"]]
    r = server.post(f"/api/news/proposals/{added['id']}/accept", "analyst")
    assert r.status_code == 422 and "already accepted" in r.json()["message"]
    job = server.post("/api/jobs", "analyst", json=scenario).json()
    assert server.wait_job(job["id"])["status"] == "succeeded"
    assert server.get(f"/api/jobs/{job['id']}/result").json()["meta"]["team_timeline"] is True
    r = server.post("/api/news/ingest", "analyst", files={"file": ("x.exe", b"MZ")})
    assert r.status_code == 422 and r.json()["problems"][0]["file"] == "x.exe"


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with tight limits (40 requests a minute, 64 KiB bodies, 20 runs a job),
    private reads and one CORS origin."""
    srv = Server(tmp_path_factory.mktemp("strict") / "data", "--rate", "40",
                 "--max-body-mb", "0.0625", "--max-runs", "20", "--private",
                 "--cors", "https://team.example").start()  # fmt: skip
    yield srv
    srv.stop()


def test_body_size_limit(strict: Server) -> None:
    big = b"x" * (70 * 1024)
    r = strict.post("/api/news/ingest", "analyst", files={"file": ("a.txt", big)})
    assert r.status_code == 413 and "65,536 bytes" in r.json()["detail"]
    r = strict.post("/api/jobs", "analyst", json={"kind": "scenario", "target": "status-quo",
                                                  "runs": 21})  # fmt: skip
    assert r.status_code == 422 and "at most 20" in r.json()["message"]


def test_cors_only_for_the_configured_origin(strict: Server) -> None:
    pre = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization",
    }
    ok = httpx.options(strict.url + "/api/jobs", headers={"Origin": "https://team.example", **pre})
    assert ok.headers.get("access-control-allow-origin") == "https://team.example"
    bad = httpx.options(strict.url + "/api/jobs", headers={"Origin": "https://evil.example", **pre})
    assert "access-control-allow-origin" not in bad.headers


def test_private_service_needs_a_token_to_read(strict: Server) -> None:
    assert strict.get("/api/scenarios").status_code == 401
    assert strict.get("/api/scenarios", "read").status_code == 200


def test_rate_limit_per_client(strict: Server) -> None:
    codes = [strict.get("/api/health", "admin").status_code for _ in range(45)]
    assert codes[:30].count(200) == 30 and 429 in codes
    r = strict.get("/api/me", "admin")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    # another token has its own budget; made-up tokens count against the address
    assert strict.get("/api/me", "analyst").status_code == 200
    assert json.loads(strict.get("/api/me", "analyst").text)["role"] == "analyst"


def test_upload_a_workbook(server: Server, tmp_path: Path) -> None:
    from chokepoints.suppliers.io import write_map

    book = write_map(read_map(EXAMPLE), tmp_path / "ev.xlsx")
    r = _upload(server, "ev-book", book.read_bytes(), "ev.xlsx")
    assert r.status_code == 201, r.text  # type: ignore[attr-defined]
    assert (server.data / "maps" / "ev-book" / "sites.csv").exists()
    r = _upload(server, "junk", b"not a workbook", "junk.xlsx")
    assert r.status_code == 422  # type: ignore[attr-defined]
    assert "junk.xlsx" in r.json()["message"]  # type: ignore[attr-defined]
    r = _upload(server, "pdf", b"%PDF", "map.pdf")
    assert r.status_code == 422 and "neither .xlsx nor .zip" in r.json()["message"]  # type: ignore[attr-defined]


def test_zip_members_twice_or_damaged_are_refused_naming_the_member(tmp_path: Path) -> None:
    from chokepoints.api.routes.suppliers import _unzip
    from chokepoints.api.settings import Settings
    from chokepoints.errors import DataError

    s = Settings(data_dir=tmp_path / "data")
    twice = _zip(EXAMPLE, {"map/sites.csv": (EXAMPLE / "sites.csv").read_bytes()})
    with pytest.raises(DataError, match="holds table 'sites' twice") as err:
        _unzip(twice, "m.zip", tmp_path, s)
    assert err.value.problems[0].value == "map/sites.csv"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("sites.csv", "site_id,name\n" * 200)
    raw = bytearray(buf.getvalue())
    start = 30 + len("sites.csv")  # the member's data follows its local header
    raw[start : start + 8] = b"\xff" * 8  # damage the deflated data
    with pytest.raises(DataError, match="cannot be unpacked") as err:
        _unzip(bytes(raw), "m.zip", tmp_path, s)
    assert err.value.problems[0].file == "m.zip"
