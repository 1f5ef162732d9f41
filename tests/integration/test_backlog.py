"""A phone's backlog over real HTTP into a real database: every fix once, no 429, nothing lost."""
from __future__ import annotations

import http.client
import threading
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from console.domain.timeutil import utcnow
from console.feeds.receiver import PositionReceiver
from console.feeds.sink import service_sink
from console.services import positions, technicians
from console.store.schema import PositionFix, UnregisteredFix


@pytest.fixture
def receiver(demo_db):
    rx = PositionReceiver(service_sink(demo_db), bind=("127.0.0.1", 0))
    thread = threading.Thread(target=rx.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield rx
    rx.shutdown()
    thread.join(timeout=10)


def _backlog(device: str, count: int, end=None):
    """`count` fixes a minute apart, oldest first, as Traccar Client replays them."""
    end = end or utcnow().replace(microsecond=0)
    return [{"id": device, "lat": f"{57.60 + i * 0.0001:.5f}", "lon": f"{16.30 + i * 0.0001:.5f}",
             "timestamp": str(int((end - timedelta(minutes=count - 1 - i)).timestamp()))} for i in range(count)]


def _replay(rx, queries) -> list[int]:
    """Back to back on one keep-alive connection, the next only after the answer (as a phone does)."""
    host, port = rx.server_address
    conn = http.client.HTTPConnection(host, port, timeout=30)
    statuses = []
    try:
        for query in queries:
            conn.request("POST", "/?" + urlencode(query))
            response = conn.getresponse()
            response.read()
            statuses.append(response.status)
    finally:
        conn.close()
    return statuses


def _count(db, model, **where) -> int:
    with db.read() as s:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return s.scalar(query)


def test_a_500_fix_backlog_is_stored_once_and_the_technician_is_at_the_newest(receiver, demo_db):
    sara = next(t for t in technicians.list_technicians(demo_db) if t.device_id == "tc-sara")
    before = _count(demo_db, PositionFix, technician_id=sara.id)
    backlog = _backlog("tc-sara", 500)

    assert set(_replay(receiver, backlog)) == {200}
    assert _count(demo_db, PositionFix, technician_id=sara.id) == before + 500
    now_sara = technicians.get_technician(demo_db, sara.id)
    assert (now_sara.lat, now_sara.lon) == (float(backlog[-1]["lat"]), float(backlog[-1]["lon"]))
    assert receiver.stats()["rate_limited"] == 0

    # The phone was not sure the answers got through and sends it all again: nothing new, no 429.
    assert set(_replay(receiver, backlog)) == {200}
    assert _count(demo_db, PositionFix, technician_id=sara.id) == before + 500
    assert receiver.stats()["duplicates"] == 500 and receiver.stats()["rate_limited"] == 0

    track = positions.track(demo_db, sara.id, hours=10)
    times = [p.fixed_at for p in track]
    assert times == sorted(times) and len(times) == len(set(times))


def test_an_unlinked_phone_s_backlog_becomes_the_technician_s_track_once_linked(receiver, demo_db):
    backlog = _backlog("new-phone-7", 120)
    assert set(_replay(receiver, backlog)) == {202}
    (device,) = positions.unregistered_devices(demo_db)
    assert (device.device_id, device.fixes) == ("new-phone-7", 120)
    assert (device.lat, device.lon) == (float(backlog[-1]["lat"]), float(backlog[-1]["lon"]))

    erik = next(t for t in technicians.list_technicians(demo_db) if t.device_id == "tc-erik")
    technicians.set_device(demo_db, erik.id, "new-phone-7")
    assert positions.unregistered_devices(demo_db) == []
    linked = technicians.get_technician(demo_db, erik.id)
    assert (linked.lat, linked.lon) == (device.lat, device.lon)
    assert len(positions.track(demo_db, erik.id, hours=3)) >= 120
    # The phone's next fix is the technician's at once.
    assert _replay(receiver, _backlog("new-phone-7", 1, end=utcnow().replace(microsecond=0)
                                      + timedelta(minutes=1))) == [200]


def test_unregistered_fixes_are_bounded_per_device_and_in_total(demo_db, monkeypatch):
    monkeypatch.setattr(positions, "MAX_UNREGISTERED_PER_DEVICE", 5)
    monkeypatch.setattr(positions, "MAX_UNREGISTERED_DEVICES", 2)
    from console.feeds.fix import PositionFix as FeedFix

    now = utcnow().replace(microsecond=0)

    def send(device, minutes_ago):
        return positions.record_fix(demo_db, FeedFix.create(device_id=device, fixed_at=now - timedelta(
            minutes=minutes_ago), lat=57.5, lon=16.2, source="osmand", now=now))

    for i in range(8):
        assert send("a", 10 - i).kept
    assert _count(demo_db, UnregisteredFix, device_id="a") == 5  # the newest five
    (a,) = positions.unregistered_devices(demo_db)
    assert a.last_at == now - timedelta(minutes=3) and a.first_at == now - timedelta(minutes=7)
    assert send("b", 1).kept
    dropped = send("c", 1)
    assert not dropped.kept and _count(demo_db, UnregisteredFix, device_id="c") == 0


def test_positions_unlinked_and_link_on_the_command_line(receiver, demo_db, capsys):
    import json

    from tests.cli_run import run

    assert set(_replay(receiver, _backlog("lost-phone-3", 40))) == {202}
    code, out, err = run(capsys, "--db", demo_db.url, "positions", "unlinked", "--json")
    assert code == 0 and [(d["device_id"], d["fixes"]) for d in json.loads(out)] == [("lost-phone-3", 40)]
    erik = next(t for t in technicians.list_technicians(demo_db) if t.device_id == "tc-erik")
    code, out, err = run(capsys, "--db", demo_db.url, "positions", "link", "--device", "lost-phone-3",
                         "--technician", str(erik.id), "--json")
    assert code == 0, err
    assert json.loads(out) == {"technician": erik.id, "device_id": "lost-phone-3", "fixes_taken_over": 40}
    assert positions.unregistered_devices(demo_db) == []
    code, out, err = run(capsys, "--db", demo_db.url, "positions", "link", "--device", "lost phone!",
                         "--technician", str(erik.id))
    assert code != 0 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
