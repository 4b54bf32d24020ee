"""User timeline files: extending, overriding, removing, and validation errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chokepoints.errors import DataError, DataErrors
from chokepoints.policy import Timeline

D = dt.date.fromisoformat

EXTEND_NO70 = """\
measures:
  - id: cn-mofcom-gac-2025-70
    end: 2027-11-10
    source: https://example.org/extension
"""


def _write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_extends_the_no70_suspension(tmp_path: Path, bundled: Timeline) -> None:
    tl = Timeline.load(_write(tmp_path, EXTEND_NO70))
    day = D("2026-11-15")
    r = tl.regime(day, "magnet:ndfeb_hre", "CHN", "USA")
    suspended = {m.id for m in r.by_role("suspended")}
    assert "cn-mofcom-2025-61-military" in suspended
    assert not tl.is_in_force(tl.measure("cn-mofcom-2025-57"), day)
    assert (
        tl.regime(day, "magnet:ndfeb_hre", "JPN", "USA", china_content_share=0.05).gate.kind
        == "open"
    )
    # ...while the bundled timeline has them back in force on that date.
    assert (
        bundled.regime(day, "magnet:ndfeb_hre", "JPN", "USA", china_content_share=0.05).gate.kind
        == "licence"
    )
    no70 = tl.measure("cn-mofcom-gac-2025-70")
    assert no70.end == D("2027-11-10")
    assert no70.origin == f"user:{tmp_path / 'mine.yaml'} (overrides bundled)"
    assert (
        no70.suspends == bundled.measure("cn-mofcom-gac-2025-70").suspends
    )  # unchanged fields kept
    assert tl.measure("cn-mofcom-2025-18").origin == "bundled"


def test_user_file_adds_measures_and_events_and_removes(tmp_path: Path) -> None:
    text = """\
measures:
  - id: my-quota
    title: Hypothetical Dy oxide export quota
    kind: quota
    issuer: CHN
    coverage: {products: ["oxide:Dy"]}
    start: 2027-01-01
    parameters: {quota_t_per_yr: 365}
    source: https://example.org/scenario
    status: estimated
  - id: us-section122-surcharge
    remove: true
events:
  - id: my-talks
    date: 2027-01-15
    kind: negotiation_round
    title: Hypothetical talks
    links: [my-quota]
    source: https://example.org/talks
    status: estimated
"""
    tl = Timeline.load(_write(tmp_path, text))
    gate = tl.regime(D("2027-02-01"), "oxide:Dy", "CHN", "USA").gate
    assert gate.kind == "quota" and gate.quota_t_per_day == pytest.approx(1.0)
    assert tl.measure("my-quota").origin.startswith("user:")
    assert "my-talks" in {e.id for e in tl.events}
    assert "us-section122-surcharge" not in {m.id for m in tl.measures}


def test_validation_errors_name_file_entry_and_field(tmp_path: Path) -> None:
    text = """\
measures:
  - id: cn-mofcom-gac-2025-70
    end: 2027-13-01
  - id: bad-licence
    title: Licence without numbers
    kind: licence
    issuer: China
    start: 2026-01-01
    source: https://example.org
    status: guessed
  - id: typo
    title: t
    kind: ban
    issuer: CHN
    start: 2026-01-01
    sourse: https://example.org
    status: estimated
"""
    path = _write(tmp_path, text)
    with pytest.raises(DataErrors) as info:
        Timeline.load(path)
    message = str(info.value)
    assert message.startswith("5 problem(s) found in the policy timeline:")
    assert (
        f"{path}, row 2, field 'measures[cn-mofcom-gac-2025-70].end': '2027-13-01' "
        "is not a valid date, month value is outside expected range of 1-12 "
        "(expected a date YYYY-MM-DD)"
    ) in message
    assert (
        f"{path}, row 4, field 'measures[bad-licence].issuer': 'China' is not an ISO 3166 alpha-3 code"
        in message
    )
    # rows are the lines the entries start on, as for every YAML input
    assert f"{path}, row 4, field 'measures[bad-licence].status': 'guessed'" in message
    assert (
        f"{path}, row 11, field 'measures[typo].sourse': is not a known field; "
        "did you mean 'source'?" in message
    )
    assert f"{path}, row 11, field 'measures[typo].source': is required but missing" in message
    fields = {p.field for p in info.value.problems}
    assert "measures[bad-licence].issuer" in fields
    assert all(p.file == str(path) for p in info.value.problems)


def test_kind_specific_rules(tmp_path: Path) -> None:
    text = """\
measures:
  - id: lic
    title: Licence without numbers
    kind: licence
    issuer: CHN
    start: 2026-01-01
    source: https://example.org
    status: estimated
"""
    with pytest.raises(
        DataErrors,
        match=r"row 2, field 'measures\[lic\]': a licence with a licence effect needs",
    ):
        Timeline.load(_write(tmp_path, text))


def test_unknown_references_are_reported(tmp_path: Path) -> None:
    text = """\
measures:
  - id: pause
    title: Pause of a measure that does not exist
    kind: suspension
    issuer: CHN
    suspends: [no-such-measure]
    start: 2026-01-01
    source: https://example.org
    status: estimated
events:
  - id: ev
    date: 2026-01-01
    kind: statement
    title: t
    links: [nothing-here]
    source: https://example.org
    status: estimated
"""
    with pytest.raises(DataErrors) as info:
        Timeline.load(_write(tmp_path, text))
    message = str(info.value)
    assert (
        "field 'measures[pause].suspends': 'no-such-measure' names no measure in the timeline"
        in message
    )
    assert "field 'events[ev].links': 'nothing-here' names no measure in the timeline" in message


def test_bad_yaml_and_bad_shapes(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"bad\.yaml: is not valid YAML at line 3"):
        Timeline.load(_write(tmp_path, "measures:\n  - id: [unclosed\n", "bad.yaml"))
    with pytest.raises(DataError, match="top level is a list"):
        Timeline.load(_write(tmp_path, "- a\n- b\n", "list.yaml"))
    with pytest.raises(DataErrors, match="field 'mesures': is not a timeline section"):
        Timeline.load(_write(tmp_path, "mesures: []\n", "typo.yaml"))
    with pytest.raises(
        DataErrors, match=r"row 2, field 'measures\[nope\].remove': 'True' names no bundled entry"
    ):
        Timeline.load(_write(tmp_path, "measures:\n  - id: nope\n    remove: true\n", "rm.yaml"))
    with pytest.raises(DataError, match="does not exist"):
        Timeline.load(tmp_path / "missing.yaml")


def test_duplicate_ids_in_one_file(tmp_path: Path) -> None:
    entry = (
        "  - {id: x, date: 2026-01-01, kind: statement, title: t, source: s, status: estimated}\n"
    )
    with pytest.raises(DataErrors, match=r"row 3, field 'events\[x\].id': 'x' is a duplicate id"):
        Timeline.load(_write(tmp_path, "events:\n" + entry + entry))
