"""The measure model: what a trade or export-control measure is, as validated data.

A timeline file (YAML) holds two lists, ``measures`` and ``events``. Each entry is
validated by the pydantic models below; :mod:`chokepoints.policy.timeline` turns
validation errors into :class:`~chokepoints.errors.DataErrors` that name the file, the
entry and the field. The full schema, with units and the mapping of real instruments
onto it, is documented in ``docs/policy.md``.

Dates are calendar dates. ``start`` is the first day a measure is in force and ``end``
the last day (inclusive); ``end: null`` means open-ended. A measure is *in force* on a
date when ``start <= date <= end`` and no suspension window covers that date.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from chokepoints.world.vocabulary import ELEMENTS, STAGES, ProductSpec

#: Kinds of measure. ``suspension`` is an instrument that pauses other measures.
MeasureKind = Literal[
    "ban",
    "licence",
    "general_licence",
    "quota",
    "export_tax",
    "tariff",
    "end_user_list",
    "content_rule",
    "technology_control",
    "suspension",
]
MEASURE_KINDS: tuple[str, ...] = MeasureKind.__args__  # type: ignore[attr-defined]

#: Provenance status of a data entry (shared with the rest of chokepoints).
Status = Literal["primary", "secondary", "derived", "estimated"]

#: Kinds of event on the timeline.
EventKind = Literal[
    "negotiation_round",
    "leaders_call",
    "leaders_meeting",
    "agreement",
    "announcement",
    "statement",
    "court_ruling",
    "industrial_policy",
    "domestic_regulation",
    "threat",
    "data_release",
    "other",
]
EVENT_KINDS: tuple[str, ...] = EventKind.__args__  # type: ignore[attr-defined]

#: Working days per calendar day, used to convert statutory review clocks.
WORKING_DAYS_PER_WEEK = 5


def _iso3(value: str) -> str:
    if value == "*":
        return value
    if len(value) != 3 or not value.isalpha() or not value.isupper():
        raise ValueError(f"{value!r} is not an ISO 3166 alpha-3 code (expected e.g. 'CHN', 'USA')")
    return value


class _Strict(BaseModel):
    # NaN and infinity are refused in every number of a measure or event (issue 16)
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class ReviewTime(_Strict):
    """How long a licence review takes: a distribution of days.

    ``unit`` says whether the numbers count working days (China's statutory clock) or
    calendar days; :attr:`mean_calendar_days` converts with 7 calendar days per 5
    working days.
    """

    distribution: Literal["fixed", "uniform", "triangular", "lognormal"] = "fixed"
    unit: Literal["working_days", "calendar_days"] = "calendar_days"
    mean: float = Field(ge=0, description="mean review time, in `unit`")
    low: float | None = Field(default=None, ge=0, description="lower bound, in `unit`")
    high: float | None = Field(default=None, ge=0, description="upper bound, in `unit`")
    sd: float | None = Field(default=None, ge=0, description="standard deviation (lognormal)")

    @model_validator(mode="after")
    def _check(self) -> ReviewTime:
        if self.distribution in ("uniform", "triangular") and (
            self.low is None or self.high is None
        ):
            raise ValueError(f"a {self.distribution} review time needs both 'low' and 'high'")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"'low' ({self.low}) is greater than 'high' ({self.high})")
        if self.distribution == "lognormal" and self.sd is None:
            raise ValueError("a lognormal review time needs 'sd'")
        return self

    @property
    def factor(self) -> float:
        return 7.0 / WORKING_DAYS_PER_WEEK if self.unit == "working_days" else 1.0

    @property
    def mean_calendar_days(self) -> float:
        """Mean review time in calendar days."""
        return self.mean * self.factor


class Coverage(_Strict):
    """What a measure covers.

    A product is covered when its id matches ``products`` (exact or a glob such as
    ``magnet:*``), or one of its HS codes starts with an entry of ``hs_codes``, or it
    contains one of ``elements`` and its stage is in ``stages`` (all stages when
    ``stages`` is empty). Technology ids (``technology:<name>``) are covered when the
    name is in ``technologies`` (``*`` for all). ``items`` lists covered goods outside
    the product vocabulary (gallium, graphite ...) for the record only.
    """

    elements: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    hs_codes: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    items: tuple[str, ...] = ()

    @field_validator("elements")
    @classmethod
    def _elements(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for symbol in value:
            if symbol not in ELEMENTS:
                raise ValueError(
                    f"{symbol!r} is not a rare-earth element symbol (expected one of {', '.join(ELEMENTS)})"
                )
        return value

    @field_validator("stages")
    @classmethod
    def _stages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for stage in value:
            if stage not in STAGES:
                raise ValueError(f"{stage!r} is not a stage (expected one of {', '.join(STAGES)})")
        return value

    def covers_product(self, spec: ProductSpec) -> bool:
        """Whether a product of the vocabulary is covered."""
        if any(fnmatch.fnmatchcase(spec.product_id, pattern) for pattern in self.products):
            return True
        if any(hs.startswith(prefix) for hs in spec.hs_codes for prefix in self.hs_codes):
            return True
        if self.elements and set(spec.elements) & set(self.elements):
            return not self.stages or spec.stage in self.stages
        return False

    def covers_technology(self, name: str) -> bool:
        """Whether a technology (``technology:<name>`` without the prefix) is covered."""
        return "*" in self.technologies or name in self.technologies


class Targets(_Strict):
    """Whom a measure targets.

    ``destinations`` and ``origins`` are ISO3 codes or ``*`` (all). Left out, they take
    the defaults of the measure's kind: export-side measures apply to exports *from*
    the issuer to all destinations; tariffs apply to imports *into* the issuer from all
    origins; a content rule applies to goods shipped from every origin except the
    issuer. ``end_users`` (named firms) and ``end_uses`` (``military`` ...) narrow a
    measure to flows with that end user or use; for a flow whose end user or use is
    not known the measure is reported as *conditional*.
    """

    destinations: tuple[str, ...] | None = None
    except_destinations: tuple[str, ...] = ()
    origins: tuple[str, ...] | None = None
    except_origins: tuple[str, ...] = ()
    end_users: tuple[str, ...] = ()
    end_uses: tuple[str, ...] = ()

    @field_validator("destinations", "except_destinations", "origins", "except_origins")
    @classmethod
    def _codes(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is None:
            return value
        return tuple(_iso3(v) for v in value)


class Parameters(_Strict):
    """Numbers of a measure; which are required depends on its kind (see docs/policy.md)."""

    licence_type: Literal["case_by_case", "general"] | None = None
    effect: Literal["ban", "licence"] | None = None
    approval_probability: float | None = Field(default=None, ge=0, le=1)
    review_time: ReviewTime | None = None
    validity_days: float | None = Field(default=None, gt=0)
    licence_quantity_t: float | None = Field(default=None, gt=0)
    quota_t_per_yr: float | None = Field(default=None, ge=0)
    rate: float | None = Field(default=None, ge=0, description="ad-valorem rate, 0.25 = 25%")
    de_minimis_share: float | None = Field(default=None, ge=0, le=1)
    relaxes: tuple[str, ...] = ()
    note: str | None = None
    status: Status | None = None
    source: str | None = None


class Measure(_Strict):
    """One measure: a ban, licence requirement, quota, tax, tariff, list or rule."""

    id: str = Field(min_length=1)
    title: str
    kind: MeasureKind
    issuer: str
    instrument: str | None = None
    coverage: Coverage = Coverage()
    targets: Targets = Targets()
    announced: dt.date | None = None
    start: dt.date
    end: dt.date | None = None
    review_date: dt.date | None = None
    approximate_dates: bool = False
    suspends: tuple[str, ...] = ()
    parameters: Parameters = Parameters()
    source: str
    sources: tuple[str, ...] = ()
    status: Status
    note: str | None = None
    origin: str = "bundled"

    @field_validator("issuer")
    @classmethod
    def _issuer(cls, value: str) -> str:
        return _iso3(value)

    @model_validator(mode="after")
    def _check_kind(self) -> Measure:
        p = self.parameters
        if self.end is not None and self.end < self.start:
            raise ValueError(f"'end' ({self.end}) is before 'start' ({self.start})")
        needs_licence_numbers = self.kind == "licence" or (
            self.kind in ("end_user_list", "content_rule", "technology_control")
            and self.effect == "licence"
        )
        if needs_licence_numbers and (p.approval_probability is None or p.review_time is None):
            raise ValueError(
                f"a {self.kind} with a licence effect needs parameters "
                "'approval_probability' and 'review_time'"
            )
        if self.kind == "general_licence":
            if not p.relaxes:
                raise ValueError(
                    "a general_licence needs parameters.relaxes (ids of the licence measures it eases)"
                )
            if p.approval_probability is None or p.review_time is None:
                raise ValueError("a general_licence needs 'approval_probability' and 'review_time'")
        if self.kind == "quota" and p.quota_t_per_yr is None:
            raise ValueError("a quota needs parameters.quota_t_per_yr")
        if self.kind in ("export_tax", "tariff") and p.rate is None:
            raise ValueError(f"a {self.kind} needs parameters.rate (ad valorem, 0.25 = 25%)")
        if self.kind == "end_user_list" and not self.targets.end_users:
            raise ValueError("an end_user_list needs targets.end_users (the named firms)")
        if self.kind == "content_rule" and p.de_minimis_share is None:
            raise ValueError("a content_rule needs parameters.de_minimis_share (0.001 = 0.1%)")
        if self.kind == "technology_control" and not self.coverage.technologies:
            raise ValueError("a technology_control needs coverage.technologies")
        if self.kind == "suspension" and not self.suspends:
            raise ValueError("a suspension needs 'suspends' (ids of the measures it pauses)")
        return self

    @property
    def effect(self) -> str:
        """What the measure does to a flow it applies to: ban, licence, or the kind itself."""
        if self.parameters.effect is not None:
            return self.parameters.effect
        if self.kind in ("end_user_list", "ban"):
            return "ban"
        if self.kind in ("content_rule", "technology_control", "licence", "general_licence"):
            return "licence"
        return self.kind

    @property
    def destinations(self) -> tuple[str, ...]:
        if self.targets.destinations is not None:
            return self.targets.destinations
        return (self.issuer,) if self.kind == "tariff" else ("*",)

    @property
    def origins(self) -> tuple[str, ...]:
        if self.targets.origins is not None:
            return self.targets.origins
        if self.kind in ("tariff", "content_rule"):
            return ("*",)
        return (self.issuer,)

    @property
    def except_origins(self) -> tuple[str, ...]:
        if self.kind == "content_rule" and self.targets.origins is None:
            return (*self.targets.except_origins, self.issuer)
        return self.targets.except_origins

    def active_between(self, day: dt.date) -> bool:
        """Whether ``day`` lies between start and end (suspensions not considered)."""
        return self.start <= day and (self.end is None or day <= self.end)


class Event(_Strict):
    """Something that happened or is scheduled: talks, calls, statements, rulings."""

    id: str = Field(min_length=1)
    date: dt.date
    end_date: dt.date | None = None
    approximate_dates: bool = False
    kind: EventKind
    title: str
    actors: tuple[str, ...] = ()
    summary: str | None = None
    links: tuple[str, ...] = Field(
        default=(), description="ids of measures this event created or changed"
    )
    source: str
    sources: tuple[str, ...] = ()
    status: Status
    origin: str = "bundled"

    @field_validator("actors")
    @classmethod
    def _actors(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_iso3(v) for v in value)

    @model_validator(mode="after")
    def _check(self) -> Event:
        if self.end_date is not None and self.end_date < self.date:
            raise ValueError(f"'end_date' ({self.end_date}) is before 'date' ({self.date})")
        return self
