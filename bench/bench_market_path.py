"""Time the scenario-driven market path: every bundled scenario x the bundled markets.

For each scenario and market, ``chokepoints.market.path.market_path`` (timeline cut and
overrides, gates for every bilateral flow over spin-up and horizon, one equilibrium per
month); median of ``--repeats`` runs. Results: docs/benchmarks.md, section Market.

Usage: python bench/bench_market_path.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

from chokepoints.market.io import builtin_markets
from chokepoints.market.path import market_path
from chokepoints.scenarios.spec import bundled_names, load_scenario


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    print("| scenario | market | months | median s |")
    print("|---|---|---|---|")
    for name in bundled_names():
        spec = load_scenario(name)
        for market in builtin_markets():
            times = []
            for _ in range(args.repeats):
                t = time.perf_counter()
                ds = market_path(spec, market)
                times.append(time.perf_counter() - t)
            print(f"| {name} | {market} | {ds.sizes['month']} | {statistics.median(times):.3f} |")


if __name__ == "__main__":
    main()
