"""What the detail pane's "Loaners and stock" tab shows for one outage: the routers lent for it,
and which of the nearest depots hold what the job still lacks on the van.

One read, one session; the pane asks for it in a worker.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from console.domain.enums import OutageStatus
from console.domain.errors import ValidationError
from console.domain.timeutil import as_utc, utcnow
from console.store.schema import Depot, DepotStock, Loan, LoanerRouter, Technician

from . import facts
from .loans import LoanView, _depot_names, _view, due_dates
from .outages import load_outage
from .restock import plan_in_session
from .settings import read_settings
from .travel import provider_in
from .uow import Db

# Depots listed per missing material: the nearest few are the real choices.
DEPOTS_PER_MATERIAL = 3


@dataclass(frozen=True)
class DepotStockLine:
    """One depot that holds a material the job lacks."""

    material: str
    material_name: str
    unit: str
    lacking: int          # what the van (or, with nobody assigned, the job) lacks
    depot_id: int
    depot_name: str
    available: float      # unreserved stock at the depot
    minutes: float | None  # drive from the technician (else the site) to the depot


@dataclass(frozen=True)
class OutageSupply:
    outage_id: int
    loans: tuple[LoanView, ...]            # every loan for this outage, newest first
    technician_name: str | None            # whose van the shortage is of; None: nobody assigned
    lacking: tuple[tuple[str, str, str, int], ...]  # (code, name, unit, quantity)
    depots: tuple[DepotStockLine, ...]     # by material, nearest depot first
    travel_source: str                     # "osrm" or "geodesic"
    is_open: bool


def outage_supply(db: Db, outage_id: int, now: datetime | None = None) -> OutageSupply:
    now = as_utc(now) if now is not None else utcnow()
    with db.read() as session:
        outage = load_outage(session, outage_id)
        loans = _loans_for(session, outage.id)
        is_open = OutageStatus(outage.status).is_open
        if not is_open:
            return OutageSupply(outage.id, loans, None, (), (), "", False)
        names = facts.material_names(session)
        origin = (outage.lat, outage.lon)
        tech_name = None
        try:
            plan = plan_in_session(session, outage.id, now=now)
        except ValidationError:  # nobody assigned (or no position): the whole requirement is lacking
            plan = None
        if plan is not None:
            tech_name = plan.technician_name
            lacking = dict(plan.shortage)
            tech = session.get(Technician, plan.technician_id)
            if tech is not None and tech.lat is not None and tech.lon is not None:
                origin = (tech.lat, tech.lon)
        else:
            settings = read_settings(session)
            need = facts.job_requirements(session, [outage], now, settings.eta_settings.repair_for)[outage.id]
            lacking = dict(need.required)
        lacking = {code: int(qty) for code, qty in lacking.items() if qty > 0}
        lines, source = _depot_lines(session, origin, lacking, names)
        return OutageSupply(
            outage.id, loans, tech_name,
            tuple((code, names.get(code, (code, ""))[0], names.get(code, (code, ""))[1], qty)
                  for code, qty in sorted(lacking.items(), key=lambda kv: names.get(kv[0], (kv[0],))[0])),
            lines, source, True)


def _loans_for(session, outage_id: int) -> tuple[LoanView, ...]:
    loans = list(session.scalars(select(Loan).where(Loan.outage_id == outage_id)
                                 .order_by(Loan.lent_at.desc(), Loan.id.desc())))
    if not loans:
        return ()
    routers = {r.serial: r for r in session.scalars(
        select(LoanerRouter).where(LoanerRouter.serial.in_({loan.router_serial for loan in loans})))}
    depots = _depot_names(session)
    dues = due_dates(session, loans)
    return tuple(_view(routers[loan.router_serial], loan, depots, dues) for loan in loans
                 if loan.router_serial in routers)


def _depot_lines(session, origin, lacking: dict[str, int], names) -> tuple[tuple[DepotStockLine, ...], str]:
    if not lacking:
        return (), ""
    rows = session.execute(
        select(DepotStock.depot_id, DepotStock.material_code, DepotStock.quantity, DepotStock.reserved,
               Depot.name, Depot.lat, Depot.lon)
        .join(Depot, Depot.id == DepotStock.depot_id)
        .where(DepotStock.material_code.in_(list(lacking)), DepotStock.quantity > DepotStock.reserved)
    ).all()
    if not rows:
        return (), ""
    depots = sorted({(r.depot_id, r.lat, r.lon) for r in rows})
    matrix = provider_in(session).matrix([origin], [(lat, lon) for _id, lat, lon in depots])
    minutes = {d[0]: float(m) for d, m in zip(depots, matrix.minutes[0])}
    lines = []
    for code in sorted(lacking, key=lambda c: names.get(c, (c,))[0]):
        holders = sorted((r for r in rows if r.material_code == code),
                         key=lambda r: (minutes.get(r.depot_id, float("inf")), r.depot_id))
        name, unit = names.get(code, (code, ""))
        for r in holders[:DEPOTS_PER_MATERIAL]:
            lines.append(DepotStockLine(code, name, unit, lacking[code], r.depot_id, r.name,
                                        float(r.quantity - r.reserved), minutes.get(r.depot_id)))
    return tuple(lines), getattr(matrix, "source", "")
