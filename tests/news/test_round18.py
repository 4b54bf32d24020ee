"""Eighteenth round of issue 13 (events): general phrasings the spent splits ``blind32`` to
``blind37`` showed the rules getting wrong (regional press leading with a reaction, a
control and a tariff in one sentence), each with sentences written for these tests."""

from __future__ import annotations

from datetime import date

from chokepoints.news.extract import _reaction_lead, classify, extract_events

PUB = date(2024, 8, 19)  # a Monday


def _types(text: str, published: date = PUB) -> list[str]:
    return [e.type for e in extract_events(text, published, learned=False)]


def test_a_reaction_lead_is_recognised() -> None:
    assert _reaction_lead(
        "Glass makers in Gujarat spent the weekend counting their stocks, after Beijing "
        "said exports of antimony would need a licence."
    )
    assert _reaction_lead(
        "Furniture exporters in Binh Duong breathed more easily on Wednesday after the "
        "two governments agreed to prolong their tariff truce."
    )


def test_a_measure_in_the_main_clause_is_no_reaction_lead() -> None:
    assert not _reaction_lead(
        "China said on Thursday that antimony exports would need licences from "
        "September 15, after a review of the metal's military uses."
    )
    assert not _reaction_lead("China restricted antimony exports.")


def test_the_reaction_lead_gives_way_to_the_measure_reported_below() -> None:
    text = (
        "Glass and battery makers in Gujarat spent the weekend counting their stocks, "
        "after Beijing said exports of antimony would need a licence.\n\n"
        "China's commerce ministry said on Thursday that exporters of antimony ores, "
        "metal and oxides would need permits from September 15."
    )
    events = extract_events(text, PUB, learned=False)
    imposed = [e for e in events if e.type == "export_control_imposed"]
    assert len(imposed) == 1
    assert imposed[0].evidence.startswith("China's commerce ministry")


def test_a_lone_reaction_lead_keeps_its_measure() -> None:
    text = (
        "Japanese parts suppliers began checking their customer lists on Wednesday, a day "
        "after China barred exports of dual-use items to Japanese military users."
    )
    types = _types(text, date(2026, 1, 7))
    assert any(t.startswith("export_control") for t in types)


def test_a_control_and_a_rated_tariff_in_one_sentence() -> None:
    text = (
        "China put samarium, gadolinium, terbium, dysprosium, lutetium, scandium and "
        "yttrium under export licensing on Friday and announced a 34% tariff on all "
        "American goods from April 10."
    )
    types = _types(text, date(2025, 4, 7))
    assert "tariff_change" in types
    assert any(t.startswith("export_control") for t in types)


def test_a_control_without_a_tariff_gets_no_tariff() -> None:
    text = (
        "China put seven rare earths under export licensing on Friday, and shipments "
        "fell 50% in the following month."
    )
    assert "tariff_change" not in _types(text, date(2025, 4, 7))


def test_a_suspended_clause_that_barred_exports_is_an_easing() -> None:
    assert (
        classify(
            "On Sunday the ministry suspended until November 27, 2026 the clause of its "
            "earlier notice that barred shipments of the three metals to American buyers."
        )
        == "export_control_eased_or_suspended"
    )
    assert (
        classify(
            "A second notice suspends the article of last December's announcement that "
            "banned exports of gallium and germanium to the United States."
        )
        == "export_control_eased_or_suspended"
    )


def test_a_suspended_part_of_a_tariff_stays_a_tariff() -> None:
    assert (
        classify(
            "China said on Tuesday it would keep suspending the 24-percentage-point part "
            "of its additional tariff on U.S. goods for another 90 days."
        )
        == "tariff_change"
    )
