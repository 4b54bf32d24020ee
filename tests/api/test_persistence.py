"""Jobs and results in the store (SQLite and PostgreSQL): a killed job fails clearly, its
previous result stays, and a restarted service resumes the queue."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.api.conftest import Server

from chokepoints.api.store import INTERRUPTED, JobStore, NotReadyError
from chokepoints.testing import temporary_store_url


def _database(kind: str, tmp_path: Path) -> Iterator[str]:
    """An empty store of its own (see :func:`chokepoints.testing.temporary_store_url`)."""
    with temporary_store_url(kind, tmp_path, prefix="api_test") as url:
        yield url


def _alive(pid: int) -> bool:
    """Whether a process runs (a zombie waiting for its parent to reap it does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from _database(request.param, tmp_path)


def test_store_round_trip(store_url: str) -> None:
    store = JobStore(store_url)
    job = store.submit("scenario", "status-quo", {"runs": 2}, submitted_by="alice")
    claimed = store.claim_next()
    assert claimed is not None and claimed["id"] == job["id"] and claimed["status"] == "running"
    assert store.claim_next() is None  # one worker wins a job
    with pytest.raises(NotReadyError, match=f"job {job['id']} has no result: it is running"):
        store.result(job["id"])
    assert store.set_progress(job["id"], 0.5, "1/2 runs") == ""
    store.cancel(job["id"])
    assert store.set_progress(job["id"], 0.5) == "cancel"  # the job process sees the request
    assert store.finish(job["id"], "succeeded", document={"rows": [1]}, netcdf=b"CDF\x01")
    assert not store.finish(job["id"], "failed")  # final states are final
    assert store.result(job["id"]) == ({"rows": [1]}, b"CDF\x01")
    assert store.latest_result("scenario", "status-quo")["id"] == job["id"]  # type: ignore[index]
    other = store.submit("scenario", "breakthrough", {})
    store.claim_next()
    store.request_stop(other["id"])
    assert store.set_progress(other["id"], 0.1) == "shutdown"
    assert store.recover() == 1 and store.job(other["id"])["message"] == INTERRUPTED
    assert store.set_progress(other["id"], 0.2) == "gone"  # an orphaned run stops
    assert not store.finish(other["id"], "succeeded", document={})
    token = store.create_token("bob", "read")
    assert store.role_of(token) == ("bob", "read")
    store.revoke_token(store.tokens()[0]["id"])
    assert store.role_of(token) is None


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)],
)
def service_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The kill-and-restart test runs on SQLite by default and on PostgreSQL with -m slow
    (the store round trip above covers PostgreSQL in every run)."""
    yield from _database(request.param, tmp_path)


def test_killed_job_fails_clearly_and_restart_resumes_the_queue(
    service_url: str, tmp_path: Path
) -> None:
    store_url = service_url
    # SQLite: the server's default store in its data folder; PostgreSQL: --db URL
    srv = Server(tmp_path / "data", db=None if store_url.startswith("sqlite") else store_url)
    srv.start()
    try:
        small = {"kind": "scenario", "target": "status-quo", "runs": 1, "horizon_days": 10}
        before = srv.post("/api/jobs", "analyst", json=small).json()
        assert srv.wait_job(before["id"])["status"] == "succeeded"
        previous = srv.get(f"/api/jobs/{before['id']}/result").json()
        big = {"kind": "scenario", "target": "status-quo", "runs": 1000}
        killed = srv.post("/api/jobs", "analyst", json=big).json()
        waiting = srv.post("/api/jobs", "analyst", json={**small, "target": "breakthrough"}).json()
        srv.wait_job(killed["id"], until=("running",))
        children = srv.children()
        assert children, "the job process should be the server's child"
        srv.kill()
        # as the kill left it, or already failed by its orphaned job process, which stops
        # at its next chunk when it sees the service gone
        assert srv.store.job(killed["id"])["status"] in ("running", "failed")
        srv.start()
        job = srv.get(f"/api/jobs/{killed['id']}").json()
        assert job["status"] == "failed" and job["message"] == INTERRUPTED
        r = srv.get(f"/api/jobs/{killed['id']}/result")
        assert r.status_code == 409 and "interrupted" in r.json()["detail"]
        assert srv.wait_job(waiting["id"])["status"] == "succeeded"  # the queue resumed
        latest = srv.get("/api/scenarios/status-quo/latest").json()
        assert latest["id"] == before["id"]
        assert srv.get(f"/api/jobs/{before['id']}/result").json() == previous
        # the killed service's job process (and its resource tracker) did not outlive it
        deadline = time.monotonic() + 60
        while (alive := [p for p in children if _alive(p)]) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert alive == [], f"processes of the killed service still running: {alive}"
    finally:
        srv.stop()
