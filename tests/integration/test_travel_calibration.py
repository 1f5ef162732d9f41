"""Calibrated travel: the road factor fitted from restock runs with known durations, on both backends."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from console.services import travel_calibration
from console.services.settings import get_settings
from console.store.schema import AuditEntry
from tests.cli_run import run
from tests.trips import CELL_A_DEPOT, Story, drive_minutes


def test_fits_the_median_overall_and_per_cell_leaving_out_short_trips(db):
    story = Story(db)
    for i in range(12):
        story.trip("A", 8 + i, 1.6)
    for i in range(10):
        story.trip("B", 8 + i, 1.2)
    story.trip("A", 12, 6.0)  # a lunch on the way: one trip among many, the median does not move
    story.trip("A", 1.0, 4.0)  # under 2 km: parking and junctions, left out

    fit = travel_calibration.calibrate(db)
    assert fit.trips_seen == 24
    assert fit.overall.trips == 23
    assert fit.fitted == pytest.approx(1.6, abs=0.01)
    cells = {c.cell: c for c in fit.cells}
    assert set(cells) == {(57.5, 16.0), (59.0, 18.0)}
    assert cells[(57.5, 16.0)].factor == pytest.approx(1.6, abs=0.01) and cells[(57.5, 16.0)].trips == 13
    assert cells[(59.0, 18.0)].factor == pytest.approx(1.2, abs=0.01) and cells[(59.0, 18.0)].trips == 10
    assert "from 23 trips" in fit.answer


def test_a_track_times_the_arrival_instead_of_the_completion_click(db):
    story = Story(db)
    for i in range(10):
        story.trip("A", 8 + i, 1.5)
    site_km = 10.0
    drive = drive_minutes((CELL_A_DEPOT[0] + site_km / 111.2, CELL_A_DEPOT[1]), CELL_A_DEPOT, 1.5)
    # The dispatcher clicked "collected" 40 minutes after the phone reached the depot.
    tracked = story.trip("A", site_km, 1.5, track_arrival_after=drive, click_late_minutes=40)
    with db.read() as session:
        trips = travel_calibration.driven_trips(session, get_settings(db).travel_settings)
    mine = next(t for t in trips if t.run_id == tracked)
    assert mine.timed_by == "track"
    assert mine.driving_minutes == pytest.approx(drive, abs=0.1)
    fit = travel_calibration.calibrate(db)
    assert fit.by_track == 1 and fit.fitted == pytest.approx(1.5, abs=0.02)


def test_too_few_trips_give_no_factor_and_accept_writes_nothing(db, capsys):
    story = Story(db)
    for i in range(9):
        story.trip("A", 8 + i, 1.6)
    fit = travel_calibration.calibrate(db)
    assert fit.fitted is None
    assert fit.answer.startswith("too few trips to fit the road factor: 9 of at least 10")

    code, out, err = run(capsys, "--db", db.url, "travel", "calibrate", "--json")
    assert code == 0 and json.loads(out)["fitted"] is None
    code, out, err = run(capsys, "--db", db.url, "travel", "calibrate", "--accept")
    assert code != 0 and out == "" and len(err.strip().splitlines()) == 1 and "too few trips" in err
    assert "Traceback" not in err
    assert get_settings(db).travel_circuity == 1.35
    with db.read() as session:
        assert session.scalars(select(AuditEntry).where(AuditEntry.entity == "setting")).all() == []


def test_accept_writes_the_shared_setting_with_an_audit_row(db, capsys):
    story = Story(db)
    for i in range(11):
        story.trip("A", 5 + 2 * i, 1.7)
    code, out, err = run(capsys, "--db", db.url, "travel", "calibrate")
    assert code == 0 and out.startswith("road factor 1.70 fitted from 11 trips (setting 1.35")
    assert get_settings(db).travel_circuity == 1.35  # showing is not accepting

    code, out, err = run(capsys, "--db", db.url, "travel", "calibrate", "--accept", "--json")
    assert code == 0, err
    assert json.loads(out)["accepted"] is True
    assert get_settings(db).travel_circuity == pytest.approx(1.7, abs=0.005)
    with db.read() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.entity == "setting",
                                                        AuditEntry.entity_id == "travel_circuity")).all()
        assert len(rows) == 1 and json.loads(rows[0].before) == {"value": 1.35}
