import pytest

from chokepoints.errors import DataError
from chokepoints.news.evaluate import Scores, match_events, score_document
from chokepoints.news.schema import Actor, Event, Figure

CN = Actor("China", "country", "CHN")
US = Actor("United States", "country", "USA")


def _ev(type_: str, evidence: str, **kw) -> Event:
    return Event(type=type_, evidence=evidence, **kw)


def test_matching_needs_type_and_evidence_overlap() -> None:
    gold = [_ev("trade_data_release", "Chinese exports to the U.S. fell 34.5% in May.")]
    pred = [
        _ev("statement", "Chinese exports to the U.S. fell 34.5% in May."),
        _ev("trade_data_release", "Chinese exports to the U.S. fell 34.5% in May, data showed."),
    ]
    assert match_events(pred, gold) == [(1, 0)]


def test_field_counts() -> None:
    gold = [
        _ev("trade_data_release", "Exports fell 34.5% in May.", actors=[CN], target=[US],
            date="2025-06-09", figures=[Figure(34.5, "%", "exports")]),
        _ev("meeting_or_call", "Trump and Xi spoke by phone.", date="2025-06-05"),
    ]  # fmt: skip
    pred = [
        _ev("trade_data_release", "Exports fell 34.5% in May.", actors=[CN],
            date="2025-06-01", figures=[Figure(34.5, "%", "x"), Figure(5, "t", "y")]),
        _ev("tariff_change", "Tariffs rose.", actors=[US]),
    ]  # fmt: skip
    s = Scores()
    score_document(pred, gold, s)
    f = s.fields
    assert (f["event"].tp, f["event"].fp, f["event"].fn) == (1, 1, 1)
    assert (f["actors"].tp, f["actors"].fp, f["actors"].fn) == (1, 1, 1)
    assert (f["date"].tp, f["date"].fp, f["date"].fn) == (0, 1, 2)
    assert (f["figures"].tp, f["figures"].fp, f["figures"].fn) == (1, 1, 0)
    assert round(f["event"].f1, 3) == 0.5


def test_figure_change_is_scored_apart_from_figures() -> None:
    gold = [
        _ev("trade_data_release", "Exports fell 34.5% to 46 tonnes.", date="2025-06-09",
            figures=[Figure(34.5, "%", "exports", "decrease"), Figure(46, "t", "exports")]),
    ]  # fmt: skip
    pred = [
        _ev("trade_data_release", "Exports fell 34.5% to 46 tonnes.", date="2025-06-09",
            figures=[Figure(34.5, "%", "exports", "increase"), Figure(46, "t", "x")]),
    ]  # fmt: skip
    s = Scores()
    score_document(pred, gold, s)
    f = s.fields
    assert (f["figures"].tp, f["figures"].fp, f["figures"].fn) == (2, 0, 0)
    fc = f["figure_change"]
    assert (fc.tp, fc.fp, fc.fn) == (0, 1, 1)


def test_figure_change_must_be_a_known_direction() -> None:
    data = {
        "type": "other",
        "evidence": "x",
        "figures": [{"value": 1, "unit": "%", "change": "up"}],
    }
    with pytest.raises(DataError, match="figures.change"):
        Event.from_dict(data)
