"""Global sensitivity of a scenario's outcomes to its assumptions (SALib).

Which assumptions move the answer? Each :class:`Factor` is an assumption with a range
from a named source; a *sample* is one value per factor; evaluating a sample applies
the values to the compiled scenario and runs ``runs`` Monte Carlo runs of it. Every
sample uses the same seed (common random numbers), so differences between samples are
the factors' effect, not sampling noise.

Outcomes (:data:`OUTPUTS`), from the end-use sector nodes (country x sector), each the
mean over a sample's Monte Carlo runs:

- ``first_line_stop_day``: the day (0 = scenario start) a sector node's output first
  falls below the shortage threshold (``scenarios.runner.SHORTAGE_THRESHOLD``),
  ``horizon_days`` for a node that never does (censored), averaged over the nodes
  (the earliest node is uninformative: in the bundled scenarios some node is already
  short on day 0, after the recorded history);
- ``line_stops``: number of sector nodes that fall short at least once;
- ``lost_output_t``: output lost on shortage days, summed over sector nodes, t
  magnet-equivalent (``scenarios.summary.run_statistics``).

With a market (``market="dysprosium-oxide"``, the CLI's default), two price outcomes
come from :func:`chokepoints.market.path.market_path` run on the scenario with the same
``approval_scale`` and ``review_scale`` values as the dynamics (:data:`PRICE_OUTPUTS`):

- ``price_peak_ratio``: the highest monthly composite buyer price outside China
  (:data:`PRICE_REGION`) over the horizon, relative to the market's baseline;
- ``price_mean_ratio``: its mean over the horizon's months, weighted by days;

and one more factor, :data:`DEMAND_ELASTICITY` (the market's demand elasticity outside
China), which acts on prices only. The dynamics outcomes depend on the dynamics factors
only and the prices on the gate and elasticity factors only, so each is cached by the
values of its own factors (a Morris step or a Sobol ``A_B`` column in the other group
re-uses the cached value).

Methods (SALib, Herman & Usher 2017, doi:10.21105/joss.00097):

- **Morris** elementary effects (Morris 1991; ``mu_star`` of Campolongo et al. 2007):
  ``trajectories * (k + 1)`` samples; ``mu_star`` ranks the factors, ``sigma`` flags
  non-linear or interacting ones, ``mu_star_conf`` is a bootstrap 95% interval half-width.
- **Sobol** indices (Saltelli 2002, Saltelli et al. 2010 estimators) on a Sobol' sequence,
  first order ``S1`` and total ``ST`` with bootstrap 95% half-widths; ``base_samples *
  (k + 2)`` samples (``base_samples`` a power of 2).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from chokepoints.scenarios.runner import (
    CompiledScenario,
    chunk_plan,
    simulate_chunk,
)

if TYPE_CHECKING:
    from distributed import Client

#: Licence gates (``chokepoints.policy`` gate kind 1).
_LICENCE = 1


@dataclass(frozen=True)
class Factor:
    """An assumption varied by the analysis.

    Attributes
    ----------
    name : str
        Identifier (``approval_scale``, ...).
    low, high : float
        Range sampled (uniformly); a binary factor is ``0..1``, on at ``>= 0.5``.
    unit : str
        Unit of the value.
    meaning : str
        What the value changes in the scenario.
    source : str
        Where the range comes from.
    """

    name: str
    low: float
    high: float
    unit: str
    meaning: str
    source: str
    binary: bool = False


#: The factors, in order (docs/sensitivity.md quotes this table).
FACTORS: tuple[Factor, ...] = (
    Factor(
        "approval_scale",
        0.25,
        1.0,
        "x scenario approval probability",
        "multiplies the approval probability of every licence gate from the scenario's "
        "start day (the recorded history before it is left as fitted)",
        "0.25 = the 2025 drop as first fitted, approval before London (0.25) / after "
        "London (1.0); the recalibrated posterior medians, 0.356 / 0.887 = 0.40, lie "
        "inside the range, which is kept wide (data/scenarios/backtest-2025.yaml, "
        "scenarios.calibrate); 1.0 = as written",
    ),
    Factor(
        "review_scale",
        20.0 / 45.0,
        90.0 / 45.0,
        "x scenario mean review time",
        "multiplies the mean licence review time of every licence gate from the start day",
        "calibration grid 20-90 days around its prior 45 days (reported 30-63 days; "
        "scenarios.calibrate.PARAMETERS['review_days'])",
    ),
    Factor(
        "component_inventory_days",
        15.0,
        180.0,
        "days of use",
        "magnet cover held by component makers (every component-stage node)",
        "calibration grid 15-180 days: 4-6 weeks for carmakers (Reuters 2025-06-09) to 5-6 "
        "months for US manufacturers (Quest Metals, late 2025); "
        "scenarios.calibrate.PARAMETERS['component_inventory_days']",
    ),
    Factor(
        "qualification_days",
        21.0,
        210.0,
        "days",
        "days a customer needs to qualify another supplier before rerouting",
        "3 weeks (initial technical screening) to 7 months (full automotive NdFeB "
        "qualification 4-7 months incl. PPAP and audit): Mainrich International, 'How to "
        "qualify a Chinese NdFeB supplier' (vendor guide, secondary; "
        "https://www.mainrichinternational.com/resources/articles/"
        "qualify-chinese-ndfeb-supplier-tier-1-automotive-robotics-playbook)",
    ),
    Factor(
        "substitution",
        0.0,
        1.0,
        "off (<0.5) / on (>=0.5)",
        "recipe substitutes used when the main input runs short",
        "the scenario switch (assumptions.substitution), both settings",
        binary=True,
    ),
)

#: The market's demand elasticity outside China (magnitude; acts on prices only).
DEMAND_ELASTICITY = Factor(
    "demand_elasticity",
    0.97,
    1.65,
    "|composite demand elasticity| outside China",
    "the market's composite demand elasticity of every importer outside China "
    "(set to minus the value); the bundled Dy oxide market has 1.21",
    "derived: the market's own fit 0.26 ** (-1 / e) = price ratio, with the ends of the "
    "Argus Europe Dy oxide range, 250-310 -> 700-1,000 USD/kg (ratios 700/310 = 2.26 -> "
    "e = 1.65; 1000/250 = 4.0 -> e = 0.97) (src/chokepoints/data/market/markets/dysprosium-oxide.yaml, composite_demand citation)",
)

#: Factors that reach the market (the rest act on the dynamics only).
MARKET_FACTORS = ("approval_scale", "review_scale", "demand_elasticity")

#: Dynamics outcomes, with units.
DYNAMICS_OUTPUTS = {
    "first_line_stop_day": "day (mean over sector nodes; horizon_days if never short)",
    "line_stops": "sector nodes short at least once",
    "lost_output_t": "t magnet-equivalent",
}

#: Price outcomes (with a market), with units.
PRICE_OUTPUTS = {
    "price_peak_ratio": "highest monthly buyer price outside China / baseline",
    "price_mean_ratio": "day-weighted mean monthly buyer price outside China / baseline",
}

#: Every outcome, in column order of ``Y`` (price columns NaN without a market).
OUTPUTS = {**DYNAMICS_OUTPUTS, **PRICE_OUTPUTS}

#: The market region whose price the price outcomes read (Europe: Argus reference).
PRICE_REGION = "EUR"

ProgressFn = Callable[[int, int], None]


def factor_named(name: str) -> Factor:
    """The factor called ``name`` (error listing the known ones otherwise)."""
    for f in (*FACTORS, DEMAND_ELASTICITY):
        if f.name == name:
            return f
    known = ", ".join(f.name for f in FACTORS)
    raise KeyError(f"no factor named {name!r} (expected one of {known})")


def factors_for(
    model: CompiledScenario, market: str | None = None
) -> tuple[tuple[Factor, ...], list[str]]:
    """The factors that can act on ``model`` (and ``market``), and a note for each left out.

    ``substitution`` is left out when no input of the world has a recipe substitute
    (then the switch changes nothing; the bundled 2024 world has none).
    :data:`DEMAND_ELASTICITY` is added when a ``market`` is given.
    """
    notes = []
    out = list(FACTORS) + ([DEMAND_ELASTICITY] if market else [])
    if not (model.compiled.slot_sub >= 0).any():
        out = [f for f in out if f.name != "substitution"]
        notes.append("substitution left out: no input of this world has a recipe substitute, "
                     "so the switch changes nothing")  # fmt: skip
    return tuple(out), notes


def problem(factors: Sequence[Factor] = FACTORS) -> dict[str, Any]:
    """SALib's problem dict for ``factors``."""
    return {
        "num_vars": len(factors),
        "names": [f.name for f in factors],
        "bounds": [[f.low, f.high] for f in factors],
    }


def apply_factors(model: CompiledScenario, values: dict[str, float]) -> CompiledScenario:
    """The compiled scenario with factor ``values`` applied (factors left out unchanged)."""
    s, c, g, p = model.scenario, model.compiled, model.gates, model.params
    if "approval_scale" in values or "review_scale" in values:
        lic = g.kind == _LICENCE
        lic[: s.spin_up_days] = False  # the recorded history stays as fitted
        prob, review = g.approval_prob, g.review_days
        if "approval_scale" in values:
            prob = np.where(lic, np.clip(prob * values["approval_scale"], 0.0, 1.0), prob)
        if "review_scale" in values:
            review = np.where(lic, review * values["review_scale"], review)
        g = dataclasses.replace(g, approval_prob=prob, review_days=review)
    if "component_inventory_days" in values:
        days = float(values["component_inventory_days"])
        slots = (model.node_stage == "component")[c.slot_node]
        inv_days = c.slot_inv_days.copy()
        inv_days[slots] = days
        inv0 = c.inv0.copy()
        # as compile_world sets it: baseline use of the input times the days of cover
        inv0[slots] = c.x0[c.slot_node[slots]] * c.slot_a[slots] * days
        c = dataclasses.replace(c, slot_inv_days=inv_days, inv0=inv0)
    if "qualification_days" in values:
        p = dataclasses.replace(p, qualification_days=int(round(values["qualification_days"])))
    if "substitution" in values:
        p = dataclasses.replace(p, substitution=bool(values["substitution"] >= 0.5))
    return dataclasses.replace(model, compiled=c, gates=g, params=p)


def outcomes(model: CompiledScenario, runs: int, seed: int) -> np.ndarray:
    """The :data:`OUTPUTS` of one compiled scenario, means over ``runs`` runs, shape (3,)."""
    from chokepoints.ensemble.runner import chunk_dataset
    from chokepoints.scenarios.summary import run_statistics

    rec = np.nonzero(model.node_stage == "sector")[0].astype(np.int64)
    prod = np.concatenate(
        [simulate_chunk(model, m, child, rec) for _, m, child in chunk_plan(runs, seed)]
    )
    st = run_statistics(chunk_dataset(model, prod, 0, rec))
    first = st["first_shortage_day"].values  # run x node, NaN when never short
    # a node that never falls short counts as the horizon (censored)
    first_day = np.where(np.isfinite(first), first, float(model.scenario.horizon_days))
    stops = np.isfinite(first).sum(axis=1)
    lost = st["lost_output_t"].values.sum(axis=1)
    return np.array([first_day.mean(), stops.mean(), lost.mean()])


def price_outcomes(model: CompiledScenario, market: str, values: dict[str, float]) -> np.ndarray:
    """The :data:`PRICE_OUTPUTS` of the scenario's market run under factor ``values``.

    ``market`` is a bundled market name (``dysprosium-oxide``); ``approval_scale``,
    ``review_scale`` and ``demand_elasticity`` in ``values`` act on it (others are
    ignored). Returns shape (2,): peak and day-weighted mean of the monthly buyer price
    in :data:`PRICE_REGION` relative to the baseline (``inf`` when nothing can reach it).
    """
    from chokepoints.market.io import builtin_baseline_date, load_builtin_market
    from chokepoints.market.path import market_path

    spec = load_builtin_market(market)
    if PRICE_REGION not in spec.regions:
        raise ValueError(f"market {market!r} has no region {PRICE_REGION} "
                         f"(regions: {list(spec.regions)})")  # fmt: skip
    if "demand_elasticity" in values:
        for r in spec.regions:
            if r != "CHN":
                spec = spec.with_elasticity(
                    "composite_demand", -float(values["demand_elasticity"]), r
                )
    ds = market_path(model.scenario, spec, baseline_date=builtin_baseline_date(market),
                     approval_scale=float(values.get("approval_scale", 1.0)),
                     review_scale=float(values.get("review_scale", 1.0)))  # fmt: skip
    price = ds["price_index_ratio"].sel(region=PRICE_REGION).values
    days = ds["days"].values.astype(float)
    with np.errstate(invalid="ignore"):
        mean = float((price * days).sum() / days.sum())
    return np.array([float(price.max()), mean])


def evaluate_batch(
    model: CompiledScenario,
    names: Sequence[str],
    rows: np.ndarray,
    runs: int,
    seed: int,
    numba_threads: int | None = None,
    market: str | None = None,
    cache: dict[Any, np.ndarray] | None = None,
) -> np.ndarray:
    """Outcomes of the samples ``rows`` (n, k), shape (n, len(OUTPUTS)).

    Price columns are NaN without a ``market``. ``cache`` (a dict, filled here) holds the
    dynamics outcomes by the values of the dynamics factors and the prices by the values
    of :data:`MARKET_FACTORS`, so a sample that differs only in the other group's
    factors is not re-run.
    """
    if numba_threads is not None:
        from chokepoints.ensemble.runner import _set_threads

        _set_threads(numba_threads)
    cache = {} if cache is None else cache
    n_dyn = len(DYNAMICS_OUTPUTS)
    out = np.full((rows.shape[0], len(OUTPUTS)), np.nan)
    for i, row in enumerate(rows):
        values = dict(zip(names, (float(v) for v in row), strict=True))
        dyn = {k: v for k, v in values.items() if k != DEMAND_ELASTICITY.name}
        key = ("dynamics", tuple(sorted(dyn.items())))
        if key not in cache:
            cache[key] = outcomes(apply_factors(model, dyn), runs, seed)
        out[i, :n_dyn] = cache[key]
        if market is not None:
            mv = {k: v for k, v in values.items() if k in MARKET_FACTORS}
            key = ("prices", tuple(sorted(mv.items())))
            if key not in cache:
                cache[key] = price_outcomes(model, market, mv)
            out[i, n_dyn:] = cache[key]
    return out


def evaluate(
    model: CompiledScenario,
    X: np.ndarray,
    factors: Sequence[Factor] = FACTORS,
    *,
    runs: int = 25,
    seed: int | None = None,
    client: Client | None = None,
    batch: int = 8,
    progress: ProgressFn | None = None,
    market: str | None = None,
) -> np.ndarray:
    """Outcomes of every sample of ``X`` (n, k), in this process or on a Dask cluster.

    With a ``market`` (bundled market name) the price columns are filled too; the
    outcome cache (:func:`evaluate_batch`) spans all batches in this process, and one
    batch on a cluster.

    Returns
    -------
    ndarray, shape (n_samples, len(OUTPUTS))
        Columns in :data:`OUTPUTS` order.
    """
    names = [f.name for f in factors]
    sd = int(model.scenario.seed if seed is None else seed)
    n = X.shape[0]
    Y = np.empty((n, len(OUTPUTS)))
    starts = list(range(0, n, batch))
    if progress:
        progress(0, n)
    if client is None:
        cache: dict[Any, np.ndarray] = {}
        for a in starts:
            Y[a : a + batch] = evaluate_batch(model, names, X[a : a + batch], runs, sd,
                                              market=market, cache=cache)  # fmt: skip
            if progress:
                progress(min(a + batch, n), n)
        return Y
    from distributed import as_completed

    [mf] = client.scatter([model], broadcast=True, hash=False)
    futs = {client.submit(evaluate_batch, mf, names, X[a : a + batch], runs, sd, 1, market,
                          pure=False, retries=2): a for a in starts}  # fmt: skip
    done = 0
    for fut in as_completed(list(futs)):
        a = futs[fut]
        Y[a : a + batch] = fut.result()
        done += min(batch, n - a)
        if progress:
            progress(done, n)
    client.cancel([mf])
    return Y


def _outputs(market: str | None) -> list[str]:
    """The outcomes analysed: the dynamics ones, and the prices with a market."""
    return list(OUTPUTS) if market else list(DYNAMICS_OUTPUTS)


def _rows(result: Any, factors: Sequence[Factor], output: str, cols: Sequence[str]
          ) -> list[dict[str, Any]]:  # fmt: skip
    rows = []
    for i, f in enumerate(factors):
        row: dict[str, Any] = {"output": output, "factor": f.name}
        for col in cols:
            v = float(np.asarray(result[col])[i])
            row[col] = v if np.isfinite(v) else None
        rows.append(row)
    return rows


def _rank(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    ordered = sorted(rows, key=lambda r: -(r[key] if r[key] is not None else -np.inf))
    for i, r in enumerate(ordered, 1):
        r["rank"] = i
    return ordered


def morris(
    model: CompiledScenario,
    *,
    factors: Sequence[Factor] = FACTORS,
    trajectories: int = 10,
    runs: int = 25,
    seed: int | None = None,
    client: Client | None = None,
    progress: ProgressFn | None = None,
    market: str | None = None,
) -> dict[str, Any]:
    """Morris screening: ``mu_star`` (with its 95% half-width), ``mu``, ``sigma`` per factor.

    Returns a dict with ``samples``, ``rows`` (one per output and factor, ranked by
    ``mu_star`` within each output, ``rank`` 1 first) and the sampled ``X``/``Y``.
    """
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    pb = problem(factors)
    sd = int(model.scenario.seed if seed is None else seed) % (2**32)
    X = sample.sample(pb, trajectories, num_levels=4, seed=sd)
    Y = evaluate(model, X, factors, runs=runs, seed=seed, client=client, progress=progress,
                 market=market)  # fmt: skip
    rows = []
    cols = ("mu_star", "mu_star_conf", "mu", "sigma")
    for j, out in enumerate(_outputs(market)):
        if not np.isfinite(Y[:, j]).all():  # e.g. a price with no supply left: no effects
            res: Any = {c: np.full(len(factors), np.nan) for c in cols}
        else:
            res = analyze.analyze(pb, X, Y[:, j], num_resamples=200, conf_level=0.95,
                                  num_levels=4, seed=sd)  # fmt: skip
        rows += _rank(_rows(res, factors, out, cols), "mu_star")
    return {"method": "morris", "samples": int(X.shape[0]), "trajectories": trajectories,
            "rows": rows, "X": X, "Y": Y}  # fmt: skip


def sobol(
    model: CompiledScenario,
    *,
    factors: Sequence[Factor] = FACTORS,
    base_samples: int = 64,
    runs: int = 25,
    seed: int | None = None,
    client: Client | None = None,
    progress: ProgressFn | None = None,
    market: str | None = None,
) -> dict[str, Any]:
    """Sobol indices: ``S1`` and ``ST`` with 95% half-widths per factor and output.

    ``base_samples`` must be a power of 2 (Sobol' sequence balance). Returns a dict with
    ``samples``, ``rows`` (ranked by ``ST`` within each output) and ``X``/``Y``. An output
    that does not vary over the samples has no indices (``None``).
    """
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    if base_samples < 2 or base_samples & (base_samples - 1):
        raise ValueError(f"base_samples is {base_samples} (expected a power of 2, e.g. 64)")
    pb = problem(factors)
    sd = int(model.scenario.seed if seed is None else seed) % (2**32)
    X = sample.sample(pb, base_samples, calc_second_order=False, seed=sd)
    Y = evaluate(model, X, factors, runs=runs, seed=seed, client=client, progress=progress,
                 market=market)  # fmt: skip
    rows = []
    cols = ("S1", "S1_conf", "ST", "ST_conf")
    res: Any
    for j, out in enumerate(_outputs(market)):
        y = Y[:, j]
        if np.ptp(y) == 0 or not np.isfinite(y).all():
            res = {c: np.full(len(factors), np.nan) for c in cols}
        else:
            res = analyze.analyze(pb, y, calc_second_order=False, num_resamples=200,
                                  conf_level=0.95, seed=sd)  # fmt: skip
        rows += _rank(_rows(res, factors, out, cols), "ST")
    return {"method": "sobol", "samples": int(X.shape[0]), "base_samples": base_samples,
            "rows": rows, "X": X, "Y": Y}  # fmt: skip


def run_sensitivity(
    model: CompiledScenario,
    *,
    methods: Sequence[str] = ("morris", "sobol"),
    trajectories: int = 10,
    base_samples: int = 64,
    runs: int = 25,
    seed: int | None = None,
    client: Client | None = None,
    progress: Callable[[str], ProgressFn] | None = None,
    market: str | None = None,
) -> dict[str, Any]:
    """Morris and/or Sobol analysis of ``model`` over :func:`factors_for` its factors.

    With ``market`` (a bundled market name, e.g. ``dysprosium-oxide``) the price
    outcomes and the :data:`DEMAND_ELASTICITY` factor are added.

    Returns a dict: ``scenario``, ``seed``, ``runs_per_sample``, ``market``, ``outputs``
    (the names analysed), ``factors`` (the :class:`Factor` objects), ``notes`` and one
    entry per method (see :func:`morris`, :func:`sobol`). ``progress(method)`` returns
    the progress callback of that method.
    """
    unknown = [m for m in methods if m not in ("morris", "sobol")]
    if unknown or not methods:
        raise ValueError(f"methods are {list(methods)} (expected morris and/or sobol)")
    factors, notes = factors_for(model, market)
    if market is None:
        notes.append("no market: price outcomes and demand_elasticity left out")
    sd = int(model.scenario.seed if seed is None else seed)
    out: dict[str, Any] = {"scenario": model.scenario.name, "seed": sd, "runs_per_sample": runs,
                           "horizon_days": model.scenario.horizon_days, "market": market,
                           "price_region": PRICE_REGION if market else None,
                           "outputs": _outputs(market), "factors": factors,
                           "notes": notes}  # fmt: skip
    common = {"factors": factors, "runs": runs, "seed": sd, "client": client, "market": market}
    if "morris" in methods:
        out["morris"] = morris(model, trajectories=trajectories,
                               progress=progress("morris") if progress else None,
                               **common)  # type: ignore[arg-type]  # fmt: skip
    if "sobol" in methods:
        out["sobol"] = sobol(model, base_samples=base_samples,
                             progress=progress("sobol") if progress else None,
                             **common)  # type: ignore[arg-type]  # fmt: skip
    return out
