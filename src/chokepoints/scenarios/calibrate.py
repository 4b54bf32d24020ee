"""Bayesian calibration of ``backtest-2025``: ABC-SMC on exports and disruption dates.

Run ``python -m chokepoints.scenarios.calibrate [--particles 50] [--generations 4]
[--runs 10] [--write]`` (``bench/bench_calibration.py`` times it). It is a script, not
part of the test suite; ``tests/scenarios/test_calibrate.py`` checks the machinery on a
tiny case.

- **data** (in-sample only): China's monthly magnet exports January-October 2025, world,
  US and every destination series the world has (Japan, South Korea, Vietnam; India and
  Germany once the world has them as magnet destinations; see
  :data:`~chokepoints.scenarios.backtest.SERIES`) from
  ``data/raw/china_magnet_exports_customs_news`` (November 2025 onwards is held out),
  and the start dates of the ``calibration`` rows of the observed disruptions
  (``data/disruptions``; the ``held_out`` rows are never used here).
- **distance** (:func:`distance_of`): in-sample MAPE of the mean simulated exports
  (every series' calibration months pooled, ``mape_in_sample_all``) plus :data:`DAYS_WEIGHT` x the mean absolute onset
  error of the calibration events in days (an event without a simulated onset counts as
  :data:`MAX_ONSET_ERROR_DAYS`): with the weight 1/300, 30 days of timing error weigh
  as much as 0.1 of MAPE. A simulated onset is the first day a node's output falls more
  than ``onset_shortfall_share`` (a calibrated parameter since 2026-12-03 18:13 UTC, the
  observation model of :mod:`chokepoints.scenarios.disruptions`; 1% before) below its
  output in the no-controls counterfactual of the same parameter set
  (:mod:`chokepoints.scenarios.reference`; against 2024 output before 2026-12-03 15:37).
  Only the onset term depends on that parameter.
- **priors**: independent uniforms over each parameter's bounds in :data:`PARAMETERS`
  (log scale for scale parameters), which also records the reported values behind them.
- **method**: ABC-SMC (:mod:`chokepoints.scenarios.abc`): population Monte Carlo with
  adaptive tolerances; every simulation is a ``--runs``-run Monte Carlo backtest with
  its own seed, so the posterior carries licence-draw noise as well.

Output: the last population (particles, weights, distances) as
``data/scenarios/backtest-2025-posterior.csv`` and the weighted posterior medians as the
scenario's ``parameters`` (``--write``; both written atomically). ``run_backtest`` draws
its parameters from that file, so the backtest's bands carry parameter uncertainty.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from chokepoints.atomic import write_text_atomic
from chokepoints.scenarios.abc import AbcResult, Prior, abc_smc
from chokepoints.scenarios.backtest import posterior_path, run_backtest

#: Weight of one day of mean absolute onset error in the distance (MAPE units per day).
DAYS_WEIGHT = 1.0 / 300.0

#: Onset error counted for a calibration event without a simulated onset, days.
MAX_ONSET_ERROR_DAYS = 180.0


@dataclass(frozen=True)
class FreeParameter:
    """A calibrated parameter: the reported value (``prior``, the centre of what was
    reported), the prior's support ``[low, high]`` (uniform, on a log scale when
    ``log``), unit and sources."""

    prior: float
    low: float
    high: float
    log: bool
    unit: str
    source: str
    bounds: str


#: Every free parameter of ``backtest-2025``: reported value, prior support, unit and
#: the sources of both.
PARAMETERS: dict[str, FreeParameter] = {
    "review_days": FreeParameter(
        45.0,
        20.0,
        90.0,
        True,
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
        0.05,
        0.6,
        True,
        "probability per application, 4 Apr - 9 Jun 2025",
        "about a quarter of European suppliers' applications approved (CLEPA, early June "
        "2025, via Reuters)",
        "0.05 to 0.6 (more than twice the reported rate)",
    ),
    "approval_after_london": FreeParameter(
        0.6,
        0.5,
        1.0,
        False,
        "probability per application, from 10 Jun 2025",
        "'flowing again but not freely': CLEPA end June 2025 (via Reuters/Hindustan Times)",
        "0.5 to 1.0; 1.0 is the bound of a probability (every application approved)",
    ),
    "approval_factor_usa": FreeParameter(
        0.03,
        0.03,
        1.0,
        True,
        "extra factor on US-bound magnet applications before London",
        "5 of 180 applications approved for one US firm (Reuters, mid-2025): ~0.03, an "
        "anecdote about one applicant, not a rate; weakly informative",
        "0.03 (the anecdote) to 1.0 (no extra scrutiny)",
    ),
    "component_inventory_days": FreeParameter(
        35.0,
        15.0,
        180.0,
        True,
        "days of magnet use held by component makers abroad",
        "4-6 weeks for carmakers (Reuters 2025-06-09; Stratton Products UK); prior 35 days "
        "(bundled world, literature row inventory_days_component)",
        "15 to 180 days (5-6 months reported for US manufacturers late 2025, Quest Metals)",
    ),
    "demand_growth_2025": FreeParameter(
        1.1,
        1.0,
        1.4,
        False,
        "multiplier on final demand outside China from 1 Jan 2025 (the world is 2024)",
        "China's magnet exports 2024: 58,152 t, a record, +10% y/y (GAC); second half of "
        "2024 +20% y/y, fourth quarter +24% (Adamas Intelligence, January 2025; both in "
        "data/raw/china_magnet_exports_customs_news); prior centre 1.1, the full-year "
        "growth carried into 2025",
        "1.0 (no growth) to 1.4: January 2025 (6,357 t) was 1.31 times 2024's monthly "
        "mean (4,846 t) and the Q4 2024 growth was 1.24; above 1.4 no figure supports it",
    ),
    "onset_shortfall_share": FreeParameter(
        0.01,
        0.01,
        0.3,
        True,
        "observation model of onsets: shortfall of a country-sector node against its "
        "no-controls output (fraction) at which a plant's stoppage is reported",
        "no reported value: 0.01 is the model's shortage definition (the first sign of "
        "scarcity, 1 - SHORTAGE_THRESHOLD) and the onset used before 2026-12-03; it is "
        "the lower bound, the earliest a stoppage can be dated",
        "0.01 (first sign of scarcity) to 0.3 (estimated, no source: a third of a "
        "country's sector output lost is widespread stoppage, which every report of 2025 "
        "would have named); log scale because the depth is unknown to an order of "
        "magnitude; only the onsets depend on it, not the exports",
    ),
}


#: Parameters of ``backtest-2025`` that are set, not calibrated by the ABC-SMC run:
#: name -> how its value was obtained (the sources are in the scenario file).
FIXED_PARAMETERS: dict[str, str] = {
    "approval_factor_oxide_after_london": "derived from China's Dy + Tb export tonnes, "
    "June-October 2025 against June 2024 (customs): oxide and metal approval after London "
    "0.40, divided by the approval_after_london posterior median",
    "spring_festival_share_lost": "fitted on January-March 2025 only (a grid before the "
    "ABC-SMC run, other parameters at the medians of a preliminary run without the "
    "closure); applied on the "
    "official Spring Festival days of 2025 and 2026",
}


#: The priors of the ABC-SMC run, from :data:`PARAMETERS`.
PRIORS: list[Prior] = [Prior(k, v.low, v.high, v.log) for k, v in PARAMETERS.items()]


def distance_of(metrics: dict[str, Any], disruptions: list[dict[str, Any]]) -> float:
    """The calibration distance of one backtest (see the module docstring).

    Uses only in-sample export months and ``calibration`` disruption rows.
    """
    errs = [
        MAX_ONSET_ERROR_DAYS if r["error_days"] is None
        else min(abs(float(r["error_days"])), MAX_ONSET_ERROR_DAYS)
        for r in disruptions
        if r["sample"] == "calibration" and r["node"] is not None
    ]  # fmt: skip
    timing = float(np.mean(errs)) if errs else 0.0
    mape = metrics.get("mape_in_sample_all", metrics["mape_in_sample"])
    return float(mape) + DAYS_WEIGHT * timing


def backtest_distance(runs: int) -> Any:
    """``distance(theta, rng)`` for :func:`~chokepoints.scenarios.abc.abc_smc`: one
    ``runs``-run backtest at ``theta`` with a seed drawn from ``rng``."""

    def distance(theta: dict[str, float], rng: np.random.Generator) -> float:
        seed = int(rng.integers(0, 2**31 - 1))
        res = run_backtest(2025, runs=runs, parameters=theta, posterior=False, seed=seed)
        return distance_of(res.metrics, res.disruptions)

    return distance


def posterior_table(res: AbcResult) -> pd.DataFrame:
    """The last ABC population as a table: one column per parameter, weight, distance."""
    t = pd.DataFrame(res.particles, columns=list(res.names))
    t["weight"] = res.weights
    t["distance"] = res.distances
    return t


def write_posterior(table: pd.DataFrame, path: Path | None = None) -> None:
    """Write the posterior sample CSV atomically (6 significant digits)."""
    buf = io.StringIO()
    table.to_csv(buf, index=False, float_format="%.6g", lineterminator="\n")
    write_text_atomic(path or posterior_path(2025), buf.getvalue())


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
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--particles", type=int, default=50, help="ABC population size")
    ap.add_argument("--generations", type=int, default=4, help="ABC generations (incl. 0)")
    ap.add_argument("--runs", type=int, default=10, help="Monte Carlo runs per simulation")
    ap.add_argument("--seed", type=int, default=20250404, help="root seed of the ABC run")
    ap.add_argument("--max-simulations", type=int, default=100_000,
                    help="stop with the last complete generation after this many")  # fmt: skip
    ap.add_argument("--write", action="store_true",
                    help="write the posterior CSV and the medians into the scenario file")  # fmt: skip
    args = ap.parse_args(argv)
    res = abc_smc(backtest_distance(args.runs), PRIORS, n_particles=args.particles,
                  generations=args.generations, seed=args.seed,
                  max_simulations=args.max_simulations, log=sys.stderr)  # fmt: skip
    med = res.quantile(0.5)
    lo, hi = res.quantile(0.05), res.quantile(0.95)
    print(f"ABC-SMC: {sum(res.simulations)} simulations {res.simulations}, "
          f"tolerances {[round(e, 4) for e in res.epsilons]}, ESS {res.ess():.1f}")  # fmt: skip
    print(f"  {'parameter':26s} {'reported':>9s} {'p05':>8s} {'median':>8s} {'p95':>8s}")
    for k, p in PARAMETERS.items():
        print(f"  {k:26s} {p.prior:9.3g} {lo[k]:8.3g} {med[k]:8.3g} {hi[k]:8.3g}")
    if args.write:
        write_posterior(posterior_table(res))
        write_parameters({k: float(f"{v:.3g}") for k, v in med.items()})
        print(f"written to {posterior_path(2025)} and {_scenario_file()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
