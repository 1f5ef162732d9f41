"""The depots panel says open or closed as the restock planner judges it."""
from datetime import datetime

import pytest

from console.domain.timeutil import LOCAL_TZ
from console.services.readmodels import DepotView
from console.ui.depot_panel import opening_state

pytestmark = pytest.mark.gui


def _depot(hours):
    return DepotView(1, "Depå Nattöppet", 57.7, 16.6, "", False, hours)


def test_overnight_hours_count_as_open_after_midnight():
    depot = _depot({4: ("22:00", "06:00")})  # Friday night into Saturday
    is_open, text = opening_state(depot, datetime(2024, 9, 7, 3, 0, tzinfo=LOCAL_TZ))
    assert is_open and "06:00" in text
    is_open, _ = opening_state(depot, datetime(2024, 9, 7, 7, 0, tzinfo=LOCAL_TZ))
    assert not is_open


def test_day_hours():
    depot = _depot({0: ("07:00", "16:00")})
    assert opening_state(depot, datetime(2024, 9, 2, 10, 0, tzinfo=LOCAL_TZ))[0]
    is_open, text = opening_state(depot, datetime(2024, 9, 2, 6, 0, tzinfo=LOCAL_TZ))
    assert not is_open and "07:00" in text
