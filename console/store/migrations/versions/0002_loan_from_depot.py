"""loans remember the depot a router was lent from

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Loans made before this revision keep NULL: their return falls back to the router's depot,
    # else the depot nearest the outage.
    with op.batch_alter_table("loans") as batch_op:
        batch_op.add_column(sa.Column("from_depot_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f("fk_loans_from_depot_id_depots"), "depots", ["from_depot_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("loans") as batch_op:
        batch_op.drop_constraint(op.f("fk_loans_from_depot_id_depots"), type_="foreignkey")
        batch_op.drop_column("from_depot_id")
