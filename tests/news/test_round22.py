"""Twenty-second round of issue 13 (events): the measures a suspension names with the day
they were published are a background expansion of their own in more wordings, and a
standing control named with the time it began is a background measure of its own even
when the sentence only says it stays in force; each with sentences written for these
tests."""

from __future__ import annotations

from datetime import date

from chokepoints.news.extract import _STARTED_CONTROL, _SUSPENDED_EARLIER, _plain, extract_events


def _events(text: str, published: date) -> list[tuple[str, str]]:
    return [(e.type, e.salience) for e in extract_events(text, published, learned=False)]


def test_goods_listed_before_the_suspended_controls_still_name_them() -> None:
    low = (
        "the ministry on friday suspended until november 10, 2026 the rare earth, battery "
        "and technology controls published on october 9."
    )
    assert _SUSPENDED_EARLIER.search(low)


def test_a_package_released_on_a_day_is_the_suspended_measure() -> None:
    assert _SUSPENDED_EARLIER.search(
        "beijing on friday put on hold the package of export rules they had released on october 9."
    )
    assert _SUSPENDED_EARLIER.search(
        "the pause of the rare earth package it published on october 9, 2025 runs for a year."
    )


def test_a_suspension_of_a_package_gives_the_package_as_background() -> None:
    kinds = _events(
        "China's commerce ministry on Friday suspended until November 10, 2026 the package "
        "of export controls released on October 9.",
        date(2025, 11, 8),
    )
    assert ("export_control_eased_or_suspended", "main") in kinds
    assert ("export_control_expanded", "background") in kinds


def test_a_suspension_without_a_day_of_the_measures_gives_no_second_event() -> None:
    kinds = _events(
        "China's commerce ministry on Friday suspended its new export rules for a year.",
        date(2025, 11, 8),
    )
    assert "export_control_expanded" not in {k for k, _ in kinds}


def test_a_standing_control_named_with_its_start_is_a_background_measure() -> None:
    sentence = (
        "The new notice does not touch the licensing of five minor metals introduced in "
        "February, which stays in place."
    )
    assert _STARTED_CONTROL.search(_plain(sentence))
    kinds = _events(sentence, date(2025, 11, 9))
    assert kinds == [("export_control_imposed", "background")]


def test_a_question_about_a_standing_control_is_no_event() -> None:
    kinds = _events(
        "Will the licensing of seven heavy rare earths introduced in April be lifted as well?",
        date(2025, 11, 9),
    )
    assert kinds == []


def test_new_rules_a_tariff_answers_are_a_background_expansion() -> None:
    kinds = _events(
        "The president said on Friday he would put an additional 100% tariff on goods from "
        "China from November 1, in response to Beijing's new rare earth rules.",
        date(2025, 10, 11),
    )
    assert ("tariff_change", "main") in kinds
    assert ("export_control_expanded", "background") in kinds


def test_new_rules_without_a_tariff_step_give_no_expansion() -> None:
    kinds = _events(
        "Analysts in Tokyo were still reading Beijing's new rare earth rules on Friday.",
        date(2025, 10, 11),
    )
    assert "export_control_expanded" not in {k for k, _ in kinds}
