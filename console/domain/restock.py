"""Where does a technician fetch the material the job still lacks, and what does it cost?

Pure planning: the caller passes stock, positions and hours; nothing is reserved here.

Simplification, stated once: fetching from another technician's van means the receiving
technician drives to where that van stands now and the van stays put. Meeting halfway
would be quicker but needs both drivers' consent and a plan for two vehicles.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

import math

import numpy as np

from .errors import StoredWord, ValidationError
from .vocabulary import N_
from .geo import check_coordinates
from .hours import ALWAYS_OPEN, OpeningHours  # noqa: F401  (re-exported: callers plan with them)
from .materials import LIGHTING_KIT, MATERIAL_UNITS, default_bill_of_materials, with_lighting  # noqa: F401
from .timeutil import as_utc
from .travel import DEFAULT_TRAVEL, TravelMatrix, TravelSettings, travel_matrix

# code -> (quantity on hand, quantity reserved for other runs)
Stock = Mapping[str, tuple[int, int]]
MatrixFn = Callable[[np.ndarray, np.ndarray], TravelMatrix]


def _quantity(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValidationError.of(N_("{what} must be a whole number, got {value}"),
                                 what=StoredWord("term", what), value=repr(value))
    if value < 0:
        raise ValidationError.of(N_("{what} must not be negative, got {value}"),
                                 what=StoredWord("term", what), value=value)
    return int(value)


def available(stock: Stock, code: str) -> int:
    """Unreserved quantity; reservations above the stock on hand count as none left."""
    quantity, reserved = stock.get(code, (0, 0))
    return max(0, _quantity(quantity, f"stock of {code}") - _quantity(reserved, f"reserved {code}"))


def whole_minutes(minutes: float) -> int:
    """A restock's minutes as every screen shows them and as they move a promise: rounded up to the
    whole minute (an ETA is promised to the minute and never a minute early), so the confirmation,
    the run list, the ETA history, the command line and the handover all say the same number.
    The micro-rounding first keeps float noise (78.0000001) from adding a minute."""
    return max(0, math.ceil(round(float(minutes), 6)))


def shortage(required: Mapping[str, int], van: Stock) -> dict[str, int]:
    """What the van lacks for the job, in the order the job lists it."""
    short = {}
    for code, qty in required.items():
        missing = _quantity(qty, f"required {code}") - available(van, code)
        if missing > 0:
            short[code] = missing
    return short


@dataclass(frozen=True)
class Depot:
    id: object
    name: str
    lat: float
    lon: float
    stock: Stock
    hours: OpeningHours = ALWAYS_OPEN


@dataclass(frozen=True)
class Van:
    """Another technician's van, where it stands now."""

    id: object
    name: str
    lat: float
    lon: float
    stock: Stock


@dataclass(frozen=True)
class Cover:
    material: str
    quantity: int


@dataclass(frozen=True)
class Leg:
    """One stop of a combined run; minutes are from the previous point (the technician or the first stop)."""

    source_kind: str
    source_id: object
    source_name: str
    lat: float
    lon: float
    minutes: float
    arrival: datetime
    covers: tuple[Cover, ...]


@dataclass(frozen=True)
class RestockOption:
    """A single source, or a combination of two (then legs holds both stops).

    For a combination the source_* and lat/lon fields name the first stop, source_name joins
    both names, and covers is what the two bring together.
    """

    source_kind: str  # "depot" | "technician"
    source_id: object
    source_name: str
    lat: float
    lon: float
    minutes_to_source: float
    minutes_total: float  # technician -> source(s) -> site
    minutes_extra: float  # against driving straight technician -> site
    covers: tuple[Cover, ...]
    complete: bool
    arrival: datetime  # at the (last) source, UTC
    legs: tuple[Leg, ...] = ()

    def as_dict(self) -> dict:
        out = {
            "source_kind": self.source_kind,
            "source_id": self.source_id,
            "source_name": self.source_name,
            "lat": self.lat,
            "lon": self.lon,
            "minutes_to_source": round(self.minutes_to_source, 1),
            "minutes_total": round(self.minutes_total, 1),
            "minutes_extra": round(self.minutes_extra, 1),
            "covers": [{"material": c.material, "quantity": c.quantity} for c in self.covers],
            "complete": self.complete,
        }
        if self.legs:
            out["legs"] = [
                {
                    "source_kind": leg.source_kind,
                    "source_id": leg.source_id,
                    "source_name": leg.source_name,
                    "lat": leg.lat,
                    "lon": leg.lon,
                    "minutes": round(leg.minutes, 1),
                    "covers": [{"material": c.material, "quantity": c.quantity} for c in leg.covers],
                }
                for leg in self.legs
            ]
        return out


@dataclass(frozen=True)
class Skipped:
    source_kind: str
    source_id: object
    source_name: str
    reason: str


@dataclass(frozen=True)
class RestockPlan:
    shortage: tuple[Cover, ...]
    options: tuple[RestockOption, ...]  # best first: complete ones by minutes_total, then partial
    minutes_direct: float  # technician straight to site
    estimated: bool  # travel times from straight-line estimates, not a road graph
    travel_source: str
    skipped: tuple[Skipped, ...] = ()  # sources with the material that were closed at arrival
    travel_note: str = ""  # why road times fell back to the straight line


@dataclass(frozen=True)
class _Source:
    kind: str
    id: object
    name: str
    lat: float
    lon: float
    stock: Stock
    hours: OpeningHours


def _sources(depots, vans) -> list[_Source]:
    out = [_Source("depot", d.id, d.name, d.lat, d.lon, d.stock, d.hours) for d in depots]
    out += [_Source("technician", v.id, v.name, v.lat, v.lon, v.stock, ALWAYS_OPEN) for v in vans]
    for s in out:
        check_coordinates(s.lat, s.lon)
    return out


def _take(stock_avail: dict[str, int], wanted: Mapping[str, int]) -> dict[str, int]:
    return {c: min(stock_avail.get(c, 0), q) for c, q in wanted.items() if stock_avail.get(c, 0) > 0}


def _covers(taken: Mapping[str, int], order: Mapping[str, int]) -> tuple[Cover, ...]:
    return tuple(Cover(c, taken[c]) for c in order if taken.get(c, 0) > 0)


def plan_restock(
    required: Mapping[str, int],
    van: Stock,
    tech_lat: float,
    tech_lon: float,
    site_lat: float,
    site_lon: float,
    depart_at: datetime,
    depots: list[Depot] | tuple[Depot, ...] = (),
    vans: list[Van] | tuple[Van, ...] = (),
    settings: TravelSettings = DEFAULT_TRAVEL,
    matrix: MatrixFn | None = None,
) -> RestockPlan:
    """Rank the sources that can make up the shortage; see the module doc for the van rule.

    matrix(from_latlon, to_latlon) -> TravelMatrix replaces the geodesic estimate, e.g. with
    a routing provider's matrix; it is asked once for every point to every point.
    """
    tech = check_coordinates(tech_lat, tech_lon)
    site = check_coordinates(site_lat, site_lon)
    depart = as_utc(depart_at)
    short = shortage(required, van)
    sources = _sources(depots, vans)

    points = np.array([tech, site] + [(s.lat, s.lon) for s in sources], dtype=float)
    travel = matrix(points, points) if matrix else travel_matrix(points, points, settings)
    minutes = np.asarray(travel.minutes, dtype=float)
    direct = float(minutes[0, 1])
    shortage_covers = tuple(Cover(c, q) for c, q in short.items())
    if not short:
        return RestockPlan(shortage_covers, (), direct, travel.estimated, travel.source, (), travel.note)

    singles: list[RestockOption] = []
    skipped: list[Skipped] = []
    stocked: list[int] = []  # indices into sources of those with some of the shortage
    avail = [{c: available(s.stock, c) for c in short} for s in sources]
    for i, s in enumerate(sources):
        taken = _take(avail[i], short)
        if not taken:
            continue
        stocked.append(i)
        to_source = float(minutes[0, i + 2])
        arrival = depart + timedelta(minutes=to_source)
        if not s.hours.is_open(arrival):
            skipped.append(Skipped(s.kind, s.id, s.name, "closed at arrival"))
            continue
        total = to_source + float(minutes[i + 2, 1])
        singles.append(
            RestockOption(
                s.kind, s.id, s.name, s.lat, s.lon, to_source, total, total - direct,
                _covers(taken, short), taken == short, arrival,
            )
        )

    options = singles
    if not any(o.complete for o in singles):
        combo = _best_pair(sources, stocked, avail, short, minutes, depart, direct)
        if combo is not None:
            options = singles + [combo]
    options.sort(key=lambda o: (not o.complete, _missing(o, short), o.minutes_total))
    return RestockPlan(
        shortage_covers, tuple(options), direct, travel.estimated, travel.source, tuple(skipped), travel.note
    )


def _missing(option: RestockOption, short: Mapping[str, int]) -> int:
    """Kinds of item still lacking after this option; partial options that leave fewer go first."""
    got = {c.material: c.quantity for c in option.covers}
    return sum(1 for c, q in short.items() if got.get(c, 0) < q)


def _best_pair(sources, usable, avail, short, minutes, depart, direct) -> RestockOption | None:
    """Quickest tech -> A -> B -> site over ordered pairs that cover everything together.

    Opening hours are checked at each stop's own arrival, so a depot that is still closed
    when driven to directly can be the second stop once it has opened.
    """
    if len(usable) < 2:
        return None
    codes = list(short)
    need = np.array([short[c] for c in codes])
    have = np.array([[avail[i][c] for c in codes] for i in usable])
    idx = np.array(usable) + 2
    covers_all = ((have[:, None, :] + have[None, :, :]) >= need).all(axis=2)
    np.fill_diagonal(covers_all, False)
    to_a = minutes[0, idx][:, None]
    a_to_b = minutes[np.ix_(idx, idx)]
    total = to_a + a_to_b + minutes[idx, 1][None, :]
    total = np.where(covers_all, total, np.inf)
    # Ordered by time; the first pair open at both arrivals wins.
    for flat in np.argsort(total, axis=None, kind="stable"):
        a, b = np.unravel_index(flat, total.shape)
        if not np.isfinite(total[a, b]):
            return None
        sa, sb = sources[usable[a]], sources[usable[b]]
        arrive_a = depart + timedelta(minutes=float(to_a[a, 0]))
        arrive_b = arrive_a + timedelta(minutes=float(a_to_b[a, b]))
        if not (sa.hours.is_open(arrive_a) and sb.hours.is_open(arrive_b)):
            continue
        from_a = _take(avail[usable[a]], short)
        rest = {c: q - from_a.get(c, 0) for c, q in short.items() if q - from_a.get(c, 0) > 0}
        from_b = _take(avail[usable[b]], rest)
        legs = (
            Leg(sa.kind, sa.id, sa.name, sa.lat, sa.lon, float(to_a[a, 0]), arrive_a, _covers(from_a, short)),
            Leg(sb.kind, sb.id, sb.name, sb.lat, sb.lon, float(a_to_b[a, b]), arrive_b, _covers(from_b, short)),
        )
        t = float(total[a, b])
        return RestockOption(
            sa.kind, sa.id, f"{sa.name} + {sb.name}", sa.lat, sa.lon, float(to_a[a, 0]), t,
            t - direct, tuple(Cover(c, q) for c, q in short.items()), True, arrive_b, legs,
        )
    return None


# ---------------------------------------------------------------- storm scale, vectorised


@dataclass(frozen=True, eq=False)
class MatrixRanking:
    """Every technician x material ranking of depots, computed in one go.

    order[i, k] lists depot indices for technician i and material k, best first; the first
    feasible[i, k] of them have enough unreserved stock (and are open, when told); the rest
    follow only to keep the array rectangular.
    """

    minutes: np.ndarray  # (n, m) technician -> depot
    total: np.ndarray  # (n, m) technician -> depot -> site (== minutes when no sites given)
    order: np.ndarray  # (n, k, m) int
    feasible: np.ndarray  # (n, k) int

    def best(self, tech: int, material: int) -> int | None:
        return int(self.order[tech, material, 0]) if self.feasible[tech, material] else None


def rank_all(
    tech_latlon,
    depot_latlon,
    depot_available,
    need=1,
    site_latlon=None,
    depot_open=None,
    settings: TravelSettings = DEFAULT_TRAVEL,
) -> MatrixRanking:
    """Rank depots for every technician and material.

    depot_available (m, k): unreserved stock per depot and material.
    need: scalar, (k,) or (n, k) quantity each technician lacks.
    site_latlon (n, 2): each technician's site; ranks by technician -> depot -> site.
    depot_open (m,) or (n, m) bool: depots open on arrival; default all.
    """
    techs = np.asarray(tech_latlon, dtype=float).reshape(-1, 2)
    depots = np.asarray(depot_latlon, dtype=float).reshape(-1, 2)
    stock = np.asarray(depot_available)
    n, m = len(techs), len(depots)
    if stock.ndim != 2 or stock.shape[0] != m:
        raise ValidationError.of(N_("depot stock must be (depots, materials) = ({m}, k), got {shape}"),
                                 m=m, shape=stock.shape)
    k = stock.shape[1]
    minutes = minutes_to = travel_matrix(techs, depots, settings).minutes
    if site_latlon is not None:
        sites = np.asarray(site_latlon, dtype=float).reshape(-1, 2)
        if len(sites) != n:
            raise ValidationError.of(N_("give one site per technician"))
        # Depot -> site for each technician's own site: the (m, n) block, transposed.
        minutes = minutes_to + travel_matrix(depots, sites, settings).minutes.T
    ok = stock[None, :, :] >= np.broadcast_to(np.asarray(need), (n, k))[:, None, :]  # (n, m, k)
    if depot_open is not None:
        ok &= np.broadcast_to(np.asarray(depot_open, dtype=bool), (n, m))[:, :, None]
    keyed = np.where(ok, minutes[:, :, None], np.inf).transpose(0, 2, 1)  # (n, k, m)
    order = np.argsort(keyed, axis=2, kind="stable")
    return MatrixRanking(minutes_to, minutes, order, ok.sum(axis=1))
