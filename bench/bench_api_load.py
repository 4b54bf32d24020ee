"""Bounded load test of the service on loopback: latency of regime queries and job submission.

Run ``python bench/bench_api_load.py [--requests 400] [--concurrency 8] [--jobs 60]``. It
starts ``chokepoints serve`` on 127.0.0.1 (a free port, a fresh data folder, rate limit
off), then:

1. sends ``--requests`` regime queries (``GET /api/regime``, dates spread over 2023-2027,
   products cycling over magnet/Dy/oxide queries) from ``--concurrency`` client threads;
2. submits ``--jobs`` scenario jobs (``POST /api/jobs``, status-quo, 1 run, 5 days) from
   the same threads and measures the submission answer only (the job runs later);
3. waits for the queue to drain and reports how long that took.

Latencies are wall-clock per request on the client (httpx, one connection per thread),
p50 and p99 in ms. Nothing leaves the machine. Results go to stdout as Markdown for
``docs/benchmarks.md``; the numbers are recorded, not asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def _run(threads: int, work: list[tuple[str, str, dict[str, object]]], url: str,
         headers: dict[str, str]) -> tuple[list[float], int, float]:  # fmt: skip
    """Send ``work`` (method, path, kwargs) from ``threads`` clients; (latencies ms, errors, s)."""
    lock = threading.Lock()
    latencies: list[float] = []
    errors = 0
    queue = list(reversed(work))

    def client() -> None:
        nonlocal errors
        with httpx.Client(base_url=url, headers=headers, timeout=60) as c:
            while True:
                with lock:
                    if not queue:
                        return
                    method, path, kwargs = queue.pop()
                t0 = time.perf_counter()
                r = c.request(method, path, **kwargs)  # type: ignore[arg-type]
                dt = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(dt)
                    errors += r.status_code >= 400

    start = time.perf_counter()
    pool = [threading.Thread(target=client) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return latencies, errors, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=400, help="regime queries")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--jobs", type=int, default=60, help="scenario jobs submitted")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="chokepoints-bench-"))
    port = _free_port()
    exe = shutil.which("chokepoints") or sys.executable
    cmd = (
        [exe] if exe != sys.executable else [exe, "-c", "from chokepoints.cli import main; main()"]
    )
    from chokepoints.api.store import JobStore

    token = JobStore(f"sqlite:///{data / 'service.sqlite'}").create_token("bench", "analyst")
    log = (data / "server.log").open("wb")
    proc = subprocess.Popen([*cmd, "serve", "--data", str(data), "--port", str(port),
                             "--rate", "0", "--max-body-mb", "1"], stdout=log,
                            stderr=subprocess.STDOUT)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        for _ in range(300):
            try:
                if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        products = ["magnet:ndfeb_hre", "magnet", "Dy", "oxide:Tb", "metal:*"]
        regime = [("GET", "/api/regime", {"params": {
            "date": f"{2023 + i % 5}-{1 + i % 12:02d}-15", "product": products[i % len(products)],
            "origin": "CHN", "destination": ["USA", "JPN", "EU27", "KOR"][i % 4]}})
            for i in range(args.requests)]  # fmt: skip
        _run(2, regime[:20], url, headers)  # warm-up: imports, first timeline load
        lat_q, err_q, el_q = _run(args.concurrency, regime, url, headers)
        body = {"kind": "scenario", "target": "status-quo", "runs": 1, "horizon_days": 5}
        jobs = [("POST", "/api/jobs", {"json": body}) for _ in range(args.jobs)]
        lat_j, err_j, el_j = _run(args.concurrency, jobs, url, headers)
        t0 = time.perf_counter()
        while httpx.get(url + "/api/jobs?status=queued&limit=1", headers=headers).json() or \
                httpx.get(url + "/api/jobs?status=running&limit=1", headers=headers).json():  # fmt: skip
            time.sleep(0.2)
        drain = time.perf_counter() - t0
        failed = len(httpx.get(url + "/api/jobs?status=failed", headers=headers).json())
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()
        shutil.rmtree(data, ignore_errors=True)

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"Machine: {platform.processor() or platform.machine()}, {cores} cores available, "
          f"Python {platform.python_version()}; server and clients on one machine, loopback, "
          f"{args.concurrency} client threads, SQLite store, rate limit off.\n")  # fmt: skip
    print("| request | n | errors | p50 ms | p99 ms | mean ms | requests/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, lat, err, el in (("GET /api/regime", lat_q, err_q, el_q),
                               ("POST /api/jobs (submit)", lat_j, err_j, el_j)):  # fmt: skip
        print(f"| {name} | {len(lat)} | {err} | {_percentile(lat, 0.5):.1f} | "
              f"{_percentile(lat, 0.99):.1f} | {statistics.mean(lat):.1f} | {len(lat) / el:.0f} |")  # fmt: skip
    print(f"\n{args.jobs} submitted jobs (status-quo, 1 run, 5 days) drained in {drain:.1f} s "
          f"after the last submission ({failed} failed).")  # fmt: skip


if __name__ == "__main__":
    main()
