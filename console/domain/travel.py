"""Travel-time estimates without a routing server: geodesic distance made road-like.

minutes = stop_minutes + (geodesic km x circuity) / speed_kmh x 60

The defaults describe rural south-east Sweden and are settings, not truths:

* speed_kmh 65: Trafikverket's default limit outside built-up areas is 70 km/h and most
  county roads there are signed 70-80 km/h (E22 80-100). Village passages at 40-50 km/h,
  junctions and gravel stretches pull the achieved average a little under the limit.
* circuity 1.35: detour-index studies (e.g. Ballou, Rahardja & Sakai 2002, "Selected
  country circuity factors for road travel distance estimation") find road distance about
  1.2-1.4 x the straight line in Europe; lakes, inlets and forest roads in Kalmar county
  put us at the upper end. Ankarsrum -> Vastervik: 19.5 km straight, ~27 km by road.
* stop_minutes 5: parking, walking to the depot counter or the site, loading the van.
  Every leg is charged one stop at its end; legs shorter than arrived_km cost nothing,
  so a technician already at a depot does not pay a stop to "reach" it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

# numpy is imported by the functions that compute: the settings (and so every listing) load this
# module for TravelSettings alone, and numpy is a tenth of a second of start-up.
if TYPE_CHECKING:
    import numpy as np

from .errors import StoredWord, ValidationError
from .vocabulary import N_
from .geo import check_coordinates

# WGS84, the ellipsoid geopy's geodesic uses.
_WGS84_A_KM = 6378.137
_WGS84_F = 1 / 298.257223563


@dataclass(frozen=True)
class TravelSettings:
    circuity: float = 1.35
    speed_kmh: float = 65.0
    stop_minutes: float = 5.0
    arrived_km: float = 0.1

    def __post_init__(self) -> None:
        if not self.circuity >= 1.0:
            raise ValidationError.of(N_("road circuity factor must be at least 1, got {circuity}"),
                                     circuity=self.circuity)
        if not self.speed_kmh > 0:
            raise ValidationError.of(N_("average speed must be positive, got {speed_kmh}"), speed_kmh=self.speed_kmh)
        if not self.stop_minutes >= 0:
            raise ValidationError.of(N_("stop time must not be negative, got {stop_minutes}"),
                                     stop_minutes=self.stop_minutes)
        if not self.arrived_km >= 0:
            raise ValidationError.of(N_("arrival radius must not be negative, got {arrived_km}"),
                                     arrived_km=self.arrived_km)


DEFAULT_TRAVEL = TravelSettings()


@dataclass(frozen=True)
class TravelEstimate:
    """One leg. estimated=True: derived from straight-line distance, not from a road graph."""

    minutes: float
    km: float
    estimated: bool
    source: str  # "geodesic" or "osrm"
    note: str = ""  # why a road estimate fell back to the straight line, for the dispatcher


@dataclass(frozen=True, eq=False)
class TravelMatrix:
    """Many legs at once: minutes[i, j] and road km[i, j] from origin i to destination j."""

    minutes: np.ndarray
    km: np.ndarray
    estimated: bool
    source: str
    note: str = ""


def leg_minutes(road_km, settings: TravelSettings = DEFAULT_TRAVEL):
    """Driving time plus one stop; works on floats and arrays alike."""
    import numpy as np
    driving = np.asarray(road_km, dtype=float) / settings.speed_kmh * 60.0
    minutes = np.where(
        np.asarray(road_km) < settings.arrived_km * settings.circuity,
        0.0,
        driving + settings.stop_minutes,
    )
    return float(minutes) if minutes.ndim == 0 else minutes


def estimate(
    a_lat: float, a_lon: float, b_lat: float, b_lon: float,
    settings: TravelSettings = DEFAULT_TRAVEL,
) -> TravelEstimate:
    a = check_coordinates(a_lat, a_lon)
    b = check_coordinates(b_lat, b_lon)
    # geopy's package imports its geocoders and requests with them: a quarter second spent
    # here, not by every module that plans with travel times.
    from geopy.distance import geodesic

    road_km = geodesic(a, b).km * settings.circuity
    return TravelEstimate(leg_minutes(road_km, settings), road_km, True, "geodesic")


def estimate_minutes(
    a_lat: float, a_lon: float, b_lat: float, b_lon: float,
    settings: TravelSettings = DEFAULT_TRAVEL,
) -> float:
    return estimate(a_lat, a_lon, b_lat, b_lon, settings).minutes


def _as_latlon(points, what: str) -> np.ndarray:
    import numpy as np
    arr = np.asarray(points, dtype=float)
    if arr.ndim == 1 and arr.size == 2:
        arr = arr.reshape(1, 2)
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValidationError.of(N_("{what} must be an (n, 2) array of latitude, longitude"),
                                 what=StoredWord("term", what))
    if not np.isfinite(arr).all():
        raise ValidationError.of(N_("{what} contains coordinates that are not finite numbers"),
                                 what=StoredWord("term", what))
    if (np.abs(arr[:, 0]) > 90).any() or (np.abs(arr[:, 1]) > 180).any():
        raise ValidationError.of(N_("{what} contains coordinates out of range"), what=StoredWord("term", what))
    return arr


def geodesic_km_matrix(from_latlon, to_latlon) -> np.ndarray:
    """Ellipsoidal distance in km, (n, m), by Lambert's formula.

    Lambert corrects a great-circle distance on reduced latitudes for the flattening of
    WGS84; it stays within a few metres per 100 km of geopy's exact geodesic (checked in
    tests/unit/test_travel.py) while running as plain numpy over every pair.
    """
    import numpy as np
    p = _as_latlon(from_latlon, "origins")
    q = _as_latlon(to_latlon, "destinations")
    f = _WGS84_F
    beta1 = np.arctan((1 - f) * np.tan(np.radians(p[:, 0])))[:, None]
    beta2 = np.arctan((1 - f) * np.tan(np.radians(q[:, 0])))[None, :]
    dlon = np.radians(q[:, 1])[None, :] - np.radians(p[:, 1])[:, None]
    # Haversine on the reduced latitudes gives the central angle without cancellation at short range.
    h = np.sin((beta2 - beta1) / 2) ** 2 + np.cos(beta1) * np.cos(beta2) * np.sin(dlon / 2) ** 2
    sigma = 2 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    big_p = (beta1 + beta2) / 2
    big_q = (beta2 - beta1) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (sigma - np.sin(sigma)) * np.sin(big_p) ** 2 * np.cos(big_q) ** 2 / np.cos(sigma / 2) ** 2
        y = (sigma + np.sin(sigma)) * np.cos(big_p) ** 2 * np.sin(big_q) ** 2 / np.sin(sigma / 2) ** 2
        km = _WGS84_A_KM * (sigma - f / 2 * (x + y))
    return np.where(sigma > 1e-12, km, 0.0)


def travel_matrix(from_latlon, to_latlon, settings: TravelSettings = DEFAULT_TRAVEL) -> TravelMatrix:
    import numpy as np
    road_km = geodesic_km_matrix(from_latlon, to_latlon) * settings.circuity
    return TravelMatrix(np.asarray(leg_minutes(road_km, settings)), road_km, True, "geodesic")


def minutes_matrix(from_latlon, to_latlon, settings: TravelSettings = DEFAULT_TRAVEL) -> np.ndarray:
    """minutes[i, j] from origin i to destination j; inputs are (n, 2) and (m, 2) lat/lon arrays."""
    return travel_matrix(from_latlon, to_latlon, settings).minutes
