"""Outage use cases: list, create, change status, assign technicians."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from sqlalchemy import select

from console.domain.enums import Cause, OutageStatus, TechnicianStatus, parse_enum
from console.domain.errors import Conflict, NotFound, StoredWord, ValidationError
from console.domain.geo import check_coordinates
from console.domain.limits import AREA_CHARS, TITLE_CHARS, check_text
from console.domain.materials import default_bill_of_materials
from console.domain.vocabulary import N_
from console.store.schema import Assignment, EtaRevision, Material, Outage, OutageMaterial, Technician

from .queries import outage_views
from .readmodels import OutageView
from .uow import Db

MAX_TITLE = TITLE_CHARS

# Statuses a technician's own status follows when the outage moves.
_TECH_STATUS_FOR = {
    OutageStatus.ASSIGNED: TechnicianStatus.ASSIGNED,
    OutageStatus.EN_ROUTE: TechnicianStatus.EN_ROUTE,
    OutageStatus.ON_SITE: TechnicianStatus.ON_SITE,
    OutageStatus.WAITING_FOR_MATERIAL: TechnicianStatus.RESTOCKING,
}
# Statuses that say someone is on the job: with nobody assigned they would be a lie on the board.
_NEEDS_CREW = (OutageStatus.ASSIGNED, OutageStatus.EN_ROUTE, OutageStatus.ON_SITE)


def list_outages(db: Db, open_only: bool = False, ids: Iterable[int] | None = None) -> list[OutageView]:
    """All outages, or only open ones, or only those with the given ids (a console reloading what changed)."""
    with db.read() as session:
        return outage_views(session, ids=ids, open_only=open_only)


@dataclass(frozen=True)
class MaterialNeed:
    material: str
    name: str
    unit: str
    quantity: float
    default: bool = False  # True: nothing recorded for this job, the usual bill for its cause


def outage_materials(db: Db, outage_id: int) -> list[MaterialNeed]:
    """The job's bill of materials as recorded for this outage, else the default for its cause."""
    with db.read() as session:
        outage = load_outage(session, outage_id)
        rows = session.execute(
            select(Material.code, Material.name, Material.unit, OutageMaterial.quantity)
            .join(Material, Material.code == OutageMaterial.material_code)
            .where(OutageMaterial.outage_id == outage_id)
            .order_by(Material.code)
        ).all()
        if rows:
            return [MaterialNeed(*row) for row in rows]
        bom = default_bill_of_materials(outage.cause)
        known = {code: (name, unit) for code, name, unit in session.execute(
            select(Material.code, Material.name, Material.unit).where(Material.code.in_(list(bom))))}
    return [MaterialNeed(code, *known.get(code, (code, "pcs")), quantity, default=True)
            for code, quantity in sorted(bom.items())]


def get_outage(db: Db, outage_id: int) -> OutageView:
    with db.read() as session:
        views = outage_views(session, ids=[outage_id])
    if not views:
        raise NotFound.of(N_("no outage with id {outage_id}"), outage_id=outage_id)
    return views[0]


def _snapshot(o: Outage) -> dict:
    return {
        "title": o.title, "cause": o.cause, "lat": o.lat, "lon": o.lon, "area": o.area,
        "customers_affected": o.customers_affected, "status": o.status,
        "restored_at": o.restored_at, "version": o.version,
    }


def load_outage(session, outage_id: int, expected_version: int | None = None) -> Outage:
    outage = session.get(Outage, outage_id)
    if outage is None:
        raise NotFound.of(N_("no outage with id {outage_id}"), outage_id=outage_id)
    if expected_version is not None and outage.version != expected_version:
        current_eta = session.scalar(select(EtaRevision.eta).where(EtaRevision.outage_id == outage_id)
                                     .order_by(EtaRevision.id.desc()).limit(1))
        raise Conflict.of(N_("outage {outage_id} was changed by someone else (now version {version}, status "
                             "{status}); reload and re-apply your change"),
                          outage_id=outage_id, version=outage.version,
                          status=StoredWord("outage_status", outage.status),
                          current={**_snapshot(outage), "current_eta": current_eta})
    return outage


def add_outage(db: Db, title: str, lat: float, lon: float, customers: int, cause: str = "unknown",
               area: str = "", started_at: datetime | None = None,
               materials: dict[str, float] | None = None, nodes: str | None = None) -> OutageView:
    if not (title or "").strip():
        raise ValidationError.of(N_("an outage needs a title"))
    title = check_text(title, N_("title"), TITLE_CHARS)
    area = check_text(area, N_("area"), AREA_CHARS)
    lat, lon = check_coordinates(lat, lon)
    try:
        customers = int(customers)
    except (TypeError, ValueError):
        raise ValidationError.of(N_("customers affected must be a whole number, got {value}"),
                                 value=repr(customers)) from None
    if customers < 0:
        raise ValidationError.of(N_("customers affected cannot be negative ({n})"), n=customers)
    cause_value = parse_enum(Cause, cause or "unknown", N_("cause"))
    from console.domain.customers import parse_nodes

    node_list = parse_nodes(nodes) if nodes is not None else ()
    with db.unit() as uow:
        started = started_at or uow.now
        if started > uow.now:
            raise ValidationError.of(N_("an outage cannot start in the future"))
        outage = Outage(
            title=title, cause=cause_value.value, lat=lat, lon=lon, area=area,
            customers_affected=customers, status=OutageStatus.REPORTED.value, started_at=started,
        )
        uow.session.add(outage)
        uow.session.flush()
        for code, qty in (materials or {}).items():
            if qty <= 0:
                raise ValidationError.of(N_("material quantity must be positive ({code}: {qty})"), code=code, qty=qty)
            uow.session.add(OutageMaterial(outage_id=outage.id, material_code=code, quantity=qty))
        if node_list:  # tied to the register: the count becomes who those nodes feed, if anyone
            from . import customers as register

            register.set_nodes(uow, outage, node_list)
            register.resolve_outage(uow, outage)
        uow.audit("create", "outage", outage.id, None, _snapshot(outage))
        new_id = outage.id
    return get_outage(db, new_id)


def apply_status(uow, outage: Outage, new_status: OutageStatus) -> None:
    """Move an outage to a new status inside the caller's unit of work: the crew's own status
    follows, a closed outage releases its crew, and customers count as untold until the next notice."""
    old = OutageStatus(outage.status)
    if not old.is_open:
        raise ValidationError.of(N_("outage {outage} is already {status}; it cannot change status"),
                                 outage=outage.id, status=StoredWord("outage_status", old.value))
    if new_status == old:
        raise ValidationError.of(N_("outage {outage} is already {status}"), outage=outage.id,
                                 status=StoredWord("outage_status", old.value))
    crew = uow.session.scalars(
        select(Assignment).where(Assignment.outage_id == outage.id, Assignment.released_at.is_(None))
    ).all()
    # "On site" may be a contractor the roster does not hold; "assigned" to nobody is never true.
    if new_status == OutageStatus.ASSIGNED and not crew:
        raise ValidationError.of(N_("nobody is assigned to outage {outage}; assign a technician instead"),
                                 outage=outage.id)
    before = _snapshot(outage)
    outage.status = new_status.value
    if new_status == OutageStatus.RESTORED:
        outage.restored_at = uow.now
    if outage.untold_change_at is None:
        outage.untold_change_at = uow.now
    for assignment in crew:
        tech = uow.session.get(Technician, assignment.technician_id)
        if new_status.is_open:
            tech.status = _TECH_STATUS_FOR.get(new_status, TechnicianStatus(tech.status)).value
        else:
            assignment.released_at = uow.now
            tech.status = TechnicianStatus.AVAILABLE.value
        uow.changed("technician", tech.id)
    uow.session.flush()
    uow.audit("status", "outage", outage.id, before, _snapshot(outage))


def _left_without_crew(uow, outage_id: int) -> None:
    uow.session.flush()
    if uow.session.scalar(select(Assignment.id).where(Assignment.outage_id == outage_id,
                                                      Assignment.released_at.is_(None)).limit(1)) is not None:
        return
    outage = uow.session.get(Outage, outage_id)
    if OutageStatus(outage.status) in _NEEDS_CREW:
        before = _snapshot(outage)
        outage.status = OutageStatus.REPORTED.value
        if outage.untold_change_at is None:
            outage.untold_change_at = uow.now
        uow.session.flush()
        uow.audit("status", "outage", outage_id, before, _snapshot(outage))


def set_status(db: Db, outage_id: int, status: str, expected_version: int | None = None) -> OutageView:
    new_status = parse_enum(OutageStatus, status, N_("status"))
    with db.unit() as uow:
        apply_status(uow, load_outage(uow.session, outage_id, expected_version), new_status)
    return get_outage(db, outage_id)


def assign_technician(db: Db, outage_id: int, technician_id: int,
                      expected_version: int | None = None, move: bool = False) -> OutageView:
    """A technician works one job at a time. Taking one off another open job must be asked for
    (`move`): it leaves that job, and if nobody else is on it, it goes back to "reported"."""
    with db.unit() as uow:
        outage = load_outage(uow.session, outage_id, expected_version)
        if not OutageStatus(outage.status).is_open:
            raise ValidationError.of(N_("outage {outage_id} is {status}; nobody can be assigned"),
                                     outage_id=outage_id, status=StoredWord("outage_status", outage.status))
        tech = uow.session.get(Technician, technician_id)
        if tech is None:
            raise NotFound.of(N_("no technician with id {technician_id}"), technician_id=technician_id)
        if not tech.on_duty:
            raise ValidationError.of(N_("{name} is off duty"), name=tech.name)
        current = uow.session.scalars(
            select(Assignment).where(Assignment.technician_id == technician_id, Assignment.released_at.is_(None))
        ).all()
        if any(a.outage_id == outage_id for a in current):
            raise ValidationError.of(N_("{name} is already assigned to outage {outage}"), name=tech.name,
                                     outage=outage_id)
        if current and not move:
            other = uow.session.get(Outage, current[0].outage_id)
            raise ValidationError.of(N_("{name} is on outage {other} ({customers_affected} customers, {status}); "
                                        "moving them off it must be asked for (--move)"),
                                     name=tech.name, other=other.id, customers_affected=other.customers_affected,
                                     status=StoredWord("outage_status", other.status))
        for a in current:
            a.released_at = uow.now
            uow.changed("outage", a.outage_id)
            _left_without_crew(uow, a.outage_id)
        uow.session.add(Assignment(outage_id=outage_id, technician_id=technician_id,
                                   assigned_at=uow.now, assigned_by=uow.actor))
        tech.status = TechnicianStatus.ASSIGNED.value
        if outage.status == OutageStatus.REPORTED.value:
            before = _snapshot(outage)
            outage.status = OutageStatus.ASSIGNED.value
            uow.session.flush()
            uow.audit("status", "outage", outage_id, before, _snapshot(outage))
        uow.audit("assign", "technician", technician_id, {"outage_id": [a.outage_id for a in current]},
                  {"outage_id": outage_id})
        uow.changed("outage", outage_id)
    return get_outage(db, outage_id)
