"""Technician positions: storing fixes from phones and track files, and reading tracks back.

Fixes arrive as any object with the attributes of console.feeds.fix.PositionFix (device_id,
fixed_at, lat, lon, speed_kmh, heading, altitude, accuracy_m, battery, source); the feeds sit
above this layer, so it reads them by attribute rather than importing their type.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Protocol

from sqlalchemy import select

from console.domain.errors import NotFound, ValidationError
from console.domain.geo import check_coordinates
from console.store.schema import PositionFix, Technician

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


@dataclass(frozen=True)
class StoredFix:
    technician_id: int
    moved: bool  # False when a late, older fix arrived: stored, but the position stays


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


def _store(uow: UnitOfWork, tech: Technician, fix: FixLike) -> bool:
    check_coordinates(fix.lat, fix.lon)
    uow.session.add(
        PositionFix(technician_id=tech.id, fixed_at=fix.fixed_at, received_at=uow.now, lat=fix.lat, lon=fix.lon,
                    speed_kmh=fix.speed_kmh, heading=fix.heading, accuracy_m=fix.accuracy_m,
                    altitude=fix.altitude, battery=fix.battery, source=str(fix.source))
    )
    # Only the newest fix by its own timestamp moves the technician: a phone that was offline
    # uploads its backlog late, and those older points belong in the track, not on the map.
    if tech.fix_at is None or fix.fixed_at > tech.fix_at:
        tech.lat, tech.lon, tech.fix_at = fix.lat, fix.lon, fix.fixed_at
        uow.changed("technician", tech.id)
        return True
    return False


def record_fix(db: Db, fix: FixLike) -> StoredFix:
    """Store one fix from a registered device; an unknown device raises NotFound and stores nothing."""
    with db.unit() as uow:
        tech = uow.session.scalar(select(Technician).where(Technician.device_id == fix.device_id))
        if tech is None:
            raise NotFound(f"unknown device {fix.device_id!r}")
        moved = _store(uow, tech, fix)
        return StoredFix(tech.id, moved)


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
            if _store(uow, tech, fix):
                moved.add(tech.id)
            stored += 1
        if stored:
            uow.audit("import", "positions", "file", None, {"stored": stored, "rejected": len(rejected)})
    return ImportSummary(stored, len(moved), tuple(rejected))


def track(db: Db, technician_id: int, hours: float = 4.0, until: datetime | None = None) -> list[TrackPoint]:
    if hours <= 0 or hours > 24 * 14:
        raise ValidationError(f"a track covers 0 to 336 hours, not {hours}")
    with db.read() as session:
        tech = session.get(Technician, technician_id)
        if tech is None:
            raise NotFound(f"no technician with id {technician_id}")
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
