from datetime import datetime, timedelta, timezone

import pytest

from console.domain.daylight import sun_times
from console.domain.enums import Cause
from console.domain.errors import ValidationError
from console.domain.eta_rules import (
    DEFAULT_REPAIR_MINUTES,
    Accuracy,
    EtaSettings,
    accuracy,
    aggregate_by_cause,
    check_new_eta,
    suggest_eta,
)
from console.domain.timeutil import LOCAL_TZ

ANKARSRUM = (57.70, 16.33)
UTC = timezone.utc


def local(d, h, mi=0, month=9):
    return datetime(2024, month, d, h, mi, tzinfo=LOCAL_TZ)


def test_daytime_job_is_travel_plus_restock_plus_repair():
    now = local(6, 7, 0)  # dawn was 05:25
    s = suggest_eta(now, 30, Cause.EQUIPMENT_FAILURE, 45, *ANKARSRUM)
    assert s.work_starts_at == now + timedelta(minutes=75)
    assert s.eta == now + timedelta(minutes=75 + 120)
    assert s.darkness_extra_minutes == pytest.approx(0, abs=1e-6)
    assert not s.runs_into_darkness
    assert dict(s.parts) == {"travel": 30, "restock": 45, "repair": 120, "darkness": pytest.approx(0, abs=1e-6)}
    assert s.eta.tzinfo is not None and s.eta.utcoffset() == timedelta(0)


def test_work_after_dusk_goes_slower():
    # Reference story: excavator cut on a Thursday afternoon; on site at 15:00.
    now = local(5, 14, 30)
    s = suggest_eta(now, 30, "excavation_damage", 0, *ANKARSRUM)
    dusk = sun_times(*ANKARSRUM, now.date()).dusk
    daylight_min = (dusk - s.work_starts_at).total_seconds() / 60
    dark_min = (480 - daylight_min) * 1.3
    assert s.eta == pytest.approx(dusk + timedelta(minutes=dark_min), abs=timedelta(minutes=1))
    assert s.darkness_extra_minutes == pytest.approx((480 - daylight_min) * 0.3, abs=1)
    assert s.dark_work_hours == pytest.approx(dark_min / 60, abs=0.02)
    assert s.runs_into_darkness


def test_work_through_the_night_into_the_next_day():
    start = local(5, 20, 30)  # already dark
    settings = EtaSettings(repair_minutes={Cause.CABLE_FAULT: 900}, darkness_factor=2.0)
    s = suggest_eta(start, 0, Cause.CABLE_FAULT, 0, *ANKARSRUM, settings=settings)
    dawn = sun_times(*ANKARSRUM, local(6, 0).date()).dawn
    night_min = (dawn - start).total_seconds() / 60
    # 900 minutes of work: night_min of darkness does night_min/2 of it, the rest by day.
    expected = dawn + timedelta(minutes=900 - night_min / 2)
    assert s.eta == pytest.approx(expected, abs=timedelta(minutes=1))
    assert s.dark_work_hours == pytest.approx(night_min / 60, abs=0.02)


def test_factor_one_means_darkness_costs_nothing():
    s = suggest_eta(local(5, 18), 0, Cause.WEATHER, 0, *ANKARSRUM, settings=EtaSettings(darkness_factor=1.0))
    assert s.eta == local(5, 18) + timedelta(minutes=DEFAULT_REPAIR_MINUTES[Cause.WEATHER])
    assert s.dark_work_hours > 0


def test_midnight_sun_never_slows_work():
    kiruna = (67.85, 20.23)
    now = datetime(2024, 6, 21, 22, 0, tzinfo=LOCAL_TZ)
    s = suggest_eta(now, 0, Cause.UNKNOWN, 0, *kiruna)
    assert s.eta == now + timedelta(minutes=240)
    assert s.dark_work_hours == 0


def test_bad_inputs():
    with pytest.raises(ValidationError):
        suggest_eta(local(5, 12), -5, Cause.POWER, 0, *ANKARSRUM)
    with pytest.raises(ValidationError):
        suggest_eta(local(5, 12), 5, "volcano", 0, *ANKARSRUM)
    with pytest.raises(ValidationError):
        EtaSettings(darkness_factor=0.5)


def test_as_dict_is_local_iso():
    d = suggest_eta(local(6, 7), 30, Cause.POWER, 0, *ANKARSRUM).as_dict()
    assert d["eta"] == "2024-09-06T09:00:00+02:00"
    assert d["parts"]["travel"] == 30


def test_new_eta_before_the_outage_started_is_refused():
    started = local(5, 14, 10)
    with pytest.raises(ValidationError, match="before the outage started"):
        check_new_eta(local(5, 14, 0), started)
    assert check_new_eta(local(10, 21), started) == local(10, 21).astimezone(UTC)
    assert check_new_eta(started, started) == started


def test_accuracy_of_a_slipping_eta():
    restored = local(11, 2)
    promised = [
        (local(6, 9), local(10, 22)),  # recorded later, listed first: order must not matter
        (local(5, 15), local(6, 12)),
        (local(8, 10), local(10, 22)),
        (local(11, 3), local(11, 2)),  # after restoration: not a promise
    ]
    acc = accuracy(promised, restored)
    first = (restored - local(6, 12)).total_seconds() / 60
    last = (restored - local(10, 22)).total_seconds() / 60
    assert acc == Accuracy(first, last, 2, pytest.approx((first + 2 * last) / 3))
    assert acc.first_error_min > 0  # late


def test_early_restoration_is_negative_error_and_no_promise_is_none():
    acc = accuracy([(local(5, 15), local(5, 20))], local(5, 19))
    assert acc == Accuracy(-60, -60, 0, -60)
    assert accuracy([], local(5, 19)) is None


def test_aggregate_by_cause():
    summary = aggregate_by_cause([
        (Cause.EXCAVATION_DAMAGE, Accuracy(600, 60, 3, 300)),
        ("excavation_damage", Accuracy(-120, -20, 1, -50)),
        (Cause.POWER, Accuracy(10, 10, 0, 10)),
        (Cause.WEATHER, None),
    ])
    assert list(summary) == [Cause.EXCAVATION_DAMAGE, Cause.POWER]
    ex = summary[Cause.EXCAVATION_DAMAGE]
    assert (ex.count, ex.mean_abs_first_min, ex.mean_abs_last_min, ex.mean_revisions, ex.mean_bias_min) == (
        2, 360, 40, 2, 125,
    )
    assert summary[Cause.POWER].count == 1
    assert aggregate_by_cause([]) == {}
