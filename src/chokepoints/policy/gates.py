"""Per-flow, per-day gate parameters for the dynamics engine, as plain arrays.

:func:`compile_gates` turns a :class:`~chokepoints.policy.timeline.Timeline` and a list
of cross-border flows into arrays of shape ``(n_days, n_flows)``, one per gate
parameter, so the day-by-day kernel never touches measures, dates or YAML::

    from chokepoints.policy import Timeline, compile_gates
    gates = compile_gates(Timeline.load(), origins, destinations, products,
                          start="2025-01-01", end="2026-12-31")
    gates.kind[t, f]                   # 0 open, 1 licence, 2 closed, 3 quota
    gates.approval_probability[t, f]   # probability a licence application is approved

The rule that combines several measures on one flow is :func:`~chokepoints.policy.
timeline.compose` (documented in docs/policy.md). Regimes are computed once per
distinct flow signature and per interval between change dates, then broadcast, so the
cost grows with the number of distinct (origin, destination, product, end user ...)
combinations, not with the number of flows or days.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from chokepoints.errors import DataError, NotFoundError
from chokepoints.policy.countries import check_country
from chokepoints.policy.timeline import GATE_CODES, FlowQuery, Timeline
from chokepoints.world.vocabulary import PRODUCTS_BY_ID

#: Gate kind codes as stored in :attr:`GateArrays.kind`.
OPEN, LICENCE, CLOSED, QUOTA = (GATE_CODES[k] for k in ("open", "licence", "closed", "quota"))


@dataclass(frozen=True)
class GateArrays:
    """Gate parameters per day and flow.

    Attributes
    ----------
    dates : ndarray, shape (n_days,), datetime64[D]
        The days, first to last inclusive.
    kind : ndarray, shape (n_days, n_flows), int8
        0 open, 1 licence, 2 closed (ban), 3 quota (the most restrictive present).
    approval_probability : ndarray, shape (n_days, n_flows), float64
        Probability that a licence application is approved; 1 when no licence is
        needed, 0 when closed.
    review_days_mean : ndarray, shape (n_days, n_flows), float64
        Mean licence review time, calendar days; 0 when no licence is needed.
    quota_t_per_day : ndarray, shape (n_days, n_flows), float64
        Cap of the binding quota, t/day (its annual quantity / 365), shared by every
        flow with the same ``quota_index``; ``inf`` when no quota applies.
    quota_index : ndarray, shape (n_days, n_flows), int16
        Index into ``quota_ids`` of the binding quota, -1 when none.
    export_tax : ndarray, shape (n_days, n_flows), float64
        Ad-valorem export tax levied by the origin, fraction (0.1 = 10%).
    tariff : ndarray, shape (n_days, n_flows), float64
        Ad-valorem import tariff levied by the destination, fraction.
    quota_ids : tuple of str
        Ids of the quota measures referred to by ``quota_index``.
    """

    dates: np.ndarray
    kind: np.ndarray
    approval_probability: np.ndarray
    review_days_mean: np.ndarray
    quota_t_per_day: np.ndarray
    quota_index: np.ndarray
    export_tax: np.ndarray
    tariff: np.ndarray
    quota_ids: tuple[str, ...] = ()

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.kind.shape[0]), int(self.kind.shape[1]))

    def engine_gates(
        self,
        flow_index: np.ndarray | None = None,
        *,
        quotas: bool = True,
        column: np.ndarray | None = None,
    ) -> Any:
        """The :class:`chokepoints.engines.dynamics.Gates` the dynamics engine reads.

        The one conversion from these policy arrays to the engine's gate type (the
        engine needs kind, approval, review time and quota; taxes and tariffs are for
        the market). ``flow_index``: the engine flows the columns refer to (``None``:
        every flow, in order). ``column``: when these arrays were compiled once per
        distinct gate, the column each flow of ``flow_index`` reads (``None``: one
        column per flow). ``quotas=False`` leaves every flow uncapped (``inf``), for
        flows that national quotas do not cap, such as a firm's deliveries.
        """
        from chokepoints.engines.dynamics import Gates

        quota = self.quota_t_per_day if quotas else np.full(self.kind.shape, np.inf)
        return Gates(
            kind=self.kind,
            approval_prob=self.approval_probability,
            review_days=self.review_days_mean,
            quota_t_per_day=quota,
            flow_index=flow_index,
            column=column,
        )

    def to_dataset(self, flow_ids: Sequence[str] | None = None) -> Any:
        """The arrays as an ``xarray.Dataset`` with dimensions ``date`` and ``flow``."""
        import xarray as xr

        n_flows = self.shape[1]
        flows = list(flow_ids) if flow_ids is not None else [str(i) for i in range(n_flows)]
        dims = ("date", "flow")
        units = {
            "kind": ("1", "gate kind: 0 open, 1 licence, 2 closed, 3 quota"),
            "approval_probability": ("1", "licence approval probability"),
            "review_days_mean": ("days", "mean licence review time"),
            "quota_t_per_day": ("t/day", "binding quota"),
            "export_tax": ("1", "ad-valorem export tax"),
            "tariff": ("1", "ad-valorem import tariff"),
        }
        data = {
            name: xr.Variable(dims, getattr(self, name), {"units": u, "long_name": ln})
            for name, (u, ln) in units.items()
        }
        return xr.Dataset(data, coords={"date": self.dates, "flow": flows})


def _as_date(value: dt.date | str, name: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DataError("is not a date (expected YYYY-MM-DD)", field=name, value=value) from None


def _column(values: Sequence[Any] | np.ndarray | None, n: int, name: str) -> list[Any]:
    if values is None:
        return [None] * n
    out = list(values)
    if len(out) != n:
        raise DataError(
            f"has {len(out)} entries but expected {n} (one per flow, like 'origins')",
            field=name,
        )
    return out


def compile_gates(
    timeline: Timeline,
    origins: Sequence[str] | np.ndarray,
    destinations: Sequence[str] | np.ndarray,
    products: Sequence[str] | np.ndarray,
    start: dt.date | str,
    end: dt.date | str,
    *,
    end_users: Sequence[str | None] | np.ndarray | None = None,
    end_uses: Sequence[str | None] | np.ndarray | None = None,
    general_licence: Sequence[bool] | np.ndarray | None = None,
    china_content_share: Sequence[float | None] | np.ndarray | None = None,
    countries: Collection[str] | None = None,
) -> GateArrays:
    """Gate parameters for each flow on each day from ``start`` to ``end`` inclusive.

    Parameters
    ----------
    timeline : Timeline
        The policy timeline (bundled, or merged with a user file).
    origins, destinations : array-like of str, shape (n_flows,)
        ISO 3166-1 alpha-3 codes (any case) of the exporting and importing country of
        each flow, or the aggregates ``EU27`` / ``ROW`` of the bundled world.
    products : array-like of str, shape (n_flows,)
        Product id of each flow (``magnet:ndfeb_hre``; exact ids, no aliases).
    start, end : date or 'YYYY-MM-DD'
        First and last day.
    end_users : array-like of str or None, shape (n_flows,), optional
        Named end user of each flow; measures naming end users apply only on match.
    end_uses : array-like of str or None, shape (n_flows,), optional
        End use of each flow (``military`` ...).
    general_licence : array-like of bool, shape (n_flows,), optional
        Whether the flow ships under a general licence (eases the licences it relaxes).
    china_content_share : array-like of float or None, shape (n_flows,), optional
        Share (0-1) of China-origin controlled material, for extraterritorial rules.
    countries : collection of str, optional
        The region codes of the world the flows come from. Given, every origin and
        destination must be an ISO 3166-1 alpha-3 code, ``EU27``, ``ROW`` or one of these
        (an unknown code would match no measure and read as an open gate). Left out, any
        three-letter code is accepted (synthetic worlds use ``AAA``), but names and
        two-letter codes (``CHINA``, ``US``) are still refused.

    Returns
    -------
    GateArrays
        Arrays of shape (n_days, n_flows); see its docstring for units.

    Raises
    ------
    DataError
        If the arrays differ in length or the dates are invalid.
    NotFoundError
        If a product id is unknown, or an origin or destination is not a country code
        (the message names the first bad value and suggests a code: ``CHINA`` -> ``CHN``).
    """
    first, last = _as_date(start, "start"), _as_date(end, "end")
    if last < first:
        raise DataError(f"is before start {first.isoformat()}", field="end", value=last.isoformat())
    n = len(origins)
    o = _column(origins, n, "origins")
    d = _column(destinations, n, "destinations")
    p = _column(products, n, "products")
    eu = _column(end_users, n, "end_users")
    us = _column(end_uses, n, "end_uses")
    gl = _column(general_licence, n, "general_licence")
    cc = _column(china_content_share, n, "china_content_share")
    for pid in set(p):
        if str(pid) not in PRODUCTS_BY_ID and not str(pid).startswith("technology:"):
            raise NotFoundError("product", str(pid), PRODUCTS_BY_ID)
    # An unknown country would match no measure and read as an open gate: refuse it.
    extra = frozenset(str(c).upper() for c in countries) if countries is not None else frozenset()
    lax = countries is None
    code = {
        c: check_country(c, "origins", extra, shape_only=lax) for c in dict.fromkeys(map(str, o))
    }
    code.update(
        (c, check_country(c, "destinations", extra, shape_only=lax))
        for c in dict.fromkeys(map(str, d))
    )

    n_days = (last - first).days + 1
    dates = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    kind = np.zeros((n_days, n), dtype=np.int8)
    approval = np.ones((n_days, n))
    review = np.zeros((n_days, n))
    quota = np.full((n_days, n), math.inf)
    quota_index = np.full((n_days, n), -1, dtype=np.int16)
    tax = np.zeros((n_days, n))
    tariff = np.zeros((n_days, n))
    quota_ids: list[str] = []

    # Group flows by signature: each distinct flow query is evaluated once per segment.
    groups: dict[FlowQuery, list[int]] = {}
    for i in range(n):
        share = (
            None
            if cc[i] is None or (isinstance(cc[i], float) and math.isnan(cc[i]))
            else float(cc[i])
        )
        query = FlowQuery(
            str(p[i]),
            code[str(o[i])],
            code[str(d[i])],
            None if eu[i] is None else str(eu[i]),
            None if us[i] is None else str(us[i]),
            bool(gl[i]) if gl[i] is not None else False,
            share,
        )
        groups.setdefault(query, []).append(i)

    # Segment boundaries: the gate of a flow can only change on these days.
    cuts = [first] + [c for c in timeline.change_dates() if first < c <= last]
    bounds = [(c - first).days for c in cuts] + [n_days]

    for query, idx_list in groups.items():
        idx = np.asarray(idx_list)
        pool = timeline.candidates(query)
        for k, day in enumerate(cuts):
            a, b = bounds[k], bounds[k + 1]
            if a >= b:
                continue
            gate = timeline.regime_for(query, day, pool).gate
            rows = slice(a, b)
            kind[rows, idx] = gate.code
            approval[rows, idx] = gate.approval_probability
            review[rows, idx] = gate.review_days_mean
            quota[rows, idx] = gate.quota_t_per_day
            tax[rows, idx] = gate.export_tax
            tariff[rows, idx] = gate.tariff
            if gate.binding_quota is not None:
                if gate.binding_quota not in quota_ids:
                    quota_ids.append(gate.binding_quota)
                quota_index[rows, idx] = quota_ids.index(gate.binding_quota)

    return GateArrays(
        dates=dates,
        kind=kind,
        approval_probability=approval,
        review_days_mean=review,
        quota_t_per_day=quota,
        quota_index=quota_index,
        export_tax=tax,
        tariff=tariff,
        quota_ids=tuple(quota_ids),
    )
