"""Benchmark the sensitivity analysis and print its rankings for docs/sensitivity.md.

Usage::

    python bench/bench_sensitivity.py                         # escalation and status-quo
    python bench/bench_sensitivity.py --scenarios escalation --workers 0 2

With ``--market`` (default ``dysprosium-oxide``; ``none`` to leave prices out) the price
outcomes and the demand-elasticity factor are included.

For each scenario: Morris (``--trajectories``) and Sobol (``--base-samples``) with
``--runs`` Monte Carlo runs per sample, in this process (``--workers 0``, numba on all
threads) and on a LocalCluster of 2 worker processes (1 thread each), timed with
``time.perf_counter`` around :func:`~chokepoints.sensitivity.analysis.run_sensitivity`
(cluster started and warmed before). The samples' outcomes must agree exactly between
executors (common random numbers), which the script checks. Markdown on stdout.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from typing import Any


def _table(result: dict[str, Any]) -> str:
    from chokepoints.sensitivity.report import display_table

    df = display_table(result)
    lines = ["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import numpy as np

    from chokepoints.ensemble import open_client
    from chokepoints.scenarios.runner import compile_scenario
    from chokepoints.scenarios.spec import load_scenario
    from chokepoints.sensitivity.analysis import run_sensitivity

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenarios", nargs="+", default=["escalation", "status-quo"])
    ap.add_argument("--trajectories", type=int, default=10)
    ap.add_argument("--base-samples", type=int, default=64)
    ap.add_argument("--runs", type=int, default=25)
    ap.add_argument("--workers", type=int, nargs="+", default=[0, 2])
    ap.add_argument("--market", default="dysprosium-oxide", help="'none': no price outcomes")
    args = ap.parse_args(argv)
    market = None if args.market == "none" else args.market
    print(f"{os.cpu_count()} CPUs ({platform.machine()}), Python {platform.python_version()}; "
          f"{args.runs} runs per sample, Morris {args.trajectories} trajectories, Sobol base "
          f"{args.base_samples}\n")  # fmt: skip
    for name in args.scenarios:
        model = compile_scenario(load_scenario(name))
        results: dict[int, Any] = {}
        walls: dict[int, float] = {}
        for w in args.workers:
            kw = dict(trajectories=args.trajectories, base_samples=args.base_samples,
                      runs=args.runs, market=market)  # fmt: skip
            if w == 0:
                run_sensitivity(model, methods=("morris",), trajectories=2, runs=1)  # JIT
                load0 = os.getloadavg()[0]
                t = time.perf_counter()
                results[w] = run_sensitivity(model, **kw)  # type: ignore[arg-type]
                walls[w] = time.perf_counter() - t
                print(f"{name}: in-process, 1-min load average {load0:.1f} before, "
                      f"{os.getloadavg()[0]:.1f} after", file=sys.stderr, flush=True)  # fmt: skip
            else:
                with open_client(workers=w, memory_limit="2GiB") as client:
                    run_sensitivity(model, methods=("morris",), trajectories=2, runs=1,
                                    client=client)  # fmt: skip
                    t = time.perf_counter()
                    results[w] = run_sensitivity(model, client=client, **kw)  # type: ignore[arg-type]
                    walls[w] = time.perf_counter() - t
            print(f"{name}: workers {w}: {walls[w]:.1f} s", file=sys.stderr, flush=True)
        first = results[args.workers[0]]
        same = all(np.array_equal(r[m]["Y"], first[m]["Y"], equal_nan=True)
                   for r in results.values() for m in ("morris", "sobol"))  # fmt: skip
        n = first["morris"]["samples"] + first["sobol"]["samples"]
        print(f"### {name}\n")
        print(f"{n} samples x {args.runs} runs = {n * args.runs:,} runs. Wall: "
              + ", ".join(f"{'in-process' if w == 0 else f'{w} workers'} {walls[w]:.0f} s"
                          for w in args.workers)
              + f"; outcomes identical across executors: {same}.\n")  # fmt: skip
        for note in first["notes"]:
            print(f"Note: {note}.\n")
        print(_table(first) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
