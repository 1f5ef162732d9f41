"""Positions from phones and files reach the database: receiver + services + CLI together."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from console.cli import main
from console.commands.positions_cmd import parse_bind
from console.domain.errors import ValidationError
from console.domain.timeutil import utcnow
from console.feeds.fix import PositionFix as FeedFix
from console.feeds.receiver import PositionReceiver
from console.feeds.sink import service_sink
from console.services import positions, technicians
from console.store.schema import PositionFix


def _fix_count(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(PositionFix))


def _tech(db, device):
    return next(t for t in technicians.list_technicians(db) if t.device_id == device)


@pytest.fixture
def receiver(demo_db):
    rx = PositionReceiver(service_sink(demo_db), bind=("127.0.0.1", 0))
    thread = threading.Thread(target=rx.serve_forever, daemon=True)
    thread.start()
    yield rx
    rx.shutdown()
    thread.join(timeout=10)


def _send(rx, method="GET", query=None, body=None, content_type=None):
    host, port = rx.server_address
    url = f"http://{host}:{port}/" + ("?" + urllib.parse.urlencode(query) if query else "")
    req = urllib.request.Request(url, data=body, method=method)
    if content_type:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_osmand_forms_move_the_registered_technician(receiver, demo_db):
    now = utcnow()
    status, _ = _send(receiver, query={"id": "tc-sara", "lat": "57.7101", "lon": "16.4202",
                                       "timestamp": str(int(now.timestamp())), "speed": "20"})
    assert status == 200
    assert (_tech(demo_db, "tc-sara").lat, _tech(demo_db, "tc-sara").lon) == (57.7101, 16.4202)

    form = urllib.parse.urlencode({"deviceid": "tc-mikael", "location": "57.6001,15.9002",
                                   "timestamp": now.isoformat()}).encode()
    assert _send(receiver, "POST", body=form, content_type="application/x-www-form-urlencoded")[0] == 200
    assert _tech(demo_db, "tc-mikael").lat == 57.6001

    body = json.dumps({"device_id": "tc-johan", "location": {
        "timestamp": now.isoformat().replace("+00:00", "Z"),
        "coords": {"latitude": 56.7, "longitude": 16.3, "speed": 5.0, "heading": 90, "accuracy": 6}}}).encode()
    assert _send(receiver, "POST", body=body, content_type="application/json")[0] == 200
    johan = _tech(demo_db, "tc-johan")
    assert (johan.lat, johan.lon) == (56.7, 16.3)


@pytest.mark.parametrize("query", [
    {"id": "stranger", "lat": "97.7", "lon": "16.4"},
    {"id": "tc-sara", "lat": "97.7", "lon": "16.4"},
    {"id": "tc-sara", "lat": "57.7", "lon": "16.4", "timestamp": "igår kväll"},
])
def test_bad_requests_are_400_and_stored_nowhere(receiver, demo_db, query):
    before = (_fix_count(demo_db), _tech(demo_db, "tc-sara").lat)
    query.setdefault("timestamp", str(int(utcnow().timestamp())))
    status, text = _send(receiver, query=query)
    assert status == 400 and text.strip()
    assert (_fix_count(demo_db), _tech(demo_db, "tc-sara").lat) == before
    assert not any(t.device_id == "stranger" for t in technicians.list_technicians(demo_db))


def test_a_late_older_fix_is_kept_but_does_not_move_back(demo_db):
    now = utcnow()
    new = FeedFix.create(device_id="tc-erik", fixed_at=now, lat=57.9, lon=16.41, source="osmand", now=now)
    old = FeedFix.create(device_id="tc-erik", fixed_at=now - timedelta(minutes=30), lat=57.0, lon=16.0,
                         source="osmand", now=now)
    assert positions.record_fix(demo_db, new).moved
    assert not positions.record_fix(demo_db, old).moved
    erik = _tech(demo_db, "tc-erik")
    assert (erik.lat, erik.lon) == (57.9, 16.41)
    lats = [p.lat for p in positions.track(demo_db, erik.id, hours=1)]
    assert 57.0 in lats and lats[-1] == 57.9


def test_unknown_device_is_kept_aside_not_on_anyone_s_track(demo_db):
    now = utcnow()
    before = _fix_count(demo_db)
    stored = positions.record_fix(demo_db, FeedFix.create(device_id="ghost", fixed_at=now, lat=57, lon=16,
                                                          source="osmand", now=now))
    assert stored.unregistered and stored.kept
    assert _fix_count(demo_db) == before
    (ghost,) = positions.unregistered_devices(demo_db)
    assert (ghost.device_id, ghost.fixes, ghost.lat, ghost.lon) == ("ghost", 1, 57, 16)


def test_import_csv_through_the_cli(tmp_path, sqlite_url, capsys):
    main(["demo", "--db", sqlite_url])
    now = utcnow().replace(microsecond=0)
    rows = ["technician,time,lat,lon",
            f"tc-lina,{(now - timedelta(minutes=2)).isoformat()},57.85,16.66",
            f"tc-lina,{(now - timedelta(minutes=1)).isoformat()},57.86,16.67",
            f"nobody,{now.isoformat()},57.0,16.0",
            f"tc-lina,{now.isoformat()},123,16.0"]
    path = tmp_path / "lina.csv"
    path.write_text("\n".join(rows) + "\n")
    capsys.readouterr()
    assert main(["positions", "import", str(path), "--json", "--db", sqlite_url]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["stored"] == 2 and len(summary["rejected"]) == 2
    main(["technicians", "list", "--json", "--db", sqlite_url])
    lina = next(t for t in json.loads(capsys.readouterr().out) if t["device_id"] == "tc-lina")
    assert (lina["lat"], lina["lon"]) == (57.86, 16.67)


def test_parse_bind():
    assert parse_bind("127.0.0.1:5055") == ("127.0.0.1", 5055)
    assert parse_bind("[::1]:80") == ("::1", 80)
    with pytest.raises(ValidationError):
        parse_bind("localhost")
