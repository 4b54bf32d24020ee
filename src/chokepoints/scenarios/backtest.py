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

from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

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

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: scenario, metrics and one record per month and series."""
        ds = self.dataset
        return {
            "scenario": self.scenario.name,
            "scenario_hash": ds.attrs.get("scenario_hash"),
            "seed": ds.attrs.get("seed"),
            "runs": ds.attrs.get("runs"),
            "parameters": dict(self.scenario.parameters),
            "in_sample_end": IN_SAMPLE_END,
            "metrics": self.metrics,
            "months": self.table.to_dict(orient="records"),
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
    scenario: Scenario, *, runs: int | None = None, progress: ProgressFn | None = None
) -> xr.Dataset:
    """Daily exports per probe and run: ``production`` (run, time, node), t/day."""
    world = add_export_probes(scenario_world(scenario))
    model = compile_scenario(scenario, world=world)
    probes = np.nonzero(np.char.find(model.compiled.node_ids.astype(str), ">export>") >= 0)[0]
    return run_compiled(model, runs=runs, progress=progress, record_nodes=probes)


def monthly_exports(ds: xr.Dataset) -> pd.DataFrame:
    """Monthly simulated exports per series: mean, 5% and 95% over runs, t/month."""
    dest = np.array([str(n).rsplit(">", 1)[-1].split(":", 1)[0] for n in ds["node"].values])
    months = pd.DatetimeIndex(ds["time"].values).strftime("%Y-%m")
    rows = []
    for name, (_, code) in SERIES.items():
        mask = np.ones(dest.size, bool) if code is None else dest == code
        daily = ds["production"].values[:, :, mask].astype(np.float64).sum(axis=2)  # run x time
        frame = pd.DataFrame(daily.T, index=months)
        per_month = frame.groupby(level=0).sum()  # month x run
        days = frame.groupby(level=0).size()
        for month, vals in per_month.iterrows():
            v = vals.to_numpy()
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


def compare(sim: pd.DataFrame, obs: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Join simulated and observed months (full simulated months only) and score them."""
    full = sim[sim["days_simulated"] >= 28]
    t = obs.merge(full, on=["month", "series"], how="inner")
    t = t.merge(baseline_predictions(obs), on=["month", "series"], how="left")
    t["sample"] = np.where(t["month"] <= IN_SAMPLE_END, "in", "out")
    t["abs_pct_error"] = (t["simulated_t"] - t["observed_t"]).abs() / t["observed_t"]
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
    return t, metrics


def run_backtest(
    year: int = 2025,
    *,
    runs: int | None = None,
    parameters: dict[str, float] | None = None,
    progress: ProgressFn | None = None,
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
    """
    scenario = load_scenario(f"backtest-{year}", parameters=parameters)
    ds = simulate_exports(scenario, runs=runs, progress=progress)
    table, metrics = compare(monthly_exports(ds), observed_exports())
    return BacktestResult(table=table, metrics=metrics, dataset=ds, scenario=scenario)
