"""Coordinate rules shared by every input path."""
from __future__ import annotations

import math

from .errors import ValidationError


def check_coordinates(lat: float, lon: float) -> tuple[float, float]:
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ValidationError(f"coordinates must be numbers, got {lat!r}, {lon!r}") from None
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)):
        raise ValidationError("coordinates must be finite numbers")
    if not -90.0 <= lat_f <= 90.0:
        raise ValidationError(f"latitude {lat_f} is out of range (-90 to 90)")
    if not -180.0 <= lon_f <= 180.0:
        raise ValidationError(f"longitude {lon_f} is out of range (-180 to 180)")
    return lat_f, lon_f
