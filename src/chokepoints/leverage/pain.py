"""Pain matrix per scenario and the bargaining view built on it.

Two parties, USA (index 0) and CHN (index 1). Each holds **levers** (instruments). For a
setting (a scenario, or the breakdown), each lever has a pain to its target and a pain to
its owner, in US$ over the scenario horizon, as a ``(low, central, high)`` band:

- ``us-chips-sme``, ``us-eda``, ``us-aero``, ``us-ethane`` (US export controls): annual
  trade value of the goods (``data/leverage/goods.csv``) x share at risk (assumption band)
  x days the lever's timeline measures are in force / 365. Target pain (CHN) is multiplied
  by the dependence multiplier (1 = trade value only); owner pain (USA) is the US
  exporters' lost sales, the same trade value without it.
- ``us-tariffs``, ``cn-tariffs``: trade value lost by the exporter, day by day,
  ``V/365 * (1 - (1 + t) ** -sigma)`` with the day's tariff rate ``t`` from the timeline
  gate and the elasticity band ``sigma``. The imposer's own cost: its importers'
  deadweight loss on the same demand (:func:`~chokepoints.engines.bargaining.tariff_deadweight_loss`).
- ``cn-rare-earths``: the dynamics run of the scenario; the US's pain is the direct
  value added of the US products not made (``chokepoints.economy.losses``),
  or with an explicit multiplier the lost US end-use tonnes valued at the bundled world's
  NdFeB magnet price x the multiplier; band = 5th/50th/95th percentile over runs.
  China's own pain: the magnet value of the end-use tonnes lost outside China (its lost
  export revenue on the magnets, and the oxides in them, that it withholds).

The **breakdown** (threat point) puts every lever at its 2025 maximum for the whole
horizon: the four US controls in force throughout, tariffs at their rates of 15 April 2025
(the peak: 145% US on China, 125% China on the US), and China's rare-earth lever as in the
bundled ``escalation`` scenario. Each scenario is then a possible deal; see
docs/leverage.md for every assumption and what this leaves out.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from chokepoints.engines.bargaining import (
    lever_shifts,
    nash_transfer,
    tariff_deadweight_loss,
    tariff_trade_loss,
)
from chokepoints.leverage.data import Band, Good, load_assumptions, load_bilateral, load_goods

if TYPE_CHECKING:
    from chokepoints.policy.timeline import Timeline
    from chokepoints.scenarios.spec import Scenario

PARTIES = ("USA", "CHN")
#: Date whose tariff rates define the breakdown (the April 2025 peak).
BREAKDOWN_TARIFF_DATE = dt.date(2025, 4, 15)
#: Bundled scenario whose rare-earth controls define the breakdown.
BREAKDOWN_SCENARIO = "escalation"
#: US control levers -> the goods of goods.csv they act on.
US_CONTROL_LEVERS: dict[str, tuple[str, ...]] = {
    "us-chips-sme": ("advanced_chips", "chipmaking_equipment"),
    "us-eda": ("eda_software",),
    "us-aero": ("aircraft_engines_parts",),
    "us-ethane": ("ethane",),
}
TITLES = {
    "us-chips-sme": "US controls on advanced chips and chip-making equipment (BIS 2022-2024)",
    "us-eda": "US licence requirement on EDA software (May-July 2025)",
    "us-aero": "US suspension of engine/parts licences for COMAC (May-July 2025)",
    "us-ethane": "US licence requirement on ethane (May-July 2025)",
    "us-tariffs": "US tariffs on goods from China",
    "cn-rare-earths": "China's rare-earth and magnet export controls",
    "cn-tariffs": "China's tariffs on goods from the US",
}
#: Parts of China's rare-earth lever, each conceded alone off the breakdown (a dynamics
#: run of the breakdown scenario with that one change): see :func:`breakdown_variant`.
RE_CONCESSIONS = {
    "cn-re-suspend-october": "China keeps the October 2025 widening suspended (No. 70 held)",
    "cn-re-general-licences": (
        "China grants general licences (No. 18 applications approved after 7 days, as in "
        "'breakthrough')"
    ),
    "cn-re-lift-us-ban": "China lifts the ban on US-bound heavy rare earths and magnets",
}
TITLES.update(RE_CONCESSIONS)
OWNER = {k: (0 if k.startswith("us-") else 1) for k in TITLES}
#: Valuation bases: value added lost (default) or trade value lost.
BASES = ("value-added", "trade")
#: Bargaining solutions: transferable-utility Nash (default) and the non-TU grid.
SOLUTIONS = ("tu", "nash-grid")
UNITS = {
    "pain": "US$ over the scenario horizon, (low, central, high)",
    "lost_output_t": "t magnet-equivalent over the horizon (US end-use sectors)",
    "tariff_rate": "ad-valorem fraction, mean over the horizon",
}

Triple = tuple[float, float, float]


@dataclass
class LeverPain:
    """One lever in one setting: pains as (low, central, high) US$ over the horizon."""

    lever: str
    to_target: Triple
    to_owner: Triple
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        o = OWNER[self.lever]
        return {
            "lever": self.lever,
            "title": TITLES[self.lever],
            "owner": PARTIES[o],
            "target": PARTIES[1 - o],
            "pain_to_target_usd": list(self.to_target),
            "pain_to_owner_usd": list(self.to_owner),
            **self.detail,
        }


def _scale(t: Triple | tuple[float, ...], k: float) -> Triple:
    return (t[0] * k, t[1] * k, t[2] * k)


def _add(a: Triple, b: Triple) -> Triple:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _days(start: dt.date, horizon: int) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range(horizon)]


def days_in_force(tl: Timeline, ids: tuple[str, ...], days: list[dt.date]) -> int:
    """Days on which at least one of the measures ``ids`` is active and not suspended."""
    by_id = {m.id: m for m in tl.measures}
    ms = [by_id[i] for i in ids if i in by_id]
    n = 0
    for d in days:
        if any(m.active_between(d) and tl.suspended_by(m, d) is None for m in ms):
            n += 1
    return n


def tariff_rates(tl: Timeline, origin: str, destination: str, days: list[dt.date]) -> np.ndarray:
    """Daily combined tariff rate on goods from ``origin`` into ``destination``.

    Tariff measures in the timeline cover every product (``products: ["*"]``), so the gate
    of one product (``magnet:ndfeb``) carries the economy-wide rate.
    """
    from chokepoints.policy.timeline import FlowQuery

    flow = FlowQuery("magnet:ndfeb", origin, destination, None, None, False, None)
    cands = [m for m in tl.candidates(flow) if m.kind == "tariff" or m.kind == "suspension"]
    cands = tl.candidates(flow) if not cands else cands
    return np.array([tl.regime_for(flow, d, cands).gate.tariff for d in days], dtype=float)


def _control_lever(
    lever: str,
    goods: dict[str, Good],
    share: dict[str, Band],
    n_days: int,
    horizon: int,
    mult: float | None,
    basis: str = "value-added",
) -> LeverPain:
    from chokepoints.leverage import valuation

    trade: Triple = (0.0, 0.0, 0.0)
    va_target: Triple = (0.0, 0.0, 0.0)
    va_owner: Triple = (0.0, 0.0, 0.0)
    per_good: dict[str, Any] = {}
    for g in US_CONTROL_LEVERS[lever]:
        v = goods[g].value_usd_per_yr * n_days / 365.0
        lost = _scale(share[f"share_at_risk:{g}"].values(), v)
        trade = _add(trade, lost)
        m = valuation.input_multiplier(g)
        va_target = _add(va_target, (lost[0] * m[0], lost[1] * m[1], lost[2] * m[2]))
        va_owner = _add(va_owner, _scale(lost, valuation.supplier_va_share(g)))
        u = valuation.load_users()[g]
        per_good[g] = {
            "chinese_user": f"{u.user_country} {u.user_industry}",
            "supplier": f"{goods[g].origin} {u.supplier_industry}",
            "kind": u.kind,
            "value_added_per_usd_input": list(m),
            "trade_lost_usd": list(lost),
        }
    if mult is not None or basis == "trade":
        to_target, to_owner = _scale(trade, mult or 1.0), trade
    else:
        to_target, to_owner = va_target, va_owner
    return LeverPain(
        lever,
        to_target,
        to_owner,
        {
            "days_in_force": n_days,
            "horizon_days": horizon,
            "goods": list(US_CONTROL_LEVERS[lever]),
            "by_good": per_good,
            "trade_value_to_target_usd": list(trade),
            "trade_value_to_owner_usd": list(trade),
            "value_added_to_target_usd": list(va_target),
            "value_added_to_owner_usd": list(va_owner),
        },
    )


def _tariff_lever(
    lever: str,
    value_per_yr: float,
    rates: np.ndarray,
    sigma: Band,
    basis: str = "value-added",
    exporter_va_share: float = 1.0,
) -> LeverPain:
    per_day = value_per_yr / 365.0
    lo, c, hi = (float(tariff_trade_loss(per_day, rates, s).sum()) for s in sigma.values())
    # the imposer's deadweight loss is not monotone in sigma at high rates: min, central, max
    dwl = [float(tariff_deadweight_loss(per_day, rates, s).sum()) for s in sigma.values()]
    trade: Triple = (lo, c, hi)
    va = _scale(trade, exporter_va_share)
    return LeverPain(
        lever,
        trade if basis == "trade" else va,
        (min(dwl), dwl[1], max(dwl)),
        {
            "tariff_rate_mean": float(rates.mean()) if rates.size else 0.0,
            "owner_cost": (
                "importers' deadweight loss (lost surplus net of tariff revenue, world "
                "prices fixed, same elasticity band)"
            ),
            "exporter_value_added_share": exporter_va_share,
            "trade_value_to_target_usd": list(trade),
            "value_added_to_target_usd": list(va),
        },
    )


def us_value_added_per_run(ds: Any) -> tuple[np.ndarray, np.ndarray]:
    """Direct value added of the US products not made, per run (US$), and the tonnes valued.

    Uses ``chokepoints.economy.losses``: tonnes lost on shortage days per US end-use node,
    times the US$ of direct value added per t of magnet of that sector's product (product
    value per t x the WIOD industry's value-added share, ``direct_value_added_of_tonnes``).
    Only the sectors the economy part values by default count (``valued_by_default`` in
    ``data/economy/sector_mapping.csv``; docs/economy.md); others add 0. Returns
    ``(va_usd, valued_t)``, one entry per run.
    """
    from chokepoints.economy.losses import direct_value_added_of_tonnes, lost_tonnes

    lost, nodes = lost_tonnes(ds)
    per_run = lost.sum(axis=1)  # (run, k) t
    va = np.zeros(per_run.shape[0])
    valued_t = np.zeros(per_run.shape[0])
    for k, n in nodes.iterrows():
        if n["country"] != "USA":
            continue
        _, va_per_t_m = direct_value_added_of_tonnes("USA", str(n["sector"]), 1.0)
        if not np.isfinite(va_per_t_m):
            continue
        va += per_run[:, int(str(k))] * va_per_t_m * 1e6
        valued_t += per_run[:, int(str(k))]
    return va, valued_t


def us_economy_wide_value_added(ds: Any) -> Triple:
    """The US's economy-wide value added lost (direct + indirect), US$, (low, central, high).

    ``chokepoints.economy.losses.economy_losses`` (ARIO on the WIOD table, the scenario
    runs at the 5th/50th/95th percentile of the world's shocked value): the ``USA`` row
    of ``by_region``. The three runs are ordered by the world's shock, not the US's, so
    the band is reported as (min, median run, max).
    """
    from chokepoints.economy.losses import economy_losses

    econ = economy_losses(ds)
    row = next((r for r in econ["by_region"] if r["region"] == "USA"), None)
    if row is None:
        return (0.0, 0.0, 0.0)
    b = row["lost_value_added_usd_m"]
    vals = [float(b["p05"]) * 1e6, float(b["median"]) * 1e6, float(b["p95"]) * 1e6]
    return (min(vals), vals[1], max(vals))


def lost_tonnes_per_run(ds: Any, nodes: np.ndarray) -> np.ndarray:
    """Output lost on shortage days by the selected nodes, t per run (summed over nodes).

    The measure of the scenario summary's ``lost_output_t`` and of the economy's lost
    tonnes: counterfactual minus output on the days output is below 99% of the
    no-controls counterfactual (:func:`chokepoints.scenarios.reference.shortfall_arrays`);
    days less than 1% short count nothing.

    Parameters
    ----------
    ds : xarray.Dataset
        A scenario result with ``counterfactual_production``.
    nodes : ndarray of bool, shape (node,)
        The nodes counted.
    """
    from chokepoints.scenarios.reference import shortfall_arrays

    x, ref, _, short = shortfall_arrays(ds, np.nonzero(np.asarray(nodes, bool))[0])
    return np.where(short, ref - x, 0.0).sum(axis=(1, 2))


def rare_earth_lever(
    scenario: Scenario,
    runs: int,
    mult: float | None = None,
    *,
    economy_wide: bool = False,
    basis: str = "value-added",
) -> LeverPain:
    """US end-use output lost in the scenario's dynamics run, valued for each side.

    US pain: the direct value added of the US products not made (``chokepoints.economy``),
    or, when ``mult`` is given, the magnet value of the lost tonnes x ``mult`` (the old
    knob, now an explicit override). ``economy_wide``: the US's economy-wide value added
    lost instead (:func:`us_economy_wide_value_added`; an ARIO run of the WIOD table,
    seconds to tens of seconds). China's pain: the magnet value of the end-use tonnes
    lost outside China (its lost exports), x the value-added share of China's metal
    products industry (WIOD c12) on the value-added ``basis``. ``basis="trade"``: both
    sides at magnet value (the trade-value view).
    """
    from chokepoints.leverage.valuation import MAGNET_INDUSTRY, va_share
    from chokepoints.scenarios import run_scenario

    ds = run_scenario(scenario, runs=runs, seed=scenario.seed)
    region = np.asarray(ds["region"].values).astype(str)
    stage = np.asarray(ds["stage"].values).astype(str)
    product = np.asarray(ds["product"].values).astype(str)
    sel = (region == "USA") & (stage == "sector")
    lost_t = lost_tonnes_per_run(ds, sel)
    prices = np.asarray(ds["price_usd_per_t"].values, dtype=float)
    mag = np.array([p.startswith("magnet:ndfeb") for p in product]) & np.isfinite(prices)
    price = float(np.median(prices[mag])) if mag.any() else float("nan")
    q = np.percentile(lost_t, [5, 50, 95]) if lost_t.size else np.zeros(3)
    value: Triple = (float(q[0] * price), float(q[1] * price), float(q[2] * price))
    abroad = (region != "CHN") & (stage == "sector")
    lost_abroad = lost_tonnes_per_run(ds, abroad)
    qa = np.percentile(lost_abroad, [5, 50, 95]) if lost_abroad.size else np.zeros(3)
    cn_lost: Triple = (float(qa[0] * price), float(qa[1] * price), float(qa[2] * price))
    va_runs, valued_t = us_value_added_per_run(ds)
    qv = np.percentile(va_runs, [5, 50, 95]) if va_runs.size else np.zeros(3)
    va: Triple = (float(qv[0]), float(qv[1]), float(qv[2]))
    detail: dict[str, Any] = {
        "lost_output_t": [float(x) for x in q],
        "magnet_price_usd_per_t": price,
        "magnet_value_us_usd": list(value),
        "lost_output_abroad_t": [float(x) for x in qa],
        "runs": int(lost_t.size),
        "us_value_added_lost_usd": list(va),
        "us_valued_t": [float(x) for x in np.percentile(valued_t, [5, 50, 95])]
        if valued_t.size
        else [0.0, 0.0, 0.0],
    }
    cn_va = _scale(cn_lost, va_share(*MAGNET_INDUSTRY))
    detail["trade_value_to_target_usd"] = list(value)
    detail["trade_value_to_owner_usd"] = list(cn_lost)
    detail["value_added_to_owner_usd"] = list(cn_va)
    if economy_wide:
        ew = us_economy_wide_value_added(ds)
        detail["us_value_added_economy_wide_usd"] = list(ew)
    if mult is None and basis == "trade":
        detail["valuation"] = (
            "trade value: both sides at magnet value (US-bound tonnes lost; tonnes lost "
            "outside China)"
        )
        return LeverPain("cn-rare-earths", value, cn_lost, detail)
    if mult is None and economy_wide:
        detail["valuation"] = (
            "US: economy-wide value added lost in the US (direct + indirect, ARIO on WIOD; "
            "chokepoints.economy); CHN: value added of the magnets it does not sell outside "
            "China (magnet value x WIOD CHN c12 value-added share)"
        )
        to_us = ew
    elif mult is None:
        detail["valuation"] = (
            "US: direct value added of the US products not made (the end uses "
            "chokepoints.economy values); CHN: value added of the magnets it does not sell outside "
            "China (magnet value x WIOD CHN c12 value-added share)"
        )
        to_us = va
    else:
        detail["valuation"] = (
            f"US: magnet value x multiplier {mult} (override); CHN: magnet value of the "
            "end-use tonnes lost outside China"
        )
        to_us = _scale(value, mult)
    return LeverPain("cn-rare-earths", to_us, cn_lost if mult is not None else cn_va, detail)


def breakdown_variant(bd: Scenario, concession: str) -> Scenario:
    """The breakdown scenario with one rare-earth concession (a key of RE_CONCESSIONS).

    ``cn-re-suspend-october``: the override ending the suspension (No. 70) of the October
    2025 controls is dropped; ``cn-re-general-licences``: the ``breakthrough`` scenario's
    general-licence change (No. 18 approved, 7 days' review) is added after the
    breakdown's own overrides, from the same date as the breakdown's changes;
    ``cn-re-lift-us-ban``: the override adding the US-bound ban is dropped.
    """
    from chokepoints.scenarios import load_scenario

    ovs = list(bd.overrides)
    if concession == "cn-re-suspend-october":
        new = [o for o in ovs if not (o.action == "end" and "cn-mofcom-gac-2025-70" in o.measures)]
    elif concession == "cn-re-lift-us-ban":
        new = [
            o
            for o in ovs
            if not (o.action == "add" and (o.entry or {}).get("id") == "escalation-usa-ban")
        ]
    elif concession == "cn-re-general-licences":
        bt = load_scenario("breakthrough")
        gl = [
            o
            for o in bt.overrides
            if o.action == "change" and o.measures == ("cn-mofcom-2025-18",) and o.date >= bt.start
        ]
        if not gl:
            raise ValueError("the 'breakthrough' scenario has no general-licence change")
        day = max((o.date for o in ovs if o.date >= bd.start), default=gl[0].date)
        new = [*ovs, gl[0].model_copy(update={"date": day})]
    else:
        raise ValueError(
            f"unknown rare-earth concession {concession!r}; expected {list(RE_CONCESSIONS)}"
        )
    if len(new) == len(ovs) and concession != "cn-re-general-licences":
        raise ValueError(f"{bd.name}: no override to drop for {concession!r}")
    return bd.model_copy(update={"overrides": tuple(new), "name": f"{bd.name}+{concession}"})


@functools.lru_cache(maxsize=1)
def base_timeline() -> Timeline:
    """The bundled timeline, loaded once per process (it takes seconds to validate)."""
    from chokepoints.policy.timeline import Timeline

    return Timeline.load()


def setting_pain(
    scenario: Scenario,
    *,
    runs: int,
    multiplier: float | None = None,
    breakdown: bool = False,
    rare_earth: LeverPain | None = None,
    basis: str = "value-added",
) -> list[LeverPain]:
    """Every lever's pain in one setting: ``scenario``'s timeline, or the breakdown.

    ``basis``: ``"value-added"`` (default; :mod:`chokepoints.leverage.valuation`) or
    ``"trade"`` (lost sales; the US's rare-earth loss at magnet value).
    """
    from chokepoints.leverage.valuation import export_va_share
    from chokepoints.scenarios import scenario_timeline

    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, got {basis!r}")

    goods = {g.good: g for g in load_goods()}
    ass = load_assumptions()
    trade = load_bilateral()
    days = _days(scenario.start, scenario.horizon_days)
    tl = base_timeline() if breakdown else scenario_timeline(scenario)
    out = []
    for lever in US_CONTROL_LEVERS:
        ids = tuple(sorted({m for g in US_CONTROL_LEVERS[lever] for m in goods[g].measures}))
        n = len(days) if breakdown else days_in_force(tl, ids, days)
        out.append(_control_lever(lever, goods, ass, n, len(days), multiplier, basis))
    if breakdown:
        base = tl
        us_rate = tariff_rates(base, "CHN", "USA", [BREAKDOWN_TARIFF_DATE])[0]
        cn_rate = tariff_rates(base, "USA", "CHN", [BREAKDOWN_TARIFF_DATE])[0]
        us_rates, cn_rates = np.full(len(days), us_rate), np.full(len(days), cn_rate)
    else:
        us_rates = tariff_rates(tl, "CHN", "USA", days)
        cn_rates = tariff_rates(tl, "USA", "CHN", days)
    sigma = ass["import_elasticity"]
    b = "trade" if multiplier is not None else basis
    for lever, (o, d), rates in (
        ("us-tariffs", ("CHN", "USA"), us_rates),
        ("cn-tariffs", ("USA", "CHN"), cn_rates),
    ):
        out.append(_tariff_lever(lever, trade[(o, d)], rates, sigma, b, export_va_share(o, d)))
    out.append(
        rare_earth
        if rare_earth is not None
        else rare_earth_lever(scenario, runs, multiplier, basis=basis)
    )
    return out


def dependence_network(levers: list[LeverPain]) -> dict[str, Any]:
    """China's dependence on the US-controlled goods as a small network, with this
    setting's pains on its flows.

    Nodes: the supplying industries by origin (``USA c14``...) and the Chinese using
    industries (``CHN c14``...; ``data/leverage/users.csv``). Edges: one per good, from
    its supplier to its Chinese user, with the annual trade value, the lever that
    controls it, the trade lost and the Chinese value added lost in this setting
    (US$ over the horizon, (low, central, high)). ``by_chinese_industry`` sums the
    edges into each user node. Only US-origin flows: see docs/leverage.md for the
    third-country flows left out.
    """
    goods = {g.good: g for g in load_goods()}
    edges: list[dict[str, Any]] = []
    users: dict[str, Triple] = {}
    for lp in levers:
        for g, d in lp.detail.get("by_good", {}).items():
            lost = tuple(d["trade_lost_usd"])
            m = d["value_added_per_usd_input"]
            va: Triple = (lost[0] * m[0], lost[1] * m[1], lost[2] * m[2])
            edges.append(
                {
                    "good": g,
                    "from": d["supplier"],
                    "to": d["chinese_user"],
                    "kind": d["kind"],
                    "lever": lp.lever,
                    "trade_value_usd_per_yr": goods[g].value_usd_per_yr,
                    "trade_lost_usd": list(lost),
                    "chinese_value_added_lost_usd": list(va),
                }
            )
            users[d["chinese_user"]] = _add(users.get(d["chinese_user"], (0.0, 0.0, 0.0)), va)
    nodes = sorted({e["from"] for e in edges}) + sorted(users)
    return {
        "nodes": [{"id": n, "role": "chinese user" if n in users else "supplier"} for n in nodes],
        "edges": edges,
        "by_chinese_industry_usd": {k: list(v) for k, v in sorted(users.items())},
    }


_EW_CACHE: dict[tuple[Any, ...], tuple[float, float]] = {}


def economy_wide_controls(levers: list[LeverPain], horizon_days: int) -> list[LeverPain]:
    """The US control levers with China's pain scaled to economy-wide value added.

    For each band end, the Chinese output the controls stop (direct value added / the
    user's value-added share, summed per Chinese industry over all four levers) is run
    through ARIO on the WIOD table (:func:`valuation.china_economy_wide_ratio`); each
    control lever's direct value added to China is multiplied by that run's ratio of
    China's total (direct + indirect) to direct value added lost. One ratio per band end
    for the four levers together (ARIO is not additive over shocks); other levers are
    returned unchanged.
    """
    from chokepoints.leverage import valuation

    ctrl = [lp for lp in levers if lp.lever in US_CONTROL_LEVERS]
    ratios: list[float] = []
    for b in range(3):
        out: dict[str, float] = {}
        for lp in ctrl:
            for d in lp.detail.get("by_good", {}).values():
                country, ind = d["chinese_user"].split()
                va = d["trade_lost_usd"][b] * d["value_added_per_usd_input"][b]
                out[ind] = out.get(ind, 0.0) + va / valuation.va_share(country, ind)
        key = (horizon_days, *sorted((k, round(x, -3)) for k, x in out.items()))
        if key not in _EW_CACHE:
            _EW_CACHE[key] = valuation.china_economy_wide_ratio(out, horizon_days)
        total, direct = _EW_CACHE[key]
        ratios.append(total / direct if direct > 0 else 1.0)
    res = []
    for lp in levers:
        if lp.lever not in US_CONTROL_LEVERS:
            res.append(lp)
            continue
        t = lp.to_target
        detail = {**lp.detail, "china_economy_wide_ratio": ratios}
        detail["value_added_economy_wide_to_target_usd"] = [t[i] * ratios[i] for i in range(3)]
        res.append(
            LeverPain(
                lp.lever,
                (t[0] * ratios[0], t[1] * ratios[1], t[2] * ratios[2]),
                lp.to_owner,
                detail,
            )
        )
    return res


def matrix(levers: list[LeverPain]) -> dict[str, dict[str, Triple]]:
    """Pain of each party by source: the other side's controls/tariffs, its own."""
    m: dict[str, dict[str, Triple]] = {
        p: {
            k: (0.0, 0.0, 0.0)
            for k in ("other_controls", "other_tariffs", "own_controls", "own_tariffs")
        }
        for p in PARTIES
    }
    for lp in levers:
        o = OWNER[lp.lever]
        kind = "tariffs" if lp.lever.endswith("tariffs") else "controls"
        tgt, own = PARTIES[1 - o], PARTIES[o]
        m[tgt][f"other_{kind}"] = _add(m[tgt][f"other_{kind}"], lp.to_target)
        m[own][f"own_{kind}"] = _add(m[own][f"own_{kind}"], lp.to_owner)
    return m


def totals(levers: list[LeverPain]) -> dict[str, Triple]:
    """Total pain per party (sum of its row of the matrix)."""
    out = {}
    for p, row in matrix(levers).items():
        t: Triple = (0.0, 0.0, 0.0)
        for v in row.values():
            t = _add(t, v)
        out[p] = t
    return out


def bargaining(
    breakdown: list[LeverPain],
    deal: list[LeverPain],
    beta: float = 0.5,
    parts: dict[str, tuple[float, float]] | None = None,
) -> dict[str, Any]:
    """Gains from the deal over breakdown, the TU Nash transfer and lever shifts.

    ``parts``: concessions that are part of a lever (id -> value to the other side, own
    loss recovered, central US$), ranked with the whole levers and marked ``part_of``.
    """
    tb, td = totals(breakdown), totals(deal)
    # bands at consistent assumption ends (low with low ...), reported as min, central, max
    diff = {p: [tb[p][i] - td[p][i] for i in range(3)] for p in PARTIES}
    gain = {p: (min(d), d[1], max(d)) for p, d in diff.items()}
    central = float(nash_transfer(gain["USA"][1], gain["CHN"][1], beta))
    # band: the transfer's extremes when each side's gain takes its own band ends
    corners = [
        float(nash_transfer(gain["USA"][i], gain["CHN"][j], beta)) for i in (0, 2) for j in (0, 2)
    ]
    table = {lp.lever: (OWNER[lp.lever], lp.to_target[1], lp.to_owner[1]) for lp in breakdown}
    for pid, (to_other, own) in (parts or {}).items():
        table[pid] = (OWNER[pid], to_other, own)
    shifts = lever_shifts(
        table,
        (tb["USA"][1], tb["CHN"][1]),
        (td["USA"][1], td["CHN"][1]),
        beta,
    )
    ranking: list[dict[str, Any]] = sorted(
        (
            {
                "lever": lid,
                "title": TITLES[lid],
                "conceded_by": PARTIES[OWNER[lid]],
                "value_to_other_usd": s["threat_shift_1"]
                if OWNER[lid] == 0
                else s["threat_shift_0"],
                "own_sales_recovered_usd": s["threat_shift_0"]
                if OWNER[lid] == 0
                else s["threat_shift_1"],
                "transfer_shift_usd": s["transfer_shift"],
                **({"part_of": "cn-rare-earths"} if lid in RE_CONCESSIONS else {}),
            }
            for lid, s in shifts.items()
        ),
        key=lambda r: -abs(float(r["value_to_other_usd"])),
    )
    return {
        "beta_usa": beta,
        "gain_usd": {p: list(g) for p, g in gain.items()},
        "surplus_usd": gain["USA"][1] + gain["CHN"][1],
        "nash_transfer_usa_to_chn_usd": central,
        "nash_transfer_band_usd": [min(corners), max(corners)],
        "concessions": ranking,
    }


def leverage_report(
    names: list[str],
    *,
    runs: int = 20,
    multiplier: float | None = None,
    beta: float = 0.5,
    economy_wide: bool = False,
    basis: str = "value-added",
    solution: str = "tu",
) -> dict[str, Any]:
    """Everything ``chokepoints leverage`` prints, JSON-ready.

    ``solution``: ``"tu"`` (default) the transferable-utility Nash transfer per scenario;
    ``"nash-grid"`` adds ``nash_grid``: the non-TU (generalised) Nash solution over the
    deal set of the scenarios named, no side payments (:func:`nash_grid`).

    ``basis``: ``"value-added"`` (default) puts both sides' losses on value added lost
    (:mod:`chokepoints.leverage.valuation`); ``"trade"`` on trade value lost (the US's
    rare-earth loss at magnet value). Both are in every lever's detail either way.

    ``multiplier`` None (default): controls cost their target the trade value (x 1) and
    China's rare-earth controls cost the US the direct value added of the products not
    made; a number multiplies the controls' trade value and replaces that value added with
    the magnet value x the number. ``economy_wide``: the US's economy-wide value added
    (direct + indirect) instead of the direct one (ignored with a multiplier).
    """
    from chokepoints.scenarios import load_scenario

    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, got {basis!r}")
    if solution not in SOLUTIONS:
        raise ValueError(f"solution must be one of {SOLUTIONS}, got {solution!r}")
    if multiplier is not None and (not np.isfinite(multiplier) or multiplier <= 0):
        raise ValueError(f"multiplier must be a positive number, got {multiplier!r}")
    scenarios = [load_scenario(n) for n in names]
    bd_scn = load_scenario(BREAKDOWN_SCENARIO)
    cache: dict[str, LeverPain] = {}

    def re_lever(s: Scenario) -> LeverPain:
        key = s.content_hash()
        if key not in cache:
            cache[key] = rare_earth_lever(
                s, runs, multiplier, economy_wide=economy_wide, basis=basis
            )
        return cache[key]

    breakdown = setting_pain(
        bd_scn,
        runs=runs,
        multiplier=multiplier,
        breakdown=True,
        rare_earth=re_lever(bd_scn),
        basis=basis,
    )
    ew = economy_wide and multiplier is None and basis == "value-added"
    if ew:
        breakdown = economy_wide_controls(breakdown, bd_scn.horizon_days)
    bd_re = re_lever(bd_scn)
    parts: dict[str, tuple[float, float]] = {}
    for pid in RE_CONCESSIONS:
        v = re_lever(breakdown_variant(bd_scn, pid))
        parts[pid] = (bd_re.to_target[1] - v.to_target[1], bd_re.to_owner[1] - v.to_owner[1])
    out_scn = []
    for s in scenarios:
        lev = setting_pain(s, runs=runs, multiplier=multiplier, rare_earth=re_lever(s), basis=basis)
        if ew:
            lev = economy_wide_controls(lev, s.horizon_days)
        out_scn.append(
            {
                "scenario": s.name,
                "start": s.start.isoformat(),
                "horizon_days": s.horizon_days,
                "levers": [lp.as_dict() for lp in lev],
                "matrix_usd": {
                    p: {k: list(v) for k, v in r.items()} for p, r in matrix(lev).items()
                },
                "total_pain_usd": {p: list(v) for p, v in totals(lev).items()},
                "bargaining": bargaining(breakdown, lev, beta, parts),
                "dependence_network": dependence_network(lev),
            }
        )
    ass = load_assumptions()
    extra: dict[str, Any] = {}
    if solution == "nash-grid":
        extra["nash_grid"] = nash_grid(totals(breakdown), out_scn, beta)
    return {
        **extra,
        "plausibility_2025": plausibility(breakdown, ass["import_elasticity"]),
        "units": UNITS,
        "parties": list(PARTIES),
        "runs": runs,
        "dependence_multiplier": multiplier,
        "basis": "trade" if multiplier is not None else basis,
        "rare_earth_valuation": (
            "magnet value x multiplier"
            if multiplier is not None
            else "magnet value"
            if basis == "trade"
            else "economy-wide value added"
            if economy_wide
            else "value added"
        ),
        "breakdown": {
            "definition": (
                f"US controls in force all horizon; tariffs at their {BREAKDOWN_TARIFF_DATE} "
                f"rates; rare earths as in the '{BREAKDOWN_SCENARIO}' scenario"
            ),
            "levers": [lp.as_dict() for lp in breakdown],
            "total_pain_usd": {p: list(v) for p, v in totals(breakdown).items()},
            "dependence_network": dependence_network(breakdown),
        },
        "scenarios": out_scn,
        "assumptions": {
            k: {
                "low": b.low,
                "central": b.central,
                "high": b.high,
                "unit": b.unit,
                "status": b.status,
            }
            for k, b in ass.items()
        },  # fmt: skip
    }


def nash_grid(
    breakdown_totals: dict[str, Triple], scenarios: list[dict[str, Any]], beta: float = 0.5
) -> dict[str, Any]:
    """Non-TU Nash solution over a discrete deal set: the scenarios, no side payments.

    Each scenario is a candidate deal with utilities ``-total pain`` (central); the
    threat point is ``-breakdown pain``. The chosen deal maximises the generalised Nash
    product ``g_US ** beta * g_CN ** (1 - beta)`` over the individually rational ones
    (``engines.bargaining.nash_on_grid``); with no transfers a deal one side does not
    gain from cannot be bought.
    """
    from chokepoints.engines.bargaining import nash_on_grid, weighted_nash_product

    threat = (-breakdown_totals["USA"][1], -breakdown_totals["CHN"][1])
    u0 = np.array([-s["total_pain_usd"]["USA"][1] for s in scenarios], dtype=float)
    u1 = np.array([-s["total_pain_usd"]["CHN"][1] for s in scenarios], dtype=float)
    k, best = nash_on_grid(u0, u1, threat, beta=beta)
    prod = weighted_nash_product(u0, u1, threat, beta)
    return {
        "definition": (
            "deal set = the scenarios named; utility = -total pain (central); threat = "
            "-breakdown pain; no side payments; generalised Nash product with weight beta "
            "for the US"
        ),
        "beta_usa": beta,
        "deals": [
            {
                "scenario": s["scenario"],
                "gain_usd": {"USA": float(u0[i] - threat[0]), "CHN": float(u1[i] - threat[1])},
                "nash_product_usd": float(prod[i]) if np.isfinite(prod[i]) else None,
                "individually_rational": bool(np.isfinite(prod[i])),
            }
            for i, s in enumerate(scenarios)
        ],
        "solution": scenarios[k]["scenario"] if k >= 0 else None,
        "nash_product_usd": best if k >= 0 else None,
    }


def plausibility(breakdown: list[LeverPain], sigma: Band) -> dict[str, Any]:
    """What the 2025 rounds traded, valued with this model (annual, central values).

    London (June 2025): China eased rare-earth licensing; the US lifted the EDA and ethane
    requirements and restored engine licences. Busan (October 2025): China suspended the
    October controls for a year; the US cut the fentanyl tariff by 10 points and suspended
    the Affiliates rule (not valued). ``us_gave_per_us_value_added_saved`` is what the US
    gave per US$ of direct US value added the rare-earth concession saves (above 1: the
    US gave more trade value than the value added it saved). ``breakeven_multiplier`` is the dependence
    multiplier at which the rare-earth concession, valued at magnet price x multiplier,
    equals what the US gave: a model that values chokepoints by trade value alone needs
    that much downstream amplification to call the trade balanced.
    """
    by = {lp.lever: lp for lp in breakdown}
    horizon = float(by["us-eda"].detail.get("horizon_days", 365)) or 365.0
    per_yr = 365.0 / horizon
    re = by["cn-rare-earths"]
    mv = re.detail.get("magnet_value_us_usd")
    re_value = (float(mv[1]) if mv else re.to_owner[1]) * per_yr  # US-bound, multiplier 1
    va = re.detail.get("us_value_added_lost_usd")
    re_va = float(va[1]) * per_yr if va else float("nan")
    ew = re.detail.get("us_value_added_economy_wide_usd")
    re_ew = float(ew[1]) * per_yr if ew else None
    london_us = (
        sum(
            float(by[k].detail.get("trade_value_to_owner_usd", by[k].to_owner)[1])
            for k in ("us-eda", "us-ethane", "us-aero")
        )
        * per_yr
    )
    base = base_timeline()
    r_before = float(tariff_rates(base, "CHN", "USA", [dt.date(2025, 11, 9)])[0])
    trade = load_bilateral()[("CHN", "USA")]
    cut = float(
        tariff_trade_loss(trade, r_before, sigma.central)
        - tariff_trade_loss(trade, max(r_before - 0.10, 0.0), sigma.central)
    )

    dwl_back = float(
        tariff_deadweight_loss(trade, r_before, sigma.central)
        - tariff_deadweight_loss(trade, max(r_before - 0.10, 0.0), sigma.central)
    )

    from chokepoints.leverage.valuation import export_va_share

    london_cn_va = (
        sum(
            float(by[k].detail.get("value_added_to_target_usd", [0.0] * 3)[1])
            for k in ("us-eda", "us-ethane", "us-aero")
        )
        * per_yr
    )
    busan_cn_va = cut * export_va_share("CHN", "USA")
    london_ew: list[list[float]] = [
        by[k].detail.get("value_added_economy_wide_to_target_usd") or []
        for k in ("us-eda", "us-ethane", "us-aero")
    ]
    london_cn_ew = (
        sum(float(x[1]) for x in london_ew) * per_yr
        if all(len(x) == 3 for x in london_ew)
        else None
    )

    def ratio(a: float) -> float | None:
        return a / re_value if re_value > 0 else None

    def va_ratio(a: float) -> float | None:
        return a / re_va if np.isfinite(re_va) and re_va > 0 else None

    return {
        "units": "US$ per year, central values, dependence multiplier 1",
        "value_added_basis": (
            "china_value_added_gained_*: value added of the Chinese users (London: EDA, "
            "ethane and engine users at the WIOD input multipliers) or of China's exports "
            "to the US (Busan) that the US concession restores, per US$ of direct US value "
            "added the rare-earth concession saves: both sides' gains on one basis"
        ),
        "rare_earth_concession_magnet_value_usd": re_value,
        "rare_earth_concession_us_value_added_usd": re_va,
        "rare_earth_concession_us_economy_wide_value_added_usd": re_ew,
        "london": {
            "us_gave": "EDA, ethane and COMAC engine/parts restrictions lifted",
            "us_gave_value_to_china_usd": london_us,
            "breakeven_multiplier": ratio(london_us),
            "us_gave_per_us_value_added_saved": va_ratio(london_us),
            "us_gave_per_us_economy_wide_value_added_saved": london_us / re_ew if re_ew else None,
            "china_value_added_gained_usd": london_cn_va,
            "china_value_added_gained_per_us_value_added_saved": va_ratio(london_cn_va),
            "china_economy_wide_value_added_gained_usd": london_cn_ew,
            "china_economy_wide_per_us_economy_wide_value_added_saved": (
                london_cn_ew / re_ew if london_cn_ew is not None and re_ew else None
            ),
        },
        "busan": {
            "us_gave": "fentanyl tariff cut by 10 points (Affiliates rule suspension not valued)",
            "us_tariff_before_cut": r_before,
            "us_gave_value_to_china_usd": cut,
            "breakeven_multiplier": ratio(cut),
            "us_gave_per_us_value_added_saved": va_ratio(cut),
            "us_own_deadweight_loss_recovered_usd": dwl_back,
            "us_net_cost_per_us_value_added_saved": va_ratio(cut - dwl_back),
            "us_net_cost_per_us_economy_wide_value_added_saved": (cut - dwl_back) / re_ew
            if re_ew
            else None,
            "china_value_added_gained_usd": busan_cn_va,
            "china_value_added_gained_per_us_value_added_saved": va_ratio(busan_cn_va),
            "china_value_added_gained_net_of_us_deadweight_loss_per_us_value_added_saved": (
                va_ratio(busan_cn_va - dwl_back)
            ),
        },
    }
