"""Coordinate rules shared by every input path."""
from __future__ import annotations

import math

from .errors import ValidationError
from .vocabulary import N_


def check_coordinates(lat: float, lon: float) -> tuple[float, float]:
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ValidationError.of(N_("coordinates must be numbers, got {lat}, {lon}"), lat=repr(lat), lon=repr(lon)) from None
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)):
        raise ValidationError.of(N_("coordinates must be finite numbers"))
    if not -90.0 <= lat_f <= 90.0:
        raise ValidationError.of(N_("latitude {lat} is out of range (-90 to 90)"), lat=lat_f)
    if not -180.0 <= lon_f <= 180.0:
        raise ValidationError.of(N_("longitude {lon} is out of range (-180 to 180)"), lon=lon_f)
    return lat_f, lon_f
