"""`travel estimate`, `restock --json`, `eta suggest` and loan returns follow the osrm_url setting,
against a local server that speaks OSRM (in-process through console.cli.main)."""
from __future__ import annotations

import json

import pytest

from console.cli import main
from tests.local_servers import OsrmLike, serving, url_of

FROM, TO = "57.698,16.329", "57.758,16.637"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def osrm():
    with serving(OsrmLike, mode="roads") as server:
        yield server


@pytest.fixture
def demo_url(capsys, sqlite_url):
    assert run(capsys, "demo", "--db", sqlite_url)[0] == 0
    return sqlite_url


def _estimate(capsys, url):
    code, out, err = run(capsys, "travel", "estimate", "--from", FROM, "--to", TO, "--db", url, "--json")
    assert code == 0, err
    return json.loads(out)


def _restock_sources(capsys, url, outage):
    code, out, err = run(capsys, "restock", "--outage", str(outage), "--db", url, "--json")
    assert code == 0, err
    options = json.loads(out)["options"]
    assert options
    return {o["travel_source"] for o in options}


def test_the_setting_switches_travel_estimate_and_restock_without_a_restart(capsys, demo_url, osrm):
    plain = _estimate(capsys, demo_url)
    assert (plain["source"], plain["estimated"], plain["note"]) == ("geodesic", True, None)
    assert _restock_sources(capsys, demo_url, 1) == {"geodesic"}

    assert run(capsys, "settings", "set", "osrm_url", url_of(osrm), "--db", demo_url)[0] == 0
    road = _estimate(capsys, demo_url)
    assert (road["source"], road["estimated"]) == ("osrm", False)
    assert road["km"] != plain["km"]  # the server's made-up roads, not the straight line
    assert _restock_sources(capsys, demo_url, 1) == {"osrm"}
    assert any("/table/v1/driving/" in p for p in osrm.requests)

    code, out, _ = run(capsys, "eta", "suggest", "--outage", "1", "--db", demo_url, "--json")
    assert code == 0 and json.loads(out)["travel_source"] == "osrm"

    assert run(capsys, "settings", "set", "osrm_url", "", "--db", demo_url)[0] == 0
    assert _estimate(capsys, demo_url)["source"] == "geodesic"


def test_a_server_that_fails_falls_back_and_says_so(capsys, demo_url, osrm):
    osrm.mode = "500"
    assert run(capsys, "settings", "set", "osrm_url", url_of(osrm), "--db", demo_url)[0] == 0
    trip = _estimate(capsys, demo_url)
    assert trip["source"] == "geodesic" and "HTTP 500" in trip["note"]
    assert _restock_sources(capsys, demo_url, 1) == {"geodesic"}
    code, out, _ = run(capsys, "travel", "estimate", "--from", FROM, "--to", TO, "--db", demo_url)
    assert code == 0 and "(geodesic)" in out and "straight-line estimate instead" in out


@pytest.mark.parametrize("origin, message", [("57.7", "takes LAT,LON"), ("91,16", "latitude"),
                                             ("57.7,abc", "numbers"), ("57.7,16.3,1", "takes LAT,LON")])
def test_bad_coordinates_are_one_line(capsys, demo_url, origin, message):
    code, out, err = run(capsys, "travel", "estimate", "--from", origin, "--to", TO, "--db", demo_url)
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err


def test_nearest_technician_and_depot_are_by_road(demo_db, osrm):
    """With the road to the straight-line nearest closed, the console picks another."""
    from sqlalchemy import select

    from console.services import daylight, loans, outages, settings
    from console.store.schema import Depot, LoanerRouter, Technician

    outage = next(o for o in outages.list_outages(demo_db) if "Edsbruk" in o.title)  # nobody assigned
    geodesic_pick = daylight.suggest_eta_for(demo_db, outage.id)
    assert not geodesic_pick.technician_assigned and geodesic_pick.travel_source == "geodesic"
    with demo_db.read() as s:
        first = s.get(Technician, geodesic_pick.technician_id)
        closed = [(first.lat, first.lon)]
    settings.update_settings(demo_db, osrm_url=url_of(osrm))
    osrm.closed = closed
    road_pick = daylight.suggest_eta_for(demo_db, outage.id)
    assert road_pick.travel_source == "osrm"
    assert road_pick.technician_id != geodesic_pick.technician_id

    # A router lent from no depot goes back to the depot quickest to reach from its outage.
    with demo_db.unit() as uow:
        uow.session.get(LoanerRouter, "LR-0001").depot_id = None
        depots = uow.session.execute(select(Depot.id, Depot.name, Depot.lat, Depot.lon)).all()
    loans.lend(demo_db, "LR-0001", outage.id, "KUND-1")
    settings.update_settings(demo_db, osrm_url="")
    straight = min(depots, key=lambda d: (d.lat - outage.lat) ** 2 + ((d.lon - outage.lon) * 0.55) ** 2)
    settings.update_settings(demo_db, osrm_url=url_of(osrm))
    osrm.closed = [(straight.lat, straight.lon)]
    back = loans.return_router(demo_db, "LR-0001")
    assert back.depot is not None and back.depot != straight.name
