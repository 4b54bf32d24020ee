"""The first schema of the event store: documents, events, event_sources, proposals.

Stores created before migrations existed (``create_all`` in the first release) hold
exactly these tables; they are stamped with this revision when first opened.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_documents_sha256", "documents", ["sha256"], unique=True)
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("salience", sa.String(12), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("data_json", sa.JSON(), nullable=False),
    )
    op.create_index("ix_events_type", "events", ["type"])
    op.create_index("ix_events_date", "events", ["date"])
    op.create_table(
        "event_sources",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.UniqueConstraint(
            "event_id",
            "document_id",
            "evidence",
            name="event_sources_event_id_document_id_evidence_key",
        ),
    )
    op.create_index("ix_event_sources_event_id", "event_sources", ["event_id"])
    op.create_index("ix_event_sources_document_id", "event_sources", ["document_id"])
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("record_json", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("event_id", name="proposals_event_id_key"),
    )


def downgrade() -> None:
    op.drop_table("proposals")
    op.drop_index("ix_event_sources_document_id", table_name="event_sources")
    op.drop_index("ix_event_sources_event_id", table_name="event_sources")
    op.drop_table("event_sources")
    op.drop_index("ix_events_date", table_name="events")
    op.drop_index("ix_events_type", table_name="events")
    op.drop_table("events")
    op.drop_index("ix_documents_sha256", table_name="documents")
    op.drop_table("documents")
