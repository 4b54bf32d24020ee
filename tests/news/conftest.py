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
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'news.sqlite'}"
        return
    import os
    import uuid

    base = os.environ.get("CHOKEPOINTS_TEST_POSTGRES_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("CHOKEPOINTS_TEST_POSTGRES_URL is not set under CI")
        pytest.skip("no PostgreSQL server: set CHOKEPOINTS_TEST_POSTGRES_URL")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"news_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
