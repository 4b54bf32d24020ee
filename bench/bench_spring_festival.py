"""The Spring Festival depth of ``backtest-2025``, fitted on January-March 2025 only.

Run ``python bench/bench_spring_festival.py [--grid 0 0.3 0.38 0.41 0.44 0.5] [--runs 8]``.
For each ``spring_festival_share_lost`` on the grid it runs the backtest (other
parameters at the scenario's medians, no posterior draws, seed 1) and prints the mean
absolute percentage error of the customs months of the first quarter of 2025 (world
January-March, US March: the calibration sample's months before the licence regime)
and the simulated world months. The value in ``backtest-2025.yaml`` (0.41) is the
minimum of this grid at step 0.01 (docs/scenarios.md, "Seasonality"). No hold-out month
is read. A share of 0 (no closure) is run as 1e-4, the smallest positive share.
"""

from __future__ import annotations

import argparse

import numpy as np

from chokepoints.scenarios.backtest import run_backtest

FIRST_QUARTER = ("2025-01", "2025-02", "2025-03")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--grid", type=float, nargs="*",
                    default=[0.0, 0.3, 0.38, 0.39, 0.4, 0.41, 0.42, 0.43, 0.44, 0.5])  # fmt: skip
    ap.add_argument("--runs", type=int, default=8)
    args = ap.parse_args()
    for share in args.grid:
        res = run_backtest(2025, runs=args.runs, posterior=False, seed=1,
                           parameters={"spring_festival_share_lost": max(share, 1e-4)})  # fmt: skip
        t = res.table[res.table["month"].isin(FIRST_QUARTER)]
        err = float(np.mean(np.abs(t["simulated_t"] - t["observed_t"]) / t["observed_t"]))
        world = t[t["series"] == "world"]["simulated_t"].round().astype(int).tolist()
        print(f"share_lost {share:4.2f}: Jan-Mar 2025 MAPE {err:.3f}  world Jan-Mar {world}")


if __name__ == "__main__":
    main()
