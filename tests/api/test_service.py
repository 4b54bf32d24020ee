"""The REST API against a real ``chokepoints serve`` on loopback.

Each answer is checked against the library function the route wraps, so the API stays a
thin layer: same numbers, same error messages as the CLI.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import httpx
import numpy as np
import pandas as pd
import xarray as xr
from tests.api.conftest import Server

from chokepoints.policy.timeline import Timeline
from chokepoints.scenarios import load_scenario, run_scenario


def test_openapi_docs_list_every_resource(server: Server) -> None:
    r = server.get("/docs")
    assert r.status_code == 200 and "swagger-ui" in r.text.lower()
    paths = server.get("/openapi.json").json()["paths"]
    for p in ("/api/worlds", "/api/timeline", "/api/regime", "/api/scenarios", "/api/jobs",
              "/api/jobs/{job_id}/result", "/api/jobs/{job_id}/cancel", "/api/suppliers/maps",
              "/api/news/ingest", "/api/news/proposals", "/api/compare"):  # fmt: skip
        assert p in paths, p


def test_regime_is_the_library_answer(server: Server) -> None:
    q = {"date": "2025-06-10", "product": "magnet:ndfeb_hre", "origin": "CHN",
         "destination": "USA"}  # fmt: skip
    r = server.get("/api/regime", params=q)
    assert r.status_code == 200
    want = Timeline.load().regimes(dt.date(2025, 6, 10), "magnet:ndfeb_hre", "CHN", "USA")
    assert r.json() == json.loads(json.dumps([x.as_dict() for x in want]))
    assert r.json()[0]["gate"]["kind"] == "licence"


def test_bad_input_is_422_naming_field_value_and_expectation(server: Server) -> None:
    r = server.get("/api/regime", params={"date": "2025-13-01", "product": "magnet",
                                          "origin": "CHN", "destination": "USA"})  # fmt: skip
    assert r.status_code == 422
    body = r.json()
    assert body["message"] == "field 'date': '2025-13-01' is not a date (expected YYYY-MM-DD)"
    assert body["problems"] == [{"file": None, "row": None, "field": "date",
                                 "value": "2025-13-01",
                                 "reason": "is not a date (expected YYYY-MM-DD)"}]  # fmt: skip


def test_unknown_country_is_404_with_a_suggestion(server: Server) -> None:
    r = server.get("/api/regime", params={"date": "2025-06-10", "product": "magnet",
                                          "origin": "CHN", "destination": "USX"})  # fmt: skip
    assert r.status_code == 404
    assert "USX" in r.json()["detail"] and "USA" in r.json()["detail"]


def test_timeline_and_worlds(server: Server) -> None:
    tl = server.get("/api/timeline", params={"issuer": "CHN", "element": "Dy"}).json()
    assert tl["team_timeline"] is False and tl["measures"]
    assert all(m["issuer"] == "CHN" for m in tl["measures"])
    up = server.get("/api/timeline/upcoming", params={"after": "2026-11-01"}).json()
    want = Timeline.load().upcoming(dt.date(2026, 11, 1))
    assert [u["id"] for u in up] == [u.entry_id for u in want]
    worlds = server.get("/api/worlds").json()
    assert worlds[0]["name"] == "bundled" and worlds[0]["tables"]["nodes"] > 0
    summary = server.get("/api/worlds/bundled/summary", params={"top": 1}).json()
    assert {"stage", "product_id", "country", "share", "hhi"} <= set(summary[0])


def test_writes_need_a_token_with_the_right_role(server: Server) -> None:
    body = {"kind": "scenario", "target": "status-quo", "runs": 1, "horizon_days": 5}
    r = server.post("/api/jobs", json=body)
    assert r.status_code == 401 and "needs a token with role 'analyst'" in r.json()["detail"]
    r = server.post("/api/jobs", "read", json=body)
    assert r.status_code == 403 and "has role 'read'" in r.json()["detail"]
    r = httpx.post(server.url + "/api/jobs", json=body,
                   headers={"Authorization": "Bearer cp_not-a-real-token"})  # fmt: skip
    assert r.status_code == 401 and r.json()["detail"] == "unknown or revoked token"
    r = server.get("/api/jobs", params={"token": server.token("analyst")})
    assert r.status_code == 400 and "not accepted in the URL" in r.json()["detail"]
    assert server.get("/api/tokens", "analyst").status_code == 403
    assert server.get("/api/tokens", "admin").status_code == 200
    r = server.post("/api/jobs", "analyst", json=body)
    assert r.status_code == 202 and r.json()["status"] == "queued"
    assert server.wait_job(r.json()["id"])["status"] == "succeeded"


def test_scenario_job_results_in_four_formats_equal_the_library_run(server: Server) -> None:
    body = {"kind": "scenario", "target": "escalation", "runs": 3, "horizon_days": 40, "seed": 7}
    job = server.post("/api/jobs", "analyst", json=body).json()
    done = server.wait_job(job["id"])
    assert done["status"] == "succeeded" and done["progress"] == 1.0
    doc = server.get(f"/api/jobs/{job['id']}/result").json()
    assert doc["meta"]["runs"] == 3 and doc["meta"]["seed"] == 7
    assert set(doc["series"]) == {"sector", "country", "stage"}
    assert len(doc["series"]["sector"]["dates"]) == 40
    csv = pd.read_csv(io.StringIO(server.get(f"/api/jobs/{job['id']}/result?format=csv").text))
    pq = pd.read_parquet(
        io.BytesIO(server.get(f"/api/jobs/{job['id']}/result?format=parquet").content)
    )
    assert len(csv) == len(pq) == len(doc["rows"]) > 0
    assert list(csv.columns) == list(pq.columns) == list(doc["rows"][0])
    nc = server.get(f"/api/jobs/{job['id']}/result?format=netcdf")
    assert nc.headers["content-type"] == "application/x-netcdf"
    ds = xr.open_dataset(io.BytesIO(nc.content), engine="scipy")
    want = run_scenario(load_scenario("escalation", horizon_days=40), runs=3, seed=7)
    np.testing.assert_array_equal(ds["production"].values, want["production"].values)
    assert ds.attrs["scenario_hash"] == want.attrs["scenario_hash"]
    r = server.get(f"/api/jobs/{job['id']}/result?format=xlsx")
    assert r.status_code == 404 and "json" in r.json()["detail"]


def test_compare_two_scenario_jobs(server: Server) -> None:
    ids = []
    for name in ("status-quo", "breakthrough"):
        body = {"kind": "scenario", "target": name, "runs": 1, "horizon_days": 20}
        ids.append(server.post("/api/jobs", "analyst", json=body).json()["id"])
    for i in ids:
        assert server.wait_job(i)["status"] == "succeeded"
    r = server.get("/api/compare", params=[("jobs", ids[0]), ("jobs", ids[1])]).json()
    assert r["scenarios"] == [f"status-quo#{ids[0]}", f"breakthrough#{ids[1]}"]
    assert f"breakthrough#{ids[1]}:lost_output_t" in r["rows"][0]


def test_cancel_a_running_job_and_a_queued_one(server: Server) -> None:
    big = {"kind": "scenario", "target": "status-quo", "runs": 1000}
    first = server.post("/api/jobs", "analyst", json=big).json()
    second = server.post("/api/jobs", "analyst", json=big).json()
    server.wait_job(first["id"], until=("running",))
    r = server.post(f"/api/jobs/{second['id']}/cancel", "analyst").json()
    assert r["status"] == "cancelled" and r["message"] == "cancelled before it started"
    r = server.get(f"/api/jobs/{first['id']}/result")
    assert r.status_code == 409 and "is running" in r.json()["detail"]
    assert server.post(f"/api/jobs/{first['id']}/cancel").status_code == 401
    server.post(f"/api/jobs/{first['id']}/cancel", "analyst")
    done = server.wait_job(first["id"])
    assert done["status"] == "cancelled" and done["message"].startswith("cancelled after")
    r = server.get(f"/api/jobs/{first['id']}/result")
    assert r.status_code == 409 and "is cancelled" in r.json()["detail"]


def test_job_limits_and_unknown_targets(server: Server) -> None:
    r = server.post("/api/jobs", "analyst", json={"kind": "scenario", "target": "status-quo",
                                                  "runs": 10_000})  # fmt: skip
    assert r.status_code == 422
    assert r.json()["problems"][0]["field"] == "runs"
    r = server.post("/api/jobs", "analyst", json={"kind": "scenario", "target": "status-qou"})
    assert r.status_code == 404 and "Did you mean 'status-quo'" in r.json()["detail"]
    # a path is not a scenario name: nothing outside the bundled library is read
    r = server.post("/api/jobs", "analyst", json={"kind": "scenario", "target": "/etc/passwd"})
    assert r.status_code == 404
    r = server.post("/api/jobs", "analyst", json={"kind": "scenario", "target": "x", "oops": 1})
    assert r.status_code == 422


def test_cors_is_off_by_default(server: Server) -> None:
    r = httpx.options(server.url + "/api/jobs", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})  # fmt: skip
    assert "access-control-allow-origin" not in r.headers
    r = server.get("/api/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_tokens_are_stored_hashed_and_never_logged(server: Server) -> None:
    # runs last in this module: the log then holds every request made above
    server.get("/api/me", "admin")
    raw = server.store.engine.connect().exec_driver_sql("SELECT * FROM api_tokens").fetchall()
    stored = json.dumps([list(map(str, row)) for row in raw])
    log = server.log.read_text()
    assert "GET /api/me" in log
    # redaction keeps every access line (the one with the token in its URL included)
    assert "Logging error" not in log and "GET /api/jobs?token=cp_[redacted]" in log
    for token in server.tokens.values():
        assert token not in stored and token not in log
