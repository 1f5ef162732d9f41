"""Learned repair times: shrunk toward the setting, spread into a conservative time, bands where data allows."""
from __future__ import annotations

import math

import pytest

from console.domain.enums import Cause
from console.domain.eta_rules import DEFAULT_ETA_SETTINGS
from console.domain.repair_model import MIN_BAND_CASES, RepairCase, RepairModel, hours_minutes, size_band


def _cases(cause, minutes, customers=20):
    return [RepairCase(cause, customers, m) for m in minutes]


def test_without_history_the_setting_is_the_likely_time():
    est = RepairModel([], DEFAULT_ETA_SETTINGS).estimate(Cause.EXCAVATION_DAMAGE, 40)
    assert est.likely_minutes == 480 and est.cases == 0 and not est.learned
    assert est.conservative_minutes > est.likely_minutes
    assert "no restored excavation damage outages yet" in est.basis


def test_many_cases_move_the_estimate_most_of_the_way_few_cases_a_little():
    ten_hours = [600 * f for f in (0.9, 0.95, 1.0, 1.05, 1.1)]
    few = RepairModel(_cases(Cause.EXCAVATION_DAMAGE, ten_hours[:2]), DEFAULT_ETA_SETTINGS)
    many = RepairModel(_cases(Cause.EXCAVATION_DAMAGE, ten_hours * 8), DEFAULT_ETA_SETTINGS)
    low = few.estimate(Cause.EXCAVATION_DAMAGE).likely_minutes
    high = many.estimate(Cause.EXCAVATION_DAMAGE).likely_minutes
    assert 480 < low < 540 < high < 600
    est = many.estimate(Cause.EXCAVATION_DAMAGE)
    assert est.cases == 40 and est.basis.startswith("from 40 restored excavation damage outages, median 10 h 00")
    assert est.conservative_minutes > est.likely_minutes
    # Other causes keep their settings.
    assert many.estimate(Cause.POWER).likely_minutes == 90


def test_a_wide_spread_of_cases_widens_the_conservative_margin():
    narrow = RepairModel(_cases(Cause.CABLE_FAULT, [300] * 30), DEFAULT_ETA_SETTINGS).estimate(Cause.CABLE_FAULT)
    wide = RepairModel(_cases(Cause.CABLE_FAULT, [120, 200, 300, 450, 750] * 6),
                       DEFAULT_ETA_SETTINGS).estimate(Cause.CABLE_FAULT)
    assert wide.conservative_minutes / wide.likely_minutes > narrow.conservative_minutes / narrow.likely_minutes


def test_a_size_band_with_enough_cases_gets_its_own_figure():
    cases = _cases(Cause.CABLE_FAULT, [200] * MIN_BAND_CASES, customers=10) + \
        _cases(Cause.CABLE_FAULT, [700] * MIN_BAND_CASES, customers=900) + \
        _cases(Cause.CABLE_FAULT, [400] * (MIN_BAND_CASES - 1), customers=100)
    model = RepairModel(cases, DEFAULT_ETA_SETTINGS)
    small, large = model.estimate(Cause.CABLE_FAULT, 5), model.estimate(Cause.CABLE_FAULT, 2000)
    medium = model.estimate(Cause.CABLE_FAULT, 100)
    assert small.band == "small" and large.band == "large" and medium.band is None  # too few mid-size cases
    assert small.likely_minutes < medium.likely_minutes < large.likely_minutes
    assert small.cases == MIN_BAND_CASES and medium.cases == 3 * MIN_BAND_CASES - 1


@pytest.mark.parametrize("customers, band", [(0, "small"), (49, "small"), (50, "medium"), (499, "medium"),
                                             (500, "large")])
def test_size_bands(customers, band):
    assert size_band(customers) == band


def test_hours_minutes():
    assert hours_minutes(370) == "6 h 10" and hours_minutes(45) == "45 min" and hours_minutes(600) == "10 h 00"


def test_zero_minute_repairs_stay_finite():
    est = RepairModel(_cases(Cause.POWER, [0.0] * 10), DEFAULT_ETA_SETTINGS).estimate(Cause.POWER)
    assert math.isfinite(est.likely_minutes) and est.likely_minutes > 0
