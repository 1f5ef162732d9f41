"""What the shift handover tells the next dispatcher, gathered in one read snapshot.

Storm scale is the design load (thousands of open outages), so everything comes from a fixed
handful of bulk queries; nothing here queries per outage or per technician.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select

from console.domain import loans as loan_rules
from console.domain.enums import OPEN_STATUSES
from console.domain.errors import ValidationError
from console.domain.limits import HANDOVER_NOTE_CHARS, check_name, check_text
from console.domain.vocabulary import N_
from console.domain.timeutil import as_utc, iso_local, utcnow
from console.store.schema import (
    Depot,
    EtaRevision,
    Loan,
    LoanerRouter,
    Material,
    Outage,
    RestockRun,
    ShiftNote,
)

from .accuracy import AccuracyReport, accuracy_in
from .loans import due_dates as loan_due_dates
from .queries import depot_views, outage_views, technician_views
from .region import basemap_in
from .travel import source_in
from .uow import Db

OPERATOR = "Fibernätet"
DEFAULT_SHIFT = timedelta(hours=12)
# A window longer than this is almost always a mistyped date, and would print a book.
MAX_SHIFT = timedelta(days=7)
MAX_NOTE = HANDOVER_NOTE_CHARS
# ETA ledger lines printed per outage: the changes of the shift and what led up to them.
HISTORY_LINES = 8
# The period of the printout's accuracy chart, as `accuracy` defaults to.
ACCURACY_DAYS = 30
_OPEN = [s.value for s in OPEN_STATUSES]
_CLOSED = ("restored", "cancelled")


@dataclass(frozen=True)
class EtaChange:
    id: int
    eta: datetime
    previous_eta: datetime | None
    recorded_at: datetime
    recorded_by: str
    reason: str
    note: str
    customers_told: bool
    in_shift: bool

    @property
    def slip_minutes(self) -> int | None:
        """How far this revision moved the promise (positive: later)."""
        if self.previous_eta is None:
            return None
        return int((self.eta - self.previous_eta).total_seconds() // 60)


@dataclass(frozen=True)
class HandoverOutage:
    id: int
    title: str
    area: str
    status: str
    cause: str
    lat: float
    lon: float
    customers_affected: int
    started_at: datetime
    technician_names: tuple[str, ...]
    current_eta: datetime | None
    eta_revisions: int
    minutes_since_customers_told: int | None
    eta_overdue: bool
    dark: bool  # the work window runs into darkness (OutageView.dark_from)
    # The ledger lines to print: empty unless the ETA changed during the shift; then the
    # newest HISTORY_LINES revisions, each marked whether it was recorded in the shift.
    eta_history: tuple[EtaChange, ...] = ()
    earlier_revisions_left_out: int = 0
    # The whole ledger when the ETA changed during the shift (the chart draws all of it).
    eta_ledger: tuple[EtaChange, ...] = ()

    @property
    def changes_in_shift(self) -> tuple[EtaChange, ...]:
        return tuple(c for c in self.eta_history if c.in_shift)

    @property
    def eta_moved_in_shift(self) -> bool:
        """A promise of the shift replaced an earlier one (a first ETA alone did not move)."""
        return any(c.in_shift and c.previous_eta is not None for c in self.eta_history)
    # Customers have waited past the shared information-gap threshold (info_gap_minutes).
    info_gap: bool = False


@dataclass(frozen=True)
class ClosedOutage:
    id: int
    title: str
    status: str
    customers_affected: int
    closed_at: datetime | None


@dataclass(frozen=True)
class RunItem:
    material: str
    name: str
    unit: str
    quantity: float


@dataclass(frozen=True)
class MaterialRun:
    id: int
    outage_id: int
    outage_title: str
    technician_name: str
    source_kind: str
    source_name: str
    items: tuple[RunItem, ...]
    started_at: datetime
    expected_arrival: datetime
    minutes_extra: float
    overdue: bool


@dataclass(frozen=True)
class LoanLine:
    serial: str
    model: str
    depot_name: str | None
    outage_id: int
    outage_title: str
    outage_status: str
    customer_ref: str
    lent_at: datetime
    due_at: datetime | None
    overdue: bool


@dataclass(frozen=True)
class Shortage:
    material: str
    name: str
    unit: str
    missing: float


@dataclass(frozen=True)
class TechnicianOnDuty:
    id: int
    name: str
    phone: str
    vehicle: str
    status: str
    lat: float | None
    lon: float | None
    fix_at: datetime | None
    position_age_minutes: int | None
    outage_id: int | None
    outage_title: str | None
    shortages: tuple[Shortage, ...]
    position_stale: bool = False
    stale_after_minutes: int = 10


@dataclass(frozen=True)
class ShiftNoteView:
    id: int
    shift_start: datetime
    written_at: datetime
    written_by: str
    text: str
    version: int

    def as_json(self) -> dict:
        return {"id": self.id, "shift_start": iso_local(self.shift_start), "written_at": iso_local(self.written_at),
                "written_by": self.written_by, "text": self.text, "version": self.version}


@dataclass(frozen=True)
class MapOutage:
    id: int
    lat: float
    lon: float
    status: str
    customers: int
    overdue: bool
    dark: bool | None


@dataclass(frozen=True)
class MapPoint:
    id: int
    lat: float
    lon: float
    label: str
    status: str = ""


@dataclass(frozen=True)
class MapFeatures:
    outages: tuple[MapOutage, ...]
    technicians: tuple[MapPoint, ...]
    depots: tuple[MapPoint, ...]
    # The region's basemap GeoJSON (services/region.py), None without a region: roads and water to print.
    basemap: dict | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class HandoverData:
    operator: str
    dispatcher: str
    shift_start: datetime
    shift_end: datetime
    printed_at: datetime
    outages: tuple[HandoverOutage, ...]  # open ones, most customers first
    closed_in_shift: tuple[ClosedOutage, ...]
    runs: tuple[MaterialRun, ...]
    loans_out: tuple[LoanLine, ...]  # lent for outages still open
    loans_to_collect: tuple[LoanLine, ...]  # outage over: fetch the router back
    technicians: tuple[TechnicianOnDuty, ...]
    notes: tuple[ShiftNoteView, ...]
    map: MapFeatures
    # How far restorations fell from their promises over ACCURACY_DAYS up to the shift's end.
    accuracy: AccuracyReport | None = None
    # How the console works out travel now ("road", "osrm", "geodesic"): the restock times say so.
    travel_source: str = "geodesic"

    @property
    def customers_affected(self) -> int:
        return sum(o.customers_affected for o in self.outages)

    @property
    def eta_changes_in_shift(self) -> int:
        return sum(len(o.changes_in_shift) for o in self.outages)


def _shift_window(since: datetime | None, now: datetime) -> datetime:
    if since is None:
        return now - DEFAULT_SHIFT
    if since.tzinfo is None:
        raise ValidationError.of(N_("the shift start needs a time zone"))
    since = as_utc(since)
    if since >= now:
        raise ValidationError.of(N_("the shift start must be before now"))
    if now - since > MAX_SHIFT:
        raise ValidationError.of(N_("a shift window longer than {days} days is not a handover; check --since"),
                                 days=MAX_SHIFT.days)
    return since


def _ledgers(session, since: datetime, now: datetime, open_ids: set[int]) -> dict[int, list[EtaChange]]:
    """The ETA ledger of every open outage whose ETA changed during the shift (one query)."""
    changed = (
        select(EtaRevision.outage_id)
        .where(EtaRevision.recorded_at >= since, EtaRevision.recorded_at <= now)
        .distinct()
    )
    rows = session.execute(
        select(EtaRevision.id, EtaRevision.outage_id, EtaRevision.eta, EtaRevision.recorded_at,
               EtaRevision.recorded_by, EtaRevision.reason, EtaRevision.note, EtaRevision.customers_told)
        .where(EtaRevision.outage_id.in_(changed), EtaRevision.recorded_at <= now)
        .order_by(EtaRevision.outage_id, EtaRevision.id)
    ).all()
    ledgers: dict[int, list[EtaChange]] = defaultdict(list)
    for r in rows:
        if r.outage_id not in open_ids:
            continue
        ledger = ledgers[r.outage_id]
        previous = ledger[-1].eta if ledger else None
        ledger.append(EtaChange(r.id, r.eta, previous, r.recorded_at, r.recorded_by, r.reason, r.note or "",
                                bool(r.customers_told), since <= r.recorded_at <= now))
    return ledgers


def _to_collect(lines: list[LoanLine], closed_ids: set[int]) -> list[LoanLine]:
    by_serial = {ln.serial: ln for ln in lines}
    picked = loan_rules.to_collect([loan_rules.Loan(serial=ln.serial, outage_id=ln.outage_id,
                                                    customer_ref=ln.customer_ref, lent_at=ln.lent_at,
                                                    due_at=ln.due_at) for ln in lines], closed_ids)
    return [by_serial[loan.serial] for loan in picked]


def collect_handover(db: Db, since: datetime | None = None, now: datetime | None = None,
                     dispatcher: str | None = None) -> HandoverData:
    """Everything the handover prints, as of `now` (default: this moment), for the shift since `since`."""
    # Printed on every page's footer and in the PDF's metadata: a name, not a document.
    dispatcher = check_name(dispatcher, N_("dispatcher name")) or check_name(db.actor, N_("dispatcher name"))
    now = as_utc(now) if now is not None else utcnow()
    since = _shift_window(since, now)
    with db.read() as session:
        views = outage_views(session, open_only=True, now=now)
        open_ids = {v.id for v in views}
        titles = {v.id: v.title for v in views}
        ledgers = _ledgers(session, since, now, open_ids)

        outages = []
        for v in views:
            ledger = ledgers.get(v.id, [])
            shown = ledger[-HISTORY_LINES:]
            outages.append(HandoverOutage(
                id=v.id, title=v.title, area=v.area, status=v.status, cause=v.cause, lat=v.lat, lon=v.lon,
                customers_affected=v.customers_affected, started_at=v.started_at,
                technician_names=v.technician_names, current_eta=v.current_eta, eta_revisions=v.eta_revisions,
                minutes_since_customers_told=v.minutes_since_customers_told, eta_overdue=v.eta_overdue,
                info_gap=v.info_gap_at(now),
                dark=v.runs_into_darkness,
                eta_history=tuple(shown), earlier_revisions_left_out=len(ledger) - len(shown),
                eta_ledger=tuple(ledger),
            ))
        outages.sort(key=lambda o: (-o.customers_affected, o.id))

        closed_rows = session.execute(
            select(Outage.id, Outage.title, Outage.status, Outage.customers_affected, Outage.restored_at)
            .where(Outage.status.in_(_CLOSED), Outage.restored_at >= since, Outage.restored_at <= now)
            .order_by(Outage.restored_at)
        ).all()
        closed_in_shift = tuple(ClosedOutage(r.id, r.title, r.status, r.customers_affected, r.restored_at)
                                for r in closed_rows)

        materials = {m.code: m for m in session.scalars(select(Material))}
        all_techs = technician_views(session, with_stock=True, now=now)
        tech_names = {t.id: t.name for t in all_techs}
        on_duty = [t for t in all_techs if t.on_duty]
        jobs = {t.outage_id for t in on_duty if t.outage_id is not None}
        missing_titles = jobs - set(titles)
        if missing_titles:  # a technician still attached to a closed outage
            titles.update(session.execute(select(Outage.id, Outage.title).where(Outage.id.in_(missing_titles))).all())
        # What a van lacks and whether its position is stale are the read model's facts
        # (services/facts.py), the same the window, the map and `technicians list` show.
        technicians = [
            TechnicianOnDuty(
                id=t.id, name=t.name, phone=t.phone, vehicle=t.vehicle, status=t.status, lat=t.lat, lon=t.lon,
                fix_at=t.fix_at, position_age_minutes=t.position_age_minutes, outage_id=t.outage_id,
                outage_title=titles.get(t.outage_id) if t.outage_id is not None else None,
                shortages=tuple(Shortage(line.material, line.name, line.unit, line.quantity) for line in t.shortage),
                position_stale=t.position_stale, stale_after_minutes=t.stale_after_minutes,
            )
            for t in on_duty
        ]

        runs = []
        for run in session.scalars(
            select(RestockRun).where(RestockRun.status == "under_way").order_by(RestockRun.expected_arrival)
        ):
            try:
                raw_items = json.loads(run.items or "[]")
            except ValueError:
                raw_items = []
            items = []
            for item in raw_items if isinstance(raw_items, list) else []:
                code = str(item.get("material", "")) if isinstance(item, dict) else ""
                if not code:
                    continue
                m = materials.get(code)
                items.append(RunItem(code, m.name if m else code, m.unit if m else "", item.get("quantity", 0)))
            runs.append(MaterialRun(
                id=run.id, outage_id=run.outage_id, outage_title=titles.get(run.outage_id, ""),
                technician_name=tech_names.get(run.technician_id, f"#{run.technician_id}"),
                source_kind=run.source_kind, source_name=run.source_name, items=tuple(items),
                started_at=run.started_at, expected_arrival=run.expected_arrival,
                minutes_extra=run.minutes_extra or 0.0, overdue=run.expected_arrival < now,
            ))
        unknown_run_outages = {r.outage_id for r in runs if not r.outage_title}
        if unknown_run_outages:
            extra = dict(session.execute(select(Outage.id, Outage.title)
                                         .where(Outage.id.in_(unknown_run_outages))).all())
            runs = [r if r.outage_title else replace(r, outage_title=extra.get(r.outage_id, "")) for r in runs]

        from_depot = Depot.__table__.alias("from_depot")
        loan_rows = session.execute(
            select(Loan, LoanerRouter.model, func.coalesce(from_depot.c.name, Depot.name).label("depot"),
                   Outage.title, Outage.status)
            .join(LoanerRouter, LoanerRouter.serial == Loan.router_serial)
            .join(Outage, Outage.id == Loan.outage_id)
            .outerjoin(from_depot, from_depot.c.id == Loan.from_depot_id)
            .outerjoin(Depot, Depot.id == LoanerRouter.depot_id)
            .where(Loan.returned_at.is_(None))
            .order_by(Loan.lent_at, Loan.router_serial)
        ).all()
        # The same due dates as `loans list` and the Loaners tab: one rule, in the loans service.
        dues = loan_due_dates(session, [r.Loan for r in loan_rows])
        loans = [LoanLine(r.Loan.router_serial, r.model, r.depot, r.Loan.outage_id, r.title, r.status,
                          r.Loan.customer_ref, r.Loan.lent_at, dues[r.Loan.id],
                          dues[r.Loan.id] is not None and dues[r.Loan.id] < now) for r in loan_rows]
        closed_ids = {ln.outage_id for ln in loans if ln.outage_status in _CLOSED}
        to_collect = _to_collect(loans, closed_ids)
        collect_serials = {ln.serial for ln in to_collect}
        loans_out = [ln for ln in loans if ln.serial not in collect_serials]

        notes = _notes(session, since, now)
        accuracy = accuracy_in(session, now - timedelta(days=ACCURACY_DAYS), now)
        depots = depot_views(session, with_stock=False)
        basemap = basemap_in(session)
        travel_source = source_in(session)

    features = MapFeatures(
        outages=tuple(MapOutage(o.id, o.lat, o.lon, o.status, o.customers_affected, o.eta_overdue, o.dark)
                      for o in outages),
        technicians=tuple(MapPoint(t.id, t.lat, t.lon, t.name, t.status) for t in technicians
                          if t.lat is not None and t.lon is not None),
        depots=tuple(MapPoint(d.id, d.lat, d.lon, d.name) for d in depots),
        basemap=basemap,
    )
    return HandoverData(
        operator=OPERATOR, dispatcher=dispatcher,
        shift_start=since, shift_end=now, printed_at=utcnow(), outages=tuple(outages),
        closed_in_shift=closed_in_shift, runs=tuple(runs), loans_out=tuple(loans_out),
        loans_to_collect=tuple(to_collect), technicians=tuple(technicians), notes=notes, map=features,
        accuracy=accuracy, travel_source=travel_source,
    )


def _note_view(n: ShiftNote) -> ShiftNoteView:
    return ShiftNoteView(n.id, n.shift_start, n.written_at, n.written_by, n.text, n.version)


def _notes(session, since: datetime, now: datetime | None = None) -> tuple[ShiftNoteView, ...]:
    """Notes of this shift: filed under a shift that began in the window, or written during it."""
    query = select(ShiftNote).where(or_(ShiftNote.shift_start >= since, ShiftNote.written_at >= since))
    if now is not None:
        query = query.where(ShiftNote.written_at <= now)
    return tuple(_note_view(n) for n in session.scalars(query.order_by(ShiftNote.written_at, ShiftNote.id)))


def shift_notes(db: Db, since: datetime) -> list[ShiftNoteView]:
    if since.tzinfo is None:
        raise ValidationError.of(N_("the shift start needs a time zone"))
    with db.read() as session:
        return list(_notes(session, as_utc(since)))


def save_shift_note(db: Db, text: str, shift_start: datetime) -> ShiftNoteView:
    """File a handover note under the shift that started at `shift_start`."""
    if not (text or "").strip():
        raise ValidationError.of(N_("a handover note needs some text"))
    body = check_text(text, N_("the note"), HANDOVER_NOTE_CHARS, one_line=False)
    if not isinstance(shift_start, datetime) or shift_start.tzinfo is None:
        raise ValidationError.of(N_("the shift start needs a time zone"))
    with db.unit() as uow:
        start = as_utc(shift_start)
        if start > uow.now:
            raise ValidationError.of(N_("a shift cannot start in the future"))
        note = ShiftNote(shift_start=start, written_at=uow.now, written_by=uow.actor, text=body)
        uow.session.add(note)
        uow.session.flush()
        uow.audit("create", "shift_note", note.id, None,
                  {"shift_start": start, "written_by": uow.actor, "text": body})
        return _note_view(note)
