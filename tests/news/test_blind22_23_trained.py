"""``blind22`` and ``blind23``, scored once at 2026-12-04 03:11 UTC, are trained on since:
both shipped models (event type and fields) name them, and no split still held out."""

from chokepoints.news.fields import packaged_model as fields_model
from chokepoints.news.learned import packaged_model
from chokepoints.news.train import DEFAULT_SPLITS, HELD_OUT_SPLITS
from chokepoints.news.train_fields import DEFAULT_SPLITS as FIELDS_SPLITS

NEW = {"blind22", "blind23"}


def test_the_default_splits_take_blind22_and_blind23() -> None:
    assert NEW <= set(DEFAULT_SPLITS)
    assert set(FIELDS_SPLITS) == set(DEFAULT_SPLITS)
    assert not HELD_OUT_SPLITS & set(DEFAULT_SPLITS)


def test_both_shipped_models_were_trained_on_them() -> None:
    events = packaged_model()
    fields = fields_model()
    assert events is not None and fields is not None
    for model in (events, fields):
        trained = set(model.meta["trained_on"]["corpus_split"].split("+"))
        assert NEW <= trained
        assert trained == set(DEFAULT_SPLITS)
