"""fixes stored once, unregistered devices' fixes, the database login on the ledger and audit rows

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Set by the server on every insert, so a client cannot name another login (PostgreSQL only;
# SQLite has no logins and the console records the operating-system user).
_PG_DB_ROLE = """
CREATE OR REPLACE FUNCTION dispatch_set_db_role() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.db_role := session_user;
    RETURN NEW;
END $$;
"""


def upgrade() -> None:
    bind = op.get_bind()
    # A resent fix used to be stored again; keep the first copy before the index forbids repeats.
    op.execute(
        "DELETE FROM position_fixes WHERE id NOT IN "
        "(SELECT MIN(id) FROM position_fixes GROUP BY technician_id, fixed_at)"
    )
    op.drop_index("ix_fix_tech_time", table_name="position_fixes")
    op.create_index("ix_fix_tech_time", "position_fixes", ["technician_id", "fixed_at"], unique=True)

    id_type = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "unregistered_fixes",
        sa.Column("id", id_type, primary_key=True),
        sa.Column("device_id", sa.String(128), nullable=False),
        sa.Column("fixed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("speed_kmh", sa.Float(), nullable=True),
        sa.Column("heading", sa.Float(), nullable=True),
        sa.Column("accuracy_m", sa.Float(), nullable=True),
        sa.Column("altitude", sa.Float(), nullable=True),
        sa.Column("battery", sa.Float(), nullable=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unregistered_fixes")),
    )
    op.create_index("ix_unregistered_device_time", "unregistered_fixes", ["device_id", "fixed_at"], unique=True)

    for table in ("eta_revisions", "audit_log"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("db_role", sa.String(80), nullable=True))
    if bind.dialect.name == "postgresql":
        op.execute(_PG_DB_ROLE)
        for table in ("eta_revisions", "audit_log"):
            op.execute(f"CREATE TRIGGER {table}_db_role BEFORE INSERT ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION dispatch_set_db_role()")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in ("eta_revisions", "audit_log"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_db_role ON {table}")
        op.execute("DROP FUNCTION IF EXISTS dispatch_set_db_role()")
    for table in ("eta_revisions", "audit_log"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("db_role")
    op.drop_index("ix_unregistered_device_time", table_name="unregistered_fixes")
    op.drop_table("unregistered_fixes")
    op.drop_index("ix_fix_tech_time", table_name="position_fixes")
    op.create_index("ix_fix_tech_time", "position_fixes", ["technician_id", "fixed_at"])
