"""Sixth-round fixes found on the spent blind-5 errors, each checked on sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

from chokepoints.news.extract import classify, extract_events, is_hedged


@pytest.mark.parametrize(
    "sentence",
    [
        "Traders said the first permit applications were unlikely to be granted before winter.",
        "Refiners noted that export licences are not expected to be issued this quarter.",
        "Smelters complained that the approval of licences for each cargo had been slow.",
        "Dealers said permits were being granted faster than in the summer.",
    ],
)
def test_licences_expected_or_in_process_are_no_licence_issued(sentence: str) -> None:
    assert is_hedged(sentence, "license_issued")
    events = extract_events(sentence, date(2025, 10, 20))
    assert "license_issued" not in {e.type for e in events}


def test_licence_grant_reported_stays_an_event() -> None:
    sentence = "The ministry said it had granted export licences to three magnet makers."
    assert classify(sentence) == "license_issued"
    assert not is_hedged(sentence, "license_issued")


def test_modal_in_a_second_verb_phrase_does_not_hedge_a_past_step() -> None:
    sentence = (
        "The trade ministry said on Friday that it approved several export applications "
        "and would speed up its checks of the rest."
    )
    assert classify(sentence) == "license_issued"
    assert not is_hedged(sentence, "license_issued")


def test_modal_before_the_trigger_still_hedges() -> None:
    sentence = "Officials would approve more applications and could relax the rules."
    assert is_hedged(sentence, "license_issued")


@pytest.mark.parametrize(
    "sentence",
    [
        "In March the refiner stopped selling its oxide to buyers in Japan.",
        "The carmaker shut its Ohio assembly plant for two weeks for lack of magnets.",
        "The carmaker stopped building its small van in June for want of motors.",
        "Two parts suppliers have halted production lines for lack of sensors.",
        "A federal appeals court ruled on Tuesday that the duties were unlawful.",
        "The energy department agreed on Monday to buy a stake in the miner.",
        "The ministry added 12 companies to its list of unreliable suppliers.",
        "The finance ministry barred state procurement from five foreign vendors.",
        "The government used an emergency law to take control of the chipmaker's board.",
        "Seoul will expand its state stockpile of rare earths to 100 days of imports.",
    ],
)
def test_firm_court_and_state_steps_are_other(sentence: str) -> None:
    assert classify(sentence) == "other"


@pytest.mark.parametrize(
    "sentence",
    [
        "The stockpile is run by a state agency that buys metal when prices are low.",
        "The country holds a small stockpile of heavy rare earths.",
    ],
)
def test_a_stockpile_described_is_no_event(sentence: str) -> None:
    assert classify(sentence) is None


def test_a_ban_stated_as_may_no_longer_be_exported_is_not_hedged() -> None:
    sentence = "The ministry said on Monday that gallium may no longer be exported to arms makers."
    assert classify(sentence) == "export_control_imposed"
    assert not is_hedged(sentence, "export_control_imposed")


def test_prohibited_from_exporting_is_a_control() -> None:
    sentence = "Regulators on Friday prohibited two refiners from exporting heavy oxides."
    assert classify(sentence) == "export_control_imposed"
    assert not is_hedged(sentence, "export_control_imposed")


def test_neither_side_announcing_a_change_is_no_step() -> None:
    assert is_hedged(
        "Neither side announced new controls after the talks.", "export_control_imposed"
    )


def test_issuer_saying_goods_would_require_licences_after_a_long_list() -> None:
    sentence = (
        "The ministry said that cerium, lanthanum, neodymium, praseodymium, holmium, erbium, "
        "thulium and ytterbium, and their oxides and alloys, would require export licences."
    )
    assert classify(sentence) == "export_control_imposed"
    assert not is_hedged(sentence, "export_control_imposed")


def test_charging_a_percentage_on_goods_is_a_tariff() -> None:
    sentence = "Ottawa said it would charge an extra 25% on imported steel from 1 March."
    assert classify(sentence) == "tariff_change"
