"""Calibrated travel: the road factor fitted from restock runs with known durations, on both backends."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from geopy.distance import geodesic
from sqlalchemy import select

from console.domain.timeutil import utcnow
from console.services import travel_calibration
from console.services.settings import get_settings
from console.store.schema import AuditEntry, Depot, Outage, PositionFix, RestockRun, Technician
from tests.cli_run import run

SPEED, STOP = 65.0, 5.0  # the settings' defaults the fit is made against
CELL_A_DEPOT = (57.75, 16.55)  # Ankarsrum's cell: 57.5-58 N, 16-17 E
CELL_B_DEPOT = (59.25, 18.40)  # another cell, where the roads run straighter


def _drive_minutes(a, b, factor: float) -> float:
    return geodesic(a, b).km * factor / SPEED * 60


class Story:
    """Writes outages, depots and completed runs as the console would have left them."""

    def __init__(self, db):
        self.db = db
        self.start = utcnow() - timedelta(days=30)
        with db.unit() as uow:
            s = uow.session
            self.depots = {}
            for name, (lat, lon) in (("A", CELL_A_DEPOT), ("B", CELL_B_DEPOT)):
                depot = Depot(name=f"Depot {name}", lat=lat, lon=lon)
                s.add(depot)
                s.flush()
                self.depots[name] = depot.id
            tech = Technician(name="Test Tekniker")
            s.add(tech)
            s.flush()
            self.tech = tech.id
        self.n = 0

    def trip(self, depot: str, km_north: float, factor: float, *, track_arrival_after: float | None = None,
             click_late_minutes: float = 0.0) -> int:
        """One completed run from an outage km_north of the depot; returns the run id."""
        self.n += 1
        dlat, dlon = CELL_A_DEPOT if depot == "A" else CELL_B_DEPOT
        site = (dlat + km_north / 111.2, dlon)
        started = self.start + timedelta(hours=6 * self.n)
        drive = _drive_minutes(site, (dlat, dlon), factor)
        completed = started + timedelta(minutes=drive + STOP + click_late_minutes)
        with self.db.unit() as uow:
            s = uow.session
            outage = Outage(title=f"Test {self.n}", cause="cable_fault", lat=site[0], lon=site[1],
                            customers_affected=10, status="restored", started_at=started - timedelta(hours=1),
                            restored_at=completed + timedelta(hours=2))
            s.add(outage)
            s.flush()
            if track_arrival_after is not None:
                for at, point in ((started - timedelta(minutes=1), site),
                                  (started + timedelta(minutes=track_arrival_after), (dlat + 0.001, dlon))):
                    s.add(PositionFix(technician_id=self.tech, fixed_at=at, received_at=at, lat=point[0],
                                      lon=point[1], source="test"))
            runrow = RestockRun(outage_id=outage.id, technician_id=self.tech, source_kind="depot",
                                source_id=self.depots[depot], source_name=f"Depot {depot}", items="[]",
                                started_at=started, expected_arrival=started + timedelta(minutes=drive),
                                status="completed", completed_at=completed)
            s.add(runrow)
            s.flush()
            return runrow.id


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
    drive = _drive_minutes((CELL_A_DEPOT[0] + site_km / 111.2, CELL_A_DEPOT[1]), CELL_A_DEPOT, 1.5)
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
