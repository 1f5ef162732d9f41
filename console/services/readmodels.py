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
    # The shared setting in force when this view was read: a gap longer than this is flagged.
    info_gap_minutes: int = 60
    # The first dark stretch of the work window (now to the ETA, else the usual repair time), as of
    # `as_of`; None when the work ends in daylight or the outage is closed (services/darkness.py).
    dark_from: datetime | None = None
    dark_until: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status not in ("restored", "cancelled")

    @property
    def minutes_since_customers_told(self) -> int | None:
        """Customers count as untold from the first change after the last notice, else the notice,
        else the start. Closed outages have no information gap."""
        return self.untold_minutes_at(self.as_of)

    @property
    def untold_since(self) -> datetime | None:
        """Customers count as untold from the first change after the last notice, else the notice,
        else the start. Closed outages have no information gap."""
        if not self.is_open:
            return None
        if self.untold_change_at is not None:
            return self.untold_change_at
        if self.customers_told_at is not None:
            return self.customers_told_at
        return self.started_at

    def untold_minutes_at(self, now: datetime) -> int | None:
        since = self.untold_since
        return None if since is None else max(0, int((now - since).total_seconds() // 60))

    def info_gap_at(self, now: datetime) -> bool:
        """Customers have waited longer than the shared threshold for news."""
        minutes = self.untold_minutes_at(now)
        return minutes is not None and minutes > self.info_gap_minutes

    @property
    def eta_overdue(self) -> bool:
        return self.eta_overdue_at(self.as_of)

    def eta_overdue_at(self, now: datetime) -> bool:
        return self.is_open and self.current_eta is not None and self.current_eta < now

    @property
    def runs_into_darkness(self) -> bool:
        return self.dark_from is not None

    def dark_at(self, now: datetime) -> bool:
        """Work still ahead runs into the dark stretch found at reading time."""
        return self.is_open and self.dark_until is not None and self.dark_until > now

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
            "untold_since": iso_local(self.untold_since),
            "info_gap": self.info_gap_at(self.as_of),
            "eta_overdue": self.eta_overdue,
            "dark_from": iso_local(self.dark_from),
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
    # Facts as of `as_of` (services/facts.py): the shared stale threshold and what the van lacks
    # for the current job (its bill, plus lighting when the work runs into darkness).
    as_of: datetime | None = None
    stale_after_minutes: int = 10
    shortage: tuple = ()  # of facts.ShortageLine

    @property
    def position_age_minutes(self) -> int | None:
        return self.position_age_at(self.as_of) if self.as_of is not None else None

    def position_age_at(self, now: datetime) -> int | None:
        return None if self.fix_at is None else max(0, int((now - self.fix_at).total_seconds() // 60))

    def position_stale_at(self, now: datetime) -> bool:
        """No fix at all counts as stale: nobody knows where that van is."""
        age = self.position_age_at(now)
        return age is None or age > self.stale_after_minutes

    @property
    def position_stale(self) -> bool:
        return self.position_stale_at(self.as_of) if self.as_of is not None else self.fix_at is None

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
            "position_age_minutes": self.position_age_minutes,
            "position_stale": self.position_stale,
            "shortage": [line.as_json() for line in self.shortage],
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
