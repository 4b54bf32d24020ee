"""Extraction beyond the gazetteer and the single-part limit (issue 13)."""

from datetime import date

import pytest

from chokepoints.news.extract import extract_events


@pytest.fixture(autouse=True)
def _rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the trigger rules; the combination with the learned classifier
    (on by default) is tested in test_learned.py and scored in bench/news_cv.py."""
    monkeypatch.setenv("CHOKEPOINTS_NEWS_LEARNED", "0")


PUB = date(2025, 6, 10)


def test_extract_events_takes_texts_over_spacys_limit() -> None:
    first = "China imposed export controls on gallium and germanium on Monday, the ministry said. "
    last = "Chinese exports of gallium fell 20% in August, customs data showed on Wednesday."
    filler = "\n\n" + "Filler words about nothing in particular here. " * 40
    text = first + filler * 540 + "\n\n" + last
    assert len(text) > 1_000_000  # spaCy's own limit
    events = extract_events(text, date(2023, 9, 20))
    assert [e.type for e in events] == ["export_control_expanded", "trade_data_release"]
    assert events[1].date == "2023-09-20"


def test_unlisted_firm_speaker_is_an_actor() -> None:
    text = (
        "Umicore, which refines germanium in Belgium, said in its half-year report that it "
        "could serve customers with material from outside China."
    )
    (event,) = extract_events(text, PUB)
    assert event.type == "statement"
    assert event.actors[0].name == "Umicore"


def test_titled_unlisted_person_is_a_person() -> None:
    (event,) = extract_events(
        "Chief executive Jane Example said the partnership would reduce reliance on imports.", PUB
    )
    assert (event.type, event.actors[0].name, event.actors[0].kind) == (
        "statement",
        "Jane Example",
        "person",
    )


def test_common_noun_opening_is_no_speaker() -> None:
    assert extract_events("Buyers said demand for magnets was steady.", PUB) == []


def test_one_statement_per_speaker_and_article() -> None:
    text = (
        "Commerce Secretary Howard Lutnick said on Monday the export rules were working. "
        "Lutnick said the controls on chips would stay in place."
    )
    events = extract_events(text, PUB)
    assert [e.type for e in events] == ["statement"]


def test_dates_of_ordinal_days_expiries_and_past_clauses() -> None:
    from chokepoints.news.dates import find_dates

    pub = date(2025, 7, 30)

    def first(sentence: str) -> date | None:
        return find_dates(sentence, pub)[0].value

    assert first("Controls take effect on the 9th.") == date(2025, 8, 9)
    assert first("On the 9th, the controls take effect.") == date(2025, 8, 9)
    assert first("The ministry announced the rules on the 28th.") == date(2025, 7, 28)
    assert first("The current pause on higher tariffs expires on August 12.") == date(2025, 8, 12)
    ended = (
        "Officials ended two days of talks in Stockholm on Tuesday, agreeing to seek an "
        "extension that will be decided later."
    )
    assert first(ended) == date(2025, 7, 29)


def test_descriptive_country_names_are_no_actors() -> None:
    (event,) = extract_events(
        "The White House said on Monday the measures would protect American jobs.", PUB
    )
    assert [a.name for a in event.actors] == ["White House"]


def test_tariff_named_first_is_the_tariff_change() -> None:
    # the software controls beside it are an expansion of their own (twenty-first round)
    event, *rest = extract_events(
        "President Donald Trump said on Friday he would impose an additional 100% tariff on "
        "goods from China from November 1, along with export controls on critical software.",
        date(2025, 10, 11),
    )
    assert (event.type, event.date) == ("tariff_change", "2025-11-01")
    assert [e.type for e in rest] == ["export_control_expanded"]


def test_standing_measures_and_investigations() -> None:
    assert (
        extract_events("Controls on the seven rare earths announced in April remain in force.", PUB)
        == []
    )
    (event,) = extract_events(
        "President Donald Trump on Tuesday ordered an investigation into whether imports of "
        "critical minerals threaten national security, a step that could lead to new tariffs.",
        date(2025, 4, 16),
    )
    assert (event.type, event.date) == ("other", "2025-04-15")


def test_the_two_teams_meeting_is_a_round_and_a_signing_beats_a_meeting() -> None:
    (event,) = extract_events(
        "Trump said on social media that the two teams would meet shortly on trade.", PUB
    )
    assert event.type == "negotiation_round"
    (event,) = extract_events(
        "Japan and the United States signed a framework on Tuesday to secure supplies of rare "
        "earths, as President Donald Trump met Prime Minister Sanae Takaichi in Tokyo.",
        date(2025, 10, 28),
    )
    assert event.type == "other"


def test_announcement_numbers_and_relative_clauses_do_not_hedge() -> None:
    (event,) = extract_events(
        "The Ministry of Commerce issued Announcement No. 46 of 2024 on strengthening export "
        "controls of dual-use items to the United States.",
        date(2024, 12, 3),
    )
    assert event.type == "export_control_expanded"
    (event,) = extract_events(
        "China on Tuesday banned exports of dual-use items to any user that would help "
        "enhance Japan's military capabilities.",
        date(2026, 1, 7),
    )
    assert event.type.startswith("export_control")


def test_market_voices_give_no_events() -> None:
    text = (
        "Jane Doe, an analyst at Example Metals, said the ban would formalise a slowdown. "
        "Analysts said the permits would give Beijing detailed data on buyers."
    )
    assert extract_events(text, PUB) == []


def test_speaker_named_after_a_quote() -> None:
    (event,) = extract_events(
        '"We will take resolute measures to protect our interests," said He Yadong, a '
        "spokesman for the commerce ministry.",
        PUB,
    )
    assert (event.type, event.actors[0].name) == ("statement", "He Yadong")
    former = '"China can turn the tap on and off," said a former U.S. trade official.'
    assert extract_events(former, PUB) == []


def test_unlisted_official_after_a_title_with_a_demonym() -> None:
    (event,) = extract_events(
        "Indonesian Energy Minister Bahlil Lahadalia said the country would cut nickel ore quotas.",
        PUB,
    )
    assert [(a.name, a.kind) for a in event.actors] == [("Bahlil Lahadalia", "person")]


def test_title_case_dateline_and_speaker_before_today() -> None:
    (event,) = extract_events(
        "Brussels, 4 June 2025 - CLEPA, the European Association of Automotive Suppliers, "
        "today warned that plants had shut down after stocks of rare earth magnets ran out.",
        date(2025, 6, 4),
    )
    assert (event.type, event.actors[0].name, event.date) == ("statement", "CLEPA", "2025-06-04")
    assert event.evidence.startswith("CLEPA")


def test_year_and_since_phrases_date_no_event() -> None:
    from chokepoints.news.dates import best_date

    pub = date(2025, 10, 27)
    assert best_date("China imported 41,700 tonnes last year, customs figures showed.", pub) is None
    assert best_date("Bessent met He Lifeng for the fifth round of talks since May.", pub) is None


def test_licence_requirements_extended_and_revised_catalogues_are_expansions() -> None:
    (event,) = extract_events(
        "The Bureau of Industry and Security is issuing an interim final rule that extends "
        "the license requirements for entities on the Entity List to their affiliates.",
        date(2025, 9, 30),
    )
    assert event.type == "export_control_expanded"
    (event,) = extract_events(
        "The Ministry of Commerce on Thursday published a revised Catalogue of Technologies "
        "Prohibited and Restricted from Export.",
        date(2023, 12, 22),
    )
    assert event.type == "export_control_expanded"


def test_passive_and_varied_phrasings() -> None:
    pub = date(2025, 10, 20)

    def one(text: str) -> tuple[str, str | None, list[str]]:
        (event,) = extract_events(text, pub)
        return event.type, event.date, [a.name for a in event.actors]

    imposed = "Restrictions on exports of tin were imposed by Beijing in July 2023."
    assert one(imposed)[:2] == ("export_control_imposed", "2023-07-01")
    granted = "Licences for magnet exports to European carmakers were granted last week."
    assert one(granted)[0] == "license_issued"
    added = "Five more rare earths were added to China's export control list on Thursday."
    assert one(added)[0] == "export_control_expanded" and "China" in one(added)[2]
    truce = "The tariff truce between Washington and Beijing was extended by 90 days on Monday."
    assert one(truce)[0] == "tariff_change"
    suspended = "Beijing suspended the October 9 measures for one year."
    assert one(suspended)[:2] == ("export_control_eased_or_suspended", None)


def test_more_phrasings_of_levies_approvals_lists_and_schemes() -> None:
    pub = date(2025, 10, 20)

    def types(text: str) -> list[tuple[str, str | None]]:
        return [(e.type, e.date) for e in extract_events(text, pub)]

    assert types("Beijing retaliated with a 34% levy on all U.S. imports.") == [
        ("tariff_change", None)
    ]
    approving = "Beijing has started approving some applications to export rare earth magnets."
    assert types(approving) == [("license_issued", None)]
    listed = (
        "The Commerce Ministry put 15 U.S. defence firms on its export control list on Tuesday."
    )
    assert types(listed) == [("export_control_expanded", "2025-10-14")]
    lifted = "China will lift its ban on gallium exports to the United States until November 2026."
    assert types(lifted) == [("export_control_eased_or_suspended", None)]
    scheme = "India launched a 73 billion rupee scheme on Wednesday to promote magnet production."
    assert types(scheme) == [("other", "2025-10-15")]


def test_unclear_steps_are_hedged_and_first_announced_controls_are_events() -> None:
    assert extract_events("It is unclear when the licences will be issued.", PUB) == []
    (event,) = extract_events("The controls were first announced in April 2025.", PUB)
    assert (event.type, event.date) == ("export_control_imposed", "2025-04-01")


def test_control_in_force_on_publication_is_dated_so() -> None:
    text = (
        "It is decided to implement export control on the following items related to "
        "medium and heavy rare earths. The items include samarium and dysprosium. "
        "This announcement shall come into force on the date of its publication."
    )
    (event,) = extract_events(text, date(2025, 4, 4))
    assert (event.type, event.date) == ("export_control_imposed", "2025-04-04")


def test_company_milestones_and_financing_are_other_events() -> None:
    pub = date(2025, 7, 10)
    for text in (
        "Iluka Resources has secured a A$1.65 billion government loan for its refinery.",
        "Vulcan Elements signed a $620 million loan agreement with the Pentagon.",
        "Energy Fuels announced on Monday that it had begun producing dysprosium oxide.",
    ):
        assert [e.type for e in extract_events(text, pub)] == ["other"], text
    due = "The plant is due to start production in 2028."
    assert extract_events(due, pub) == []


def test_calls_on_a_day_decimals_doubled_tariffs_and_release_days() -> None:
    pub = date(2025, 9, 15)

    def first(text: str) -> tuple[str, str | None]:
        (event,) = extract_events(text, pub)
        return event.type, event.date

    assert first("Trump and Xi held a phone call on Friday, their second this year.") == (
        "meeting_or_call",
        "2025-09-12",
    )
    duty = "The United States will impose a 93.5% anti-dumping duty on Chinese graphite."
    assert first(duty)[0] == "tariff_change"
    assert first("Washington doubled tariffs on Chinese graphite to 50%.")[0] == "tariff_change"
    data = "Official data on Saturday showed China's rare earth exports rose in August."
    assert first(data) == ("trade_data_release", "2025-09-13")
    assert extract_events("The ministry called on Washington to correct its mistakes.", pub) == []


def test_more_date_phrases() -> None:
    from chokepoints.news.dates import find_dates

    pub = date(2025, 10, 20)

    def value(phrase: str) -> date | None:
        found = find_dates(f"The ministry acted {phrase}.", pub)
        return found[0].value if found else None

    assert value("on the 1st of December") == date(2024, 12, 1)  # past tense
    assert value("in mid-October") == date(2025, 10, 1)
    assert value("at the end of September") == date(2025, 9, 1)


def test_brussels_and_titles_between_speaker_and_verb() -> None:
    pub = date(2025, 10, 20)
    (event,) = extract_events("Brussels criticised the Chinese controls on Monday.", pub)
    assert (event.type, event.actors[0].name, event.date) == (
        "statement",
        "European Union",
        "2025-10-20",
    )
    (event,) = extract_events(
        "The EU's trade commissioner said on Friday the bloc would respond to the controls.", pub
    )
    assert event.type == "statement" and event.actors[0].name == "European Union"
    (event,) = extract_events("Trade ministers met in Brussels on Monday on rare earths.", pub)
    assert event.actors == []


def test_year_named_earlier_in_the_sentence_anchors_a_month_day() -> None:
    (event,) = extract_events(
        "In July 2023, Beijing announced licence requirements for gallium and germanium, "
        "effective August 1.",
        date(2025, 11, 20),
    )
    assert (event.type, event.date) == ("export_control_imposed", "2023-08-01")
    (event,) = extract_events(
        "In December 2024 China banned shipments of gallium to the United States.",
        date(2025, 11, 20),
    )
    assert event.type.startswith("export_control")


def test_easing_of_checks_and_announcements_and_protests() -> None:
    pub = date(2025, 11, 10)

    def first(text: str) -> tuple[str, str | None]:
        (event,) = extract_events(text, pub)
        return event.type, event.date

    assert first("Beijing also scrapped stricter end-user checks on graphite.") == (
        "export_control_eased_or_suspended",
        None,
    )
    item = "The decision suspends the second item of Announcement No. 46 until November 27, 2026."
    assert first(item) == ("export_control_eased_or_suspended", None)
    assert first("Washington agreed to suspend the 50% affiliates rule for a year.")[0] == (
        "export_control_eased_or_suspended"
    )
    assert first("Tokyo lodged a formal protest with Beijing on Wednesday.") == (
        "statement",
        "2025-11-05",
    )


def test_sanctions_approved_schemes_and_sources_named_with_according_to() -> None:
    pub = date(2025, 11, 10)
    (event,) = extract_events("Beijing sanctioned 12 U.S. defence companies on Thursday.", pub)
    assert event.type == "other"
    (event,) = extract_events(
        "India's cabinet approved a 73 billion rupee incentive scheme on Wednesday.", pub
    )
    assert event.type == "other"
    (event,) = extract_events(
        "Germanium shipments to Europe resumed in September, according to Chinese customs "
        "statistics.",
        pub,
    )
    assert event.type == "trade_data_release" and event.target == []
