"""Compare the chokepoints dynamics engine with BoARIO 0.7.2 on the same MRIO and shock.

Usage::

    python bench/compare_boario.py --mrio test|synthetic --regions R --sectors S \
        --steps N --json

prints one JSON line: steps/s, wall time and peak RSS for each tool, the speed-up and the
largest relative difference of production per industry per step. Each tool runs in its
own child process so its peak memory is its own. BoARIO and pymrio are benchmark-only
dependencies (``pip install -e .[bench]``); ``--no-boario`` runs chokepoints alone.
chokepoints' time is the median of ``--repeat`` (3) runs after a JIT warm-up;
``--variants 'float64:serial,float32:parallel'`` times more configurations against the
same BoARIO run (each with its own speed-up and difference), so that every ratio comes
from one session; the 1-minute load average before and after is reported.
``--record-fixture PATH`` also writes the case and BoARIO's trajectory (compressed) for
the test suite.

The shock: ``--shock-share`` (0.5) of capacity lost in the first industry of the second
region from ``--shock-start`` for ``--shock-days`` (90) days, then a linear recovery over
``--recovery-days`` (30), as a BoARIO ``EventArbitraryProd``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from typing import Any

import numpy as np


def build_iosystem(args: argparse.Namespace) -> Any:
    """The pymrio IOSystem of the case (pymrio's test MRIO or a synthetic one)."""
    import pandas as pd
    import pymrio

    if args.mrio == "test":
        io = pymrio.load_test()
        io.calc_all()
        return io
    from chokepoints.engines.dynamics import synthetic_mrio

    m = synthetic_mrio(args.regions, args.sectors, seed=args.seed, density=args.density)
    idx = pd.MultiIndex.from_product([m.regions, m.sectors], names=["region", "sector"])
    cols = pd.MultiIndex.from_product([m.regions, ["Final demand"]], names=["region", "category"])
    io = pymrio.IOSystem(
        Z=pd.DataFrame(m.Z, index=idx, columns=idx),
        Y=pd.DataFrame(m.Y, index=idx, columns=cols),
    )
    io.calc_all()
    return io


def shocked_industry(io: Any) -> tuple[str, str]:
    regions = sorted(io.get_regions())
    sectors = sorted(io.get_sectors())
    return regions[min(1, len(regions) - 1)], sectors[0]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def worker_chokepoints(args: argparse.Namespace, out: str) -> None:
    from chokepoints.engines.dynamics import Params, capacity_shock, compile_mrio, simulate_arrays

    io = build_iosystem(args)
    t0 = time.perf_counter()
    cm = compile_mrio(io)
    t_compile = time.perf_counter() - t0
    reg, sec = shocked_industry(io)
    params = Params(psi=0.8, boario_compat=True)

    def run(n_steps: int) -> dict[str, Any]:
        shock = capacity_shock(
            cm,
            f"{reg}/{sec}",
            args.shock_share,
            n_steps=n_steps,
            start_day=args.shock_start,
            duration_days=args.shock_days,
            recovery_days=args.recovery_days,
        )
        return simulate_arrays(
            cm,
            n_steps=n_steps,
            params=params,
            shock=shock,
            dense_dtype={"float64": np.float64, "float32": np.float32, "none": None}[args.dense],
            parallel=args.parallel,
        )

    t0 = time.perf_counter()
    run(2)  # JIT warm-up (cached on disk after the first call)
    t_jit = time.perf_counter() - t0
    # the first call on a model also derives the dense kernel's arrays (kept for the next
    # calls, like BoARIO's model construction, which its timing excludes): time it apart
    import importlib

    importlib.import_module("chokepoints.engines.dynamics.simulate")._PREPARED.clear()
    t0 = time.perf_counter()
    run(1)
    t_prepare = time.perf_counter() - t0
    walls = []
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        res = run(args.steps)
        walls.append(time.perf_counter() - t0)
    wall = float(np.median(walls))
    shock = capacity_shock(
        cm,
        f"{reg}/{sec}",
        args.shock_share,
        n_steps=args.steps,
        start_day=args.shock_start,
        duration_days=args.shock_days,
        recovery_days=args.recovery_days,
    )
    delta = np.zeros((args.steps, cm.n_nodes))
    delta[:, shock.node_index] = shock.delta
    np.savez(out, production=res["production"][0], delta=delta)
    info = {
        "steps_per_s": args.steps / wall,
        "wall_s": wall,
        "wall_s_all": walls,
        "compile_s": t_compile,
        "jit_warmup_s": t_jit,
        "first_call_1_step_s": t_prepare,
        "peak_rss_mib": peak_rss_mib(),
        "n_industries": cm.n_nodes,
        "n_flows": cm.n_flows,
    }
    print(json.dumps(info))


def worker_boario(args: argparse.Namespace, out: str) -> None:
    import pandas as pd
    from boario.event import from_series
    from boario.extended_models import ARIOPsiModel
    from boario.simulation import Simulation

    warnings.filterwarnings("ignore")
    io = build_iosystem(args)
    reg, sec = shocked_industry(io)
    t0 = time.perf_counter()
    model = ARIOPsiModel(io)
    sim = Simulation(model, n_temporal_units_to_sim=args.steps)
    impact = pd.Series(
        [args.shock_share],
        index=pd.MultiIndex.from_tuples([(reg, sec)], names=["region", "sector"]),
    )
    ev = from_series(
        impact,
        event_type="arbitrary",
        # BoARIO's EventArbitraryProd(occurrence=o, duration=d) cuts capacity on steps
        # o+1 .. o+d+2 (d+2 steps, measured), so this is the same 'shock_days' loss
        occurrence=args.shock_start - 1,
        duration=args.shock_days - 2,
        recovery_tau=args.recovery_days,
    )
    sim.add_event(ev)
    deltas: list[np.ndarray] = []
    calc = model.calc_production

    def recording_calc_production(step: int) -> Any:
        deltas.append(np.asarray(model.prod_cap_delta_tot, dtype=float).copy())
        return calc(step)

    model.calc_production = recording_calc_production  # type: ignore[method-assign]
    t_init = time.perf_counter() - t0
    t0 = time.perf_counter()
    sim.loop()
    wall = time.perf_counter() - t0
    steps = sim.n_temporal_units_simulated or args.steps
    np.savez(
        out,
        production=np.asarray(sim.production_realised.to_numpy())[:steps],
        delta=np.array(deltas)[:steps],
    )
    info = {
        "steps_per_s": args.steps / wall,
        "wall_s": wall,
        "init_s": t_init,
        "peak_rss_mib": peak_rss_mib(),
    }
    print(json.dumps(info))


def child(tool: str, args: argparse.Namespace, out: str) -> dict[str, Any]:
    argv = [sys.executable, __file__, "--worker", tool, "--out", out]
    for k in (
        "mrio",
        "regions",
        "sectors",
        "steps",
        "seed",
        "density",
        "shock_share",
        "shock_start",
        "shock_days",
        "recovery_days",
        "dense",
        "repeat",
    ):
        argv += [f"--{k.replace('_', '-')}", str(getattr(args, k))]
    if args.parallel is not None:
        argv.append("--parallel" if args.parallel else "--serial")
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{tool} worker failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _par(spec: str) -> bool | None:
    """``parallel`` of a variant suffix: 'parallel', 'serial' or '' (engine's default)."""
    return {"parallel": True, "serial": False, "": None}[spec]


def max_rel_diff(a: np.ndarray, b: np.ndarray) -> float:
    scale = np.maximum(np.abs(b), 1e-12 * max(1.0, float(np.abs(b).max())))
    return float(np.max(np.abs(a - b) / scale))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mrio", choices=["test", "synthetic"], default="test")
    ap.add_argument("--regions", type=int, default=6)
    ap.add_argument("--sectors", type=int, default=8)
    ap.add_argument("--steps", type=int, default=365)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--density", type=float, default=1.0)
    ap.add_argument("--shock-share", type=float, default=0.5)
    ap.add_argument("--shock-start", type=int, default=10)
    ap.add_argument("--shock-days", type=int, default=90)
    ap.add_argument("--recovery-days", type=int, default=30)
    ap.add_argument("--json", action="store_true", help="print one JSON line")
    ap.add_argument(
        "--dense",
        choices=["float64", "float32", "none"],
        default="float64",
        help="storage of a complete table's flows (none: sparse CSR)",
    )
    ap.add_argument(
        "--parallel",
        action="store_const",
        const=True,
        default=None,
        help="threads within the run (default: the engine's choice, parallel=None)",
    )
    ap.add_argument(
        "--serial", dest="parallel", action="store_const", const=False, help="one thread"
    )
    ap.add_argument(
        "--repeat", type=int, default=3, help="chokepoints runs timed; the median is reported"
    )
    ap.add_argument(
        "--variants",
        default="",
        help="more chokepoints configurations against the same BoARIO run, comma-separated "
        "LAYOUT[:parallel|serial] (no suffix: the engine's default choice), "
        "e.g. 'float64:serial,float32:parallel'",
    )
    ap.add_argument("--no-boario", action="store_true", help="run chokepoints only")
    ap.add_argument("--record-fixture", default=None, help="write the case as .npz")
    ap.add_argument("--worker", choices=["chokepoints", "boario"], help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker == "chokepoints":
        worker_chokepoints(args, args.out)
        return
    if args.worker == "boario":
        worker_boario(args, args.out)
        return
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        ck = child("chokepoints", args, os.path.join(tmp, "ck.npz"))
        ck_arr = np.load(os.path.join(tmp, "ck.npz"))
        variants = []
        for spec in filter(None, args.variants.split(",")):
            layout, _, par = spec.partition(":")
            v_args = argparse.Namespace(**{**vars(args), "dense": layout, "parallel": _par(par)})
            path = os.path.join(tmp, f"ck_{len(variants)}.npz")
            info = child("chokepoints", v_args, path)
            variants.append(
                {
                    "layout": layout,
                    "parallel": _par(par),
                    "steps_per_s": info["steps_per_s"],
                    "wall_s": info["wall_s"],
                    "peak_rss_mib": info["peak_rss_mib"],
                    "production": np.load(path)["production"],
                }
            )
        result: dict[str, Any] = {
            "mrio": args.mrio,
            "regions": args.regions if args.mrio == "synthetic" else 6,
            "sectors": args.sectors if args.mrio == "synthetic" else 8,
            "steps": args.steps,
            "n_industries": ck["n_industries"],
            "n_flows": ck["n_flows"],
            "chokepoints_steps_per_s": ck["steps_per_s"],
            "chokepoints_wall_s": ck["wall_s"],
            "chokepoints_peak_rss_mib": ck["peak_rss_mib"],
            "chokepoints_jit_warmup_s": ck["jit_warmup_s"],
            "chokepoints_first_call_1_step_s": ck["first_call_1_step_s"],
            "chokepoints_layout": args.dense,
            "chokepoints_parallel": args.parallel,
        }
        if not args.no_boario:
            bo = child("boario", args, os.path.join(tmp, "bo.npz"))
            bo_arr = np.load(os.path.join(tmp, "bo.npz"))
            steps = bo_arr["production"].shape[0]
            result.update(
                {
                    "boario_steps_per_s": bo["steps_per_s"],
                    "boario_wall_s": bo["wall_s"],
                    "boario_peak_rss_mib": bo["peak_rss_mib"],
                    "speedup": ck["steps_per_s"] / bo["steps_per_s"],
                    "max_rel_diff": max_rel_diff(
                        ck_arr["production"][:steps], bo_arr["production"]
                    ),
                    "max_abs_shock_diff": float(
                        np.max(np.abs(ck_arr["delta"][:steps] - bo_arr["delta"]))
                    ),
                    "min_production_ratio": float(
                        np.min(bo_arr["production"] / bo_arr["production"][0])
                    ),
                }
            )
            for v in variants:
                prod = v.pop("production")
                v["speedup"] = v["steps_per_s"] / bo["steps_per_s"]
                v["max_rel_diff"] = max_rel_diff(prod[:steps], bo_arr["production"])
            if args.record_fixture:
                io = build_iosystem(args)
                reg, sec = shocked_industry(io)
                np.savez_compressed(
                    args.record_fixture,
                    Z=io.Z.to_numpy(),
                    Y=io.Y.to_numpy(),
                    regions=np.array(sorted(io.get_regions()), dtype=str),
                    sectors=np.array(sorted(io.get_sectors()), dtype=str),
                    z_index=np.array([f"{r}|{s}" for r, s in io.Z.index], dtype=str),
                    y_columns=np.array([f"{r}|{c}" for r, c in io.Y.columns], dtype=str),
                    production=bo_arr["production"],
                    shocked=np.array([reg, sec], dtype=str),
                    shock=np.array(
                        [args.shock_share, args.shock_start, args.shock_days, args.recovery_days]
                    ),
                )
        for v in variants:
            v.pop("production", None)
        if variants:
            result["variants"] = variants
        result["loadavg_1min_before_after"] = [load_before[0], os.getloadavg()[0]]
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:28s} {v}")


if __name__ == "__main__":
    main()
