"""The chart models: the staircase of a slipping ETA, and the spread of errors by cause."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from console.charts.accuracy_model import accuracy_chart
from console.charts.eta_model import Promise, eta_chart, moved_between
from console.charts.words import span, tick, when
from console.domain import clock
from console.domain.errors import ValidationError

START = datetime(2024, 9, 12, 12, 20, tzinfo=timezone.utc)  # a Thursday afternoon, 14:20 in Stockholm
H = timedelta(hours=1)


def _ledger():
    # Given out of order: the chart sorts by the moment each promise was made.
    return [
        Promise(START + 45 * H, START + 100 * H, "restock", "Skarvboxar slut"),
        Promise(START + 40 * timedelta(minutes=1), START + 8 * H, "initial"),
        Promise(START + 5 * H, START + 28 * H, "scope"),
    ]


def test_steps_follow_the_ledger_each_holding_until_the_next_promise():
    now = START + 48 * H
    chart = eta_chart(7, "Ankarsrum", START, _ledger(), lang="en", now=now)
    assert [s.reason for s in chart.steps] == ["initial", "scope", "restock"]
    assert [s.promised_at for s in chart.steps] == [START + 40 * timedelta(minutes=1), START + 5 * H, START + 45 * H]
    assert [s.until for s in chart.steps] == [START + 5 * H, START + 45 * H, now]
    assert [s.slip_minutes for s in chart.steps] == [None, 20 * 60, 72 * 60]
    assert chart.moved and chart.total_slip_minutes == 92 * 60
    assert chart.current.eta == START + 100 * H and not chart.overdue
    assert chart.steps[-1].note == "Skarvboxar slut"


def test_reasons_are_the_catalogue_words_in_either_language():
    sv = eta_chart(1, "x", START, _ledger(), lang="sv", now=START + 48 * H)
    en = eta_chart(1, "x", START, _ledger(), lang="en", now=START + 48 * H)
    assert [s.reason_word for s in en.steps] == ["Initial estimate", "Larger scope", "Restocking material"]
    assert [s.reason_word for s in sv.steps] != [s.reason_word for s in en.steps]
    assert sv.step_label(sv.steps[1]).endswith("+20 h") and sv.step_label(sv.steps[0]) == sv.steps[0].reason_word
    assert en.step_label(en.steps[2]) == "Restocking material +3 d"
    assert when(START, "sv") == "tor 12/9 14:20" and when(START, "en") == "Thu 12/9 14:20"
    assert tick(datetime(2024, 9, 12, 22, 0, tzinfo=timezone.utc), "sv") == "fre 13/9"  # local midnight
    assert span(-130, "en") == "\u22122 h 10 min"
    with pytest.raises(ValidationError):
        eta_chart(1, "x", START, [], lang="de")


def test_now_comes_from_the_one_clock_and_a_passed_eta_is_overdue():
    at = START + 30 * H  # the scope promise (START + 28 h) has passed, the restock one not yet made
    with clock.installed(clock.FixedClock(at)):
        chart = eta_chart(1, "x", START, _ledger()[1:], lang="en")
    assert chart.now == at and chart.end == at
    assert chart.overdue
    lo, hi = chart.time_range()
    assert lo == START and hi == at


def test_restoration_ends_the_staircase_and_nothing_is_overdue():
    restored = START + 60 * H
    chart = eta_chart(1, "x", START, _ledger(), restored_at=restored, lang="en", now=START + 90 * H)
    assert chart.end == restored and chart.steps[-1].until == restored
    assert chart.restored_at == restored and not chart.overdue
    assert chart.time_range() == (START, START + 100 * H)


def test_no_promise_yet_and_a_first_promise_alone_are_not_moves():
    empty = eta_chart(1, "x", START, [], lang="en", now=START + H)
    assert empty.steps == () and empty.current is None and not empty.moved and not empty.overdue
    one = eta_chart(1, "x", START, _ledger()[1:2], lang="en", now=START + 2 * H)
    assert not one.moved and not moved_between(one, START, START + 2 * H)


def test_moved_between_asks_for_a_replacing_promise_inside_the_window():
    chart = eta_chart(1, "x", START, _ledger(), lang="en", now=START + 48 * H)
    assert moved_between(chart, START + 44 * H, START + 48 * H)  # the restock slip
    assert not moved_between(chart, START + 6 * H, START + 44 * H)  # nothing was promised then
    assert moved_between(chart, START, START + 6 * H)  # the scope slip (the first promise alone is not)


def test_accuracy_rows_by_cause_in_declared_order_with_counts():
    since, until = START - 30 * 24 * H, START
    chart = accuracy_chart([("cable_fault", 60, 10), ("excavation_damage", 600, 120), ("cable_fault", -30, -5)],
                           since, until, lang="en")
    assert [r.cause for r in chart.rows] == ["excavation_damage", "cable_fault"]
    assert [r.count for r in chart.rows] == [1, 2]
    assert chart.rows[1].first == (60.0, -30.0) and chart.rows[1].median_last == 2.5
    assert chart.rows[0].label == "Excavation damage"
    assert chart.in_hours and chart.scaled(90) == 1.5  # 600 minutes is past the point minutes read well
    small = accuracy_chart([("power", 20, 5)], since, until, lang="sv")
    assert not small.in_hours and small.scaled(20) == 20
    assert accuracy_chart([], since, until, lang="en").rows == ()
