"""Speeds and access rules for the road graph built from an OpenStreetMap extract.

Speeds per highway class follow the idea of OSRM's car.lua and Valhalla's auto costing (a free-flow
speed per road class), lowered to Swedish limits: 70 km/h is the default outside built-up areas,
110-120 on motorways, 50 in built-up areas, slow for service and track roads. A tagged maxspeed
wins, but a road is never driven faster than its class allows for free flow (a 90 limit on a gravel
tertiary road is not 90 in practice), so the smaller of the two is used.
"""
from __future__ import annotations

import re

# km/h per highway=* class; source: OSRM car.lua / Valhalla defaults adjusted to Swedish limits.
SPEED_KMH = {
    "motorway": 110, "motorway_link": 60,
    "trunk": 90, "trunk_link": 50,
    "primary": 80, "primary_link": 50,
    "secondary": 70, "secondary_link": 50,
    "tertiary": 70, "tertiary_link": 40,
    "unclassified": 60, "residential": 40, "living_street": 10,
    "service": 20, "road": 40, "track": 25,
}
# Named zone limits ("SE:urban") as used in maxspeed tags.
ZONE_KMH = {"urban": 50, "rural": 70, "motorway": 110, "trunk": 90, "living_street": 7, "walk": 7}
SNAP_KMH = 15.0  # the leg from a point to the nearest road: a slow drive up a yard or a walk

_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mph|km/h|kmh)?\s*$")


def parse_maxspeed(value: str | None) -> float | None:
    """km/h from a maxspeed tag ("50", "50 mph", "SE:urban", "none"), None when unusable."""
    if not value:
        return None
    value = value.split(";")[0].strip().lower()
    match = _NUMBER.match(value)
    if match:
        speed = float(match.group(1))
        return speed * 1.609344 if match.group(2) == "mph" else speed
    if ":" in value:
        return ZONE_KMH.get(value.split(":", 1)[1])
    return None  # "none", "signals", "walk" without a country: fall back to the class speed


_NO_ACCESS = {"no", "private", "agricultural", "forestry", "delivery", "customers", "emergency"}
_NO_SERVICE = {"driveway", "parking_aisle", "drive-through", "emergency_access"}


def drivable(tags) -> bool:
    """A way a technician's van may drive on: a road class we know, not closed to motor vehicles."""
    highway = tags.get("highway")
    if highway not in SPEED_KMH:
        return False
    if tags.get("area") == "yes":
        return False
    for key in ("motor_vehicle", "motorcar", "vehicle", "access"):
        value = tags.get(key)
        if value is not None:
            if value in _NO_ACCESS:
                return False
            break  # the most specific key given decides
    return not (highway == "service" and tags.get("service") in _NO_SERVICE)


def oneway(tags) -> int:
    """1: only along the way's node order, -1: only against it, 0: both directions."""
    value = tags.get("oneway")
    if value in ("yes", "1", "true"):
        return 1
    if value == "-1" or value == "reverse":
        return -1
    if value == "no":
        return 0
    if tags.get("junction") in ("roundabout", "circular") or tags.get("highway") == "motorway":
        return 1
    return 0


def speed_kmh(tags) -> float:
    base = float(SPEED_KMH[tags.get("highway")])
    tagged = parse_maxspeed(tags.get("maxspeed"))
    return min(base, tagged) if tagged and tagged > 0 else base
