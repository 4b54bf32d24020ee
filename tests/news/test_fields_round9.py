"""Actors and dates, ninth round (issue 13): gazetteer names the corpus gold uses."""

from __future__ import annotations

from datetime import date

from chokepoints.news.extract import extract_events
from chokepoints.news.gazetteer import ACTORS


def _names(text: str, published: date = date(2025, 11, 5)) -> set[str]:
    events = extract_events(text, published, learned=False)
    return {a.name for e in events for a in e.actors + e.target}


def test_every_form_names_one_actor() -> None:
    seen: dict[str, str] = {}
    for entry in ACTORS:
        for form in entry.forms:
            assert seen.setdefault(form, entry.name) == entry.name, form


def test_tariff_commission_and_finance_ministry_are_actors() -> None:
    names = _names(
        "The Customs Tariff Commission of the State Council announced on Wednesday that "
        "China would continue to suspend the additional 24% tariff on U.S. goods."
    )
    assert "Customs Tariff Commission of the State Council" in names
    assert "State Council" not in names  # inside the longer name
    names = _names(
        "China will raise its additional tariff on U.S. goods to 125% from Saturday, "
        "the finance ministry said on Friday."
    )
    assert "Ministry of Finance" in names


def test_department_of_defense_is_named_as_written() -> None:
    names = _names(
        "The U.S. Defense Department added 65 entities to its list of Chinese military "
        "companies on Monday."
    )
    assert "Department of Defense" in names and "Pentagon" not in names
    names = _names("The Pentagon will take a $400 million stake in MP Materials on Monday.")
    assert "Department of Defense" not in names


def test_dateless_lead_gets_the_next_sentence_reported_day_as_candidate() -> None:
    from chokepoints.news.fields import article_candidates
    from chokepoints.news.train_fields import article_sentences

    text = (
        "Congo has stopped all cobalt exports for four months to lift prices. "
        "The strategic minerals regulator said on Saturday that the suspension was needed."
    )
    published = date(2025, 2, 25)  # a Tuesday: "on Saturday" is 22 February
    with_fields_off = extract_events(text, published, learned=False)
    control = [e for e in with_fields_off if e.type == "export_control_imposed"]
    assert control and control[0].date is None
    sents = article_sentences(text)
    (_, dates), *_ = article_candidates(control, sents, published)
    by_day = {d.value: d.features for d in dates}
    feats = by_day[date(2025, 2, 22)]
    assert feats.get("evidence_dateless&distance1&after&speech_date") == 1.0
    assert feats.get("lead_evidence&distance1&after") == 1.0
    assert feats.get("perfect_evidence&distance1&after") == 1.0
    assert "evidence_dateless&distance1&after" not in by_day[published]


def test_shipped_date_model_is_on_and_ranks_the_reported_day_first() -> None:
    from chokepoints.news.fields import (
        DATE_FEATURES,
        article_candidates,
        packaged_model,
        using,
        vectorise,
    )
    from chokepoints.news.train_fields import article_sentences

    model = packaged_model()
    assert model is not None
    assert model.thresholds.date_add <= 1.0  # on since the ninth round (CV)
    text = (
        "Congo has stopped all cobalt exports for four months to lift prices. "
        "The strategic minerals regulator said on Saturday that the suspension was needed."
    )
    published = date(2025, 2, 25)
    with using(None):
        events = extract_events(text, published)
    (_, dates), *_ = article_candidates(events, article_sentences(text), published)
    probs = model.date_probs(vectorise([d.features for d in dates], DATE_FEATURES))
    assert dates[int(probs.argmax())].value == date(2025, 2, 22)


def test_a_start_weekday_follows_the_announcement_day() -> None:
    from chokepoints.news.dates import find_dates

    friday = date(2025, 4, 11)
    s = "China raised its tariffs on U.S. goods to 125% from Saturday, the ministry said on Friday."
    assert [m.value for m in find_dates(s, friday)] == [date(2025, 4, 12), friday]
    later = date(2025, 4, 18)  # a digest a week on: "on Friday" is the 18th, Saturday the 19th
    assert [m.value for m in find_dates(s, later)] == [date(2025, 4, 19), later]
    # no announcement day in the sentence: the tense decides, as before
    s = "China raised its additional tariff on U.S. goods to 84% from Thursday."
    assert [m.value for m in find_dates(s, later)] == [date(2025, 4, 17)]
    monday = date(2025, 4, 14)
    s = "The higher tariffs took effect from Saturday, officials said on Monday."
    assert [m.value for m in find_dates(s, monday)] == [date(2025, 4, 12), monday]
    # without the start word the past-tense sentence looks back, as before
    s = "China raised its tariffs on Saturday."
    assert [m.value for m in find_dates(s, friday)] == [date(2025, 4, 5)]


def test_a_suspension_extended_to_a_day_is_not_dated_by_it() -> None:
    from chokepoints.news.dates import best_date

    s = (
        "It said the United States would extend the suspension of higher tariffs on "
        "Chinese goods for a year, to November 10, 2026."
    )
    assert best_date(s, date(2025, 11, 3)) is None
    s = "China will cut the tariff to 10% on November 10."  # "to" a rate, not a day
    mention = best_date(s, date(2025, 11, 3))
    assert mention is not None and mention.value == date(2025, 11, 10)
