"""Benchmarks of the dynamics engine (results go to docs/benchmarks.md, '## Dynamics').

Each case runs in its own child process so its peak RSS is its own; timings are the best
of ``--repeat`` runs after a JIT warm-up. Cases::

    python bench/bench_dynamics.py bandwidth                 # memory bandwidth, GB/s
    python bench/bench_dynamics.py mrio --regions 50 --sectors 40 [--density 1.0]
    python bench/bench_dynamics.py firm --nodes 1000000 --flows 5000000
    python bench/bench_dynamics.py world-mc --runs 1000      # bundled world, licence gates
    python bench/bench_dynamics.py all                       # the table of docs/benchmarks.md

Side by side with BoARIO: ``python bench/compare_boario.py --mrio synthetic ...``.
Each line printed is one JSON object with steps/s and wall time (best and median of the
repeats, all walls, the 1-minute load average), peak RSS, the bytes a step
touches (estimated from the arrays it streams) and that as a share of the measured
bandwidth bound: ``bound_share = (bytes_per_step / bandwidth) / seconds_per_step``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from typing import Any

import numba as nb
import numpy as np


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def reset_peak_rss() -> bool:
    """Reset the kernel's high-water mark of this process (Linux), so that the peak
    measured afterwards is the engine's, not the generator's."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def hwm_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


@nb.njit(parallel=True, cache=True, fastmath=True)
def _stream_sum(a: np.ndarray) -> float:
    acc = 0.0
    for i in nb.prange(a.shape[0]):
        acc += a[i]
    return acc


def measure_bandwidth(gib: float = 1.0, repeat: int = 5) -> float:
    """Read bandwidth (GB/s) of a parallel streaming sum over ``gib`` GiB."""
    a = np.ones(int(gib * 2**30 / 8))
    _stream_sum(a)
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        _stream_sum(a)
        best = min(best, time.perf_counter() - t0)
    return a.nbytes / best / 1e9


def bytes_per_step(cm: Any, n_special: int, dense_itemsize: int, n_rec: int) -> float:
    """Bytes one step streams: flows (one fused pass for a dense table, two passes of
    value + index otherwise), slots, nodes, special flows, records."""
    n, K, F = cm.n_nodes, cm.n_slots, cm.n_flows
    if dense_itemsize:
        flows = n * n * dense_itemsize  # the fused kernel reads Z once a day
        slots = K * 8 * 9  # one sector-major pass: 7 float64 read, 2 written per slot
    else:
        flows = 2 * (F - n_special) * (8 + 4)  # z + one int32 index, in each pass
        slots = K * 8 * 16  # ~16 float64 per slot read or written
    special = n_special * (8 + 4 + 4 + 8 + 8 + 8 + 8 + 8 + 8 * 2)  # state + pipeline r/w
    nodes = n * 8 * 20
    return float(flows + special + slots + nodes + 6 * 8 * n_rec)


_WALLS: list[float] = []


def timed(fn: Any, repeat: int) -> float:
    """Best wall time of ``repeat`` runs (all of them kept for :func:`_rates`)."""
    _WALLS.clear()
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        _WALLS.append(time.perf_counter() - t0)
    return float(min(_WALLS))


def case_mrio(args: argparse.Namespace) -> dict[str, Any]:
    import pandas as pd

    from chokepoints.engines.dynamics import (
        Params,
        capacity_shock,
        compile_mrio,
        simulate_arrays,
        synthetic_mrio,
    )

    m = synthetic_mrio(args.regions, args.sectors, seed=0, density=args.density)
    idx = pd.MultiIndex.from_product([m.regions, m.sectors])
    io = type("IO", (), {})()
    io.Z = pd.DataFrame(m.Z, index=idx, columns=idx)
    io.Y = pd.DataFrame(m.Y, index=idx)
    io.x = None
    io.A = None
    del m
    dtype = {"float64": np.float64, "float32": np.float32, "none": None}[args.dense]
    t0 = time.perf_counter()
    cm = compile_mrio(io, flows=args.storage, dense_dtype=dtype or np.float64)
    t_compile = time.perf_counter() - t0
    del io
    import gc

    gc.collect()
    rss_compiled = _rss_mib()
    reset_peak_rss()
    shock = capacity_shock(
        cm,
        cm.node_ids[args.sectors],
        0.5,
        n_steps=args.steps,
        start_day=10,
        duration_days=90,
        recovery_days=30,
    )
    p = Params(boario_compat=True)
    kw = {"params": p, "dense_dtype": dtype, "parallel": args.parallel}
    simulate_arrays(cm, n_steps=2, shock=_cut(shock, 2), **kw)
    wall = timed(lambda: simulate_arrays(cm, n_steps=args.steps, shock=shock, **kw), args.repeat)
    engine_peak = hwm_mib()
    dense = dtype is not None and cm.n_flows == cm.n_nodes**2
    item = np.dtype(dtype).itemsize if dense else 0
    return {
        "case": "mrio",
        "storage": args.storage,
        "rss_after_compile_mib": rss_compiled,
        "engine_peak_rss_mib": engine_peak,
        "regions": args.regions,
        "sectors": args.sectors,
        "density": args.density,
        "layout": f"dense-{args.dense}" if dense else "csr",
        "parallel": args.parallel,
        "n_industries": cm.n_nodes,
        "n_flows": cm.n_flows,
        "steps": args.steps,
        "compile_s": t_compile,
        "bytes_per_step": bytes_per_step(cm, 0, item, cm.n_nodes),
        **_rates(wall, args.steps),
    }


def _rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def _cut(shock: Any, n: int) -> Any:
    from chokepoints.engines.dynamics import CapacityShock

    return CapacityShock(shock.node_index, shock.delta[:n])


def _rates(wall: float, steps: int) -> dict[str, Any]:
    med = float(np.median(_WALLS)) if _WALLS else wall
    return {
        "wall_s": wall,
        "steps_per_s": steps / wall,
        "wall_s_median": med,
        "steps_per_s_median": steps / med,
        "wall_s_all": list(_WALLS),
        "loadavg_1min": os.getloadavg()[0],
        "peak_rss_mib": peak_rss_mib(),
    }


def firm_network(n_nodes: int, n_flows: int, seed: int = 0) -> dict[str, Any]:
    """A tiered firm network: 5 tiers (products), each firm buys from ~k firms of the
    tier below; 50 countries; half the flows have lead times of 1-10 days."""
    rng = np.random.default_rng(seed)
    tiers = 5
    tier = np.repeat(np.arange(tiers), -(-n_nodes // tiers))[:n_nodes]
    starts = np.searchsorted(tier, np.arange(tiers + 1))
    buyers = np.nonzero(tier > 0)[0]
    k = n_flows // buyers.size
    extra = n_flows - k * buyers.size
    n_sup = np.full(buyers.size, k)
    n_sup[rng.choice(buyers.size, extra, replace=False)] += 1
    cus = np.repeat(buyers, n_sup)
    t_prev = tier[cus] - 1
    sup = starts[t_prev] + (rng.random(cus.size) * (starts[t_prev + 1] - starts[t_prev])).astype(
        np.int64
    )
    share = rng.random(cus.size) + 0.1
    share /= np.bincount(cus, weights=share, minlength=n_nodes)[cus]
    x0 = rng.lognormal(3.0, 1.0, n_nodes)  # final demand first, then add sales tier by tier
    z = np.zeros(cus.size)
    for t in range(tiers - 1, 0, -1):
        on = tier[cus] == t
        z[on] = 0.6 * x0[cus[on]] * share[on]
        x0 += np.bincount(sup[on], weights=z[on], minlength=n_nodes)
    lead = np.where(rng.random(cus.size) < 0.5, rng.integers(1, 11, cus.size), 0)
    country = rng.integers(0, 50, n_nodes)
    return {
        "node_ids": np.arange(n_nodes).astype(str),
        "node_product": np.char.add("p", tier.astype(str)),
        "x0": x0,
        "cap0": x0 * 1.2,
        "flow_sup": sup,
        "flow_cus": cus,
        "flow_z": z,
        "flow_lead": lead.astype(np.int32),
        "inventory_days": rng.uniform(5, 30, n_nodes),
        "node_region": np.char.add("C", country.astype(str)),
    }


def case_firm(args: argparse.Namespace) -> dict[str, Any]:
    from chokepoints.engines.dynamics import (
        CapacityShock,
        Gates,
        Params,
        compile_arrays,
        simulate_arrays,
    )

    t0 = time.perf_counter()
    net = firm_network(args.nodes, args.flows)
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    cm = compile_arrays(**net)
    t_compile = time.perf_counter() - t0
    del net
    steps = args.steps
    # a ban from day 30 on everything firms of country C0 sell abroad
    sup_c = cm.node_region[cm.flow_sup]
    cus_c = cm.node_region[cm.slot_node[cm.flow_slot]]
    gated = np.nonzero((sup_c == "C0") & (cus_c != "C0"))[0]
    kind = np.zeros((steps, gated.size), dtype=np.int8)
    kind[30:] = 2
    gates = Gates(
        kind=kind,
        approval_prob=np.ones((steps, gated.size)),
        review_days=np.zeros((steps, gated.size)),
        quota_t_per_day=np.full((steps, gated.size), np.inf),
        flow_index=gated,
    )
    shocked = np.arange(0, cm.n_nodes, max(1, cm.n_nodes // 1000))
    delta = np.zeros((steps, shocked.size))
    delta[10:100] = 0.5
    rec = np.arange(0, cm.n_nodes, max(1, cm.n_nodes // 1000))
    p = Params(qualification_days=30)

    def run(n: int) -> Any:
        g = Gates(
            kind=gates.kind[:n],
            approval_prob=gates.approval_prob[:n],
            review_days=gates.review_days[:n],
            quota_t_per_day=gates.quota_t_per_day[:n],
            flow_index=gated,
        )
        return simulate_arrays(
            cm,
            n_steps=n,
            params=p,
            gates=g,
            shock=CapacityShock(shocked, delta[:n]),
            record_nodes=rec,
            parallel=args.parallel,
        )

    run(2)
    wall = timed(lambda: run(steps), args.repeat)
    n_special = int(((cm.flow_lead > 0) | np.isin(np.arange(cm.n_flows), gated)).sum())
    return {
        "case": "firm",
        "parallel": args.parallel,
        "n_nodes": cm.n_nodes,
        "n_flows": cm.n_flows,
        "n_slots": cm.n_slots,
        "n_special_flows": n_special,
        "gated_flows": int(gated.size),
        "steps": steps,
        "generate_s": t_gen,
        "compile_s": t_compile,
        "bytes_per_step": bytes_per_step(cm, n_special, 0, rec.size),
        **_rates(wall, steps),
    }


def case_world_mc(args: argparse.Namespace) -> dict[str, Any]:
    """The bundled world, every cross-border flow out of China under a licence regime
    from day 30 (approval 0.6, exponential review with mean 45 days), ``--runs`` runs."""
    from chokepoints.engines.dynamics import Gates, Params, compile_world, simulate_arrays
    from chokepoints.world import load_world

    cm = compile_world(load_world())
    steps = args.steps
    sup_c = cm.node_region[cm.flow_sup]
    cus_c = cm.node_region[cm.slot_node[cm.flow_slot]]
    gated = np.nonzero((sup_c == "CHN") & (cus_c != "CHN"))[0]
    kind = np.zeros((steps, gated.size), dtype=np.int8)
    kind[30:] = 1
    gates = Gates(
        kind=kind,
        approval_prob=np.full((steps, gated.size), 0.6),
        review_days=np.full((steps, gated.size), 45.0),
        quota_t_per_day=np.full((steps, gated.size), np.inf),
        flow_index=gated,
    )
    p = Params(review_delay="exponential")

    def run(runs: int, n: int) -> Any:
        g = Gates(
            kind=kind[:n],
            approval_prob=gates.approval_prob[:n],
            review_days=gates.review_days[:n],
            quota_t_per_day=gates.quota_t_per_day[:n],
            flow_index=gated,
        )
        return simulate_arrays(cm, n_steps=n, n_runs=runs, seed=1, params=p, gates=g)

    run(2, 2)
    wall = timed(lambda: run(args.runs, steps), args.repeat)
    return {
        "case": "world-mc",
        "n_nodes": cm.n_nodes,
        "n_flows": cm.n_flows,
        "gated_flows": int(gated.size),
        "runs": args.runs,
        "steps": steps,
        "run_steps_per_s": args.runs * steps / wall,
        **_rates(wall, steps),
    }


def child(argv: list[str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, *argv], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("case", choices=["bandwidth", "mrio", "firm", "world-mc", "all"])
    ap.add_argument("--regions", type=int, default=50)
    ap.add_argument("--sectors", type=int, default=40)
    ap.add_argument("--density", type=float, default=1.0)
    ap.add_argument("--dense", choices=["float64", "float32", "none"], default="float64")
    ap.add_argument("--storage", choices=["sparse", "dense"], default="sparse")
    ap.add_argument("--nodes", type=int, default=1_000_000)
    ap.add_argument("--flows", type=int, default=5_000_000)
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--steps", type=int, default=365)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--bandwidth-gbs", type=float, default=None)
    ap.add_argument(
        "--parallel",
        action="store_const",
        const=True,
        default=None,
        help="threads within one run (default: the engine's choice, parallel=None)",
    )
    ap.add_argument(
        "--serial", dest="parallel", action="store_const", const=False, help="one thread"
    )
    args = ap.parse_args()
    if args.case == "bandwidth":
        print(json.dumps({"case": "bandwidth", "read_gb_per_s": measure_bandwidth()}))
        return
    if args.case == "all":
        bw = child(["bandwidth"])["read_gb_per_s"]
        print(json.dumps({"case": "bandwidth", "read_gb_per_s": bw}))
        runs = [
            ["mrio", "--regions", "50", "--sectors", "40"],
            ["mrio", "--regions", "50", "--sectors", "40", "--dense", "float32"],
            ["mrio", "--regions", "50", "--sectors", "40", "--dense", "none"],
            ["mrio", "--regions", "200", "--sectors", "50", "--density", "0.05"],
            ["firm", "--repeat", "1"],
            ["world-mc", "--repeat", "1"],
        ]
        for argv in runs:
            res = child([*argv, "--bandwidth-gbs", str(bw)])
            print(json.dumps(res))
        return
    fn = {"mrio": case_mrio, "firm": case_firm, "world-mc": case_world_mc}[args.case]
    res = fn(args)
    if args.bandwidth_gbs and "bytes_per_step" in res:
        bound = res["bytes_per_step"] / (args.bandwidth_gbs * 1e9)
        res["bound_s_per_step"] = bound
        res["bound_share"] = bound / (res["wall_s"] / res["steps"])
    print(json.dumps(res))


if __name__ == "__main__":
    main()
