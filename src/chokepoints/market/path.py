"""The market run from a scenario: one equilibrium per month, from the measures in force.

A scenario (the YAML the dynamics engine runs) also drives the market::

    from chokepoints.market.path import market_path
    from chokepoints.scenarios.spec import load_scenario
    ds = market_path(load_scenario("escalation"), "dysprosium-oxide")
    ds["price_index_ratio"].sel(region="USA")       # (month,) buyer price / baseline

For every bilateral flow of the market (exporter -> importer with baseline trade), the
scenario's policy timeline (cut-off and overrides applied, exactly as for the dynamics
run) is compiled into daily gates with :func:`chokepoints.policy.compile_gates`, and each
calendar month of the horizon becomes one set of market measures:

- **cap share** (the market's ``quota_share``): the mean over the month's days of the
  share of baseline shipments that may move on that day - 0 on a ban (``closed``); on a
  licence, the approval probability once the first reviews are through (0 during the
  first ``review_days_mean`` days after the licence requirement starts, so a new regime
  bites before its approvals arrive); 1 when open. It is divided by the same share on the
  market's baseline date, so a regime already in the baseline is not counted twice.
- **content rules** (MOFCOM No. 61's 0.1% rule) see the China-origin content of the
  product made in the exporting country, from the scenario's world, as the dynamics gates
  do; end-use rules stay conditional (a market flow has no single end use).
- **export tax, import tariff**: the timeline's rates (month mean) scale the market's
  baseline wedge: ``1 + t1 = (1 + t0) (1 + r_month) / (1 + r_baseline_date)``, so a rate
  already in force on the baseline date is not counted twice.

Quotas in tonnes (``quota`` gates) are reported in ``attrs["not_mapped"]`` and not
applied: the market counts trade in value. Each month is solved on its own, against the
same baseline (a static equilibrium per month, without stocks carried between months).

The baseline date of a bundled market is its file's ``baseline_date`` (the date its
reference prices describe); markets built from the world use the world's data year end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import xarray as xr

from chokepoints.engines.market.model import MarketSpec, simulate_market
from chokepoints.errors import DataError
from chokepoints.policy import compile_gates
from chokepoints.policy.countries import check_country
from chokepoints.policy.gates import CLOSED, LICENCE, QUOTA
from chokepoints.scenarios.spec import Scenario

#: Market region ids that are not country codes, and the policy region they stand for.
REGION_ALIASES: dict[str, str] = {"EUR": "EU27", "EU": "EU27", "RW": "ROW", "ROW": "ROW"}

#: Baseline date of markets built from the world (its flows describe 2024).
WORLD_BASELINE_DATE = dt.date(2024, 12, 31)


def policy_region(region: str) -> str:
    """The policy country code of a market region (``EUR`` -> ``EU27``)."""
    code = REGION_ALIASES.get(region, region)
    return check_country(code, f"market region {region!r}")


def _months(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of each calendar month touching [first, last], clipped."""
    out = []
    day = first
    while day <= last:
        nxt = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        out.append((day, min(nxt - dt.timedelta(days=1), last)))
        day = nxt
    return out


def shippable_share(kind: np.ndarray, approval: np.ndarray, review: np.ndarray) -> np.ndarray:
    """Share of baseline shipments that may move on each day, per flow.

    Parameters
    ----------
    kind, approval, review : ndarray, shape (n_days, n_flows)
        Gate kind codes, approval probability and mean review days (from the gates).

    Returns
    -------
    ndarray, shape (n_days, n_flows)
        0 when closed; on a licence, the approval probability from ``review`` days after
        the licence requirement began (0 before); 1 when open. Quota days follow the
        licence rule with the gate's own approval and review: a quota without a licence has
        approval 1 and no review, so it counts as open; a quota on top of a licence acts
        as that licence. Tonnage caps are not applied here (see the module docstring).
    """
    n_days, n_flows = kind.shape
    out = np.ones((n_days, n_flows))
    licensed = (kind == LICENCE) | (kind == QUOTA)
    for f in range(n_flows):
        since = -1  # first day of the current licence spell
        for t in range(n_days):
            if kind[t, f] == CLOSED:
                out[t, f] = 0.0
                since = -1
            elif licensed[t, f]:
                if since < 0:
                    since = t
                waited = t - since >= review[t, f]
                out[t, f] = approval[t, f] if (waited or since == 0) else 0.0
            else:
                since = -1
    return out


def market_path(
    scenario: Scenario,
    market: str | MarketSpec,
    *,
    baseline_date: dt.date | None = None,
    approval_scale: float = 1.0,
    review_scale: float = 1.0,
) -> xr.Dataset:
    """Monthly market equilibria under a scenario's measures.

    Parameters
    ----------
    scenario : Scenario
        From :func:`chokepoints.scenarios.spec.load_scenario`.
    market : str or MarketSpec
        A bundled market name (``dysprosium-oxide``), a world product id
        (``magnet:ndfeb``, built from the scenario's world), or a compiled spec.
    baseline_date : date, optional
        The day whose measures the market's baseline already contains (default: the
        bundled file's ``baseline_date``, or :data:`WORLD_BASELINE_DATE`).
    approval_scale, review_scale : float, optional
        Multipliers (default 1, no change) of the approval probability (clipped to
        [0, 1]) and of the mean review days of every licence gate from the scenario's
        ``start`` on, the same transform as the sensitivity factors of those names apply
        to the dynamics gates (:func:`chokepoints.sensitivity.analysis.apply_factors`).
        The baseline date's share is taken before scaling: the market's baseline holds
        the measures as observed.

    Returns
    -------
    xarray.Dataset
        Dimensions ``month`` (first day of each month, datetime64), ``region``,
        ``exporter``, ``importer``. Variables: ``price_index_ratio`` and
        ``world_price_ratio`` (month, region; 1 = baseline), ``reference_price_new``
        (observed baseline price x ratio, where the market has one), ``supply_ratio``,
        ``welfare_change`` and ``quota_rent`` (month, region); ``quantity_new`` and
        ``cap_share``, ``tariff``, ``export_tax`` (month, exporter, importer). Units in
        each variable's attrs; attrs name the scenario, its hash, the market, the
        baseline date and measures not mapped.

    Raises
    ------
    NotFoundError
        For an unknown market, or a market region that is not a country code.
    DataError
        If the market's product is not a product id the timeline can gate.
    """
    pm = path_measures(
        scenario,
        market,
        baseline_date=baseline_date,
        approval_scale=approval_scale,
        review_scale=review_scale,
    )
    return solve_path(pm)


@dataclass(frozen=True)
class PathMeasures:
    """The scenario's measures on a market, month by month, before any equilibrium.

    Built once by :func:`path_measures`; :func:`solve_path` turns it into prices, with
    the market's own elasticities or with another spec's (same regions and flows), so a
    fit over elasticities does not compile the policy gates again.
    """

    scenario: Scenario
    spec: MarketSpec
    base_day: dt.date
    months: list[tuple[dt.date, dt.date]]
    #: per month: (import tariff, export tax, quota share, measure kind), (n, n) each
    measures: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]
    cap: np.ndarray
    tariff: np.ndarray
    xtax: np.ndarray
    base_tariff: np.ndarray
    not_mapped: list[str]


def path_measures(
    scenario: Scenario,
    market: str | MarketSpec,
    *,
    baseline_date: dt.date | None = None,
    approval_scale: float = 1.0,
    review_scale: float = 1.0,
) -> PathMeasures:
    """The monthly measures :func:`market_path` solves (same arguments)."""
    spec, base_day = _spec(scenario, market, baseline_date)
    from chokepoints.scenarios.timeline import scenario_timeline

    regions = list(spec.regions)
    codes = [policy_region(r) for r in regions]
    pairs = [
        (i, j)
        for i in range(len(regions))
        for j in range(len(regions))
        if i != j and spec.value0[i, j] > 0
    ]
    tl = scenario_timeline(scenario)
    first = min(scenario.sim_start, base_day)
    last = scenario.end
    if ":" not in spec.product:
        raise DataError(
            "is not a product id the policy timeline can gate (expected e.g. oxide:Dy)",
            field="product",
            value=spec.product,
        )
    g = compile_gates(
        tl,
        [codes[i] for i, _ in pairs],
        [codes[j] for _, j in pairs],
        [spec.product] * len(pairs),
        first,
        last,
        china_content_share=_exporter_content(
            scenario, tl, spec.product, [codes[i] for i, _ in pairs]
        ),
    )
    share = shippable_share(g.kind, g.approval_probability, g.review_days_mean)
    b = (base_day - first).days
    base_share = share[b]
    if approval_scale != 1.0 or review_scale != 1.0:
        share = _scaled_share(g, (scenario.start - first).days, approval_scale, review_scale)
    not_mapped = sorted(
        {g.quota_ids[k] for k in np.unique(g.quota_index[g.quota_index >= 0]).tolist()}
    )

    months = _months(scenario.start, last)
    n, n_m = len(regions), len(months)
    base_tariff = np.full((n, n), np.nan)
    for f, (i, j) in enumerate(pairs):
        base_tariff[i, j] = g.tariff[b, f]
    cap = np.full((n_m, n, n), np.nan)
    tariff = np.full((n_m, n, n), np.nan)
    xtax = np.full((n_m, n, n), np.nan)
    measures = []
    for k, (m0, m1) in enumerate(months):
        rows = slice((m0 - first).days, (m1 - first).days + 1)
        q = np.full((n, n), np.inf)
        kind = np.full((n, n), "", dtype=object)
        t1, x1 = spec.tariff0.copy(), spec.export_tax0.copy()
        for f, (i, j) in enumerate(pairs):
            s = float(share[rows, f].mean())
            rel = s / base_share[f] if base_share[f] > 0 else 1.0
            r_t, r_x = float(g.tariff[rows, f].mean()), float(g.export_tax[rows, f].mean())
            tariff[k, i, j], xtax[k, i, j] = r_t, r_x
            # the baseline wedge already holds the baseline date's rates: scale it
            t1[i, j] = (1 + spec.tariff0[i, j]) * (1 + r_t) / (1 + g.tariff[b, f]) - 1
            x1[i, j] = (1 + spec.export_tax0[i, j]) * (1 + r_x) / (1 + g.export_tax[b, f]) - 1
            cap[k, i, j] = min(rel, 1.0)
            if rel < 1.0:
                q[i, j] = rel
                kind[i, j] = "ban" if rel <= 0 else "licence"
        measures.append((t1, x1, q, kind.astype(str)))
    return PathMeasures(scenario, spec, base_day, months, measures, cap, tariff, xtax,
                        base_tariff, not_mapped)  # fmt: skip


def solve_path(pm: PathMeasures, spec: MarketSpec | None = None) -> xr.Dataset:
    """One equilibrium per month of ``pm``; ``spec`` (default ``pm.spec``) may differ from
    the measures' market in elasticities only (same regions, flows and baseline)."""
    spec = pm.spec if spec is None else spec.without_measures()
    if tuple(spec.regions) != tuple(pm.spec.regions) or not np.array_equal(
        spec.value0, pm.spec.value0
    ):
        raise ValueError("solve_path: spec must have the measures' regions and baseline flows")
    n, n_m = len(spec.regions), len(pm.months)
    region_vars = ("price_index_ratio", "world_price_ratio", "supply_ratio",
                   "welfare_change", "quota_rent")  # fmt: skip
    out = {v: np.full((n_m, n), np.nan) for v in region_vars}
    ref_new = np.full((n_m, n), np.nan)
    qty = np.zeros((n_m, n, n))
    for k, (t1, x1, q, kind) in enumerate(pm.measures):
        spec_m = replace(
            spec,
            tariff1=t1,
            export_tax1=x1,
            quota_share=q,
            quota_groups=(),
            measure_kind=kind,
        )
        ds = simulate_market(spec_m)
        for v in region_vars:
            out[v][k] = ds[v].values
        if "reference_price_new" in ds:
            ref_new[k] = ds["reference_price_new"].values
        qty[k] = ds["quantity_new"].values
    ds = _dataset(pm.scenario, spec, pm.months, out, ref_new, qty, pm.cap, pm.tariff,
                  pm.xtax, pm.base_day, pm.not_mapped)  # fmt: skip
    ds["tariff_on_baseline_date"] = (
        ("exporter", "importer"),
        pm.base_tariff,
        {"units": "1", "long_name": "import tariff in the timeline on the baseline date"},
    )
    return ds


def _scaled_share(g: Any, start: int, approval_scale: float, review_scale: float) -> np.ndarray:
    """:func:`shippable_share` with licence gates scaled from day index ``start`` on."""
    lic = g.kind == LICENCE
    lic[:start] = False
    approval = np.where(lic, np.clip(g.approval_probability * approval_scale, 0.0, 1.0),
                        g.approval_probability)  # fmt: skip
    review = np.where(lic, g.review_days_mean * review_scale, g.review_days_mean)
    return shippable_share(g.kind, approval, review)


def _exporter_content(
    scenario: Scenario, timeline: Any, product: str, exporters: list[str]
) -> np.ndarray:
    """China-origin content of the product made in each exporting country, by mass.

    Read from the scenario's world (node ``<exporter>:<product>``,
    :func:`chokepoints.policy.flows.china_content_by_node`); NaN where the world has no
    such node (content rules then stay conditional). China's own exports get NaN too:
    its content rules do not cover them.
    """
    from chokepoints.policy.flows import china_content_by_node, controlled_elements
    from chokepoints.world import load_world

    out = np.full(len(exporters), np.nan)
    elements = controlled_elements(timeline)
    if not elements or all(e == "CHN" for e in exporters):
        return out
    world = load_world(None if scenario.world == "bundled" else scenario.world)
    by_node = china_content_by_node(world, elements)
    for k, e in enumerate(exporters):
        if e != "CHN":
            out[k] = by_node.get(f"{e}:{product}", np.nan)
    return out


def _spec(
    scenario: Scenario, market: str | MarketSpec, baseline_date: dt.date | None
) -> tuple[MarketSpec, dt.date]:
    if isinstance(market, MarketSpec):
        return market.without_measures(), baseline_date or WORLD_BASELINE_DATE
    from chokepoints.market.io import builtin_baseline_date, builtin_markets, load_builtin_market

    if market in builtin_markets() or ":" not in market:
        spec = load_builtin_market(market)
        day = baseline_date or builtin_baseline_date(market) or WORLD_BASELINE_DATE
        return spec.without_measures(), day
    from chokepoints.market.world import market_spec_from_world
    from chokepoints.world import load_world

    world = load_world(None if scenario.world == "bundled" else scenario.world)
    return market_spec_from_world(world, market), baseline_date or WORLD_BASELINE_DATE


def _dataset(
    scenario: Scenario,
    spec: MarketSpec,
    months: list[tuple[dt.date, dt.date]],
    out: dict[str, np.ndarray],
    ref_new: np.ndarray,
    qty: np.ndarray,
    cap: np.ndarray,
    tariff: np.ndarray,
    xtax: np.ndarray,
    base_day: dt.date,
    not_mapped: list[str],
) -> xr.Dataset:
    regions = list(spec.regions)
    m, r, bil = ("month",), ("month", "region"), ("month", "exporter", "importer")
    unit = spec.value_unit
    data: dict[str, Any] = {
        "price_index_ratio": (r, out["price_index_ratio"],
                              {"units": "1", "long_name": "composite buyer price / baseline"}),
        "world_price_ratio": (r, out["world_price_ratio"],
                              {"units": "1", "long_name": "exporter price / baseline"}),
        "supply_ratio": (r, out["supply_ratio"],
                         {"units": "1", "long_name": "quantity supplied / baseline"}),
        "welfare_change": (r, out["welfare_change"],
                           {"units": unit, "long_name": "net welfare change, annual rate"}),
        "quota_rent": (r, out["quota_rent"],
                       {"units": unit, "long_name": "licence rent received, annual rate"}),
        "quantity_new": (bil, qty, {"units": f"{unit} at baseline prices",
                                    "long_name": "flow volume, annual rate"}),
        "quantity_baseline": (("exporter", "importer"), spec.value0,
                              {"units": unit, "long_name": "baseline flow"}),
        "cap_share": (bil, cap, {"units": "1", "long_name":
                                 "shipments allowed / baseline (month mean; NaN: no trade)"}),
        "tariff": (bil, tariff, {"units": "1", "long_name":
                                 "import tariff in the timeline, ad valorem, month mean"}),
        "export_tax": (bil, xtax, {"units": "1", "long_name":
                                   "export tax in the timeline, ad valorem, month mean"}),
        "days": (m, np.array([(b - a).days + 1 for a, b in months]),
                 {"units": "days", "long_name": "days of the month inside the horizon"}),
    }  # fmt: skip
    if spec.reference_prices:
        units = [spec.reference_prices.get(x, (np.nan, ""))[1] for x in regions]
        data["reference_price_new"] = (
            r,
            ref_new,
            {"units": "see reference_price_unit", "long_name": "observed baseline price x ratio"},
        )
        data["reference_price"] = (
            ("region",),
            np.array([spec.reference_prices.get(x, (np.nan, ""))[0] for x in regions]),
            {"units": "see reference_price_unit", "long_name": "observed baseline price"},
        )
        data["reference_price_unit"] = (("region",), np.array(units, dtype=str))
    return xr.Dataset(
        data,
        coords={
            "month": np.array([np.datetime64(a.replace(day=1), "D") for a, _ in months]),
            "region": regions,
            "exporter": regions,
            "importer": regions,
        },
        attrs={
            "scenario": scenario.name,
            "scenario_hash": scenario.content_hash(),
            "market": spec.name,
            "product": spec.product,
            "value_unit": unit,
            "baseline_date": base_day.isoformat(),
            "start": scenario.start.isoformat(),
            "end": scenario.end.isoformat(),
            "engine": "chokepoints.engines.market (one static equilibrium per month)",
            "not_mapped": ", ".join(not_mapped),
            "cap_rule": "month mean of daily shippable share (0 closed; approval probability "
            "after the first review on a licence; 1 open) / the same on the baseline date",
        },
    )
