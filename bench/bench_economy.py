"""Economy-wide run of a scenario on the WIOD 41 x 35 table: time and peak memory.

Run ``python bench/bench_economy.py [--scenario escalation] [--runs 100] [--tail-days 90]
[--mrio-runs all]``. Steps, each timed (wall clock):

1. run the scenario with ``--runs`` Monte Carlo runs (the world's dynamics);
2. products not made and direct value added per country and sector, every run;
3. the economy-wide step: the ARIO engine on the WIOD 2011 table (1,435 industries), one
   table run per scenario run (``--mrio-runs all``) or three (``quantiles``), plus one
   counterfactual run, each ``horizon + tail`` days.

Peak memory is the process's peak resident set size (``ru_maxrss``), which includes the
interpreter, NumPy, Numba and the compiled table. Results go to stdout as Markdown for
``docs/benchmarks.md``; numbers are recorded, not asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time


def _rss_mib() -> float:
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return kib / 1024.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="escalation")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tail-days", type=int, default=90)
    ap.add_argument("--mrio-runs", choices=("all", "quantiles"), default="all")
    a = ap.parse_args(argv)

    from chokepoints.economy.losses import economy_losses, products_not_made
    from chokepoints.economy.table import load_wiod
    from chokepoints.scenarios.runner import run_scenario
    from chokepoints.scenarios.spec import load_scenario

    t0 = time.perf_counter()
    table = load_wiod()
    t_load = time.perf_counter() - t0

    t0 = time.perf_counter()
    ds = run_scenario(load_scenario(a.scenario), runs=a.runs, seed=a.seed)
    t_scen = time.perf_counter() - t0
    rss_scen = _rss_mib()

    t0 = time.perf_counter()
    rows = products_not_made(ds, table=table)
    t_direct = time.perf_counter() - t0

    t0 = time.perf_counter()
    res = economy_losses(ds, table=table, mrio_runs=a.mrio_runs, tail_days=a.tail_days)
    t_mrio = time.perf_counter() - t0
    rss_end = _rss_mib()

    n_table_runs = len(res["runs_simulated"]) + 1  # + the counterfactual
    days = res["days"]["scenario"] + res["days"]["tail"]
    va = res["lost_value_added_usd_m"]
    print(f"## Economy benchmark ({a.scenario}, {a.runs} runs, mrio-runs {a.mrio_runs})\n")
    print(
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
    )
    print(f"- load WIOD table (npz -> pandas): {t_load:.2f} s")
    print(f"- scenario run ({a.runs} runs x {res['days']['scenario']} days): {t_scen:.1f} s")
    print(f"- products not made + direct value added, all runs: {t_direct:.2f} s")
    print(
        f"- economy-wide ARIO on 1,435 industries: {n_table_runs} table runs x {days} days "
        f"in {t_mrio:.1f} s ({t_mrio / n_table_runs:.2f} s per table run, incl. compile)"
    )
    print(f"- peak RSS: {rss_scen:.0f} MiB after the scenario, {rss_end:.0f} MiB at the end")
    print(
        f"- lost value added, US$ million: median {va['median']:,.0f} "
        f"(p05 {va['p05']:,.0f}, p95 {va['p95']:,.0f}); "
        f"direct {res['direct_value_added_usd_m']['median']:,.0f}; "
        f"rows valued: {int(rows['valued'].sum())}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
