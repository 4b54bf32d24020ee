"""Actors and dates, fourteenth round (issue 13): one date convention in the gold, and
"since" after a requirement in force (sentences written for these tests)."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from datetime import date
from pathlib import Path

from chokepoints.news.corpus import corpus_dir
from chokepoints.news.dates import best_date, find_dates, period_bound
from chokepoints.news.extract import extract_events

ROOT = Path(__file__).resolve().parents[2]


def _tool(name: str = "news_harmonise_dates") -> object:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_the_gold_holds_every_recorded_date_change() -> None:
    tool = _tool()
    assert tool.main(["--check"]) == 0  # type: ignore[attr-defined]
    changes = tool.CHANGES  # type: ignore[attr-defined]
    assert {c.cls for c in changes} == {"release", "grant", "month"}
    for c in changes:
        gold = json.loads((corpus_dir() / c.split / f"{c.article}.json").read_text("utf-8"))
        ev = gold["events"][c.event]
        assert ev["date"] == c.new
        want = "license_issued" if c.cls == "grant" else "trade_data_release"
        assert ev["type"] == want, (c, ev["type"])


def test_no_adjective_target_is_left_in_the_recorded_events() -> None:
    tool = _tool("news_harmonise_targets")
    assert tool.main(["--check"]) == 0  # type: ignore[attr-defined]
    for split, article, event, name in tool.CHANGES:  # type: ignore[attr-defined]
        gold = json.loads((corpus_dir() / split / f"{article}.json").read_text("utf-8"))
        ev = gold["events"][event]
        assert name not in [t["name"] for t in ev["target"]]
        # the sentence names the country only as an adjective, never as a noun ("Beijing",
        # "Washington", "Tokyo", ...), as the tool's docstring claims
        assert not re.search(rf"\b{re.escape(name)}\b", ev["evidence"]), (split, article)
        assert not re.search(tool.NOUNS[name], ev["evidence"]), (split, article)  # type: ignore[attr-defined]
        assert re.search(tool.ADJECTIVES[name], ev["evidence"]), (split, article)  # type: ignore[attr-defined]
    ok = tool.old_value_ok  # type: ignore[attr-defined]
    assert not ok("China", "Beijing raised tariffs on Chinese goods.")
    assert not ok("United States", "Washington cut tariffs on U.S.-bound goods.")
    assert ok("China", "The United States raised tariffs on Chinese goods to 145%.")


def test_since_after_a_requirement_in_force_dates_it() -> None:
    pub = date(2025, 9, 3)
    s = "Exporters of tungsten products have needed a licence since February 2025."
    (m,) = find_dates(s, pub)
    assert not period_bound(s, m)
    assert best_date(s, pub) == m
    s = "Bismuth has been subject to export licensing since February, and indium since March."
    assert [period_bound(s, m) for m in find_dates(s, pub)] == [False, False]
    s = "The licence rule for tellurium has applied since February 4."
    assert [period_bound(s, m) for m in find_dates(s, pub)] == [False]


def test_other_since_phrases_still_bound_a_period() -> None:
    pub = date(2025, 9, 3)
    for s in (
        "The sixth round of talks since May ended without a deal on Friday.",
        "Tungsten prices have doubled since February.",
        "The licences required since April remain in force, the ministry said.",
        "Licensing, in force since mid-February, had slowed shipments.",
    ):
        since = [m for m in find_dates(s, pub) if "since" in s[max(0, m.start - 6) : m.end]]
        assert since and all(period_bound(s, m) for m in since), s


def test_a_background_requirement_is_dated_at_its_start() -> None:
    text = (
        "Molybdenum prices rose in Rotterdam this week. "
        "Chinese exporters of molybdenum products have needed licences since February 2025, "
        "and traders say approvals remain slow."
    )
    events = extract_events(text, date(2025, 9, 3), learned=False)
    dated = [e.date for e in events if e.type == "export_control_imposed"]
    assert dated == ["2025-02-01"]


def test_a_one_month_customs_figure_offers_its_data_month() -> None:
    from chokepoints.news.fields import DATE_FEATURES, article_candidates
    from chokepoints.news.train_fields import article_sentences

    assert "data_month" in DATE_FEATURES
    pub = date(2025, 4, 22)
    text = (
        "China's exports of bismuth products fell to 40 tonnes in March from 95 tonnes "
        "in February, customs data showed."
    )
    events = [e for e in extract_events(text, pub, learned=False)]
    data = [k for k, e in enumerate(events) if e.type == "trade_data_release"]
    assert data
    cands = article_candidates(events, article_sentences(text), pub)[data[0]][1]
    flagged = [c.value for c in cands if c.features.get("data_month")]
    assert flagged == [date(2025, 3, 1)]  # the first month named, not the comparison's
    # a release day in the sentence: no data month (the release day dates the release)
    text = "China's exports of bismuth fell to 40 tonnes in March, customs data showed on Sunday."
    events = extract_events(text, pub, learned=False)
    cands = article_candidates(events, article_sentences(text), pub)[0][1]
    assert not any(c.features.get("data_month") for c in cands)


def test_the_shipped_fields_model_ranks_the_data_month_of_a_customs_figure_first() -> None:
    """The month the figure covers is the likeliest date, far ahead of the comparison's.

    Whether the model then dates the release depends on ``date_add`` (0.5): the
    probability of "in March" was at least 0.5 for the models shipped from the fourteenth
    to the twenty-first round and is 0.493 for the one retrained on the fifty-four spent
    splits (the spent gold dates such a release at its data month 59 times and leaves it
    undated 39 times). What must hold is the ranking, and that no other day is given.
    """
    from chokepoints.news.fields import DATE_FEATURES, active_model, article_candidates, vectorise
    from chokepoints.news.train_fields import article_sentences

    text = (
        "China's exports of bismuth products fell to 40 tonnes in March from 95 tonnes "
        "in February, customs data showed."
    )
    pub = date(2025, 4, 22)
    events = extract_events(text, pub)
    assert [e.type for e in events] == ["trade_data_release"]
    assert events[0].date in ("2025-03-01", None)
    model = active_model()
    assert model is not None
    rules = extract_events(text, pub, learned=False)
    dates = article_candidates(rules, article_sentences(text), pub)[0][1]
    probs = model.date_probs(vectorise([d.features for d in dates], DATE_FEATURES))
    ranked = sorted(zip(probs, [d.value for d in dates], strict=True), reverse=True)
    assert ranked[0][1] == date(2025, 3, 1)
    assert ranked[0][0] > 0.4 > 0.1 > ranked[1][0]
