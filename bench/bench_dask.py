"""Benchmark the Dask ensemble runner: 10^4 runs, strong and weak scaling, firm maps.

Usage::

    python bench/bench_dask.py mc --runs 10000          # 10^4 runs of status-quo
    python bench/bench_dask.py scaling --runs 2000 --repeat 3
    python bench/bench_dask.py firms --firms 1e6 --scenarios 4   # 1 and 2 workers
    python bench/bench_dask.py all

Timings are wall-clock (``time.perf_counter``) around the whole call: scatter of the
compiled scenario, submitting, simulating, fetching and stacking the chunks, labelling.
Clusters are LocalClusters of worker *processes*, one thread each, with numba set to one
thread per worker, started and warmed (numba compiled, scenario scattered) before timing.
``scaling`` interleaves the 1- and 2-worker measurements (both clusters stay up, the idle
one costs no CPU) so a drift of the shared machine hits both; it reports medians.
Output: Markdown tables on stdout (paste into docs/benchmarks.md), progress on stderr.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from contextlib import ExitStack
from typing import Any

#: Scenarios of the firm-map benchmark (``--scenarios N`` takes the first N).
FIRM_SCENARIOS = ("ban", "status-quo", "escalation", "breakthrough")


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _machine() -> str:
    import dask
    import numpy

    return (f"{os.cpu_count()} CPUs ({platform.machine()}), Python {platform.python_version()}, "
            f"NumPy {numpy.__version__}, Dask {dask.__version__}")  # fmt: skip


def _model(name: str) -> Any:
    from chokepoints.scenarios.runner import compile_scenario
    from chokepoints.scenarios.spec import load_scenario

    return compile_scenario(load_scenario(name))


def _clients(stack: ExitStack, sizes: list[int], memory_limit: str) -> dict[int, Any]:
    from chokepoints.ensemble import open_client, run_dask

    out = {}
    warm = _model("status-quo")
    for w in sizes:
        c = stack.enter_context(open_client(workers=w, memory_limit=memory_limit))
        run_dask(warm, c, runs=25 * 2 * w, statistics=True)  # numba compile on every worker
        out[w] = c
    return out


def bench_mc(args: argparse.Namespace) -> None:
    """10^4 runs: in-process (numba on all threads), and on 2 workers, full and statistics."""
    import numba
    import numpy as np

    from chokepoints.ensemble import run_dask
    from chokepoints.scenarios.runner import run_compiled

    model = _model(args.scenario)
    run_compiled(model, runs=25)
    rows = []
    for threads in args.mc_threads or [numba.config.NUMBA_NUM_THREADS]:
        numba.set_num_threads(threads)
        t = time.perf_counter()
        ds = run_compiled(model, runs=args.runs)
        rows.append((f"in-process, numba {threads} thread(s)", "full", time.perf_counter() - t,
                     ds["production"].nbytes / 1e9))  # fmt: skip
        ref = ds["production"].values[:: max(1, args.runs // 100)].copy()
        del ds
        _log(f"in-process {threads}: {rows[-1][2]:.1f} s")
    with ExitStack() as stack:
        clients = _clients(stack, args.mc_workers, args.memory_limit)
        for w, client in clients.items():
            for mode in ("full", "statistics"):
                t = time.perf_counter()
                ds = run_dask(model, client, runs=args.runs, statistics=mode == "statistics")
                el = time.perf_counter() - t
                nbytes = sum(v.nbytes for v in ds.data_vars.values()) / 1e9
                if mode == "full":
                    same = np.array_equal(ds["production"].values[:: max(1, args.runs // 100)], ref)
                    mode = f"full (same as in-process: {same})"
                rows.append((f"Dask, {w} worker(s) x 1 thread", mode, el, nbytes))
                del ds
                _log(f"dask {w} {mode}: {el:.1f} s")
    print(f"\n{args.runs:,} runs of {args.scenario} ({model.scenario.spin_up_days} + "
          f"{model.scenario.horizon_days} days, {model.compiled.n_nodes} nodes, "
          f"{model.compiled.n_flows} flows). {_machine()}\n")  # fmt: skip
    print("| executor | result | wall | runs/s | result size |")
    print("|---|---|---|---|---|")
    for who, mode, el, gb in rows:
        print(f"| {who} | {mode} | {el:.1f} s | {args.runs / el:,.0f} | {gb:.2f} GB |")


def bench_scaling(args: argparse.Namespace) -> None:
    """Strong (same runs) and weak (same runs per worker) scaling, 1 -> 2 workers."""
    from chokepoints.ensemble import run_dask

    model = _model(args.scenario)
    per_worker = args.runs // 2
    cases = [("strong", 1, args.runs), ("strong", 2, args.runs),
             ("weak", 1, per_worker), ("weak", 2, 2 * per_worker)]  # fmt: skip
    times: dict[tuple[str, int], list[float]] = {(k, w): [] for k, w, _ in cases}
    with ExitStack() as stack:
        clients = _clients(stack, [1, 2], args.memory_limit)
        for rep in range(args.repeat):
            for kind, w, runs in cases:
                t = time.perf_counter()
                run_dask(model, clients[w], runs=runs, statistics=not args.full)
                times[(kind, w)].append(time.perf_counter() - t)
            _log(f"round {rep + 1}: " + ", ".join(f"{k}/{w} {v[-1]:.1f}s"
                                                  for (k, w), v in times.items()))  # fmt: skip
    med = {k: statistics.median(v) for k, v in times.items()}
    mode = "full output" if args.full else "per-run statistics"
    print(f"\n{args.scenario}, {mode} fetched, medians of {args.repeat} interleaved rounds. "
          f"{_machine()}\n")  # fmt: skip
    print("| scaling | workers | runs | wall (median) | all rounds | runs/s | ratio |")
    print("|---|---|---|---|---|---|---|")
    for kind, w, runs in cases:
        m = med[(kind, w)]
        base = med[(kind, 1)]
        ratio = (f"speed-up {base / m:.2f}x" if kind == "strong"
                 else f"efficiency {base / m:.2f}")  # fmt: skip
        rounds = ", ".join(f"{x:.1f}" for x in times[(kind, w)])
        print(f"| {kind} | {w} | {runs:,} | {m:.1f} s | {rounds} | {runs / m:,.0f} | "
              f"{ratio if w == 2 else '-'} |")  # fmt: skip


def _status() -> dict[str, float]:
    """This process's resident memory now and at its highest (VmRSS, VmHWM), GB."""
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":")
                out[key] = int(value.split()[0]) * 1024 / 1e9
    return {"rss_gb": out.get("VmRSS", float("nan")), "peak_rss_gb": out.get("VmHWM", float("nan"))}


def _firm_task(n_firms: int, seed: int, scenario: str, horizon: int) -> dict[str, Any]:
    """One scenario on the worker's copy of the map (built from the seed on first use).

    The map is generated and compiled once per worker process and kept on the worker
    object; each scenario only rebuilds the gates (``suppliers.run.for_scenario``).
    """
    import numba
    import numpy as np
    from distributed import get_worker

    from chokepoints.suppliers.generate import generate_network, to_linked
    from chokepoints.suppliers.run import (
        compile_linked,
        for_scenario,
        resolve_scenario,
        simulate_lines,
        summarize,
    )

    numba.set_num_threads(1)
    worker = get_worker()
    cache: dict[tuple[int, int], Any] = worker.__dict__.setdefault("_bench_firm_maps", {})
    t0 = time.perf_counter()
    built = (n_firms, seed) not in cache
    if built:
        cache.clear()  # one map per worker at a time
        linked = to_linked(generate_network(n_firms, seed=seed))
        cache[(n_firms, seed)] = compile_linked(linked, resolve_scenario("open", runs=1))
    t1 = time.perf_counter()
    model = for_scenario(cache[(n_firms, seed)], resolve_scenario(scenario, runs=1,
                                                                  horizon_days=horizon))  # fmt: skip
    t2 = time.perf_counter()
    prod = simulate_lines(model)
    t3 = time.perf_counter()
    table = summarize(model, prod)
    t4 = time.perf_counter()
    g = model.gates
    return {"scenario": scenario, "worker": worker.address, "map_s": t1 - t0 if built else 0.0,
            "gates_s": t2 - t1, "run_s": t3 - t2, "summary_s": t4 - t3,
            "gated": 0 if g is None else len(g.flow_index),
            "columns": 0 if g is None else g.n_columns,
            "gate_mb": 0.0 if g is None else sum(np.asarray(getattr(g, k)).nbytes for k in (
                "kind", "approval_prob", "review_days", "quota_t_per_day", "column")) / 1e6,
            "lines": len(table), "stopped": int(np.isfinite(table["days_to_stop_p50"]).sum()),
            "load": os.getloadavg()[0], **_status()}  # fmt: skip


def bench_firms(args: argparse.Namespace) -> None:
    """A synthetic firm map under 4 scenarios: one task per scenario, 1 and 2 workers."""
    from distributed import as_completed

    from chokepoints.ensemble import open_client

    scenarios = args.scenarios
    walls: dict[int, float] = {}
    loads: dict[int, tuple[float, float]] = {}
    results: dict[int, dict[str, dict[str, Any]]] = {}
    peaks: dict[int, dict[str, float]] = {}
    for w in args.firm_workers:
        with open_client(workers=w, memory_limit=args.firm_memory_limit) as client:
            client.gather([client.submit(_firm_task, 2000, args.seed, "ban", 30, pure=False,
                                         workers=[a]) for a in client.scheduler_info()["workers"]])  # fmt: skip
            before = os.getloadavg()[0]
            t = time.perf_counter()
            futs = [client.submit(_firm_task, args.firms, args.seed, s, args.horizon, pure=False,
                                  retries=1) for s in scenarios]  # fmt: skip
            results[w] = {}
            for f in as_completed(futs):
                r = f.result()
                results[w][r["scenario"]] = r
                _log(f"  {w} worker(s): {r['scenario']} done, run {r['run_s']:.1f} s, "
                     f"peak {r['peak_rss_gb']:.2f} GB, load {r['load']:.1f}")  # fmt: skip
            walls[w] = time.perf_counter() - t
            loads[w] = (before, os.getloadavg()[0])
            peaks[w] = {a: v["peak_rss_gb"] for a, v in client.run(_status).items()}
            _log(f"firms {w} worker(s): {walls[w]:.1f} s")
    print(f"\n{args.firms:,} firms (synthetic, seed {args.seed}), one run of {args.horizon} days "
          f"per scenario, one task per scenario; each worker generates and compiles the map "
          f"once, then re-gates it per scenario. Workers: 1 thread, memory limit "
          f"{args.firm_memory_limit} each. {_machine()}; client peak RSS "
          f"{_status()['peak_rss_gb']:.2f} GB.\n")  # fmt: skip
    print("| workers | scenario | map (generate + compile) | gates | run | summary | "
          "gated deliveries / gate columns | gate arrays | worker peak RSS | "
          "OEM lines stopped | load |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for w in args.firm_workers:
        for s in scenarios:
            r = results[w][s]
            print(f"| {w} | {s} | {r['map_s']:.1f} s | {r['gates_s']:.1f} s | {r['run_s']:.1f} s | "
                  f"{r['summary_s']:.1f} s | {r['gated']:,} / {r['columns']:,} | "
                  f"{r['gate_mb']:.1f} MB | {r['peak_rss_gb']:.2f} GB | "
                  f"{r['stopped']:,} of {r['lines']:,} | {r['load']:.1f} |")  # fmt: skip
    print()
    for w in args.firm_workers:
        print(f"- {w} worker(s): all {len(scenarios)} scenarios in {walls[w]:.1f} s wall, "
              f"peak RSS per worker " + ", ".join(f"{v:.2f}" for v in peaks[w].values())
              + f" GB (sum {sum(peaks[w].values()):.2f} GB); 1-minute load average "
              f"{loads[w][0]:.1f} before, {loads[w][1]:.1f} after.")  # fmt: skip
    if 1 in walls and 2 in walls:
        print(f"- speed-up 1 -> 2 workers: {walls[1] / walls[2]:.2f}x.")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["mc", "scaling", "firms", "all"])
    ap.add_argument("--scenario", default="status-quo")
    ap.add_argument("--runs", type=int, default=None, help="mc: 10000; scaling: 2000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--mc-threads", type=int, nargs="*", help="mc: numba threads in-process")
    ap.add_argument("--mc-workers", type=int, nargs="+", default=[2], help="mc: cluster sizes")
    ap.add_argument("--full", action="store_true", help="scaling: fetch the full output")
    ap.add_argument("--memory-limit", default="3GiB")
    ap.add_argument("--firms", type=lambda v: int(float(v)), default=100_000,
                    help="firms: map size (1e6 accepted)")  # fmt: skip
    ap.add_argument("--firm-memory-limit", default="4GiB", help="firms: per worker")
    ap.add_argument("--firm-workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--horizon", type=int, default=365, help="firms: days per run")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scenarios", nargs="+", default=list(FIRM_SCENARIOS),
                    help=f"firms: scenario names, or a count N for the first N of "
                         f"{', '.join(FIRM_SCENARIOS)}")  # fmt: skip
    args = ap.parse_args(argv)
    if len(args.scenarios) == 1 and args.scenarios[0].isdigit():
        args.scenarios = list(FIRM_SCENARIOS[: int(args.scenarios[0])])
    todo = ["mc", "scaling", "firms"] if args.what == "all" else [args.what]
    for what in todo:
        sub = argparse.Namespace(**vars(args))
        if sub.runs is None:
            sub.runs = 10_000 if what == "mc" else 2_000
        {"mc": bench_mc, "scaling": bench_scaling, "firms": bench_firms}[what](sub)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
