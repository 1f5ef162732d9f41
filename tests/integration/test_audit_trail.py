"""The outage detail pane's audit trail: who did what and when, on SQLite and on PostgreSQL."""
from __future__ import annotations

import getpass
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from console.domain.errors import ValidationError
from console.domain.timeutil import LOCAL_TZ, utcnow
from console.services import Db, eta, outages, technicians
from console.services.audit import AuditView, audit_trail
from console.store.schema import Technician

REPO = Path(__file__).resolve().parents[2]


def _new_outage(db, title="Kabel av vid Norrhult"):
    return outages.add_outage(db, title, 57.715, 16.31, 140, "excavation_damage", "Norrhult")


def test_outage_trail_shows_status_eta_and_assignment_newest_first(demo_db):
    o = _new_outage(demo_db)
    sara = next(t for t in technicians.list_technicians(demo_db) if t.name.startswith("Sara"))
    outages.assign_technician(demo_db, o.id, sara.id, move=True)
    outages.set_status(demo_db, o.id, "on_site")
    outages.set_status(demo_db, o.id, "waiting_for_material")
    promised = datetime(2031, 9, 16, 21, 0, tzinfo=LOCAL_TZ)
    eta.set_eta(demo_db, o.id, promised, "restock", note="Skarvbox från Vimmerby")

    trail = audit_trail(demo_db, "outage", o.id)

    assert all(isinstance(v, AuditView) for v in trail)
    assert [v.action for v in trail] == ["eta", "status", "status", "assign", "status", "create"]
    assert [v.summary for v in trail] == [
        "ETA 2031-09-16 21:00 (restock): Skarvbox från Vimmerby",
        "status: on_site → waiting_for_material",
        "status: assigned → on_site",
        "Sara Nilsson assigned",
        "status: reported → assigned",
        "created: Kabel av vid Norrhult (140 customers, cause excavation_damage, status reported)",
    ]
    assert {v.who for v in trail} == {"test-dispatcher"}
    assert trail[1].before["status"] == "on_site" and trail[1].after["status"] == "waiting_for_material"
    assert trail[3].entity == "technician" and trail[3].entity_id == str(sara.id)
    assert all(v.at.tzinfo is not None for v in trail)
    # Newest first, and every row of one action carries that action's time.
    assert [v.id for v in trail] == sorted((v.id for v in trail), reverse=True)


def test_moving_a_technician_shows_in_both_outages(demo_db):
    first, second = _new_outage(demo_db, "Första"), _new_outage(demo_db, "Andra")
    anna = next(t for t in technicians.list_technicians(demo_db) if t.name.startswith("Anna"))
    outages.assign_technician(demo_db, first.id, anna.id, move=True)
    outages.assign_technician(demo_db, second.id, anna.id, move=True)

    first_trail = [v.summary for v in audit_trail(demo_db, "outage", first.id) if v.action == "assign"]
    second_trail = [v.summary for v in audit_trail(demo_db, "outage", second.id) if v.action == "assign"]
    assert first_trail == [f"Anna Lindqvist moved to outage {second.id}", "Anna Lindqvist assigned"]
    assert second_trail == ["Anna Lindqvist assigned"]


def test_assignment_rows_match_the_outage_id_exactly(db):
    # Outage 1 must not collect the assignment of outage 11 or 21 although "1" is in their ids.
    made = [_new_outage(db, f"Avbrott {n}") for n in range(1, 22)]
    with db.unit() as uow:
        tech = Technician(name="Ida Holm")
        uow.session.add(tech)
        uow.session.flush()
        tech_id = tech.id
    outages.assign_technician(db, made[10].id, tech_id)
    outages.assign_technician(db, made[20].id, tech_id, move=True)
    assert made[0].id == 1 and made[10].id == 11 and made[20].id == 21
    assert [v.action for v in audit_trail(db, "outage", 1)] == ["create"]
    assert [v.summary for v in audit_trail(db, "outage", 11) if v.action == "assign"] == [
        "Ida Holm moved to outage 21", "Ida Holm assigned"]


def test_who_is_the_configured_dispatcher_else_the_os_user(db_url, monkeypatch):
    monkeypatch.setenv("DISPATCH_USER", "Karin Ek (kvällspass)")
    named = Db.open(db_url)
    o = _new_outage(named)
    monkeypatch.delenv("DISPATCH_USER")
    anonymous = Db.open(db_url)
    outages.set_status(anonymous, o.id, "on_site")
    try:
        os_user = getpass.getuser()
    except Exception:
        os_user = "dispatcher"
    assert [v.who for v in audit_trail(named, "outage", o.id)] == [os_user, "Karin Ek (kvällspass)"]


def test_cli_writes_the_environment_dispatcher_into_the_trail(db_url):
    db = Db.open(db_url, actor="test-dispatcher")
    o = _new_outage(db)
    env = dict(os.environ, DISPATCH_USER="Per Ström", PYTHONPATH=str(REPO))
    when = (utcnow() + timedelta(hours=4)).isoformat()
    result = subprocess.run(
        [sys.executable, "-m", "console.cli", "--db", db_url, "eta", "set", "--outage", str(o.id), "--eta", when,
         "--reason", "assessment"],
        env=env, capture_output=True, text=True, timeout=60, cwd=REPO)
    assert result.returncode == 0, result.stderr
    newest = audit_trail(db, "outage", o.id)[0]
    assert (newest.action, newest.who) == ("eta", "Per Ström")
    assert newest.summary.endswith("(assessment)")


def test_limit_keeps_the_newest_and_is_checked(db):
    o = _new_outage(db)
    for status in ("en_route", "on_site", "reported"):
        outages.set_status(db, o.id, status)
    assert [v.summary for v in audit_trail(db, "outage", o.id, limit=2)] == [
        "status: on_site → reported", "status: en_route → on_site"]
    with pytest.raises(ValidationError, match="limit"):
        audit_trail(db, "outage", o.id, limit=0)


def test_unknown_record_has_an_empty_trail(db):
    assert audit_trail(db, "outage", 4242) == []
