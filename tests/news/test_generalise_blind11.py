"""Tenth-round rule changes (from the missed events of the spent blind-10 and blind-11
splits), on sentences written for this test, not taken from any corpus split."""

from __future__ import annotations

from datetime import date

from chokepoints.news.extract import classify, extract_events
from chokepoints.news.train import DEFAULT_SPLITS, HELD_OUT_SPLITS

D = date(2025, 10, 20)


def _types(text: str) -> list[str]:
    return [e.type for e in extract_events(text, D, learned=False)]


def test_spent_blind10_and_blind11_are_trained_on() -> None:
    assert {"blind10", "blind11"} <= set(DEFAULT_SPLITS)
    assert not HELD_OUT_SPLITS & set(DEFAULT_SPLITS)


def test_unnamed_spokesperson_of_a_ministry_is_a_speaker() -> None:
    # "a trade ministry spokesperson": the official is found after the ministry's name
    # too, with or without a date in the sentence.
    text = "A trade ministry spokesperson said the new licensing rules did not target any country."
    assert _types(text) == ["statement"]
    text = "A foreign ministry spokeswoman said the tariffs would hurt both economies."
    assert _types(text) == ["statement"]
    # The ministry alone, undated, is still no speaker of its own.
    assert _types("The ministry said the licensing rules did not target any country.") == []


def test_listing_on_the_unreliable_entity_list_is_other() -> None:
    text = "Beijing placed three U.S. drone makers on its unreliable entity list."
    assert classify(text) == "other"
    assert _types(text) == ["other"]
    assert classify("Four defence firms were added to China's unreliable entity list.") == "other"
    # A control named beside the listing keeps its type; the export control list is one.
    assert (
        classify(
            "China put two firms on its unreliable entity list and banned exports of drone parts to them."
        )
        == "export_control_imposed"
    )
    assert (
        classify("China added five U.S. entities to its export control list on Thursday.")
        == "export_control_expanded"
    )
    # The list named with no listing is no event.
    assert classify("The unreliable entity list was created in 2019.") is None


def test_shipped_classifier_adds_events_from_p_0_6() -> None:
    # Tenth round: leave-one-split-out over fourteen splits chose add 0.6 over 0.8 (pooled
    # event F1 0.715 -> 0.719, train2 0.671 -> 0.673); drop stays 0.6, switch off.
    from chokepoints.news.learned import packaged_model

    model = packaged_model()
    assert model is not None
    # Thirteenth round: add 0.6 -> 0.65 over nineteen splits (pooled 0.720 -> 0.721,
    # train2 0.678 -> 0.680); 0.55 since the fifteenth (tests/news/test_round13.py).
    assert model.thresholds.drop == 0.6
    assert model.thresholds.switch > 1.0
    # second events: on since the eleventh round (tests/news/test_recall_round11.py)
