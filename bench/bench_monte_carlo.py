"""Benchmark: 1,000 Monte Carlo runs of the bundled world for 365 days (a scenario run).

Run ``python bench/bench_monte_carlo.py`` (options: ``--runs 1000 --days 365
--scenario escalation --repeats 3``). Times the stages of ``chokepoints run``: compile
(world, timeline, gates), simulate (the dynamics engine over all runs, in chunks of
``CHUNK_RUNS``; the scenario's spin-up is dropped so exactly ``--days`` days are simulated),
and summarise (statistics per country and sector, quantiles, group series), and reports
the peak resident memory of the process. Timings belong here, never in tests; record
results in docs/benchmarks.md ("## Scenarios").
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import time

import numba

from chokepoints.scenarios import compile_scenario, load_scenario, run_compiled, summarize
from chokepoints.scenarios.runner import CHUNK_RUNS
from chokepoints.scenarios.summary import group_series


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--scenario", default="escalation")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    spec = load_scenario(args.scenario, horizon_days=args.days, spin_up_days=0)
    t0 = time.perf_counter()
    model = compile_scenario(spec)
    t_compile = time.perf_counter() - t0
    run_compiled(model, runs=2)  # JIT warm-up (numba caches to disk; first call loads it)
    sims, sums = [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        ds = run_compiled(model, runs=args.runs)
        sims.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        summarize(ds)
        for by in ("sector", "country", "stage"):
            group_series(ds, by)
        sums.append(time.perf_counter() - t0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    c = model.compiled
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"numba threads {numba.get_num_threads()}, python {platform.python_version()}")  # fmt: skip
    print(f"scenario {spec.name}: {c.n_nodes} nodes, {c.n_flows} flows (incl. candidates), "
          f"{model.gates.kind.shape[1]} gated; {args.runs} runs x {args.days} days, "
          f"chunks of {CHUNK_RUNS}")  # fmt: skip
    print(f"compile      {t_compile:8.3f} s")
    print(f"simulate     {statistics.median(sims):8.3f} s  (median of {args.repeats}; "
          f"{1e6 * statistics.median(sims) / (args.runs * args.days):.1f} us per run-day)")  # fmt: skip
    print(f"summarise    {statistics.median(sums):8.3f} s")
    print(f"result       {ds['production'].nbytes / 2**20:8.1f} MiB (float32 run x time x node)")
    print(f"peak RSS     {peak_mb:8.0f} MiB")


if __name__ == "__main__":
    main()
