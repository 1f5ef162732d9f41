"""the customer register, who an outage affects, and the outbox of notices to deliver

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outages") as batch_op:
        batch_op.add_column(sa.Column("affect_radius_km", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("affect_area", sa.Text(), nullable=True))

    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("lang", sa.String(length=4), nullable=False),
        sa.Column("node", sa.String(length=80), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.UniqueConstraint("ref", name=op.f("uq_customers_ref")),
    )
    op.create_index("ix_customer_node", "customers", ["node"], unique=False)

    op.create_table(
        "outage_nodes",
        sa.Column("outage_id", sa.Integer(), nullable=False),
        sa.Column("node", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["outage_id"], ["outages.id"], name=op.f("fk_outage_nodes_outage_id_outages"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("outage_id", "node", name=op.f("pk_outage_nodes")),
    )

    op.create_table(
        "outage_customers",
        sa.Column("outage_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["outage_id"], ["outages.id"],
                                name=op.f("fk_outage_customers_outage_id_outages"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_outage_customers_customer_id_customers"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("outage_id", "customer_id", name=op.f("pk_outage_customers")),
    )
    op.create_index("ix_outage_customer_customer", "outage_customers", ["customer_id"], unique=False)

    id_type = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "notice_deliveries",
        sa.Column("id", id_type, nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("outage_id", sa.Integer(), nullable=False),
        sa.Column("customer_ref", sa.String(length=80), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("lang", sa.String(length=4), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("claimed_by", sa.String(length=80), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('queued', 'sent', 'failed')", name=op.f("ck_notice_deliveries_status_known")),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_notice_deliveries_attempts_nonneg")),
        sa.ForeignKeyConstraint(["notice_id"], ["customer_notices.id"],
                                name=op.f("fk_notice_deliveries_notice_id_customer_notices"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["outage_id"], ["outages.id"],
                                name=op.f("fk_notice_deliveries_outage_id_outages"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_deliveries")),
    )
    op.create_index("ix_delivery_due", "notice_deliveries", ["status", "next_attempt_at"], unique=False)
    op.create_index("ix_delivery_notice", "notice_deliveries", ["notice_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_delivery_notice", table_name="notice_deliveries")
    op.drop_index("ix_delivery_due", table_name="notice_deliveries")
    op.drop_table("notice_deliveries")
    op.drop_index("ix_outage_customer_customer", table_name="outage_customers")
    op.drop_table("outage_customers")
    op.drop_table("outage_nodes")
    op.drop_index("ix_customer_node", table_name="customers")
    op.drop_table("customers")
    with op.batch_alter_table("outages") as batch_op:
        batch_op.drop_column("affect_area")
        batch_op.drop_column("affect_radius_km")
