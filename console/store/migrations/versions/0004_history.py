"""past outages imported from the previous ticket system

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "past_outages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=80), nullable=False),
        sa.Column("cause", sa.String(length=32), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("restored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("customers_affected", sa.Integer(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("first_eta", sa.DateTime(timezone=True), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint("customers_affected >= 0", name=op.f("ck_past_outages_customers_nonneg")),
        sa.CheckConstraint("restored_at >= started_at", name=op.f("ck_past_outages_restored_after_start")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_past_outages")),
        sa.UniqueConstraint("ref", name=op.f("uq_past_outages_ref")),
    )
    with op.batch_alter_table("past_outages") as batch_op:
        batch_op.create_index("ix_past_outage_cause", ["cause"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("past_outages") as batch_op:
        batch_op.drop_index("ix_past_outage_cause")
    op.drop_table("past_outages")
