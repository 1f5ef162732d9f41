"""The history CSV: every bad line named with its number and reason, good ones parsed."""
from __future__ import annotations

import pytest

from console.domain.enums import Cause
from console.domain.errors import ValidationError
from console.domain.history import read_history_csv

HEADER = "ref,cause,started_at,restored_at,customers_affected,lat,lon,first_eta\n"


def test_good_rows_are_parsed_local_times_to_utc():
    parsed = read_history_csv(HEADER + "T-1,excavation damage,2024-09-05T14:00,2024-09-06T00:30,120,57.7,16.3,"
                                       "2024-09-05T20:00\n\nT-2,power,2024-09-07T10:00+02:00,2024-09-07T11:30+02:00,"
                                       "4,57.8,16.4,\n")
    assert not parsed.bad_lines and [r.ref for r in parsed.rows] == ["T-1", "T-2"]
    first = parsed.rows[0]
    assert first.cause is Cause.EXCAVATION_DAMAGE and first.duration_minutes == 630
    assert first.started_at.utcoffset().total_seconds() == 0 and first.started_at.hour == 12
    assert parsed.rows[1].first_eta is None


def test_semicolons_and_decimal_commas():
    parsed = read_history_csv("ref;cause;started_at;restored_at;customers_affected;lat;lon\n"
                              "A;cable_fault;2024-01-01T08:00;2024-01-01T12:00;3;57,5;16,25\n")
    assert parsed.rows[0].lat == 57.5 and parsed.rows[0].lon == 16.25


def test_each_bad_line_is_named():
    parsed = read_history_csv(
        HEADER
        + "A,meteor,2024-01-01T08:00,2024-01-01T09:00,1,57,16,\n"          # line 2
        + "B,power,2024-01-01T08:00,2024-01-01T07:00,1,57,16,\n"           # line 3
        + "C,power,2024-01-01T08:00,2024-01-01T09:00,-4,57,16,\n"          # line 4
        + "D,power,2024-01-01T08:00,2024-01-01T09:00,1,97,16,\n"           # line 5
        + "E,power,yesterday,2024-01-01T09:00,1,57,16,\n"                  # line 6
        + "F,power,2024-01-01T08:00,2024-01-01T09:00,1,57,16,\n"           # line 7: good
        + "F,power,2024-01-01T08:00,2024-01-01T09:00,1,57,16,\n"           # line 8: again
        + "G,power\n")                                                     # line 9
    lines = dict(parsed.bad_lines)
    assert sorted(lines) == [2, 3, 4, 5, 6, 8, 9]
    assert "meteor" in lines[2] and "before started_at" in lines[3] and "customers_affected" in lines[4]
    assert "latitude" in lines[5] and "started_at" in lines[6] and "line 7" in lines[8]
    assert "columns" in lines[9]
    assert [r.ref for r in parsed.rows] == ["F"]


def test_a_header_without_a_column_is_refused():
    with pytest.raises(ValidationError, match="missing restored_at"):
        read_history_csv("ref,cause,started_at,customers_affected,lat,lon\n")
    with pytest.raises(ValidationError, match="empty"):
        read_history_csv("\n\n")
