"""Benchmark: the Dy/Tb oxide price path under backtest-2025 against the dated quotes.

Run ``python bench/bench_price_path.py`` (``--refit`` also times a refit on the fit
split and prints whether it lands on the bundled parameters; ``--band N`` the 5-95% band
over N posterior licence draws of the scenario). Prints the fitted
parameters, MAPE and mean |log error| by split and side (path, no-change baseline and
the market files' static one-step parameters; "later" = quotes added after the fit),
the Europe quotes one by one, a diagnostic without London relief for the oxides, the monthly
wedge and its opening/duration simulated vs observed, and the wall time of one full
comparison. Accuracy numbers and timings belong in docs/benchmarks.md ("Price path
backtest"), never in tests.
"""

from __future__ import annotations

import argparse
import platform
import time

from chokepoints.market import price_path as pp


def _f(x: float | None, nd: int = 3) -> str:
    return "-" if x is None else f"{x:.{nd}f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--refit", action="store_true", help="also time a refit")
    parser.add_argument("--band", type=int, default=0, help="posterior draws for a band")
    args = parser.parse_args()
    t0 = time.perf_counter()
    bt = pp.price_backtest()
    t_compare = time.perf_counter() - t0
    print(f"python {platform.python_version()}, comparison {t_compare:.2f} s")
    print("parameters:", {k: round(v, 4) for k, v in bt["parameters"].items()})
    print("\nsplit    side  n   MAPE   no-change  static  mean|log err|  in range")
    for role in ("fit", "holdout", "later"):
        part = bt["scores"][role]
        rows = [("all", part)] + list(part["by_side"].items())
        for side, s in rows:
            static = part.get("mape_bundled_static") if side == "all" else None
            print(f"{role:8} {side:4} {s['n']:3d}  {_f(s['mape'])}  {_f(s['mape_no_change'])}"
                  f"      {_f(static)}   {_f(s['mean_abs_log_error'])}         "
                  f"{_f(s['share_in_range'], 2)}")  # fmt: skip
    print("\nEurope quotes (USD/kg): id, role, observed mid, path, static, log error")
    for r in bt["observations"]:
        if r["side"] == "EUR":
            print(f"  {r['obs_id']:20} {r['role']:9} {r['obs_mid']:7.0f} {r['sim']:7.0f} "
                  f"{r['sim_bundled_static']:7.0f} {r['log_error']:+.3f}")  # fmt: skip
    print("\ndiagnostic (not fitted): May caps kept after London, Europe log errors")
    for d in bt["diagnostic_no_london_relief"]["europe"]:
        print(f"  {d['obs_id']:20} {d['role']:9} {d['sim']:7.0f} {d['log_error']:+.3f}")
    print("\nmonth    Dy EUR  Dy wedge  Tb EUR  Tb wedge")
    by = {(m["element"], m["month"]): m for m in bt["months"]}
    for month in sorted({m["month"] for m in bt["months"]}):
        dy, tb = by[("Dy", month)], by[("Tb", month)]
        print(f"{month}  {dy['eur_level']:6.0f}  {dy['wedge']:8.2f}  {tb['eur_level']:6.0f}"
              f"  {tb['wedge']:8.2f}")  # fmt: skip
    for el, w in bt["wedge"].items():
        print(f"\n{el} wedge (threshold {w['threshold']}): simulated {w['simulated']}")
        o = w["observed"]
        print(f"   observed: opened after {o['opened_after']}, by {o['opened_by']}; "
              f"closed by {o['closed_by']} ({o['duration_note']})")  # fmt: skip
    if args.band:
        t0 = time.perf_counter()
        band = pp.posterior_band(n_draws=args.band)
        print(f"\nposterior band, {args.band} draws, {time.perf_counter() - t0:.1f} s; "
              f"Europe coverage {band['europe_coverage']}")  # fmt: skip
        for el, rows in band["by_element"].items():
            for r in rows[3:8]:
                print(f"  {el} {r['month']}  EUR {r['eur_p05']:6.0f}-{r['eur_p95']:6.0f}  "
                      f"wedge {r['wedge_p05']:.2f}-{r['wedge_p95']:.2f}")  # fmt: skip
    if args.refit:
        t0 = time.perf_counter()
        res = pp.fit()
        print(f"\nrefit {time.perf_counter() - t0:.1f} s, {res['evaluations']} evaluations:",
              {k: round(v, 4) for k, v in res["parameters"].items()},
              "objective", round(res["objective_fit"], 6))  # fmt: skip


if __name__ == "__main__":
    main()
