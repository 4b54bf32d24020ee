"""Alembic environment of the news event store.

:class:`chokepoints.news.store.EventStore` runs the migrations itself when it opens a
store, on its own connection (passed as ``config.attributes["connection"]``), so no
``alembic.ini`` is needed at run time. To write a new revision during development::

    alembic -x url=sqlite:///scratch.sqlite -c /dev/null \\
        --raiseerr revision -m "what changes" \\
        --rev-id 0003  # (with script_location set to this folder)

then edit the new file in ``versions/`` and raise ``SCHEMA_HEAD`` in ``store.py``.
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
