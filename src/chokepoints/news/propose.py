"""From stored control events to proposed timeline changes, and applying one on acceptance.

A proposal is a patch to the user's timeline file (the YAML format of
:mod:`chokepoints.policy.loading`: lists ``measures`` and ``events``), plus the evidence
and sources that justify it. Nothing is written to the timeline until
:func:`accept_proposal` is called with the proposal's id.

Actions
-------
``measure_added`` (export_control_imposed)
    A draft ``licence`` measure: issuer, coverage from the commodities, destinations
    from the targets, ``start`` the event date. Licence parameters are not in the news,
    so ``approval_probability`` 0.5 and a 45-working-day review are placeholders,
    marked ``status: estimated`` and explained in ``note``; review them before accepting.
``measure_expanded`` (export_control_expanded)
    Same as above, as a new measure for the added coverage.
``measure_suspended`` (export_control_eased_or_suspended)
    A timeline event (kind ``announcement``); when the timeline holds measures of the
    same issuer in force that cover the elements named, or that were announced or
    started on a date the evidence names, a ``suspension`` measure naming them as well.
``licence_issued`` (license_issued)
    A timeline event (kind ``announcement``).
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from chokepoints.atomic import write_text_atomic
from chokepoints.errors import ChokepointsError, DataError
from chokepoints.news.dates import find_dates
from chokepoints.news.schema import CONTROL_EVENT_TYPES
from chokepoints.news.store import EventStore
from chokepoints.safe_yaml import load_yaml
from chokepoints.world.vocabulary import ELEMENTS

ACTIONS = {
    "export_control_imposed": "measure_added",
    "export_control_expanded": "measure_expanded",
    "export_control_eased_or_suspended": "measure_suspended",
    "license_issued": "licence_issued",
}
_SYMBOL = {name: symbol for symbol, name in ELEMENTS.items()}
_ITEMS = {"gallium", "germanium", "antimony", "graphite", "tungsten", "critical minerals"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def _issuer(event: dict[str, Any]) -> str | None:
    """The issuing country: the first actor with a country. None when no actor names one
    (there is no default issuer: such an event is not proposed, and the proposal says so)."""
    for actor in event["actors"]:
        if actor.get("country"):
            return str(actor["country"])
    return None


#: A news report restates a timeline measure announced or started this close to its date.
RESTATE_WINDOW_DAYS = 3


def restated_measure(event: dict[str, Any], issuer: str, measures: list[Any]) -> str | None:
    """Id of the timeline measure (bundled or the user's) that ``event`` only restates.

    A control event restates a measure of the same issuer announced or started within
    :data:`RESTATE_WINDOW_DAYS` of the event's date whose coverage shares an element or an
    item with the event's commodities (for a suspension: a ``suspension`` measure; for a
    new control: any other kind). Tariffs are never matched. Proposing such an event
    again would stack a second measure on the first once accepted.
    """
    day = date.fromisoformat(event["date"])
    cov = _coverage(event["commodities"])
    elements = set(cov.get("elements", []))
    items = set(cov.get("items", []))
    magnets = "products" in cov
    suspension = event["type"] == "export_control_eased_or_suspended"
    best: tuple[int, str] | None = None
    for m in measures:
        if m.issuer != issuer or m.kind in ("tariff", "export_tax"):
            continue
        if (m.kind == "suspension") != suspension:
            continue
        dates = [d for d in (m.announced, m.start) if d is not None]
        if not any(abs((d - day).days) <= RESTATE_WINDOW_DAYS for d in dates):
            continue
        if suspension:
            return str(m.id)
        covered = set(m.coverage.elements)
        covered_items = {i.lower() for i in getattr(m.coverage, "items", ())}
        covers_magnets = any(p.startswith("magnet") for p in m.coverage.products)
        shared = len(elements & covered) + len(items & covered_items)
        shared += 1 if magnets and covers_magnets else 0
        # The measure sharing the most goods with the report (fewest extra ones on ties).
        score = shared * 100 - len(covered)
        if shared and (best is None or score > best[0]):
            best = (score, str(m.id))
    return best[1] if best else None


def _coverage(commodities: list[str]) -> dict[str, Any]:
    elements = [_SYMBOL[c] for c in commodities if c in _SYMBOL]
    coverage: dict[str, Any] = {}
    stages: list[str] = []
    if "rare earth magnets" in commodities:
        coverage["products"] = ["magnet:*"]
    if elements:
        coverage["elements"] = elements
        stages = ["oxide", "metal", "magnet"] if "rare earth magnets" in commodities else []
    if stages:
        coverage["stages"] = stages
    items = [c for c in commodities if c in _ITEMS]
    if "rare earth processing technology" in commodities:
        coverage["technologies"] = ["rare_earth_processing"]
    if items:
        coverage["items"] = items
    return coverage


def _source(event: dict[str, Any]) -> str:
    src = event["sources"][0] if event.get("sources") else {}
    return str(src.get("url") or src.get("path") or "news")


def _timeline_event(
    event: dict[str, Any], eid: str, title: str, links: list[str]
) -> dict[str, Any]:
    actors = sorted({a["country"] for a in event["actors"] if a.get("country")})
    entry: dict[str, Any] = {
        "id": eid,
        "date": event["date"],
        "kind": "announcement",
        "title": title,
        "actors": actors,
        "summary": event["evidence"],
        "source": _source(event),
        "status": "secondary",
        "origin": "news",
    }
    if links:
        entry["links"] = links
    more = [s.get("url") or s.get("path") for s in event.get("sources", [])[1:]]
    if any(more):
        entry["sources"] = [m for m in more if m]
    return entry


def _existing_measures(timeline_file: Path | None) -> list[Any]:
    try:
        from chokepoints.policy.timeline import Timeline
    except ImportError:  # pragma: no cover - policy package always present in releases
        return []
    try:
        return list(Timeline.load(timeline_file).measures)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a broken user file must not stop proposing
        return []


def build_proposal(
    event: dict[str, Any], timeline_file: Path | None = None
) -> dict[str, Any] | None:
    """The proposed timeline patch for one stored event, or None if it has no date."""
    if event["type"] not in CONTROL_EVENT_TYPES or not event.get("date"):
        return None
    action = ACTIONS[event["type"]]
    issuer = _issuer(event)
    base = f"news-{event['date']}-{_slug(action)}-{event['id']}"
    what = ", ".join(event["commodities"]) or "unspecified goods"
    record: dict[str, Any] = {
        "action": action,
        "event_type": event["type"],
        "date": event["date"],
        "evidence": event["evidence"],
        "sources": event.get("sources", []),
        "patch": {},
    }
    if issuer is None and action != "licence_issued":
        # No default issuer: an unnamed issuer is not guessed.
        record["action"] = "needs_issuer"
        record["note"] = "no issuer: the evidence names no country or agency; not proposed"
        return record
    if issuer is not None and action != "licence_issued":
        same = restated_measure(event, issuer, _existing_measures(timeline_file))
        if same is not None:
            record["action"] = "restates"
            record["restates"] = same
            record["note"] = f"restates {same}; not proposed"
            return record
    patch: dict[str, list[dict[str, Any]]] = {"measures": [], "events": []}
    if action in ("measure_added", "measure_expanded"):
        destinations = sorted({t["country"] for t in event["target"] if t.get("country")})
        measure: dict[str, Any] = {
            "id": base,
            "title": f"{issuer} export licence requirement: {what} (from news)",
            "kind": "licence",
            "issuer": issuer,
            "coverage": _coverage(event["commodities"]),
            "announced": event["date"],
            "start": event["date"],
            "parameters": {
                "approval_probability": 0.5,
                "review_time": {"mean": 45, "unit": "working_days"},
                "note": "placeholder licence parameters: news reports do not give them; review",
            },
            "source": _source(event),
            "status": "estimated",
            "note": event["evidence"],
            "origin": "news",
        }
        if destinations:
            measure["targets"] = {"destinations": destinations}
        patch["measures"].append(measure)
        patch["events"].append(
            _timeline_event(event, f"{base}-event", f"Export controls on {what}", [base])
        )
    elif action == "measure_suspended":
        wanted = set(_coverage(event["commodities"]).get("elements", []))
        day = date.fromisoformat(event["date"])
        candidates = [
            m
            for m in _existing_measures(timeline_file)
            if m.issuer == issuer
            and m.kind not in ("suspension", "tariff", "export_tax")
            and m.active_between(day)
        ]
        # Name the suspended measures only on firm evidence: the elements named, or the
        # date the evidence gives for the measure ("the controls announced on October 9").
        mentioned = {d.value for d in find_dates(event["evidence"], day) if d.value != day}
        if wanted:
            ids = [m.id for m in candidates if wanted & set(m.coverage.elements)]
        else:
            ids = [m.id for m in candidates if {m.announced, m.start} & mentioned]
        links: list[str] = []
        if ids:
            patch["measures"].append(
                {
                    "id": base,
                    "title": f"Suspension of {issuer} controls on {what} (from news)",
                    "kind": "suspension",
                    "issuer": issuer,
                    "start": event["date"],
                    "suspends": ids,
                    "source": _source(event),
                    "status": "secondary",
                    "note": event["evidence"],
                    "origin": "news",
                }
            )
            links = [base]
        patch["events"].append(
            _timeline_event(event, f"{base}-event", f"Controls eased or suspended: {what}", links)
        )
    else:
        patch["events"].append(
            _timeline_event(event, f"{base}-event", f"Export licences issued: {what}", [])
        )
    record["patch"] = {k: v for k, v in patch.items() if v}
    return record


def propose(store: EventStore, timeline_file: Path | None = None) -> list[dict[str, Any]]:
    """Create proposals for stored control events that have none; return the new ones."""
    created = []
    for etype in CONTROL_EVENT_TYPES:
        for event in store.events(type=etype):
            record = build_proposal(event, timeline_file)
            if record is None:
                continue
            pid = store.add_proposal(event["id"], record["action"], record)
            if pid is not None:
                created.append(store.proposal(pid))
    return created


def _validate(path: Path) -> None:
    try:
        from chokepoints.policy.timeline import Timeline
    except ImportError:  # pragma: no cover
        return
    Timeline.load(path)


def accept_proposal(store: EventStore, proposal_id: int, timeline_file: Path) -> dict[str, Any]:
    """Apply one proposal to the user's timeline file, validated, written atomically.

    Concurrent accepts serialise: the timeline file is locked
    (:func:`chokepoints.news.locks.file_lock`) and the proposal read, applied and marked
    accepted inside one store transaction (:meth:`EventStore.accepting`), so each sees
    the file as the previous one left it and a proposal is accepted once. The file is
    written before the transaction commits; should the commit fail, accepting again
    finds the proposal's entries in the file and only records the acceptance.

    Raises
    ------
    DataError
        If the proposal was already accepted, an id it adds exists in the file, or the
        result does not validate against the policy timeline schema (the file is then
        left unchanged).
    """
    from chokepoints.news.locks import file_lock

    _check(store.proposal(proposal_id), proposal_id)  # fail fast, before taking locks
    with file_lock(timeline_file), store.accepting(proposal_id) as proposal:
        _check(proposal, proposal_id)  # again: another accept may have come first
        _apply(proposal, proposal_id, timeline_file)
    return proposal


def _check(proposal: dict[str, Any], proposal_id: int) -> None:
    """Refuse a proposal that was accepted already or has nothing to apply."""
    if proposal["status"] == "accepted":
        raise DataError("was already accepted", field="proposal", value=proposal_id)
    if not proposal.get("patch"):
        raise DataError(
            f"has nothing to apply ({proposal.get('note') or proposal['action']})",
            field="proposal",
            value=proposal_id,
        )


def _apply(proposal: dict[str, Any], proposal_id: int, timeline_file: Path) -> None:
    """Write ``proposal``'s patch into ``timeline_file`` (validated, atomic)."""
    current: dict[str, Any] = {}
    if timeline_file.exists():
        current = load_yaml(timeline_file, expect=dict, dates=True)
    present = {
        e.get("id")
        for es in current.values()
        if isinstance(es, list)
        for e in es
        if isinstance(e, dict)
    }
    if all(e["id"] in present for es in proposal["patch"].values() for e in es):
        return  # written by an accept whose store commit failed: only record it now
    for section, entries in proposal["patch"].items():
        existing = current.setdefault(section, []) or []
        ids = {e.get("id") for e in existing if isinstance(e, dict)}
        for entry in entries:
            if entry["id"] in ids:
                raise DataError(
                    f"already has an entry with id {entry['id']!r} (expected a new id)",
                    file=str(timeline_file),
                    field=section,
                )
        current[section] = existing + entries
    text = yaml.safe_dump(current, sort_keys=False, allow_unicode=True)
    # Validate on a scratch copy first, so a bad patch never reaches the user's file.
    with tempfile.TemporaryDirectory() as scratch:
        probe = Path(scratch) / timeline_file.name
        probe.write_text(text, encoding="utf-8")
        try:
            _validate(probe)
        except ChokepointsError as exc:
            detail = str(exc).replace(str(probe), str(timeline_file))
            raise DataError(
                f"would not be a valid timeline after applying proposal {proposal_id}, so it "
                f"was left unchanged (fix the problems in the file, then accept again):\n{detail}",
                file=str(timeline_file),
            ) from None
    write_text_atomic(timeline_file, text)
