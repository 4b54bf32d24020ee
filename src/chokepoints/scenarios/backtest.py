"""The 2025 backtest: China's simulated monthly magnet exports against customs figures.

Simulated exports are the output of the export probes of
:func:`~chokepoints.scenarios.runner.add_export_probes` (one per flow from a Chinese
magnet node to a foreign customer), summed per calendar month: what left China that
month, as customs would count it. Series (:data:`SERIES`): ``world`` (all destinations),
``usa`` and, where the customs file has months for them and the world has the country as
a magnet destination, ``japan``, ``korea``, ``vietnam``, ``india`` and ``germany``.

Observed: ``data/raw/china_magnet_exports_customs_news`` (GAC figures quoted by
Reuters/Bloomberg; see its SOURCES.md). Months up to :data:`IN_SAMPLE_END` are the
calibration sample (``sample`` = ``in``); months to :data:`OLD_HOLD_OUT_END` are the
first hold-out (``out``, looked at many times since, so no longer blind); later months
are the fresh hold-out (``fresh``; none published as of December 2026 in the sources
searched, and the scenario ends there).

Metrics (each per series; "pooled" over the :data:`POOLED` series world and US, the
issue's headline, and ``*_all`` over every series):

- ``mape``: mean over months of ``|sim - obs| / obs`` (a fraction, 0.1 = 10%);
- ``correlation``: Pearson correlation of monthly simulated and observed tonnes over
  all observed months of a series; the headline figure is the mean over the series
  (pooling world and US would reward the difference in scale).

Naive baselines (:func:`baseline_predictions`), scored on the same months, so the
model's errors can be judged (``metrics["baselines"]``):

- ``mean_2024``: every month predicted by the mean of the series' observed 2024 months
  ("nothing happened");
- ``persistence``: the last observed month before the forecast origin. In sample the
  origin is the month before (one step ahead, the previous observed month of the
  series); out of sample it is the end of the calibration sample, so every held-out
  month is predicted by the last in-sample observation (the model sees no held-out
  data either).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from chokepoints.scenarios.disruptions import (
    DEFAULT_ONSET_SHORTFALL_SHARE,
    ONSET_FROM,
    ONSET_PARAMETER,
    onset_summary,
    score_disruptions,
    scored_events,
    simulated_onsets,
)
from chokepoints.scenarios.runner import (
    ProgressFn,
    add_export_probes,
    compile_scenario,
    demand_factor_by_country,
    run_compiled,
    scenario_world,
)
from chokepoints.scenarios.spec import Scenario, load_scenario

#: Last month of the calibration sample.
IN_SAMPLE_END = "2025-10"

#: Last month of the first (old) hold-out; later months are the fresh hold-out.
OLD_HOLD_OUT_END = "2026-03"

#: Series name -> destination in the customs file and the probe filter. A series is
#: scored only where the world has export probes to that country.
SERIES = {
    "world": ("World", None),
    "usa": ("United States", "USA"),
    "japan": ("Japan", "JPN"),
    "korea": ("South Korea", "KOR"),
    "vietnam": ("Vietnam", "VNM"),
    "india": ("India", "IND"),
    "germany": ("Germany", "DEU"),
}

#: The series pooled in the headline metrics (issue 12's targets).
POOLED = ("world", "usa")


def sample_of(month: str) -> str:
    """``in`` (calibration), ``out`` (old hold-out) or ``fresh`` (fresh hold-out)."""
    return "in" if month <= IN_SAMPLE_END else "out" if month <= OLD_HOLD_OUT_END else "fresh"


CUSTOMS_FILE = "china_rare_earth_magnet_exports_monthly_2024_2026.csv"


def observed_exports() -> pd.DataFrame:
    """China's monthly magnet exports from customs: columns month, series, observed_t."""
    folder = resources.files("chokepoints.data") / "raw" / "china_magnet_exports_customs_news"
    with (folder / CUSTOMS_FILE).open(encoding="utf-8") as fh:
        raw = pd.read_csv(fh, dtype={"period": str})
    monthly = raw[raw["period"].str.fullmatch(r"\d{4}-\d{2}")]
    rows = []
    for name, (dest, _) in SERIES.items():
        sel = monthly[monthly["destination"] == dest]
        for r in sel.itertuples():
            rows.append({"month": r.period, "series": name, "observed_t": float(r.tonnes),
                         "observed_status": r.value_type})  # fmt: skip
    return pd.DataFrame(rows).sort_values(["series", "month"]).reset_index(drop=True)


@dataclass(frozen=True)
class BacktestResult:
    """Monthly table, metrics and the daily probe result."""

    table: pd.DataFrame
    metrics: dict[str, Any]
    dataset: xr.Dataset
    scenario: Scenario
    disruptions: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    parameter_draws: list[dict[str, float]] = dataclasses.field(default_factory=list)
    #: Onset shortfall share of each run (the observation model, :func:`onset_shares`).
    onset_share: list[float] = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: scenario, metrics (with ``band_coverage``, ``crps`` and the
        naive ``baselines`` repeated at the top level), the observed disruptions with
        their simulated onsets, and one record per month and series."""
        ds = self.dataset
        m = self.metrics
        return {
            "scenario": self.scenario.name,
            "scenario_hash": ds.attrs.get("scenario_hash"),
            "seed": ds.attrs.get("seed"),
            "runs": int(ds.sizes["run"]),
            "parameters": dict(self.scenario.parameters),
            "parameter_draws": len(self.parameter_draws),
            "in_sample_end": IN_SAMPLE_END,
            "old_hold_out_end": OLD_HOLD_OUT_END,
            "band_coverage": m.get("band_coverage"),
            "band_coverage_predictive": m.get("band_coverage_predictive"),
            "discrepancy_sigma_log": m.get("discrepancy_sigma_log"),
            "crps": m.get("crps"),
            "interval_score": m.get("interval_score"),
            "baselines": m.get("baselines"),
            "disruptions": {
                "summary": m.get("disruptions"),
                "events": self.disruptions,
                "observation_model": self._observation_model(),
            },
            # Dy/Tb oxide price path against dated quotes (chokepoints.market.price_path)
            "prices": _prices_block() if self.scenario.name == "backtest-2025" else None,
            "metrics": m,
            "months": self.table.drop(
                columns=["in_band", "in_predictive_band"], errors="ignore"
            ).to_dict(orient="records"),
        }

    def _observation_model(self) -> dict[str, Any]:
        """How onsets were dated: the parameter and its 5%, 50% and 95% over runs."""
        share = np.asarray(self.onset_share, dtype=np.float64)
        q = (lambda x: float(np.quantile(share, x))) if share.size else (lambda x: None)
        return {"parameter": ONSET_PARAMETER, "onset_shortfall_share_p05": q(0.05),
                "onset_shortfall_share_median": q(0.5),
                "onset_shortfall_share_p95": q(0.95)}  # fmt: skip

    def metrics_frame(self) -> pd.DataFrame:
        """MAPE in and out of sample (and correlation) of the model and the naive
        baselines, pooled and per series: one row per predictor and series."""
        m = self.metrics
        rows = []
        for predictor, entry in [("model", m), *m["baselines"].items()]:
            for series, v in [("pooled", entry), *entry["by_series"].items()]:
                rows.append({"predictor": predictor, "series": series,
                             "mape_in_sample": v["mape_in_sample"],
                             "mape_out_of_sample": v["mape_out_of_sample"],
                             "correlation": v.get("correlation", m["correlation"])
                             if predictor == "model" else None})  # fmt: skip
        return pd.DataFrame(rows)


def simulate_exports(
    scenario: Scenario,
    *,
    runs: int | None = None,
    seed: int | None = None,
    progress: ProgressFn | None = None,
) -> xr.Dataset:
    """Daily output per run of the export probes and of the nodes the observed
    disruptions map to: ``production`` (run, time, node), t/day."""
    world = scenario_world(scenario)
    world = add_export_probes(world, capacity_factor=demand_factor_by_country(scenario, world))
    model = compile_scenario(scenario, world=world)
    ids = model.compiled.node_ids.astype(str)
    probes = np.char.find(ids, ">export>") >= 0
    events = set(scored_events(set(ids.tolist()))["node"].dropna())
    record = np.nonzero(probes | np.isin(ids, sorted(events)))[0]
    return run_compiled(model, runs=runs, seed=seed, progress=progress, record_nodes=record)


def _probe_destinations(ds: xr.Dataset) -> tuple[np.ndarray, np.ndarray]:
    """(is_probe, destination country) per recorded node."""
    names = [str(n) for n in ds["node"].values]
    probe = np.array([">export>" in n for n in names])
    dest = np.array([n.rsplit(">", 1)[-1].split(":", 1)[0] if p else "" for n, p in
                     zip(names, probe, strict=True)])  # fmt: skip
    return probe, dest


def monthly_runs(ds: xr.Dataset) -> dict[tuple[str, str], np.ndarray]:
    """Simulated exports per (series, month): one value per run, t/month (full months
    and partial months alike; :func:`compare` keeps full months only)."""
    probe, dest = _probe_destinations(ds)
    months = pd.DatetimeIndex(ds["time"].values).strftime("%Y-%m")
    out: dict[tuple[str, str], np.ndarray] = {}
    for name, (_, code) in SERIES.items():
        mask = probe if code is None else probe & (dest == code)
        if not mask.any():
            continue  # the world has no such destination
        daily = ds["production"].values[:, :, mask].astype(np.float64).sum(axis=2)  # run x time
        per_month = pd.DataFrame(daily.T, index=months).groupby(level=0).sum()  # month x run
        for month, vals in per_month.iterrows():
            out[(name, str(month))] = vals.to_numpy()
    return out


def monthly_exports(ds: xr.Dataset) -> pd.DataFrame:
    """Monthly simulated exports per series: mean, 5% and 95% over runs, t/month."""
    days = pd.Series(pd.DatetimeIndex(ds["time"].values).strftime("%Y-%m")).value_counts()
    rows = []
    for (name, month), v in monthly_runs(ds).items():
        rows.append({"month": month, "series": name, "simulated_t": float(v.mean()),
                     "simulated_p05_t": float(np.quantile(v, 0.05)),
                     "simulated_p95_t": float(np.quantile(v, 0.95)),
                     "days_simulated": int(days[month])})  # fmt: skip
    return pd.DataFrame(rows)


#: Naive predictors scored beside the model: name -> column of the monthly table.
BASELINES = {"mean_2024": "mean_2024_t", "persistence": "persistence_t"}


def baseline_predictions(obs: pd.DataFrame) -> pd.DataFrame:
    """The naive predictions of every observed month: month, series, mean_2024_t,
    persistence_t (see the module docstring); NaN where no earlier month is observed."""
    rows = []
    for name, s in obs.groupby("series", sort=False):
        s = s.sort_values("month")
        y2024 = s[s["month"].str.startswith("2024-")]["observed_t"]
        mean_2024 = float(y2024.mean()) if len(y2024) else float("nan")
        months, values = s["month"].tolist(), s["observed_t"].tolist()
        for k, month in enumerate(months):
            origin = month if month <= IN_SAMPLE_END else f"{IN_SAMPLE_END}~"  # ~ sorts last
            earlier = [v for m, v in zip(months[:k], values[:k], strict=True) if m < origin]
            rows.append({"month": month, "series": name, "mean_2024_t": mean_2024,
                         "persistence_t": earlier[-1] if earlier else float("nan")})  # fmt: skip
    return pd.DataFrame(rows)


def _mape(sim: np.ndarray, obs: np.ndarray) -> float | None:
    keep = np.isfinite(sim)
    sim, obs = sim[keep], obs[keep]
    if sim.size == 0:
        return None
    return float(np.mean(np.abs(sim - obs) / obs))


def _corr(sim: np.ndarray, obs: np.ndarray) -> float | None:
    if sim.size < 3 or np.std(sim) == 0 or np.std(obs) == 0:
        return None
    return float(np.corrcoef(sim, obs)[0, 1])


#: Standard normal quantiles (k + 0.5) / 20, k = 0..19, that widen each run into a
#: predictive ensemble.
_Z = np.array([NormalDist().inv_cdf((k + 0.5) / 20) for k in range(20)])

#: Candidate discrepancy scales (sd of log observed / simulated), searched by
#: :func:`fit_discrepancy`.
SIGMA_GRID = np.round(np.arange(0.0, 1.501, 0.01), 2)

#: A series gets its own discrepancy scale with at least this many calibration months;
#: with fewer it uses the scale fitted on every series' calibration months together.
MIN_DISCREPANCY_MONTHS = 5

#: Nominal miss rate of the 5-95% bands (interval score's alpha).
BAND_ALPHA = 0.1


def predictive_members(runs: np.ndarray, sigma: float) -> np.ndarray:
    """Posterior predictive ensemble: each run times ``exp(sigma z)`` for fixed normal
    quantiles ``z`` (a zero-median lognormal discrepancy around every run)."""
    return (np.asarray(runs, np.float64)[:, None] * np.exp(sigma * _Z)[None, :]).ravel()


def crps_ensemble(members: np.ndarray, y: float) -> float:
    """Continuous ranked probability score of an ensemble forecast (units of ``y``).

    ``CRPS = E|X - y| - E|X - X'| / 2`` with X, X' drawn from the members (Gneiting and
    Raftery 2007, eq. 20); for one member it is the absolute error. Lower is better.
    """
    x = np.sort(np.asarray(members, dtype=np.float64))
    n = x.size
    spread = 2.0 * np.sum((2 * np.arange(1, n + 1) - n - 1) * x) / (n * n)
    return float(np.mean(np.abs(x - y)) - 0.5 * spread)


def interval_score(low: float, high: float, y: float, alpha: float = BAND_ALPHA) -> float:
    """Interval score of a central ``1 - alpha`` interval (Gneiting and Raftery 2007,
    eq. 43): its width plus ``2 / alpha`` times the distance by which ``y`` falls outside
    (units of ``y``; lower is better). It rewards narrow bands and punishes misses, so a
    band twice as wide as needed scores worse too."""
    return float((high - low) + 2.0 / alpha * (max(low - y, 0.0) + max(y - high, 0.0)))


def _mean_relative_crps(cases: list[tuple[np.ndarray, float]], sigma: float) -> float:
    return float(np.mean([crps_ensemble(predictive_members(r, sigma), y) / y for r, y in cases]))


def fit_discrepancy(t: pd.DataFrame, runs: dict[tuple[str, str], np.ndarray]) -> dict[str, float]:
    """Scale of the model-discrepancy term, estimated on the calibration months only.

    The predictive distribution of an observed month is ``run x exp(delta)``: ``run``
    drawn from the Monte Carlo runs (posterior parameter draws x licence draws) and
    ``delta ~ N(0, sigma^2)`` a discrepancy between model and customs figure (what the
    model does not represent: demand and restocking beyond the 2024 level, seasonality,
    reporting noise, derived months), in the spirit of Kennedy and O'Hagan (2001) with a
    zero-mean, independent discrepancy. ``sigma`` is the value in :data:`SIGMA_GRID`
    that minimises the mean relative CRPS of that predictive distribution over the
    in-sample months (optimum-score estimation with a proper scoring rule, Gneiting and
    Raftery 2007, section 9), so it accounts for the spread the runs already have.

    Returns ``{"pooled": sigma over every series' calibration months, series: sigma}``;
    a series with fewer than :data:`MIN_DISCREPANCY_MONTHS` calibration months gets the
    pooled value.
    """
    ins = t[t["sample"] == "in"]

    def best(part: pd.DataFrame) -> float:
        cases = [(runs[(s, m)], float(y)) for s, m, y in
                 zip(part["series"], part["month"], part["observed_t"], strict=True)]  # fmt: skip
        if not cases:
            return 0.0
        scores = [_mean_relative_crps(cases, float(g)) for g in SIGMA_GRID]
        return float(SIGMA_GRID[int(np.argmin(scores))])

    pooled = best(ins)
    out = {"pooled": pooled}
    for series in t["series"].unique():
        part = ins[ins["series"] == series]
        out[str(series)] = best(part) if len(part) >= MIN_DISCREPANCY_MONTHS else pooled
    return out


def _share(flags: pd.Series) -> float | None:
    return float(flags.mean()) if len(flags) else None


def _mean(values: pd.Series) -> float | None:
    values = values.dropna()
    return float(values.mean()) if len(values) else None


#: Sample labels -> keys of the metric entries.
SAMPLES = {"in": "in_sample", "out": "out_of_sample", "fresh": "fresh_hold_out"}


def _by_sample(t: pd.DataFrame, fn: Any) -> dict[str, Any]:
    """``fn`` over in-sample, old hold-out (``out_of_sample``), fresh hold-out and all
    months: pooled over :data:`POOLED`, over every series (``every_series``) and per
    series."""

    def scores(part: pd.DataFrame) -> dict[str, Any]:
        out = {key: fn(part[part["sample"] == label]) for label, key in SAMPLES.items()}
        out["all"] = fn(part)
        return out

    out: dict[str, Any] = scores(t[t["series"].isin(POOLED)])
    out["every_series"] = scores(t)
    out["by_series"] = {str(s): scores(t[t["series"] == s]) for s in t["series"].unique()}
    return out


def _series_order(t: pd.DataFrame) -> list[str]:
    present = set(t["series"])
    return [s for s in SERIES if s in present]


def compare(
    sim: pd.DataFrame,
    obs: pd.DataFrame,
    runs: dict[tuple[str, str], np.ndarray] | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Join simulated and observed months (full simulated months only) and score them.

    Always: MAPE and correlation (pooled over :data:`POOLED`, over every series and per
    series), the naive baselines, and ``band_coverage``, the share of observed months
    inside the simulated 5-95% band of the runs (licence draws and, with a posterior,
    parameter draws). With ``runs`` (from :func:`monthly_runs`) also the predictive band
    (:func:`fit_discrepancy`): ``discrepancy_sigma_log`` (per series),
    ``band_coverage_predictive``, ``interval_score`` (mean relative interval score of the
    5-95% band, runs and predictive, :func:`interval_score` / observed) and ``crps`` for
    ``model`` (the runs), ``model_predictive`` and the naive baselines (a point
    forecast's CRPS is its absolute error): mean CRPS in t/month per series (``crps_t``)
    and relative CRPS, mean CRPS / observed (the probabilistic counterpart of MAPE).
    Every score is given for the calibration months, the old hold-out and the fresh
    hold-out separately (:func:`sample_of`).
    """
    full = sim[sim["days_simulated"] >= 28]
    t = obs.merge(full, on=["month", "series"], how="inner")
    t = t.merge(baseline_predictions(obs), on=["month", "series"], how="left")
    t["sample"] = [sample_of(m) for m in t["month"]]
    t["abs_pct_error"] = (t["simulated_t"] - t["observed_t"]).abs() / t["observed_t"]
    t["in_band"] = (t["observed_t"] >= t["simulated_p05_t"]) & (
        t["observed_t"] <= t["simulated_p95_t"]
    )
    t["interval_score_rel"] = [
        interval_score(lo, hi, y) / y
        for lo, hi, y in zip(t["simulated_p05_t"], t["simulated_p95_t"], t["observed_t"],
                             strict=True)
    ]  # fmt: skip
    sigmas: dict[str, float] | None = None
    if runs is not None:
        t["crps_t"] = [crps_ensemble(runs[(s, m)], y) for s, m, y in
                       zip(t["series"], t["month"], t["observed_t"], strict=True)]  # fmt: skip
        sigmas = fit_discrepancy(t, runs)
        members = [predictive_members(runs[(s, m)], sigmas[s]) for s, m in
                   zip(t["series"], t["month"], strict=True)]  # fmt: skip
        t["predictive_p05_t"] = [float(np.quantile(v, 0.05)) for v in members]
        t["predictive_p95_t"] = [float(np.quantile(v, 0.95)) for v in members]
        t["in_predictive_band"] = (t["observed_t"] >= t["predictive_p05_t"]) & (
            t["observed_t"] <= t["predictive_p95_t"]
        )
        t["crps_predictive_t"] = [crps_ensemble(v, y) for v, y in
                                  zip(members, t["observed_t"], strict=True)]  # fmt: skip
        t["interval_score_predictive_rel"] = [
            interval_score(lo, hi, y) / y
            for lo, hi, y in zip(t["predictive_p05_t"], t["predictive_p95_t"],
                                 t["observed_t"], strict=True)
        ]  # fmt: skip
    order = {s: k for k, s in enumerate(SERIES)}
    t = t.sort_values(["series", "month"], key=lambda c: c.map(order) if c.name == "series"
                      else c).reset_index(drop=True)  # fmt: skip
    metrics: dict[str, Any] = {"by_series": {}}
    for name in _series_order(t):
        s = t[t["series"] == name]
        ins, out = s[s["sample"] == "in"], s[s["sample"] == "out"]
        metrics["by_series"][name] = {
            "mape_in_sample": _mape(ins["simulated_t"].to_numpy(), ins["observed_t"].to_numpy()),
            "mape_out_of_sample": _mape(
                out["simulated_t"].to_numpy(), out["observed_t"].to_numpy()
            ),
            "correlation": _corr(s["simulated_t"].to_numpy(), s["observed_t"].to_numpy()),
            "correlation_in_sample": _corr(
                ins["simulated_t"].to_numpy(), ins["observed_t"].to_numpy()
            ),
            "months_in_sample": int(len(ins)),
            "months_out_of_sample": int(len(out)),
            "months_fresh_hold_out": int((s["sample"] == "fresh").sum()),
        }
    head = t[t["series"].isin(POOLED)]
    ins, out = head[head["sample"] == "in"], head[head["sample"] == "out"]
    corrs = [metrics["by_series"][s]["correlation"] for s in POOLED
             if s in metrics["by_series"] and metrics["by_series"][s]["correlation"] is not None]  # fmt: skip
    every_in, every_out = t[t["sample"] == "in"], t[t["sample"] == "out"]
    fresh = head[head["sample"] == "fresh"]
    metrics.update(
        mape_in_sample=_mape(ins["simulated_t"].to_numpy(), ins["observed_t"].to_numpy()),
        mape_out_of_sample=_mape(out["simulated_t"].to_numpy(), out["observed_t"].to_numpy()),
        mape_fresh_hold_out=_mape(fresh["simulated_t"].to_numpy(), fresh["observed_t"].to_numpy()),
        mape_in_sample_all=_mape(every_in["simulated_t"].to_numpy(),
                                 every_in["observed_t"].to_numpy()),
        mape_out_of_sample_all=_mape(every_out["simulated_t"].to_numpy(),
                                     every_out["observed_t"].to_numpy()),
        correlation=float(np.mean(corrs)) if corrs else None,
        series=_series_order(t),
    )  # fmt: skip
    metrics["baselines"] = {}
    for base, col in BASELINES.items():
        entry: dict[str, Any] = {"by_series": {}}
        for series in [None, *_series_order(t)]:
            part = head if series is None else t[t["series"] == series]
            part = part.dropna(subset=[col])
            ins, out = part[part["sample"] == "in"], part[part["sample"] == "out"]
            scores = {
                "mape_in_sample": _mape(ins[col].to_numpy(), ins["observed_t"].to_numpy()),
                "mape_out_of_sample": _mape(out[col].to_numpy(), out["observed_t"].to_numpy()),
            }
            if series is None:
                entry.update(scores)
            else:
                entry["by_series"][series] = scores
        metrics["baselines"][base] = entry
    metrics["band_coverage"] = _by_sample(t, lambda p: _share(p["in_band"]))
    metrics["interval_score"] = {"model": _by_sample(t, lambda p: _mean(p["interval_score_rel"]))}
    if runs is not None and sigmas is not None:
        metrics["discrepancy_sigma_log"] = sigmas
        metrics["band_coverage_predictive"] = _by_sample(
            t, lambda p: _share(p["in_predictive_band"])
        )
        metrics["interval_score"]["model_predictive"] = _by_sample(
            t, lambda p: _mean(p["interval_score_predictive_rel"])
        )
        crps: dict[str, Any] = {}
        scored = [("model", "crps_t"), ("model_predictive", "crps_predictive_t"),
                  *BASELINES.items()]  # fmt: skip
        for name, col in scored:
            model = name.startswith("model")
            err = t[col] if model else (t[col] - t["observed_t"]).abs()
            frame = t.assign(_err=err, _rel=err / t["observed_t"]).dropna(subset=["_err"])
            entry = _by_sample(frame, lambda p: _mean(p["_rel"]))
            for series in entry["by_series"]:
                part = frame[frame["series"] == series]
                entry["by_series"][series]["crps_t"] = {
                    key: _mean(part.loc[part["sample"] == label, "_err"])
                    for label, key in SAMPLES.items()
                }
            crps[name] = entry
        metrics["crps"] = crps
    return t, metrics


def run_backtest(
    year: int = 2025,
    *,
    runs: int | None = None,
    parameters: dict[str, float] | None = None,
    progress: ProgressFn | None = None,
    posterior: bool | None = None,
    seed: int | None = None,
) -> BacktestResult:
    """Run ``backtest-<year>`` and compare its monthly exports with customs figures.

    Parameters
    ----------
    year : int
        Only 2025 is bundled.
    runs : int, optional
        Monte Carlo runs (the scenario's by default).
    parameters : dict, optional
        Replace the scenario's calibrated parameters (used by the calibration).
    posterior : bool, optional
        Draw the free parameters from the bundled posterior sample
        (``data/scenarios/backtest-2025-posterior.csv``), :data:`RUNS_PER_DRAW` runs per
        draw, so the bands carry parameter uncertainty. Default: yes when no
        ``parameters`` are given and the file exists.
    seed : int, optional
        Root seed (the scenario's by default); draws and runs derive from it.
    """
    scenario = load_scenario(f"backtest-{year}", parameters=parameters)
    n_runs = int(runs if runs is not None else scenario.runs)
    root = int(seed if seed is not None else scenario.seed)
    if posterior is None:
        posterior = parameters is None and posterior_path(year).is_file()
    draws: list[dict[str, float]] = []
    if posterior:
        draws = sample_posterior(year, max(1, n_runs // RUNS_PER_DRAW), seed=root)
        parts = []
        for k, draw in enumerate(draws):
            sc = load_scenario(f"backtest-{year}", parameters=draw)
            m = RUNS_PER_DRAW if k < len(draws) - 1 else n_runs - RUNS_PER_DRAW * k
            parts.append(simulate_exports(sc, runs=m, seed=root + 1 + k))
            if progress:
                progress(RUNS_PER_DRAW * k + m, n_runs)
        ds = xr.concat(parts, dim="run", combine_attrs="override")
        ds = ds.assign_coords(run=np.arange(ds.sizes["run"]))
        ds.attrs.update(seed=root, runs=int(ds.sizes["run"]),
                        parameter_draws=json.dumps(draws))  # fmt: skip
    else:
        ds = simulate_exports(scenario, runs=n_runs, seed=root, progress=progress)
    table, metrics = compare(monthly_exports(ds), observed_exports(), runs=monthly_runs(ds))
    events = scored_events({str(n) for n in ds["node"].values})
    share = onset_shares(scenario, draws, int(ds.sizes["run"]))
    onsets = simulated_onsets(ds, events["node"].dropna().tolist(), shortfall_share=share)
    records = score_disruptions(events, onsets)
    last = pd.Timestamp(ds["time"].values[-1]).date()
    horizon = max((last - ONSET_FROM).days, 0)
    metrics["disruptions"] = onset_summary(records, horizon_error_days=horizon)
    return BacktestResult(table=table, metrics=metrics, dataset=ds, scenario=scenario,
                          disruptions=records, parameter_draws=draws,
                          onset_share=share.tolist())  # fmt: skip


#: Monte Carlo runs per posterior draw in :func:`run_backtest`.
RUNS_PER_DRAW = 5


def onset_shares(scenario: Scenario, draws: list[dict[str, float]], n_runs: int) -> np.ndarray:
    """Onset shortfall share of every run (:data:`~chokepoints.scenarios.disruptions.
    ONSET_PARAMETER`): the scenario's value, or each posterior draw's for its
    :data:`RUNS_PER_DRAW` runs (the last draw takes the rest, as in :func:`run_backtest`);
    :data:`~chokepoints.scenarios.disruptions.DEFAULT_ONSET_SHORTFALL_SHARE` where
    neither has the parameter."""
    base = float(scenario.parameters.get(ONSET_PARAMETER, DEFAULT_ONSET_SHORTFALL_SHARE))
    out = np.full(n_runs, base)
    for k, draw in enumerate(draws):
        stop = n_runs if k == len(draws) - 1 else RUNS_PER_DRAW * (k + 1)
        out[RUNS_PER_DRAW * k : stop] = float(draw.get(ONSET_PARAMETER, base))
    return out


def posterior_path(year: int = 2025) -> Path:
    """The bundled posterior sample of ``backtest-<year>``'s free parameters."""
    return Path(
        str(resources.files("chokepoints.data") / "scenarios" / f"backtest-{year}-posterior.csv")
    )


def sample_posterior(year: int, n: int, *, seed: int) -> list[dict[str, float]]:
    """``n`` parameter sets drawn (with replacement, by weight) from the posterior file:
    columns = the scenario's parameters, plus ``weight``."""
    path = posterior_path(year)
    table = pd.read_csv(path)
    weights = table.pop("weight").to_numpy(np.float64) if "weight" in table else None
    p = None if weights is None else weights / weights.sum()
    rng = np.random.default_rng(np.random.SeedSequence([seed, 1]))
    rows = rng.choice(len(table), size=n, replace=True, p=p)
    return [{k: float(v) for k, v in table.iloc[i].items()} for i in rows]


def _prices_block() -> dict[str, Any]:
    """The ``prices`` block: :func:`chokepoints.market.price_path.prices_block`."""
    from chokepoints.market.price_path import prices_block

    return prices_block()
