"""Actors and dates, ninth round (issue 13): gazetteer names the corpus gold uses."""

from __future__ import annotations

from datetime import date

from chokepoints.news.extract import extract_events
from chokepoints.news.gazetteer import ACTORS


def _names(text: str, published: date = date(2025, 11, 5)) -> set[str]:
    events = extract_events(text, published, learned=False)
    return {a.name for e in events for a in e.actors + e.target}


def test_every_form_names_one_actor() -> None:
    seen: dict[str, str] = {}
    for entry in ACTORS:
        for form in entry.forms:
            assert seen.setdefault(form, entry.name) == entry.name, form


def test_tariff_commission_and_finance_ministry_are_actors() -> None:
    names = _names(
        "The Customs Tariff Commission of the State Council announced on Wednesday that "
        "China would continue to suspend the additional 24% tariff on U.S. goods."
    )
    assert "Customs Tariff Commission of the State Council" in names
    assert "State Council" not in names  # inside the longer name
    names = _names(
        "China will raise its additional tariff on U.S. goods to 125% from Saturday, "
        "the finance ministry said on Friday."
    )
    assert "Ministry of Finance" in names


def test_department_of_defense_is_named_as_written() -> None:
    names = _names(
        "The U.S. Defense Department added 65 entities to its list of Chinese military "
        "companies on Monday."
    )
    assert "Department of Defense" in names and "Pentagon" not in names
    names = _names("The Pentagon will take a $400 million stake in MP Materials on Monday.")
    assert "Department of Defense" not in names
