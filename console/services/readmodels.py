"""Frozen read models: what services hand to the UI, the CLI and the reports (never ORM objects)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from console.domain.hours import ALWAYS_OPEN, OpeningHours
from console.domain.timeutil import iso_local


@dataclass(frozen=True)
class EtaRevisionView:
    id: int
    outage_id: int
    eta: datetime
    recorded_at: datetime
    recorded_by: str
    reason: str
    note: str
    customers_told: bool

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "outage_id": self.outage_id,
            "eta": iso_local(self.eta),
            "recorded_at": iso_local(self.recorded_at),
            "recorded_by": self.recorded_by,
            "reason": self.reason,
            "note": self.note,
            "customers_told": self.customers_told,
        }


@dataclass(frozen=True)
class OutageView:
    id: int
    title: str
    lat: float
    lon: float
    status: str
    cause: str
    area: str
    customers_affected: int
    started_at: datetime
    restored_at: datetime | None
    current_eta: datetime | None
    first_eta: datetime | None
    eta_revisions: int
    customers_told_at: datetime | None
    untold_change_at: datetime | None
    technician_ids: tuple[int, ...]
    technician_names: tuple[str, ...]
    version: int
    as_of: datetime

    @property
    def is_open(self) -> bool:
        return self.status not in ("restored", "cancelled")

    @property
    def minutes_since_customers_told(self) -> int | None:
        """Customers count as untold from the first change after the last notice, else the notice,
        else the start. Closed outages have no information gap."""
        if not self.is_open:
            return None
        if self.untold_change_at is not None:
            since = self.untold_change_at
        elif self.customers_told_at is not None:
            since = self.customers_told_at
        else:
            since = self.started_at
        return max(0, int((self.as_of - since).total_seconds() // 60))

    @property
    def eta_overdue(self) -> bool:
        return self.is_open and self.current_eta is not None and self.current_eta < self.as_of

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "lat": self.lat,
            "lon": self.lon,
            "status": self.status,
            "cause": self.cause,
            "area": self.area,
            "customers_affected": self.customers_affected,
            "started_at": iso_local(self.started_at),
            "current_eta": iso_local(self.current_eta),
            "restored_at": iso_local(self.restored_at),
            "eta_revisions": self.eta_revisions,
            "technician_ids": list(self.technician_ids),
            "customers_told_at": iso_local(self.customers_told_at),
            "minutes_since_customers_told": self.minutes_since_customers_told,
            "version": self.version,
        }


@dataclass(frozen=True)
class StockLine:
    material: str
    name: str
    unit: str
    quantity: float
    reserved: float

    @property
    def available(self) -> float:
        return self.quantity - self.reserved


@dataclass(frozen=True)
class TechnicianView:
    id: int
    name: str
    phone: str
    vehicle: str
    device_id: str | None
    lat: float | None
    lon: float | None
    fix_at: datetime | None
    status: str
    on_duty: bool
    home_depot_id: int | None
    outage_id: int | None
    version: int
    van_stock: tuple[StockLine, ...] = field(default_factory=tuple)

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "device_id": self.device_id,
            "lat": self.lat,
            "lon": self.lon,
            "fix_at": iso_local(self.fix_at),
            "status": self.status,
            "on_duty": self.on_duty,
            "phone": self.phone,
            "vehicle": self.vehicle,
            "outage_id": self.outage_id,
        }


@dataclass(frozen=True)
class DepotView:
    id: int
    name: str
    lat: float
    lon: float
    address: str
    always_open: bool
    opening_hours: dict[int, tuple[str, str]]
    stock: tuple[StockLine, ...] = field(default_factory=tuple)

    @property
    def hours(self) -> OpeningHours:
        """The weekly hours as the domain judges them (overnight spans included)."""
        return ALWAYS_OPEN if self.always_open else OpeningHours.from_text(self.opening_hours)

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "address": self.address,
            "always_open": self.always_open,
            "stock": {s.material: s.available for s in self.stock},
        }
