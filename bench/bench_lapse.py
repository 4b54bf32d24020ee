"""How far ``lapse-2026`` differs from ``status-quo``, and what the flow attributes change.

Runs both scenarios on the bundled world twice: as the runner does now (China-origin
content and end-use classes passed to the gates) and as it did before (neither passed),
and prints, per scenario, the gated flows whose gate differs between the two scenarios
on 2026-11-15 and the rows of the summary (median lost output, t magnet-equivalent)
that differ. Results are recorded in docs/scenarios.md ("lapse-2026 against status-quo").

Usage: python bench/bench_lapse.py [--runs 100]
"""

from __future__ import annotations

import argparse
from unittest import mock

import numpy as np
import pandas as pd

from chokepoints.scenarios import runner
from chokepoints.scenarios.spec import load_scenario
from chokepoints.scenarios.summary import summarize


def _blind(world, timeline, compiled, flows):  # type: ignore[no-untyped-def]
    n = len(flows)
    return np.full(n, np.nan), np.full(n, None, dtype=object)


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
    args = ap.parse_args()
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
