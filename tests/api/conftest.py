"""A real chokepoints server on loopback: ``chokepoints serve`` in a subprocess on a free port."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from chokepoints.api.store import JobStore


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _command() -> list[str]:
    exe = shutil.which("chokepoints")
    if exe:
        return [exe]
    return [sys.executable, "-c", "from chokepoints.cli import main; main()"]


class Server:
    """One ``chokepoints serve`` process; its output goes to ``log``."""

    def __init__(self, data: Path, *args: str, db: str | None = None) -> None:
        self.data, self.args, self.db = data, args, db
        self.port = 0
        self.log = data.parent / f"{data.name}-server.log"
        self.proc: subprocess.Popen[bytes] | None = None
        data.mkdir(parents=True, exist_ok=True)
        self.store = JobStore(db or f"sqlite:///{data.resolve() / 'service.sqlite'}")
        self.tokens: dict[str, str] = {}
        # one client (and its connection pool) for every request: a fresh httpx client
        # per request costs ~0.1 s, mostly building its SSL context
        self.http = httpx.Client(timeout=60)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def token(self, role: str) -> str:
        if role not in self.tokens:
            self.tokens[role] = self.store.create_token(f"test-{role}", role)
        return self.tokens[role]

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(role)}"}

    def start(self) -> Server:
        self.port = free_port()
        cmd = [*_command(), "serve", "--data", str(self.data), "--port", str(self.port),
               *self.args]  # fmt: skip
        if self.db:
            cmd += ["--db", self.db]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if self.http.get(self.url + "/api/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("server did not start in 60 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def kill(self) -> None:
        """SIGKILL: what a crash or an out-of-memory kill does."""
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait()

    def children(self) -> list[int]:
        """Ids of the server's child processes (the job process, multiprocessing's
        resource tracker), from ``/proc``."""
        assert self.proc is not None
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.proc.pid:
                found.append(int(stat.parent.name))
        return found

    def get(self, path: str, role: str | None = None, **kw: Any) -> httpx.Response:
        headers = {**(self.headers(role) if role else {}), **kw.pop("headers", {})}
        return self.http.get(self.url + path, headers=headers, timeout=30, **kw)

    def post(self, path: str, role: str | None = None, **kw: Any) -> httpx.Response:
        headers = {**(self.headers(role) if role else {}), **kw.pop("headers", {})}
        return self.http.post(self.url + path, headers=headers, timeout=60, **kw)

    def wait_job(self, job_id: int, until: tuple[str, ...] = ("succeeded", "failed", "cancelled"),
                 timeout: float = 120) -> dict[str, Any]:  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job: dict[str, Any] = self.get(f"/api/jobs/{job_id}", "read").json()
            if job["status"] in until:
                return job
            time.sleep(0.1)
        raise AssertionError(f"job {job_id} not {until} after {timeout} s: {job}")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The main test server (SQLite store, default limits)."""
    srv = Server(tmp_path_factory.mktemp("svc") / "data").start()
    yield srv
    srv.stop()
