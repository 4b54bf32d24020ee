"""Alembic revisions of the news event store, oldest first (Alembic skips this file)."""
