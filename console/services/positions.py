"""Technician positions: storing fixes from phones and track files, and reading tracks back.

Fixes arrive as any object with the attributes of console.feeds.fix.PositionFix (device_id,
fixed_at, lat, lon, speed_kmh, heading, altitude, accuracy_m, battery, source); the feeds sit
above this layer, so it reads them by attribute rather than importing their type.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Protocol

from sqlalchemy import delete, func, select
from sqlalchemy import exc as sa_exc

from console.domain.errors import NotFound, ValidationError
from console.domain.vocabulary import N_
from console.domain.geo import check_coordinates
from console.store.schema import PositionFix, Technician, UnregisteredFix

from .uow import Db, UnitOfWork


class FixLike(Protocol):
    device_id: str
    fixed_at: datetime
    lat: float
    lon: float
    speed_kmh: float | None
    heading: float | None
    altitude: float | None
    accuracy_m: float | None
    battery: float | None
    source: str


# Fixes kept from phones no technician has yet: a day of one a minute per phone, a few dozen phones
# (a new crew's first shift), and no more in all, so a stranger's phone cannot fill the database.
MAX_UNREGISTERED_PER_DEVICE = 2000
MAX_UNREGISTERED_DEVICES = 50
MAX_UNREGISTERED_TOTAL = 20_000


@dataclass(frozen=True)
class StoredFix:
    technician_id: int | None  # None: the device is not linked to a technician
    moved: bool  # False when a late, older fix arrived: stored, but the position stays
    duplicate: bool = False  # this device's fix at this time was stored already; nothing new
    kept: bool = True  # False: an unlinked device beyond the bounds above; the fix is dropped

    @property
    def unregistered(self) -> bool:
        return self.technician_id is None


@dataclass(frozen=True)
class UnregisteredDevice:
    device_id: str
    fixes: int
    first_at: datetime
    last_at: datetime
    lat: float  # the newest fix, by its own time
    lon: float


@dataclass(frozen=True)
class TrackPoint:
    fixed_at: datetime
    lat: float
    lon: float
    speed_kmh: float | None


@dataclass(frozen=True)
class ImportSummary:
    stored: int
    moved_technicians: int
    rejected: tuple[tuple[str, str], ...]  # (reference, reason)


def _fix_values(fix: FixLike) -> dict:
    return {"fixed_at": fix.fixed_at, "lat": fix.lat, "lon": fix.lon, "speed_kmh": fix.speed_kmh,
            "heading": fix.heading, "accuracy_m": fix.accuracy_m, "altitude": fix.altitude,
            "battery": fix.battery, "source": str(fix.source)}


def _move_to(uow: UnitOfWork, tech: Technician, fixed_at: datetime, lat: float, lon: float) -> bool:
    # Only the newest fix by its own timestamp moves the technician: a phone that was offline
    # uploads its backlog late, and those older points belong in the track, not on the map.
    if tech.fix_at is None or fixed_at > tech.fix_at:
        tech.lat, tech.lon, tech.fix_at = lat, lon, fixed_at
        uow.changed("technician", tech.id)
        return True
    return False


def _already_stored(session, tech_id: int, fixed_at: datetime) -> bool:
    return session.scalar(select(PositionFix.id).where(PositionFix.technician_id == tech_id,
                                                       PositionFix.fixed_at == fixed_at).limit(1)) is not None


def _store(uow: UnitOfWork, tech: Technician, fix: FixLike) -> bool | None:
    """True when the fix moved the technician, False when it only joined the track, None when
    this technician's fix at that time is stored already (a phone resending what it was unsure of)."""
    check_coordinates(fix.lat, fix.lon)
    if _already_stored(uow.session, tech.id, fix.fixed_at):
        return None
    try:
        # A savepoint: another receiver thread may store the same resent fix between check and insert.
        with uow.session.begin_nested():
            uow.session.add(PositionFix(technician_id=tech.id, received_at=uow.now, **_fix_values(fix)))
    except sa_exc.IntegrityError:
        return None
    return _move_to(uow, tech, fix.fixed_at, fix.lat, fix.lon)


def record_fix(db: Db, fix: FixLike) -> StoredFix:
    """Store one fix. A device no technician has is kept aside (bounded) until a dispatcher links it."""
    with db.unit() as uow:
        tech = uow.session.scalar(select(Technician).where(Technician.device_id == fix.device_id))
        if tech is None:
            return _keep_unregistered(uow, fix)
        moved = _store(uow, tech, fix)
        return StoredFix(tech.id, bool(moved), duplicate=moved is None)


def _keep_unregistered(uow: UnitOfWork, fix: FixLike) -> StoredFix:
    check_coordinates(fix.lat, fix.lon)
    session = uow.session
    device = fix.device_id
    if session.scalar(select(UnregisteredFix.id).where(UnregisteredFix.device_id == device,
                                                       UnregisteredFix.fixed_at == fix.fixed_at).limit(1)):
        return StoredFix(None, False, duplicate=True)
    held = session.scalar(select(func.count()).where(UnregisteredFix.device_id == device))
    total = session.scalar(select(func.count()).select_from(UnregisteredFix))
    if held == 0:
        devices = session.scalar(select(func.count(func.distinct(UnregisteredFix.device_id))))
        if devices >= MAX_UNREGISTERED_DEVICES or total >= MAX_UNREGISTERED_TOTAL:
            return StoredFix(None, False, kept=False)
    excess = max(held - MAX_UNREGISTERED_PER_DEVICE + 1, total - MAX_UNREGISTERED_TOTAL + 1, 0)
    if excess:
        # Keep the newest: they say where the phone is now; the oldest of a long backlog go first.
        oldest = select(UnregisteredFix.id).where(UnregisteredFix.device_id == device) \
            .order_by(UnregisteredFix.fixed_at).limit(excess)
        session.execute(delete(UnregisteredFix).where(UnregisteredFix.id.in_(oldest.scalar_subquery())))
    try:
        with session.begin_nested():
            session.add(UnregisteredFix(device_id=device, received_at=uow.now, **_fix_values(fix)))
    except sa_exc.IntegrityError:
        return StoredFix(None, False, duplicate=True)
    uow.changed("unregistered_device", device)
    return StoredFix(None, False)


def unregistered_devices(db: Db) -> list[UnregisteredDevice]:
    """Phones that report but belong to nobody, newest report first, each with its last position."""
    with db.read() as session:
        stats = session.execute(
            select(UnregisteredFix.device_id, func.count(), func.min(UnregisteredFix.fixed_at),
                   func.max(UnregisteredFix.fixed_at))
            .group_by(UnregisteredFix.device_id)
        ).all()
        result = []
        for device, count, first, last in stats:
            lat, lon = session.execute(
                select(UnregisteredFix.lat, UnregisteredFix.lon)
                .where(UnregisteredFix.device_id == device).order_by(UnregisteredFix.fixed_at.desc()).limit(1)
            ).one()
            result.append(UnregisteredDevice(device, count, _aware(first), _aware(last), lat, lon))
    return sorted(result, key=lambda d: d.last_at, reverse=True)


def _aware(value: datetime) -> datetime:
    from console.domain.timeutil import as_utc

    # Aggregates skip the column type, so SQLite hands back naive (UTC) times or even text.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return as_utc(value)


def adopt_unregistered(uow: UnitOfWork, tech: Technician) -> int:
    """Inside a unit that just gave `tech` its device: the device's kept fixes become its track
    (and the newest its position). Returns how many fixes were taken over."""
    kept = uow.session.scalars(select(UnregisteredFix).where(UnregisteredFix.device_id == tech.device_id)
                               .order_by(UnregisteredFix.fixed_at)).all()
    taken = 0
    for row in kept:
        if not _already_stored(uow.session, tech.id, row.fixed_at):
            uow.session.add(PositionFix(technician_id=tech.id, fixed_at=row.fixed_at, received_at=row.received_at,
                                        lat=row.lat, lon=row.lon, speed_kmh=row.speed_kmh, heading=row.heading,
                                        accuracy_m=row.accuracy_m, altitude=row.altitude, battery=row.battery,
                                        source=row.source))
            taken += 1
            _move_to(uow, tech, row.fixed_at, row.lat, row.lon)
        uow.session.delete(row)
    if kept:
        uow.changed("unregistered_device", tech.device_id)
    return taken


def _resolve(session, reference: str, cache: dict[str, Technician | None]) -> Technician | None:
    if reference in cache:
        return cache[reference]
    tech = session.scalar(select(Technician).where(Technician.device_id == reference))
    if tech is None and reference.isdigit():
        tech = session.get(Technician, int(reference))
    cache[reference] = tech
    return tech


def import_fixes(db: Db, items: Iterable[tuple[str, FixLike]]) -> ImportSummary:
    """Store imported fixes in one transaction. Each item is (technician reference, fix): the
    reference is a device id or a technician id. Fixes for unknown technicians are rejected."""
    rejected: list[tuple[str, str]] = []
    stored = 0
    moved: set[int] = set()
    with db.unit() as uow:
        cache: dict[str, Technician | None] = {}
        for reference, fix in items:
            tech = _resolve(uow.session, str(reference), cache)
            if tech is None:
                rejected.append((str(reference), f"no technician or device {reference!r}"))
                continue
            outcome = _store(uow, tech, fix)
            if outcome is None:
                continue  # imported before
            if outcome:
                moved.add(tech.id)
            stored += 1
        if stored:
            uow.audit("import", "positions", "file", None, {"stored": stored, "rejected": len(rejected)})
    return ImportSummary(stored, len(moved), tuple(rejected))


def track(db: Db, technician_id: int, hours: float = 4.0, until: datetime | None = None) -> list[TrackPoint]:
    if not (isinstance(hours, (int, float)) and 0 < hours <= 24 * 14):  # NaN fails both comparisons
        raise ValidationError.of(N_("a track covers 0 to 336 hours, not {hours}"), hours=hours)
    with db.read() as session:
        tech = session.get(Technician, technician_id)
        if tech is None:
            raise NotFound.of(N_("no technician with id {technician_id}"), technician_id=technician_id)
        end = until or tech.fix_at
        if end is None:
            return []
        rows = session.execute(
            select(PositionFix.fixed_at, PositionFix.lat, PositionFix.lon, PositionFix.speed_kmh)
            .where(PositionFix.technician_id == technician_id,
                   PositionFix.fixed_at >= end - timedelta(hours=hours), PositionFix.fixed_at <= end)
            .order_by(PositionFix.fixed_at)
        ).all()
    return [TrackPoint(*row) for row in rows]
