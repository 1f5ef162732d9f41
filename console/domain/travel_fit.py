"""The road factor fitted from trips that were actually driven.

The travel estimate is straight-line km x circuity / speed (console/domain/travel.py). Each
driven trip says which circuity would have predicted it exactly:

    implied = driving minutes / 60 x speed / straight-line km

The fit is the median of those (robust: a technician who stopped for coffee is one trip among
many, not a shift of the mean). Trips under MIN_TRIP_KM are left out because their time is mostly
parking and junctions, not road; fewer than MIN_TRIPS trips give no fit at all. Where a region
cell (CELL_LAT_DEG x CELL_LON_DEG, about 55 x 60 km here) holds MIN_TRIPS trips of its own, it gets
its own figure beside the overall one: forest and lake country winds more than the coast road.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

from .travel import TravelSettings

MIN_TRIP_KM = 2.0
MIN_TRIPS = 10
CELL_LAT_DEG = 0.5
CELL_LON_DEG = 1.0
# The circuity setting's own bounds (services/settings.py declares them: 1 to 5): a fit outside is
# reported as clamped, not offered as it came out.
FACTOR_RANGE = (1.0, 5.0)


@dataclass(frozen=True)
class DrivenTrip:
    run_id: int
    from_lat: float
    from_lon: float
    to_lat: float
    to_lon: float
    straight_km: float
    driving_minutes: float  # actual time on the road, stops taken off
    timed_by: str  # "track": arrival seen in the technician's fixes; "run": the run's completion

    @property
    def cell(self) -> tuple[float, float]:
        """South-west corner of the region cell holding the trip's midpoint."""
        lat = (self.from_lat + self.to_lat) / 2
        lon = (self.from_lon + self.to_lon) / 2
        return (math.floor(lat / CELL_LAT_DEG) * CELL_LAT_DEG, math.floor(lon / CELL_LON_DEG) * CELL_LON_DEG)

    def implied_factor(self, speed_kmh: float) -> float:
        return self.driving_minutes / 60.0 * speed_kmh / self.straight_km


@dataclass(frozen=True)
class FactorFit:
    """One fitted figure: for the whole network (cell None) or one region cell."""

    cell: tuple[float, float] | None
    trips: int
    factor: float | None  # None: too few trips
    low: float | None  # interquartile range of the trips' implied factors: how much they agree
    high: float | None
    clamped: bool = False

    def as_json(self) -> dict:
        out = {"trips": self.trips, "factor": None if self.factor is None else round(self.factor, 3),
               "quartiles": None if self.low is None else [round(self.low, 3), round(self.high, 3)],
               "clamped": self.clamped}
        if self.cell is not None:
            out["cell"] = {"lat_from": self.cell[0], "lat_to": self.cell[0] + CELL_LAT_DEG,
                           "lon_from": self.cell[1], "lon_to": self.cell[1] + CELL_LON_DEG}
        return out


@dataclass(frozen=True)
class RoadFactorFit:
    current: float  # the circuity setting the trips are compared with
    speed_kmh: float
    trips_seen: int  # every completed trip with known ends
    overall: FactorFit  # over trips of MIN_TRIP_KM or more
    cells: tuple[FactorFit, ...]  # only cells with MIN_TRIPS trips of their own
    by_track: int  # of overall.trips, timed from the technician's fixes

    @property
    def fitted(self) -> float | None:
        return self.overall.factor

    @property
    def answer(self) -> str:
        """One line in English for the command line."""
        n = self.overall.trips
        if self.fitted is None:
            return (f"too few trips to fit the road factor: {n} of at least {MIN_TRIPS} driven trips of "
                    f"{MIN_TRIP_KM:g} km or more ({self.trips_seen} completed trips in all); "
                    f"the setting {self.current:g} stays")
        text = (f"road factor {self.fitted:.2f} fitted from {n} trips (setting {self.current:g}; "
                f"half the trips between {self.overall.low:.2f} and {self.overall.high:.2f})")
        if self.overall.clamped:
            text += f"; held to the setting's range {FACTOR_RANGE[0]:g}-{FACTOR_RANGE[1]:g}"
        return text

    def as_json(self) -> dict:
        return {"setting": self.current, "speed_kmh": self.speed_kmh, "trips_seen": self.trips_seen,
                "min_trips": MIN_TRIPS, "min_trip_km": MIN_TRIP_KM, "timed_by_track": self.by_track,
                "fitted": None if self.fitted is None else round(self.fitted, 3),
                "overall": self.overall.as_json(), "cells": [c.as_json() for c in self.cells],
                "answer": self.answer}


def _quartiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)

    def at(q: float) -> float:
        pos = q * (len(ordered) - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, len(ordered) - 1)
        return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)

    return at(0.25), at(0.75)


def _fit(cell: tuple[float, float] | None, factors: list[float]) -> FactorFit:
    if len(factors) < MIN_TRIPS:
        return FactorFit(cell, len(factors), None, None, None)
    raw = median(factors)
    factor = min(max(raw, FACTOR_RANGE[0]), FACTOR_RANGE[1])
    low, high = _quartiles(factors)
    return FactorFit(cell, len(factors), factor, low, high, clamped=factor != raw)


def fit_road_factor(trips: Iterable[DrivenTrip], settings: TravelSettings) -> RoadFactorFit:
    trips = list(trips)
    usable = [t for t in trips if t.straight_km >= MIN_TRIP_KM and t.driving_minutes > 0]
    by_cell: dict[tuple[float, float], list[float]] = {}
    for t in usable:
        by_cell.setdefault(t.cell, []).append(t.implied_factor(settings.speed_kmh))
    overall = _fit(None, [t.implied_factor(settings.speed_kmh) for t in usable])
    cells = tuple(_fit(cell, factors) for cell, factors in sorted(by_cell.items()) if len(factors) >= MIN_TRIPS)
    return RoadFactorFit(current=settings.circuity, speed_kmh=settings.speed_kmh, trips_seen=len(trips),
                         overall=overall, cells=cells, by_track=sum(t.timed_by == "track" for t in usable))


__all__ = ["MIN_TRIP_KM", "MIN_TRIPS", "CELL_LAT_DEG", "CELL_LON_DEG", "DrivenTrip", "FactorFit",
           "RoadFactorFit", "fit_road_factor"]
