"""Cost of the no-controls counterfactual that shortages are measured against.

Run ``python bench/bench_counterfactual.py [--scenario status-quo] [--runs 100]
[--repeat 3]``. For a compiled scenario it times (best of ``--repeat``):

1. the Monte Carlo runs alone (``simulate_chunk`` over the chunks of ``--runs`` runs);
2. the counterfactual alone (``counterfactual_output``: one run with every export-control
   gate open, cache cleared before each repeat);
3. the whole ``run_compiled`` (runs + counterfactual + labelling), as ``chokepoints run``
   calls it;

and prints the counterfactual's share, with the median ratio of counterfactual to 2024
output of the end-use sectors outside China (how far the no-controls run sits above the
old reference). Record results in docs/benchmarks.md ("Calibration and backtest
fidelity"); timings never go in tests.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from chokepoints.scenarios import runner
from chokepoints.scenarios.spec import load_scenario


def _best(fn: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        runner._COUNTERFACTUAL.clear()
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--scenario", default="status-quo")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    model = runner.compile_scenario(load_scenario(args.scenario))
    rec = np.arange(model.compiled.n_nodes)
    plan = runner.chunk_plan(args.runs, model.scenario.seed)
    runner.run_compiled(model, runs=2)  # compile the numba kernels first

    def runs_only() -> None:
        for _, m, child in plan:
            runner.simulate_chunk(model, m, child, rec)

    t_runs = _best(runs_only, args.repeat)
    t_cf = _best(lambda: runner.counterfactual_output(model, rec), args.repeat)
    t_all = _best(lambda: runner.run_compiled(model, runs=args.runs), args.repeat)
    ds = runner.run_compiled(model, runs=2)
    sector = (ds["stage"].values == "sector") & (ds["region"].values != "CHN")
    ratio = (
        ds["counterfactual_production"].values[0][:, sector]
        / ds["baseline_production"].values[sector]
    )
    print(f"{args.scenario}: {args.runs} runs x {model.scenario.horizon_days} days "
          f"(+{model.scenario.spin_up_days} spin-up), {model.compiled.n_nodes} nodes")  # fmt: skip
    print(f"  Monte Carlo runs alone       {t_runs:7.2f} s")
    print(f"  counterfactual (one run)     {t_cf:7.2f} s  ({100 * t_cf / t_runs:.1f}% of the runs)")
    print(f"  run_compiled (both, labelled) {t_all:6.2f} s")
    print(f"  counterfactual / 2024 output, end-use sectors outside China: median "
          f"{np.median(ratio):.3f}, range {ratio.min():.3f}-{ratio.max():.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
