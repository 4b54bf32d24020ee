"""Thirteenth round of issue 13: a gold figure's unit is read in the schema's spelling, so
that "percent" and "tonnes" (the ``blind16`` gold) match the extractor's ``%`` and ``t``;
the classifier's add threshold is 0.65 (leave-one-split-out over nineteen splits)."""

from chokepoints.news.evaluate import Scores, score_document
from chokepoints.news.learned import packaged_model
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


def test_the_shipped_add_threshold_and_the_others_are_kept() -> None:
    # add 0.65 from the thirteenth round; 0.55 in the fifteenth (with C 8, chosen by
    # nested leave-one-split-out CV in all twenty-six folds); 0.5 since the sixteenth
    # (with C 16, chosen in all thirty-one folds); 0.4 since the seventeenth (chosen in all
    # thirty-four folds; nested event F1 0.7586 -> 0.7593).
    model = packaged_model()
    assert model is not None
    t = model.thresholds
    assert (t.add, t.switch, t.drop, t.second) == (0.4, 1.01, 0.6, 0.25)
    assert model.meta["c"] == 16.0
    assert t.drop_by_type == {"statement": 0.7}
    assert "blind16" in model.meta["trained_on"]["corpus_split"]
