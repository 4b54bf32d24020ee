"""Read timeline YAML files, validate them and merge a user file over the bundled one.

A timeline file is a mapping with two optional lists, ``measures`` and ``events``::

    measures:
      - id: cn-mofcom-2025-70          # same id as a bundled entry: override it
        end: 2027-11-10                # only the fields given are replaced
      - id: my-new-measure             # new id: a full entry, added
        ...
      - id: us-section-122-surcharge
        remove: true                   # drop a bundled entry
    events:
      - id: ...

Every problem in a file is reported at once, each naming the file, the entry (the line
it starts on, shown as ``row`` as for every YAML input, and its id) and the field.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from chokepoints.errors import DataError, Problem, raise_if_problems
from chokepoints.policy.models import Event, Measure
from chokepoints.safe_yaml import load_yaml_text, read_text_file
from chokepoints.tables.reader import pydantic_problems, yaml_entry_lines

SECTIONS = ("measures", "events")
#: Nested mappings merged key by key when a user entry overrides a bundled one.
MERGED_MAPPINGS = ("coverage", "targets", "parameters")


def read_yaml(text: str, file: str) -> dict[str, list[dict[str, Any]]]:
    """Parse timeline YAML text into ``{'measures': [...], 'events': [...]}``.

    Raises
    ------
    DataError
        If the text is not YAML, is not a mapping, or has unknown sections.
    """
    # dates stay strings, so pydantic reports bad ones by field
    data = load_yaml_text(text, source=file, expect=None)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DataError(
            f"top level is a {type(data).__name__} (expected a mapping with 'measures' and/or 'events')",
            file=file,
        )
    problems = []
    for key in data:
        if key not in SECTIONS and key != "meta":
            problems.append(
                Problem(
                    file,
                    None,
                    str(key),
                    None,
                    "is not a timeline section (expected 'measures', 'events' or 'meta')",
                )
            )
    out: dict[str, list[dict[str, Any]]] = {}
    for section in SECTIONS:
        entries = data.get(section) or []
        if not isinstance(entries, list):
            problems.append(Problem(file, None, section, None, "is not a list of entries"))
            continue
        lines = yaml_entry_lines(text, SECTIONS)
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                problems.append(
                    Problem(
                        file,
                        lines.get((section, i), i + 1),
                        section,
                        str(entry)[:60],
                        "entry is not a mapping (expected 'id: ...' and fields)",
                    )
                )
        out[section] = [e for e in entries if isinstance(e, dict)]
    raise_if_problems(problems, context=file)
    return out


def _name_problems(measures: list[Measure], where: dict[str, tuple[str, int]]) -> list[Problem]:
    """Suspensions that suspend themselves or each other; unknown names in user entries.

    Country codes and product patterns of entries from a user file are checked against
    ISO 3166-1 (plus the aggregates EU27, ROW) and the product vocabulary, with the
    closest matches; bundled entries are checked by the tests.
    """
    import fnmatch

    from chokepoints.names import did_you_mean
    from chokepoints.policy.countries import is_country, suggest_countries
    from chokepoints.world.vocabulary import PRODUCTS_BY_ID

    # the vocabulary in force: bundled products plus those of worlds loaded (or in use)
    product_ids = list(PRODUCTS_BY_ID)
    out: list[Problem] = []
    suspensions = {m.id: m for m in measures if m.suspends}
    for m in suspensions.values():
        file, row = where[m.id]
        if m.id in m.suspends:
            out.append(Problem(file, row, f"measures[{m.id}].suspends", m.id,
                               "is the suspension itself (a measure cannot suspend itself)"))  # fmt: skip
        for other in m.suspends:
            peer = suspensions.get(other)
            if peer is not None and other != m.id and m.id in peer.suspends and m.id < other:
                out.append(Problem(file, row, f"measures[{m.id}].suspends", other,
                                   f"suspends {m.id!r} in turn (suspensions cannot suspend "
                                   "each other; which one is in force would be undefined)"))  # fmt: skip
    for m in measures:
        if not m.origin.startswith("user:"):
            continue
        file, row = where[m.id]
        t = m.targets
        codes = [("issuer", m.issuer)]
        for name in ("destinations", "except_destinations", "origins", "except_origins"):
            codes += [(f"targets.{name}", c) for c in (getattr(t, name) or ())]
        for field, code in codes:
            if code != "*" and not is_country(code):
                hints = suggest_countries(code)
                hint = f"; did you mean {' or '.join(hints)}?" if hints else ""
                out.append(Problem(file, row, f"measures[{m.id}].{field}", code,
                                   f"is not an ISO 3166-1 alpha-3 country code or EU27/ROW{hint}"))  # fmt: skip
        for pattern in m.coverage.products:
            if not any(fnmatch.fnmatchcase(p, pattern) for p in product_ids):
                out.append(Problem(file, row, f"measures[{m.id}].coverage.products", pattern,
                                   f"matches no product ({did_you_mean(pattern, product_ids)})"))  # fmt: skip
    return out


def _field_name(section: str, entry_id: Any, loc: Iterable[Any]) -> str:
    path = ".".join(str(part) for part in loc)
    name = f"{section}[{entry_id}]" if entry_id is not None else section
    return f"{name}.{path}" if path else name


def _problems_from(
    exc: ValidationError, file: str, row: int, section: str, entry_id: Any
) -> list[Problem]:
    # worded like every input table's problems (chokepoints.tables.pydantic_problems)
    return pydantic_problems(
        exc,
        file,
        row=row,
        prefix=f"{section}[{entry_id}]" if entry_id is not None else section,
        model=Measure if section == "measures" else Event,
        unknown_hint=" (check its spelling; see docs/policy.md for the schema)",
    )


def _merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in patch.items():
        if key in MERGED_MAPPINGS and isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def bundled_files() -> list[tuple[str, str]]:
    """(name, text) of each bundled timeline YAML file, in name order."""
    folder = resources.files("chokepoints.data") / "timeline"
    files = sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)
    return [(f"chokepoints/data/timeline/{p.name}", p.read_text(encoding="utf-8")) for p in files]


def build_entries(
    sources: list[tuple[str, str]],
    user_file: str | Path | None = None,
) -> tuple[list[Measure], list[Event]]:
    """Validate bundled files and an optional user file and merge them.

    Parameters
    ----------
    sources : list of (name, text)
        Bundled timeline files.
    user_file : path, optional
        A user timeline whose entries extend or override the bundled ones.

    Returns
    -------
    measures, events : lists of validated entries, each with ``origin`` set to
        ``bundled``, ``user:<file>`` or ``user:<file> (overrides bundled)``.
    """
    raw: dict[str, dict[str, tuple[dict[str, Any], str, int]]] = {s: {} for s in SECTIONS}
    problems: list[Problem] = []
    removed: set[str] = set()

    def add(file: str, text: str, is_user: bool) -> None:
        parsed = read_yaml(text, file)
        # ``row`` is the line an entry starts on, as for every YAML input (chokepoints.tables)
        lines = yaml_entry_lines(text, SECTIONS)
        for section in SECTIONS:
            seen: set[str] = set()
            for k, entry in enumerate(parsed.get(section, [])):
                i = lines.get((section, k), k + 1) - 1
                entry_id = entry.get("id")
                if not isinstance(entry_id, str) or not entry_id:
                    problems.append(
                        Problem(
                            file,
                            i + 1,
                            f"{section}[#{k + 1}].id",
                            entry_id,
                            "is required (a non-empty string)",
                        )
                    )
                    continue
                if entry_id in seen:
                    problems.append(
                        Problem(
                            file,
                            i + 1,
                            f"{section}[{entry_id}].id",
                            entry_id,
                            "is a duplicate id in this file",
                        )
                    )
                    continue
                seen.add(entry_id)
                body = {k: v for k, v in entry.items() if k != "remove"}
                existing = raw[section].get(entry_id)
                if entry.get("remove"):
                    removed.add(entry_id)
                    if existing is None:
                        problems.append(
                            Problem(
                                file,
                                i + 1,
                                f"{section}[{entry_id}].remove",
                                True,
                                "names no bundled entry to remove",
                            )
                        )
                    else:
                        del raw[section][entry_id]
                    continue
                if existing is not None and is_user:
                    merged = _merge(existing[0], body)
                    merged["origin"] = f"user:{file} (overrides bundled)"
                    raw[section][entry_id] = (merged, file, i + 1)
                elif existing is not None:
                    problems.append(
                        Problem(
                            file,
                            i + 1,
                            f"{section}[{entry_id}].id",
                            entry_id,
                            f"is already defined in {existing[1]}",
                        )
                    )
                else:
                    body["origin"] = f"user:{file}" if is_user else "bundled"
                    raw[section][entry_id] = (body, file, i + 1)

    for name, text in sources:
        add(name, text, is_user=False)
    if user_file is not None:
        path = Path(user_file)
        text = read_text_file(path, kind="timeline YAML file")
        add(str(path), text, is_user=True)

    measures: list[Measure] = []
    events: list[Event] = []
    for entry_id, (body, file, row) in raw["measures"].items():
        try:
            measures.append(Measure.model_validate(body))
        except ValidationError as exc:
            problems.extend(_problems_from(exc, file, row, "measures", entry_id))
    for entry_id, (body, file, row) in raw["events"].items():
        try:
            events.append(Event.model_validate(body))
        except ValidationError as exc:
            problems.extend(_problems_from(exc, file, row, "events", entry_id))

    # References to entries that failed validation are not reported again; references
    # to entries a user file removed are dropped (removing a measure unlinks it).
    known = set(raw["measures"])
    where = {eid: (v[1], v[2]) for eid, v in raw["measures"].items()}
    problems.extend(_name_problems(measures, where))
    for k, m in enumerate(measures):
        refs = [("suspends", r) for r in m.suspends]
        refs += [("parameters.relaxes", r) for r in m.parameters.relaxes]
        for field, ref in refs:
            if ref not in known and ref not in removed:
                file, row = where[m.id]
                problems.append(
                    Problem(
                        file,
                        row,
                        f"measures[{m.id}].{field}",
                        ref,
                        "names no measure in the timeline",
                    )
                )
        if removed & set(m.suspends):
            measures[k] = m.model_copy(
                update={"suspends": tuple(r for r in m.suspends if r not in removed)}
            )
    ev_where = {eid: (v[1], v[2]) for eid, v in raw["events"].items()}
    for k, e in enumerate(events):
        for ref in e.links:
            if ref not in known and ref not in removed:
                file, row = ev_where[e.id]
                problems.append(
                    Problem(
                        file, row, f"events[{e.id}].links", ref, "names no measure in the timeline"
                    )
                )
        if removed & set(e.links):
            events[k] = e.model_copy(
                update={"links": tuple(r for r in e.links if r not in removed)}
            )
    raise_if_problems(problems, context="the policy timeline")
    return measures, events
