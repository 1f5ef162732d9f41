"""Bulk readers that build read models in a handful of queries, whatever the number of rows."""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.domain.enums import OPEN_STATUSES
from console.domain.timeutil import utcnow
from console.store.schema import (
    Assignment,
    Depot,
    DepotStock,
    EtaRevision,
    Material,
    Outage,
    Technician,
    VanStock,
)

from .readmodels import DepotView, OutageView, StockLine, TechnicianView


def outage_views(session: Session, ids: Iterable[int] | None = None, open_only: bool = False,
                 now: datetime | None = None) -> list[OutageView]:
    now = now or utcnow()
    query = select(Outage).order_by(Outage.id)
    if ids is not None:
        ids = list(ids)
        if not ids:
            return []
        query = query.where(Outage.id.in_(ids))
    if open_only:
        query = query.where(Outage.status.in_([s.value for s in OPEN_STATUSES]))
    outages = session.scalars(query).all()
    if not outages:
        return []
    wanted = [o.id for o in outages]

    stats = select(
        EtaRevision.outage_id,
        func.min(EtaRevision.id).label("first_id"),
        func.max(EtaRevision.id).label("last_id"),
        func.count(EtaRevision.id).label("n"),
    ).group_by(EtaRevision.outage_id)
    if ids is not None or open_only:
        stats = stats.where(EtaRevision.outage_id.in_(wanted))
    stat_rows = session.execute(stats).all()
    rev_ids = {r.first_id for r in stat_rows} | {r.last_id for r in stat_rows}
    eta_by_rev = dict(session.execute(select(EtaRevision.id, EtaRevision.eta).where(EtaRevision.id.in_(rev_ids))).all()) if rev_ids else {}
    etas = {r.outage_id: (eta_by_rev[r.first_id], eta_by_rev[r.last_id], r.n) for r in stat_rows}

    crews: dict[int, list[tuple[int, str]]] = defaultdict(list)
    crew_q = (
        select(Assignment.outage_id, Technician.id, Technician.name)
        .join(Technician, Technician.id == Assignment.technician_id)
        .where(Assignment.released_at.is_(None))
        .order_by(Assignment.id)
    )
    if ids is not None or open_only:
        crew_q = crew_q.where(Assignment.outage_id.in_(wanted))
    for outage_id, tech_id, tech_name in session.execute(crew_q):
        crews[outage_id].append((tech_id, tech_name))

    from .settings import read_settings  # its travel and ETA rules load numpy: not for every listing

    from .darkness import DarknessCells, work_window_end

    settings = read_settings(session)
    gap, repair = settings.info_gap_minutes, settings.eta_settings.repair_for
    open_values = {s.value for s in OPEN_STATUSES}
    ends = {o.id: work_window_end(etas.get(o.id, (None, None, 0))[1], o.cause, now, repair)
            for o in outages if o.status in open_values}
    cells = DarknessCells(now, max(ends.values(), default=now))
    views = []
    for o in outages:
        first, last, n = etas.get(o.id, (None, None, 0))
        dark = cells.first_dark(o.lat, o.lon, ends[o.id]) if o.id in ends else None
        crew = crews.get(o.id, [])
        views.append(
            OutageView(
                id=o.id, title=o.title, lat=o.lat, lon=o.lon, status=o.status, cause=o.cause,
                area=o.area, customers_affected=o.customers_affected, started_at=o.started_at,
                restored_at=o.restored_at, current_eta=last, first_eta=first, eta_revisions=n,
                customers_told_at=o.customers_told_at, untold_change_at=o.untold_change_at,
                technician_ids=tuple(t[0] for t in crew), technician_names=tuple(t[1] for t in crew),
                version=o.version, as_of=now, info_gap_minutes=gap,
                dark_from=dark[0] if dark else None, dark_until=dark[1] if dark else None,
            )
        )
    return views


def _stock_lines(rows) -> dict[int, list[StockLine]]:
    out: dict[int, list[StockLine]] = defaultdict(list)
    for owner_id, code, name, unit, qty, reserved in rows:
        out[owner_id].append(StockLine(code, name, unit, qty, reserved))
    return out


def technician_views(session: Session, ids: Iterable[int] | None = None,
                     with_stock: bool = True, now: datetime | None = None) -> list[TechnicianView]:
    """With stock, each view also carries what the van lacks for its current job."""
    from .settings import read_settings

    now = now or utcnow()
    settings = read_settings(session)
    query = select(Technician).order_by(Technician.id)
    if ids is not None:
        ids = list(ids)
        if not ids:
            return []
        query = query.where(Technician.id.in_(ids))
    techs = session.scalars(query).all()
    jobs = (
        select(Assignment.technician_id, func.max(Assignment.outage_id))
        .where(Assignment.released_at.is_(None))
        .group_by(Assignment.technician_id)
    )
    vans = (
        select(VanStock.technician_id, Material.code, Material.name, Material.unit, VanStock.quantity,
               VanStock.reserved)
        .join(Material, Material.code == VanStock.material_code)
        .order_by(VanStock.technician_id, Material.code)
    )
    if ids is not None:
        jobs = jobs.where(Assignment.technician_id.in_(ids))
        vans = vans.where(VanStock.technician_id.in_(ids))
    current = dict(session.execute(jobs).all())
    stock: dict[int, list[StockLine]] = _stock_lines(session.execute(vans).all()) if with_stock else {}
    short: dict[int, tuple] = {}
    if with_stock and current:
        from . import facts  # sun and stock rules (astral, numpy): only listings of technicians need them

        short = facts.van_shortages(session, current, stock, now, settings.eta_settings.repair_for)
    return [
        TechnicianView(
            id=t.id, name=t.name, phone=t.phone, vehicle=t.vehicle, device_id=t.device_id,
            lat=t.lat, lon=t.lon, fix_at=t.fix_at, status=t.status, on_duty=t.on_duty,
            home_depot_id=t.home_depot_id, outage_id=current.get(t.id), version=t.version,
            van_stock=tuple(stock.get(t.id, ())), as_of=now,
            stale_after_minutes=settings.stale_position_minutes, shortage=short.get(t.id, ()),
        )
        for t in techs
    ]


def depot_views(session: Session, with_stock: bool = True) -> list[DepotView]:
    depots = session.scalars(select(Depot).order_by(Depot.id)).all()
    stock: dict[int, list[StockLine]] = {}
    if with_stock:
        stock = _stock_lines(
            session.execute(
                select(DepotStock.depot_id, Material.code, Material.name, Material.unit,
                       DepotStock.quantity, DepotStock.reserved)
                .join(Material, Material.code == DepotStock.material_code)
                .order_by(DepotStock.depot_id, Material.code)
            ).all()
        )
    return [
        DepotView(
            id=d.id, name=d.name, lat=d.lat, lon=d.lon, address=d.address, always_open=d.always_open,
            opening_hours={int(k): (v[0], v[1]) for k, v in json.loads(d.opening_hours or "{}").items()},
            stock=tuple(stock.get(d.id, ())),
        )
        for d in depots
    ]
