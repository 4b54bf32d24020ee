"""Fourteenth round of issue 13: the spent ``blind17`` and ``blind18`` splits are trained
on (twenty-one spent splits), the blind splits reserved for scoring are not; a control
dated at the first control of goods it names is imposed, not expanded."""

from datetime import date

from chokepoints.news.extract import extract_events
from chokepoints.news.learned import packaged_model
from chokepoints.news.train import DEFAULT_SPLITS, HELD_OUT_SPLITS
from chokepoints.news.train_fields import DEFAULT_SPLITS as FIELDS_SPLITS


def test_twenty_one_spent_splits_are_trained_on() -> None:
    assert {"blind17", "blind18"} <= set(DEFAULT_SPLITS)
    assert len(DEFAULT_SPLITS) >= 21
    assert set(FIELDS_SPLITS) == set(DEFAULT_SPLITS)
    assert not HELD_OUT_SPLITS & set(DEFAULT_SPLITS)


def test_the_shipped_models_name_the_new_splits() -> None:
    model = packaged_model()
    assert model is not None
    trained = model.meta["trained_on"]["corpus_split"].split("+")
    assert {"blind17", "blind18"} <= set(trained)
    assert not HELD_OUT_SPLITS & set(trained)


def _control_types(text: str, published: date) -> list[tuple[str, str | None]]:
    return [
        (e.type, e.date)
        for e in extract_events(text, published, learned=False)
        if e.type.startswith("export_control")
    ]


def test_a_sentence_dated_at_the_first_control_of_its_goods_is_imposed() -> None:
    got = _control_types(
        "Beijing put antimony under export licensing in September, and in December banned "
        "exports of the metal, along with gallium and germanium, to the United States.",
        date(2025, 3, 20),
    )
    assert got[0] == ("export_control_imposed", "2024-09-01")
    got = _control_types(
        "China began requiring licences for exports of gallium and germanium in August and "
        "for some graphite products on Dec. 1.",
        date(2023, 12, 21),
    )
    assert got == [("export_control_imposed", "2023-12-01")]


def test_new_controls_on_goods_licensed_long_before_stay_expansions() -> None:
    got = _control_types(
        "China on Tuesday banned exports of gallium and germanium to the United States.",
        date(2024, 12, 4),
    )
    assert got == [("export_control_expanded", "2024-12-03")]


def test_a_control_named_with_the_time_it_began_is_a_background_measure() -> None:
    got = _control_types(
        "Gallium and germanium have been subject to export licensing since August 2023.",
        date(2025, 11, 9),
    )
    assert got == [("export_control_imposed", "2023-08-01")]
    events = extract_events(
        "Magnet buyers in Europe say Chinese suppliers have stopped confirming delivery dates "
        "since the licensing of seven rare earths began on April 4.",
        date(2025, 4, 20),
        learned=False,
    )
    assert [(e.type, e.date, e.salience) for e in events] == [
        ("export_control_imposed", "2025-04-04", "background")
    ]
    got = _control_types(
        "The licence requirement for seven medium and heavy rare earths has applied since April 4.",
        date(2025, 6, 19),
    )
    assert got == [("export_control_imposed", "2025-04-04")]


def test_a_clause_of_another_step_or_a_standing_measure_is_no_such_event() -> None:
    assert not _control_types(
        "The ban comes after weeks of friction that began in November over remarks by the "
        "prime minister.",
        date(2026, 1, 7),
    )
    # "that started in April remains in force" names the April measure: a background
    # ``export_control_imposed`` (corpus README, ``blind18`` note; the latest notes, blind38
    # to blind51, annotate it; twenty-second round), dated at the month named.
    assert _control_types(
        "The licensing of seven rare earths that started in April remains in force.",
        date(2025, 11, 20),
    ) == [("export_control_imposed", "2025-04-01")]


def _tariff_sides(text: str) -> list[list[str]]:
    return [
        [a.name for a in e.actors]
        for e in extract_events(text, date(2025, 8, 13), learned=False)
        if e.type == "tariff_change"
    ]


def test_a_tariff_step_answered_in_kind_is_one_event_per_side() -> None:
    for text in (
        "The United States and China agreed on Monday to cut the tariffs they had imposed on "
        "each other's goods for an initial 90 days.",
        "The United States lowers its additional duties on Chinese goods by 115 percentage "
        "points for 90 days, and China does the same for American goods.",
        "The United States extended the suspension of its higher tariffs on Chinese goods on "
        "Monday, and China announced a matching pause on Tuesday.",
        "In April the United States raised its tariffs on Chinese goods to 145% and China "
        "answered with duties of 125% on American goods.",
    ):
        assert _tariff_sides(text) == [["United States"], ["China"]], text


def test_one_side_s_tariff_step_stays_one_event() -> None:
    sides = _tariff_sides(
        "The United States raised its tariff on Chinese steel to 50% on Monday, and China's "
        "commerce ministry said it firmly opposed the move."
    )
    assert len(sides) == 1
