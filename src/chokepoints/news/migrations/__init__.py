"""Alembic migrations of the news event store (run by ``EventStore`` when it opens)."""
