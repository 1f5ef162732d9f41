"""The named moments of tests/moments.py are what their names claim."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from console.domain import clock
from tests.moments import DEFAULT, MOMENTS, STOCKHOLM, moment


def _day_length(day: datetime) -> timedelta:
    start = datetime(day.year, day.month, day.day, tzinfo=STOCKHOLM)
    end = start + timedelta(days=1)  # wall-clock midnight next day
    return end.astimezone(timezone.utc) - start.astimezone(timezone.utc)


def test_weekday_moments_fall_on_weekdays_at_their_hours():
    morning, evening = MOMENTS["weekday-morning"], MOMENTS["weekday-evening"]
    assert morning.weekday() < 5 and 7 <= morning.hour < 12
    assert evening.weekday() < 5 and evening.hour >= 20
    assert _day_length(morning) == _day_length(evening) == timedelta(hours=24)


def test_saturday_night_is_a_saturday_close_to_midnight():
    night = MOMENTS["saturday-night"]
    assert night.weekday() == 5 and night.hour == 23
    assert (night + timedelta(hours=1)).astimezone(STOCKHOLM).weekday() == 6


def test_dst_days_are_23_and_25_hours_long():
    spring, autumn = MOMENTS["dst-spring"], MOMENTS["dst-autumn"]
    assert _day_length(spring) == timedelta(hours=23)
    assert _day_length(autumn) == timedelta(hours=25)
    # The moment itself is after the change on its day.
    assert spring.utcoffset() == timedelta(hours=2) and autumn.utcoffset() == timedelta(hours=1)


def test_moment_resolves_names_iso_and_default():
    assert moment(None) == MOMENTS[DEFAULT]
    assert moment("dst-spring") == MOMENTS["dst-spring"]
    assert moment("2026-06-01T12:00:00+02:00") == datetime(2026, 6, 1, 10, tzinfo=timezone.utc)
    with pytest.raises(ValueError):
        moment("2026-06-01T12:00:00")


def test_fixed_and_anchored_clocks_start_at_the_moment():
    at = MOMENTS["dst-autumn"]
    assert clock.FixedClock(at).now() == at
    anchored = clock.AnchoredClock(at).now()
    assert timedelta(0) <= anchored - at < timedelta(seconds=5)
    with clock.installed(clock.FixedClock(at)):
        assert clock.now() == at
