"""Calibrated travel: the road factor fitted from completed restock runs (console/domain/travel_fit.py).

A run records when the technician set off and when the material was collected. Where the
technician's phone reported during the run, the arrival is the first fix near the source, and
the start point the last fix before setting off; otherwise the trip starts at the outage (where a
technician sent for material works) and ends at the run's completion, less one stop for loading.
A run of several stops is a chain: each leg starts where and when the previous one was collected.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.domain.errors import ValidationError
from console.domain.travel import TravelSettings
from console.domain.travel_fit import MIN_TRIP_KM, MIN_TRIPS, DrivenTrip, RoadFactorFit, fit_road_factor
from console.domain.vocabulary import N_
from console.store.schema import Depot, Outage, PositionFix, RestockRun

from .settings import read_settings, update_settings
from .uow import Db

# A fix within this distance of the source is the technician arriving there (GPS scatter plus the
# depot's yard).
ARRIVED_KM = 0.3
# A fix older than this before setting off says nothing about where the trip began.
START_FIX_WITHIN = timedelta(minutes=30)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    from geopy.distance import geodesic

    return geodesic(a, b).km


def _fixes(session: Session, technician_id: int, start: datetime, end: datetime):
    return session.execute(
        select(PositionFix.fixed_at, PositionFix.lat, PositionFix.lon)
        .where(PositionFix.technician_id == technician_id,
               PositionFix.fixed_at >= start, PositionFix.fixed_at <= end)
        .order_by(PositionFix.fixed_at)).all()


def _source_point(session: Session, run: RestockRun) -> tuple[float, float] | None:
    if run.source_kind == "depot":
        depot = session.get(Depot, run.source_id)
        return None if depot is None else (depot.lat, depot.lon)
    # Another van: where its phone put it when the material changed hands.
    fixes = _fixes(session, run.source_id, run.completed_at - START_FIX_WITHIN, run.completed_at)
    return (fixes[-1].lat, fixes[-1].lon) if fixes else None


def _leg(session: Session, run: RestockRun, origin: tuple[float, float], start: datetime,
         settings: TravelSettings) -> DrivenTrip | None:
    target = _source_point(session, run)
    if target is None or run.completed_at is None or run.completed_at <= start:
        return None
    # The track, when there is one, times the arrival itself; the completion click comes after loading.
    for fixed_at, lat, lon in _fixes(session, run.technician_id, start, run.completed_at):
        if fixed_at > start and _km((lat, lon), target) <= ARRIVED_KM:
            minutes, timed_by = (fixed_at - start).total_seconds() / 60, "track"
            break
    else:
        minutes, timed_by = (run.completed_at - start).total_seconds() / 60 - settings.stop_minutes, "run"
    return DrivenTrip(run.id, origin[0], origin[1], target[0], target[1], _km(origin, target), minutes, timed_by)


def _start_point(session: Session, run: RestockRun, outage: Outage) -> tuple[float, float]:
    before = session.execute(
        select(PositionFix.lat, PositionFix.lon)
        .where(PositionFix.technician_id == run.technician_id, PositionFix.fixed_at <= run.started_at,
               PositionFix.fixed_at >= run.started_at - START_FIX_WITHIN)
        .order_by(PositionFix.fixed_at.desc()).limit(1)).first()
    return (before.lat, before.lon) if before is not None else (outage.lat, outage.lon)


def driven_trips(session: Session, settings: TravelSettings) -> list[DrivenTrip]:
    runs = session.scalars(select(RestockRun).order_by(RestockRun.outage_id, RestockRun.technician_id,
                                                       RestockRun.started_at, RestockRun.expected_arrival,
                                                       RestockRun.id)).all()
    sends: dict[tuple[int, int, datetime], list[RestockRun]] = {}
    for run in runs:
        sends.setdefault((run.outage_id, run.technician_id, run.started_at), []).append(run)
    trips: list[DrivenTrip] = []
    for (outage_id, _, _), chain in sends.items():
        outage = session.get(Outage, outage_id)
        origin, start = _start_point(session, chain[0], outage), chain[0].started_at
        for run in chain:
            if run.status != "completed" or run.completed_at is None:
                break  # a cancelled or open stop leaves the rest of the chain without a start
            trip = _leg(session, run, origin, start, settings)
            if trip is None:
                break
            trips.append(trip)
            origin, start = (trip.to_lat, trip.to_lon), run.completed_at
    return trips


def calibrate(db: Db) -> RoadFactorFit:
    with db.read() as session:
        settings = read_settings(session).travel_settings
        return fit_road_factor(driven_trips(session, settings), settings)


def accept(db: Db, fit: RoadFactorFit | None = None) -> RoadFactorFit:
    """Write the fitted factor into the shared travel_circuity setting (one transaction, audited).

    The fit is made again here unless given, so what is written is what the trips say now."""
    fit = fit or calibrate(db)
    if fit.fitted is None:
        # The command line's answer, word for word, with "nothing accepted" where the setting stays.
        raise ValidationError.of(
            N_("too few trips to fit the road factor: {n} of at least {least} driven trips of {km} km or more "
               "({seen} completed trips in all); nothing accepted: the setting {current} stays"),
            n=fit.overall.trips, least=MIN_TRIPS, km=format(MIN_TRIP_KM, "g"), seen=fit.trips_seen,
            current=format(fit.current, "g"))
    update_settings(db, travel_circuity=round(fit.fitted, 3))
    return fit


def trips_as_json(trips: Iterable[DrivenTrip]) -> list[dict]:
    return [{"run": t.run_id, "km": round(t.straight_km, 2), "minutes": round(t.driving_minutes, 1),
             "timed_by": t.timed_by} for t in trips]


__all__ = ["ARRIVED_KM", "driven_trips", "calibrate", "accept", "trips_as_json"]
