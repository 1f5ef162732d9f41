"""The position receiver over real HTTP on the loopback interface."""
from __future__ import annotations

import http.client
import json
import threading
import urllib.error
import urllib.request
from datetime import datetime, timezone
from urllib.parse import urlencode

import pytest

from console.domain.errors import NotFound
from console.feeds.fix import PositionFix
from console.feeds.ratelimit import RateLimiter
from console.feeds.receiver import PositionReceiver, SinkResult

NOW = datetime(2024, 9, 12, 15, 0, tzinfo=timezone.utc)
GOOD = {"id": "van-17", "lat": "57.698", "lon": "16.329", "timestamp": "1726152300", "speed": "10"}


class FakeSink:
    """Knows two devices; 'boom' makes the store fail, 'gone' is reported via NotFound."""

    def __init__(self):
        self.stored: list[PositionFix] = []
        self.calls = 0

    def __call__(self, fix: PositionFix) -> SinkResult:
        self.calls += 1
        if fix.device_id == "boom":
            raise RuntimeError("database is down")
        if fix.device_id == "gone":
            raise NotFound("no technician has device 'gone'")
        if fix.device_id not in ("van-17", "van-18"):
            return SinkResult.UNKNOWN_DEVICE
        self.stored.append(fix)
        return SinkResult.ACCEPTED


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Running:
    def __init__(self, limits: dict | None = None, **options):
        """`limits`: RateLimiter settings, on this server's fake clock."""
        self.sink = FakeSink()
        self.clock = FakeClock()
        if limits is not None:
            options["limits"] = RateLimiter(clock=self.clock, **limits)
        self.receiver = PositionReceiver(
            self.sink, bind=("127.0.0.1", 0), clock=self.clock, utc_now=lambda: NOW, **options
        )
        host, port = self.receiver.server_address
        self.base = f"http://{host}:{port}"
        self.thread = threading.Thread(target=self.receiver.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.start()

    def stop(self):
        self.receiver.shutdown()
        self.thread.join(timeout=10)
        assert not self.thread.is_alive()

    def request(self, path="/", data: bytes | None = None, headers: dict | None = None, method=None):
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(req, timeout=10) as response:
                return response.status, response.read().decode().strip()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode().strip()

    def get(self, params: dict, **kwargs):
        return self.request("/?" + urlencode(params), **kwargs)


@pytest.fixture
def server():
    running = Running()
    yield running
    running.stop()


def test_get_query_is_stored(server):
    assert server.get(GOOD) == (200, "OK")
    (fix,) = server.sink.stored
    assert (fix.device_id, fix.lat, fix.lon, fix.source) == ("van-17", 57.698, 16.329, "osmand")
    assert fix.fixed_at == datetime(2024, 9, 12, 14, 45, tzinfo=timezone.utc)
    assert fix.speed_kmh == pytest.approx(18.52)
    assert server.receiver.stats()["accepted"] == 1


def test_post_form_is_stored(server):
    body = urlencode({"deviceid": "van-18", "location": "57.7001,16.3312",
                      "timestamp": "2024-09-12T14:50:00Z"}).encode()
    status = server.request(data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == (200, "OK")
    assert (server.sink.stored[0].device_id, server.sink.stored[0].lat) == ("van-18", 57.7001)


def test_post_traccar_json_is_stored(server):
    body = json.dumps({
        "location": {
            "timestamp": "2024-09-12T14:55:01.500Z",
            "coords": {"latitude": 57.698, "longitude": 16.329, "accuracy": 4.5, "speed": 0,
                       "heading": -1, "altitude": 66},
            "is_moving": False, "battery": {"level": 0.42, "is_charging": True}, "extras": {},
        },
        "device_id": "van-17",
    }).encode()
    assert server.request(data=body, headers={"Content-Type": "application/json"}) == (200, "OK")
    (fix,) = server.sink.stored
    assert (fix.source, fix.accuracy_m, fix.heading) == ("traccar", 4.5, None)
    assert fix.battery == pytest.approx(42.0)


def test_unknown_device_is_answered_2xx_so_the_phone_sends_its_next_fix(server):
    # A 4xx would make Traccar Client resend this fix every 30 s and never reach the rest of its queue.
    assert server.get({**GOOD, "id": "stranger"}) == (202, "unknown device: not stored")
    assert server.get({**GOOD, "id": "gone"}) == (202, "unknown device: not stored")
    assert server.sink.stored == []
    assert server.receiver.stats()["rejected_unknown"] == 2


@pytest.mark.parametrize(
    "params, reason",
    [
        ({**GOOD, "lat": "157.698"}, "latitude 157.698 is out of range (-90 to 90)"),
        ({**GOOD, "lon": "NaN"}, "longitude 'NaN' is not a finite number"),
        ({**GOOD, "timestamp": "12/09/2024 14:45"}, "malformed timestamp '12/09/2024 14:45'"),
        ({**GOOD, "timestamp": "2031-01-01T00:00:00Z"}, "more than a day in the future"),
        ({"lat": "57.698", "lon": "16.329"}, "device id is missing (send id or deviceid)"),
    ],
)
def test_invalid_input_gets_400_with_the_reason_and_is_not_stored(server, params, reason):
    status, text = server.get(params)
    assert status == 400
    assert reason in text
    assert server.sink.calls == 0
    assert server.receiver.stats()["rejected_invalid"] == 1
    # ...and the server keeps serving.
    assert server.get(GOOD) == (200, "OK")


def test_rate_limit_per_device_is_a_token_bucket_with_retry_after():
    running = Running(limits={"device_burst": 3, "device_rate_per_s": 0.5})
    try:
        assert [running.get(GOOD)[0] for _ in range(3)] == [200, 200, 200]  # the burst
        req = urllib.request.Request(running.base + "/?" + urlencode(GOOD))
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(req, timeout=10)
        with refused.value as answer:
            assert answer.code == 429 and answer.headers["Retry-After"] == "2"  # one token every 2 s
        assert running.get({**GOOD, "id": "van-18"}) == (200, "OK")  # another device is not held back
        running.clock.now += 2.0
        assert running.get(GOOD) == (200, "OK")
        assert running.get(GOOD)[0] == 429
        assert len(running.sink.stored) == 5
        assert running.receiver.stats()["rate_limited"] == 2
    finally:
        running.stop()


def test_global_cap_holds_back_a_crowd_of_devices():
    running = Running(limits={"global_burst": 4, "global_rate_per_s": 1})
    try:
        answers = [running.get({**GOOD, "id": device})[0] for device in ("van-17", "van-18") * 3]
        assert answers == [200, 200, 200, 200, 429, 429]
    finally:
        running.stop()


def test_store_failure_is_500_and_the_server_keeps_running(server):
    status, text = server.get({**GOOD, "id": "boom"})
    assert status == 500 and "not stored" in text
    assert server.get(GOOD) == (200, "OK")
    assert server.receiver.stats()["errors"] == 1


def test_oversized_body_is_413(server):
    host, port = server.receiver.server_address
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.putrequest("POST", "/")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(1024 * 1024))
        conn.endheaders()
        response = conn.getresponse()
        assert response.status == 413
        response.read()
    finally:
        conn.close()
    assert server.receiver.stats()["too_large"] == 1
    assert server.get(GOOD) == (200, "OK")


def test_other_methods_are_405(server):
    assert server.request(data=b"x", method="PUT")[0] == 405


def test_keep_alive_connection_serves_several_reports(server):
    host, port = server.receiver.server_address
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        answers = []
        for device in ("van-17", "van-18"):
            conn.request("POST", "/?" + urlencode({**GOOD, "id": device}))
            response = conn.getresponse()
            answers.append((response.status, response.read().strip()))
    finally:
        conn.close()
    assert answers == [(200, b"OK"), (200, b"OK")]


def test_token_is_required_when_configured():
    running = Running(token="s3cret")
    try:
        assert running.get(GOOD) == (401, "missing or wrong token")
        assert running.get({**GOOD, "token": "guess"})[0] == 401
        assert running.get(GOOD, headers={"Authorization": "Bearer guess"})[0] == 401
        assert running.get({**GOOD, "token": "s3cret"}) == (200, "OK")
        running.clock.now += 5
        assert running.get(GOOD, headers={"Authorization": "Bearer s3cret"}) == (200, "OK")
        assert running.receiver.stats()["unauthorized"] == 3
        assert len(running.sink.stored) == 2
    finally:
        running.stop()


def test_shutdown_releases_the_port_and_is_idempotent():
    running = Running()
    running.stop()
    running.receiver.shutdown()
    with pytest.raises(OSError):
        urllib.request.urlopen(running.base + "/?" + urlencode(GOOD), timeout=5)


def test_shutdown_before_serving_does_not_hang():
    receiver = PositionReceiver(FakeSink(), bind=("127.0.0.1", 0))
    receiver.shutdown()
    late_start = threading.Thread(target=receiver.serve_forever, daemon=True)
    late_start.start()
    late_start.join(timeout=10)
    assert not late_start.is_alive()  # a closed receiver does not start serving
