"""The policy timeline: measures and events, and the questions asked of them.

``Timeline.load()`` reads the bundled timeline (``chokepoints/data/timeline``) and an
optional user file over it. ``regime`` answers "what is in force on this date for this
product from X to Y, and what gate results"; ``in_force`` lists measures in force;
``upcoming`` lists what starts, lapses or is due for review after a date;
``newest_entry`` and ``staleness_warning`` say whether the timeline may be out of date.

How measures compose into one gate (see docs/policy.md, "Composition"):

- a ban (or any measure whose effect is a ban) closes the flow: gate ``closed``;
- licence requirements multiply their approval probabilities (independent reviews)
  and take the longest mean review time (reviews run in parallel); the shortest
  validity and smallest licence quantity bind;
- an applicable general licence replaces the factor of each licence it relaxes;
- quotas take the smallest quantity;
- export taxes add; import tariffs add (stacked ad-valorem rates);
- the gate kind is the most restrictive present: closed > quota > licence > open.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from chokepoints.errors import NotFoundError
from chokepoints.policy.countries import check_country
from chokepoints.policy.loading import build_entries, bundled_files
from chokepoints.policy.models import Event, Measure
from chokepoints.world.vocabulary import ELEMENTS, PRODUCTS, PRODUCTS_BY_ID, STAGES, ProductSpec

#: Gate kinds and their integer codes in gate arrays.
GATE_CODES: dict[str, int] = {"open": 0, "licence": 1, "closed": 2, "quota": 3}
#: Where the licence numbers of a regime come from (``parameters_basis`` in JSON).
PARAMETERS_BASIS = "timeline nominal"
#: One-line caveat printed with licence numbers (text output and JSON ``parameters_note``).
PARAMETERS_NOTE = (
    "Licence numbers are the timeline's nominal values from the cited sources, not the "
    "calibrated values the simulation scenarios use (see docs/scenarios.md); review times "
    "are in calendar days."
)
#: A timeline whose newest entry is older than this many days is reported as stale.
STALE_AFTER_DAYS = 90

Role = Literal["in_force", "conditional", "suspended", "available"]


def _norm(name: str) -> str:
    return " ".join(name.casefold().replace(",", " ").replace(".", " ").split())


def resolve_products(query: str) -> list[str]:
    """Turn a product query into product ids.

    Accepted: an exact id (``magnet:ndfeb_hre``), a stage name meaning every product
    of that stage (``magnet`` -> the three magnet products), a glob (``oxide:*``),
    an element symbol meaning the oxide, metal and magnet products that contain it
    (``Dy``), or a technology id (``technology:<name>``).

    Raises
    ------
    NotFoundError
        If nothing matches; the message offers near matches.
    """
    if query in PRODUCTS_BY_ID or query.startswith("technology:"):
        return [query]
    if query in STAGES:
        return [p.product_id for p in PRODUCTS if p.stage == query]
    if query in ELEMENTS:
        return [
            p.product_id
            for p in PRODUCTS
            if query in p.elements and p.stage in ("oxide", "metal", "magnet")
        ]
    matched = [pid for pid in PRODUCTS_BY_ID if fnmatch.fnmatchcase(pid, query)]
    if matched:
        return matched
    known = list(PRODUCTS_BY_ID) + list(STAGES) + list(ELEMENTS)
    raise NotFoundError("product", query, known)


@dataclass(frozen=True)
class FlowQuery:
    """One flow asked about: product from origin to destination, optionally to whom."""

    product: str
    origin: str
    destination: str
    end_user: str | None = None
    end_use: str | None = None
    general_licence: bool = False
    china_content_share: float | None = None


@dataclass(frozen=True)
class MeasureRole:
    """A measure as it concerns one flow on one date."""

    measure: Measure
    role: Role
    reason: str

    def as_dict(self) -> dict[str, Any]:
        m = self.measure
        params = m.parameters.model_dump(exclude_none=True, exclude_defaults=True, mode="json")
        return {
            "id": m.id,
            "title": m.title,
            "kind": m.kind,
            "effect": m.effect,
            "issuer": m.issuer,
            "instrument": m.instrument,
            "role": self.role,
            "reason": self.reason,
            "start": m.start.isoformat(),
            "end": m.end.isoformat() if m.end else None,
            "parameters": params,
            "source": m.source,
            "status": m.status,
            "origin": m.origin,
        }


@dataclass(frozen=True)
class Gate:
    """The combined effect of all measures in force on one flow on one date.

    ``approval_probability`` is 0 when closed and 1 when no licence applies;
    ``review_days_mean`` is in calendar days; ``quota_t_per_day`` is ``inf`` when no
    quota applies; ``export_tax`` and ``tariff`` are ad-valorem fractions (0.1 = 10%).
    """

    kind: str
    approval_probability: float = 1.0
    review_days_mean: float = 0.0
    quota_t_per_day: float = math.inf
    export_tax: float = 0.0
    tariff: float = 0.0
    licence_types: tuple[str, ...] = ()
    validity_days: float | None = None
    licence_quantity_t: float | None = None
    binding_quota: str | None = None
    decided_by: tuple[str, ...] = ()

    @property
    def code(self) -> int:
        return GATE_CODES[self.kind]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "parameters_basis": PARAMETERS_BASIS,
            "approval_probability": self.approval_probability,
            "review_days_mean": self.review_days_mean,
            "review_days_unit": "calendar days",
            "quota_t_per_day": None if math.isinf(self.quota_t_per_day) else self.quota_t_per_day,
            "export_tax": self.export_tax,
            "tariff": self.tariff,
            "licence_types": list(self.licence_types),
            "validity_days": self.validity_days,
            "licence_quantity_t": self.licence_quantity_t,
            "binding_quota": self.binding_quota,
            "decided_by": list(self.decided_by),
        }


@dataclass(frozen=True)
class Regime:
    """Answer of :meth:`Timeline.regime` for one product."""

    date: dt.date
    flow: FlowQuery
    gate: Gate
    measures: tuple[MeasureRole, ...] = field(default=())

    def by_role(self, role: Role) -> list[Measure]:
        return [r.measure for r in self.measures if r.role == role]

    def as_dict(self) -> dict[str, Any]:
        f = self.flow
        return {
            "date": self.date.isoformat(),
            "product": f.product,
            "origin": f.origin,
            "destination": f.destination,
            "end_user": f.end_user,
            "end_use": f.end_use,
            "general_licence": f.general_licence,
            "china_content_share": f.china_content_share,
            "gate": self.gate.as_dict(),
            "parameters_basis": PARAMETERS_BASIS,
            "parameters_note": PARAMETERS_NOTE,
            "measures": [r.as_dict() for r in self.measures],
        }


@dataclass(frozen=True)
class Upcoming:
    """Something that starts, lapses, resumes or is due for review on a date."""

    date: dt.date
    change: str
    entry_id: str
    title: str
    detail: str
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "change": self.change,
            "id": self.entry_id,
            "title": self.title,
            "detail": self.detail,
            "source": self.source,
        }


def _covers(m: Measure, product: str) -> bool:
    if product.startswith("technology:"):
        return m.coverage.covers_technology(product.split(":", 1)[1])
    spec: ProductSpec | None = PRODUCTS_BY_ID.get(product)
    return spec is not None and m.coverage.covers_product(spec)


def _places(m: Measure, origin: str | None, destination: str | None) -> bool:
    """Whether a measure targets flows from ``origin`` to ``destination`` (None = any).

    An export-side measure (any kind but ``tariff``) never targets flows into its own
    issuer from abroad: a Chinese control whose origins are ``*`` (an extraterritorial
    rule) covers third-country goods shipped onward, not China's imports.
    """
    dests, origins = m.destinations, m.origins
    if (
        m.kind != "tariff"
        and destination is not None
        and destination == m.issuer
        and origin != m.issuer
    ):
        return False
    if destination is not None and (
        not ("*" in dests or destination in dests) or destination in m.targets.except_destinations
    ):
        return False
    return origin is None or (
        ("*" in origins or origin in origins) and origin not in m.except_origins
    )


class Timeline:
    """Measures and events, bundled and user-supplied, with queries over them.

    Examples
    --------
    >>> import datetime as dt
    >>> tl = Timeline.load()
    >>> tl.regime(dt.date(2025, 6, 10), "magnet:ndfeb_hre", "CHN", "USA").gate.kind
    'licence'
    """

    def __init__(self, measures: Sequence[Measure], events: Sequence[Event]) -> None:
        self.measures: tuple[Measure, ...] = tuple(sorted(measures, key=lambda m: (m.start, m.id)))
        self.events: tuple[Event, ...] = tuple(sorted(events, key=lambda e: (e.date, e.id)))
        self._by_id = {m.id: m for m in self.measures}
        self._suspensions = [m for m in self.measures if m.kind == "suspension"]

    @classmethod
    def load(cls, user_file: str | Path | None = None) -> Timeline:
        """The bundled timeline, extended or overridden by ``user_file`` when given.

        Raises
        ------
        DataErrors
            Listing every problem found, each naming file, entry and field.
        """
        measures, events = build_entries(bundled_files(), user_file)
        return cls(measures, events)

    def measure(self, measure_id: str) -> Measure:
        """The measure with this id (``NotFoundError`` with near matches otherwise)."""
        try:
            return self._by_id[measure_id]
        except KeyError:
            raise NotFoundError("measure", measure_id, self._by_id) from None

    # -- suspension and force ------------------------------------------------------

    def suspended_by(self, measure: Measure, day: dt.date) -> Measure | None:
        """The suspension measure pausing ``measure`` on ``day``, if any."""
        for s in self._suspensions:
            if measure.id in s.suspends and s.active_between(day):
                return s
        return None

    def suspension_windows(self, measure_id: str) -> list[tuple[dt.date, dt.date | None, str]]:
        """(first day, last day or None, suspending measure id) for each suspension."""
        return [(s.start, s.end, s.id) for s in self._suspensions if measure_id in s.suspends]

    def is_in_force(self, measure: Measure, day: dt.date) -> bool:
        return measure.active_between(day) and self.suspended_by(measure, day) is None

    def in_force(
        self,
        day: dt.date,
        *,
        issuer: str | None = None,
        kind: str | None = None,
        product: str | None = None,
        origin: str | None = None,
        destination: str | None = None,
    ) -> list[Measure]:
        """Measures in force on ``day`` (not suspended), optionally filtered.

        ``issuer``, ``origin`` and ``destination`` are country codes (checked like
        :meth:`regime`'s; an unknown one raises ``NotFoundError``).
        """
        issuer = check_country(issuer, "issuer") if issuer else None
        origin = check_country(origin, "origin") if origin else None
        destination = check_country(destination, "destination") if destination else None
        products = resolve_products(product) if product else None
        out = []
        for m in self.measures:
            if m.kind == "suspension" or not self.is_in_force(m, day):
                continue
            if issuer and m.issuer != issuer or kind and m.kind != kind:
                continue
            if products is not None and not any(_covers(m, p) for p in products):
                continue
            if not _places(m, origin, destination):
                continue
            out.append(m)
        return out

    # -- regime ----------------------------------------------------------------------

    def _role(self, m: Measure, day: dt.date, flow: FlowQuery) -> MeasureRole | None:
        if m.kind == "suspension" or not m.active_between(day):
            return None
        if not _covers(m, flow.product) or not _places(m, flow.origin, flow.destination):
            return None
        susp = self.suspended_by(m, day)
        if susp is not None:
            until = f" until {susp.end.isoformat()}" if susp.end else ""
            return MeasureRole(m, "suspended", f"suspended by {susp.id}{until}")
        conditions = []
        if m.targets.end_users:
            if flow.end_user is None:
                conditions.append("end user is one of: " + ", ".join(m.targets.end_users))
            elif _norm(flow.end_user) not in {_norm(u) for u in m.targets.end_users}:
                return None
        if m.targets.end_uses:
            if flow.end_use is None:
                conditions.append("end use is " + " or ".join(m.targets.end_uses))
            elif flow.end_use not in m.targets.end_uses:
                return None
        if m.kind == "content_rule":
            share = m.parameters.de_minimis_share or 0.0
            if flow.china_content_share is None:
                conditions.append(
                    f"the goods contain at least {share:.2%} China-origin controlled content"
                )
            elif flow.china_content_share < share:
                return None
        if conditions:
            return MeasureRole(m, "conditional", "applies if " + "; ".join(conditions))
        if m.kind == "general_licence" and not flow.general_licence:
            return MeasureRole(
                m,
                "available",
                "eases " + ", ".join(m.parameters.relaxes) + " for holders of a general licence",
            )
        return MeasureRole(m, "in_force", "applies")

    def regime(
        self,
        day: dt.date,
        product: str,
        origin: str,
        destination: str,
        end_user: str | None = None,
        *,
        end_use: str | None = None,
        general_licence: bool = False,
        china_content_share: float | None = None,
    ) -> Regime:
        """Measures concerning one flow on ``day`` and the gate they add up to.

        Parameters
        ----------
        day : date
            The date asked about.
        product : str
            One product id (``magnet:ndfeb_hre``) or ``technology:<name>``; use
            :meth:`regimes` for aliases such as ``magnet``.
        origin, destination : str
            ISO 3166-1 alpha-3 codes of the exporting and importing country (any case),
            or the aggregates ``EU27`` / ``ROW`` of the bundled world.
        end_user : str, optional
            Named end user (firm); measures that list end users apply only when it
            matches, and are *conditional* when it is not given.
        end_use : str, optional
            End use such as ``military`` (same rule as ``end_user``).
        general_licence : bool
            Whether the exporter holds a general licence for this customer.
        china_content_share : float, optional
            Share (0-1) of China-origin controlled material in the goods, for
            extraterritorial content rules.

        Returns
        -------
        Regime
            The gate and the measures concerning the flow. Licence numbers in the gate
            are the timeline's nominal values (``parameters_basis``), review times in
            calendar days.

        Raises
        ------
        NotFoundError
            If the product is unknown, or origin or destination is not a country code
            (the message suggests one: ``CHINA`` -> ``CHN``).
        """
        if product not in PRODUCTS_BY_ID and not product.startswith("technology:"):
            raise NotFoundError("product", product, PRODUCTS_BY_ID)
        origin = check_country(origin, "origin")
        destination = check_country(destination, "destination")
        flow = FlowQuery(
            product, origin, destination, end_user, end_use, general_licence, china_content_share
        )
        return self.regime_for(flow, day)

    def candidates(self, flow: FlowQuery) -> list[Measure]:
        """Measures that cover the flow's product and places, on any date."""
        return [
            m
            for m in self.measures
            if m.kind != "suspension"
            and _covers(m, flow.product)
            and _places(m, flow.origin, flow.destination)
        ]

    def regime_for(
        self, flow: FlowQuery, day: dt.date, candidates: Sequence[Measure] | None = None
    ) -> Regime:
        """:meth:`regime` for a prepared :class:`FlowQuery` (``candidates`` speeds up loops)."""
        pool = self.measures if candidates is None else candidates
        roles = [r for m in pool if (r := self._role(m, day, flow)) is not None]
        gate = compose([r.measure for r in roles if r.role == "in_force"])
        return Regime(day, flow, gate, tuple(roles))

    def regimes(
        self, day: dt.date, product: str, origin: str, destination: str, **kwargs: Any
    ) -> list[Regime]:
        """:meth:`regime` for every product a query (``magnet``, ``Dy`` ...) resolves to.

        Countries are checked before the product query is resolved, so an unknown
        country is reported even when the product is also wrong.
        """
        origin = check_country(origin, "origin")
        destination = check_country(destination, "destination")
        return [
            self.regime(day, p, origin, destination, **kwargs) for p in resolve_products(product)
        ]

    # -- listing, upcoming, staleness --------------------------------------------

    def change_dates(self) -> list[dt.date]:
        """Every date on which some measure's force can change (sorted, unique)."""
        dates: set[dt.date] = set()
        for m in self.measures:
            dates.add(m.start)
            if m.end is not None:
                dates.add(m.end + dt.timedelta(days=1))
        return sorted(dates)

    def upcoming(self, after: dt.date, until: dt.date | None = None) -> list[Upcoming]:
        """What starts, lapses, resumes or is due for review strictly after ``after``."""
        out: list[Upcoming] = []

        def keep(day: dt.date) -> bool:
            return day > after and (until is None or day <= until)

        for m in self.measures:
            if keep(m.start):
                out.append(
                    Upcoming(m.start, "starts", m.id, m.title, f"{m.kind} by {m.issuer}", m.source)
                )
            if m.end is not None and keep(m.end):
                if m.kind == "suspension":
                    resume = m.end + dt.timedelta(days=1)
                    back = [
                        ref
                        for ref in m.suspends
                        if ref in self._by_id and self._by_id[ref].active_between(resume)
                    ]
                    detail = (
                        f"last day of suspension; back in force from {resume.isoformat()}: "
                        + (", ".join(back) if back else "none (the suspended measures have ended)")
                    )
                    out.append(
                        Upcoming(m.end, "suspension lapses", m.id, m.title, detail, m.source)
                    )
                else:
                    out.append(
                        Upcoming(
                            m.end,
                            "lapses",
                            m.id,
                            m.title,
                            f"last day in force ({m.kind})",
                            m.source,
                        )
                    )
            if m.review_date is not None and keep(m.review_date):
                out.append(
                    Upcoming(m.review_date, "review due", m.id, m.title, m.note or "", m.source)
                )
        for e in self.events:
            if keep(e.date):
                out.append(Upcoming(e.date, "event", e.id, e.title, e.kind, e.source))
        return sorted(out, key=lambda u: (u.date, u.entry_id))

    def newest_entry(self, as_of: dt.date) -> dt.date | None:
        """Date of the newest recorded (not merely scheduled) entry on or before ``as_of``."""
        dates = [e.date for e in self.events if e.date <= as_of]
        dates += [
            m.announced or m.start for m in self.measures if (m.announced or m.start) <= as_of
        ]
        return max(dates) if dates else None

    def staleness_warning(
        self, as_of: dt.date, threshold_days: int = STALE_AFTER_DAYS
    ) -> str | None:
        """A warning text when the newest entry is older than ``threshold_days``, else None."""
        newest = self.newest_entry(as_of)
        if newest is None or (as_of - newest).days <= threshold_days:
            return None
        return (
            f"Warning: the policy timeline's newest entry is dated {newest.isoformat()}, "
            f"{(as_of - newest).days} days before {as_of.isoformat()}; it may be stale. "
            "Add newer measures and events to your own timeline YAML and pass it with "
            "--timeline FILE (see docs/policy.md), or propose entries from news articles "
            "with `chokepoints news propose`."
        )

    def filter(
        self,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        issuer: str | None = None,
        element: str | None = None,
        kind: str | None = None,
    ) -> tuple[list[Measure], list[Event]]:
        """Measures (announced through end) overlapping [start, end] and events in it, filtered."""
        measures = []
        for m in self.measures:
            first = min(m.announced or m.start, m.start)
            if start and m.end is not None and m.end < start or end and first > end:
                continue
            if issuer and m.issuer != issuer or kind and m.kind != kind:
                continue
            if element and not _mentions_element(m, element):
                continue
            measures.append(m)
        events = []
        for e in self.events:
            last = e.end_date or e.date
            if start and last < start or end and e.date > end:
                continue
            if issuer and issuer not in e.actors or kind and e.kind != kind:
                continue
            if element and not any(element in _linked_elements(self, ref) for ref in e.links):
                continue
            events.append(e)
        return measures, events


def _mentions_element(m: Measure, element: str) -> bool:
    if element in m.coverage.elements:
        return True
    return any(
        m.coverage.covers_product(p) and element in p.elements
        for p in PRODUCTS
        if m.coverage.products or m.coverage.hs_codes
    )


def _linked_elements(tl: Timeline, measure_id: str) -> set[str]:
    m = tl._by_id.get(measure_id)
    if m is None:
        return set()
    elements = set(m.coverage.elements)
    for ref in m.suspends:
        elements |= _linked_elements(tl, ref)
    return elements


def _licence_factor(m: Measure) -> tuple[float, float]:
    p = m.parameters
    review = p.review_time.mean_calendar_days if p.review_time is not None else 0.0
    return (p.approval_probability if p.approval_probability is not None else 1.0), review


def compose(measures: Iterable[Measure]) -> Gate:
    """Combine measures that all apply to one flow on one date into a gate.

    The rule (documented in docs/policy.md): any ban closes; licence approval
    probabilities multiply and the longest mean review time binds; an applicable
    general licence replaces the factor of each licence it relaxes; quotas take the
    minimum; export taxes add; tariffs add; kind = closed > quota > licence > open.
    """
    ms = list(measures)
    bans = [m for m in ms if m.effect == "ban"]
    general = [m for m in ms if m.kind == "general_licence"]
    licences = {m.id: m for m in ms if m.effect == "licence" and m.kind != "general_licence"}
    factors: dict[str, tuple[float, float, Measure]] = {}
    for mid, m in licences.items():
        p, r = _licence_factor(m)
        factors[mid] = (p, r, m)
    for g in general:
        for ref in g.parameters.relaxes:
            if ref in factors:
                p, r = _licence_factor(g)
                if p > factors[ref][0] or (p == factors[ref][0] and r < factors[ref][1]):
                    factors[ref] = (p, r, g)
    approval = math.prod(f[0] for f in factors.values()) if factors else 1.0
    review = max((f[1] for f in factors.values()), default=0.0)
    used = [f[2] for f in factors.values()]
    validity = min(
        (m.parameters.validity_days for m in used if m.parameters.validity_days), default=None
    )
    quantity = min(
        (m.parameters.licence_quantity_t for m in used if m.parameters.licence_quantity_t),
        default=None,
    )
    licence_types = tuple(sorted({m.parameters.licence_type or "case_by_case" for m in used}))
    quotas = [m for m in ms if m.kind == "quota"]
    binding = min(quotas, key=lambda m: m.parameters.quota_t_per_yr or 0.0) if quotas else None
    quota_day = (binding.parameters.quota_t_per_yr or 0.0) / 365.0 if binding else math.inf
    tax = float(round(sum(m.parameters.rate or 0.0 for m in ms if m.kind == "export_tax"), 9))
    tariff = float(round(sum(m.parameters.rate or 0.0 for m in ms if m.kind == "tariff"), 9))
    if bans:
        kind, decided = "closed", tuple(m.id for m in bans)
        approval = 0.0
    elif binding is not None:
        kind, decided = "quota", (binding.id, *[m.id for m in used])
    elif factors:
        kind, decided = "licence", tuple(m.id for m in used)
    else:
        kind, decided = "open", ()
    return Gate(
        kind=kind,
        approval_probability=approval,
        review_days_mean=review,
        quota_t_per_day=quota_day,
        export_tax=tax,
        tariff=tariff,
        licence_types=licence_types,
        validity_days=validity,
        licence_quantity_t=quantity,
        binding_quota=binding.id if binding else None,
        decided_by=decided,
    )
