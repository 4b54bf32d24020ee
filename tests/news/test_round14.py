"""Fourteenth round of issue 13: the spent ``blind17`` and ``blind18`` splits are trained
on (twenty-one spent splits), the blind splits reserved for scoring are not."""

from chokepoints.news.learned import packaged_model
from chokepoints.news.train import DEFAULT_SPLITS, HELD_OUT_SPLITS
from chokepoints.news.train_fields import DEFAULT_SPLITS as FIELDS_SPLITS


def test_twenty_one_spent_splits_are_trained_on() -> None:
    assert {"blind17", "blind18"} <= set(DEFAULT_SPLITS)
    assert len(DEFAULT_SPLITS) == 21
    assert set(FIELDS_SPLITS) == set(DEFAULT_SPLITS)
    assert {"blind19", "blind20", "blind21"} <= HELD_OUT_SPLITS
    assert not HELD_OUT_SPLITS & set(DEFAULT_SPLITS)


def test_the_shipped_models_name_the_new_splits() -> None:
    model = packaged_model()
    assert model is not None
    trained = model.meta["trained_on"]["corpus_split"].split("+")
    assert {"blind17", "blind18"} <= set(trained)
    assert not HELD_OUT_SPLITS & set(trained)
