"""The ETA ledger: revisions are appended, never changed; the current ETA is the newest."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from console.domain.enums import EtaReason, parse_enum
from console.domain.errors import StoredWord, ValidationError
from console.domain.limits import NOTE_CHARS, check_name, check_text
from console.domain.vocabulary import N_
from console.domain.timeutil import format_local
from console.store.schema import EtaRevision

from .outages import load_outage
from .readmodels import EtaRevisionView
from .uow import Db

MAX_NOTE = NOTE_CHARS


def _view(r: EtaRevision) -> EtaRevisionView:
    return EtaRevisionView(r.id, r.outage_id, r.eta, r.recorded_at, r.recorded_by, r.reason, r.note,
                           r.customers_told)


def eta_history(db: Db, outage_id: int) -> list[EtaRevisionView]:
    with db.read() as session:
        load_outage(session, outage_id)
        rows = session.scalars(select(EtaRevision).where(EtaRevision.outage_id == outage_id).order_by(EtaRevision.id))
        return [_view(r) for r in rows]


def set_eta(db: Db, outage_id: int, eta: datetime, reason: str, note: str = "", by: str | None = None,
            customers_told: bool = False, expected_version: int | None = None) -> EtaRevisionView:
    reason_value = parse_enum(EtaReason, reason, N_("reason"))
    note = check_text(note, N_("note"), NOTE_CHARS, one_line=False)
    by = check_name(by, N_("the name of who promised it"))
    if eta.tzinfo is None:
        raise ValidationError.of(N_("the ETA needs a time zone"))
    with db.unit() as uow:
        outage = load_outage(uow.session, outage_id, expected_version)
        if outage.status in ("restored", "cancelled"):
            raise ValidationError.of(N_("outage {outage} is {status}; its ETA can no longer change"), outage=outage_id,
                                     status=StoredWord("outage_status", outage.status))
        if eta < outage.started_at:
            raise ValidationError.of(N_("ETA {eta} is before outage {outage} started ({started})"),
                                     eta=format_local(eta), outage=outage_id, started=format_local(outage.started_at))
        revision = EtaRevision(outage_id=outage_id, eta=eta, recorded_at=uow.now,
                               recorded_by=(by or uow.actor).strip() or uow.actor, db_role=uow.db_role,
                               reason=reason_value.value, note=note, customers_told=customers_told)
        uow.session.add(revision)
        if customers_told:
            outage.customers_told_at = uow.now
            outage.untold_change_at = None
        elif outage.untold_change_at is None:
            outage.untold_change_at = uow.now
        # A new ETA changes what the outage promises even when no column of its row changes:
        # touch the row so its version moves and another workstation's older view becomes stale.
        flag_modified(outage, "status")
        uow.session.flush()
        uow.audit("eta", "outage", outage_id, None,
                  {"eta": eta, "reason": reason_value.value, "note": note, "revision": revision.id})
        return _view(revision)
