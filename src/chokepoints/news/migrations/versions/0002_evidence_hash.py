"""Sources are unique by a hash of their evidence sentence, not by the sentence itself.

PostgreSQL refuses index entries over about 8 kB, so the first schema's unique
constraint on ``(event_id, document_id, evidence)`` failed for very long evidence (a
"sentence" of a text without punctuation). ``evidence_sha256`` (hex SHA-256 of the
evidence, UTF-8) takes the sentence's place in the constraint; existing rows are filled.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_OLD_UNIQUE = "event_sources_event_id_document_id_evidence_key"
_NEW_UNIQUE = "event_sources_event_id_document_id_evidence_sha256_key"


def _table_after() -> sa.Table:
    """``event_sources`` with the new column and without the old constraint (for SQLite)."""
    meta = sa.MetaData()
    sa.Table("events", meta, sa.Column("id", sa.Integer(), primary_key=True))
    sa.Table("documents", meta, sa.Column("id", sa.Integer(), primary_key=True))
    return sa.Table(
        "event_sources",
        meta,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("evidence_sha256", sa.String(64), nullable=True),
        sa.Index("ix_event_sources_event_id", "event_id"),
        sa.Index("ix_event_sources_document_id", "document_id"),
    )


def upgrade() -> None:
    op.add_column("event_sources", sa.Column("evidence_sha256", sa.String(64), nullable=True))
    bind = op.get_bind()
    sources = sa.table(
        "event_sources",
        sa.column("id", sa.Integer()),
        sa.column("evidence", sa.Text()),
        sa.column("evidence_sha256", sa.String(64)),
    )
    rows = bind.execute(sa.select(sources.c.id, sources.c.evidence)).all()
    for row_id, evidence in rows:
        digest = hashlib.sha256(evidence.encode("utf-8")).hexdigest()
        bind.execute(sources.update().where(sources.c.id == row_id).values(evidence_sha256=digest))
    if bind.dialect.name == "sqlite":
        # SQLite cannot drop a constraint (unnamed in stores made before migrations):
        # the table is copied without it.
        with op.batch_alter_table(
            "event_sources", recreate="always", copy_from=_table_after()
        ) as batch:
            batch.alter_column("evidence_sha256", existing_type=sa.String(64), nullable=False)
            batch.create_unique_constraint(
                _NEW_UNIQUE, ["event_id", "document_id", "evidence_sha256"]
            )
    else:
        op.drop_constraint(_OLD_UNIQUE, "event_sources", type_="unique")
        op.alter_column(
            "event_sources", "evidence_sha256", existing_type=sa.String(64), nullable=False
        )
        op.create_unique_constraint(
            _NEW_UNIQUE, "event_sources", ["event_id", "document_id", "evidence_sha256"]
        )


def downgrade() -> None:
    with op.batch_alter_table("event_sources") as batch:
        batch.drop_constraint(_NEW_UNIQUE, type_="unique")
        batch.drop_column("evidence_sha256")
        batch.create_unique_constraint(_OLD_UNIQUE, ["event_id", "document_id", "evidence"])
