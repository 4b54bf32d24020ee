"""Fit the free parameters of ``backtest-2025`` to China's monthly magnet exports.

Run ``python -m chokepoints.scenarios.calibrate`` (about a minute on 2 cores). The fit:

- **data**: the customs series bundled in ``data/raw/china_magnet_exports_customs_news``,
  months January-October 2025 (world: 10 months; US: the 7 reported months). Later
  months (November 2025 - March 2026) are held out and only scored.
- **objective**: mean absolute percentage error over those 17 months, world and US
  months weighted equally (a month is one observation);
- **parameters** (the scenario's ``parameters``), each searched on a grid; prior,
  grid, unit and source of each are in :data:`PARAMETERS` (the one place they are
  defined; docs/scenarios.md and data/scenarios/SOURCES.md quote it);
- **method**: coordinate search from the priors (each parameter over its grid with the
  others held, repeated until no change, at most ``--passes`` passes), with common random
  numbers: every evaluation uses the same seed and ``--runs`` Monte Carlo runs, so
  differences between candidates are not sampling noise;
- **sensitivity**: the objective (and the held-out MAPE) with each parameter moved one
  grid step down and up from the fit, the others held.

It prints the fitted values, the sensitivity table and the metrics at the fit
(``--write`` puts the values into ``data/scenarios/backtest-2025.yaml``, atomically).
docs/scenarios.md records the result.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from chokepoints.atomic import write_text_atomic
from chokepoints.scenarios.backtest import run_backtest


@dataclass(frozen=True)
class FreeParameter:
    """A fitted parameter: where the search starts, where it may go, and why."""

    prior: float
    grid: tuple[float, ...]
    unit: str
    source: str
    bounds: str


#: Every free parameter of ``backtest-2025``: prior (the search's starting point), grid,
#: unit and the source of the prior and of the grid's bounds.
PARAMETERS: dict[str, FreeParameter] = {
    "review_days": FreeParameter(
        45.0,
        (20.0, 30.0, 45.0, 60.0, 90.0),
        "calendar days (mean; exponential review times)",
        "30-63 days: 'a month or longer' (Politico Europe, June 2025) to the statutory 45 "
        "working days (Adamas Intelligence, June 2025); prior the middle, 45",
        "20 to 90 days. Not below 20: the exports identify only the expected wait "
        "review_days / approval_before_london before London (with 5-10 days and approval "
        "0.05 they fit better, a ridge), and reviews of a week or so came only with the "
        "general licences of December 2025",
    ),
    "approval_before_london": FreeParameter(
        0.25,
        (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.45, 0.6),
        "probability per application, 4 Apr - 9 Jun 2025",
        "about a quarter of European suppliers' applications approved (CLEPA, early June "
        "2025, via Reuters)",
        "0.05 to 0.6 (more than twice the reported rate)",
    ),
    "approval_after_london": FreeParameter(
        0.6,
        (0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
        "probability per application, from 10 Jun 2025",
        "'flowing again but not freely': CLEPA end June 2025 (via Reuters/Hindustan Times)",
        "0.5 to 1.0; 1.0 is the bound of a probability (every application approved)",
    ),
    "approval_factor_usa": FreeParameter(
        0.03,
        (0.03, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0),
        "extra factor on US-bound magnet applications before London",
        "5 of 180 applications approved for one US firm (Reuters, mid-2025): ~0.03, an "
        "anecdote about one applicant, not a rate; weakly informative",
        "0.03 (the anecdote) to 1.0 (no extra scrutiny)",
    ),
    "component_inventory_days": FreeParameter(
        35.0,
        (15.0, 25.0, 35.0, 50.0, 70.0, 90.0, 120.0, 150.0, 180.0),
        "days of magnet use held by component makers abroad",
        "4-6 weeks for carmakers (Reuters 2025-06-09; Stratton Products UK); prior 35 days "
        "(bundled world, literature row inventory_days_component)",
        "15 to 180 days (5-6 months reported for US manufacturers late 2025, Quest Metals)",
    ),
}

#: Search grid of each free parameter (from :data:`PARAMETERS`).
GRID: dict[str, list[float]] = {k: list(v.grid) for k, v in PARAMETERS.items()}

#: Starting point of the search: the priors of :data:`PARAMETERS`.
PRIORS: dict[str, float] = {k: v.prior for k, v in PARAMETERS.items()}


def objective(parameters: dict[str, float], runs: int) -> tuple[float, dict[str, Any]]:
    """In-sample MAPE (pooled world and US months) of the backtest with these values."""
    res = run_backtest(2025, runs=runs, parameters=parameters)
    return float(res.metrics["mape_in_sample"]), res.metrics


def fit(
    start: dict[str, float], *, runs: int = 40, passes: int = 3, log: Any = None
) -> tuple[dict[str, float], float, dict[str, Any]]:
    """Coordinate search over :data:`GRID` from ``start``; returns (best, mape, metrics)."""
    best = dict(start)
    best_val, best_metrics = objective(best, runs)
    cache: dict[tuple[tuple[str, float], ...], float] = {tuple(sorted(best.items())): best_val}
    for p in range(passes):
        changed = False
        for name, values in GRID.items():
            for v in values:
                trial = {**best, name: v}
                key = tuple(sorted(trial.items()))
                if key in cache:
                    continue
                val, metrics = objective(trial, runs)
                cache[key] = val
                if val < best_val - 1e-9:
                    best, best_val, best_metrics, changed = trial, val, metrics, True
            if log:
                print(f"pass {p + 1} {name}: best {best} mape {best_val:.4f}", file=log)
        if not changed:
            break
    return best, best_val, best_metrics


def sensitivity(best: dict[str, float], runs: int) -> list[dict[str, Any]]:
    """In- and out-of-sample MAPE with each parameter one grid step below and above the
    fit (others held); the fit itself is the row with ``step`` 0."""
    rows = []
    _, metrics = objective(best, runs)
    rows.append({"parameter": "(fit)", "step": 0, "value": None,
                 "mape_in_sample": metrics["mape_in_sample"],
                 "mape_out_of_sample": metrics["mape_out_of_sample"]})  # fmt: skip
    for name, values in GRID.items():
        k = values.index(best[name])
        for step in (-1, 1):
            if not 0 <= k + step < len(values):
                rows.append({"parameter": name, "step": step, "value": None,
                             "mape_in_sample": None, "mape_out_of_sample": None})  # fmt: skip
                continue
            v = values[k + step]
            _, m = objective({**best, name: v}, runs)
            rows.append({"parameter": name, "step": step, "value": v,
                         "mape_in_sample": m["mape_in_sample"],
                         "mape_out_of_sample": m["mape_out_of_sample"]})  # fmt: skip
    return rows


def _scenario_file() -> Path:
    return Path(str(resources.files("chokepoints.data") / "scenarios" / "backtest-2025.yaml"))


def write_parameters(values: dict[str, float], path: Path | None = None) -> None:
    """Replace the values of the ``parameters`` block in the backtest scenario file."""
    path = path or _scenario_file()
    text = path.read_text(encoding="utf-8")
    for name, value in values.items():
        text, n = re.subn(rf"(?m)^(  {name}: )[0-9.eE+-]+", rf"\g<1>{value}", text)
        if n != 1:
            raise ValueError(f"parameter {name!r} found {n} times in {path} (expected once)")
    write_text_atomic(path, text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=40, help="Monte Carlo runs per evaluation")
    ap.add_argument("--passes", type=int, default=3, help="coordinate-search passes")
    ap.add_argument("--write", action="store_true", help="write the fit into the scenario file")
    args = ap.parse_args(argv)
    best, val, metrics = fit(PRIORS, runs=args.runs, passes=args.passes, log=sys.stderr)
    print(f"fitted parameters (in-sample MAPE {val:.4f}):")
    for k, value in best.items():
        print(f"  {k}: {value}")
    print("metrics at the fit:", metrics)
    print("sensitivity (one grid step down / up, others at the fit):")
    print(f"  {'parameter':26s} {'value':>7s} {'mape_in':>8s} {'mape_out':>9s}")
    for r in sensitivity(best, args.runs):
        v = "" if r["value"] is None else f"{r['value']:g}"
        mi = "bound" if r["mape_in_sample"] is None else f"{r['mape_in_sample']:.4f}"
        mo = "" if r["mape_out_of_sample"] is None else f"{r['mape_out_of_sample']:.4f}"
        print(f"  {r['parameter']:26s} {v:>7s} {mi:>8s} {mo:>9s}")
    if args.write:
        write_parameters(best)
        print(f"written to {_scenario_file()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
