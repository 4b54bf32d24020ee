"""Dy and Tb oxide prices in time: the scenario-driven market path against dated quotes.

The 2025 backtest scenario (``backtest-2025``: No. 18 licences from 4 April 2025, the
London framework from 10 June) drives the bundled Dy and Tb oxide markets month by month
(:func:`chokepoints.market.path.market_path`). This module compares that monthly path,
inside China (CHN) and outside it (EUR), with every dated Dy/Tb oxide quote in the
package's price file (``data/prices/``), one observation at a time:

- **observations**: SMM China domestic spot quotes (CNY/t) and Europe quotes (Argus, and
  one unnamed reporter quoted by a news flash; USD/kg) dated 1 January 2025 - 31 March
  2026. The two quotes that set each market's reference price (SMM 25 March 2025 and
  Argus early April 2025) are the baseline and are not scored.
- **split**: the scored observations were split into a fit part and a held-out part by a
  seeded random draw (:func:`draw_split`, stratified by element and side), written to
  ``data/prices/price_path_split.csv`` and committed before any fit.
- **path**: the market's monthly equilibrium ratios, smoothed by partial adjustment
  (``log r_t = log r_{t-1} + lam (log r*_t - log r_{t-1})``, from ``r = 1`` before the
  scenario's first month), times the reference price. Three parameters, the same for
  Dy and Tb: ``eta_outside`` (composite demand elasticity outside China, positive),
  ``inv_eps_china`` (1 / China's export supply elasticity; 0 = flat supply) and ``lam``
  (share of the gap to the month's equilibrium closed within the month, 1 = static).
- **scores**: per observation the log error ``log(sim / obs_mid)``, MAPE, whether the
  simulated level falls inside the published low-high range; a no-change baseline
  (price stays at the reference) for comparison; and the wedge - the outside price change
  over the inside price change since the baseline - its opening month and duration,
  simulated against observed.

Run ``python -m chokepoints.market.price_path --fit --write`` to refit (writes
``data/prices/price_path_fit.json``); ``--split --write`` redraws the split (do not,
once a fit exists: the held-out part must stay unseen).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from chokepoints.errors import DataError

#: Scenario that drives the market.
SCENARIO = "backtest-2025"
#: Bundled markets per element.
MARKETS = {"Dy": "dysprosium-oxide", "Tb": "terbium-oxide"}
PRODUCTS = {"Dysprosium oxide": "Dy", "Terbium oxide": "Tb"}
#: Which market region a price-file market stands for.
SIDES = {"China domestic": "CHN", "Europe": "EUR"}
#: Observation window (the scenario's horizon).
WINDOW = (dt.date(2025, 1, 1), dt.date(2026, 3, 31))
#: Rows that set the reference prices (not scored): (side, date).
REFERENCE_ROWS = {("CHN", dt.date(2025, 3, 25)), ("EUR", dt.date(2025, 4, 1))}
#: Seed and held-out share of the recorded split.
SPLIT_SEED = 20261203
HOLDOUT_SHARE = 0.3
#: Relative wedge (outside change / inside change) above which the wedge counts as open.
WEDGE_OPEN = 1.5
#: Observed inside quote paired with an outside one: at most this many days apart.
PAIR_DAYS = 15

SPLIT_FILE = "price_path_split.csv"
FIT_FILE = "price_path_fit.json"
PRICE_FILE = "rare_earth_price_observations_2024_2026.csv"

#: Parameter bounds (fit in these; eta_outside and lam on log scale).
BOUNDS = {"eta_outside": (0.2, 10.0), "inv_eps_china": (0.0, 2.0), "lam": (0.05, 1.0)}


@dataclass(frozen=True)
class Observation:
    """One dated Dy or Tb oxide quote."""

    obs_id: str
    element: str
    side: str
    day: dt.date
    low: float
    high: float
    unit: str
    reporter: str
    approximate_date: bool
    source_url: str

    @property
    def mid(self) -> float:
        return 0.5 * (self.low + self.high)

    @property
    def month(self) -> dt.date:
        return self.day.replace(day=1)

    @property
    def is_reference(self) -> bool:
        return (self.side, self.day) in REFERENCE_ROWS


def _data_path(name: str) -> Path:
    return Path(str(resources.files("chokepoints.data") / "prices" / name))


def _parse_day(text: str) -> tuple[dt.date, bool] | None:
    """ISO date, or ``2025-04 (early ...)`` / ``2025-04 (beginning)`` as the month's 1st."""
    try:
        return dt.date.fromisoformat(text[:10]), False
    except ValueError:
        pass
    head = text[:7]
    if len(text) > 7 and ("early" in text or "beginning" in text):
        try:
            return dt.date.fromisoformat(head + "-01"), True
        except ValueError:
            return None
    return None


def load_observations() -> list[Observation]:
    """Dated Dy/Tb oxide quotes inside and outside China within :data:`WINDOW`."""
    out: list[Observation] = []
    seen: set[str] = set()
    with _data_path(PRICE_FILE).open(encoding="utf-8") as fh:
        for k, row in enumerate(csv.DictReader(fh), start=2):
            element = PRODUCTS.get(row["product"])
            side = SIDES.get(row["market"])
            parsed = _parse_day(row["date"])
            if element is None or side is None or parsed is None:
                continue
            day, approx = parsed
            if not WINDOW[0] <= day <= WINDOW[1]:
                continue
            try:
                low = float(row["low"])
                high = float(row["high"]) if row["high"] else low
            except ValueError as exc:
                raise DataError(
                    "price is not a number (expected low/high in the row's unit)",
                    file=PRICE_FILE,
                    row=k,
                    field="low",
                    value=row["low"],
                ) from exc
            base = f"{day.isoformat()}/{side}/{element}"
            obs_id, n = base, 1
            while obs_id in seen:
                n += 1
                obs_id = f"{base}/{n}"
            seen.add(obs_id)
            out.append(Observation(obs_id, element, side, day, low, high, row["unit"],
                                   row["price_reporter"], approx, row["source_url"]))  # fmt: skip
    return sorted(out, key=lambda o: (o.element, o.side, o.day, o.obs_id))


def draw_split(
    observations: list[Observation], seed: int = SPLIT_SEED, share: float = HOLDOUT_SHARE
) -> dict[str, str]:
    """``obs_id -> "fit" | "holdout" | "reference"``: a seeded draw per (element, side).

    In each stratum of ``n`` scored observations, ``max(1, round(share * n))`` are held
    out when ``n >= 2`` (none when ``n == 1``), drawn without replacement.
    """
    rng = np.random.default_rng(seed)
    roles = {o.obs_id: "reference" for o in observations if o.is_reference}
    strata: dict[tuple[str, str], list[str]] = {}
    for o in observations:
        if not o.is_reference:
            strata.setdefault((o.element, o.side), []).append(o.obs_id)
    for key in sorted(strata):
        ids = sorted(strata[key])
        k = max(1, round(share * len(ids))) if len(ids) >= 2 else 0
        held = set(rng.choice(ids, size=k, replace=False).tolist()) if k else set()
        for i in ids:
            roles[i] = "holdout" if i in held else "fit"
    return roles


def write_split(path: Path | None = None) -> Path:
    """Write :func:`draw_split` of the bundled observations (atomic)."""
    from chokepoints.atomic import write_text_atomic

    obs = load_observations()
    roles = draw_split(obs)
    lines = [f"# drawn by chokepoints.market.price_path.draw_split(seed={SPLIT_SEED}, "
             f"share={HOLDOUT_SHARE}), stratified by element and side",
             "obs_id,element,side,date,role"]  # fmt: skip
    for o in obs:
        lines.append(f"{o.obs_id},{o.element},{o.side},{o.day.isoformat()},{roles[o.obs_id]}")
    target = path or _data_path(SPLIT_FILE)
    write_text_atomic(target, "\n".join(lines) + "\n")
    return target


def load_split() -> dict[str, str]:
    """The committed split: ``obs_id -> role``."""
    roles: dict[str, str] = {}
    with _data_path(SPLIT_FILE).open(encoding="utf-8") as fh:
        rows = [line for line in fh if not line.startswith("#")]
    for k, row in enumerate(csv.DictReader(rows), start=2):
        if row["role"] not in ("fit", "holdout", "reference"):
            raise DataError("role must be fit, holdout or reference", file=SPLIT_FILE,
                            row=k, field="role", value=row["role"])  # fmt: skip
        roles[row["obs_id"]] = row["role"]
    return roles


def _cli(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m chokepoints.market.price_path")
    parser.add_argument("--split", action="store_true", help="draw the fit/held-out split")
    parser.add_argument("--write", action="store_true", help="write the bundled file")
    args = parser.parse_args(argv)
    if args.split:
        obs = load_observations()
        roles = draw_split(obs)
        if args.write:
            print(write_split())
        for o in obs:
            print(o.obs_id, roles[o.obs_id])


if __name__ == "__main__":
    _cli()
