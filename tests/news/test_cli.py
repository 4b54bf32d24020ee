import json

import yaml
from typer.testing import CliRunner

from chokepoints.cli import app

runner = CliRunner()


def test_extract_json_london(london_path) -> None:
    result = runner.invoke(
        app, ["news", "extract", str(london_path), "--published", "2025-06-10", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    events = json.loads(result.output)
    types = [e["type"] for e in events]
    assert types[0] == "negotiation_round"
    assert set(events[0]) == {
        "type", "actors", "target", "commodities", "date", "date_text", "location",
        "figures", "evidence", "salience", "confidence",
    }  # fmt: skip


def test_ingest_events_propose_accept(tmp_path, london_path) -> None:
    db = f"sqlite:///{tmp_path / 'news.sqlite'}"
    timeline = tmp_path / "timeline.yaml"
    r = runner.invoke(app, ["news", "ingest", str(london_path), "--db", db, "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)[0]["status"] == "new"
    r = runner.invoke(app, ["news", "ingest", str(london_path), "--db", db, "--format", "json"])
    assert json.loads(r.output)[0]["status"] == "duplicate"
    r = runner.invoke(
        app, ["news", "events", "--db", db, "--type", "license_issued", "--format", "json"]
    )
    assert r.exit_code == 0 and len(json.loads(r.output)) == 1
    r = runner.invoke(app, ["news", "propose", "--db", db, "--format", "json"])
    assert r.exit_code == 0, r.output
    proposals = json.loads(r.output)
    # The April 4 licences are already in the bundled timeline: shown, not proposed.
    (restated,) = [p for p in proposals if p["action"] == "restates"]
    assert restated["evidence"].startswith("Beijing imposed export licensing requirements")
    assert restated["restates"] == "cn-mofcom-2025-18" and restated["patch"] == {}
    r = runner.invoke(
        app, ["news", "accept", str(restated["id"]), "--timeline", str(timeline), "--db", db]
    )
    assert r.exit_code == 1 and "restates cn-mofcom-2025-18" in r.output
    new = tmp_path / "new.txt"
    new.write_text(
        "Published: 2025-06-10\n\nMoscow imposed export licensing requirements on "
        "dysprosium and terbium on Monday, the Russian government said.\n"
    )
    r = runner.invoke(app, ["news", "ingest", str(new), "--db", db])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["news", "propose", "--db", db, "--format", "json"])
    imposed = next(p for p in json.loads(r.output) if p["action"] == "measure_added")
    assert not timeline.exists()  # nothing changes without acceptance
    r = runner.invoke(
        app, ["news", "accept", str(imposed["id"]), "--timeline", str(timeline), "--db", db]
    )
    assert r.exit_code == 0, r.output
    data = yaml.safe_load(timeline.read_text())
    (measure,) = data["measures"]
    assert measure["issuer"] == "RUS" and measure["start"] == "2025-06-09"
    assert set(measure["coverage"]["elements"]) == {"Dy", "Tb"}
    from chokepoints.policy.timeline import Timeline

    assert measure["id"] in {m.id for m in Timeline.load(timeline).measures}
    r = runner.invoke(
        app, ["news", "accept", str(imposed["id"]), "--timeline", str(timeline), "--db", db]
    )
    assert r.exit_code == 1
    assert "already accepted" in r.output
    # proposals are made once per event
    r = runner.invoke(app, ["news", "propose", "--db", db, "--format", "json"])
    assert json.loads(r.output) == []


def test_evaluate_gold_set(gold_dir) -> None:
    r = runner.invoke(app, ["news", "evaluate", str(gold_dir), "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["documents"] >= 20
    f1 = {row["field"]: row["f1"] for row in out["fields"]}
    # regression guard on the development set (not a held-out score)
    assert f1["event"] >= 0.85 and f1["date"] >= 0.75


def test_missing_published_is_a_one_line_error(tmp_path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("China imposed export controls on dysprosium on Friday.")
    r = runner.invoke(app, ["news", "extract", str(p)])
    assert r.exit_code == 1
    assert "pass --published YYYY-MM-DD" in r.output


def test_suspension_proposal_names_the_measures_announced_that_day(tmp_path, gold_dir) -> None:
    db = f"sqlite:///{tmp_path / 'news.sqlite'}"
    r = runner.invoke(app, ["news", "ingest", str(gold_dir / "10-busan-summit.txt"), "--db", db])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["news", "propose", "--db", db, "--format", "json"])
    (proposal,) = [p for p in json.loads(r.output) if p["action"] == "measure_suspended"]
    (measure,) = proposal["patch"]["measures"]
    assert measure["kind"] == "suspension" and measure["start"] == "2025-10-31"
    from chokepoints.policy.timeline import Timeline

    announced = {m.id: m.announced for m in Timeline.load().measures}
    assert measure["suspends"]
    assert all(str(announced[i]) == "2025-10-09" for i in measure["suspends"])
    timeline = tmp_path / "t.yaml"
    r = runner.invoke(
        app, ["news", "accept", str(proposal["id"]), "--timeline", str(timeline), "--db", db]
    )
    assert r.exit_code == 0, r.output
    assert measure["id"] in {m.id for m in Timeline.load(timeline).measures}


def test_accept_leaves_an_invalid_timeline_unchanged(tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'news.sqlite'}"
    timeline = tmp_path / "timeline.yaml"
    broken = "measures:\n  - id: mine\n    kind: not-a-kind\n"
    timeline.write_text(broken)
    new = tmp_path / "new.txt"
    new.write_text(
        "Published: 2025-06-10\n\nMoscow imposed export licensing requirements on "
        "dysprosium on Monday, the Russian government said.\n"
    )
    runner.invoke(app, ["news", "ingest", str(new), "--db", db])
    r = runner.invoke(app, ["news", "propose", "--db", db, "--format", "json"])
    pid = next(p["id"] for p in json.loads(r.output) if p["patch"])
    r = runner.invoke(app, ["news", "accept", str(pid), "--timeline", str(timeline), "--db", db])
    assert r.exit_code == 1
    assert r.output.startswith(f"Error: {timeline}: would not be a valid timeline")
    assert str(timeline) in r.output.split("\n", 1)[1]  # problems name the user's file
    assert timeline.read_text() == broken
