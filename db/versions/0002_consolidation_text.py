"""Consolidation texts: the secretariat's background and conclusion for each year's report.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.storage.models

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "consolidation_text",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("background", sa.Text(), nullable=False),
        sa.Column("conclusion", sa.Text(), nullable=False),
        sa.Column("updated_at", app.storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_consolidation_text")),
    )


def downgrade() -> None:
    op.drop_table("consolidation_text")
