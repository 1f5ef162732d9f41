"""The audit trail of one record, as the detail pane shows it: who did what, when, in one line each."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select

from console.domain.errors import ValidationError
from console.domain.vocabulary import N_
from console.domain.timeutil import format_local
from console.store.schema import AuditEntry, Technician

from .uow import Db

MAX_LIMIT = 5000
# Keys that change on every edit and say nothing to a dispatcher.
_QUIET_KEYS = {"version"}
_TIME_KEYS = {"restored_at", "customers_told_at", "untold_change_at", "eta", "started_at"}


@dataclass(frozen=True)
class AuditView:
    id: int
    at: datetime
    who: str
    action: str
    entity: str
    entity_id: str
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    summary: str = ""
    subject: str = ""  # the technician's name on assignment rows, for words the window writes itself


# Records kept under their own entity whose rows name the outage they were for.
RELATED_TO_OUTAGE = ("restock_run", "loaner_router")


def audit_trail(db: Db, entity: str, entity_id, limit: int = 200) -> list[AuditView]:
    """Newest first. For an outage this includes its ETA revisions, the technicians assigned
    to it or moved away from it, its material runs and the routers lent for it (those rows are
    kept under the technician, the run and the router)."""
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValidationError.of(N_("limit must be a whole number from 1 to {most}, got {limit}"),
                                 most=MAX_LIMIT, limit=repr(limit))
    key = str(entity_id)
    with db.read() as session:
        clauses = [(AuditEntry.entity == entity) & (AuditEntry.entity_id == key)]
        if entity == "outage" and key.isdigit():
            # Assignment rows name the outage only inside their JSON; LIKE narrows, _mentions decides.
            mentioned = or_(AuditEntry.after.like(f"%{key}%"), AuditEntry.before.like(f"%{key}%"))
            clauses.append((AuditEntry.entity == "technician") & (AuditEntry.action == "assign") & mentioned)
            clauses.append(AuditEntry.entity.in_(RELATED_TO_OUTAGE) & mentioned)
        rows = session.scalars(
            # By id, not time: workstation clocks may disagree, the database's sequence does not.
            select(AuditEntry).where(or_(*clauses)).order_by(AuditEntry.id.desc())
        ).all()
        entries = []
        for row in rows:
            before, after = _load(row.before), _load(row.after)
            if row.entity != entity and not _mentions(before, after, int(key)):
                continue
            entries.append((row, before, after))
            if len(entries) >= limit:
                break
        tech_ids = {int(r.entity_id) for r, _, _ in entries if r.entity == "technician" and r.entity_id.isdigit()}
        names = dict(session.execute(select(Technician.id, Technician.name).where(Technician.id.in_(tech_ids))).all()) \
            if tech_ids else {}
        outage_id = int(key) if entity == "outage" and key.isdigit() else None
        return [
            AuditView(row.id, row.at, row.who, row.action, row.entity, row.entity_id, before, after,
                      _summary(row.action, row.entity, row.entity_id, before, after, names, outage_id),
                      names.get(int(row.entity_id), "") if row.entity == "technician" and row.entity_id.isdigit()
                      else "")
            for row, before, after in entries
        ]


def _load(raw: str | None) -> dict:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:  # a hand-edited or truncated row still shows, just without details
        return {"text": raw}
    return value if isinstance(value, dict) else {"value": value}


def _mentions(before: dict, after: dict, outage_id: int) -> bool:
    for side in (before, after):
        value = side.get("outage_id")
        ids = value if isinstance(value, list) else [value]
        if outage_id in ids:
            return True
    return False


def _fmt(key: str, value) -> str:
    if value is None or value == "":
        return "–"
    if key in _TIME_KEYS and isinstance(value, str):
        try:
            return format_local(datetime.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _diff(before: dict, after: dict) -> str:
    parts = []
    keys = [k for k in after if k not in _QUIET_KEYS] + [k for k in before if k not in after and k not in _QUIET_KEYS]
    for k in keys:
        if before.get(k) != after.get(k):
            parts.append(f"{k}: {_fmt(k, before.get(k))} → {_fmt(k, after.get(k))}")
    return "; ".join(parts)


def _summary(action: str, entity: str, entity_id: str, before: dict, after: dict,
             names: dict[int, str], outage_id: int | None) -> str:
    if action == "create" and entity == "outage":
        return (f"created: {after.get('title', '')} ({after.get('customers_affected', '?')} customers, "
                f"cause {after.get('cause', 'unknown')}, status {after.get('status', '?')})")
    if action == "eta":
        text = f"ETA {_fmt('eta', after.get('eta'))} ({after.get('reason', '?')})"
        return f"{text}: {after['note']}" if after.get("note") else text
    if action == "assign" and entity == "technician":
        who = names.get(int(entity_id), f"technician {entity_id}") if entity_id.isdigit() else entity_id
        if outage_id is None or after.get("outage_id") == outage_id:
            return f"{who} assigned"
        return f"{who} moved to outage {after.get('outage_id')}"
    if action == "notice":
        return f"customers told ({after.get('channel', '?')}, {after.get('lang', '?')})"
    return _diff(before, after) or action


__all__ = ["AuditView", "audit_trail"]
