"""Restored outages as history: imported from the previous ticket system, and the console's own.

Both feed the learned repair times (console/domain/repair_model.py); the imported ones live
in their own table and never show among the outages.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.domain.csv_rows import read_csv_text
from console.domain.enums import Cause, OutageStatus, parse_enum
from console.domain.errors import ValidationError
from console.domain.vocabulary import N_
from console.domain.eta_rules import EtaSettings
from console.domain.history import HistoryFile, PastOutageRow, read_history_csv
from console.domain.repair_model import RepairCase, RepairModel
from console.domain.timeutil import as_utc
from console.store.schema import AuditEntry, Outage, PastOutage

from .uow import Db

class HistoryRefused(ValidationError):
    """The file has bad lines; nothing was imported. bad_lines: (line, reason), in file order."""

    def __init__(self, message: str, bad_lines: list[tuple[int, str]]):
        super().__init__(message)
        self.bad_lines = bad_lines


@dataclass(frozen=True)
class HistoryImportView:
    stored: int
    already_there: int  # refs imported before with the same figures: skipped
    by_cause: tuple[tuple[str, int], ...]  # stored per cause, in declared order

    def as_json(self) -> dict:
        return {"stored": self.stored, "already_there": self.already_there,
                "by_cause": {cause: n for cause, n in self.by_cause}}


def read_history_file(path: str | Path) -> HistoryFile:
    return read_history_csv(read_csv_text(path))


def _same(stored: PastOutage, row: PastOutageRow) -> bool:
    return (stored.cause == row.cause.value and stored.started_at == row.started_at
            and stored.restored_at == row.restored_at and stored.customers_affected == row.customers_affected
            and abs(stored.lat - row.lat) < 1e-7 and abs(stored.lon - row.lon) < 1e-7
            and stored.first_eta == row.first_eta)


def import_history(db: Db, parsed: HistoryFile, source: str = "") -> HistoryImportView:
    """All rows or none: any bad line, or a ref imported before with other figures, refuses the file."""
    bad = list(parsed.bad_lines)
    if not parsed.rows and not bad:
        raise (ValidationError.of(N_("no past outages in {source}"), source=source) if source
               else ValidationError.of(N_("no past outages in the file")))
    with db.unit() as uow:
        refs = [row.ref for row in parsed.rows]
        existing: dict[str, PastOutage] = {}
        for start in range(0, len(refs), 500):
            chunk = refs[start:start + 500]
            existing.update({p.ref: p for p in uow.session.scalars(select(PastOutage).where(PastOutage.ref.in_(chunk)))})
        new_rows, already = [], 0
        for row in parsed.rows:
            old = existing.get(row.ref)
            if old is None:
                new_rows.append(row)
            elif _same(old, row):
                already += 1
            else:
                bad.append((row.line, f"ref {row.ref!r} was imported before with other figures"))
        if bad:
            bad.sort()
            raise HistoryRefused(f"{len(bad)} bad line(s) in {source or 'the file'}; nothing imported", bad)
        uow.session.add_all(PastOutage(
            ref=row.ref, cause=row.cause.value, started_at=row.started_at, restored_at=row.restored_at,
            customers_affected=row.customers_affected, lat=row.lat, lon=row.lon, first_eta=row.first_eta,
            imported_at=uow.now, imported_by=uow.actor) for row in new_rows)
        counts = Counter(row.cause for row in new_rows)
        uow.audit("import", "history", source or "file", None,
                  {"stored": len(new_rows), "already_there": already})
        return HistoryImportView(len(new_rows), already, tuple((c.value, counts[c]) for c in Cause if counts[c]))


def repair_cases(session: Session) -> list[RepairCase]:
    """Every restored outage, imported or the console's own, as (cause, customers, minutes).

    An imported case knows only its start and restoration. For the console's own the status
    history says more: the repair is the time the crew was on site, so a long wait for a free
    technician, the drive and a restock run (which the suggestion adds as parts of their own) do
    not count as repair. An own outage never marked on site falls back to its whole span."""
    cases = [RepairCase(parse_enum(Cause, cause, N_("cause")), customers, (restored - started).total_seconds() / 60)
             for cause, customers, started, restored in session.execute(
                 select(PastOutage.cause, PastOutage.customers_affected, PastOutage.started_at,
                        PastOutage.restored_at))]
    own = session.execute(
        select(Outage.id, Outage.cause, Outage.customers_affected, Outage.started_at, Outage.restored_at)
        .where(Outage.status == OutageStatus.RESTORED.value, Outage.restored_at.is_not(None))).all()
    on_site = _on_site_minutes(session, {row.id: as_utc(row.restored_at) for row in own})
    for outage_id, cause, customers, started, restored in own:
        if restored < started:
            continue
        minutes = on_site.get(outage_id)
        if minutes is None:
            minutes = (restored - started).total_seconds() / 60
        cases.append(RepairCase(parse_enum(Cause, cause, N_("cause")), customers, minutes))
    return cases


def _on_site_minutes(session: Session, restored: dict[int, datetime]) -> dict[int, float]:
    """Outage id -> minutes spent in the on_site status before restoration, from the audit trail's
    status rows; only outages that were ever on site."""
    if not restored:
        return {}
    moves: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    rows = session.execute(
        select(AuditEntry.entity_id, AuditEntry.at, AuditEntry.after)
        .where(AuditEntry.entity == "outage", AuditEntry.action == "status")
        .order_by(AuditEntry.at, AuditEntry.id))
    for entity_id, at, after in rows:
        if not entity_id.isdigit() or int(entity_id) not in restored:
            continue
        try:
            status = json.loads(after or "{}").get("status")
        except (ValueError, AttributeError):
            continue
        if isinstance(status, str):
            moves[int(entity_id)].append((as_utc(at), status))
    minutes: dict[int, float] = {}
    for outage_id, steps in moves.items():
        end = restored[outage_id]
        total, arrived = 0.0, None
        for at, status in steps + [(end, OutageStatus.RESTORED.value)]:
            if arrived is not None:
                total += max(0.0, (min(at, end) - arrived).total_seconds()) / 60
                arrived = None
            if status == OutageStatus.ON_SITE.value and at < end:
                arrived = at
        if any(status == OutageStatus.ON_SITE.value for _at, status in steps):
            minutes[outage_id] = total
    return minutes


def repair_model(session: Session, settings: EtaSettings) -> RepairModel:
    return RepairModel(repair_cases(session), settings)


def learned_repair_times(db: Db) -> RepairModel:
    from .settings import read_settings

    with db.read() as session:
        return repair_model(session, read_settings(session).eta_settings)


__all__ = ["HistoryRefused", "HistoryImportView", "read_history_file", "import_history", "repair_cases",
           "repair_model", "learned_repair_times"]
