"""Benchmark supplier maps: generation, exposure and a 365-day run on synthetic networks.

Usage::

    python bench/bench_suppliers.py                  # 10^5 and 10^6 firms
    python bench/bench_suppliers.py --sizes 10000    # a quick check

Each size runs in a fresh subprocess, so its peak resident memory (``ru_maxrss``) is its
own. Stages, timed with ``time.perf_counter``:

1. ``generate``: :func:`chokepoints.suppliers.generate.generate_network` (vectorised numpy);
2. ``exposure``: :func:`~chokepoints.suppliers.generate.layered_exposure`, the share of
   every OEM's Dy content through each country at each tier, and through China anywhere;
3. ``compile``: the network as world tables, ``compile_world``, per-firm cover, gates;
4. ``run 365 d``: the dynamics engine, one run of 365 days, with every cross-border
   delivery of Dy metal from China closed on day 0 (a metal export ban), recording the
   OEM lines.

Results go to stdout as a Markdown table (paste into docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import subprocess
import sys
import time
from typing import Any


def _one(n_firms: int, seed: int) -> dict[str, Any]:
    import numpy as np

    from chokepoints.suppliers.generate import generate_network, layered_exposure, to_linked
    from chokepoints.suppliers.run import (
        compile_linked,
        resolve_scenario,
        simulate_lines,
        summarize,
    )

    out: dict[str, Any] = {"n_firms": n_firms}
    t = time.perf_counter()
    net = generate_network(n_firms, seed=seed)
    out["generate_s"] = time.perf_counter() - t
    out["n_links"] = net.n_links
    t = time.perf_counter()
    ex = layered_exposure(net)
    out["exposure_s"] = time.perf_counter() - t
    out["oem_china_any_mean"] = float(ex["any_china"].mean())
    t = time.perf_counter()
    linked = to_linked(net)
    settings = dataclasses.replace(resolve_scenario("ban"), ban_products=("metal:Dy",))
    model = compile_linked(linked, settings)
    out["compile_s"] = time.perf_counter() - t
    out["gated_flows"] = 0 if model.gates is None else int(model.gates.flow_index.size)
    t = time.perf_counter()
    prod = simulate_lines(model)
    out["run_s"] = time.perf_counter() - t
    table = summarize(model, prod)
    out["lines"] = len(table)
    out["lines_stopped"] = int(np.isfinite(table["days_to_stop_p50"]).sum())
    out["peak_rss_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    out["load"] = os.getloadavg()[0]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(_one(args.child, args.seed)))
        return 0
    # warm the numba cache once so no size pays the compilation
    subprocess.run(
        [sys.executable, __file__, "--child", "10000", "--seed", str(args.seed)],
        check=True,
        capture_output=True,
    )
    rows = []
    for n in args.sizes:
        res = subprocess.run(
            [sys.executable, __file__, "--child", str(n), "--seed", str(args.seed)],
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append(json.loads(res.stdout.strip().splitlines()[-1]))
        print(f"done {n:,} firms", file=sys.stderr)
    import numpy

    print(
        f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, NumPy {numpy.__version__}\n"
    )
    print(
        "| firms | links | generate | exposure | compile | run 365 d | peak RSS | gated flows | OEM lines stopped | load |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['n_firms']:,} | {r['n_links']:,} | {r['generate_s']:.2f} s | {r['exposure_s']:.2f} s | "
            f"{r['compile_s']:.1f} s | {r['run_s']:.1f} s | {r['peak_rss_gb']:.2f} GB | {r['gated_flows']:,} | "
            f"{r['lines_stopped']:,} of {r['lines']:,} | {r['load']:.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
