"""Alembic environment of the news event store.

:class:`chokepoints.news.store.EventStore` runs the migrations itself when it opens a
store, on its own connection (passed as ``config.attributes["connection"]``) inside its
writer lock, so no ``alembic.ini`` is needed at run time.

To add a revision: copy the newest file in ``versions/`` to ``NNNN_what.py``, set
``revision``/``down_revision``, write ``upgrade``/``downgrade`` with ``op`` (SQLite needs
``op.batch_alter_table`` to change constraints), change the models in ``store.py`` to
match, and add the revision to ``SCHEMA_HEAD`` and ``_KNOWN_REVISIONS`` there; the tests
check that the migrated schema equals the models on SQLite and PostgreSQL. The Alembic
command line also works on a scratch store, e.g.
``alembic -x url=sqlite:///scratch.sqlite upgrade head`` with a configuration whose
``script_location`` is this folder.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - developer use from the alembic command line
    url = context.get_x_argument(as_dictionary=True)["url"]
    with create_engine(url).begin() as own:
        context.configure(connection=own, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
