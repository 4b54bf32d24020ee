"""Dy and Tb oxide prices in time: the scenario-driven market path against dated quotes.

The 2025 backtest scenario (``backtest-2025``: No. 18 licences from 4 April 2025, the
London framework from 10 June) drives the bundled Dy and Tb oxide markets month by month
(:func:`chokepoints.market.path.market_path`). This module compares that monthly path,
inside China (CHN) and outside it (EUR), with every dated Dy/Tb oxide quote in the
package's price file (``data/prices/``), one observation at a time:

- **observations**: SMM China domestic spot quotes (CNY/t) and Europe quotes (Argus,
  also as reprinted by a news flash, and Benchmark's July 2025 assessments added after
  the fit; USD/kg) dated 1 January 2025 - 31 March 2026. The two quotes that set each market's reference price (SMM 25 March 2025 and
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
import functools
import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from chokepoints.errors import DataError
from chokepoints.market.backtest import price_range

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
    #: Added to the price file after the fit (note says "post-fit"): scored, never fitted,
    #: outside the recorded split's draw.
    post_fit: bool = False

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
    """ISO date; ``2025-04 (early ...)`` / ``2025-04 (beginning)`` as the month's 1st;
    ``2025-07 (monthly assessment)`` as the 15th (both flagged approximate)."""
    try:
        return dt.date.fromisoformat(text[:10]), False
    except ValueError:
        pass
    head = text[:7]
    day = "01" if ("early" in text or "beginning" in text) else "15" if "monthly" in text else ""
    if len(text) > 7 and day:
        try:
            return dt.date.fromisoformat(f"{head}-{day}"), True
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
            price = price_range(row, k)  # the market backtest's reader of a price row
            low, high = price.low, price.high
            base = f"{day.isoformat()}/{side}/{element}"
            obs_id, n = base, 1
            while obs_id in seen:
                n += 1
                obs_id = f"{base}/{n}"
            seen.add(obs_id)
            out.append(Observation(obs_id, element, side, day, low, high, row["unit"],
                                   row["price_reporter"], approx, row["source_url"],
                                   "post-fit" in row["note"]))  # fmt: skip
    return sorted(out, key=lambda o: (o.element, o.side, o.day, o.obs_id))


def draw_split(
    observations: list[Observation], seed: int = SPLIT_SEED, share: float = HOLDOUT_SHARE
) -> dict[str, str]:
    """``obs_id -> "fit" | "holdout" | "reference" | "later"``: a seeded draw per (element,
    side).

    In each stratum of ``n`` scored observations, ``max(1, round(share * n))`` are held
    out when ``n >= 2`` (none when ``n == 1``), drawn without replacement. Observations
    added after the fit (``post_fit``) are ``later`` and do not enter the draw, so adding
    them leaves every other role unchanged.
    """
    rng = np.random.default_rng(seed)
    roles = {o.obs_id: "reference" for o in observations if o.is_reference}
    roles |= {o.obs_id: "later" for o in observations if o.post_fit and not o.is_reference}
    strata: dict[tuple[str, str], list[str]] = {}
    for o in observations:
        if o.obs_id not in roles:
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
        if row["role"] not in ("fit", "holdout", "reference", "later"):
            raise DataError("role must be fit, holdout, reference or later", file=SPLIT_FILE,
                            row=k, field="role", value=row["role"])  # fmt: skip
        roles[row["obs_id"]] = row["role"]
    return roles


@dataclass(frozen=True)
class PathParams:
    """The price path's three parameters (the same for Dy and Tb).

    Attributes
    ----------
    eta_outside : float
        Composite demand elasticity outside China, positive (GSIM's ``-E_m``).
    inv_eps_china : float
        1 / China's export supply elasticity (0: flat supply, China's price fixed).
    lam : float
        Partial adjustment per month, in (0, 1]: 1 = the month's static equilibrium.
    """

    eta_outside: float
    inv_eps_china: float
    lam: float

    def as_dict(self) -> dict[str, float]:
        return {"eta_outside": self.eta_outside, "inv_eps_china": self.inv_eps_china,
                "lam": self.lam}  # fmt: skip


#: The one-step backtest's parameters as bundled in the market files (static, flat supply).
BUNDLED_STATIC = PathParams(eta_outside=1.21, inv_eps_china=0.0, lam=1.0)


@functools.lru_cache(maxsize=4)
def _measures(element: str) -> Any:
    """The scenario's monthly measures on the element's bundled market (cached)."""
    from chokepoints.market.path import path_measures
    from chokepoints.scenarios.spec import load_scenario

    return path_measures(load_scenario(SCENARIO), MARKETS[element])


def _spec(element: str, params: PathParams) -> Any:
    spec = _measures(element).spec
    for region in spec.regions:
        if region != "CHN":
            spec = spec.with_elasticity("composite_demand", -params.eta_outside, region)
    eps = math.inf if params.inv_eps_china <= 0 else 1.0 / params.inv_eps_china
    return spec.with_elasticity("export_supply", eps, "CHN")


def adjust(ratios: np.ndarray, lam: float) -> np.ndarray:
    """Partial adjustment along axis 0: ``log r_t = (1 - lam) log r_{t-1} + lam log r*_t``,
    with ``r = 1`` before the first month."""
    out = np.empty_like(ratios, dtype=float)
    prev = np.zeros(ratios.shape[1:])
    for t in range(ratios.shape[0]):
        prev = (1.0 - lam) * prev + lam * np.log(ratios[t])
        out[t] = np.exp(prev)
    return out


def equilibrium_ratios(
    element: str, params: PathParams, hold_cap_from: str | None = None
) -> np.ndarray:
    """Composite buyer price / baseline, (month, region): the same equilibria as
    :func:`chokepoints.market.path.solve_path` with ``params``' elasticities, solved with
    the kernel directly (no labelled dataset per month, so a fit stays fast)."""
    return _equilibria(_measures(element), _spec(element, params), hold_cap_from)


def _equilibria(pm: Any, spec: Any, hold_cap_from: str | None = None) -> np.ndarray:
    from dataclasses import replace

    from chokepoints.engines.market.kernel import solve_equilibrium

    measures = list(pm.measures)
    if hold_cap_from is not None:
        # diagnostic: from this month ("YYYY-MM") on, keep the previous month's measures
        k0 = [a.isoformat()[:7] for a, _ in pm.months].index(hold_cap_from)
        measures[k0:] = [measures[k0 - 1]] * (len(measures) - k0)
    imports0 = spec.value0.sum(axis=0)
    out = np.full((len(pm.months), len(spec.regions)), np.nan)
    for k, (t1, x1, q, _kind) in enumerate(measures):
        s = replace(spec, tariff1=t1, export_tax1=x1, quota_share=q, quota_groups=())
        capped = np.isfinite(q)
        quota = np.where(capped, np.where(capped, q, 0.0) * s.value0, np.inf)
        banned = (q <= 0) & (s.value0 > 0)
        sol = solve_equilibrium(s.value0, s.tau0, s.tau1, s.substitution,
                                -s.composite_demand, s.export_supply, quota=quota,
                                banned=banned, quota_groups=())  # fmt: skip
        out[k] = np.where(imports0 > 0, sol.price_index, np.nan)
    return out


def simulated_path(
    element: str, params: PathParams, hold_cap_from: str | None = None
) -> dict[str, Any]:
    """Monthly price path of one element under :data:`SCENARIO`.

    ``hold_cap_from`` (``"YYYY-MM"``, a diagnostic) keeps the measures of the month before
    it in force to the end, e.g. ``"2025-06"``: no relief from the London framework.

    Returns
    -------
    dict
        ``months`` (list of first days), ``equilibrium`` and ``ratio`` (arrays (month,
        side) for sides ``CHN``, ``EUR``: static and partially adjusted price / baseline),
        ``level`` (ratio x reference price, per side), ``unit`` per side, ``reference``
        per side and ``wedge`` (``ratio[EUR] / ratio[CHN]``, per month).
    """
    pm = _measures(element)
    regions = list(pm.spec.regions)
    eq_all = equilibrium_ratios(element, params, hold_cap_from)
    sides = ["CHN", "EUR"]
    eq = eq_all[:, [regions.index(k) for k in sides]]
    ratio = adjust(eq, params.lam)
    refs = {k: pm.spec.reference_prices[k] for k in sides}
    level = ratio * np.array([refs[k][0] for k in sides])
    return {
        "months": [a.replace(day=1) for a, _ in pm.months],
        "sides": sides,
        "equilibrium": eq,
        "ratio": ratio,
        "level": level,
        "unit": {k: refs[k][1] for k in sides},
        "reference": {k: refs[k][0] for k in sides},
        "wedge": ratio[:, 1] / ratio[:, 0],
    }


def predictions(
    params: PathParams, observations: list[Observation] | None = None
) -> list[dict[str, Any]]:
    """One record per observation: simulated level in its month, log error, in range."""
    obs = load_observations() if observations is None else observations
    paths = {el: simulated_path(el, params) for el in MARKETS}
    out = []
    for o in obs:
        p = paths[o.element]
        j = p["sides"].index(o.side)
        if p["unit"][o.side] != o.unit:
            raise DataError(f"unit differs from the market's reference price unit "
                            f"{p['unit'][o.side]!r}", file=PRICE_FILE, field="unit",
                            value=o.unit)  # fmt: skip
        k = p["months"].index(o.month)
        sim = float(p["level"][k, j])
        out.append({"obs_id": o.obs_id, "element": o.element, "side": o.side,
                    "date": o.day.isoformat(), "approximate_date": o.approximate_date,
                    "reporter": o.reporter, "unit": o.unit, "obs_low": o.low,
                    "obs_high": o.high, "obs_mid": o.mid, "sim": sim,
                    "no_change": p["reference"][o.side],
                    "log_error": math.log(sim / o.mid),
                    "in_range": bool(o.low <= sim <= o.high)})  # fmt: skip
    return out


def objective(params: PathParams, roles: dict[str, str], role: str = "fit") -> float:
    """Mean squared log error over the observations of ``role``, each side weighted
    equally (the many China quotes do not outweigh the few Europe ones)."""
    obs = [o for o in load_observations() if roles.get(o.obs_id) == role]
    recs = predictions(params, obs)
    total = 0.0
    for side in ("CHN", "EUR"):
        errs = [r["log_error"] ** 2 for r in recs if r["side"] == side]
        if errs:
            total += float(np.mean(errs))
    return total


def _from_x(x: np.ndarray) -> PathParams:
    lo, hi = BOUNDS["eta_outside"]
    eta = float(np.exp(np.clip(x[0], np.log(lo), np.log(hi))))
    inv = float(np.clip(x[1], *BOUNDS["inv_eps_china"]))
    lam = float(np.clip(x[2], *BOUNDS["lam"]))
    return PathParams(eta, inv, lam)


def fit(roles: dict[str, str] | None = None) -> dict[str, Any]:
    """Fit the three parameters on the ``fit`` observations (L-BFGS-B from a grid of
    starts); the held-out observations are not read."""
    from scipy import optimize

    roles = load_split() if roles is None else roles
    bounds = [tuple(np.log(BOUNDS["eta_outside"])), BOUNDS["inv_eps_china"], BOUNDS["lam"]]
    best: Any = None
    n_eval = 0
    for eta0 in (0.8, 1.5, 3.0):
        for lam0 in (0.4, 0.9):
            res = optimize.minimize(
                lambda x: objective(_from_x(x), roles),
                np.array([np.log(eta0), 0.1, lam0]),
                method="L-BFGS-B",
                bounds=bounds,
                options={"eps": 1e-4},
            )
            n_eval += int(res.nfev)
            if best is None or res.fun < best.fun:
                best = res
    params = _from_x(best.x)
    return {
        "parameters": params.as_dict(),
        "objective_fit": float(best.fun),
        "method": "L-BFGS-B from 6 starts on (log eta_outside, inv_eps_china, lam), "
        "bounds " + json.dumps(BOUNDS),
        "evaluations": n_eval,
        "fitted_on": sorted(k for k, v in roles.items() if v == "fit"),
        "scenario": SCENARIO,
        "split_seed": SPLIT_SEED,
    }


def load_fit() -> dict[str, Any]:
    """The bundled fit (``data/prices/price_path_fit.json``)."""
    with _data_path(FIT_FILE).open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def fitted_params() -> PathParams:
    """The bundled fitted parameters."""
    p = load_fit()["parameters"]
    return PathParams(float(p["eta_outside"]), float(p["inv_eps_china"]), float(p["lam"]))


def _mape(recs: list[dict[str, Any]], key: str) -> float | None:
    if not recs:
        return None
    return float(np.mean([abs(r[key] / r["obs_mid"] - 1.0) for r in recs]))


def _scores(recs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "n": len(recs),
        "mape": _mape(recs, "sim"),
        "mape_no_change": _mape(recs, "no_change"),
        "mean_abs_log_error": float(np.mean([abs(r["log_error"]) for r in recs])) if recs else None,
        "share_in_range": float(np.mean([r["in_range"] for r in recs])) if recs else None,
    }


def observed_wedge(element: str) -> dict[str, Any]:
    """Observed wedge: each Europe quote over the nearest China quote (within
    :data:`PAIR_DAYS`), both relative to their reference quotes."""
    obs = [o for o in load_observations() if o.element == element]
    inside = [o for o in obs if o.side == "CHN"]
    ref = {o.side: o.mid for o in obs if o.is_reference}
    pairs: list[dict[str, Any]] = []
    for o in (o for o in obs if o.side == "EUR"):
        near = min(inside, key=lambda c: abs((c.day - o.day).days))
        if abs((near.day - o.day).days) > PAIR_DAYS:
            continue
        w = (o.mid / ref["EUR"]) / (near.mid / ref["CHN"])
        pairs.append({"date": o.day.isoformat(), "china_date": near.day.isoformat(),
                      "wedge": w, "open": bool(w >= WEDGE_OPEN)})  # fmt: skip
    first_open = next((p for p in pairs if p["open"]), None)
    t0 = str(first_open["date"]) if first_open else ""
    before = [p for p in pairs if not p["open"] and first_open and str(p["date"]) < t0]
    after_closed = [p for p in pairs if first_open and str(p["date"]) > t0 and not p["open"]]
    last_open = max((str(p["date"]) for p in pairs if p["open"]), default=None)
    return {
        "pairs": pairs,
        "opened_by": first_open["date"] if first_open else None,
        "opened_after": before[-1]["date"] if before else None,
        "closed_by": after_closed[0]["date"] if after_closed else None,
        "last_open_observation": last_open,
        # observed open at least from the first to the last open Europe quote
        "open_at_least_days": (
            (dt.date.fromisoformat(last_open) - dt.date.fromisoformat(t0)).days
            if first_open and last_open
            else 0
        ),
        "duration_note": None
        if after_closed
        else f"not observed to close: no Europe quote after {last_open}",
    }


def simulated_wedge(path: dict[str, Any]) -> dict[str, Any]:
    """Opening month, closing month and duration (months) of the simulated wedge."""
    months = path["months"]
    w = path["wedge"]
    open_ = [bool(x >= WEDGE_OPEN) for x in w]
    if not any(open_):
        return {"opened": None, "closed": None, "duration_months": 0, "peak": float(w.max())}
    k0 = open_.index(True)
    k1 = next((k for k in range(k0, len(w)) if not open_[k]), None)
    return {
        "opened": months[k0].isoformat()[:7],
        "closed": months[k1].isoformat()[:7] if k1 is not None else None,
        "duration_months": (k1 if k1 is not None else len(w)) - k0,
        "still_open_at_end": k1 is None,
        "peak": float(w.max()),
        "peak_month": months[int(np.argmax(w))].isoformat()[:7],
    }


def price_backtest(params: PathParams | None = None) -> dict[str, Any]:
    """The comparison, JSON-ready: parameters, per-observation errors, scores by split,
    side and element, the monthly path and the wedge (simulated vs observed).

    ``params`` default: the bundled fit. Also scores :data:`BUNDLED_STATIC` (the market
    files' one-step parameters) and the no-change baseline on the same observations.
    """
    fit_info = load_fit()
    params = fitted_params() if params is None else params
    roles = load_split()
    obs = load_observations()
    recs = predictions(params, obs)
    static = {r["obs_id"]: r for r in predictions(BUNDLED_STATIC, obs)}
    for r in recs:
        r["role"] = roles.get(r["obs_id"], "unsplit")
        r["sim_bundled_static"] = static[r["obs_id"]]["sim"]
    scored = [r for r in recs if r["role"] in ("fit", "holdout", "later")]
    scores: dict[str, Any] = {}
    for role in ("fit", "holdout", "later"):
        part = [r for r in scored if r["role"] == role]
        entry = _scores(part)
        entry["mape_bundled_static"] = _mape(part, "sim_bundled_static")
        entry["by_side"] = {s: _scores([r for r in part if r["side"] == s]) for s in ("CHN", "EUR")}
        entry["by_element"] = {e: _scores([r for r in part if r["element"] == e]) for e in MARKETS}
        scores[role] = entry
    months = []
    wedge = {}
    for el in MARKETS:
        p = simulated_path(el, params)
        for k, m in enumerate(p["months"]):
            months.append({"element": el, "month": m.isoformat()[:7],
                           "chn_level": float(p["level"][k, 0]), "chn_unit": p["unit"]["CHN"],
                           "eur_level": float(p["level"][k, 1]), "eur_unit": p["unit"]["EUR"],
                           "chn_ratio": float(p["ratio"][k, 0]),
                           "eur_ratio": float(p["ratio"][k, 1]),
                           "eur_equilibrium_ratio": float(p["equilibrium"][k, 1]),
                           "wedge": float(p["wedge"][k])})  # fmt: skip
        wedge[el] = {"simulated": simulated_wedge(p), "observed": observed_wedge(el),
                     "threshold": WEDGE_OPEN}  # fmt: skip
    # diagnostic, not fitted: the Dy/Tb oxide caps of May kept after London (June on)
    held = {el: simulated_path(el, params, hold_cap_from="2025-06") for el in MARKETS}
    diagnostic = []
    for r in recs:
        if r["side"] == "EUR" and r["role"] != "reference":
            p = held[r["element"]]
            sim = float(
                p["level"][p["months"].index(dt.date.fromisoformat(r["date"][:8] + "01")), 1]
            )
            diagnostic.append({"obs_id": r["obs_id"], "role": r["role"], "sim": sim,
                               "log_error": math.log(sim / r["obs_mid"])})  # fmt: skip
    return {
        "scenario": SCENARIO,
        "markets": MARKETS,
        "diagnostic_no_london_relief": {
            "what": "May 2025 caps kept from June 2025 on (the London framework not applied "
            "to Dy/Tb oxide); same parameters; not fitted, not the model's path",
            "europe": diagnostic,
        },
        "parameters": params.as_dict(),
        "fit": {k: fit_info[k] for k in ("objective_fit", "method", "split_seed")}
        | {"n_fit": len(fit_info["fitted_on"])},
        "bundled_static_parameters": BUNDLED_STATIC.as_dict(),
        "scores": scores,
        "wedge": wedge,
        "observations": recs,
        "months": months,
    }


def posterior_band(
    params: PathParams | None = None, n_draws: int = 20, seed: int = SPLIT_SEED
) -> dict[str, Any]:
    """5-95% band of the Europe price path over the scenario's posterior licence draws.

    ``n_draws`` parameter sets of ``backtest-2025`` (approvals before and after London,
    review days) are drawn from its bundled posterior sample
    (:func:`chokepoints.scenarios.backtest.sample_posterior`); each drives the market with
    the same price-path ``params`` (default: the bundled fit). Returns per element and
    month the 5th, 50th and 95th percentile of the Europe level and of the wedge, and the
    share of scored Europe quotes inside the 5-95% band, by role.
    """
    from chokepoints.market.path import path_measures
    from chokepoints.scenarios.backtest import sample_posterior
    from chokepoints.scenarios.spec import load_scenario

    params = fitted_params() if params is None else params
    base = load_scenario(SCENARIO)
    draws = sample_posterior(2025, n_draws, seed=seed)
    levels: dict[str, list[np.ndarray]] = {el: [] for el in MARKETS}
    wedges: dict[str, list[np.ndarray]] = {el: [] for el in MARKETS}
    for draw in draws:
        sc = load_scenario(SCENARIO, parameters={k: v for k, v in draw.items()
                                                 if k in base.parameters})  # fmt: skip
        for el in MARKETS:
            pm = path_measures(sc, MARKETS[el])
            eq = _equilibria(pm, _spec(el, params))
            ratio = adjust(eq, params.lam)
            regions = list(pm.spec.regions)
            r_eur, r_chn = ratio[:, regions.index("EUR")], ratio[:, regions.index("CHN")]
            levels[el].append(r_eur * pm.spec.reference_prices["EUR"][0])
            wedges[el].append(r_eur / r_chn)
    months = [a.isoformat()[:7] for a, _ in _measures("Dy").months]
    out: dict[str, Any] = {"n_draws": len(draws), "seed": seed, "by_element": {}}
    bands = {}
    for el in MARKETS:
        lv, wd = np.array(levels[el]), np.array(wedges[el])
        q = np.percentile(lv, [5, 50, 95], axis=0)
        qw = np.percentile(wd, [5, 50, 95], axis=0)
        bands[el] = q
        out["by_element"][el] = [
            {"month": m, "eur_p05": float(q[0, k]), "eur_p50": float(q[1, k]),
             "eur_p95": float(q[2, k]), "wedge_p05": float(qw[0, k]),
             "wedge_p50": float(qw[1, k]), "wedge_p95": float(qw[2, k])}
            for k, m in enumerate(months)
        ]  # fmt: skip
    roles = load_split()
    inside: dict[str, list[bool]] = {}
    for o in load_observations():
        role = roles.get(o.obs_id, "unsplit")
        if o.side != "EUR" or role == "reference":
            continue
        k = months.index(o.day.isoformat()[:7])
        lo, hi = bands[o.element][0, k], bands[o.element][2, k]
        inside.setdefault(role, []).append(bool(lo <= o.mid <= hi))
    out["europe_coverage"] = {r: {"n": len(v), "inside": float(np.mean(v))}
                              for r, v in sorted(inside.items())}  # fmt: skip
    return out


def prices_block() -> dict[str, Any]:
    """The ``prices`` block of ``chokepoints backtest 2025 --format json``."""
    return price_backtest()


def _cli(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m chokepoints.market.price_path")
    parser.add_argument("--split", action="store_true", help="draw the fit/held-out split")
    parser.add_argument("--fit", action="store_true", help="fit on the fit observations")
    parser.add_argument("--write", action="store_true", help="write the bundled file")
    args = parser.parse_args(argv)
    if args.fit:
        from chokepoints.atomic import write_text_atomic

        result = fit()
        text = json.dumps(result, indent=1) + "\n"
        if args.write:
            write_text_atomic(_data_path(FIT_FILE), text)
        print(json.dumps({k: v for k, v in result.items() if k != "fitted_on"}, indent=1))
    if args.split:
        obs = load_observations()
        roles = draw_split(obs)
        if args.write:
            print(write_split())
        for o in obs:
            print(o.obs_id, roles[o.obs_id])


if __name__ == "__main__":
    _cli()
