"""Apply a scenario's cut-off and overrides to the policy timeline.

The recorded timeline (bundled, plus the scenario's user file) is cut at
``timeline.cutoff``: measures and events after it are dropped. With
``hold_after_cutoff``, measures and suspensions in force on the cut-off day lose their
scheduled end. Then the overrides are applied in file order:

- ``add``: a new measure (validated like a timeline entry);
- ``suspend``: a new suspension measure ``scenario:suspend:<date>`` pausing the named
  measures from ``date`` (to ``until``);
- ``end``: the named measures end on the day before ``date``;
- ``change``: the named measures end on the day before ``date`` and a copy
  ``<id>@<date>`` with the new approval probability and/or review time starts on
  ``date`` (suspensions of the original also pause the copy). With ``destinations``,
  the original carries on for the other destinations and the copy applies to those.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from chokepoints.errors import Problem, raise_if_problems
from chokepoints.policy import Event, Measure, Timeline
from chokepoints.scenarios.spec import Override, Scenario


def _copy(m: Measure, **update: Any) -> Measure:
    data = m.model_dump()
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return Measure.model_validate(data)


def _cut(tl: Timeline, cutoff: dt.date, hold: bool) -> tuple[list[Measure], list[Event]]:
    measures = []
    for m in tl.measures:
        if m.start > cutoff:
            continue
        if hold and m.end is not None and m.end >= cutoff:
            m = _copy(m, end=None)
        measures.append(m)
    events = [e for e in tl.events if e.date <= cutoff]
    return measures, events


def _apply(
    measures: list[Measure], ov: Override, row: int, file: str, aliases: dict[str, str]
) -> list[Problem]:
    by_id = {m.id: m for m in measures}
    problems: list[Problem] = []
    # a measure changed by an earlier override is continued by its latest copy
    ov = ov.model_copy(update={"measures": tuple(aliases.get(m, m) for m in ov.measures)})
    for mid in ov.measures:
        if mid not in by_id:
            problems.append(Problem(file, row, f"overrides[#{row}].measures", mid,
                                    "names no measure in the timeline up to the cut-off"))  # fmt: skip
    if problems:
        return problems
    day_before = ov.date - dt.timedelta(days=1)
    if ov.action == "add":
        entry = {"source": ov.source or "scenario override", "status": "estimated",
                 "start": ov.date.isoformat(), **(ov.entry or {}), "origin": f"scenario:{file}"}  # fmt: skip
        try:
            measures.append(Measure.model_validate(entry))
        except ValidationError as exc:
            from chokepoints.tables.reader import pydantic_problems  # the shared wording

            problems += pydantic_problems(
                exc, file, row=row, prefix=f"overrides[#{row}].entry", model=Measure
            )
    elif ov.action == "suspend":
        measures.append(
            Measure.model_validate(
                {
                    "id": f"scenario:suspend:{ov.date.isoformat()}:{row}",
                    "title": ov.note or f"Scenario suspension of {', '.join(ov.measures)}",
                    "kind": "suspension",
                    "issuer": by_id[ov.measures[0]].issuer,
                    "suspends": list(ov.measures),
                    "start": ov.date,
                    "end": ov.until,
                    "source": ov.source or "scenario override",
                    "status": "estimated",
                    "origin": f"scenario:{file}",
                }  # fmt: skip
            )
        )
    elif ov.action == "end":
        for mid in ov.measures:
            m = by_id[mid]
            if day_before < m.start:
                measures.remove(m)
            else:
                measures[measures.index(m)] = _copy(m, end=day_before)
    elif ov.action == "change":
        new_ids: dict[str, str] = {}
        for mid in ov.measures:
            m = by_id[mid]
            params: dict[str, Any] = {}
            if ov.approval_probability is not None:
                params["approval_probability"] = ov.approval_probability
            if ov.review_days is not None:
                params["review_time"] = {"distribution": "fixed", "unit": "calendar_days",
                                         "mean": ov.review_days}  # fmt: skip
            new_id = f"{mid}@{ov.date.isoformat()}"
            if ov.destinations:
                targets = {"destinations": list(ov.destinations)}
                new = _copy(m, id=new_id, start=max(ov.date, m.start), parameters=params,
                            targets=targets, origin=f"scenario:{file}")  # fmt: skip
                rest = m.targets.except_destinations + tuple(ov.destinations)
                measures[measures.index(m)] = _copy(m, targets={"except_destinations": rest})
                # the original keeps applying to the named destinations until the date
                measures.append(_copy(m, id=f"{mid}<{ov.date.isoformat()}", end=day_before,
                                      targets=targets))  # fmt: skip
            else:
                new = _copy(m, id=new_id, start=max(ov.date, m.start), parameters=params,
                            origin=f"scenario:{file}")  # fmt: skip
                if day_before < m.start:
                    measures.remove(m)
                else:
                    measures[measures.index(m)] = _copy(m, end=day_before)
            measures.append(new)
            new_ids[mid] = new_id
            for orig, cur in list(aliases.items()):
                if cur == mid:
                    aliases[orig] = new_id
            aliases[mid] = new_id
        # suspensions and general licences that name the original also name the copy
        for k, s in enumerate(measures):
            refs = set(s.suspends) & set(new_ids)
            rel = set(s.parameters.relaxes) & set(new_ids)
            if refs:
                measures[k] = _copy(s, suspends=[*s.suspends, *(new_ids[r] for r in refs)])
            if rel:
                measures[k] = _copy(
                    measures[k],
                    parameters={"relaxes": [*s.parameters.relaxes, *(new_ids[r] for r in rel)]},
                )
    return problems


def scenario_timeline(scenario: Scenario) -> Timeline:
    """The policy timeline a scenario runs under (cut, held and overridden).

    Raises
    ------
    DataErrors
        If an override names an unknown measure or adds an invalid one; each problem
        names the scenario file and the override's position.
    """
    spec = scenario.timeline
    base = Timeline.load(spec.user_file)
    measures, events = _cut(base, spec.cutoff, spec.hold_after_cutoff)
    file = scenario.file or scenario.name
    problems: list[Problem] = []
    aliases: dict[str, str] = {}
    for i, ov in enumerate(scenario.overrides):
        problems += _apply(measures, ov, i + 1, file, aliases)
    raise_if_problems(problems, context=f"scenario {file}")
    return Timeline(measures, events)


def override_events(scenario: Scenario) -> list[dict[str, Any]]:
    """The overrides as time-axis events for reports: date, label, action."""
    out = []
    for ov in scenario.overrides:
        label = ov.note or f"{ov.action} {', '.join(ov.measures) or (ov.entry or {}).get('id', '')}"
        out.append({"date": ov.date.isoformat(), "label": label, "kind": f"override:{ov.action}"})
    return out
