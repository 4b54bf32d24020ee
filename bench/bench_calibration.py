"""Benchmark and report of the 2025 calibration and backtest against issue 12's targets.

Run ``python bench/bench_calibration.py [--runs 100] [--abc-particles 8] [--seeds 1 2 3]``.
It

1. times one calibration simulation (a 10-run backtest at the posterior medians) and a
   small ABC-SMC run (``--abc-particles`` particles, 2 generations), so the cost of the
   full calibration (``python -m chokepoints.scenarios.calibrate``, whose simulation
   count it prints) can be estimated: simulations x seconds per simulation;
2. runs the backtest with posterior-drawn parameters (``--runs``, the scenario's seed)
   and prints the figures the targets name: out-of-sample MAPE pooled and per series
   (world, US and the destination series) against both naive baselines, coverage of the
   run band and of the predictive band (runs x discrepancy term) on the calibration
   months, the old hold-out and the fresh hold-out separately, interval score and CRPS,
   and the onset errors of the calibration and held-out disruptions.

Timings belong here, never in tests; record results in docs/benchmarks.md
("## Calibration and backtest fidelity").
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np

from chokepoints.scenarios.abc import abc_smc
from chokepoints.scenarios.backtest import OLD_HOLD_OUT_END, run_backtest
from chokepoints.scenarios.calibrate import PRIORS, backtest_distance
from chokepoints.scenarios.spec import load_scenario


def _f(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--runs", type=int, default=100, help="backtest Monte Carlo runs")
    ap.add_argument("--abc-particles", type=int, default=8)
    ap.add_argument("--seeds", type=int, nargs="*", default=[],
                    help="also run the backtest at these root seeds (robustness summary)")  # fmt: skip
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
    print("out-of-sample MAPE, old hold-out (model | mean_2024 | persistence):")
    for series in ("pooled", *m["series"]):
        entries = [m, m["baselines"]["mean_2024"], m["baselines"]["persistence"]]
        if series != "pooled":
            entries = [e["by_series"][series] for e in entries]
        row = [e["mape_out_of_sample"] for e in entries]
        ins = entries[0]["mape_in_sample"]
        print(f"  {series:8s} " + " | ".join(_f(v) for v in row) + f"   (in sample {_f(ins)})")
    print(f"pooled over every series: in {_f(m['mape_in_sample_all'])}, "
          f"out {_f(m['mape_out_of_sample_all'])}")  # fmt: skip
    print(f"fresh hold-out (after {OLD_HOLD_OUT_END}): MAPE {_f(m['mape_fresh_hold_out'])}")
    print(f"discrepancy sigma (log, fitted on calibration months): "
          f"{ {k: round(v, 2) for k, v in m['discrepancy_sigma_log'].items()} }")  # fmt: skip
    for label, cov, score in [
        ("runs", m["band_coverage"], m["interval_score"]["model"]),
        ("predictive", m["band_coverage_predictive"], m["interval_score"]["model_predictive"]),
    ]:
        for scope in ("pooled", "every_series", *m["series"]):
            c = cov if scope == "pooled" else cov[scope] if scope == "every_series" else (
                cov["by_series"][scope])  # fmt: skip
            i = score if scope == "pooled" else score[scope] if scope == "every_series" else (
                score["by_series"][scope])  # fmt: skip
            print(f"{label:10s} {scope:12s} coverage in {_f(c['in_sample'])} old hold-out "
                  f"{_f(c['out_of_sample'])} fresh {_f(c['fresh_hold_out'])} all {_f(c['all'])}; "
                  f"rel. interval score in {_f(i['in_sample'])} out {_f(i['out_of_sample'])}")  # fmt: skip
    for name, entry in m["crps"].items():
        print(f"relative CRPS {name:16s}: in {_f(entry['in_sample'])}, "
              f"out {_f(entry['out_of_sample'])}, every series out "
              f"{_f(entry['every_series']['out_of_sample'])}")  # fmt: skip
    for sample, s in m["disruptions"].items():
        print(f"onset error {sample:11s}: median |error| {s['median_abs_error_days']} days over "
              f"{s['events']} events ({s['events_without_onset']} without onset)")  # fmt: skip
    for e in bt.disruptions:
        print(f"  {e['event_id']:26s} {e['sample']:11s} observed {e['observed_start']} "
              f"simulated {e['simulated_onset_median']} [{e['simulated_onset_p05']}, "
              f"{e['simulated_onset_p95']}] error {e['error_days']}")  # fmt: skip
    for seed in args.seeds:
        r = run_backtest(2025, runs=args.runs, seed=seed).metrics
        pc, d = r["band_coverage_predictive"], r["disruptions"]
        print(f"seed {seed}: old hold-out MAPE {_f(r['mape_out_of_sample'])}, predictive "
              f"coverage in {_f(pc['in_sample'])} / old hold-out {_f(pc['out_of_sample'])}, "
              f"run band all {_f(r['band_coverage']['all'])}, onset median held out "
              f"{d['held_out']['median_abs_error_days']} / calibration "
              f"{d['calibration']['median_abs_error_days']} days")  # fmt: skip


if __name__ == "__main__":
    main()
