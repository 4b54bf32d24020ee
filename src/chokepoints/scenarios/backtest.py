"""The 2025 backtest: China's simulated monthly magnet exports against customs figures.

Simulated exports are the output of the export probes of
:func:`~chokepoints.scenarios.runner.add_export_probes` (one per flow from a Chinese
magnet node to a foreign customer), summed per calendar month: what left China that
month, as customs would count it. Two series: ``world`` (all destinations) and ``usa``.

Observed: ``data/raw/china_magnet_exports_customs_news`` (GAC figures quoted by
Reuters/Bloomberg; see its SOURCES.md). Months up to :data:`IN_SAMPLE_END` are the
calibration sample; later months are held out.

Metrics (each per series and pooled over both):

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
    ONSET_FROM,
    onset_summary,
    score_disruptions,
    scored_events,
    simulated_onsets,
)
from chokepoints.scenarios.runner import (
    ProgressFn,
    add_export_probes,
    compile_scenario,
    run_compiled,
    scenario_world,
)
from chokepoints.scenarios.spec import Scenario, load_scenario

#: Last month of the calibration sample.
IN_SAMPLE_END = "2025-10"

#: Series name -> destination in the customs file and the probe filter.
SERIES = {"world": ("World", None), "usa": ("United States", "USA")}

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
            "band_coverage": m.get("band_coverage"),
            "band_coverage_predictive": m.get("band_coverage_predictive"),
            "discrepancy_sigma_log": m.get("discrepancy_sigma_log"),
            "crps": m.get("crps"),
            "baselines": m.get("baselines"),
            "disruptions": {"summary": m.get("disruptions"), "events": self.disruptions},
            # Dy/Tb oxide price path against dated quotes (chokepoints.market.price_path)
            "prices": _prices_block() if self.scenario.name == "backtest-2025" else None,
            "metrics": m,
            "months": self.table.drop(
                columns=["in_band", "in_predictive_band"], errors="ignore"
            ).to_dict(orient="records"),
        }

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
    world = add_export_probes(scenario_world(scenario))
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


def discrepancy_sigma(t: pd.DataFrame) -> float:
    """Model-discrepancy scale: root mean square of ``log(observed / simulated mean)``
    over the in-sample months (both series), estimated on the calibration sample only.

    It stands for what the model does not represent (seasonality, restocking beyond
    the 2024 level, reporting noise, derived months) and widens the predictive band.
    """
    ins = t[t["sample"] == "in"]
    r = np.log(ins["observed_t"].to_numpy() / np.maximum(ins["simulated_t"].to_numpy(), 1e-9))
    return float(np.sqrt(np.mean(r**2))) if r.size else 0.0


def predictive_members(runs: np.ndarray, sigma: float) -> np.ndarray:
    """Posterior predictive ensemble: each run times ``exp(sigma z)`` for fixed normal
    quantiles ``z`` (a lognormal discrepancy around every run)."""
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


def _share(flags: pd.Series) -> float | None:
    return float(flags.mean()) if len(flags) else None


def _mean(values: pd.Series) -> float | None:
    return float(values.mean()) if len(values) else None


def _by_sample(t: pd.DataFrame, fn: Any) -> dict[str, Any]:
    """``fn`` over in-sample, out-of-sample and all months: pooled and per series."""
    out: dict[str, Any] = {"by_series": {}}
    for series in [None, *SERIES]:
        part = t if series is None else t[t["series"] == series]
        scores = {"in_sample": fn(part[part["sample"] == "in"]),
                  "out_of_sample": fn(part[part["sample"] == "out"]), "all": fn(part)}  # fmt: skip
        if series is None:
            out.update(scores)
        else:
            out["by_series"][series] = scores
    return out


def compare(
    sim: pd.DataFrame,
    obs: pd.DataFrame,
    runs: dict[tuple[str, str], np.ndarray] | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Join simulated and observed months (full simulated months only) and score them.

    Always: ``band_coverage``, the share of observed months inside the simulated 5-95%
    band (licence draws and, with a posterior, parameter draws). With ``runs`` (from
    :func:`monthly_runs`) also: ``discrepancy_sigma_log`` (:func:`discrepancy_sigma`),
    ``band_coverage_predictive`` (the band of the posterior predictive ensemble,
    :func:`predictive_members`), and ``crps`` for ``model`` (the runs),
    ``model_predictive`` and the naive baselines (a point forecast's CRPS is its
    absolute error): mean CRPS in t/month per series (``crps_t``) and relative CRPS,
    mean CRPS / observed (the probabilistic counterpart of MAPE), pooled and per series.
    """
    full = sim[sim["days_simulated"] >= 28]
    t = obs.merge(full, on=["month", "series"], how="inner")
    t = t.merge(baseline_predictions(obs), on=["month", "series"], how="left")
    t["sample"] = np.where(t["month"] <= IN_SAMPLE_END, "in", "out")
    t["abs_pct_error"] = (t["simulated_t"] - t["observed_t"]).abs() / t["observed_t"]
    t["in_band"] = (t["observed_t"] >= t["simulated_p05_t"]) & (
        t["observed_t"] <= t["simulated_p95_t"]
    )
    sigma = None
    if runs is not None:
        t["crps_t"] = [crps_ensemble(runs[(s, m)], y) for s, m, y in
                       zip(t["series"], t["month"], t["observed_t"], strict=True)]  # fmt: skip
        sigma = discrepancy_sigma(t)
        members = [predictive_members(runs[(s, m)], sigma) for s, m in
                   zip(t["series"], t["month"], strict=True)]  # fmt: skip
        t["predictive_p05_t"] = [float(np.quantile(v, 0.05)) for v in members]
        t["predictive_p95_t"] = [float(np.quantile(v, 0.95)) for v in members]
        t["in_predictive_band"] = (t["observed_t"] >= t["predictive_p05_t"]) & (
            t["observed_t"] <= t["predictive_p95_t"]
        )
        t["crps_predictive_t"] = [crps_ensemble(v, y) for v, y in
                                  zip(members, t["observed_t"], strict=True)]  # fmt: skip
    t = t.sort_values(["series", "month"]).reset_index(drop=True)
    metrics: dict[str, Any] = {"by_series": {}}
    for name in SERIES:
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
        }
    ins, out = t[t["sample"] == "in"], t[t["sample"] == "out"]
    corrs = [
        v["correlation"] for v in metrics["by_series"].values() if v["correlation"] is not None
    ]
    metrics.update(
        mape_in_sample=_mape(ins["simulated_t"].to_numpy(), ins["observed_t"].to_numpy()),
        mape_out_of_sample=_mape(out["simulated_t"].to_numpy(), out["observed_t"].to_numpy()),
        correlation=float(np.mean(corrs)) if corrs else None,
    )
    metrics["baselines"] = {}
    for base, col in BASELINES.items():
        entry: dict[str, Any] = {"by_series": {}}
        for series in [None, *SERIES]:
            part = t if series is None else t[t["series"] == series]
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
    if runs is not None:
        metrics["discrepancy_sigma_log"] = sigma
        metrics["band_coverage_predictive"] = _by_sample(
            t, lambda p: _share(p["in_predictive_band"])
        )
        crps: dict[str, Any] = {}
        scored = [("model", "crps_t"), ("model_predictive", "crps_predictive_t"),
                  *BASELINES.items()]  # fmt: skip
        for name, col in scored:
            model = name.startswith("model")
            err = t[col] if model else (t[col] - t["observed_t"]).abs()
            frame = t.assign(_err=err, _rel=err / t["observed_t"]).dropna(subset=["_err"])
            entry = _by_sample(frame, lambda p: _mean(p["_rel"]))
            for series in SERIES:
                part = frame[frame["series"] == series]
                entry["by_series"][series]["crps_t"] = {
                    "in_sample": _mean(part.loc[part["sample"] == "in", "_err"]),
                    "out_of_sample": _mean(part.loc[part["sample"] == "out", "_err"]),
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
    records = score_disruptions(events, simulated_onsets(ds, events["node"].dropna().tolist()))
    last = pd.Timestamp(ds["time"].values[-1]).date()
    horizon = max((last - ONSET_FROM).days, 0)
    metrics["disruptions"] = onset_summary(records, horizon_error_days=horizon)
    return BacktestResult(table=table, metrics=metrics, dataset=ds, scenario=scenario,
                          disruptions=records, parameter_draws=draws)  # fmt: skip


#: Monte Carlo runs per posterior draw in :func:`run_backtest`.
RUNS_PER_DRAW = 5


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
