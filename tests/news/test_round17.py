"""Seventeenth round of issue 13 (events): general phrasings the spent splits ``blind19`` to
``blind31`` showed the rules missing (leave-one-split-out), each with sentences written
for these tests."""

from __future__ import annotations

from datetime import date

from chokepoints.news.extract import classify, extract_events

PUB = date(2025, 7, 2)  # a Wednesday


def _types(text: str, published: date = PUB) -> list[str]:
    return [e.type for e in extract_events(text, published, learned=False)]


def test_a_long_list_of_goods_placed_under_licensing() -> None:
    assert (
        classify(
            "The ministry and the customs office placed holmium, erbium, thulium, "
            "europium, ytterbium and their oxides, alloys and compounds, together with "
            "the magnets that contain them, under export licensing on Thursday."
        )
        == "export_control_imposed"
    )


def test_goods_made_subject_to_licences() -> None:
    assert (
        classify(
            "Beijing made four tungsten products, two bismuth compounds and the "
            "related smelting know-how subject to export licences on Tuesday."
        )
        == "export_control_imposed"
    )


def test_goods_that_may_only_be_exported_with_a_licence() -> None:
    assert (
        classify(
            "From March 1, antimony ingots, antimony trioxide and gold-antimony "
            "concentrates may be exported only with a licence."
        )
        == "export_control_imposed"
    )


def test_metals_falling_under_a_countrys_licensing() -> None:
    assert (
        classify("Indium and bismuth fell under Chinese export licensing on Tuesday.")
        == "export_control_imposed"
    )


def test_a_regulator_suspends_exports_in_the_present_tense() -> None:
    assert (
        classify("March 3 - The mining regulator suspends manganese exports for two months.")
        == "export_control_imposed"
    )


def test_restrictions_on_exports_took_effect() -> None:
    assert (
        classify(
            "The Netherlands' restrictions on exports of lithography tools took effect on Monday."
        )
        == "export_control_imposed"
    )


def test_goods_put_under_pressure_are_no_control() -> None:
    assert classify(
        "The tariff put carmakers, parts suppliers, battery makers and the steel mills that "
        "serve them under pressure on Monday."
    ) not in {"export_control_imposed", "export_control_expanded"}


def test_a_named_speaker_with_a_title_after_the_name() -> None:
    text = (
        "Maria Lopez, executive director of the battery alliance, told the committee on "
        "Tuesday that the gallium ban hurt suppliers."
    )
    assert "statement" in _types(text)


def test_a_speaker_speaking_for_a_ministry() -> None:
    text = (
        "Jane Moyo, speaking for the mines ministry, said the lithium export ban was "
        "taken in the national interest."
    )
    assert "statement" in _types(text)


def test_a_firm_that_has_called_for_exports_to_resume() -> None:
    text = "Umicore, the Belgian refiner, has called for germanium exports to resume."
    assert "statement" in _types(text)


def test_an_officials_quoted_words_before_the_speaker() -> None:
    text = (
        '"The export controls are a normal step that harms no one," a ministry spokesperson said.'
    )
    assert "statement" in _types(text)


def test_an_undated_objection_by_a_commission_is_a_statement() -> None:
    text = (
        "Washington raised its tariff on Chinese goods on Monday. The tariff commission "
        "said the increase did not conform to trade rules and seriously harmed China's "
        "legitimate interests."
    )
    assert "statement" in _types(text)


def test_an_undated_plan_detail_of_a_regulator_stays_no_statement() -> None:
    text = (
        "Congo's regulator extended the cobalt export halt on Saturday. The regulator said "
        "it would review the measure before the period ends."
    )
    assert "statement" not in _types(text)


def test_a_tariff_that_falls_or_comes_into_force() -> None:
    assert classify("Today: the U.S. tariff on Chinese steel falls to 15% from 25%.") == (
        "tariff_change"
    )
    assert (
        classify("A 20% tariff on imported washing machines came into force at midnight.")
        == "tariff_change"
    )


def test_levying_or_adding_an_extra_rate() -> None:
    assert classify("Ottawa will levy an extra 25% on Chinese aluminium from May 1.") == (
        "tariff_change"
    )
    assert (
        classify("The commission said it would add 12% to U.S. pork and 8% to soybeans.")
        == "tariff_change"
    )


def test_a_tariff_truce_held_for_another_ninety_days() -> None:
    assert classify("The tariff truce will hold for another 90 days.") == "tariff_change"


def test_levels_reached_without_a_rate_stay_no_tariff_change() -> None:
    assert classify("Duties could drift back toward the levels reached in spring.") is None


def test_a_procurement_bar_and_a_defence_list_are_other() -> None:
    assert (
        classify("The finance ministry barred state buyers from purchasing from 12 Dutch firms.")
        == "other"
    )
    assert (
        classify("On May 2 the Pentagon added 30 companies to its Section 1260H list.") == "other"
    )
    assert classify("The Pentagon's Section 1260H list grew by 30 names in May.") == "other"


def test_a_court_ruling_and_a_proclamation_are_other() -> None:
    assert (
        classify("The Supreme Court on Friday ruled that the statute does not cover tariffs.")
        == "other"
    )
    assert classify("The president signed a proclamation on copper imports on Monday.") == "other"


def test_a_package_or_rule_suspended_is_an_easing() -> None:
    assert (
        classify("Friday: Beijing suspends its March battery package until next June.")
        == "export_control_eased_or_suspended"
    )
    assert (
        classify("Also today: the U.S. rule on subsidiaries is suspended for a year.")
        == "export_control_eased_or_suspended"
    )


def test_a_rule_described_as_suspended_stays_no_easing() -> None:
    assert classify("The rule is suspended, not withdrawn.") is None
