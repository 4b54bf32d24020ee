"""Countries from the full country table, no default issuer, restated measures."""

from __future__ import annotations

from datetime import date

import pytest

from chokepoints.errors import DataError
from chokepoints.news.extract import extract_events
from chokepoints.news.gazetteer import ALL_COUNTRIES
from chokepoints.news.propose import accept_proposal, build_proposal


def _countries(text: str, published: date) -> set[str]:
    return {
        a.country or ""
        for ev in extract_events(text, published)
        for a in ev.actors + ev.target
        if a.kind == "country"
    }


def test_every_iso_country_is_known_once() -> None:
    iso = [e.country for e in ALL_COUNTRIES]
    assert len(iso) == len(set(iso)) >= 249
    forms = [f for e in ALL_COUNTRIES for f in e.forms]
    assert len(forms) == len(set(forms))


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Russia banned exports of rare earth magnets to Japan on Monday.", "RUS"),
        ("Moscow said on Monday it would restrict exports of rare earths.", "RUS"),
        ("Thai officials said on Monday they had approved licences for magnet exports.", "THA"),
        ("Bangkok imposed export controls on rare earths on Monday.", "THA"),
        ("The Malagasy government imposed export controls on monazite on Monday.", "MDG"),
        ("Congo suspended cobalt exports for four months on Saturday.", "COD"),
    ],
)
def test_countries_beyond_the_hand_list_are_actors(text: str, iso3: str) -> None:
    assert iso3 in _countries(text, date(2025, 6, 10))


def _event(**kw: object) -> dict[str, object]:
    ev: dict[str, object] = {
        "id": 7,
        "type": "export_control_imposed",
        "date": "2025-06-02",
        "commodities": ["dysprosium"],
        "actors": [{"name": "Russia", "kind": "country", "country": "RUS"}],
        "target": [],
        "evidence": "Russia restricted exports of dysprosium on Monday.",
        "sources": [],
    }
    ev.update(kw)
    return ev


def test_issuer_is_the_named_country_never_a_default() -> None:
    rec = build_proposal(_event())
    assert rec is not None
    assert rec["patch"]["measures"][0]["issuer"] == "RUS"
    none = build_proposal(_event(actors=[]))
    assert none is not None
    assert none["action"] == "needs_issuer" and none["patch"] == {}
    assert "no issuer" in none["note"]


def test_restated_bundled_measure_is_not_proposed() -> None:
    rec = build_proposal(
        _event(
            date="2025-04-04",
            commodities=["dysprosium", "terbium", "rare earth magnets"],
            actors=[{"name": "China", "kind": "country", "country": "CHN"}],
        )
    )
    assert rec is not None
    assert rec["action"] == "restates" and rec["restates"] == "cn-mofcom-2025-18"
    assert rec["patch"] == {} and rec["note"].startswith("restates cn-mofcom-2025-18")
    # The same goods months later are a new measure, proposed as such.
    later = build_proposal(
        _event(date="2025-08-01", actors=[{"name": "China", "kind": "country", "country": "CHN"}])
    )
    assert later is not None and later["action"] == "measure_added"


def test_restated_suspension_and_widening() -> None:
    china = [{"name": "China", "kind": "country", "country": "CHN"}]
    wide = build_proposal(
        _event(
            type="export_control_expanded", date="2025-10-09", commodities=["holmium"], actors=china
        )
    )
    assert wide is not None and wide["restates"] == "cn-mofcom-2025-57"
    pause = build_proposal(
        _event(type="export_control_eased_or_suspended", date="2025-11-07", actors=china)
    )
    assert pause is not None and pause["restates"] == "cn-mofcom-gac-2025-70"


class _Store:
    def __init__(self, record: dict[str, object]) -> None:
        self.record = record

    def proposal(self, pid: int) -> dict[str, object]:
        return {"id": pid, "status": "proposed", **self.record}


def test_accept_refuses_a_proposal_with_nothing_to_apply(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rec = build_proposal(_event(actors=[]))
    assert rec is not None
    target = tmp_path / "t.yaml"
    with pytest.raises(DataError, match="nothing to apply"):
        accept_proposal(_Store(rec), 1, target)  # type: ignore[arg-type]
    assert not target.exists()
