"""Phrasings found missing in the blind-2 and blind-3 error analysis (both spent), as
general patterns: each case is written here in words of its own, not copied from the
corpus."""

from __future__ import annotations

from datetime import date

import pytest

from chokepoints.news.extract import extract_events


@pytest.fixture(autouse=True)
def _rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the trigger rules; the combination with the learned classifier
    (on by default) is tested in test_learned.py and scored in bench/news_cv.py."""
    monkeypatch.setenv("CHOKEPOINTS_NEWS_LEARNED", "0")


PUB = date(2025, 11, 10)


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        # an abbreviated month's dot does not end the trigger window
        (
            "On Sunday, Vietnam's trade ministry lifted, until Nov. 30, 2026, its ban on "
            "exports of tin ore.",
            "export_control_eased_or_suspended",
        ),
        # Tungsten, not bauxite: Indonesia has banned bauxite exports since June 2023
        # (first_controls.csv), so a further bar on bauxite is an expansion.
        ("Indonesia barred shipments of tungsten to Japan on Monday.", "export_control_imposed"),
        (
            "The rules, announced by Chile's economy ministry on Monday, will require "
            "traders of four lithium compounds and two copper products to obtain a licence.",
            "export_control_imposed",
        ),
        (
            "Peru's trade ministry said on Friday that exports of zinc concentrate will be "
            "subject to licensing from January 5.",
            "export_control_imposed",
        ),
        (
            "Exports of cobalt and copper cathode to Vietnam are prohibited, the Chilean "
            "ministry said on Monday.",
            "export_control_imposed",
        ),
        (
            "Zambia will end its two-year suspension of manganese exports on Jan. 3.",
            "export_control_eased_or_suspended",
        ),
        (
            "The implementation of Announcement No. 12 of 2025 is suspended until March 1, "
            "2027, the ministry said on Friday.",
            "export_control_eased_or_suspended",
        ),
        (
            "In March the ministry placed 14 Canadian firms on the same list.",
            "export_control_expanded",
        ),
    ],
)
def test_control_phrasings(text: str, etype: str) -> None:
    events = extract_events(text, PUB, learned=False)
    assert [e.type for e in events] == [etype]


def test_should_hedges_a_demand() -> None:
    text = "The ministry said on Tuesday that Canada should remove its restrictive measures."
    assert all(
        e.type != "export_control_eased_or_suspended"
        for e in extract_events(text, PUB, learned=False)
    )


def _types(text: str) -> list[str]:
    return [e.type for e in extract_events(text, PUB, learned=False)]


def test_meeting_words_that_report_no_meeting() -> None:
    assert _types("Brazil's need for nickel is met largely through imports from Indonesia.") == []
    assert _types("The writers I spoke to agreed that tungsten supply was tight.") == []
    assert (
        _types("The Korean minister praised the summit as a turning point for supply chains.") == []
    )
    assert _types("Exporters hoped the summit would bring a longer truce on rare earths.") == []
    assert _types(
        '"We will not buy from China again," chief executive Ana Ruiz said on a call with '
        "analysts about rare earth supply."
    ) == ["statement"]


def test_leaders_meet_negotiators_hold_rounds() -> None:
    text = (
        "South Korean President Lee Jae-myung and Japanese Prime Minister Sanae Takaichi met "
        "in Seoul on Friday, their first talks on export controls."
    )
    assert _types(text) == ["meeting_or_call"]
    assert _types(
        "Japanese and Korean officials held talks on export controls in Seoul on Friday."
    ) == ["negotiation_round"]


def test_reported_future_and_the_meetings_own_date() -> None:
    pub = date(2025, 10, 26)  # a Sunday
    (ev,) = extract_events(
        "Officials said the two presidents would hold a meeting on Thursday in Seoul.",
        pub,
        learned=False,
    )
    assert ev.type == "meeting_or_call" and ev.date == "2025-10-30"
    (ev,) = extract_events(
        "The prime minister flies on Tuesday to Seoul, where she is due to meet "
        "President Lee Jae-myung on Wednesday.",
        pub,
        learned=False,
    )
    assert ev.type == "meeting_or_call" and ev.date == "2025-10-29"


def test_a_reported_call_between_leaders_is_scheduled() -> None:
    (ev,) = extract_events(
        "Greer said Prime Minister Mark Carney and President Lee Jae-myung would speak on "
        "Friday about the minerals deal.",
        date(2025, 9, 15),
        learned=False,
    )
    assert ev.type == "meeting_or_call" and ev.date == "2025-09-19"


def test_notice_titles_quotes_and_spokespeople() -> None:
    title = (
        "Ministry of Commerce Announcement No. 9 of 2026: Announcement on the "
        "Implementation of Export Control on Tin Related Items."
    )
    assert _types(title) == []
    quoted = (
        '"Both delegations want stable supplies of magnets," Canadian Trade Minister '
        "Dominic LeBlanc told reporters."
    )
    assert [e.type for e in extract_events(quoted, PUB, learned=False)] in ([], ["statement"])
    assert "negotiation_round" not in _types(quoted)
    assert _types(
        "The spokesperson said that export controls on tin are in line with international practice."
    ) == ["statement"]
    assert _types("The ministry said tin supply for the rest of the year was secure.") == []


def test_only_the_triggers_clause_decides_a_standing_measure() -> None:
    assert _types(
        "Vietnam's trade ministry suspended its tin export controls on Monday, but the "
        "licences required since March remain in force."
    ) == ["export_control_eased_or_suspended"]
    assert (
        _types("The goods concerned include tin ingots that are already subject to licensing.")
        == []
    )
    assert _types(
        "The ban on tin and zinc sales to Japan is also suspended, Vietnam's trade ministry "
        "said on Monday."
    ) == ["export_control_eased_or_suspended"]


def test_announced_agreements_and_presented_plans_are_other() -> None:
    assert _types(
        "Tesla and Lynas Rare Earths today announced a $200 million supply agreement for magnets."
    ) == ["other"]
    assert _types(
        "The European Commission on Wednesday presented MagnetsEU, a plan to fund recycling "
        "of rare earth magnets."
    ) == ["other"]


def test_what_exporters_must_do_elaborates_the_measure() -> None:
    text = (
        "With the approval of the State Council, export control is hereby implemented on "
        "the following items: tin ingots and tin alloys. From March 1, 2026, export "
        "operators shall apply for a licence to the commerce department."
    )
    events = extract_events(text, date(2026, 2, 20), learned=False)
    assert [e.type for e in events] == ["export_control_imposed"]
    assert events[0].date == "2026-03-01"  # from the sentence that elaborates it
    assert events[0].evidence.startswith("With the approval")


def test_a_company_halting_shipments_is_no_control() -> None:
    text = "Citing tariffs, the company halted shipments of tin concentrate to China in April."
    assert not any(t.startswith("export_control") for t in _types(text))


def test_dual_use_bans_expand_the_dual_use_controls() -> None:
    text = "China on Monday banned exports of dual-use items to Lithuanian military users."
    (ev,) = extract_events(text, date(2026, 3, 2), learned=False)
    assert ev.type == "export_control_expanded"  # dual-use items licensed since Dec 2020
    # a law's title names no goods when the sentence names others
    text = (
        "In accordance with the Regulations on the Export Control of Dual-use Items, export "
        "control is hereby implemented on lithium battery technology from March 1, 2026."
    )
    (ev,) = extract_events(text, date(2026, 2, 20), learned=False)
    assert ev.type == "export_control_imposed" and "dual-use items" not in ev.commodities


def test_without_a_deal_negates_and_other_may_name_only_a_target() -> None:
    text = (
        "Japanese and Korean officials ended talks in Seoul on Tuesday without a deal to "
        "extend their tariff truce."
    )
    assert "tariff_change" not in _types(text)
    assert _types(
        "In light of weak prices, the company halted shipments of tin ore to Japan in May."
    ) == ["other"]


def test_what_a_party_wants_is_no_step() -> None:
    assert "export_control_eased_or_suspended" not in _types(
        "Tokyo, for its part, wants Beijing to relax its controls on gallium."
    )


def test_a_possessive_appositive_stands_between_speaker_and_verb() -> None:
    text = (
        "Li Chenggang, China's international trade representative, told reporters that the "
        "two sides had reached a consensus on export controls."
    )
    (ev,) = extract_events(text, PUB, learned=False)
    assert ev.type == "statement" and ev.actors[0].name == "Li Chenggang"
