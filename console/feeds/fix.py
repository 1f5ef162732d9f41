"""One validated position report from a technician's phone or a track file."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

from console.domain.enums import FixSource
from console.domain.errors import ValidationError
from console.domain.geo import check_coordinates

# Phones with a dead RTC report 1970 (or the GPS week-rollover 1999); nothing real predates this.
EARLIEST_FIX = datetime(2000, 1, 1, tzinfo=timezone.utc)
# A clock a little ahead is common; a day ahead means the fix would pin the position for a day.
MAX_FUTURE = timedelta(days=1)
MAX_DEVICE_ID_LEN = 128

FEED_SOURCES = frozenset({FixSource.OSMAND, FixSource.TRACCAR, FixSource.GPX, FixSource.NMEA, FixSource.CSV})


class FeedError(ValidationError):
    """Input from a feed or track file that cannot become a position; the message is one line."""


def _finite(value: float | None, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FeedError(f"{what} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise FeedError(f"{what} must be a finite number, got {value!r}")
    return float(value)


def check_device_id(raw: object) -> str:
    if not isinstance(raw, str):
        raise FeedError(f"device id must be text, got {raw!r}")
    text = raw.strip()
    if not text:
        raise FeedError("device id is missing")
    if len(text) > MAX_DEVICE_ID_LEN:
        raise FeedError(f"device id is longer than {MAX_DEVICE_ID_LEN} characters")
    if not text.isprintable():
        raise FeedError(f"device id {text!r} contains control characters")
    return text


def _utc(value: object) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise FeedError(f"fix time must be a timezone-aware datetime, got {value!r}")
    try:
        result = value.astimezone(timezone.utc)
    except OverflowError:
        raise FeedError(f"fix time {value!r} is out of range") from None
    if result < EARLIEST_FIX:
        raise FeedError(f"fix time {result.isoformat()} is before 2000; the device clock is wrong")
    return result


def check_fix_time(fixed_at: datetime, now: datetime) -> datetime:
    """The fix time in UTC, or FeedError when it is naive or absurd relative to `now`."""
    value = _utc(fixed_at)
    if value > now.astimezone(timezone.utc) + MAX_FUTURE:
        raise FeedError(f"fix time {value.isoformat()} is more than a day in the future")
    return value


@dataclass(frozen=True, slots=True)
class PositionFix:
    """A position that passed every rule that does not depend on the clock.

    Construct through `PositionFix.create(..., now=...)` to also reject times in the future;
    the constructor alone checks coordinates, units and the lower time bound.
    speed is km/h, heading degrees clockwise from north [0, 360), altitude metres,
    accuracy metres (radius), battery percent [0, 100].
    """

    device_id: str
    fixed_at: datetime
    lat: float
    lon: float
    speed_kmh: float | None
    heading: float | None
    altitude: float | None
    accuracy_m: float | None
    battery: float | None
    source: str

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "device_id", check_device_id(self.device_id))
        for name in ("lat", "lon"):
            if isinstance(getattr(self, name), bool):
                raise FeedError(f"{name} must be a number, got {getattr(self, name)!r}")
        try:
            lat, lon = check_coordinates(self.lat, self.lon)
        except ValidationError as exc:
            raise FeedError(str(exc)) from None
        set_(self, "lat", lat)
        set_(self, "lon", lon)
        set_(self, "fixed_at", _utc(self.fixed_at))

        speed = _finite(self.speed_kmh, "speed")
        if speed is not None and speed < 0:
            raise FeedError(f"speed {speed} is negative")
        heading = _finite(self.heading, "heading")
        if heading is not None and not 0.0 <= heading < 360.0:
            raise FeedError(f"heading {heading} is out of range (0 to 360)")
        altitude = _finite(self.altitude, "altitude")
        accuracy = _finite(self.accuracy_m, "accuracy")
        if accuracy is not None and accuracy < 0:
            raise FeedError(f"accuracy {accuracy} is negative")
        battery = _finite(self.battery, "battery")
        if battery is not None and not 0.0 <= battery <= 100.0:
            raise FeedError(f"battery level {battery} is out of range (0 to 100 %)")
        set_(self, "speed_kmh", speed)
        set_(self, "heading", heading)
        set_(self, "altitude", altitude)
        set_(self, "accuracy_m", accuracy)
        set_(self, "battery", battery)
        if self.source not in FEED_SOURCES:
            raise FeedError(f"unknown fix source {self.source!r}")
        set_(self, "source", str(FixSource(self.source)))

    @classmethod
    def create(
        cls,
        *,
        device_id: str,
        fixed_at: datetime,
        lat: float,
        lon: float,
        source: str,
        now: datetime,
        speed_kmh: float | None = None,
        heading: float | None = None,
        altitude: float | None = None,
        accuracy_m: float | None = None,
        battery: float | None = None,
    ) -> PositionFix:
        """Build and validate, including the upper time bound relative to `now`."""
        check_fix_time(fixed_at, now)
        return cls(
            device_id=device_id,
            fixed_at=fixed_at,
            lat=lat,
            lon=lon,
            speed_kmh=speed_kmh,
            heading=heading,
            altitude=altitude,
            accuracy_m=accuracy_m,
            battery=battery,
            source=source,
        )


# Longer than any real number or timestamp; keeps hostile input from costing parse time.
_MAX_FIELD_LEN = 64
_UNIX_NUMBER = re.compile(r"[+-]?\d+(\.\d*)?")
# Unix seconds stay below this until the year 5138; Unix milliseconds passed it in 1973.
_MILLIS_THRESHOLD = 1e11
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def parse_number(raw: object, what: str) -> float:
    """A finite float from text or a JSON number; FeedError naming `what` otherwise."""
    if isinstance(raw, bool):
        raise FeedError(f"{what} must be a number, got {raw!r}")
    if isinstance(raw, (int, float)):
        value = float(raw) if abs(raw) < 1e308 else math.inf
    elif isinstance(raw, str) and len(raw) <= _MAX_FIELD_LEN:
        try:
            value = float(raw.strip())
        except ValueError:
            raise FeedError(f"{what} {raw!r} is not a number") from None
    else:
        shown = raw[:_MAX_FIELD_LEN] + "..." if isinstance(raw, str) else raw
        raise FeedError(f"{what} {shown!r} is not a number")
    if not math.isfinite(value):
        raise FeedError(f"{what} {raw!r} is not a finite number")
    return value


def parse_timestamp(raw: object, what: str = "timestamp", naive_tz: tzinfo = timezone.utc) -> datetime:
    """Unix seconds, Unix milliseconds or ISO 8601 (with 'T' or a space) as an aware UTC datetime.

    Phones send UTC, so a time without offset is read in `naive_tz` (UTC unless the caller
    knows better, as for hand-made CSV files in local time).
    """
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _from_unix(parse_number(raw, what), repr(raw), what)
    if not isinstance(raw, str):
        raise FeedError(f"malformed {what} {raw!r}")
    text = raw.strip()
    if not text or len(text) > _MAX_FIELD_LEN:
        raise FeedError(f"malformed {what} {text[:_MAX_FIELD_LEN]!r}")
    if _UNIX_NUMBER.fullmatch(text):
        return _from_unix(float(text), text, what)
    iso = text[:-1] + "+00:00" if text[-1] in "Zz" else text
    try:
        value = datetime.fromisoformat(iso)
    except (ValueError, OverflowError):
        raise FeedError(
            f"malformed {what} {text!r}; use Unix seconds, milliseconds or ISO 8601"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=naive_tz)
    return _utc(value)


def _from_unix(number: float, shown: str, what: str) -> datetime:
    seconds = number / 1000.0 if abs(number) >= _MILLIS_THRESHOLD else number
    if not 0 <= seconds < _MILLIS_THRESHOLD:
        raise FeedError(f"{what} {shown!r} is out of range")
    return _utc(_EPOCH + timedelta(seconds=seconds))
