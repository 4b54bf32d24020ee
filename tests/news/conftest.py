from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def london_path() -> Path:
    return ROOT / "examples" / "news" / "london-talks-2025-06.txt"


@pytest.fixture
def gold_dir() -> Path:
    return Path(__file__).parent / "gold"


# -- event stores on SQLite and on a real PostgreSQL server -------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):  # type: ignore[no-untyped-def]
    """URL of an empty event store of its own: a SQLite file, or a new PostgreSQL database.

    The PostgreSQL variant runs against ``$CHOKEPOINTS_TEST_POSTGRES_URL`` (``.ci/run``
    starts a server and sets it); it is skipped only when that variable is unset and
    ``$CI`` is unset too, so under CI a missing server fails the tests.
    """
    from chokepoints.testing import temporary_store_url

    with temporary_store_url(request.param, tmp_path, prefix="news_test") as url:
        yield url
