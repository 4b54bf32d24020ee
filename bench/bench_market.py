"""Benchmark: one product, 200 exporters x 200 importers, solved by the market engine.

Run ``python bench/bench_market.py`` (options: ``--n 200 --repeats 7 --seed 0``). Prints
the median wall time of a full non-linear solve (tariff change on 20 markets), of a
solve with binding licence caps on 50 flows, of one global
export quota over an exporter's ~100 export flows, and of GSIM's linear solve, plus the residual.
Timings belong here, never in tests; record results in docs/benchmarks.md ("## Market").
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import numpy as np

from chokepoints.engines.market.kernel import solve_equilibrium, solve_gsim_linear


def make_world(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A random dense-ish world: half the bilateral cells trade, strong home bias."""
    rng = np.random.default_rng(seed)
    value0 = rng.lognormal(size=(n, n))
    value0[rng.random((n, n)) < 0.5] = 0.0
    value0[np.diag_indices(n)] += 10.0
    tau0 = 1.0 + rng.uniform(0.0, 0.2, size=(n, n))
    tau1 = tau0.copy()
    tau1[:, :20] *= 1.10  # 20 importers raise tariffs by 10 %
    return value0, tau0, tau1


def timed(fn, repeats: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    value0, tau0, tau1 = make_world(args.n, args.seed)
    quota = np.full(value0.shape, np.inf)
    quota[0, 1:51] = 0.3 * np.where(value0[0, 1:51] > 0, value0[0, 1:51], np.inf)

    t_nl, sol = timed(lambda: solve_equilibrium(value0, tau0, tau1, 5.0, 1.25, 1.5), args.repeats)
    t_q, solq = timed(
        lambda: solve_equilibrium(value0, tau0, tau0, 5.0, 1.25, 1.5, quota=quota), args.repeats
    )
    mask = np.zeros(value0.shape, dtype=bool)
    mask[0, 1:] = value0[0, 1:] > 0
    cap = 0.3 * value0[0, 1:].sum()
    t_g, solg = timed(
        lambda: solve_equilibrium(value0, tau0, tau0, 5.0, 1.25, 1.5, quota_groups=[(mask, cap)]),
        args.repeats,
    )
    t_lin, _ = timed(lambda: solve_gsim_linear(value0, tau0, tau1, 5.0, 1.25, 1.5), args.repeats)
    print(
        f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}, numpy {np.__version__}"
    )
    print(
        f"world: {args.n} exporters x {args.n} importers, {int((value0 > 0).sum())} trading pairs"
    )
    print(
        f"non-linear solve, tariffs:        {t_nl * 1e3:8.1f} ms  (residual {sol.max_residual:.1e})"
    )  # type: ignore[attr-defined]
    print(
        f"non-linear solve, {int(solq.binding.sum())} binding caps: {t_q * 1e3:8.1f} ms"  # type: ignore[attr-defined]
        f"  (residual {solq.max_residual:.1e}, {solq.iterations} active-set passes)"  # type: ignore[attr-defined]
    )
    print(
        f"non-linear solve, 1 global quota over {int(mask.sum())} flows: {t_g * 1e3:8.1f} ms"
        f"  (residual {solg.max_residual:.1e})"  # type: ignore[attr-defined]
    )
    print(f"GSIM linear solve:                {t_lin * 1e3:8.1f} ms")


if __name__ == "__main__":
    main()
