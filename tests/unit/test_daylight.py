from datetime import date, datetime, timedelta, timezone

import pytest
from astral import Observer, sun

from console.domain.daylight import (
    SunTimes,
    darkness_hours,
    darkness_intervals,
    runs_into_darkness,
    sun_times,
)
from console.domain.errors import ValidationError
from console.domain.timeutil import LOCAL_TZ

ANKARSRUM = (57.70, 16.33)
KIRUNA = (67.85, 20.23)
UTC = timezone.utc


def local(y, mo, d, h, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=LOCAL_TZ)


def close_to(actual, expected, minutes=3):
    return abs((actual - expected).total_seconds()) <= minutes * 60


def test_ankarsrum_on_the_reference_thursday():
    st = sun_times(*ANKARSRUM, date(2024, 9, 6))
    assert close_to(st.sunset, local(2024, 9, 6, 19, 37))
    assert close_to(st.dusk, local(2024, 9, 6, 20, 18))
    assert st.dawn < st.sunrise < st.sunset < st.dusk
    assert st.polar is None
    assert st.sunset.utcoffset() == timedelta(hours=2)  # shown in Stockholm summer time


def test_as_dict_gives_iso_local_times():
    d = sun_times(*ANKARSRUM, date(2024, 9, 6)).as_dict()
    assert d["sunset"].startswith("2024-09-06T19:3") and d["sunset"].endswith("+02:00")
    assert d["polar"] is None


def test_kiruna_midsummer_is_midnight_sun():
    st = sun_times(*KIRUNA, date(2024, 6, 21))
    assert st == SunTimes(None, None, None, None, "day")
    assert st.as_dict() == {"dawn": None, "sunrise": None, "sunset": None, "dusk": None, "polar": "day"}


def test_kiruna_midwinter_is_polar_night_with_twilight():
    st = sun_times(*KIRUNA, date(2024, 12, 21))
    assert st.polar == "night"
    assert st.sunrise is None and st.sunset is None
    # The sun still climbs above -6 degrees around noon: civil twilight happens.
    assert st.dawn is not None and st.dusk is not None and st.dawn < st.dusk


def test_kiruna_late_may_finds_the_sunrise_astral_misses():
    # The sun dips just below the horizon after midnight; astral cannot place that sunrise,
    # the elevation scan can. It never gets dark, so there is no dawn or dusk.
    st = sun_times(*KIRUNA, date(2024, 5, 20))
    assert st.polar is None
    assert st.sunrise is not None and st.sunrise.date() == date(2024, 5, 20)
    assert st.sunset is not None and st.sunset.hour == 23
    assert st.dawn is None and st.dusk is None
    obs = Observer(*KIRUNA)
    assert sun.elevation(obs, st.sunrise - timedelta(minutes=10)) < sun.elevation(obs, st.sunrise + timedelta(minutes=10))


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_in_kiruna_works(month):
    st = sun_times(*KIRUNA, date(2024, month, 15))
    for t in (st.dawn, st.sunrise, st.sunset, st.dusk):
        assert t is None or t.date() == date(2024, month, 15)


def test_darkness_hours_of_one_evening():
    # From sunset to 23:00 local: dark from dusk (20:18) on.
    hours = darkness_hours(*ANKARSRUM, local(2024, 9, 6, 19, 0), local(2024, 9, 6, 23, 0))
    assert hours == pytest.approx((23 - (20 + 18.7 / 60)), abs=0.05)


def _sampled_dark_hours(lat, lon, start, end, step_min=1):
    obs = Observer(lat, lon)
    n = int((end - start).total_seconds() // (step_min * 60))
    dark = sum(
        sun.elevation(obs, start + timedelta(minutes=step_min * (i + 0.5))) < -6 for i in range(n)
    )
    return dark * step_min / 60


def test_darkness_over_several_days_matches_sampling_the_sun():
    start = local(2024, 9, 5, 14, 0)
    end = local(2024, 9, 10, 22, 0)
    expected = _sampled_dark_hours(*ANKARSRUM, start, end)
    assert darkness_hours(*ANKARSRUM, start, end) == pytest.approx(expected, abs=0.05)
    intervals = darkness_intervals(*ANKARSRUM, start, end)
    assert len(intervals) == 6  # five nights plus the evening of the 10th
    assert all(a < b for a, b in intervals)
    assert all(b1 < a2 for (_, b1), (a2, _) in zip(intervals, intervals[1:]))


def test_darkness_interval_starts_at_dusk():
    intervals = darkness_intervals(*ANKARSRUM, local(2024, 9, 6, 12), local(2024, 9, 7, 12))
    (dark_from, dark_to), = intervals
    st6, st7 = sun_times(*ANKARSRUM, date(2024, 9, 6)), sun_times(*ANKARSRUM, date(2024, 9, 7))
    assert close_to(dark_from, st6.dusk, 1)
    assert close_to(dark_to, st7.dawn, 1)


def test_window_starting_in_the_dark():
    start, end = local(2024, 9, 6, 23, 0), local(2024, 9, 7, 1, 0)
    assert darkness_hours(*ANKARSRUM, start, end) == pytest.approx(2.0)
    assert darkness_intervals(*ANKARSRUM, start, end)[0][0] == start.astimezone(UTC)


def test_daytime_work_does_not_run_into_darkness():
    assert not runs_into_darkness(*ANKARSRUM, local(2024, 9, 6, 9), local(2024, 9, 6, 17))
    assert runs_into_darkness(*ANKARSRUM, local(2024, 9, 6, 15), local(2024, 9, 6, 21))


def test_kiruna_darkness_at_the_extremes():
    june = darkness_hours(*KIRUNA, local(2024, 6, 20, 0), local(2024, 6, 23, 0))
    assert june == 0.0
    december = darkness_hours(*KIRUNA, local(2024, 12, 20, 0), local(2024, 12, 21, 0))
    assert december == pytest.approx(_sampled_dark_hours(*KIRUNA, local(2024, 12, 20, 0), local(2024, 12, 21, 0)), abs=0.05)
    assert 17 < december < 20


def test_naive_times_are_utc_and_reversed_windows_are_refused():
    naive = darkness_hours(*ANKARSRUM, datetime(2024, 9, 6, 17), datetime(2024, 9, 6, 21))
    aware = darkness_hours(*ANKARSRUM, datetime(2024, 9, 6, 17, tzinfo=UTC), datetime(2024, 9, 6, 21, tzinfo=UTC))
    assert naive == aware > 0
    with pytest.raises(ValidationError):
        darkness_hours(*ANKARSRUM, local(2024, 9, 7, 0), local(2024, 9, 6, 0))
    with pytest.raises(ValidationError):
        sun_times(91.0, 16.0, date(2024, 9, 6))


def test_the_same_dusk_whatever_window_asks_for_it():
    dusks = {darkness_intervals(*ANKARSRUM, local(2024, 9, 6, 12, minute), local(2024, 9, 7, 12))[0][0]
             for minute in (0, 1, 7, 33, 59)}
    assert len(dusks) == 1
