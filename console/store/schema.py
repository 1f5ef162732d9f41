"""The dispatch database: SQLAlchemy 2 typed ORM.

Times are stored as UTC. Records a dispatcher edits carry a `version` column (mapped as
version_id_col) that SQLAlchemy checks on every UPDATE (optimistic concurrency: a stale write raises StaleDataError).
ETA revisions, audit rows and change-feed rows are append-only.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in and out, on SQLite (which has no zones) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use aware UTC")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}


class Depot(Base):
    __tablename__ = "depots"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    address: Mapped[str] = mapped_column(String(200), default="")
    always_open: Mapped[bool] = mapped_column(Boolean, default=False)
    # JSON text: {"0": ["07:00", "16:00"], ...} keyed by ISO weekday-1 (Monday = 0), local time.
    opening_hours: Mapped[str] = mapped_column(Text, default="{}")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
    stock: Mapped[list[DepotStock]] = relationship(back_populates="depot", cascade="all, delete-orphan")


class Material(Base):
    __tablename__ = "materials"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(16), default="pcs")


class DepotStock(Base):
    __tablename__ = "depot_stock"
    __table_args__ = (
        CheckConstraint("quantity >= 0", name="quantity_nonneg"),
        CheckConstraint("reserved >= 0 AND reserved <= quantity", name="reserved_valid"),
    )
    depot_id: Mapped[int] = mapped_column(ForeignKey("depots.id", ondelete="CASCADE"), primary_key=True)
    material_code: Mapped[str] = mapped_column(ForeignKey("materials.code"), primary_key=True)
    quantity: Mapped[float] = mapped_column(Float, default=0)
    reserved: Mapped[float] = mapped_column(Float, default=0)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
    depot: Mapped[Depot] = relationship(back_populates="stock")


class Technician(Base):
    __tablename__ = "technicians"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(40), default="")
    vehicle: Mapped[str] = mapped_column(String(40), default="")
    home_depot_id: Mapped[int | None] = mapped_column(ForeignKey("depots.id"), nullable=True)
    on_duty: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(24), default="available")
    device_id: Mapped[str | None] = mapped_column(String(80), unique=True, nullable=True)
    # Denormalised newest fix (by fix time, not arrival time) so the board never scans the fixes table.
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    fix_at: Mapped[datetime | None] = mapped_column(nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
    van_stock: Mapped[list[VanStock]] = relationship(back_populates="technician", cascade="all, delete-orphan")


class _FixColumns:
    """What a phone reports with each fix; kept alike for registered and unregistered devices."""

    fixed_at: Mapped[datetime]
    received_at: Mapped[datetime]
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    speed_kmh: Mapped[float | None] = mapped_column(Float, nullable=True)
    heading: Mapped[float | None] = mapped_column(Float, nullable=True)
    accuracy_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    altitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    battery: Mapped[float | None] = mapped_column(Float, nullable=True)
    source: Mapped[str] = mapped_column(String(16))


class PositionFix(_FixColumns, Base):
    __tablename__ = "position_fixes"
    # Unique: a phone that resends a fix it was not sure got through must not store it twice.
    __table_args__ = (Index("ix_fix_tech_time", "technician_id", "fixed_at", unique=True),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id", ondelete="CASCADE"))


class UnregisteredFix(_FixColumns, Base):
    """Fixes from a phone no technician has yet; linking the device makes them the technician's track.

    Kept bounded (console.services.positions): a stranger's phone must not fill the database.
    """

    __tablename__ = "unregistered_fixes"
    __table_args__ = (Index("ix_unregistered_device_time", "device_id", "fixed_at", unique=True),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(128))


class VanStock(Base):
    __tablename__ = "van_stock"
    __table_args__ = (
        CheckConstraint("quantity >= 0", name="quantity_nonneg"),
        CheckConstraint("reserved >= 0 AND reserved <= quantity", name="reserved_valid"),
    )
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id", ondelete="CASCADE"), primary_key=True)
    material_code: Mapped[str] = mapped_column(ForeignKey("materials.code"), primary_key=True)
    quantity: Mapped[float] = mapped_column(Float, default=0)
    reserved: Mapped[float] = mapped_column(Float, default=0)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
    technician: Mapped[Technician] = relationship(back_populates="van_stock")


class Outage(Base):
    __tablename__ = "outages"
    __table_args__ = (
        CheckConstraint("customers_affected >= 0", name="customers_nonneg"),
        Index("ix_outage_status", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    cause: Mapped[str] = mapped_column(String(32), default="unknown")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    area: Mapped[str] = mapped_column(String(200), default="")
    customers_affected: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(32), default="reported")
    started_at: Mapped[datetime]
    restored_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # When customers were last told, and the first change since then they were not told about.
    customers_told_at: Mapped[datetime | None] = mapped_column(nullable=True)
    untold_change_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Where the register has no node for a premises: customers within this radius of the outage,
    # or inside this polygon (JSON [[lat, lon], ...], drawn on the map), are affected too.
    affect_radius_km: Mapped[float | None] = mapped_column(Float, nullable=True)
    affect_area: Mapped[str | None] = mapped_column(Text, nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
    eta_revisions: Mapped[list[EtaRevision]] = relationship(
        back_populates="outage", order_by="EtaRevision.id", cascade="all, delete-orphan"
    )
    needs: Mapped[list[OutageMaterial]] = relationship(cascade="all, delete-orphan")


class OutageMaterial(Base):
    """The bill of materials for one job (defaults by cause, editable per outage)."""

    __tablename__ = "outage_materials"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_pos"),)
    outage_id: Mapped[int] = mapped_column(ForeignKey("outages.id", ondelete="CASCADE"), primary_key=True)
    material_code: Mapped[str] = mapped_column(ForeignKey("materials.code"), primary_key=True)
    quantity: Mapped[float] = mapped_column(Float)


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignment_open", "outage_id", "released_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    outage_id: Mapped[int] = mapped_column(ForeignKey("outages.id", ondelete="CASCADE"))
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id", ondelete="CASCADE"))
    assigned_at: Mapped[datetime]
    assigned_by: Mapped[str] = mapped_column(String(80))
    released_at: Mapped[datetime | None] = mapped_column(nullable=True)


class EtaRevision(Base):
    """Append-only: the current ETA of an outage is its revision with the highest id."""

    __tablename__ = "eta_revisions"
    __table_args__ = (Index("ix_eta_outage", "outage_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    outage_id: Mapped[int] = mapped_column(ForeignKey("outages.id", ondelete="CASCADE"))
    eta: Mapped[datetime]
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(80))
    # The database login that wrote the row: on PostgreSQL set by the server (a trigger reading
    # session_user), whatever the client sends; on SQLite the operating-system user.
    db_role: Mapped[str | None] = mapped_column(String(80), nullable=True)
    reason: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    customers_told: Mapped[bool] = mapped_column(Boolean, default=False)
    outage: Mapped[Outage] = relationship(back_populates="eta_revisions")


class CustomerNotice(Base):
    __tablename__ = "customer_notices"
    id: Mapped[int] = mapped_column(primary_key=True)
    outage_id: Mapped[int] = mapped_column(ForeignKey("outages.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(4), default="sv")
    text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime]
    sent_by: Mapped[str] = mapped_column(String(80))


class LoanerRouter(Base):
    __tablename__ = "loaner_routers"
    serial: Mapped[str] = mapped_column(String(40), primary_key=True)
    model: Mapped[str] = mapped_column(String(80), default="4G router")
    depot_id: Mapped[int | None] = mapped_column(ForeignKey("depots.id"), nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}


class Loan(Base):
    __tablename__ = "loans"
    __table_args__ = (Index("ix_loan_router_open", "router_serial", "returned_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    router_serial: Mapped[str] = mapped_column(ForeignKey("loaner_routers.serial"))
    outage_id: Mapped[int] = mapped_column(ForeignKey("outages.id"))
    customer_ref: Mapped[str] = mapped_column(String(80))
    # Where the router was taken from, so a return without a depot puts it back there.
    from_depot_id: Mapped[int | None] = mapped_column(ForeignKey("depots.id"), nullable=True)
    lent_at: Mapped[datetime]
    due_at: Mapped[datetime | None] = mapped_column(nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(nullable=True)
    lent_by: Mapped[str] = mapped_column(String(80))


class RestockRun(Base):
    __tablename__ = "restock_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    outage_id: Mapped[int] = mapped_column(ForeignKey("outages.id", ondelete="CASCADE"))
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id"))
    source_kind: Mapped[str] = mapped_column(String(16))  # "depot" | "technician"
    source_id: Mapped[int] = mapped_column(Integer)
    source_name: Mapped[str] = mapped_column(String(120))
    items: Mapped[str] = mapped_column(Text)  # JSON [{"material": code, "quantity": q}]
    started_at: Mapped[datetime]
    expected_arrival: Mapped[datetime]
    minutes_extra: Mapped[float] = mapped_column(Float, default=0)
    status: Mapped[str] = mapped_column(String(16), default="under_way")
    completed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}


class ShiftNote(Base):
    """Handover notes a dispatcher writes, kept with the shift they belong to."""

    __tablename__ = "shift_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    shift_start: Mapped[datetime]
    written_at: Mapped[datetime]
    written_by: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime]
    who: Mapped[str] = mapped_column(String(80))
    db_role: Mapped[str | None] = mapped_column(String(80), nullable=True)  # as EtaRevision.db_role
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(80))
    before: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON
    after: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON


class ChangeFeed(Base):
    """Monotonic feed of what changed, for consoles to reload only that (polled or NOTIFYed)."""

    __tablename__ = "change_feed"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(80))


class Setting(Base):
    """Operator-wide settings shared by every workstation (thresholds, repair times...)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class Customer(Base):
    """A premises the operator serves, from the customer register (`customers import`).

    `ref` is the operator's own customer number: re-importing updates by it. `node` is the access
    node or cabinet feeding the premises ("" when the register does not say).
    """

    __tablename__ = "customers"
    __table_args__ = (Index("ix_customer_node", "node"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    phone: Mapped[str] = mapped_column(String(16), default="")  # E.164, "" when none
    email: Mapped[str] = mapped_column(String(254), default="")
    lang: Mapped[str] = mapped_column(String(4), default="sv")
    node: Mapped[str] = mapped_column(String(80), default="")
    imported_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}


class OutageNode(Base):
    """A network node (access node, cabinet) an outage takes down."""

    __tablename__ = "outage_nodes"
    outage_id: Mapped[int] = mapped_column(ForeignKey("outages.id", ondelete="CASCADE"), primary_key=True)
    node: Mapped[str] = mapped_column(String(80), primary_key=True)


class OutageCustomer(Base):
    """Who an outage affects, resolved from its nodes, radius or area against the register.

    Kept current whenever the register or the outage's nodes, radius or area change, so the
    board, the count and the recipients of a notice are read, never recomputed on the way.
    """

    __tablename__ = "outage_customers"
    __table_args__ = (Index("ix_outage_customer_customer", "customer_id"),)
    outage_id: Mapped[int] = mapped_column(ForeignKey("outages.id", ondelete="CASCADE"), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)


class NoticeDelivery(Base):
    """The outbox: one row per recipient of a sent notice, delivered in the background.

    A console delivering a row holds it until `claimed_until` (a lease), so two workstations
    sharing the database never send the same message twice and a crashed one's rows are taken
    over when the lease runs out.
    """

    __tablename__ = "notice_deliveries"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'sent', 'failed')", name="status_known"),
        CheckConstraint("attempts >= 0", name="attempts_nonneg"),
        Index("ix_delivery_due", "status", "next_attempt_at"),
        Index("ix_delivery_notice", "notice_id"),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("customer_notices.id", ondelete="CASCADE"))
    outage_id: Mapped[int] = mapped_column(ForeignKey("outages.id", ondelete="CASCADE"))
    customer_ref: Mapped[str] = mapped_column(String(80))
    channel: Mapped[str] = mapped_column(String(16))  # "email" | "sms"
    address: Mapped[str] = mapped_column(String(254))  # the e-mail address or E.164 number used
    lang: Mapped[str] = mapped_column(String(4))
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime | None] = mapped_column(nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    claimed_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    claimed_until: Mapped[datetime | None] = mapped_column(nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}


class PastOutage(Base):
    """An outage restored before the console knew it, imported from the previous ticket system.

    Only history: it feeds the learned repair times and never appears among the outages.
    """

    __tablename__ = "past_outages"
    __table_args__ = (
        CheckConstraint("customers_affected >= 0", name="customers_nonneg"),
        CheckConstraint("restored_at >= started_at", name="restored_after_start"),
        Index("ix_past_outage_cause", "cause"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(80), unique=True)
    cause: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime]
    restored_at: Mapped[datetime]
    customers_affected: Mapped[int] = mapped_column(Integer, default=0)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    first_eta: Mapped[datetime | None] = mapped_column(nullable=True)
    imported_at: Mapped[datetime]
    imported_by: Mapped[str] = mapped_column(String(80))


__all__ = [
    "Base",
    "Depot",
    "Material",
    "DepotStock",
    "Technician",
    "PositionFix",
    "UnregisteredFix",
    "VanStock",
    "Outage",
    "OutageMaterial",
    "Assignment",
    "EtaRevision",
    "CustomerNotice",
    "LoanerRouter",
    "Loan",
    "RestockRun",
    "ShiftNote",
    "AuditEntry",
    "ChangeFeed",
    "Setting",
    "PastOutage",
    "Customer",
    "OutageNode",
    "OutageCustomer",
    "NoticeDelivery",
]


class Region(Base):
    """The imported OpenStreetMap extract: one row, the compact road graph and the basemap as blobs.
    In the database (not a file) so every workstation of a shared centre routes on the same roads."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(400))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    south: Mapped[float] = mapped_column(Float)
    west: Mapped[float] = mapped_column(Float)
    north: Mapped[float] = mapped_column(Float)
    east: Mapped[float] = mapped_column(Float)
    nodes: Mapped[int] = mapped_column(Integer)
    edges: Mapped[int] = mapped_column(Integer)
    graph: Mapped[bytes] = mapped_column(LargeBinary)  # numpy .npz: lat, lon, src, dst, seconds, metres
    basemap: Mapped[bytes] = mapped_column(LargeBinary)  # gzip'd GeoJSON: roads by class, water, places
