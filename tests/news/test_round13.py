"""Thirteenth round of issue 13: a gold figure's unit is read in the schema's spelling, so
that "percent" and "tonnes" (the ``blind16`` gold) match the extractor's ``%`` and ``t``."""

from chokepoints.news.evaluate import Scores, score_document
from chokepoints.news.schema import Event, Figure, canonical_unit


def _event(unit: str) -> Event:
    return Event.from_dict(
        {
            "type": "trade_data_release",
            "evidence": "Exports fell 74% to 1,238 tonnes, customs data showed.",
            "figures": [{"value": 74, "unit": unit, "what": "exports", "change": "decrease"}],
        }
    )


def test_unit_spellings_are_read_as_the_short_form() -> None:
    assert _event("percent").figures == [Figure(74.0, "%", "exports", "decrease")]
    assert canonical_unit(" Per  cent ") == "%"
    assert canonical_unit("tonnes") == "t"
    assert canonical_unit("percentage points") == "pp"
    assert canonical_unit("US$/kg") == "US$/kg"


def test_a_percent_gold_figure_matches_a_percent_sign() -> None:
    scores = Scores()
    score_document([_event("%")], [_event("percent")], scores)
    assert (scores.fields["figures"].tp, scores.fields["figures"].fp) == (1, 0)
    scores = Scores()
    score_document([_event("%")], [_event("days")], scores)
    assert scores.fields["figures"].tp == 0
