"""Travel estimates: the one routing provider every service asks (restock, ETA suggestion,
nearest technician, nearest depot, `travel estimate`).

The provider is an outside service (console.gateways); this module declares what the
services need of it and is told at start-up how to get one for the current settings
(console.startup.wire_gateways). Asked per use, so a changed `osrm_url` applies at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np
    from sqlalchemy.orm import Session

    from console.domain.travel import TravelEstimate, TravelMatrix, TravelSettings

    from .settings import OperatorSettings
    from .uow import Db


class TravelProvider(Protocol):
    source: str  # what it asks when it can: "geodesic", "osrm"

    def trip(self, origin: tuple[float, float], destination: tuple[float, float]) -> TravelEstimate:
        """One leg, (lat, lon) to (lat, lon)."""

    def matrix(self, origins: np.ndarray, destinations: np.ndarray) -> TravelMatrix:
        """origins (n, 2) x destinations (m, 2), lat/lon: minutes[i, j] and km[i, j] in one go."""


class Routing(Protocol):
    def __call__(self, travel: TravelSettings, osrm_url: str, region=None) -> TravelProvider:
        """The provider for these factors, server (empty: none) and region road graph (None: none)."""


_routing: Routing | None = None


def install(routing: Routing | None) -> Routing | None:
    """Wire the gateway that makes providers; returns the one it replaces."""
    global _routing
    previous, _routing = _routing, routing
    return previous


def provider(settings: OperatorSettings, session: Session | None = None) -> TravelProvider:
    """OSRM when a server is set, else the imported region's road graph (asked through session),
    else the straight line."""
    if _routing is None:
        raise RuntimeError("no routing gateway is wired; console.startup.wire_gateways() does it at start-up")
    region = None
    if session is not None and not settings.osrm_url:
        from .region import graph_in

        region = graph_in(session)
    return _routing(settings.travel_settings, settings.osrm_url, region)


def provider_in(session: Session) -> TravelProvider:
    """The provider for the shared settings as this session sees them."""
    from .settings import read_settings

    return provider(read_settings(session), session)


def source_in(session: Session) -> str:
    """Which provider an estimate would ask now ("osrm", "road", "geodesic"), without building it."""
    from sqlalchemy import select

    from console.store.schema import Region

    from .settings import read_settings

    if read_settings(session).osrm_url:
        return "osrm"
    return "road" if session.execute(select(Region.id)).first() is not None else "geodesic"


@dataclass(frozen=True)
class TripView:
    origin: tuple[float, float]
    destination: tuple[float, float]
    minutes: float
    km: float
    source: str  # "osrm", "road" (region graph) or "geodesic"
    estimated: bool  # from the straight line, not a road graph
    note: str  # why OSRM was not used though it is set, else ""

    def as_json(self) -> dict:
        return {
            "from": {"lat": self.origin[0], "lon": self.origin[1]},
            "to": {"lat": self.destination[0], "lon": self.destination[1]},
            "minutes": round(self.minutes, 1),
            "km": round(self.km, 2),
            "source": self.source,
            "estimated": self.estimated,
            "note": self.note or None,
        }


def estimate_trip(db: Db, origin: tuple[float, float], destination: tuple[float, float]) -> TripView:
    from console.domain.geo import check_coordinates

    a, b = check_coordinates(*origin), check_coordinates(*destination)
    with db.read() as session:
        travel = provider_in(session)
    leg = travel.trip(a, b)
    return TripView(a, b, float(leg.minutes), float(leg.km), leg.source, leg.estimated, leg.note)


def nearest(minutes_row, ids) -> int | None:
    """The id with the fewest minutes in a (k,) row of a matrix; ties go to the lower id."""
    best = min(zip(minutes_row, ids), key=lambda pair: (float(pair[0]), pair[1]), default=None)
    return None if best is None else best[1]


@dataclass(frozen=True)
class DriveTimes:
    """On-duty technicians with a known position, by their drive to one outage's site."""

    outage_id: int
    minutes: tuple[tuple[int, float], ...]  # (technician id, minutes), quickest first
    source: str
    estimated: bool
    note: str

    @property
    def nearest(self) -> int | None:
        return self.minutes[0][0] if self.minutes else None


def drive_times_in(session: Session, outage, provider: TravelProvider) -> DriveTimes:
    """One matrix call for the whole roster: thousands of technicians cost one request (or a
    few blocks of one) to OSRM, or one numpy pass."""
    from sqlalchemy import select

    from console.store.schema import Technician

    rows = session.execute(
        select(Technician.id, Technician.lat, Technician.lon)
        .where(Technician.on_duty.is_(True), Technician.lat.is_not(None), Technician.lon.is_not(None))
        .order_by(Technician.id)
    ).all()
    if not rows:
        return DriveTimes(outage.id, (), provider.source, provider.source == "geodesic", "")
    travel = provider.matrix([(r.lat, r.lon) for r in rows], [(outage.lat, outage.lon)])
    pairs = sorted(((r.id, float(m)) for r, m in zip(rows, travel.minutes[:, 0])), key=lambda p: (p[1], p[0]))
    return DriveTimes(outage.id, tuple(pairs), travel.source, travel.estimated, travel.note)


def drive_times(db: Db, outage_id: int) -> DriveTimes:
    """For choosing whom to send (the assign dialog); runs in a worker, it may ask a server."""
    from .outages import load_outage

    with db.read() as session:
        outage = load_outage(session, outage_id)
        return drive_times_in(session, outage, provider_in(session))


__all__ = ["TravelProvider", "Routing", "install", "provider", "provider_in", "TripView", "estimate_trip",
           "nearest", "DriveTimes", "drive_times_in", "drive_times"]
