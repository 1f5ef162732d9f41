"""Window actions as commands: `outages status`, `outages assign [--move]`, `technicians nearest`
(the same service calls the window makes), on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import subprocess
import sys

from sqlalchemy import func, select

from console.services import outages, technicians
from console.store.schema import Assignment, AuditEntry
from tests.cli_run import run


def _busy(demo_db):
    """A technician on another open job, and an outage nobody works on."""
    busy = next(t for t in technicians.list_technicians(demo_db) if t.outage_id is not None and t.on_duty)
    idle = next(o for o in outages.list_outages(demo_db, open_only=True) if not o.technician_ids)
    return busy, idle


def _written(db):
    with db.read() as s:
        return (s.scalar(select(func.count()).select_from(Assignment)),
                s.scalar(select(func.count()).select_from(AuditEntry)))


def test_assigning_someone_busy_needs_move(capsys, demo_db):
    busy, idle = _busy(demo_db)
    before = _written(demo_db)
    code, out, err = run(capsys, "--db", demo_db.url, "outages", "assign", "--outage", str(idle.id),
                         "--technician", str(busy.id))
    assert code != 0 and out == "" and len(err.strip().splitlines()) == 1
    assert f"on outage {busy.outage_id}" in err and "--move" in err
    assert _written(demo_db) == before and technicians.get_technician(demo_db, busy.id).outage_id == busy.outage_id

    code, out, err = run(capsys, "--db", demo_db.url, "outages", "assign", "--outage", str(idle.id),
                         "--technician", str(busy.id), "--move", "--json")
    assert code == 0, err
    moved = json.loads(out)
    assert moved["technician_ids"] == [busy.id] and moved["status"] == "assigned"
    assert technicians.get_technician(demo_db, busy.id).outage_id == idle.id


def test_status_command_moves_an_outage_and_refuses_nonsense(capsys, demo_db):
    _busy_tech, idle = _busy(demo_db)
    code, out, err = run(capsys, "--db", demo_db.url, "outages", "status", "--outage", str(idle.id),
                         "--status", "assigned")
    assert code != 0 and "nobody is assigned" in err and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "--db", demo_db.url, "outages", "status", "--outage", str(idle.id),
                         "--status", "sideways")
    assert code != 0 and len(err.strip().splitlines()) == 1
    assert outages.get_outage(demo_db, idle.id).status == idle.status
    code, out, err = run(capsys, "--db", demo_db.url, "outages", "status", "--outage", str(idle.id),
                         "--status", "cancelled")
    assert code == 0 and outages.get_outage(demo_db, idle.id).status == "cancelled"


def test_nearest_available_lists_only_technicians_free_to_go(capsys, demo_db):
    _busy_tech, idle = _busy(demo_db)
    code, out, _ = run(capsys, "--db", demo_db.url, "technicians", "nearest", "--outage", str(idle.id), "--json")
    assert code == 0
    everyone = json.loads(out)["technicians"]
    roster = {t.id: t for t in technicians.list_technicians(demo_db)}
    assert {t["id"] for t in everyone} == {i for i, t in roster.items() if t.on_duty}
    free = [t for t in everyone if t["free_to_go"]]
    busy = [t for t in everyone if not t["free_to_go"]]
    assert free and busy and everyone == free + busy  # the free ones come first
    assert [t["minutes"] for t in free] == sorted(t["minutes"] for t in free)
    assert all(roster[t["id"]].status == "available" and roster[t["id"]].outage_id is None for t in free)
    assert all(t["busy_with_outage"] == roster[t["id"]].outage_id for t in busy)

    code, out, _ = run(capsys, "--db", demo_db.url, "technicians", "nearest", "--outage", str(idle.id),
                       "--available", "--json")
    assert code == 0 and json.loads(out)["technicians"] == free


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    url = f"sqlite:///{tmp_path / 'storm.sqlite3'}"
    cli = [sys.executable, "-m", "console.cli", "--db", url]
    subprocess.run(cli + ["demo", "--storm", "300"], check=True, capture_output=True)
    reader = subprocess.Popen(cli + ["outages", "list", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.readline()
    reader.stdout.close()  # as `| head -1` does
    err = reader.stderr.read().decode()
    reader.wait(timeout=60)
    assert "Traceback" not in err and "error" not in err, err
