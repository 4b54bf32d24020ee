"""Scenario files: what a scenario is, as validated data, and how files are read.

A scenario (YAML) names the world, the policy timeline up to a cut-off date, overrides
after it, behavioural assumptions, the start date, the horizon, the number of Monte
Carlo runs and the seed. ``extends: other`` starts from another scenario (bundled name
or path) and replaces the keys given, merging the ``assumptions`` and ``timeline``
mappings key by key and appending ``overrides``. See ``docs/scenarios.md``.

Every problem in a file is reported at once, naming the file, the entry and the field::

    my.yaml, field 'runs': '0' is out of range (expected a number >= 1)
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from chokepoints.errors import DataError, NotFoundError, Problem, raise_if_problems
from chokepoints.limits import LIMITS
from chokepoints.safe_yaml import load_yaml_text, read_text_file
from chokepoints.tables.reader import pydantic_reason
from chokepoints.world.vocabulary import STAGES

#: Scenario schema version (stored in result attrs).
SCENARIO_SCHEMA_VERSION = 1

#: Mappings merged key by key when a scenario extends another.
MERGED_KEYS = ("assumptions", "timeline")

OverrideAction = Literal["add", "suspend", "end", "change"]


class _Strict(BaseModel):
    # NaN and infinity are refused in every number of a scenario (hardening, issue 16)
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class TimelineSpec(_Strict):
    """Which policy timeline the scenario uses.

    ``cutoff`` is the last day of the recorded timeline kept; measures that start later
    are dropped (the overrides say what happens after it). With ``hold_after_cutoff``
    every measure and suspension in force on the cut-off day stays in force to the end
    of the run (scheduled ends after the cut-off are ignored): "today's regime held".
    """

    cutoff: dt.date = Field(description="last day of the recorded timeline that is kept")
    user_file: str | None = Field(default=None, description="user timeline YAML merged first")
    hold_after_cutoff: bool = Field(
        default=False, description="keep measures in force at the cut-off for the whole run"
    )


class Override(_Strict):
    """One change to the timeline after the cut-off.

    ``add`` a full measure (``entry``, the timeline schema of docs/policy.md);
    ``suspend`` measures from ``date`` (to ``until``, inclusive, or open-ended);
    ``end`` a measure on the day before ``date``; ``change`` a measure's licence
    parameters from ``date`` (``approval_probability``, ``review_days`` in calendar
    days), optionally only for flows to ``destinations``.
    """

    action: OverrideAction
    date: dt.date
    measures: tuple[str, ...] = Field(default=(), description="ids of the measures changed")
    until: dt.date | None = None
    approval_probability: float | None = Field(default=None, ge=0, le=1)
    review_days: float | None = Field(default=None, ge=0, description="calendar days (mean)")
    destinations: tuple[str, ...] | None = None
    entry: dict[str, Any] | None = None
    note: str | None = None
    source: str | None = None

    @field_validator("destinations")
    @classmethod
    def _countries(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        from chokepoints.policy.countries import is_country, suggest_countries

        for code in value or ():
            if not is_country(code):
                hints = suggest_countries(code)
                hint = f"; did you mean {' or '.join(hints)}?" if hints else ""
                raise ValueError(f"{code!r} is not an ISO 3166 alpha-3 country code{hint}")
        return value

    @model_validator(mode="after")
    def _check(self) -> Override:
        if self.action == "add" and self.entry is None:
            raise ValueError("an 'add' override needs 'entry' (a full measure)")
        if self.action != "add" and not self.measures:
            raise ValueError(f"a {self.action!r} override needs 'measures' (ids)")
        if (
            self.action == "change"
            and self.approval_probability is None
            and (self.review_days is None)
        ):
            raise ValueError("a 'change' override needs 'approval_probability' or 'review_days'")
        if self.until is not None and self.until < self.date:
            raise ValueError(f"'until' ({self.until}) is before 'date' ({self.date})")
        return self


def _stage_days_default() -> dict[str, float]:
    return {"ore": 30.0, "oxide": 30.0, "metal": 30.0, "magnet": 30.0, "component": 35.0,
            "sector": 15.0}  # fmt: skip


class Closure(_Strict):
    """A dated production stop of one stage in one country (e.g. a public holiday):
    ``share_lost`` of the nodes' capacity from ``start`` to ``end`` (both included),
    then a linear recovery over ``recovery_days``."""

    country: str = Field(
        min_length=1, description="a country (region) code of the world: ISO3 or e.g. EU27"
    )
    stage: str = Field(description="world stage, e.g. magnet")
    start: dt.date
    end: dt.date
    share_lost: float = Field(gt=0, le=1, description="share of capacity lost, 0..1")
    recovery_days: float = Field(default=0.0, ge=0, description="linear recovery, days")
    source: str = ""

    @model_validator(mode="after")
    def _dates(self) -> Closure:
        if self.stage not in STAGES:
            raise ValueError(f"{self.stage!r} is not a stage (expected one of {list(STAGES)})")
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Assumptions(_Strict):
    """Behavioural assumptions; each has a documented default (docs/scenarios.md)."""

    inventory_days: dict[str, float] = Field(
        default_factory=_stage_days_default,
        description="input cover held by nodes of each stage, days of use",
    )
    inventory_days_by_country: dict[str, dict[str, float]] = Field(
        default_factory=dict,
        description="per-country overrides of inventory_days: {ISO3: {stage: days}}",
    )
    qualification_days: int = Field(
        default=30,
        ge=0,
        le=LIMITS["lead_time_days"].default,
        strict=True,
        description="days to qualify a new supplier",
    )
    rerouting: bool = True
    substitution: bool = True
    review_delay: Literal["exponential", "fixed"] = Field(
        default="exponential",
        description="shape of every licence review time around its measure's mean "
        "(the engine uses only the mean of a measure's review_time; docs/model.md)",
    )
    licence_renewal: Literal["ahead", "on_expiry"] = Field(
        default="ahead",
        description="apply for the next licence when the remaining validity is at most "
        "the mean review time ('ahead'), or only after expiry ('on_expiry')",
    )
    licence_validity_days: int = Field(default=365, ge=1)
    restoration_tau_days: float = Field(default=30.0, gt=0, description="inventory rebuild, days")
    overproduction_max: float = Field(default=1.25, ge=1.0, description="BoARIO alpha_max")
    demand_factor: float = Field(default=1.0, gt=0, description="final demand multiplier")
    demand_factor_by_country: dict[str, float] = Field(
        default_factory=dict,
        description="final demand multiplier per country, {ISO3: factor}, on top of "
        "demand_factor; the key '*' applies to every country not named (so "
        "{'*': 1.1, CHN: 1.0} raises demand outside China by 10%)",
    )

    closures: tuple[Closure, ...] = Field(
        default=(),
        description="dated capacity losses of one stage in one country (holidays)",
    )

    @field_validator("inventory_days", mode="before")
    @classmethod
    def _fill_stages(cls, value: Any) -> Any:
        # stages left out keep their default
        if isinstance(value, dict):
            return {**_stage_days_default(), **value}
        return value

    @model_validator(mode="after")
    def _stages(self) -> Assumptions:
        tables = [self.inventory_days, *self.inventory_days_by_country.values()]
        for table in tables:
            for stage, days in table.items():
                if stage not in STAGES:
                    raise ValueError(f"{stage!r} is not a stage (expected one of {list(STAGES)})")
                if days < 0:
                    raise ValueError(f"inventory days for {stage!r} is {days} (expected >= 0)")
        for country, factor in self.demand_factor_by_country.items():
            if not factor > 0:
                raise ValueError(
                    f"demand_factor_by_country[{country!r}] is {factor} (expected > 0)"
                )
        return self


class Scenario(_Strict):
    """A validated scenario (after ``extends`` is resolved)."""

    name: str = Field(min_length=1)
    title: str = ""
    description: str = ""
    world: str = Field(default="bundled", description="'bundled' or a world folder path")
    timeline: TimelineSpec
    overrides: tuple[Override, ...] = ()
    assumptions: Assumptions = Assumptions()
    start: dt.date
    horizon_days: int = Field(default=365, ge=1, strict=True)
    spin_up_days: int = Field(
        default=0,
        ge=0,
        strict=True,
        description="days simulated before start and then dropped (licences granted, "
        "stocks drawn down by the recorded history)",
    )
    runs: int = Field(default=100, ge=1, strict=True)
    seed: int = Field(default=0, ge=0, lt=2**63, strict=True)
    parameters: dict[str, float] = Field(
        default_factory=dict,
        description="named numbers used as '${name}' in overrides and assumptions",
    )
    sources: dict[str, str] = Field(
        default_factory=dict, description="assumption or override -> its source"
    )
    extends: str | None = Field(default=None, description="resolved; kept for the record")
    file: str | None = Field(default=None, description="file it was read from")

    @field_validator("world")
    @classmethod
    def _world_folder(cls, value: str) -> str:
        if value != "bundled" and not Path(value).is_dir():
            raise ValueError(
                f"world folder {value!r} does not exist or is not a folder (expected "
                "'bundled' or a world folder; a relative path is read from the scenario "
                "file's folder)"
            )
        return value

    @model_validator(mode="after")
    def _limits(self) -> Scenario:
        # limits declared once in chokepoints.limits (raised with environment variables)
        try:
            LIMITS["runs"].check(self.runs, field="runs")
            LIMITS["horizon_days"].check(
                self.horizon_days + self.spin_up_days, field="horizon_days + spin_up_days"
            )
        except DataError as exc:
            raise ValueError(exc.reason) from None
        return self

    @property
    def sim_start(self) -> dt.date:
        """First simulated day (``start`` less the spin-up)."""
        return self.start - dt.timedelta(days=self.spin_up_days)

    @property
    def end(self) -> dt.date:
        """Last simulated day."""
        return self.start + dt.timedelta(days=self.horizon_days - 1)

    def content_hash(self) -> str:
        """SHA-256 of the resolved scenario (file path left out), 16 hex digits."""
        body = self.model_dump(mode="json", exclude={"file"})
        text = json.dumps(body, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


# -- reading -----------------------------------------------------------------------------


def folder_name(name: str) -> str:
    """A scenario name made safe as one folder name (no ``/``, ``..`` or absolute path).

    Characters other than letters, digits, ``.``, ``_`` and ``-`` become ``-``; leading
    dots and dashes are dropped, so ``../../x`` gives ``x`` and ``/tmp/x`` gives
    ``tmp-x``; an empty result is ``scenario``.
    """
    import re

    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-")
    safe = re.sub(r"-{2,}", "-", safe).lstrip(".-")
    return safe[:100] or "scenario"


def bundled_names() -> list[str]:
    """Names of the bundled scenarios."""
    folder = resources.files("chokepoints.data") / "scenarios"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def _locate(name_or_path: str | Path) -> tuple[str, str]:
    """(display name, text) of a bundled scenario name or a file path."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        return str(path), read_text_file(path, kind="scenario YAML file")
    name = str(name_or_path)
    folder = resources.files("chokepoints.data") / "scenarios"
    file = folder / f"{name}.yaml"
    if not file.is_file():
        raise NotFoundError("scenario", name, bundled_names())
    return f"chokepoints/data/scenarios/{name}.yaml", file.read_text(encoding="utf-8")


def _read_mapping(text: str, file: str) -> dict[str, Any]:
    data = load_yaml_text(text, source=file, expect=None)  # dates stay strings for pydantic
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DataError("is not a mapping (expected keys like name, timeline, start)", file=file,
                        value=type(data).__name__)  # fmt: skip
    return data


def _merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if key in MERGED_KEYS and isinstance(value, dict) and isinstance(out.get(key), dict):
            merged = dict(out[key])
            for k2, v2 in value.items():
                if isinstance(v2, dict) and isinstance(merged.get(k2), dict):
                    merged[k2] = {**merged[k2], **v2}
                else:
                    merged[k2] = v2
            out[key] = merged
        elif key == "overrides" and isinstance(value, list):
            out[key] = list(out.get(key) or []) + value
        elif key in ("sources", "parameters") and isinstance(value, dict):
            out[key] = {**(out.get(key) or {}), **value}
        else:
            out[key] = value
    return out


def _raw(name_or_path: str | Path, chain: tuple[str, ...] = ()) -> tuple[dict[str, Any], str]:
    file, text = _locate(name_or_path)
    if file in chain:
        raise DataError(f"extends itself through {' -> '.join((*chain, file))} (expected no cycle)",
                        file=file, field="extends", value=str(name_or_path))  # fmt: skip
    data = _read_mapping(text, file)
    world = data.get("world")
    if (
        isinstance(world, str)
        and world != "bundled"
        and not Path(world).is_absolute()
        and not file.startswith("chokepoints/data/")
    ):
        # like 'extends:', a relative world folder is read from the scenario file's folder
        data["world"] = str(Path(file).parent / world)
    parent = data.get("extends")
    if parent is None:
        return data, file
    if not isinstance(parent, str):
        raise DataError("is not a scenario name or path", file=file, field="extends", value=parent)
    ref: str | Path = parent
    if parent.endswith((".yaml", ".yml")) and not Path(parent).is_absolute():
        ref = Path(file).parent / parent
    try:
        base, _ = _raw(ref, (*chain, file))
    except NotFoundError as exc:
        raise DataError(f"names no scenario ({exc})", file=file, field="extends",
                        value=parent) from None  # fmt: skip
    base.pop("name", None)
    merged = _merge(base, {k: v for k, v in data.items() if k != "extends"})
    merged["extends"] = parent
    return merged, file


def _problems(exc: ValidationError, file: str, data: dict[str, Any]) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = list(err.get("loc", ()))
        row = None
        parts: list[str] = []
        for i, part in enumerate(loc):
            if isinstance(part, int) and i > 0 and loc[i - 1] == "overrides":
                row = part + 1
                parts[-1] = f"overrides[#{part + 1}]"
            else:
                parts.append(str(part))
        # worded like every input table's problems (chokepoints.tables)
        value, reason = pydantic_reason(err, model=Scenario)
        out.append(Problem(file, row, ".".join(parts) or None, value, reason))
    return out


def _substitute(obj: Any, params: dict[str, Any], path: str, file: str,
                problems: list[Problem]) -> Any:  # fmt: skip
    """Replace strings ``'${name}'`` by ``params[name]``, recursively."""
    if isinstance(obj, dict):
        return {k: _substitute(v, params, f"{path}.{k}" if path else str(k), file, problems)
                for k, v in obj.items()}  # fmt: skip
    if isinstance(obj, list):
        return [_substitute(v, params, f"{path}[#{i + 1}]", file, problems)
                for i, v in enumerate(obj)]  # fmt: skip
    if isinstance(obj, str) and obj.startswith("${") and obj.endswith("}"):
        name = obj[2:-1]
        if name not in params:
            known = ", ".join(sorted(params)) or "none defined"
            problems.append(Problem(file, None, path, obj,
                                    f"names no entry of 'parameters' (known: {known})"))  # fmt: skip
            return obj
        return params[name]
    return obj


def load_scenario(
    name_or_path: str | Path, *, parameters: dict[str, float] | None = None, **replace: Any
) -> Scenario:
    """Read, resolve ``extends`` and validate a scenario (bundled name or YAML path).

    Parameters
    ----------
    name_or_path : str or Path
        A bundled scenario name (``status-quo``) or a path to a YAML file.
    parameters : dict, optional
        Values replacing entries of the scenario's ``parameters`` (calibration uses it).
    **replace
        Top-level fields to replace after reading (``runs=10``, ``seed=3``).

    Raises
    ------
    DataErrors
        Listing every problem, each naming the file, the entry and the field.
    NotFoundError
        If a bundled name is unknown (with near matches).
    """
    data, file = _raw(name_or_path)
    data = {**data, **{k: v for k, v in replace.items() if v is not None}}
    data["file"] = file
    if "name" not in data:
        data["name"] = Path(file).stem
    if parameters:
        data["parameters"] = {**(data.get("parameters") or {}), **parameters}
    params = data.get("parameters") or {}
    if isinstance(params, dict):
        problems: list[Problem] = []
        body = {k: v for k, v in data.items() if k != "parameters"}
        data = {**_substitute(body, params, "", file, problems), "parameters": params}
        raise_if_problems(problems, context=f"scenario {file}")
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise_if_problems(_problems(exc, file, data), context=f"scenario {file}")
        raise  # pragma: no cover (raise_if_problems always raises here)


def scenario_from_dict(data: dict[str, Any], file: str = "<dict>") -> Scenario:
    """Validate a scenario given as a mapping (``extends`` must be absent)."""
    try:
        return Scenario.model_validate({**data, "file": file})
    except ValidationError as exc:
        raise_if_problems(_problems(exc, file, data), context=f"scenario {file}")
        raise  # pragma: no cover
