"""How far ``lapse-2026`` differs from ``status-quo``, and what the flow attributes change.

Runs both scenarios on the bundled world twice: as the runner does now (China-origin
content and end-use classes passed to the gates) and as it did before (neither passed),
and prints, per scenario, the gated flows whose gate differs between the two scenarios
on 2026-11-15 and the rows of the summary (median lost output, t magnet-equivalent)
that differ. Results are recorded in docs/scenarios.md ("lapse-2026 against status-quo").

``--common-seed`` runs, instead, the current runner only and prints the figures that
section quotes besides the totals: per scenario, at its own seed and with both on
status-quo's seed and both on lapse-2026's (common random numbers), the aerospace-and-defence rows (share of runs
short, median first short day over the runs short, peak shortfall, lost output), the
total lost output, the per-row difference lapse-2026 minus status-quo at the common seed
(aerospace rows and Japan's NdFeB sectors), and Japan's Dy/Tb-grade magnet output
(``JPN:magnet:ndfeb_hre``): the lowest daily median over runs as a share of 2024 output
(with its date) and of the no-controls counterfactual, and its mean over the year.

Usage: python bench/bench_lapse.py [--runs 100] [--common-seed]
"""

from __future__ import annotations

import argparse
from unittest import mock

import numpy as np
import pandas as pd
import xarray as xr

from chokepoints.scenarios import runner
from chokepoints.scenarios.reference import COUNTERFACTUAL
from chokepoints.scenarios.spec import load_scenario
from chokepoints.scenarios.summary import summarize


def _blind(world, timeline, compiled, flows):  # type: ignore[no-untyped-def]
    n = len(flows)
    return np.full(n, np.nan), np.full(n, None, dtype=object)


#: Japan's NdFeB end-use sectors (Dy/Tb-grade magnets), reported by ``--common-seed``.
JPN_NDFEB_SECTORS = ("ev", "hybrid_vehicles", "conventional_vehicles", "wind")

#: Japan's Dy/Tb-grade magnet node.
JPN_HRE_MAGNET = "JPN:magnet:ndfeb_hre"


def magnet_lows(ds: xr.Dataset, node: str = JPN_HRE_MAGNET) -> dict[str, object]:
    """Lowest and mean daily median output of ``node`` over runs.

    Returns ``low_vs_2024`` (share of 2024 output, lowest day), ``low_date``,
    ``mean_vs_2024`` (mean over the days) and ``low_vs_counterfactual`` (lowest daily
    median of output / no-controls counterfactual output; 1 where that is 0).
    """
    i = int(np.nonzero(ds["node"].values.astype(str) == node)[0][0])
    x = ds["production"].values[:, :, i].astype(np.float64)
    ref = ds[COUNTERFACTUAL].values[:, :, i].astype(np.float64)
    base = float(ds["baseline_production"].values[i])
    med = np.median(x, axis=0) / base
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(ref > 0, x / np.where(ref > 0, ref, 1.0), 1.0)
    k = int(np.argmin(med))
    return {
        "low_vs_2024": float(med[k]),
        "low_date": str(np.datetime_as_string(ds["time"].values[k], unit="D")),
        "mean_vs_2024": float(med.mean()),
        "low_vs_counterfactual": float(np.median(r, axis=0).min()),
    }


def _aerospace(df: pd.DataFrame) -> pd.DataFrame:
    cols = ["country", "share_runs_short", "first_shortage_day", "peak_shortfall_pct",
            "lost_output_t"]  # fmt: skip
    return df[df["sector"] == "aerospace_defense"][cols]


def common_seed(runs: int) -> None:
    """The ``--common-seed`` figures (module docstring)."""
    sq_model = runner.compile_scenario(load_scenario("status-quo"))
    la_model = runner.compile_scenario(load_scenario("lapse-2026"))
    common, other = sq_model.scenario.seed, la_model.scenario.seed
    results = {}
    for label, model, seed in (
        ("status-quo, own seed", sq_model, common),
        ("lapse-2026, own seed", la_model, other),
        ("lapse-2026, status-quo's seed", la_model, common),
        ("status-quo, lapse-2026's seed", sq_model, other),
    ):
        ds = runner.run_compiled(model, runs=runs, seed=seed)
        s = summarize(ds)
        results[label] = s
        lows = magnet_lows(ds)
        print(f"== {label} (seed {ds.attrs['seed']}, {runs} runs)")
        print("aerospace_defense rows:")
        print(_aerospace(s).round(2).to_string(index=False))
        jp = s[(s["country"] == "JPN") & s["sector"].isin(JPN_NDFEB_SECTORS)]
        print("Japan NdFeB sectors:")
        print(jp[["sector", "share_runs_short", "peak_shortfall_pct", "lost_output_t"]]
              .round(2).to_string(index=False))  # fmt: skip
        print(f"total median lost output: {s['lost_output_t'].sum():.1f} t")
        print(
            f"{JPN_HRE_MAGNET}: lowest {100 * lows['low_vs_2024']:.1f}% of 2024 output on "
            f"{lows['low_date']}, mean {100 * lows['mean_vs_2024']:.1f}%; lowest "
            f"{100 * lows['low_vs_counterfactual']:.1f}% of the counterfactual"
        )
        print()
    sq, la = results["status-quo, own seed"], results["lapse-2026, status-quo's seed"]
    m = sq[["country", "sector", "lost_output_t"]].merge(
        la[["country", "sector", "lost_output_t"]], on=["country", "sector"],
        suffixes=("_sq", "_lapse"))  # fmt: skip
    m["difference_t"] = m["lost_output_t_lapse"] - m["lost_output_t_sq"]
    aero = m[m["sector"] == "aerospace_defense"]["difference_t"].sum()
    jp = m[(m["country"] == "JPN") & m["sector"].isin(JPN_NDFEB_SECTORS)]
    print("== common seed: lapse-2026 minus status-quo")
    print(f"total {m['difference_t'].sum():.1f} t; aerospace rows {aero:.1f} t; "
          f"Japan NdFeB sectors {jp['difference_t'].sum():.2f} t")  # fmt: skip
    print(jp[["sector", "difference_t"]].round(2).to_string(index=False))


def _run(name: str, runs: int, blind: bool) -> tuple[runner.CompiledScenario, pd.DataFrame]:
    spec = load_scenario(name)
    if blind:
        with mock.patch.object(runner, "flow_attributes", _blind):
            model = runner.compile_scenario(spec)
    else:
        model = runner.compile_scenario(spec)
    ds = runner.run_compiled(model, runs=runs)
    return model, summarize(ds)


def _gate_changes(a: runner.CompiledScenario, b: runner.CompiledScenario, day: str) -> list[str]:
    c = b.compiled
    idx = b.gates.flow_index
    sup = c.node_ids[c.flow_sup[idx]]
    cus = c.node_ids[c.slot_node[c.flow_slot[idx]]]
    k = int((np.datetime64(day) - np.datetime64(b.scenario.sim_start)).astype(int))
    names = {0: "open", 1: "licence", 2: "closed", 3: "quota"}
    out = []
    ka, kb = a.gates.kind[k], b.gates.kind[k]
    pa, pb = a.gates.approval_prob[k], b.gates.approval_prob[k]
    for f in np.nonzero((ka != kb) | (pa != pb))[0]:
        out.append(
            f"  {sup[f]} -> {cus[f]}: {names[int(ka[f])]} (p={pa[f]:.2f}) -> "
            f"{names[int(kb[f])]} (p={pb[f]:.2f}); content {b.flow_china_content[f]:.4f} "
            f"t REO/t, end use {b.flow_end_use[f]}"
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--common-seed", action="store_true",
                    help="first short days, common-seed totals and Japan's magnet lows")  # fmt: skip
    args = ap.parse_args()
    if args.common_seed:
        common_seed(args.runs)
        return
    cols = ["country", "sector", "share_runs_short", "peak_shortfall_pct", "lost_output_t"]
    for blind in (True, False):
        label = "before (no content, no end use)" if blind else "now (content and end use)"
        sq, s_sq = _run("status-quo", args.runs, blind)
        la, s_la = _run("lapse-2026", args.runs, blind)
        print(f"== {label}")
        changes = _gate_changes(sq, la, "2026-11-15")
        print(f"gated flows differing on 2026-11-15: {len(changes)}")
        print("\n".join(changes))
        m = s_sq[cols].merge(s_la[cols], on=["country", "sector"], suffixes=("_sq", "_lapse"))
        diff = m[(m["lost_output_t_sq"] - m["lost_output_t_lapse"]).abs() > 1e-6]
        print(f"summary rows differing: {len(diff)}")
        if len(diff):
            print(diff.round(2).to_string(index=False))
        print(
            "total median lost output, t magnet-equivalent: status-quo "
            f"{s_sq['lost_output_t'].sum():.1f}, lapse-2026 {s_la['lost_output_t'].sum():.1f}"
        )
        if not blind:
            print("elements without nodes:", la.elements_without_nodes)
        print()


if __name__ == "__main__":
    main()
