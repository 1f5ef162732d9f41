"""Daylight at a work site, the darkness a job runs into, and the suggested ETA built from both.

The suggestion is advice shown beside the dispatcher's own ETA; only recorded ETAs count.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.domain.daylight import darkness_hours, sun_times
from console.domain.enums import OutageStatus
from console.domain.errors import StoredWord, ValidationError
from console.domain.vocabulary import N_
from console.domain.eta_range import EtaRange, suggest_range
from console.domain.eta_rules import EtaSuggestion
from console.domain.geo import check_coordinates
from console.domain.timeutil import LOCAL_TZ, as_utc, iso_local, utcnow
from console.store.schema import EtaRevision, Outage, Technician

from .history import repair_model
from .outages import load_outage
from .restock import _crew, _current_eta, plan_in_session
from .settings import read_settings
from .travel import drive_times_in
from .travel import provider as travel_provider
from .uow import Db


def daylight_for(lat: float, lon: float, day: date) -> dict:
    """Dawn, sunrise, sunset and dusk (ISO 8601, Europe/Stockholm) or null, and polar day/night."""
    lat, lon = check_coordinates(lat, lon)
    if not isinstance(day, date) or isinstance(day, datetime):
        raise ValidationError.of(N_("a calendar date is needed, got {day}"), day=repr(day))
    return sun_times(lat, lon, day).as_dict()


def today_local(now: datetime | None = None) -> date:
    return as_utc(now or utcnow()).astimezone(LOCAL_TZ).date()


@dataclass(frozen=True)
class DarknessView:
    outage_id: int
    lat: float
    lon: float
    window_start: datetime  # UTC: now
    window_end: datetime  # UTC: the current ETA, or now + the usual repair time when there is none
    window_from_eta: bool
    dark_hours: float
    runs_into_darkness: bool
    sun_today: dict  # daylight_for the site, today in Stockholm

    def as_json(self) -> dict:
        return {
            "outage_id": self.outage_id,
            "window_start": iso_local(self.window_start),
            "window_end": iso_local(self.window_end),
            "window_from_eta": self.window_from_eta,
            "dark_hours": round(self.dark_hours, 2),
            "runs_into_darkness": self.runs_into_darkness,
            "sun_today": self.sun_today,
        }


def _window(session: Session, outage: Outage, now: datetime) -> tuple[datetime, bool]:
    eta = _current_eta(session, outage.id)
    if eta is not None and eta > now:
        return eta, True
    repair = read_settings(session).eta_settings.repair_for(outage.cause)
    return now + timedelta(minutes=repair), False


def outage_darkness(db: Db, outage_id: int, now: datetime | None = None) -> DarknessView:
    now = as_utc(now) if now is not None else utcnow()
    with db.read() as session:
        outage = load_outage(session, outage_id)
        end, from_eta = _window(session, outage, now)
        lat, lon = outage.lat, outage.lon
    hours = darkness_hours(lat, lon, now, end)
    return DarknessView(
        outage_id=outage_id, lat=lat, lon=lon, window_start=now, window_end=end, window_from_eta=from_eta,
        dark_hours=hours, runs_into_darkness=hours > 0, sun_today=daylight_for(lat, lon, today_local(now)),
    )


@dataclass(frozen=True)
class EtaSuggestionView:
    outage_id: int
    suggestion: EtaSuggestion  # the likely one (P50 of the repair time)
    technician_id: int | None
    technician_name: str | None
    technician_assigned: bool  # False: travel is from the nearest on-duty technician
    current_eta: datetime | None
    shortage: tuple[tuple[str, int], ...]
    restock_source: str | None  # the best restock option's source, when material is short
    restock_missing: bool  # short of material and no source has it: the suggestion leaves it out
    estimated: bool  # travel from straight-line estimates
    travel_source: str  # "osrm", "road" or "geodesic"
    travel_note: str  # why OSRM was not used though it is set, else ""
    range: EtaRange | None = None  # likely and conservative, with the repair time's basis
    # What the ledger says of the recorded ETA, so a suggestion far from it can say why.
    current_reason: str | None = None  # the reason code of the newest revision
    current_note: str = ""
    current_recorded_at: datetime | None = None
    moved_later_for: tuple[str, ...] = ()  # reason codes of the revisions that pushed the ETA later

    @property
    def eta(self) -> datetime:
        return self.suggestion.eta

    @property
    def conservative(self) -> EtaSuggestion:
        return self.range.conservative if self.range is not None else self.suggestion

    def as_json(self) -> dict:
        out = self.suggestion.as_dict()
        out.update({
            "outage_id": self.outage_id,
            "technician_id": self.technician_id,
            "technician_name": self.technician_name,
            "technician_assigned": self.technician_assigned,
            "current_eta": iso_local(self.current_eta),
            "shortage": [{"material": m, "quantity": q} for m, q in self.shortage],
            "restock_source": self.restock_source,
            "restock_missing": self.restock_missing,
            "estimated": self.estimated,
            "travel_source": self.travel_source,
        })
        if self.range is not None:
            out.update(self.range.as_dict())
        return out


def suggest_eta_for(db: Db, outage_id: int, now: datetime | None = None) -> EtaSuggestionView:
    """Travel from the assigned technician + repair time by cause + the best restock detour when
    material is short + slower work in the dark: a suggestion for the ETA dialog. The repair time
    is learned from restored outages (likely and conservative), the setting when there are none."""
    now = as_utc(now) if now is not None else utcnow()
    with db.read() as session:
        outage = load_outage(session, outage_id)
        if not OutageStatus(outage.status).is_open:
            raise ValidationError.of(N_("outage {outage_id} is {status}; it needs no ETA"),
                                     outage_id=outage_id, status=StoredWord("outage_status", outage.status))
        settings = read_settings(session)
        provider = travel_provider(settings, session)
        crew = _crew(session, outage_id)
        # Nobody assigned: the suggestion is for the quickest on-duty technician to get there.
        chosen = crew[0] if crew else drive_times_in(session, outage, provider).nearest
        tech = session.get(Technician, chosen) if chosen is not None else None
        if tech is not None and (tech.lat is None or tech.lon is None):
            tech = None
        travel_minutes, restock_minutes, short, source, missing = 0.0, 0.0, (), None, False
        estimated, travel_source, note = True, provider.source, ""
        if tech is not None:
            # The plan's direct leg is the technician's drive to the site, from the same provider.
            plan = plan_in_session(session, outage_id, tech.id, now, provider)
            travel_minutes, estimated = plan.minutes_direct, plan.estimated
            travel_source, note = plan.travel_source, plan.travel_note
            short = plan.shortage
            if short and plan.best is not None:
                restock_minutes, source = max(0.0, plan.best.minutes_extra), plan.best.source_name
            missing = bool(short) and plan.best is None
        ledger = session.scalars(select(EtaRevision).where(EtaRevision.outage_id == outage_id)
                                 .order_by(EtaRevision.id)).all()
        current = ledger[-1].eta if ledger else None
        later = []
        for before, after in zip(ledger, ledger[1:]):
            if after.eta > before.eta and after.reason not in later:
                later.append(after.reason)
        repair = repair_model(session, settings.eta_settings).estimate(outage.cause, outage.customers_affected)
        span = suggest_range(now, travel_minutes, restock_minutes, outage.lat, outage.lon, repair,
                             settings.eta_settings)
        return EtaSuggestionView(
            outage_id=outage_id, suggestion=span.likely, range=span,
            technician_id=tech.id if tech else None, technician_name=tech.name if tech else None,
            technician_assigned=bool(crew) and tech is not None, current_eta=current, shortage=short,
            restock_source=source, restock_missing=missing, estimated=estimated,
            travel_source=travel_source, travel_note=note,
            current_reason=ledger[-1].reason if ledger else None,
            current_note=ledger[-1].note or "" if ledger else "",
            current_recorded_at=ledger[-1].recorded_at if ledger else None, moved_later_for=tuple(later),
        )


__all__ = ["daylight_for", "today_local", "DarknessView", "outage_darkness", "EtaSuggestionView",
           "suggest_eta_for"]
