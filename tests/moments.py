"""The moments the suite is run at: every rule that depends on the hour, the weekday or a DST change
is checked at each of them (tests/integration/test_any_moment.py), not at whatever hour CI happens to run."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")

MOMENTS = {
    # Depots open (Oskarshamn opens 07:00 on weekdays): the morning that once failed the suite.
    "weekday-morning": datetime(2026, 12, 3, 9, 10, tzinfo=STOCKHOLM),
    # Every depot but the 24-hour one closed; dark outside.
    "weekday-evening": datetime(2026, 12, 1, 22, 0, tzinfo=STOCKHOLM),
    # Saturday night into Sunday: weekend hours, midnight close by.
    "saturday-night": datetime(2026, 12, 5, 23, 30, tzinfo=STOCKHOLM),
    # The spring DST change (02:00 -> 03:00 on 2027-03-28): a day of 23 hours.
    "dst-spring": datetime(2027, 3, 28, 10, 0, tzinfo=STOCKHOLM),
    # The autumn DST change (03:00 -> 02:00 on 2026-10-25): a day of 25 hours.
    "dst-autumn": datetime(2026, 10, 25, 14, 0, tzinfo=STOCKHOLM),
}

DEFAULT = "weekday-morning"
ENV_VAR = "DISPATCH_TEST_MOMENT"


def moment(name_or_iso: str | None) -> datetime:
    """A named moment, or any ISO 8601 time with an offset."""
    key = (name_or_iso or DEFAULT).strip()
    if key in MOMENTS:
        return MOMENTS[key]
    value = datetime.fromisoformat(key)
    if value.tzinfo is None:
        raise ValueError(f"{ENV_VAR}={key!r} needs an offset, or one of {', '.join(MOMENTS)}")
    return value
