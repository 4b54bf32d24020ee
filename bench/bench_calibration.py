"""Benchmark and report of the 2025 calibration and backtest against issue 12's targets.

Run ``python bench/bench_calibration.py [--runs 100] [--abc-particles 8]``. It

1. times one calibration simulation (a 10-run backtest at the posterior medians) and a
   small ABC-SMC run (``--abc-particles`` particles, 2 generations), so the cost of the
   full calibration (``python -m chokepoints.scenarios.calibrate``, whose simulation
   count it prints) can be estimated: simulations x seconds per simulation;
2. runs the backtest with posterior-drawn parameters (``--runs``, the scenario's seed)
   and prints the figures the targets name: out-of-sample MAPE pooled and per series
   against both naive baselines, band coverage, CRPS, and the onset errors of the
   calibration and held-out disruptions.

Timings belong here, never in tests; record results in docs/benchmarks.md
("## Calibration and backtest fidelity").
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np

from chokepoints.scenarios.abc import abc_smc
from chokepoints.scenarios.backtest import run_backtest
from chokepoints.scenarios.calibrate import PRIORS, backtest_distance
from chokepoints.scenarios.spec import load_scenario


def _f(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--runs", type=int, default=100, help="backtest Monte Carlo runs")
    ap.add_argument("--abc-particles", type=int, default=8)
    args = ap.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, python "
          f"{platform.python_version()}")  # fmt: skip

    dist = backtest_distance(runs=10)
    theta = dict(load_scenario("backtest-2025").parameters)
    dist(theta, np.random.default_rng(0))  # JIT warm-up
    t0 = time.perf_counter()
    for k in range(3):
        dist(theta, np.random.default_rng(k))
    per_sim = (time.perf_counter() - t0) / 3
    print(f"one calibration simulation (10-run backtest): {per_sim:.2f} s")
    t0 = time.perf_counter()
    res = abc_smc(dist, PRIORS, n_particles=args.abc_particles, generations=2, seed=5)
    dt = time.perf_counter() - t0
    print(f"ABC-SMC {args.abc_particles} particles x 2 generations: {sum(res.simulations)} "
          f"simulations in {dt:.1f} s ({dt / sum(res.simulations):.2f} s each)")  # fmt: skip

    t0 = time.perf_counter()
    bt = run_backtest(2025, runs=args.runs)
    print(f"backtest, {args.runs} runs, {len(bt.parameter_draws)} posterior draws: "
          f"{time.perf_counter() - t0:.1f} s")  # fmt: skip
    m = bt.metrics
    print("out-of-sample MAPE (model | mean_2024 | persistence):")
    for series in ("pooled", "world", "usa"):
        entries = [m, m["baselines"]["mean_2024"], m["baselines"]["persistence"]]
        if series != "pooled":
            entries = [e["by_series"][series] for e in entries]
        row = [e["mape_out_of_sample"] for e in entries]
        print(f"  {series:7s} " + " | ".join(_f(v) for v in row))
    print(f"in-sample MAPE pooled {_f(m['mape_in_sample'])}")
    cov = m["band_coverage"]
    print(f"band coverage 5-95%: in {_f(cov['in_sample'])}, out {_f(cov['out_of_sample'])}, "
          f"all {_f(cov['all'])}")  # fmt: skip
    pc = m["band_coverage_predictive"]
    print(f"predictive band (discrepancy sigma {m['discrepancy_sigma_log']:.3f} in log): "
          f"in {_f(pc['in_sample'])}, out {_f(pc['out_of_sample'])}, all {_f(pc['all'])}")  # fmt: skip
    for name, entry in m["crps"].items():
        print(f"relative CRPS {name:12s}: in {_f(entry['in_sample'])}, "
              f"out {_f(entry['out_of_sample'])}")  # fmt: skip
    for sample, s in m["disruptions"].items():
        print(f"onset error {sample:11s}: median |error| {s['median_abs_error_days']} days over "
              f"{s['events']} events ({s['events_without_onset']} without onset)")  # fmt: skip
    for e in bt.disruptions:
        print(f"  {e['event_id']:26s} {e['sample']:11s} observed {e['observed_start']} "
              f"simulated {e['simulated_onset_median']} [{e['simulated_onset_p05']}, "
              f"{e['simulated_onset_p95']}] error {e['error_days']}")  # fmt: skip


if __name__ == "__main__":
    main()
