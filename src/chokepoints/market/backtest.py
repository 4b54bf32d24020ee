"""Price backtest: the April 2025 licence regime on Dy and Tb oxide, outside vs inside China.

Observed: Argus Europe Dy oxide 250-310 USD/kg in early April 2025 and 700-1,000 on
6 May 2025; Tb oxide 930-1,000 -> 2,000-4,000 USD/kg. Inside China, SMM quotations on
25 Mar and 9 Jul 2025 (the nearest stored quotes either side of the window). The
statistic compared is the ratio of the outside-China price change to the inside-China
price change (FX cancels because each change is taken in one currency).

Calibration (documented in docs/market.md and docs/benchmarks.md):

- approved share of baseline shipments = 0.26, from China's magnet exports in May 2025
  (-74 % y/y, GAC via Reuters) - a proxy, as no Dy/Tb oxide export series is stored;
- China's export supply elasticity = inf, fitted to the unchanged China Dy quote;
- the composite demand elasticity outside China is fitted so the Dy model ratio equals
  the observed mid ratio.

What this is and is not. With one source, a flat China supply curve and the same
approved share ``a`` on every export flow, the simulated outside/inside ratio is exactly
``a ** (-1 / eta)`` (:func:`closed_form_ratio`): the baseline flows, their split and the
market size do not enter. The Dy row is therefore a one-parameter fit to one number
(``eta`` solved so that ``0.26 ** (-1 / eta)`` equals Dy's observed 3.04), and the Tb row
gets the same 3.04 by construction, because nothing Tb-specific enters the model. The
Tb row shows only that Tb's observed ratio (2.83) is close to Dy's; it is not an
independent out-of-sample test. No Tb-specific approved share or elasticity for April-May
2025 was found (Chinese customs report Dy and Tb exports both at zero in May 2025, and
-35 % / -38 % for the year 2025; neither fits the one-month window).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

import numpy as np
from scipy import optimize

from chokepoints.engines.market.model import MarketSpec, simulate_market
from chokepoints.errors import DataError
from chokepoints.market.io import load_builtin_market

PRICE_FILE = "rare_earth_price_observations_2024_2026.csv"
#: Date the licence regime took effect (MOFCOM/GAC Announcement No. 18 of 2025).
REGIME_START = date(2025, 4, 4)
#: Date of the "after" observation outside China (Argus via GMT Eight).
OUTSIDE_AFTER = date(2025, 5, 6)
#: Dates of the SMM China quotes this one-step check uses (25 Mar and 9 Jul 2025, the
#: nearest either side of the window when it was built; the price file has gained SMM
#: quotes from May and June 2025 since, used by :mod:`chokepoints.market.price_path`).
INSIDE_DATES = (date(2025, 3, 25), date(2025, 7, 9))
#: Approved share of baseline shipments (China magnet exports May 2025: -74 % y/y).
#: Not the dynamics backtest's ``approval_before_london`` (0.20), which is a per-application
#: approval probability with a review delay; see :func:`licensed_share` and docs/market.md.
APPROVED_SHARE = 0.26
#: Days after REGIME_START that May 2025 spans (1 May = day 27, 31 May = day 57).
MAY_2025_DAYS = (27, 57)
#: Role of the Tb row: the Dy-fitted parameters applied to Tb; equal to Dy by construction.
TB_ROLE = "same parameters as Dy (not independent)"
ELEMENTS = {
    "Dy": ("Dysprosium oxide", "dysprosium-oxide"),
    "Tb": ("Terbium oxide", "terbium-oxide"),
}


@dataclass(frozen=True)
class Range:
    """A published price range (low, high) in one unit."""

    low: float
    high: float

    @property
    def mid(self) -> float:
        return 0.5 * (self.low + self.high)


def load_price_observations() -> list[dict[str, str]]:
    """Rows of the bundled price observations file (see data/prices/SOURCES.md)."""
    path = resources.files("chokepoints.data").joinpath("prices", PRICE_FILE)
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def price_range(row: dict[str, str], row_no: int) -> Range:
    """The (low, high) price of one row of the price file; a clear error if not numbers."""
    try:
        low = float(row["low"])
        high = float(row["high"]) if row["high"] else low
    except ValueError as exc:
        raise DataError(
            "price is not a number (expected low/high in the row's unit)",
            file=PRICE_FILE,
            row=row_no,
            field="low",
            value=row["low"],
        ) from exc
    return Range(low, high)


def observed_changes(element: str) -> dict[str, Range]:
    """Observed price ranges around the April 2025 regime for ``Dy`` or ``Tb``.

    Returns
    -------
    dict
        ``outside_before``, ``outside_after`` (USD/kg, Argus Europe) and
        ``inside_before``, ``inside_after`` (CNY/t, SMM China).
    """
    product, _ = ELEMENTS[element]
    rows = load_price_observations()
    out: dict[str, Range] = {}
    inside: list[tuple[date, Range]] = []
    for k, row in enumerate(rows, start=1):
        if row["product"] != product:
            continue
        when = _iso(row["date"])
        if row["market"] == "Europe" and row["price_reporter"] == "Argus":
            if row["date"].startswith("2025-04"):
                out["outside_before"] = price_range(row, k)
            elif when == OUTSIDE_AFTER:
                out["outside_after"] = price_range(row, k)
        elif row["market"] == "China domestic" and when is not None:
            inside.append((when, price_range(row, k)))
    before = [r for d, r in inside if d == INSIDE_DATES[0]]
    after = [r for d, r in inside if d == INSIDE_DATES[1]]
    if before:
        out["inside_before"] = before[-1]
    if after:
        out["inside_after"] = after[0]
    missing = {"outside_before", "outside_after", "inside_before", "inside_after"} - set(out)
    if missing:
        raise DataError(
            f"has no observation for {sorted(missing)} of {product} (expected Argus Europe "
            "early April and 6 May 2025, SMM China before 4 April and after 6 May 2025)",
            file=PRICE_FILE,
        )
    return out


def observed_ratio(element: str) -> tuple[float, float, float]:
    """Observed (outside change) / (inside change): (mid, low, high)."""
    o = observed_changes(element)
    mid = (o["outside_after"].mid / o["outside_before"].mid) / (
        o["inside_after"].mid / o["inside_before"].mid
    )
    low = (o["outside_after"].low / o["outside_before"].high) / (
        o["inside_after"].high / o["inside_before"].low
    )
    high = (o["outside_after"].high / o["outside_before"].low) / (
        o["inside_after"].low / o["inside_before"].high
    )
    return mid, low, high


def closed_form_ratio(approved_share: float, eta_outside: float) -> float:
    """Outside/inside price ratio of a one-source market with flat supply under a cap.

    With China the only source, ``eps_China = inf`` (China's price stays at 1) and every
    export flow capped at ``approved_share`` of baseline, each outside market's price
    solves ``Phat ** (-eta) = approved_share``, so the ratio is
    ``approved_share ** (-1 / eta_outside)`` whatever the baseline flows.
    """
    return float(approved_share ** (-1.0 / eta_outside))


def licensed_share(
    approval_probability: float,
    review_days: float,
    days: tuple[int, int] = MAY_2025_DAYS,
    review: str = "exponential",
) -> float:
    """Share of flows holding a licence, averaged over ``days`` after the regime starts.

    Translates the dynamics engine's licence gate (docs/model.md: every flow applies on
    day 0; a review takes ``review_days``; it is approved with ``approval_probability``,
    and a refused flow applies again at once) into the market model's "approved share of
    baseline shipments" for a window. With exponential reviews approvals arrive at rate
    ``p / review_days``, so a flow is licensed by day ``t`` with probability
    ``1 - exp(-p t / review_days)``; with fixed reviews, ``1 - (1 - p) ** floor(t /
    review_days)``. Inventories, orders in transit and rerouting are ignored.

    Parameters
    ----------
    approval_probability : float
        Per-application approval probability, in [0, 1].
    review_days : float
        Mean review time in calendar days (> 0).
    days : (int, int)
        First and last day of the window, counted from the regime's start (inclusive).
    review : {"exponential", "fixed"}
        Review-time distribution.

    Returns
    -------
    float
        Mean share of flows licensed over the window.
    """
    if not 0.0 <= approval_probability <= 1.0 or review_days <= 0:
        raise ValueError(
            f"approval_probability {approval_probability!r} must be in [0, 1] and "
            f"review_days {review_days!r} > 0"
        )
    t = np.arange(days[0], days[1] + 1, dtype=float)
    if review == "exponential":
        share = 1.0 - np.exp(-approval_probability * t / review_days)
    elif review == "fixed":
        share = 1.0 - (1.0 - approval_probability) ** np.floor(t / review_days)
    else:
        raise ValueError(f"review {review!r} must be 'exponential' or 'fixed'")
    return float(share.mean())


def _with_outside_eta(spec: MarketSpec, eta_out: float, china: str = "CHN") -> MarketSpec:
    out = spec
    for region in spec.regions:
        if region != china:
            out = out.with_elasticity("composite_demand", -eta_out, region)
    return out


def _model_ratio(spec: MarketSpec, outside: str = "EUR", china: str = "CHN") -> float:
    ds = simulate_market(spec)
    p = ds["price_index_ratio"]
    return float(p.sel(region=outside) / p.sel(region=china))


def fit_outside_demand_elasticity(spec: MarketSpec, target_ratio: float) -> float:
    """Composite demand elasticity outside China (positive) that matches ``target_ratio``."""

    def gap(log_eta: float) -> float:
        return np.log(_model_ratio(_with_outside_eta(spec, float(np.exp(log_eta))))) - np.log(
            target_ratio
        )

    return float(np.exp(optimize.brentq(gap, np.log(0.05), np.log(20.0), xtol=1e-12)))


def run_backtest(approved_share: float = APPROVED_SHARE) -> list[dict[str, Any]]:
    """Fit on Dy, the same parameters on Tb; one row per element plus a sensitivity row.

    The Tb row is not an independent test: with these assumptions both elements' simulated
    ratios equal :func:`closed_form_ratio` ``(approved_share, eta)``, so Tb's simulated
    ratio is Dy's fitted one by construction (see the module docstring).

    Returns
    -------
    list of dict
        Keys: ``element``, ``role`` (``fit``, ``same parameters as Dy (not independent)``,
        ``sensitivity: ...``), ``eta_outside``,
        ``eps_china``, ``approved_share``, ``sim_outside_ratio``, ``sim_inside_ratio``,
        ``sim_outside_over_inside``, ``obs_outside_over_inside`` (mid) and its
        ``obs_low``/``obs_high``.
    """
    rows: list[dict[str, Any]] = []
    licence = {"licences": [{"exporter": "CHN", "importer": "*", "approved_share": approved_share}]}
    specs = {el: load_builtin_market(name, new=licence) for el, (_, name) in ELEMENTS.items()}
    dy_mid, _, _ = observed_ratio("Dy")
    eta = fit_outside_demand_elasticity(specs["Dy"], dy_mid)
    cases = [
        ("Dy", "fit", specs["Dy"], np.inf),
        ("Tb", TB_ROLE, specs["Tb"], np.inf),
        ("Dy", "sensitivity: GSIM default eps_China = 1.5", specs["Dy"], 1.5),
    ]
    for element, role, spec, eps_cn in cases:
        s = _with_outside_eta(spec, eta).with_elasticity("export_supply", eps_cn, "CHN")
        ds = simulate_market(s)
        p = ds["price_index_ratio"]
        mid, low, high = observed_ratio(element)
        rows.append(
            {
                "element": element,
                "role": role,
                "approved_share": approved_share,
                "eta_outside": eta,
                "eps_china": eps_cn,
                "sim_outside_ratio": float(p.sel(region="EUR")),
                "sim_inside_ratio": float(p.sel(region="CHN")),
                "sim_outside_over_inside": float(p.sel(region="EUR") / p.sel(region="CHN")),
                "obs_outside_over_inside": mid,
                "obs_low": low,
                "obs_high": high,
            }
        )
    return rows
