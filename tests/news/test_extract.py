from datetime import date

import pytest

from chokepoints.news.extract import classify, extract_events, is_hedged, strip_dateline
from chokepoints.news.ingest import read_documents


@pytest.fixture(autouse=True)
def _rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the trigger rules; the combination with the learned classifier
    (on by default) is tested in test_learned.py and scored in bench/news_cv.py."""
    monkeypatch.setenv("CHOKEPOINTS_NEWS_LEARNED", "0")


PUB = date(2025, 6, 10)


def _one(sentence: str, published: date = PUB):
    events = extract_events(sentence, published)
    assert len(events) == 1, events
    return events[0]


def test_london_example_yields_the_required_events(london_path) -> None:
    doc = read_documents(london_path)[0]
    assert doc.published == date(2025, 6, 10)
    events = {e.type: e for e in extract_events(doc.text, doc.published)}
    round_ = events["negotiation_round"]
    assert (round_.date, round_.date_text) == ("2025-06-10", "on Tuesday")
    assert round_.location == "Lancaster House, London"
    roles = {a.name: a.role for a in round_.actors if a.kind == "person"}
    assert roles == {
        "Scott Bessent": "U.S. Treasury Secretary",
        "Howard Lutnick": "U.S. Commerce Secretary",
        "Jamieson Greer": "U.S. Trade Representative",
        "He Lifeng": "Chinese Vice Premier",
    }
    call = events["meeting_or_call"]
    assert call.date == "2025-06-05"
    assert {a.name for a in call.actors} == {"Donald Trump", "Xi Jinping"}
    data = events["trade_data_release"]
    assert [(f.value, f.unit) for f in data.figures] == [(34.5, "%")]
    assert data.date == "2025-06-09"
    assert [a.country for a in data.target] == ["USA"]
    licence = events["license_issued"]
    assert {"General Motors", "Ford", "Stellantis"} <= {a.name for a in licence.target}
    assert events["export_control_imposed"].salience == "background"
    assert "dysprosium" in events["export_control_imposed"].commodities


def test_negation_and_speculation_are_not_events() -> None:
    assert (
        extract_events("The White House did not say whether controls on chips would be eased.", PUB)
        == []
    )
    assert (
        extract_events("China could tighten export controls on dysprosium next month.", PUB) == []
    )
    assert extract_events("Beijing may impose export controls on gallium.", PUB) == []
    assert is_hedged("Beijing is considering new export controls.", "export_control_imposed")
    assert not is_hedged(
        "The ministry said it would suspend the controls.", "export_control_eased_or_suspended"
    )


def test_classify_each_type() -> None:
    assert (
        classify("China imposed export controls on seven rare earths.") == "export_control_imposed"
    )
    assert (
        classify("China expanded its export controls to five more elements.")
        == "export_control_expanded"
    )
    assert (
        classify("China suspended the export controls for a year.")
        == "export_control_eased_or_suspended"
    )
    assert classify("China issued export licences to suppliers.") == "license_issued"
    assert classify("Trump raised tariffs on Chinese goods to 145%.") == "tariff_change"
    assert classify("Chinese exports fell 34.5% in May.") == "trade_data_release"
    assert classify("Trump and Xi spoke by phone on Thursday.") == "meeting_or_call"
    assert classify("Officials held talks in London.") == "negotiation_round"
    assert classify("The Pentagon will take a stake in MP Materials.") == "other"
    assert classify("The ministry said it opposed the move.") == "statement"


def test_figures_units_and_scales() -> None:
    ev = _one(
        "China's exports of rare earth magnets fell 74% to 1,238 tonnes, customs data showed."
    )
    assert [(f.value, f.unit) for f in ev.figures] == [(74.0, "%"), (1238.0, "t")]
    assert ev.figures[0].what == "China's exports"
    ev = _one("MP Materials said the Pentagon took a $400 million stake in the company.")
    assert [(f.value, f.unit) for f in ev.figures] == [(400e6, "US$")]


def test_figures_keep_their_direction() -> None:
    ev = _one("Chinese exports to the U.S. fell 34.5% in May from a year earlier, data showed.")
    assert [(f.value, f.unit, f.change) for f in ev.figures] == [(34.5, "%", "decrease")]
    assert ev.figures[0].signed_value == -34.5
    assert ev.as_dict()["figures"][0] == {
        "value": 34.5, "unit": "%", "what": "Chinese exports to the U.S.", "change": "decrease",
    }  # fmt: skip
    ev = _one(
        "China's exports of rare earth magnets fell 74% to 1,238 tonnes, customs data showed."
    )
    assert [f.change for f in ev.figures] == ["decrease", None]
    ev = _one("China's rare earth exports rose 9.2% in November, customs data showed.")
    assert [(f.change, f.signed_value) for f in ev.figures] == [("increase", 9.2)]


def test_figure_levels_have_no_direction() -> None:
    from chokepoints.news.extract import _figures

    figs = _figures("Tariffs on Chinese goods will fall to 30% from 145%.")
    assert [(f.value, f.change) for f in figs] == [(30.0, None), (145.0, None)]
    figs = _figures("It exported 17 tonnes in September, down 89% from a year earlier.")
    assert sorted((f.value, f.change) for f in figs) == [(17.0, None), (89.0, "decrease")]
    figs = _figures("Washington cut the tariff on Chinese goods by 10 percentage points.")
    assert [(f.unit, f.change) for f in figs] == [("pp", "decrease")]
    figs = _figures("Imports posted a 12% drop, while prices were 5% higher.")
    assert [f.change for f in figs] == ["decrease", "increase"]


def test_actors_targets_and_commodities() -> None:
    ev = _one(
        "China's commerce ministry on Friday imposed export controls on dysprosium and rare earth magnets."
    )
    # The owner in a possessive is named too (the reading of the blind-2 annotations).
    assert [(a.name, a.kind, a.country) for a in ev.actors] == [
        ("China", "country", "CHN"),
        ("Ministry of Commerce", "agency", "CHN"),
    ]
    assert ev.commodities == ["dysprosium", "rare earth magnets"]
    ev = _one("China said on Tuesday it would ban exports of gallium to the United States.")
    assert [a.country for a in ev.target] == ["USA"]


def test_control_date_is_the_effect_date() -> None:
    ev = _one(
        "The ministry said on Friday it would require export permits for graphite from December 1."
    )
    assert ev.date == "2025-12-01"


def test_mentions_of_one_round_merge_within_an_article() -> None:
    text = (
        "U.S. and Chinese officials held talks in Madrid on Monday. "
        "Bessent, Greer and He Lifeng discussed export controls."
    )
    events = extract_events(text, date(2025, 9, 15))
    assert len(events) == 1
    assert {"Scott Bessent", "Jamieson Greer", "He Lifeng"} <= {a.name for a in events[0].actors}


def test_strip_dateline() -> None:
    assert strip_dateline("BEIJING, Oct 10 (Reuters) - China acted.") == "China acted."


def test_abbreviations_do_not_break_trigger_windows() -> None:
    ev = _one(
        "China's commerce ministry on Friday added two U.S. firms to its export control list."
    )
    assert ev.type == "export_control_expanded"  # (the unreliable entity list is `other`)


def test_hedge_binds_only_its_clause() -> None:
    ev = _one(
        "Trump on Tuesday ordered an investigation into mineral imports, a step that could lead to tariffs."
    )
    assert ev.type == "other"
    assert extract_events("Officials said Beijing could tighten export controls.", PUB) == []


def test_place_after_in_is_not_an_actor() -> None:
    ev = _one("Lutnick met officials in South Korea on Monday to discuss export controls.")
    assert "South Korea" not in {a.name for a in ev.actors + ev.target}


def test_euro_figures_and_release_date() -> None:
    ev = _one("The EU's trade deficit with China widened to 305.8 billion euros last year.")
    assert [(f.value, f.unit) for f in ev.figures] == [(305.8e9, "EUR")]
    ev = _one(
        "China exported 17 tonnes of yttrium in September, customs data showed last month.",
        date(2025, 11, 14),
    )
    assert (ev.date, ev.date_text) == ("2025-10-01", "last month")
