"""Loaner 4G routers: the pool, lending, returning, collecting, and when to offer them.

The rules live in console.domain.loans; this module reads the state they need, calls the
checks before writing anything, and writes each action in one unit of work.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from console.domain import loans as rules
from console.domain.errors import NeedsConfirmation, NotFound
from console.domain.timeutil import format_local, iso_local, utcnow
from console.domain.vocabulary import N_
from console.store.schema import Depot, EtaRevision, Loan, LoanerRouter, Outage

from . import facts
from .outages import load_outage
from .queries import outage_views
from .settings import read_settings
from .travel import nearest, provider_in
from .uow import Db

# The loans table holds shorter references than the domain allows; checked here so the
# database never has to refuse one.
_CLOSED = ("restored", "cancelled")


@dataclass(frozen=True)
class LoanView:
    """One router with its current loan, else its last one, else no loan at all.

    `depot` is where the router is now: None while it is out with a customer.
    """

    serial: str
    depot: str | None
    outage_id: int | None
    customer_ref: str | None
    lent_at: datetime | None
    due_at: datetime | None
    returned_at: datetime | None
    depot_id: int | None = None
    model: str = ""

    @property
    def is_out(self) -> bool:
        return self.lent_at is not None and self.returned_at is None

    def is_overdue(self, now: datetime) -> bool:
        return self.is_out and self.due_at is not None and self.due_at < now

    def as_json(self) -> dict:
        return {
            "serial": self.serial,
            "depot": self.depot,
            "outage_id": self.outage_id,
            "customer_ref": self.customer_ref,
            "lent_at": iso_local(self.lent_at),
            "due_at": iso_local(self.due_at),
            "returned_at": iso_local(self.returned_at),
        }


class LoanerSuggestion(NamedTuple):
    """An outage to offer loaners for; unpacks as (outage_id, reason)."""

    outage_id: int
    reason: str


def _depot_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Depot.id, Depot.name)).all())


def _view(router: LoanerRouter, loan: Loan | None, depots: dict[int, str],
          dues: dict[int, datetime | None] | None = None) -> LoanView:
    # A router out with a customer is at no depot, whatever an older record says.
    out = loan is not None and loan.returned_at is None
    depot = depots.get(router.depot_id) if router.depot_id is not None and not out else None
    if loan is None:
        return LoanView(router.serial, depot, None, None, None, None, None, router.depot_id, router.model)
    due = dues.get(loan.id, loan.due_at) if dues else loan.due_at
    return LoanView(router.serial, depot, loan.outage_id, loan.customer_ref, loan.lent_at, due,
                    loan.returned_at, router.depot_id, router.model)


def due_dates(session: Session, loans: list[Loan]) -> dict[int, datetime | None]:
    """Due dates by today's rule for loans still out: restoration + N days once restored,
    provisional from the current ETA before.  The date stored at lending is only the
    provisional one of that moment, so a slipped ETA or the restoration moves it here.
    A returned loan, or one for a cancelled outage, keeps the date it has."""
    result = {loan.id: loan.due_at for loan in loans}
    out = [loan for loan in loans if loan.returned_at is None]
    if not out:
        return result
    ids = {loan.outage_id for loan in out}
    outages = {row.id: row for row in session.execute(
        select(Outage.id, Outage.status, Outage.restored_at).where(Outage.id.in_(ids)))}
    etas = facts.current_etas(session, ids)
    limits = read_settings(session).loan_settings
    for loan in out:
        outage = outages.get(loan.outage_id)
        if outage is None or outage.status == "cancelled":
            continue
        due = rules.due_at(outage.restored_at, etas.get(loan.outage_id), limits)
        if due is not None:
            result[loan.id] = due
    return result


def _latest_loans(session: Session, serials: list[str] | None = None) -> dict[str, Loan]:
    """Each router's loan that matters: the one out, else the newest."""
    query = select(Loan).order_by(Loan.router_serial, Loan.lent_at, Loan.id)
    if serials is not None:
        query = query.where(Loan.router_serial.in_(serials))
    latest: dict[str, Loan] = {}
    for loan in session.scalars(query):
        held = latest.get(loan.router_serial)
        # An open loan always wins; among closed ones the newest (query order) wins.
        if held is None or held.returned_at is not None or loan.returned_at is None:
            latest[loan.router_serial] = loan
    return latest


def list_loans(db: Db) -> list[LoanView]:
    """One row per router in the pool, by serial."""
    with db.read() as session:
        routers = session.scalars(select(LoanerRouter).order_by(LoanerRouter.serial)).all()
        loans = _latest_loans(session)
        depots = _depot_names(session)
        dues = due_dates(session, list(loans.values()))
        return [_view(r, loans.get(r.serial), depots, dues) for r in routers]


def get_loan(db: Db, serial: str) -> LoanView:
    serial = rules.check_serial(serial)
    with db.read() as session:
        router = session.get(LoanerRouter, serial)
        if router is None:
            raise NotFound.of(N_("no loaner router with serial {serial}"), serial=serial)
        loan = _latest_loans(session, [serial]).get(serial)
        dues = due_dates(session, [loan]) if loan is not None else None
        return _view(router, loan, _depot_names(session), dues)


def _open_loan(session: Session, serial: str) -> Loan | None:
    return session.scalar(
        select(Loan).where(Loan.router_serial == serial, Loan.returned_at.is_(None)).order_by(Loan.id.desc())
    )


def _state(router: LoanerRouter, loan: Loan | None) -> rules.RouterState:
    domain_loan = None
    if loan is not None:
        domain_loan = rules.Loan(serial=loan.router_serial, outage_id=loan.outage_id,
                                 customer_ref=loan.customer_ref, lent_at=loan.lent_at, due_at=loan.due_at,
                                 returned_at=loan.returned_at)
    return rules.RouterState(serial=router.serial, loan=domain_loan)


def _load_router(session: Session, serial: str) -> LoanerRouter:
    router = session.get(LoanerRouter, serial)
    if router is None:
        raise NotFound.of(N_("no loaner router with serial {serial}"), serial=serial)
    return router


def _current_eta(session: Session, outage_id: int) -> datetime | None:
    return session.scalar(
        select(EtaRevision.eta).where(EtaRevision.outage_id == outage_id).order_by(EtaRevision.id.desc()).limit(1)
    )


def open_loan_of_customer(session: Session, customer_ref: str) -> Loan | None:
    """The router a customer already has out, if any (the oldest of them)."""
    return session.scalars(select(Loan).where(Loan.customer_ref == customer_ref, Loan.returned_at.is_(None))
                           .order_by(Loan.lent_at, Loan.id).limit(1)).first()


def lend(db: Db, serial: str, outage_id: int, customer_ref: str, second: bool = False) -> LoanView:
    """Lend a router from the pool to a customer of an open outage; it leaves its depot.

    A customer who already has one out gets a second only when the caller says so (`second`):
    two routers for one household is usually a mistake, now and then a large site's need."""
    serial = rules.check_serial(serial)
    customer_ref = rules.check_customer_ref(customer_ref)
    with db.unit() as uow:
        session = uow.session
        router = _load_router(session, serial)
        rules.check_can_lend(_state(router, _open_loan(session, serial)))
        already = open_loan_of_customer(session, customer_ref)
        if already is not None and not second:
            raise NeedsConfirmation.of(
                N_("{customer} already has router {serial} out since {since} (outage {outage})"),
                facts={"customer": customer_ref, "serial": already.router_serial, "since": already.lent_at,
                       "outage_id": already.outage_id},
                customer=customer_ref, serial=already.router_serial,
                since=format_local(already.lent_at, "%Y-%m-%d %H:%M"), outage=already.outage_id)
        outage = load_outage(session, outage_id)
        rules.check_outage_accepts_loans(outage.id, outage.status)
        settings = read_settings(session)
        due = rules.due_at(outage.restored_at, _current_eta(session, outage.id), settings.loan_settings)
        depots = _depot_names(session)
        before = {"depot_id": router.depot_id, "depot": depots.get(router.depot_id)}
        loan = Loan(router_serial=serial, outage_id=outage.id, customer_ref=customer_ref,
                    from_depot_id=router.depot_id, lent_at=uow.now, due_at=due, lent_by=uow.actor)
        session.add(loan)
        router.depot_id = None
        # Always an UPDATE with its version check, even for a router that had no depot:
        # two workstations lending the same router at once cannot both succeed.
        flag_modified(router, "depot_id")
        session.flush()
        uow.audit("lend", "loaner_router", serial, before,
                  {"loan": loan.id, "outage_id": outage.id, "customer_ref": customer_ref, "due_at": due})
        uow.changed("loan", loan.id)
        uow.changed("outage", outage.id)
        return _view(router, loan, depots)


@dataclass(frozen=True)
class RouterChoice:
    """A router that can be lent now, with how far its depot is from the outage."""
    serial: str
    depot: str | None
    km: float | None
    minutes: float | None  # driving time depot -> outage; None for a router at no depot


def router_choices(db: Db, outage_id: int) -> list[RouterChoice]:
    """The routers at depots, nearest to the outage first (by driving time, as every trip the
    console plans), then by serial; one matrix for all depots."""
    with db.read() as session:
        outage = load_outage(session, outage_id)
        out = set(session.scalars(select(Loan.router_serial).where(Loan.returned_at.is_(None))))
        routers = [r for r in session.scalars(select(LoanerRouter).order_by(LoanerRouter.serial))
                   if r.serial not in out]
        depots = {d.id: d for d in session.scalars(select(Depot).order_by(Depot.id))
                  if any(r.depot_id == d.id for r in routers)}
        far: dict[int, tuple[float, float]] = {}
        if depots:
            ids = list(depots)
            matrix = provider_in(session).matrix([(outage.lat, outage.lon)],
                                                 [(depots[i].lat, depots[i].lon) for i in ids])
            far = {i: (float(matrix.km[0][n]), float(matrix.minutes[0][n])) for n, i in enumerate(ids)}
        choices = [RouterChoice(r.serial, depots[r.depot_id].name if r.depot_id in depots else None,
                                *far.get(r.depot_id, (None, None))) for r in routers]
    return sorted(choices, key=lambda c: (c.minutes is None, c.minutes or 0.0, c.serial))


def _nearest_depot(session: Session, outage: Outage | None) -> int | None:
    if outage is None:
        return None
    depots = session.execute(select(Depot.id, Depot.lat, Depot.lon).order_by(Depot.id)).all()
    if not depots:
        return None
    # Nearest by driving time, as every other trip the console plans.
    minutes = provider_in(session).matrix([(outage.lat, outage.lon)], [(d.lat, d.lon) for d in depots]).minutes[0]
    return nearest(minutes, [d.id for d in depots])


def return_router(db: Db, serial: str, depot_id: int | None = None) -> LoanView:
    """Close the router's open loan and put it at a depot.

    Without `depot_id` it goes back to the depot it was lent from, else the nearest
    depot to the outage it was lent for.
    """
    serial = rules.check_serial(serial)
    with db.unit() as uow:
        session = uow.session
        router = _load_router(session, serial)
        loan = _open_loan(session, serial)
        rules.check_can_return(_state(router, loan))
        if depot_id is not None:
            if session.get(Depot, depot_id) is None:
                raise NotFound.of(N_("no depot with id {depot_id}"), depot_id=depot_id)
            target = depot_id
        else:
            candidates = (loan.from_depot_id, router.depot_id)
            target = next((d for d in candidates if d is not None and session.get(Depot, d) is not None), None)
            if target is None:
                target = _nearest_depot(session, session.get(Outage, loan.outage_id))
        # The loan's record keeps the due date that held while it was out.
        loan.due_at = due_dates(session, [loan])[loan.id]
        loan.returned_at = uow.now
        router.depot_id = target
        flag_modified(router, "depot_id")
        session.flush()
        depots = _depot_names(session)
        uow.audit("return", "loaner_router", serial,
                  {"loan": loan.id, "outage_id": loan.outage_id, "customer_ref": loan.customer_ref},
                  {"returned_at": uow.now, "depot_id": target, "depot": depots.get(target)})
        uow.changed("loan", loan.id)
        uow.changed("outage", loan.outage_id)
        return _view(router, loan, depots)


def to_collect(db: Db) -> list[LoanView]:
    """Routers still out for outages that are over (restored, or cancelled): earliest due first."""
    with db.read() as session:
        out = session.scalars(
            select(Loan).join(Outage, Outage.id == Loan.outage_id)
            .where(Loan.returned_at.is_(None), Outage.status.in_(_CLOSED))
        ).all()
        if not out:
            return []
        routers = {r.serial: r for r in session.scalars(
            select(LoanerRouter).where(LoanerRouter.serial.in_([loan.router_serial for loan in out])))}
        depots = _depot_names(session)
        by_serial = {loan.router_serial: loan for loan in out}
        dues = due_dates(session, list(out))
        ordered = rules.to_collect(
            [rules.Loan(serial=loan.router_serial, outage_id=loan.outage_id, customer_ref=loan.customer_ref,
                        lent_at=loan.lent_at, due_at=dues[loan.id]) for loan in out],
            {loan.outage_id for loan in out},
        )
        return [_view(routers[item.serial], by_serial[item.serial], depots, dues) for item in ordered]


def _hours(delta) -> str:
    return f"{delta.total_seconds() / 3600:.0f} h"


def suggest_loaners(db: Db, now: datetime | None = None) -> list[LoanerSuggestion]:
    """Open outages long enough to offer loaner routers, with why, oldest outage first."""
    now = now or utcnow()
    with db.read() as session:
        settings = read_settings(session)
        views = outage_views(session, open_only=True, now=now)
    limit = settings.loan_settings
    threshold = f"{limit.suggest_after_hours:g} h"
    found = []
    for v in sorted(views, key=lambda v: (v.started_at, v.id)):
        if not rules.should_suggest_loaners(v.started_at, v.current_eta, limit, now=now):
            continue
        eta_span = v.current_eta - v.started_at if v.current_eta is not None else None
        lasted = now - v.started_at
        if eta_span is not None and eta_span >= lasted:
            reason = f"current ETA is {_hours(eta_span)} after the start (loaners from {threshold})"
        else:
            reason = f"outage has lasted {_hours(lasted)} (loaners from {threshold})"
        found.append(LoanerSuggestion(v.id, reason))
    return found


def loan_counts(db: Db) -> dict[str, int]:
    """Routers in the pool, out on loan, and out for outages already over."""
    with db.read() as session:
        total = session.scalar(select(func.count()).select_from(LoanerRouter)) or 0
        out = session.scalar(select(func.count()).select_from(Loan).where(Loan.returned_at.is_(None))) or 0
        collect = session.scalar(
            select(func.count()).select_from(Loan).join(Outage, Outage.id == Loan.outage_id)
            .where(Loan.returned_at.is_(None), Outage.status.in_(_CLOSED))
        ) or 0
    return {"routers": total, "out": out, "available": total - out, "to_collect": collect}


__all__ = ["LoanView", "LoanerSuggestion", "list_loans", "get_loan", "lend", "return_router", "to_collect",
           "suggest_loaners", "loan_counts", "RouterChoice", "router_choices"]
