import json
import socket
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from console.domain.restock import Depot, plan_restock
from console.domain.travel import TravelSettings, estimate, travel_matrix
from console.services.routing_osrm import OsrmEstimator

ANKARSRUM = (57.698, 16.329)
VASTERVIK = (57.758, 16.637)
GAMLEBY = (57.893, 16.408)
KALMAR = (56.661, 16.356)
SETTINGS = TravelSettings(stop_minutes=5)


class FakeOsrm(BaseHTTPRequestHandler):
    """Answers like OSRM; behaviour is switched through server.mode."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        # urlsplit, not urlparse: OSRM separates coordinates with ";", which urlparse cuts off.
        url = urlsplit(self.path)
        self.server.requests.append(self.path)
        mode = self.server.mode
        if mode == "slow":
            time.sleep(1.0)
        if mode == "500":
            self.send_error(500)
            return
        parts = url.path.split("/")  # '', service, 'v1', 'driving', coords
        coords = [tuple(map(float, c.split(","))) for c in parts[4].split(";")]
        if mode == "nosegment":
            body = {"code": "NoSegment", "message": "Could not find a matching segment"}
        elif parts[1] == "route":
            body = {"code": "Ok", "routes": [{"duration": 1500.0, "distance": 27000.0}]}
        else:
            q = parse_qs(url.query)
            src = [int(i) for i in q["sources"][0].split(";")]
            dst = [int(i) for i in q["destinations"][0].split(";")]
            # 10 minutes and 10 km per source index plus 1 minute per destination index;
            # nothing between identical points.
            durations, distances = [], []
            for a, i in enumerate(src):
                same = [coords[i] == coords[j] for j in dst]
                durations.append([0.0 if same[b] else 600.0 * (a + 1) + 60.0 * b for b in range(len(dst))])
                distances.append([0.0 if same[b] else 10000.0 * (a + 1) for b in range(len(dst))])
            if mode == "gap":
                durations[0][-1] = None
            body = {"code": "Ok", "durations": durations, "distances": distances}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout test)


@pytest.fixture
def osrm():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOsrm)
    server.mode = "ok"
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def client(server, timeout=2.0):
    host, port = server.server_address
    return OsrmEstimator(f"http://{host}:{port}/", timeout=timeout, fallback_settings=SETTINGS)


@pytest.fixture
def dead_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_route_uses_the_road_answer(osrm):
    est = client(osrm).route(ANKARSRUM, VASTERVIK)
    assert (est.estimated, est.source) == (False, "osrm")
    assert est.minutes == pytest.approx(25 + 5)
    assert est.km == pytest.approx(27.0)
    (path,) = osrm.requests
    url = urlsplit(path)
    assert url.path == "/route/v1/driving/16.329000,57.698000;16.637000,57.758000"
    assert parse_qs(url.query)["overview"] == ["false"]


def test_table_asks_sources_and_destinations_and_returns_minutes(osrm):
    src = np.array([ANKARSRUM, GAMLEBY])
    dst = np.array([VASTERVIK, KALMAR, ANKARSRUM])
    tm = client(osrm).table(src, dst)
    assert (tm.estimated, tm.source) == (False, "osrm")
    assert tm.minutes.shape == (2, 3)
    assert tm.minutes[0, 0] == pytest.approx(10 + 5)
    assert tm.minutes[1, 1] == pytest.approx(20 + 1 + 5)
    assert tm.minutes[0, 2] == 0.0  # same point: no leg, no stop
    assert tm.km[1, 0] == pytest.approx(20.0)
    q = parse_qs(urlsplit(osrm.requests[0]).query)
    assert q["sources"] == ["0;1"] and q["destinations"] == ["2;3;4"]
    assert q["annotations"] == ["duration,distance"]


def test_null_cells_take_the_estimate_and_mark_it(osrm):
    osrm.mode = "gap"
    src, dst = np.array([ANKARSRUM]), np.array([VASTERVIK, KALMAR])
    tm = client(osrm).table(src, dst)
    assert tm.estimated and tm.source == "osrm+geodesic"
    assert tm.minutes[0, 0] == pytest.approx(15)
    assert tm.minutes[0, 1] == pytest.approx(travel_matrix(src, dst, SETTINGS).minutes[0, 1])


@pytest.mark.parametrize("mode", ["500", "nosegment"])
def test_server_errors_fall_back_to_the_estimate(osrm, mode):
    osrm.mode = mode
    est = client(osrm).route(ANKARSRUM, VASTERVIK)
    assert est == estimate(*ANKARSRUM, *VASTERVIK, SETTINGS)
    assert (est.estimated, est.source) == (True, "geodesic")
    tm = client(osrm).table([ANKARSRUM], [VASTERVIK, KALMAR])
    assert tm.estimated and tm.source == "geodesic"
    np.testing.assert_allclose(tm.minutes, travel_matrix([ANKARSRUM], [VASTERVIK, KALMAR], SETTINGS).minutes)


def test_timeout_falls_back(osrm):
    osrm.mode = "slow"
    est = client(osrm, timeout=0.2).route(ANKARSRUM, VASTERVIK)
    assert (est.estimated, est.source) == (True, "geodesic")


def test_server_down_falls_back(dead_url):
    osrm = OsrmEstimator(dead_url, timeout=1.0, fallback_settings=SETTINGS)
    est = osrm.route(ANKARSRUM, VASTERVIK)
    assert est == estimate(*ANKARSRUM, *VASTERVIK, SETTINGS)
    tm = osrm.table([ANKARSRUM, GAMLEBY], [VASTERVIK])
    assert tm.estimated and tm.source == "geodesic" and tm.minutes.shape == (2, 1)


def test_planner_runs_on_road_times(osrm):
    depots = [Depot(1, "Kalmar", *KALMAR, {"ONT": (3, 0)})]
    at = datetime(2024, 9, 5, 13, 0, tzinfo=timezone.utc)
    p = plan_restock({"ONT": 1}, {}, *ANKARSRUM, *GAMLEBY, at, depots=depots, matrix=client(osrm))
    assert (p.estimated, p.travel_source) == (False, "osrm")
    # Points are [technician, site, Kalmar]: tech -> Kalmar is source 0, destination 2.
    assert p.options[0].minutes_to_source == pytest.approx(10 + 2 + 5)
