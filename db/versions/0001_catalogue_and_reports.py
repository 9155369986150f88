"""Catalogue and reports: the first schema.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.storage.models

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "catalogue",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("resolution", sa.String(length=128), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("short_title", sa.Text(), nullable=False),
        sa.Column("adopted", sa.String(length=32), nullable=False),
        sa.Column("appendix_caveat", sa.Text(), nullable=False),
        sa.Column("loaded_at", app.storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue")),
    )
    op.create_table(
        "implementer_group",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("section", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_implementer_group")),
    )
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("catalogue_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=16), nullable=False),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("heading_note", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["catalogue_id"], ["catalogue.id"], name=op.f("fk_activity_catalogue_id_catalogue")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
        sa.UniqueConstraint("catalogue_id", "number", name=op.f("uq_activity_catalogue_id_number")),
    )
    op.create_table(
        "implementer",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("group_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("short_name", sa.Text(), nullable=False),
        sa.Column("named_in_resolution", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", app.storage.models.UTCDateTime(), nullable=False),
        sa.Column("updated_at", app.storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["implementer_group.id"],
            name=op.f("fk_implementer_group_id_implementer_group"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_implementer")),
    )
    op.create_table(
        "objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("catalogue_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["catalogue_id"], ["catalogue.id"], name=op.f("fk_objective_catalogue_id_catalogue")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective")),
        sa.UniqueConstraint(
            "catalogue_id", "kind", "number", name=op.f("uq_objective_catalogue_id_kind_number")
        ),
    )
    op.create_table(
        "activity_implementer",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("implementer_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_implementer_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["implementer_id"],
            ["implementer.id"],
            name=op.f("fk_activity_implementer_implementer_id_implementer"),
        ),
        sa.PrimaryKeyConstraint(
            "activity_id", "implementer_id", name=op.f("pk_activity_implementer")
        ),
    )
    op.create_table(
        "cross_reference",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_cross_reference_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_cross_reference_objective_id_objective"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "objective_id", name=op.f("pk_cross_reference")),
    )
    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("catalogue_id", sa.String(length=64), nullable=False),
        sa.Column("implementer_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("focal_name", sa.Text(), nullable=False),
        sa.Column("focal_title", sa.Text(), nullable=False),
        sa.Column("focal_institution", sa.Text(), nullable=False),
        sa.Column("focal_email", sa.Text(), nullable=False),
        sa.Column("focal_phone", sa.Text(), nullable=False),
        sa.Column("background", sa.Text(), nullable=False),
        sa.Column("conclusions", sa.Text(), nullable=False),
        sa.Column("created_at", app.storage.models.UTCDateTime(), nullable=False),
        sa.Column("updated_at", app.storage.models.UTCDateTime(), nullable=False),
        sa.Column("exported_at", app.storage.models.UTCDateTime(), nullable=True),
        sa.Column("imported_from", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["catalogue_id"], ["catalogue.id"], name=op.f("fk_report_catalogue_id_catalogue")
        ),
        sa.ForeignKeyConstraint(
            ["implementer_id"],
            ["implementer.id"],
            name=op.f("fk_report_implementer_id_implementer"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
        sa.UniqueConstraint("implementer_id", "year", name=op.f("uq_report_implementer_id_year")),
        sa.UniqueConstraint("uuid", name=op.f("uq_report_uuid")),
    )
    op.create_table(
        "report_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("programmed", sa.Text(), nullable=False),
        sa.Column("executed", sa.Text(), nullable=False),
        sa.Column("planned_next", sa.Text(), nullable=False),
        sa.Column("financing_text", sa.Text(), nullable=False),
        sa.Column("updated_at", app.storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_report_row_report_id_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_row")),
    )
    with op.batch_alter_table("report_row", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_row_report_id"), ["report_id"], unique=False)

    op.create_table(
        "financing_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=True),
        sa.Column("donor", sa.Text(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["row_id"],
            ["report_row.id"],
            name=op.f("fk_financing_line_row_id_report_row"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_financing_line")),
    )
    with op.batch_alter_table("financing_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_financing_line_row_id"), ["row_id"], unique=False)

    op.create_table(
        "row_activity",
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("activity_number", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_row_activity_report_id_report"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["row_id"],
            ["report_row.id"],
            name=op.f("fk_row_activity_row_id_report_row"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("row_id", "activity_number", name=op.f("pk_row_activity")),
        sa.UniqueConstraint(
            "report_id", "activity_number", name=op.f("uq_row_activity_report_id_activity_number")
        ),
    )


def downgrade() -> None:
    op.drop_table("row_activity")
    with op.batch_alter_table("financing_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_financing_line_row_id"))

    op.drop_table("financing_line")
    with op.batch_alter_table("report_row", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_row_report_id"))

    op.drop_table("report_row")
    op.drop_table("report")
    op.drop_table("cross_reference")
    op.drop_table("activity_implementer")
    op.drop_table("objective")
    op.drop_table("implementer")
    op.drop_table("activity")
    op.drop_table("implementer_group")
    op.drop_table("catalogue")
