"""How good the promised ETAs turned out: per outage on restoration, and per cause over a period."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from console.domain.enums import Cause, OutageStatus
from console.domain.errors import StoredWord, ValidationError
from console.domain.vocabulary import N_
from console.domain.eta_rules import Accuracy, CauseAccuracy, accuracy, aggregate_by_cause
from console.domain.timeutil import as_utc, iso_local
from console.store.schema import EtaRevision, Outage

from .outages import load_outage
from .uow import Db


def _accuracy_json(acc: Accuracy | None) -> dict | None:
    if acc is None:
        return None
    return {
        "first_error_min": round(acc.first_error_min, 1),
        "last_error_min": round(acc.last_error_min, 1),
        "revisions": acc.revisions,
        "bias_min": round(acc.bias_min, 1),
    }


@dataclass(frozen=True)
class OutageAccuracyView:
    outage_id: int
    cause: str
    restored_at: datetime
    promises: int
    accuracy: Accuracy | None  # None: nothing was promised before restoration

    def as_json(self) -> dict:
        return {"outage_id": self.outage_id, "cause": self.cause, "restored_at": iso_local(self.restored_at),
                "promises": self.promises, "accuracy": _accuracy_json(self.accuracy)}


@dataclass(frozen=True)
class AccuracyReport:
    """Errors are restored minus promised, in minutes: positive means restored late."""

    since: datetime
    until: datetime
    restored: int  # outages restored in the period
    without_promise: int  # of those, how many had no ETA before restoration
    by_cause: tuple[CauseAccuracy, ...]  # causes in their declared order
    # (cause, first error, last error) of each restored outage that had a promise: what a chart
    # of the spread needs, which the per-cause means do not keep.
    errors: tuple[tuple[str, float, float], ...] = ()

    def as_json(self) -> dict:
        return {
            "since": iso_local(self.since),
            "until": iso_local(self.until),
            "restored": self.restored,
            "without_promise": self.without_promise,
            "by_cause": [
                {
                    "cause": c.cause.value,
                    "count": c.count,
                    "mean_abs_first_min": round(c.mean_abs_first_min, 1),
                    "mean_abs_last_min": round(c.mean_abs_last_min, 1),
                    "mean_revisions": round(c.mean_revisions, 2),
                    "mean_bias_min": round(c.mean_bias_min, 1),
                }
                for c in self.by_cause
            ],
        }


def _promises(session, outage_ids: list[int]) -> dict[int, list[tuple[datetime, datetime]]]:
    out: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    if not outage_ids:
        return out
    rows = session.execute(
        select(EtaRevision.outage_id, EtaRevision.recorded_at, EtaRevision.eta)
        .where(EtaRevision.outage_id.in_(outage_ids))
        .order_by(EtaRevision.outage_id, EtaRevision.id)
    )
    for outage_id, recorded_at, eta in rows:
        out[outage_id].append((recorded_at, eta))
    return out


def eta_accuracy(db: Db, since: datetime, until: datetime) -> AccuracyReport:
    """Outages restored in [since, until), summarised per cause."""
    for name, value in (("since", since), ("until", until)):
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValidationError.of(N_("'{name}' must be a time with a time zone"), name=name)
    since, until = as_utc(since), as_utc(until)
    if until <= since:
        raise ValidationError.of(N_("the period ends ({until}) before it starts ({since})"),
                                 until=iso_local(until), since=iso_local(since))
    with db.read() as session:
        return accuracy_in(session, since, until)


def accuracy_in(session, since: datetime, until: datetime) -> AccuracyReport:
    """The report read in a session the caller holds (the handover reads everything in one)."""
    since, until = as_utc(since), as_utc(until)
    restored = session.execute(
        select(Outage.id, Outage.cause, Outage.restored_at)
        .where(Outage.status == OutageStatus.RESTORED.value, Outage.restored_at >= since,
               Outage.restored_at < until)
        .order_by(Outage.id)
    ).all()
    promises = _promises(session, [r.id for r in restored])
    items = [(r.cause, accuracy(promises.get(r.id, ()), r.restored_at)) for r in restored]
    summary = aggregate_by_cause(items)
    return AccuracyReport(
        since=since, until=until, restored=len(items),
        without_promise=sum(1 for _, acc in items if acc is None),
        by_cause=tuple(summary[c] for c in Cause if c in summary),
        errors=tuple((cause, acc.first_error_min, acc.last_error_min) for cause, acc in items if acc is not None),
    )


def outage_accuracy(db: Db, outage_id: int) -> OutageAccuracyView:
    with db.read() as session:
        outage = load_outage(session, outage_id)
        if outage.status != OutageStatus.RESTORED.value or outage.restored_at is None:
            raise ValidationError.of(N_("outage {outage_id} is {status}, not restored: its ETAs cannot be judged yet"),
                                     outage_id=outage_id, status=StoredWord("outage_status", outage.status))
        promised = _promises(session, [outage_id])[outage_id]
        return OutageAccuracyView(outage_id, outage.cause, outage.restored_at, len(promised),
                                  accuracy(promised, outage.restored_at))


__all__ = ["AccuracyReport", "OutageAccuracyView", "accuracy_in", "eta_accuracy", "outage_accuracy"]
