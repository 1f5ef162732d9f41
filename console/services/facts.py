"""Operational facts derived once, in bulk, from the domain rules and the shared settings.

Every presenter (window, map, CLI, handover, status page) reads these from the read models;
none recomputes them. A fact that moves with time is handed over as a timestamp (a deadline)
where it can be, so a presenter only compares it with the clock.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.domain.enums import OPEN_STATUSES
from console.domain.restock import default_bill_of_materials, shortage, with_lighting
from console.store.schema import EtaRevision, Material, Outage, OutageMaterial

from .darkness import DarknessCells, work_window_end


@dataclass(frozen=True)
class ShortageLine:
    material: str
    name: str
    unit: str
    quantity: int

    def as_json(self) -> dict:
        return {"material": self.material, "quantity": self.quantity}


@dataclass(frozen=True)
class JobRequirement:
    """What a job needs on the van: its bill of materials, plus lighting when the work runs into dark."""
    required: dict[str, int]
    runs_into_darkness: bool
    work_window_end: datetime


def _whole(value: float) -> int:
    # Stock columns are floats in the store; materials are counted in whole units (pcs, m).
    return int(round(value))


def bills_of_materials(session: Session, outages: Iterable[Outage]) -> dict[int, tuple[dict[str, int], bool]]:
    """Each job's bill: its own rows where the dispatcher set them, else the usual one for its cause."""
    outages = list(outages)
    if not outages:
        return {}
    rows: dict[int, dict[str, int]] = defaultdict(dict)
    for outage_id, code, qty in session.execute(
        select(OutageMaterial.outage_id, OutageMaterial.material_code, OutageMaterial.quantity)
        .where(OutageMaterial.outage_id.in_([o.id for o in outages]))
        .order_by(OutageMaterial.outage_id, OutageMaterial.material_code)
    ):
        rows[outage_id][code] = _whole(qty)
    return {o.id: (dict(rows[o.id]), False) if o.id in rows else (default_bill_of_materials(o.cause), True)
            for o in outages}


def current_etas(session: Session, outage_ids: Iterable[int]) -> dict[int, datetime]:
    """The newest revision of each outage's ETA, in one query (the ledger is append-only)."""
    ids = list(set(outage_ids))
    if not ids:
        return {}
    newest = (select(EtaRevision.outage_id, func.max(EtaRevision.id).label("rev"))
              .where(EtaRevision.outage_id.in_(ids)).group_by(EtaRevision.outage_id).subquery())
    return dict(session.execute(select(EtaRevision.outage_id, EtaRevision.eta)
                                .join(newest, newest.c.rev == EtaRevision.id)).all())


def job_requirements(session: Session, outages: Iterable[Outage], now: datetime,
                     repair_minutes) -> dict[int, JobRequirement]:
    """The work window runs to the current ETA, or (with none ahead) the usual repair time from now.

    `repair_minutes(cause) -> minutes` is the settings' repair time (EtaSettings.repair_for).
    """
    outages = list(outages)
    bills = bills_of_materials(session, outages)
    etas = current_etas(session, (o.id for o in outages))
    ends = {o.id: work_window_end(etas.get(o.id), o.cause, now, repair_minutes) for o in outages}
    cells = DarknessCells(now, max(ends.values(), default=now))
    found = {}
    for o in outages:
        end = ends[o.id]
        dark = cells.dark(o.lat, o.lon, end)
        bill, _default = bills[o.id]
        found[o.id] = JobRequirement(with_lighting(bill, dark), dark, end)
    return found


def van_shortage(required: dict[str, int], van: Iterable) -> dict[str, int]:
    """`van`: stock lines with material, quantity and reserved (the read model's StockLine)."""
    return shortage(required, {line.material: (_whole(line.quantity), _whole(line.reserved)) for line in van})


def van_shortages(session: Session, jobs: dict[int, int], vans: dict[int, Iterable], now: datetime,
                  repair_minutes) -> dict[int, tuple[ShortageLine, ...]]:
    """What each technician's van lacks for their job: `jobs` {technician: outage}, `vans`
    {technician: stock lines}. The shortage belongs to an open job: a technician whose job is
    restored or cancelled lacks nothing, whatever the van holds (the board, the technician
    table, the map and the handover all read this)."""
    open_jobs = session.scalars(select(Outage).where(
        Outage.id.in_(set(jobs.values())),
        Outage.status.in_([s.value for s in OPEN_STATUSES]))).all()
    needs = job_requirements(session, open_jobs, now, repair_minutes)
    names = material_names(session) if needs else {}
    return {tech: shortage_lines(van_shortage(needs[job].required, vans.get(tech, ())), names)
            for tech, job in jobs.items() if job in needs}


def shortage_lines(short: dict[str, int], materials: dict[str, tuple[str, str]]) -> tuple[ShortageLine, ...]:
    return tuple(ShortageLine(code, *materials.get(code, (code, "")), quantity=qty) for code, qty in short.items())


def material_names(session: Session) -> dict[str, tuple[str, str]]:
    return {code: (name, unit) for code, name, unit in session.execute(select(Material.code, Material.name, Material.unit))}
