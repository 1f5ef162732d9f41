"""Completed restock runs with known driving times, written as the console would have left them."""
from __future__ import annotations

from datetime import timedelta

from geopy.distance import geodesic

from console.domain.timeutil import utcnow
from console.store.schema import Depot, Outage, PositionFix, RestockRun, Technician

SPEED, STOP = 65.0, 5.0  # the settings' defaults the fit is made against
CELL_A_DEPOT = (57.75, 16.55)  # Ankarsrum's cell: 57.5-58 N, 16-17 E
CELL_B_DEPOT = (59.25, 18.40)  # another cell, where the roads run straighter


def drive_minutes(a, b, factor: float) -> float:
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
        drive = drive_minutes(site, (dlat, dlon), factor)
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
