"""Review fixes after ``blind19`` to ``blind21`` (issue 13): the started-control trigger
needs a date, answer-in-kind tariff cues need a duty word and an unhedged clause and split
the figures by clause, a "since" of a requirement in force stays in its clause, and a
customs figure's data month is a month next to a figure or trade verb."""

from datetime import date

from chokepoints.news.dates import find_dates, period_bound
from chokepoints.news.extract import extract_events

PUB = date(2025, 12, 20)


def _events(text: str, learned: bool = False) -> list[tuple[str, str | None]]:
    return [(e.type, e.date) for e in extract_events(text, PUB, learned=learned)]


def test_began_licensing_without_a_date_is_no_control() -> None:
    for text in (
        "Beijing began licensing some rare earth exports again under a general licence, "
        "a ministry official said.",
        "Chinese customs started licensing graphite shipments faster in December, traders said.",
    ):
        assert not [t for t, _ in _events(text) if t.startswith("export_control")], text


def test_began_licensing_with_a_date_is_still_a_control() -> None:
    got = _events(
        "China began requiring licences for exports of gallium and germanium in August 2023.",
    )
    assert [t for t, _ in got if t.startswith("export_control")]


def _tariffs(text: str) -> list[tuple[tuple[str | None, ...], list[float]]]:
    return [
        (tuple(a.country for a in e.actors), [f.value for f in e.figures])
        for e in extract_events(text, PUB, learned=False)
        if e.type == "tariff_change"
    ]


def test_an_answer_that_is_no_duty_or_a_forecast_gives_no_second_side() -> None:
    for text in (
        "The United States raised tariffs on Chinese graphite anodes to 93.5%, a move traders "
        "said was answered with silence from Beijing.",
        "Washington raised tariffs on Chinese goods to 145%; analysts said Beijing would "
        "respond in kind.",
    ):
        got = _tariffs(text)
        assert len(got) == 1, (text, got)


def test_an_answer_in_kind_takes_the_figures_of_its_own_clause() -> None:
    got = _tariffs(
        "Washington raised tariffs on Chinese goods to 145% and China answered with duties "
        "of 125% on American goods."
    )
    assert got == [(("USA",), [145.0]), (("CHN",), [125.0])]


def test_an_answer_opening_the_sentence_leaves_both_sides_every_figure() -> None:
    got = _tariffs("China did the same after the United States raised tariffs on its goods to 10%.")
    assert sorted(got) == [(("CHN",), [10.0]), (("USA",), [10.0])]


def test_a_mutual_cue_still_gives_one_event_per_side() -> None:
    got = _tariffs(
        "The United States and China agreed to cut the tariffs on each other's goods by 115 "
        "percentage points."
    )
    assert len(got) == 2


def _bounds(text: str) -> list[tuple[str, bool]]:
    return [(m.text, period_bound(text, m)) for m in find_dates(text, PUB)]


def test_since_of_a_requirement_in_force_stays_in_its_clause() -> None:
    assert _bounds(
        "Gallium exports have needed licences since August 2023, while prices have risen since May."
    ) == [("since August 2023", False), ("since May", True)]
    assert _bounds(
        "Gallium exports have needed licences since August 2023, and shipments have been "
        "halted since June."
    ) == [("since August 2023", False), ("since June", True)]
    assert _bounds(
        "Gallium exports have needed licences since August 2023 and prices have risen since May."
    ) == [("since August 2023", False), ("since May", True)]
    assert _bounds("Antimony has been subject to export licensing since September 2024.") == [
        ("since September 2024", False)
    ]


def test_the_data_month_is_a_month_next_to_a_figure_or_trade_verb() -> None:
    got = _events(
        "The rare earth controls imposed in April have cut exports by half, customs data showed.",
        learned=True,
    )
    assert ("trade_data_release", "2025-04-01") not in got
    got = _events(
        "China exported 1,200 tonnes of magnets in May, customs data showed.", learned=True
    )
    assert got == [("trade_data_release", "2025-05-01")]


def test_twenty_four_spent_splits_are_trained_on() -> None:
    from chokepoints.news.learned import packaged_model
    from chokepoints.news.train import DEFAULT_SPLITS, HELD_OUT_SPLITS
    from chokepoints.news.train_fields import DEFAULT_SPLITS as FIELDS_SPLITS

    new = {"blind19", "blind20", "blind21"}
    assert new <= set(DEFAULT_SPLITS)
    assert len(DEFAULT_SPLITS) >= 24
    assert set(FIELDS_SPLITS) == set(DEFAULT_SPLITS)
    assert not HELD_OUT_SPLITS & set(DEFAULT_SPLITS)
    model = packaged_model()
    assert model is not None
    trained = set(model.meta["trained_on"]["corpus_split"].split("+"))
    assert new <= trained
    assert not HELD_OUT_SPLITS & trained
    from chokepoints.news.fields import packaged_model as fields_model

    fields = fields_model()
    assert fields is not None
    assert new <= set(fields.meta["trained_on"]["corpus_split"].split("+"))
