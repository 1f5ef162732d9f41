"""What the public status export says about each open outage, read from the store.

The files themselves are written by console.reports.status_export (reports sit above
services, so the page renderer is not imported here).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.domain.timeutil import as_utc, utcnow
from console.store.schema import AuditEntry, CustomerNotice, EtaRevision

from .queries import outage_views
from .readmodels import OutageView
from .uow import Db


@dataclass(frozen=True)
class PublicStatusRow:
    """One open outage as the public may see it; field names follow reports.status_page.PublicOutage."""

    id: int
    area: str
    title: str
    status: str
    cause: str
    customers_affected: int
    started_at: datetime
    current_eta: datetime | None
    last_update: datetime


@dataclass(frozen=True)
class PublicStatus:
    generated_at: datetime
    outages: tuple[PublicStatusRow, ...]


def _latest_by_outage(session: Session, column, key, ids: list[int]) -> dict[int, datetime]:
    rows = session.execute(select(key, func.max(column)).where(key.in_(ids)).group_by(key)).all()
    return {int(k): as_utc(v) for k, v in rows if v is not None}


def _latest_status_changes(session: Session, ids: list[int]) -> dict[int, datetime]:
    # Status changes are recorded only in the audit log, whose entity ids are text.
    rows = session.execute(
        select(AuditEntry.entity_id, func.max(AuditEntry.at))
        .where(AuditEntry.entity == "outage", AuditEntry.action == "status",
               AuditEntry.entity_id.in_([str(i) for i in ids]))
        .group_by(AuditEntry.entity_id)
    ).all()
    return {int(k): as_utc(v) for k, v in rows if v is not None}


def last_updates(session: Session, views: list[OutageView]) -> dict[int, datetime]:
    """For each outage, the last moment something customers care about happened: a new ETA,
    a notice, a status change (or the start, when nothing has happened since)."""
    ids = [v.id for v in views]
    if not ids:
        return {}
    sources = [
        _latest_by_outage(session, EtaRevision.recorded_at, EtaRevision.outage_id, ids),
        _latest_by_outage(session, CustomerNotice.sent_at, CustomerNotice.outage_id, ids),
        _latest_status_changes(session, ids),
    ]
    result = {}
    for v in views:
        candidates = [v.started_at, *(s[v.id] for s in sources if v.id in s)]
        candidates += [t for t in (v.customers_told_at, v.untold_change_at) if t is not None]
        result[v.id] = max(as_utc(t) for t in candidates)
    return result


def public_status(db: Db, now: datetime | None = None) -> PublicStatus:
    """The open outages, oldest first, with their last public update."""
    now = now or utcnow()
    with db.read() as session:
        views = outage_views(session, open_only=True, now=now)
        updated = last_updates(session, views)
    rows = tuple(
        PublicStatusRow(id=v.id, area=v.area or v.title, title=v.title, status=v.status, cause=v.cause,
                        customers_affected=v.customers_affected, started_at=v.started_at,
                        current_eta=v.current_eta, last_update=updated[v.id])
        for v in sorted(views, key=lambda v: (v.started_at, v.id))
    )
    return PublicStatus(now, rows)


__all__ = ["PublicStatusRow", "PublicStatus", "public_status", "last_updates"]
