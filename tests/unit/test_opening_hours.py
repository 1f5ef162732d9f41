"""Opening hours as stored ("HH:MM" text) read into the domain's rules."""
from datetime import datetime

import pytest

from console.domain.errors import ValidationError
from console.domain.restock import OpeningHours
from console.domain.timeutil import LOCAL_TZ


def test_from_text_reads_stored_hours_and_overnight_spans():
    hours = OpeningHours.from_text({"0": ["07:00", "16:00"], 4: ["22:00", "06:00"]})
    assert hours.is_open(datetime(2024, 9, 2, 10, 0, tzinfo=LOCAL_TZ))       # Monday 10:00
    assert not hours.is_open(datetime(2024, 9, 2, 17, 0, tzinfo=LOCAL_TZ))   # Monday 17:00
    assert hours.is_open(datetime(2024, 9, 7, 3, 0, tzinfo=LOCAL_TZ))        # Saturday 03:00, Friday's night
    assert not hours.is_open(datetime(2024, 9, 7, 7, 0, tzinfo=LOCAL_TZ))


@pytest.mark.parametrize("bad", [{"0": ["7 o'clock", "16:00"]}, {"x": ["07:00", "16:00"]}, {"0": ["07:00"]},
                                 {"9": ["07:00", "16:00"]}])
def test_from_text_refuses_garbled_hours(bad):
    with pytest.raises(ValidationError):
        OpeningHours.from_text(bad)
