"""Restocking: where the technician fetches the material the job lacks, and the runs that do it.

Planning reads the outage, the technician's van, the depots and the other vans in a fixed
handful of queries, whatever the size of the roster, and hands them to
console.domain.restock. Sending re-plans inside its own write transaction, so stock is
reserved against the shelves as they are at that moment, not as they were on screen.

A technician who is on a job keeps what that job needs (its bill of materials and one
lighting kit): only the rest of their van is offered to others.
"""
from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.domain.enums import OPEN_STATUSES, OutageStatus, RestockRunStatus, TechnicianStatus
from console.domain.errors import Conflict, NotFound, StoredWord, ValidationError
from console.domain.vocabulary import N_
from console.domain.eta_rules import suggest_eta
from console.domain.restock import (
    ALWAYS_OPEN,
    LIGHTING_KIT,
    Cover,
    Depot,
    Leg,
    OpeningHours,
    RestockOption,
    Skipped,
    Van,
    plan_restock,
    shortage,
    whole_minutes,
    with_lighting,
)
from console.domain.timeutil import as_utc, iso_local, utcnow
from console.store.schema import (
    Assignment,
    DepotStock,
    EtaRevision,
    Outage,
    RestockRun,
    Technician,
    VanStock,
)
from console.store.schema import Depot as DepotRow

from . import facts
from .outages import apply_status, load_outage
from .settings import OperatorSettings, read_settings
from .travel import TravelProvider
from .travel import provider as travel_provider
from .uow import Db

log = logging.getLogger(__name__)

SOURCE_KINDS = ("depot", "technician")

# An option picked by position in the plan (0 = best), by its stops [(kind, id), ...], by a
# single (kind, id), or as the RestockOption the dispatcher was shown.
OptionChoice = int | tuple | RestockOption


# ------------------------------------------------------------------------- read models


@dataclass(frozen=True)
class RestockPlanView:
    outage_id: int
    technician_id: int
    technician_name: str
    required: tuple[tuple[str, int], ...]  # the job's needs, lighting kit included when dark
    shortage: tuple[tuple[str, int], ...]  # what the van lacks of them
    options: tuple[RestockOption, ...]  # best first
    minutes_direct: float  # technician straight to the site
    estimated: bool  # straight-line estimates, not a road graph
    travel_source: str  # "osrm", "road" or "geodesic"
    travel_note: str  # why OSRM was not used though it is set, else ""
    skipped: tuple[Skipped, ...]  # sources with the material that are closed on arrival
    runs_into_darkness: bool
    work_window_end: datetime  # UTC: the current ETA, or now + the usual repair time
    planned_at: datetime  # UTC

    @property
    def best(self) -> RestockOption | None:
        return self.options[0] if self.options else None

    def as_json(self) -> dict:
        """The CLI contract (docs/ARCHITECTURE.md), nothing more at the top level."""
        return {
            "outage_id": self.outage_id,
            "technician_id": self.technician_id,
            "shortage": [{"material": m, "quantity": q} for m, q in self.shortage],
            "options": [{**o.as_dict(), "travel_source": self.travel_source} for o in self.options],
        }


@dataclass(frozen=True)
class RestockRunView:
    id: int
    outage_id: int
    technician_id: int
    technician_name: str
    source_kind: str
    source_id: int
    source_name: str
    items: tuple[tuple[str, int], ...]
    started_at: datetime
    expected_arrival: datetime  # UTC, at the source
    minutes_extra: float
    status: str
    completed_at: datetime | None
    version: int

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "outage_id": self.outage_id,
            "technician_id": self.technician_id,
            "technician_name": self.technician_name,
            "source_kind": self.source_kind,
            "source_id": self.source_id,
            "source_name": self.source_name,
            "items": [{"material": m, "quantity": q} for m, q in self.items],
            "started_at": iso_local(self.started_at),
            "expected_arrival": iso_local(self.expected_arrival),
            "minutes_extra": round(self.minutes_extra, 1),
            "status": self.status,
            "completed_at": iso_local(self.completed_at),
        }


@dataclass(frozen=True)
class RestockSendView:
    """What "send for material" did, and the ETA it suggests; the dispatcher confirms that
    separately (eta.set_eta with reason "restock"): only a recorded ETA counts."""

    outage_id: int
    technician_id: int
    option: RestockOption
    runs: tuple[RestockRunView, ...]  # one per stop
    status_before: str
    status_after: str
    current_eta: datetime | None
    proposed_eta: datetime
    proposed_reason: str = "restock"

    def as_json(self) -> dict:
        return {
            "outage_id": self.outage_id,
            "technician_id": self.technician_id,
            "option": self.option.as_dict(),
            "runs": [r.as_json() for r in self.runs],
            "status_before": self.status_before,
            "status_after": self.status_after,
            "current_eta": iso_local(self.current_eta),
            "proposed_eta": iso_local(self.proposed_eta),
            "proposed_reason": self.proposed_reason,
        }


def material_labels(db: Db) -> dict[str, str]:
    """code -> the catalogue's name for it: what a dispatcher reads instead of SPLICE_CLOSURE."""
    with db.read() as session:
        return {code: name for code, (name, _unit) in facts.material_names(session).items()}


def option_key(option: RestockOption) -> tuple[tuple[str, object], ...]:
    """The stops of an option, in driving order: identifies it across re-plans."""
    stops = option.legs or (option,)
    return tuple((s.source_kind, s.source_id) for s in stops)


# ------------------------------------------------------------------------- loading


def _qty(value: float) -> int:
    # Stock columns are floats in the store; materials are counted in whole units (pcs, m).
    return int(round(value))


def _hours(row: DepotRow) -> OpeningHours:
    if row.always_open:
        return ALWAYS_OPEN
    try:
        return OpeningHours.from_text(json.loads(row.opening_hours or "{}"))
    except (ValueError, AttributeError, ValidationError):
        # One depot's garbled hours must not stop every plan: it counts as closed.
        log.warning("depot %s has unreadable opening hours %r; treated as closed", row.id, row.opening_hours)
        return OpeningHours(())


def _current_eta(session: Session, outage_id: int) -> datetime | None:
    return session.scalar(
        select(EtaRevision.eta).where(EtaRevision.outage_id == outage_id).order_by(EtaRevision.id.desc()).limit(1)
    )


def _crew(session: Session, outage_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Assignment.technician_id)
            .where(Assignment.outage_id == outage_id, Assignment.released_at.is_(None))
            .order_by(Assignment.id)
        )
    )


def _technician(session: Session, outage: Outage, technician_id: int | None) -> Technician:
    if technician_id is None:
        crew = _crew(session, outage.id)
        if not crew:
            raise ValidationError.of(N_("outage {outage_id} has no technician assigned; assign one or name a "
                                        "technician"),
                                     outage_id=outage.id)
        technician_id = crew[0]
    tech = session.get(Technician, technician_id)
    if tech is None:
        raise NotFound.of(N_("no technician with id {technician_id}"), technician_id=technician_id)
    if tech.lat is None or tech.lon is None:
        raise ValidationError.of(N_("{name}'s position is unknown; no travel time can be estimated"), name=tech.name)
    return tech


def _boms(session: Session, outages: Iterable[Outage]) -> dict[int, dict[str, int]]:
    return {oid: bill for oid, (bill, _default) in facts.bills_of_materials(session, outages).items()}


def _stock(session: Session, model, owner_col, owners: list[int] | None, codes: Iterable[str],
           only_available: bool = True) -> dict[int, dict[str, tuple[int, int]]]:
    codes = list(codes)
    out: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    if not codes or owners == []:
        return out
    query = select(owner_col, model.material_code, model.quantity, model.reserved).where(
        model.material_code.in_(codes)
    )
    if owners is not None:
        query = query.where(owner_col.in_(owners))
    if only_available:
        query = query.where(model.quantity > model.reserved)
    for owner, code, qty, reserved in session.execute(query):
        out[owner][code] = (_qty(qty), _qty(reserved))
    return out


def _depot_sources(session: Session, codes: list[str]) -> list[Depot]:
    stock = _stock(session, DepotStock, DepotStock.depot_id, None, codes)
    if not stock:
        return []
    rows = session.scalars(select(DepotRow).where(DepotRow.id.in_(list(stock))).order_by(DepotRow.id)).all()
    return [Depot(d.id, d.name, d.lat, d.lon, stock[d.id], _hours(d)) for d in rows]


def _van_sources(session: Session, receiver_id: int, codes: list[str]) -> list[Van]:
    stock = _stock(session, VanStock, VanStock.technician_id, None, codes)
    stock.pop(receiver_id, None)
    if not stock:
        return []
    techs = session.scalars(
        select(Technician)
        .where(Technician.id.in_(list(stock)), Technician.on_duty.is_(True),
               Technician.lat.is_not(None), Technician.lon.is_not(None))
        .order_by(Technician.id)
    ).all()
    if not techs:
        return []
    jobs = dict(
        session.execute(
            select(Assignment.technician_id, func.max(Assignment.outage_id))
            .join(Outage, Outage.id == Assignment.outage_id)
            .where(Assignment.technician_id.in_([t.id for t in techs]), Assignment.released_at.is_(None),
                   Outage.status.in_([s.value for s in OPEN_STATUSES]))
            .group_by(Assignment.technician_id)
        ).all()
    )
    job_outages = session.scalars(select(Outage).where(Outage.id.in_(set(jobs.values())))).all() if jobs else []
    boms = _boms(session, job_outages)
    vans = []
    for t in techs:
        keeps = with_lighting(boms[jobs[t.id]], True) if t.id in jobs else {}
        # What the van's own job needs counts as reserved, so only the rest is offered.
        spare = {c: (q, r + keeps.get(c, 0)) for c, (q, r) in stock[t.id].items()}
        if any(q > r for q, r in spare.values()):
            vans.append(Van(t.id, t.name, t.lat, t.lon, spare))
    return vans


def _plan(session: Session, outage: Outage, tech: Technician, now: datetime, settings: OperatorSettings,
          provider: TravelProvider | None = None) -> RestockPlanView:
    if not OutageStatus(outage.status).is_open:
        raise ValidationError.of(N_("outage {outage_id} is {status}; there is nothing to restock for"),
                                 outage_id=outage.id, status=StoredWord("outage_status", outage.status))
    travel, eta_settings = settings.travel_settings, settings.eta_settings
    need = facts.job_requirements(session, [outage], now, eta_settings.repair_for)[outage.id]
    required, dark, end = need.required, need.runs_into_darkness, need.work_window_end
    van = _stock(session, VanStock, VanStock.technician_id, [tech.id], required, only_available=False)[tech.id]
    short = shortage(required, van)
    codes = list(short)
    depots = _depot_sources(session, codes) if codes else []
    vans = _van_sources(session, tech.id, codes) if codes else []
    provider = provider or travel_provider(settings, session)
    plan = plan_restock(required, van, tech.lat, tech.lon, outage.lat, outage.lon, now,
                        depots=depots, vans=vans, settings=travel, matrix=provider.matrix)
    return RestockPlanView(
        outage_id=outage.id,
        technician_id=tech.id,
        technician_name=tech.name,
        required=tuple(required.items()),
        shortage=tuple((c.material, c.quantity) for c in plan.shortage),
        options=plan.options,
        minutes_direct=plan.minutes_direct,
        estimated=plan.estimated,
        travel_source=plan.travel_source,
        travel_note=plan.travel_note,
        skipped=plan.skipped,
        runs_into_darkness=dark,
        work_window_end=end,
        planned_at=now,
    )


def plan_in_session(session: Session, outage_id: int, technician_id: int | None = None,
                    now: datetime | None = None, provider: TravelProvider | None = None) -> RestockPlanView:
    """For other services that plan inside their own read (the ETA suggestion does)."""
    now = as_utc(now) if now is not None else utcnow()
    outage = load_outage(session, outage_id)
    tech = _technician(session, outage, technician_id)
    return _plan(session, outage, tech, now, read_settings(session), provider)


def plan_for_outage(db: Db, outage_id: int, technician_id: int | None = None, now: datetime | None = None,
                    provider: TravelProvider | None = None) -> RestockPlanView:
    """Ranked restock options for the outage's technician (by default its first assigned one).

    Travel times come from the routing provider of the shared settings (OSRM when
    `osrm_url` is set, which itself falls back to the straight line), unless one is given.
    """
    with db.read() as session:
        return plan_in_session(session, outage_id, technician_id, now, provider)


# ------------------------------------------------------------------------- runs


def _run_view(run: RestockRun, names: Mapping[int, str]) -> RestockRunView:
    items = tuple((i["material"], int(i["quantity"])) for i in json.loads(run.items or "[]"))
    return RestockRunView(
        id=run.id, outage_id=run.outage_id, technician_id=run.technician_id,
        technician_name=names.get(run.technician_id, ""), source_kind=run.source_kind, source_id=run.source_id,
        source_name=run.source_name, items=items, started_at=run.started_at,
        expected_arrival=run.expected_arrival, minutes_extra=run.minutes_extra, status=run.status,
        completed_at=run.completed_at, version=run.version,
    )


def _names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    ids = set(ids)
    if not ids:
        return {}
    return dict(session.execute(select(Technician.id, Technician.name).where(Technician.id.in_(ids))).all())


def _choose(plan: RestockPlanView, choice: OptionChoice) -> RestockOption:
    if not plan.shortage:
        raise ValidationError.of(N_("{technician_name} already has everything outage {outage_id} needs; nothing to "
                                    "fetch"),
                                 technician_name=plan.technician_name, outage_id=plan.outage_id)
    if isinstance(choice, bool):
        raise ValidationError.of(N_("not a restock option: {choice}"), choice=repr(choice))
    if isinstance(choice, int):
        if not 0 <= choice < len(plan.options):
            raise ValidationError.of(N_("there is no option {choice}; outage {outage_id} has {n} restock option(s)"),
                                     choice=choice + 1, outage_id=plan.outage_id, n=len(plan.options))
        return plan.options[choice]
    if isinstance(choice, RestockOption):
        wanted, shown = option_key(choice), choice
    elif isinstance(choice, tuple) and len(choice) == 2 and isinstance(choice[0], str):
        wanted, shown = ((choice[0], choice[1]),), None
    elif isinstance(choice, tuple) and choice and all(isinstance(c, tuple) and len(c) == 2 for c in choice):
        wanted, shown = tuple((k, i) for k, i in choice), None
    else:
        raise ValidationError.of(N_("not a restock option: {choice}"), choice=repr(choice))
    for option in plan.options:
        if option_key(option) == wanted:
            if shown is not None and (option.covers, option.complete) != (shown.covers, shown.complete):
                raise Conflict.of(N_("the stock at {source_name} changed since the plan was shown; look at the "
                                     "restock options again"),
                                  source_name=option.source_name)
            return option
    what = " + ".join(f"{k} {i}" for k, i in wanted)
    if shown is not None:
        raise Conflict.of(N_("{source_name} is no longer a restock option for outage {outage_id} (its stock or hours "
                             "changed); look at the restock options again"),
                          source_name=shown.source_name, outage_id=plan.outage_id)
    raise ValidationError.of(N_("{what} is not a restock option for outage {outage_id} (it has none of the missing "
                                "material, or is closed on arrival)"),
                             what=what, outage_id=plan.outage_id)


def _stock_row(session: Session, kind: str, source_id: int, code: str):
    if kind == "depot":
        return session.get(DepotStock, (source_id, code))
    if kind == "technician":
        return session.get(VanStock, (source_id, code))
    raise ValidationError.of(N_("unknown source kind {kind}; expected one of: {allowed}"),
                             kind=repr(kind), allowed=', '.join(SOURCE_KINDS))


def _legs(option: RestockOption) -> tuple[Leg, ...]:
    if option.legs:
        return option.legs
    return (Leg(option.source_kind, option.source_id, option.source_name, option.lat, option.lon,
                option.minutes_to_source, option.arrival, option.covers),)


def send_for_material(db: Db, outage_id: int, technician_id: int | None, option: OptionChoice,
                      now: datetime | None = None) -> RestockSendView:
    """Reserve the option's stock, record a run per stop and set the outage waiting for material.

    One transaction: if the stock moved since the plan was shown (another workstation reserved
    it), nothing is written and Conflict says so.
    """
    at = as_utc(now) if now is not None else utcnow()
    # Travel times may come from a routing server: ask before the write transaction opens, so no
    # lock is held while the network answers. The stock rows' versions catch what moved meanwhile.
    with db.read() as session:
        outage = load_outage(session, outage_id)
        tech = _crewed_technician(session, outage, technician_id)
        settings = read_settings(session)
        plan = _plan(session, outage, tech, at, settings)
    chosen = _choose(plan, option)
    legs = _legs(chosen)

    with db.unit() as uow:
        session = uow.session
        outage = load_outage(session, outage_id)
        if not OutageStatus(outage.status).is_open:
            raise Conflict.of(N_("outage {outage_id} became {status} meanwhile; nothing was sent"),
                              outage_id=outage_id, status=StoredWord("outage_status", outage.status))
        tech = _crewed_technician(session, outage, plan.technician_id)

        for leg in legs:
            for cover in leg.covers:
                row = _stock_row(session, leg.source_kind, leg.source_id, cover.material)
                free = 0 if row is None else _qty(row.quantity - row.reserved)
                if free < cover.quantity:
                    raise Conflict.of(N_("{source_name} has only {free} {material} free now, not {quantity}; look at "
                                         "the restock options again"),
                                      source_name=leg.source_name, free=free, material=cover.material,
                                      quantity=cover.quantity)
                row.reserved += cover.quantity
        # The stock rows carry a version: a reservation made elsewhere since we read them fails here.
        session.flush()

        runs = []
        for n, leg in enumerate(legs):
            last = n == len(legs) - 1
            run = RestockRun(
                outage_id=outage_id, technician_id=tech.id, source_kind=leg.source_kind,
                source_id=int(leg.source_id), source_name=leg.source_name,
                items=json.dumps([{"material": c.material, "quantity": c.quantity} for c in leg.covers]),
                started_at=at, expected_arrival=leg.arrival,
                # The detour is the whole trip's; it is booked on the stop that ends it.
                minutes_extra=chosen.minutes_extra if last else 0.0,
                status=RestockRunStatus.UNDER_WAY.value,
            )
            session.add(run)
            runs.append(run)
        session.flush()

        status_before = outage.status
        if outage.status != OutageStatus.WAITING_FOR_MATERIAL.value:
            apply_status(uow, outage, OutageStatus.WAITING_FOR_MATERIAL)
        elif tech.status != TechnicianStatus.RESTOCKING.value:
            tech.status = TechnicianStatus.RESTOCKING.value
        for run in runs:
            uow.audit("send", "restock_run", run.id, None, {
                "outage_id": outage_id, "technician_id": tech.id, "source_kind": run.source_kind,
                "source_id": run.source_id, "source_name": run.source_name, "items": json.loads(run.items),
                "expected_arrival": run.expected_arrival, "minutes_extra": run.minutes_extra,
            })
            uow.changed(run.source_kind, run.source_id)
        uow.changed("outage", outage_id)
        uow.changed("technician", tech.id)

        current = _current_eta(session, outage_id)
        extra = whole_minutes(chosen.minutes_extra)
        if current is not None and current > at:
            proposed = current + timedelta(minutes=extra)
        else:
            # No promise yet, or one already broken: build the ETA up from now instead.
            proposed = suggest_eta(at, plan.minutes_direct, outage.cause, extra, outage.lat, outage.lon,
                                   settings.eta_settings).eta
        names = {tech.id: tech.name}
        return RestockSendView(
            outage_id=outage_id, technician_id=tech.id, option=chosen,
            runs=tuple(_run_view(r, names) for r in runs), status_before=status_before,
            status_after=outage.status, current_eta=current, proposed_eta=proposed,
        )


def _crewed_technician(session: Session, outage: Outage, technician_id: int | None) -> Technician:
    tech = _technician(session, outage, technician_id)
    if tech.id not in _crew(session, outage.id):
        raise ValidationError.of(N_("{name} is not assigned to outage {outage_id}; assign them first"),
                                 name=tech.name, outage_id=outage.id)
    return tech


def _open_run(session: Session, run_id: int, expected_version: int | None) -> RestockRun:
    run = session.get(RestockRun, run_id)
    if run is None:
        raise NotFound.of(N_("no restock run with id {run_id}"), run_id=run_id)
    if run.status != RestockRunStatus.UNDER_WAY.value:
        raise ValidationError.of(N_("restock run {run_id} is already {status}"), run_id=run_id, status=run.status)
    if expected_version is not None and run.version != expected_version:
        raise Conflict.of(N_("restock run {run_id} was changed by someone else; reload and try again"), run_id=run_id)
    return run


def _held(session: Session, run: RestockRun) -> list[tuple[object, str, int]]:
    """The source rows holding this run's reservation, checked before anything changes."""
    held = []
    for material, qty in _run_view(run, {}).items:
        row = _stock_row(session, run.source_kind, run.source_id, material)
        if row is None or row.reserved < qty or row.quantity < qty:
            raise Conflict.of(N_("{source_name} no longer holds the {qty} {material} reserved for restock run "
                                 "{run_id}; check its stock"),
                              source_name=run.source_name, qty=qty, material=material, run_id=run.id)
        held.append((row, material, qty))
    return held


def complete_run(db: Db, run_id: int, expected_version: int | None = None) -> RestockRunView:
    """The material is in the technician's van: it leaves the source and the reservation ends."""
    with db.unit() as uow:
        session = uow.session
        run = _open_run(session, run_id, expected_version)
        # The outage is named so the run shows in the outage's event log (audit_trail).
        before = {"status": run.status, "outage_id": run.outage_id, "source_name": run.source_name}
        for row, material, qty in _held(session, run):
            row.quantity -= qty
            row.reserved -= qty
            van = session.get(VanStock, (run.technician_id, material))
            if van is None:
                van = VanStock(technician_id=run.technician_id, material_code=material, quantity=0, reserved=0)
                session.add(van)
            van.quantity += qty
        run.status = RestockRunStatus.COMPLETED.value
        run.completed_at = uow.now
        session.flush()
        uow.audit("complete", "restock_run", run.id, before, {"status": run.status, "completed_at": uow.now})
        uow.changed(run.source_kind, run.source_id)
        uow.changed("technician", run.technician_id)
        uow.changed("outage", run.outage_id)
        return _run_view(run, _names(session, [run.technician_id]))


def cancel_run(db: Db, run_id: int, expected_version: int | None = None) -> RestockRunView:
    """The run is called off: the reserved stock is free for others again."""
    with db.unit() as uow:
        session = uow.session
        run = _open_run(session, run_id, expected_version)
        before = {"status": run.status, "outage_id": run.outage_id, "source_name": run.source_name}
        for row, _material, qty in _held(session, run):
            row.reserved -= qty
        run.status = RestockRunStatus.CANCELLED.value
        session.flush()
        uow.audit("cancel", "restock_run", run.id, before, {"status": run.status})
        uow.changed(run.source_kind, run.source_id)
        uow.changed("outage", run.outage_id)
        return _run_view(run, _names(session, [run.technician_id]))


def _runs(session: Session, query) -> list[RestockRunView]:
    runs = session.scalars(query.order_by(RestockRun.id)).all()
    names = _names(session, {r.technician_id for r in runs})
    return [_run_view(r, names) for r in runs]


def runs_under_way(db: Db) -> list[RestockRunView]:
    with db.read() as session:
        return _runs(session, select(RestockRun).where(RestockRun.status == RestockRunStatus.UNDER_WAY.value))


def runs_for_outage(db: Db, outage_id: int) -> list[RestockRunView]:
    with db.read() as session:
        load_outage(session, outage_id)
        return _runs(session, select(RestockRun).where(RestockRun.outage_id == outage_id))


def get_run(db: Db, run_id: int) -> RestockRunView:
    with db.read() as session:
        run = session.get(RestockRun, run_id)
        if run is None:
            raise NotFound.of(N_("no restock run with id {run_id}"), run_id=run_id)
        return _run_view(run, _names(session, [run.technician_id]))


__all__ = [
    "RestockPlanView", "RestockRunView", "RestockSendView", "OptionChoice", "option_key",
    "plan_for_outage", "plan_in_session", "send_for_material", "complete_run", "cancel_run",
    "runs_under_way", "runs_for_outage", "get_run", "LIGHTING_KIT", "Cover",
]
