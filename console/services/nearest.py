"""Whom to send: on-duty technicians ranked by their drive to one outage, with what would stop them.

The assign dialog and `technicians nearest` read the same list, so the window and the command
line never rank or judge "free to go" differently.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from console.domain.enums import TechnicianStatus
from console.domain.timeutil import utcnow
from console.store.schema import Outage

from . import facts
from .outages import load_outage
from .queries import technician_views
from .readmodels import TechnicianView
from .settings import read_settings
from .travel import drive_times_in, provider_in
from .uow import Db


@dataclass(frozen=True)
class Candidate:
    technician: TechnicianView
    minutes: float | None  # None: no position, so no drive time
    lacks: tuple[facts.ShortageLine, ...]  # what the van lacks for *this* job
    busy_with: int | None  # the open outage they are on now, if any
    busy_customers: int | None

    @property
    def free_to_go(self) -> bool:
        return self.technician.status == TechnicianStatus.AVAILABLE.value and self.busy_with is None

    def as_json(self) -> dict:
        t = self.technician
        return {
            "id": t.id, "name": t.name, "status": t.status, "minutes": None if self.minutes is None
            else round(self.minutes, 1), "free_to_go": self.free_to_go,
            "position_age_minutes": t.position_age_minutes, "position_stale": t.position_stale,
            "busy_with_outage": self.busy_with, "busy_customers": self.busy_customers,
            "lacks": [line.as_json() | {"name": line.name} for line in self.lacks],
        }


@dataclass(frozen=True)
class Nearest:
    outage_id: int
    candidates: tuple[Candidate, ...]  # free to go first, then by drive time
    travel_source: str
    estimated: bool
    note: str


def nearest_technicians(db: Db, outage_id: int, available_only: bool = False) -> Nearest:
    """Runs in a worker in the window: the drive times may come from a routing server."""
    now = utcnow()
    with db.read() as session:
        outage = load_outage(session, outage_id)
        drive = drive_times_in(session, outage, provider_in(session))
        views = [v for v in technician_views(session, now=now) if v.on_duty and v.outage_id != outage_id]
        repair = read_settings(session).eta_settings.repair_for
        need = facts.job_requirements(session, [outage], now, repair)[outage_id].required
        names = facts.material_names(session)
        busy = {v.outage_id for v in views if v.outage_id is not None}
        customers = dict(session.execute(select(Outage.id, Outage.customers_affected)
                                         .where(Outage.id.in_(busy))).all()) if busy else {}
    minutes = dict(drive.minutes)
    found = []
    for view in views:
        candidate = Candidate(
            technician=view, minutes=minutes.get(view.id),
            lacks=facts.shortage_lines(facts.van_shortage(need, view.van_stock), names),
            busy_with=view.outage_id, busy_customers=customers.get(view.outage_id))
        if candidate.free_to_go or not available_only:
            found.append(candidate)
    found.sort(key=lambda c: (not c.free_to_go, c.minutes is None, c.minutes or 0.0, c.technician.name))
    return Nearest(outage_id, tuple(found), drive.source, drive.estimated, drive.note)
