"""Sixteenth round of issue 13 (events): general phrasings the spent splits ``blind24`` to
``blind28`` showed the rules missing, each with sentences written for these tests."""

from __future__ import annotations

from datetime import date

from chokepoints.news.extract import classify, extract_events

PUB = date(2025, 7, 2)  # a Wednesday


def _types(text: str, published: date = PUB) -> list[str]:
    return [e.type for e in extract_events(text, published, learned=False)]


def test_a_phone_call_said_with_by_phone() -> None:
    assert classify("Xi Jinping and Donald Trump had spoken by phone in early June.") == (
        "meeting_or_call"
    )
    assert classify("Trump and Xi talk by telephone as the truce wobbles.") == "meeting_or_call"


def test_striking_back_with_levies_is_a_tariff_change() -> None:
    assert (
        classify("Beijing hit back on Tuesday with new levies on American coal and crude oil.")
        == "tariff_change"
    )


def test_a_halt_and_its_extension_in_one_sentence_are_two_events() -> None:
    got = _types(
        "Congo's minerals regulator halted cobalt exports in February and extended the "
        "halt by three months in June."
    )
    assert "export_control_imposed" in got
    assert "export_control_expanded" in got
    got = _types("The cobalt export halt began in February and was prolonged in June.")
    assert "export_control_imposed" in got
    assert "export_control_expanded" in got


def test_a_single_halt_is_one_event() -> None:
    got = _types("Congo's minerals regulator halted cobalt exports for four months in February.")
    assert "export_control_expanded" not in got


def test_the_issuers_reason_for_a_measure_is_a_statement() -> None:
    text = (
        "China's commerce ministry on Thursday put seven more rare earths under export "
        "licensing. The ministry said the measures were intended to safeguard national "
        "security and interests."
    )
    assert "statement" in _types(text)


def test_an_undated_detail_from_the_ministry_stays_no_statement() -> None:
    text = (
        "China's commerce ministry on Thursday put seven more rare earths under export "
        "licensing. The ministry said supplies to domestic users were ample."
    )
    assert "statement" not in _types(text)


def test_a_ministry_confirming_approvals_gives_licences_and_a_remark() -> None:
    got = _types(
        "China's commerce ministry said on Thursday that it had approved a number of "
        "compliant applications to export rare earth magnets."
    )
    assert "license_issued" in got
    assert "statement" in got


def test_a_firm_reporting_its_licences_gives_no_added_remark() -> None:
    got = _types("Three magnet makers said on Monday they had received general export licences.")
    assert got == ["license_issued"]
