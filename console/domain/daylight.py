"""Sun times and darkness for a work site, in the operator's zone.

Darkness means the sun is more than 6 degrees below the horizon (after civil dusk, before
civil dawn): from then on a splicing crew needs its own light.

astral raises ValueError for an event the sun does not reach on a date (midnight sun,
polar night) and, near those seasons, sometimes for an event that does happen but falls
where its one-shot formula cannot find it. Each event is therefore asked of astral first
and, when it declines, looked for by scanning the sun's elevation over the local day; only
when the scan finds no crossing either is the event None.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable

from astral import Observer, sun

from .errors import ValidationError
from .vocabulary import N_
from .geo import check_coordinates
from .timeutil import LOCAL_TZ, as_utc, iso_local

CIVIL_DEPRESSION = 6.0
# Apparent radius plus standard refraction: the sun's centre at sunrise/sunset.
HORIZON_ELEVATION = -0.833
DARK_ELEVATION = -CIVIL_DEPRESSION

_SCAN_STEP = timedelta(minutes=10)
_BISECT_TO = timedelta(seconds=5)


@dataclass(frozen=True)
class SunTimes:
    """Local (Europe/Stockholm) aware times; None where the sun does not cross that line that day."""

    dawn: datetime | None
    sunrise: datetime | None
    sunset: datetime | None
    dusk: datetime | None
    polar: str | None  # "day" (midnight sun), "night" (polar night) or None

    def as_dict(self) -> dict:
        return {
            "dawn": iso_local(self.dawn),
            "sunrise": iso_local(self.sunrise),
            "sunset": iso_local(self.sunset),
            "dusk": iso_local(self.dusk),
            "polar": self.polar,
        }


def _observer(lat: float, lon: float) -> Observer:
    lat_f, lon_f = check_coordinates(lat, lon)
    return Observer(latitude=lat_f, longitude=lon_f)


def _elevation(observer: Observer, at: datetime) -> float:
    return sun.elevation(observer, at, with_refraction=True)


def _crossings(observer: Observer, start: datetime, end: datetime, threshold: float):
    """Times in [start, end) where the elevation crosses threshold, as (utc time, rising)."""
    found = []
    # Brackets lie on a fixed grid, not from `start`, so the same dusk is found at the same
    # instant whatever window asks for it (a view read a minute later must agree on it).
    step = _SCAN_STEP.total_seconds()
    t0 = datetime.fromtimestamp(start.timestamp() // step * step, tz=timezone.utc)
    e0 = _elevation(observer, t0) - threshold
    while t0 < end:
        t1 = min(t0 + _SCAN_STEP, end)
        e1 = _elevation(observer, t1) - threshold
        if (e0 < 0) != (e1 < 0):
            lo, hi, elo = t0, t1, e0
            while hi - lo > _BISECT_TO:
                mid = lo + (hi - lo) / 2
                emid = _elevation(observer, mid) - threshold
                if (emid < 0) == (elo < 0):
                    lo, elo = mid, emid
                else:
                    hi = mid
            at = lo + (hi - lo) / 2
            if start <= at < end:
                found.append((at, e1 >= 0))
        t0, e0 = t1, e1
    return found


def _local_day(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=LOCAL_TZ)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=LOCAL_TZ)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def _event(
    observer: Observer, day: date, astral_fn: Callable, threshold: float, rising: bool
) -> datetime | None:
    try:
        at = astral_fn(observer, day, tzinfo=LOCAL_TZ)
    except ValueError:
        at = None
    if at is not None and at.date() == day:
        return at
    start, end = _local_day(day)
    for t, is_rising in _crossings(observer, start, end, threshold):
        if is_rising == rising:
            return t.astimezone(LOCAL_TZ)
    return None


def _dawn(observer, day, tzinfo):
    return sun.dawn(observer, day, depression=CIVIL_DEPRESSION, tzinfo=tzinfo)


def _dusk(observer, day, tzinfo):
    return sun.dusk(observer, day, depression=CIVIL_DEPRESSION, tzinfo=tzinfo)


def _polar(observer: Observer, day: date) -> str | None:
    """Decided by the sun's height at its culminations, so it never depends on an event search."""
    noon = sun.noon(observer, day)
    midnights = (sun.midnight(observer, day), sun.midnight(observer, day + timedelta(days=1)))
    if _elevation(observer, noon) < HORIZON_ELEVATION:
        return "night"
    if min(_elevation(observer, m) for m in midnights) > HORIZON_ELEVATION:
        return "day"
    return None


def sun_times(lat: float, lon: float, day: date) -> SunTimes:
    observer = _observer(lat, lon)
    polar = _polar(observer, day)
    if polar is not None:
        sunrise = sunset = None
    else:
        sunrise = _event(observer, day, sun.sunrise, HORIZON_ELEVATION, rising=True)
        sunset = _event(observer, day, sun.sunset, HORIZON_ELEVATION, rising=False)
    dawn = _event(observer, day, _dawn, DARK_ELEVATION, rising=True)
    dusk = _event(observer, day, _dusk, DARK_ELEVATION, rising=False)
    return SunTimes(dawn, sunrise, sunset, dusk, polar)


def _window(start_utc: datetime, end_utc: datetime) -> tuple[datetime, datetime]:
    start, end = as_utc(start_utc), as_utc(end_utc)
    if end < start:
        raise ValidationError.of(N_("the work window ends before it starts"))
    return start, end


def darkness_intervals(
    lat: float, lon: float, start_utc: datetime, end_utc: datetime
) -> list[tuple[datetime, datetime]]:
    """The dark stretches (UTC) of the window, in order; any number of days long."""
    observer = _observer(lat, lon)
    start, end = _window(start_utc, end_utc)
    if start == end:
        return []
    intervals = []
    dark_since = start if _elevation(observer, start) < DARK_ELEVATION else None
    for at, rising in _crossings(observer, start, end, DARK_ELEVATION):
        if rising and dark_since is not None:
            intervals.append((dark_since, at))
            dark_since = None
        elif not rising and dark_since is None:
            dark_since = at
    if dark_since is not None:
        intervals.append((dark_since, end))
    return intervals


def darkness_hours(lat: float, lon: float, start_utc: datetime, end_utc: datetime) -> float:
    return sum(
        (b - a).total_seconds() for a, b in darkness_intervals(lat, lon, start_utc, end_utc)
    ) / 3600.0


def runs_into_darkness(lat: float, lon: float, start_utc: datetime, end_utc: datetime) -> bool:
    """True when any of the work window is dark: the crew needs a lighting kit."""
    return bool(darkness_intervals(lat, lon, start_utc, end_utc))
