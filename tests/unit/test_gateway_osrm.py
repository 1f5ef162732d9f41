"""The OSRM routing provider against a local server that speaks OSRM's HTTP API."""
import socket
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from console.domain.restock import Depot, plan_restock
from console.domain.travel import TravelSettings, estimate, travel_matrix
from console.gateways.osrm import OsrmProvider
from tests.local_servers import OsrmLike, serving, url_of

ANKARSRUM = (57.698, 16.329)
VASTERVIK = (57.758, 16.637)
GAMLEBY = (57.893, 16.408)
KALMAR = (56.661, 16.356)
SETTINGS = TravelSettings(stop_minutes=5)


@pytest.fixture
def osrm():
    with serving(OsrmLike, mode="index", max_table=100) as server:
        yield server


def client(server, timeout=2.0, max_table=100):
    return OsrmProvider(url_of(server) + "/", SETTINGS, timeout=timeout, max_table=max_table)


@pytest.fixture
def dead_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_trip_uses_the_road_answer(osrm):
    est = client(osrm).trip(ANKARSRUM, VASTERVIK)
    assert (est.estimated, est.source, est.note) == (False, "osrm", "")
    assert est.minutes == pytest.approx(25 + 5)
    assert est.km == pytest.approx(27.0)
    (path,) = osrm.requests
    url = urlsplit(path)
    assert url.path == "/route/v1/driving/16.329000,57.698000;16.637000,57.758000"
    assert parse_qs(url.query)["overview"] == ["false"]


def test_matrix_asks_sources_and_destinations_and_returns_minutes(osrm):
    src = np.array([ANKARSRUM, GAMLEBY])
    dst = np.array([VASTERVIK, KALMAR, ANKARSRUM])
    tm = client(osrm).matrix(src, dst)
    assert (tm.estimated, tm.source) == (False, "osrm")
    assert tm.minutes.shape == (2, 3)
    assert tm.minutes[0, 0] == pytest.approx(10 + 5)
    assert tm.minutes[1, 1] == pytest.approx(20 + 1 + 5)
    assert tm.minutes[0, 2] == 0.0  # same point: no leg, no stop
    assert tm.km[1, 0] == pytest.approx(20.0)
    q = parse_qs(urlsplit(osrm.requests[0]).query)
    assert q["sources"] == ["0;1"] and q["destinations"] == ["2;3;4"]
    assert q["annotations"] == ["duration,distance"]


def test_a_square_matrix_sends_each_point_once(osrm):
    pts = np.array([ANKARSRUM, VASTERVIK, GAMLEBY])
    tm = client(osrm).matrix(pts, pts)
    assert tm.source == "osrm" and tm.minutes.shape == (3, 3)
    assert np.diag(tm.minutes).tolist() == [0.0, 0.0, 0.0]
    assert tm.minutes[2, 0] == pytest.approx(30 + 0 + 5)
    (path,) = osrm.requests
    assert urlsplit(path).path.count(";") == 2 and "sources" not in parse_qs(urlsplit(path).query)


def test_storm_scale_matrix_is_asked_in_blocks_the_server_accepts(osrm):
    """osrm-routed refuses more than --max-table-size coordinates per call (TooBig)."""
    osrm.max_table = 10
    rng = np.random.default_rng(7)
    techs = np.column_stack([rng.uniform(56.7, 58.4, 23), rng.uniform(15.6, 16.7, 23)])
    depots = np.column_stack([rng.uniform(56.7, 58.4, 7), rng.uniform(15.6, 16.7, 7)])
    tm = client(osrm, max_table=10).matrix(techs, depots)
    assert (tm.estimated, tm.source, tm.minutes.shape) == (False, "osrm", (23, 7))
    # Each block restarts the made-up numbering: a cell is 10 min per row and 1 per column within its block.
    assert tm.minutes[0, 0] == pytest.approx(10 + 5) and tm.minutes[5, 0] == pytest.approx(10 + 5)
    assert tm.minutes[4, 3] == pytest.approx(50 + 3 + 5)
    assert all(len(urlsplit(p).path.split("/")[4].split(";")) <= 10 for p in osrm.requests)
    assert len(osrm.requests) == 10  # 23 technicians in 5 blocks of up to 5, x depots in 2 blocks (5 and 2)


def test_null_cells_take_the_estimate_and_say_so(osrm):
    osrm.mode = "gap"
    src, dst = np.array([ANKARSRUM]), np.array([VASTERVIK, KALMAR])
    tm = client(osrm).matrix(src, dst)
    assert tm.estimated and tm.source == "osrm" and "1 of 2" in tm.note
    assert tm.minutes[0, 0] == pytest.approx(15)
    assert tm.minutes[0, 1] == pytest.approx(travel_matrix(src, dst, SETTINGS).minutes[0, 1])


@pytest.mark.parametrize("mode, reason", [("500", "HTTP 500"), ("nosegment", "NoSegment")])
def test_server_errors_fall_back_to_the_estimate_and_say_so(osrm, mode, reason):
    osrm.mode = mode
    est = client(osrm).trip(ANKARSRUM, VASTERVIK)
    plain = estimate(*ANKARSRUM, *VASTERVIK, SETTINGS)
    assert (est.minutes, est.km, est.estimated, est.source) == (plain.minutes, plain.km, True, "geodesic")
    assert reason in est.note and "straight-line" in est.note
    tm = client(osrm).matrix([ANKARSRUM], [VASTERVIK, KALMAR])
    assert tm.estimated and tm.source == "geodesic" and reason in tm.note
    np.testing.assert_allclose(tm.minutes, travel_matrix([ANKARSRUM], [VASTERVIK, KALMAR], SETTINGS).minutes)


def test_timeout_falls_back(osrm):
    osrm.mode = "slow"
    est = client(osrm, timeout=0.2).trip(ANKARSRUM, VASTERVIK)
    assert (est.estimated, est.source) == (True, "geodesic")
    assert "within 0.2 s" in est.note


def test_server_down_falls_back(dead_url):
    osrm = OsrmProvider(dead_url, SETTINGS, timeout=1.0)
    est = osrm.trip(ANKARSRUM, VASTERVIK)
    assert est.minutes == estimate(*ANKARSRUM, *VASTERVIK, SETTINGS).minutes
    assert "could not be reached" in est.note
    tm = osrm.matrix([ANKARSRUM, GAMLEBY], [VASTERVIK])
    assert tm.estimated and tm.source == "geodesic" and tm.minutes.shape == (2, 1)


def test_bad_coordinates_are_refused_before_asking(osrm):
    from console.domain.errors import ValidationError

    with pytest.raises(ValidationError, match="latitude"):
        client(osrm).trip((91.0, 16.0), VASTERVIK)
    with pytest.raises(ValidationError):
        client(osrm).matrix([[np.nan, 16.0]], [VASTERVIK])
    assert osrm.requests == []


def test_only_http_servers_are_taken():
    with pytest.raises(ValueError, match="http"):
        OsrmProvider("ftp://osrm.example", SETTINGS)


def test_planner_runs_on_road_times(osrm):
    depots = [Depot(1, "Kalmar", *KALMAR, {"ONT": (3, 0)})]
    at = datetime(2024, 9, 5, 13, 0, tzinfo=timezone.utc)
    p = plan_restock({"ONT": 1}, {}, *ANKARSRUM, *GAMLEBY, at, depots=depots, matrix=client(osrm).matrix)
    assert (p.estimated, p.travel_source) == (False, "osrm")
    # Points are [technician, site, Kalmar], sent once: tech -> Kalmar is row 0, column 2.
    assert p.options[0].minutes_to_source == pytest.approx(10 + 2 + 5)
