"""Fit the free parameters of ``backtest-2025`` to China's monthly magnet exports.

Run ``python -m chokepoints.scenarios.calibrate`` (about a minute on 2 cores). The fit:

- **data**: the customs series bundled in ``data/raw/china_magnet_exports_customs_news``,
  months January-October 2025 (world: 10 months; US: the 7 reported months). Later
  months (November 2025 - March 2026) are held out and only scored.
- **objective**: mean absolute percentage error over those 17 months, world and US
  months weighted equally (a month is one observation);
- **parameters** (the scenario's ``parameters``), each searched on a grid:
  ``review_days`` (mean licence review, calendar days), ``approval_before_london``,
  ``approval_after_london``, ``approval_factor_usa`` (extra factor on US-bound
  approvals before London) and ``component_inventory_days`` (magnet cover of the
  component makers abroad);
- **method**: coordinate search from :data:`PRIORS` (each parameter over its grid with the others held,
  repeated until no change, at most ``--passes`` passes), with common random numbers:
  every evaluation uses the same seed and ``--runs`` Monte Carlo runs, so differences
  between candidates are not sampling noise.

It prints the fitted values and the YAML lines to paste into
``data/scenarios/backtest-2025.yaml`` (``--write`` replaces them there), and the
metrics at the fit. docs/scenarios.md records the result.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from chokepoints.scenarios.backtest import run_backtest

#: Search grid of each free parameter.
GRID: dict[str, list[float]] = {
    "review_days": [10.0, 15.0, 20.0, 30.0, 45.0, 60.0],
    "approval_before_london": [0.1, 0.15, 0.2, 0.25, 0.3, 0.45, 0.6],
    "approval_after_london": [0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
    "approval_factor_usa": [0.1, 0.2, 0.35, 0.5, 0.75, 1.0],
    "component_inventory_days": [15.0, 25.0, 35.0, 50.0, 70.0, 90.0],
}


#: Starting point of the search: the priors named in the scenario's ``sources``.
PRIORS: dict[str, float] = {
    "review_days": 45.0,
    "approval_before_london": 0.25,
    "approval_after_london": 0.6,
    "approval_factor_usa": 0.5,
    "component_inventory_days": 35.0,
}


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
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=40, help="Monte Carlo runs per evaluation")
    ap.add_argument("--passes", type=int, default=3, help="coordinate-search passes")
    ap.add_argument("--write", action="store_true", help="write the fit into the scenario file")
    args = ap.parse_args(argv)
    best, val, metrics = fit(PRIORS, runs=args.runs, passes=args.passes, log=sys.stderr)
    print(f"fitted parameters (in-sample MAPE {val:.4f}):")
    for k, v in best.items():
        print(f"  {k}: {v}")
    print("metrics at the fit:", metrics)
    if args.write:
        write_parameters(best)
        print(f"written to {_scenario_file()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
