"""Memory of a supplier map's gates: one column per delivery against one per key.

Usage::

    python bench/bench_supplier_gates.py                      # 10^5 both layouts, 10^6 by key
    python bench/bench_supplier_gates.py --sizes 100000 --layouts flow key

For each map size and gate layout (``suppliers.run.compile_linked(..., gate_layout=)``)
a fresh subprocess generates the synthetic map (seed 1), compiles it under a timeline
scenario (status-quo by default, 365 days) and reports:

- the gated deliveries and the gate columns the engine reads;
- the bytes of the gate arrays handed to the engine (kind, approval, review, quota and
  the column index);
- the peak of Python-traced memory (``tracemalloc``, which sees NumPy's allocations)
  while the gates are built, which includes ``compile_gates``' seven policy arrays;
- the time to build the gates (with tracemalloc on, so slower than without) and the
  process's peak resident memory (VmHWM) over generate, compile and one 365-day run.

Results go to stdout as a Markdown table (paste into docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import tracemalloc
from typing import Any


def _peak_rss_gb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e9
    return float("nan")


def _one(n_firms: int, layout: str, scenario: str, seed: int, run: bool) -> dict[str, Any]:
    import numpy as np

    from chokepoints.suppliers import run as supplier_run
    from chokepoints.suppliers.generate import generate_network, to_linked

    linked = to_linked(generate_network(n_firms, seed=seed))
    settings = supplier_run.resolve_scenario(scenario, runs=1, horizon_days=365)
    build = supplier_run._gates
    seen: dict[str, float] = {}

    def traced(*args: Any, **kwargs: Any) -> Any:
        tracemalloc.start()
        t = time.perf_counter()
        out = build(*args, **kwargs)
        seen["gates_s"] = time.perf_counter() - t
        seen["traced_peak_gb"] = tracemalloc.get_traced_memory()[1] / 1e9
        tracemalloc.stop()
        return out

    supplier_run._gates = traced  # type: ignore[assignment]
    try:
        t = time.perf_counter()
        model = supplier_run.compile_linked(linked, settings, gate_layout=layout)
        compile_s = time.perf_counter() - t
    finally:
        supplier_run._gates = build  # type: ignore[assignment]
    g = model.gates
    assert g is not None
    arrays = ("kind", "approval_prob", "review_days", "quota_t_per_day", "column")
    out: dict[str, Any] = {
        "firms": n_firms,
        "layout": layout,
        "links": len(linked.edges),
        "gated": int(len(g.flow_index)),
        "columns": g.n_columns,
        "gate_gb": sum(
            np.asarray(getattr(g, k)).nbytes for k in arrays if getattr(g, k) is not None
        )
        / 1e9,
        "compile_s": compile_s,
        **seen,
    }
    if run:
        t = time.perf_counter()
        prod = supplier_run.simulate_lines(model)
        out["run_s"] = time.perf_counter() - t
        out["output_sum"] = float(prod.sum())
    out["peak_rss_gb"] = _peak_rss_gb()
    out["load"] = os.getloadavg()[0]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=lambda v: int(float(v)), nargs="+",
                    default=[100_000, 1_000_000])  # fmt: skip
    ap.add_argument("--layouts", nargs="+", default=["flow", "key"])
    ap.add_argument("--scenario", default="status-quo")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-run", action="store_true", help="compile only, no 365-day run")
    ap.add_argument("--flow-max", type=int, default=200_000,
                    help="skip the per-delivery layout above this many firms (it needs "
                         "~51 bytes per gated delivery and day: ~35 GB at 10^6)")  # fmt: skip
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        n, layout = int(args.child[0]), args.child[1]
        print(json.dumps(_one(n, layout, args.scenario, args.seed, not args.no_run)))
        return 0
    rows = []
    for n in args.sizes:
        for layout in args.layouts:
            if layout == "flow" and n > args.flow_max:
                continue
            cmd = [sys.executable, __file__, "--child", str(n), layout,
                   "--scenario", args.scenario, "--seed", str(args.seed)]  # fmt: skip
            if args.no_run:
                cmd.append("--no-run")
            r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
            print(f"{n:,} firms, {layout}: {r}", file=sys.stderr, flush=True)
            rows.append(r)
    print(f"\n{args.scenario}, 365 days, synthetic maps (seed {args.seed}), one process each.\n")
    print("| firms | gate layout | gated deliveries | gate columns | gate arrays to the engine "
          "| traced peak building the gates | gates build | compile in all | run 365 d "
          "| process peak RSS | load |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        run = f"{r['run_s']:.1f} s" if "run_s" in r else "-"
        print(f"| {r['firms']:,} | {r['layout']} | {r['gated']:,} | {r['columns']:,} | "
              f"{r['gate_gb'] * 1e3:,.1f} MB | {r['traced_peak_gb']:.3f} GB | "
              f"{r['gates_s']:.1f} s | {r['compile_s']:.1f} s | {run} | "
              f"{r['peak_rss_gb']:.2f} GB | {r['load']:.1f} |")  # fmt: skip
    same = {r["firms"]: r.get("output_sum") for r in rows if r["layout"] == "flow"}
    for r in rows:
        if r["layout"] == "key" and r["firms"] in same and "output_sum" in r:
            print(f"\n{r['firms']:,} firms: summed line output equal in both layouts: "
                  f"{same[r['firms']] == r['output_sum']}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
