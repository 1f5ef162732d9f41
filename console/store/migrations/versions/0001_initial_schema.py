"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('who', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=80), nullable=False),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('change_feed',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_feed')),
    sqlite_autoincrement=True
    )
    op.create_table('depots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('always_open', sa.Boolean(), nullable=False),
    sa.Column('opening_hours', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_depots')),
    sa.UniqueConstraint('name', name=op.f('uq_depots_name'))
    )
    op.create_table('materials',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_materials'))
    )
    op.create_table('outages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('cause', sa.String(length=32), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('area', sa.String(length=200), nullable=False),
    sa.Column('customers_affected', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('restored_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('customers_told_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('untold_change_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('customers_affected >= 0', name=op.f('ck_outages_customers_nonneg')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outages'))
    )
    with op.batch_alter_table('outages', schema=None) as batch_op:
        batch_op.create_index('ix_outage_status', ['status'], unique=False)

    op.create_table('settings',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('shift_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shift_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shift_notes'))
    )
    op.create_table('customer_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outage_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('lang', sa.String(length=4), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['outage_id'], ['outages.id'], name=op.f('fk_customer_notices_outage_id_outages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_notices'))
    )
    with op.batch_alter_table('customer_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_notices_outage_id'), ['outage_id'], unique=False)

    op.create_table('depot_stock',
    sa.Column('depot_id', sa.Integer(), nullable=False),
    sa.Column('material_code', sa.String(length=40), nullable=False),
    sa.Column('quantity', sa.Float(), nullable=False),
    sa.Column('reserved', sa.Float(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity >= 0', name=op.f('ck_depot_stock_quantity_nonneg')),
    sa.CheckConstraint('reserved >= 0 AND reserved <= quantity', name=op.f('ck_depot_stock_reserved_valid')),
    sa.ForeignKeyConstraint(['depot_id'], ['depots.id'], name=op.f('fk_depot_stock_depot_id_depots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['material_code'], ['materials.code'], name=op.f('fk_depot_stock_material_code_materials')),
    sa.PrimaryKeyConstraint('depot_id', 'material_code', name=op.f('pk_depot_stock'))
    )
    op.create_table('eta_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outage_id', sa.Integer(), nullable=False),
    sa.Column('eta', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('customers_told', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['outage_id'], ['outages.id'], name=op.f('fk_eta_revisions_outage_id_outages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eta_revisions'))
    )
    with op.batch_alter_table('eta_revisions', schema=None) as batch_op:
        batch_op.create_index('ix_eta_outage', ['outage_id', 'id'], unique=False)

    op.create_table('loaner_routers',
    sa.Column('serial', sa.String(length=40), nullable=False),
    sa.Column('model', sa.String(length=80), nullable=False),
    sa.Column('depot_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['depot_id'], ['depots.id'], name=op.f('fk_loaner_routers_depot_id_depots')),
    sa.PrimaryKeyConstraint('serial', name=op.f('pk_loaner_routers'))
    )
    op.create_table('outage_materials',
    sa.Column('outage_id', sa.Integer(), nullable=False),
    sa.Column('material_code', sa.String(length=40), nullable=False),
    sa.Column('quantity', sa.Float(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_outage_materials_quantity_pos')),
    sa.ForeignKeyConstraint(['material_code'], ['materials.code'], name=op.f('fk_outage_materials_material_code_materials')),
    sa.ForeignKeyConstraint(['outage_id'], ['outages.id'], name=op.f('fk_outage_materials_outage_id_outages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('outage_id', 'material_code', name=op.f('pk_outage_materials'))
    )
    op.create_table('technicians',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('vehicle', sa.String(length=40), nullable=False),
    sa.Column('home_depot_id', sa.Integer(), nullable=True),
    sa.Column('on_duty', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('device_id', sa.String(length=80), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('fix_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['home_depot_id'], ['depots.id'], name=op.f('fk_technicians_home_depot_id_depots')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_technicians')),
    sa.UniqueConstraint('device_id', name=op.f('uq_technicians_device_id'))
    )
    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outage_id', sa.Integer(), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('assigned_by', sa.String(length=80), nullable=False),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['outage_id'], ['outages.id'], name=op.f('fk_assignments_outage_id_outages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['technician_id'], ['technicians.id'], name=op.f('fk_assignments_technician_id_technicians'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments'))
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index('ix_assignment_open', ['outage_id', 'released_at'], unique=False)

    op.create_table('loans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('router_serial', sa.String(length=40), nullable=False),
    sa.Column('outage_id', sa.Integer(), nullable=False),
    sa.Column('customer_ref', sa.String(length=80), nullable=False),
    sa.Column('lent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lent_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['outage_id'], ['outages.id'], name=op.f('fk_loans_outage_id_outages')),
    sa.ForeignKeyConstraint(['router_serial'], ['loaner_routers.serial'], name=op.f('fk_loans_router_serial_loaner_routers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loans'))
    )
    with op.batch_alter_table('loans', schema=None) as batch_op:
        batch_op.create_index('ix_loan_router_open', ['router_serial', 'returned_at'], unique=False)

    op.create_table('position_fixes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=False),
    sa.Column('fixed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('speed_kmh', sa.Float(), nullable=True),
    sa.Column('heading', sa.Float(), nullable=True),
    sa.Column('accuracy_m', sa.Float(), nullable=True),
    sa.Column('altitude', sa.Float(), nullable=True),
    sa.Column('battery', sa.Float(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['technician_id'], ['technicians.id'], name=op.f('fk_position_fixes_technician_id_technicians'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_position_fixes'))
    )
    with op.batch_alter_table('position_fixes', schema=None) as batch_op:
        batch_op.create_index('ix_fix_tech_time', ['technician_id', 'fixed_at'], unique=False)

    op.create_table('restock_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outage_id', sa.Integer(), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=False),
    sa.Column('source_kind', sa.String(length=16), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('source_name', sa.String(length=120), nullable=False),
    sa.Column('items', sa.Text(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expected_arrival', sa.DateTime(timezone=True), nullable=False),
    sa.Column('minutes_extra', sa.Float(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['outage_id'], ['outages.id'], name=op.f('fk_restock_runs_outage_id_outages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['technician_id'], ['technicians.id'], name=op.f('fk_restock_runs_technician_id_technicians')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restock_runs'))
    )
    op.create_table('van_stock',
    sa.Column('technician_id', sa.Integer(), nullable=False),
    sa.Column('material_code', sa.String(length=40), nullable=False),
    sa.Column('quantity', sa.Float(), nullable=False),
    sa.Column('reserved', sa.Float(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity >= 0', name=op.f('ck_van_stock_quantity_nonneg')),
    sa.CheckConstraint('reserved >= 0 AND reserved <= quantity', name=op.f('ck_van_stock_reserved_valid')),
    sa.ForeignKeyConstraint(['material_code'], ['materials.code'], name=op.f('fk_van_stock_material_code_materials')),
    sa.ForeignKeyConstraint(['technician_id'], ['technicians.id'], name=op.f('fk_van_stock_technician_id_technicians'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('technician_id', 'material_code', name=op.f('pk_van_stock'))
    )


def downgrade() -> None:
    op.drop_table('van_stock')
    op.drop_table('restock_runs')
    with op.batch_alter_table('position_fixes', schema=None) as batch_op:
        batch_op.drop_index('ix_fix_tech_time')

    op.drop_table('position_fixes')
    with op.batch_alter_table('loans', schema=None) as batch_op:
        batch_op.drop_index('ix_loan_router_open')

    op.drop_table('loans')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_open')

    op.drop_table('assignments')
    op.drop_table('technicians')
    op.drop_table('outage_materials')
    op.drop_table('loaner_routers')
    with op.batch_alter_table('eta_revisions', schema=None) as batch_op:
        batch_op.drop_index('ix_eta_outage')

    op.drop_table('eta_revisions')
    op.drop_table('depot_stock')
    with op.batch_alter_table('customer_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_notices_outage_id'))

    op.drop_table('customer_notices')
    op.drop_table('shift_notes')
    op.drop_table('settings')
    with op.batch_alter_table('outages', schema=None) as batch_op:
        batch_op.drop_index('ix_outage_status')

    op.drop_table('outages')
    op.drop_table('materials')
    op.drop_table('depots')
    op.drop_table('change_feed')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entity')

    op.drop_table('audit_log')
