"""Several workstations on one database, as real processes: live sync, conflicts, SIGKILL, server restart.

Each "workstation" is a separate Python process running the services, so nothing is shared but
the database. Runs on SQLite and on a real PostgreSQL server.
"""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from console.domain.errors import Conflict, StoreUnavailable
from console.domain.timeutil import utcnow
from console.services import Db, eta, outages
from console.services.changes import latest_change_id
from console.services.uow import NOTIFY_CHANNEL
from console.services.watch import ChangeWatcher, db_health
from console.store.schema import AuditEntry, ChangeFeed, EtaRevision, Outage
from tests.pgcluster import throwaway_cluster

REPO = Path(__file__).resolve().parents[2]
SYNC_BOUND_S = 2.0  # the promise: another console sees a change within 2 s

# One script, several roles; argv: ROLE URL [ARGS...]. Output is one JSON object or ACK line per event.
WORKER = r"""
import json, sys, time
from datetime import timedelta
from console.domain.errors import Conflict
from console.domain.timeutil import utcnow
from console.services import Db, eta, outages

role, url = sys.argv[1], sys.argv[2]
db = Db.open(url, actor=f"ws-{role}", migrate_now=False)

if role == "change":
    print("ready", flush=True)
    for line in sys.stdin:
        started = time.time()
        made = outages.add_outage(db, line.strip(), 57.71, 16.32, 12, "cable_fault")
        print(json.dumps({"id": made.id, "started": started}), flush=True)

elif role == "conflict":
    outage_id, version, status = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    try:
        outages.set_status(db, outage_id, status, expected_version=version)
    except Conflict as err:
        print(json.dumps({"error": str(err), "current": err.current}, default=str), flush=True)
        # The dispatcher looks at the other change and re-applies on top of it.
        done = outages.set_status(db, outage_id, status, expected_version=err.current["version"])
        print(json.dumps({"reapplied": done.status, "version": done.version}), flush=True)
        sys.exit(3)
    print(json.dumps({"saved": status}), flush=True)

elif role == "writer":
    run = sys.argv[3]
    promised = utcnow() + timedelta(days=2)
    print("ready", flush=True)
    for i in range(100_000):
        title = f"{run}-{i}"
        made = outages.add_outage(db, title, 57.0 + (i % 90) / 100, 16.0, i, "cable_fault")
        print(f"ACK outage {made.id} {title}", flush=True)
        rev = eta.set_eta(db, made.id, promised + timedelta(minutes=i), "assessment", note=title)
        print(f"ACK eta {rev.id} {made.id}", flush=True)
"""


def _spawn(role: str, url: str, *args: str, stdin=None) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-c", WORKER, role, url, *args], cwd=REPO, env=env, text=True,
                            stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _expect_ready(proc: subprocess.Popen) -> None:
    line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        raise AssertionError(f"worker did not start: {line!r} {proc.stderr.read()}")


def _sqlite_path(url: str) -> str:
    return make_url(url).database


# --------------------------------------------------------------------------- live sync

def test_a_change_in_another_process_reaches_the_watcher_within_2_s(db_url):
    db = Db.open(db_url, actor="ws-watcher")
    watcher = ChangeWatcher(db)
    writer = _spawn("change", db_url, stdin=subprocess.PIPE)
    try:
        _expect_ready(writer)
        assert not watcher.wait(0)  # connected (LISTEN / data_version) and nothing pending
        latencies = []
        for n in range(3):
            writer.stdin.write(f"Kabelbrott {n}\n")
            writer.stdin.flush()
            deadline = time.monotonic() + 10
            batch = watcher.wait(10)
            while not batch and time.monotonic() < deadline:
                batch = watcher.wait(deadline - time.monotonic())
            seen = time.time()
            made = json.loads(writer.stdout.readline())
            latencies.append(seen - made["started"])
            # Only what changed is reported, so the console reloads one row.
            assert batch.entities == {"outage": frozenset({str(made["id"])})}
            assert batch.last_id == latest_change_id(db)
    finally:
        writer.kill()
        writer.communicate()
        watcher.close()
    print(f"\n[{db.dialect}] save-to-seen latency: " + ", ".join(f"{x * 1000:.0f} ms" for x in latencies))
    assert max(latencies) < SYNC_BOUND_S


def test_watcher_batches_a_burst_and_misses_nothing(db_url):
    db = Db.open(db_url, actor="ws-1")
    watcher = ChangeWatcher(db)
    assert not watcher.wait(0)
    made = {outages.add_outage(db, f"Avbrott {n}", 57.7, 16.3, n).id for n in range(5)}
    seen: set[int] = set()
    deadline = time.monotonic() + 10
    while seen != made and time.monotonic() < deadline:
        seen |= watcher.wait(deadline - time.monotonic()).ids("outage")
    watcher.close()
    assert seen == made


@pytest.mark.postgres
def test_a_slower_transaction_committing_an_older_feed_id_is_not_missed(pg_url):
    # PostgreSQL hands out feed ids at insert: workstation A takes id N, B takes N+1 and commits
    # first; the watcher has read N+1 by the time A commits N.
    db = Db.open(pg_url, actor="ws-watcher")
    watcher = ChangeWatcher(db)
    assert not watcher.wait(0)
    slow = Session(db.engine)
    try:
        slow.add(ChangeFeed(at=utcnow(), entity="outage", entity_id="4711"))
        slow.flush()
        fast = outages.add_outage(db, "Snabb", 57.7, 16.3, 3)
        assert _wait_for(watcher, fast.id, 5).ids("outage") == {fast.id}
        slow.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))
        slow.commit()
    finally:
        slow.close()
    _wait_for(watcher, 4711, 5)
    watcher.close()


def test_close_from_another_thread_ends_a_wait(db_url):
    # The GUI thread closes the watcher its worker thread is blocked in, on shutdown.
    watcher = ChangeWatcher(Db.open(db_url))
    assert not watcher.wait(0)
    result: list = []
    worker = threading.Thread(target=lambda: result.append(watcher.wait(60)))
    worker.start()
    watcher.close()
    worker.join(timeout=10)
    assert not worker.is_alive() and result and not result[0]
    assert not watcher.wait(60)  # closed for good: returns at once


def test_a_feed_behind_the_watcher_means_reload_everything(db_url):
    # The database was replaced under a running console (restored backup, another file).
    db = Db.open(db_url)
    outages.add_outage(db, "Kabel av", 57.7, 16.3, 3)
    watcher = ChangeWatcher(db, last_id=10_000)
    batch = watcher.wait(5)
    watcher.close()
    assert batch.reload_all and batch.last_id == latest_change_id(db)


def test_an_unreachable_database_is_reported_once_the_timeout_passes(tmp_path):
    gone = Db(f"sqlite:///{tmp_path / 'gone' / 'dispatch.sqlite3'}", "ws-1")
    watcher = ChangeWatcher(gone, last_id=0)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="cannot be reached .*still trying"):
        watcher.wait(0.6)
    assert time.monotonic() - started >= 0.6
    assert db_health(gone) is False
    watcher.close()


# --------------------------------------------------------------------------- conflicts

def test_two_workstations_second_save_is_a_conflict_showing_the_other_change(db_url):
    anna = Db.open(db_url, actor="Anna (dagpass)")
    bo = Db.open(db_url, actor="Bo (dagpass)")
    made = outages.add_outage(anna, "Fiber avgrävd vid Ankarsrum", 57.70, 16.33, 140, "excavation_damage")
    seen_by_anna = outages.get_outage(anna, made.id)
    seen_by_bo = outages.get_outage(bo, made.id)
    assert seen_by_anna.version == seen_by_bo.version

    outages.set_status(anna, made.id, "on_site", expected_version=seen_by_anna.version)
    with pytest.raises(Conflict) as refused:
        outages.set_status(bo, made.id, "waiting_for_material", expected_version=seen_by_bo.version)

    message = str(refused.value)
    assert f"outage {made.id} was changed by someone else" in message and "status on_site" in message
    assert "\n" not in message
    assert refused.value.current["status"] == "on_site"
    assert refused.value.current["version"] > seen_by_bo.version
    assert outages.get_outage(bo, made.id).status == "on_site"  # nothing overwritten

    # Bo re-applies on top of Anna's change.
    again = outages.set_status(bo, made.id, "waiting_for_material", expected_version=refused.value.current["version"])
    assert again.status == "waiting_for_material"
    with anna.read() as s:
        who = s.scalars(select(AuditEntry.who).where(AuditEntry.action == "status").order_by(AuditEntry.id)).all()
    assert who == ["Anna (dagpass)", "Bo (dagpass)"]


def test_stale_eta_save_is_a_conflict_and_reapplies(db_url):
    anna, bo = Db.open(db_url, actor="Anna"), Db.open(db_url, actor="Bo")
    made = outages.add_outage(anna, "Kabel av", 57.70, 16.33, 40)
    stale = outages.get_outage(bo, made.id).version
    outages.set_status(anna, made.id, "on_site")
    when = utcnow() + timedelta(hours=6)
    with pytest.raises(Conflict) as refused:
        eta.set_eta(bo, made.id, when, "assessment", expected_version=stale)
    assert eta.eta_history(bo, made.id) == []
    rev = eta.set_eta(bo, made.id, when, "assessment", expected_version=refused.value.current["version"])
    assert [r.id for r in eta.eta_history(anna, made.id)] == [rev.id]


def test_an_eta_set_elsewhere_makes_an_older_view_stale(db_url):
    anna, bo = Db.open(db_url, actor="Anna"), Db.open(db_url, actor="Bo")
    made = outages.add_outage(anna, "Kabel av", 57.70, 16.33, 40)
    outages.set_status(anna, made.id, "on_site")
    seen_by_bo = outages.get_outage(bo, made.id)
    eta.set_eta(anna, made.id, utcnow() + timedelta(hours=3), "assessment")
    with pytest.raises(Conflict) as refused:
        eta.set_eta(bo, made.id, utcnow() + timedelta(hours=9), "restock", expected_version=seen_by_bo.version)
    assert refused.value.current["current_eta"] is not None  # Bo sees the ETA Anna promised


def test_a_conflicting_save_from_another_process_is_refused_with_a_message(db_url):
    db = Db.open(db_url, actor="ws-main")
    made = outages.add_outage(db, "Kabel av vid Norrhult", 57.715, 16.31, 60)
    read_version = made.version
    outages.set_status(db, made.id, "on_site", expected_version=read_version)

    other = _spawn("conflict", db_url, str(made.id), str(read_version), "waiting_for_material")
    out, err = other.communicate(timeout=60)
    assert other.returncode == 3, err
    refused, reapplied = (json.loads(line) for line in out.splitlines())
    assert "changed by someone else" in refused["error"] and "reload and re-apply" in refused["error"]
    assert refused["current"]["status"] == "on_site"
    assert reapplied["reapplied"] == "waiting_for_material"

    with db.read() as s:
        rows = s.execute(select(AuditEntry.who, AuditEntry.after).where(AuditEntry.action == "status")
                         .order_by(AuditEntry.id)).all()
    # The other process's stale save left no trace; its re-applied save came after ours.
    assert [(who, json.loads(after)["status"]) for who, after in rows] == [
        ("ws-main", "on_site"), ("ws-conflict", "waiting_for_material")]


def test_an_open_read_does_not_hold_up_another_workstation_s_save(sqlite_url):
    # A long read (handover report, storm list) on one console must not stall saves on the others.
    db = Db.open(sqlite_url, actor="ws-1")
    reading, saved = threading.Event(), threading.Event()
    saved_while_reading: list[bool] = []

    def long_read():
        with db.read() as s:
            s.scalar(select(Outage.id).limit(1))
            reading.set()
            saved_while_reading.append(saved.wait(timeout=1.5))

    reader = threading.Thread(target=long_read)
    reader.start()
    assert reading.wait(timeout=10)
    outages.add_outage(Db(db.url, "ws-2"), "Kabel av", 57.7, 16.3, 3)
    saved.set()
    reader.join(timeout=10)
    assert saved_while_reading == [True]


# --------------------------------------------------------------------------- durability

KILLS = 8


def test_sigkill_during_writes_loses_no_acknowledged_change(db_url):
    db = Db.open(db_url, actor="ws-check")
    rng = random.Random(8)
    acked_outages: dict[int, str] = {}
    acked_etas: dict[int, int] = {}
    for run in range(KILLS):
        writer = _spawn("writer", db_url, f"run{run}")
        try:
            _expect_ready(writer)
            first = writer.stdout.readline()  # the loop is writing: from here on any moment is mid-write
            time.sleep(rng.uniform(0.0, 0.5))
            os.kill(writer.pid, signal.SIGKILL)
        finally:
            out, err = writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL, err
        for line in (first + out).splitlines(keepends=True):
            if not line.endswith("\n"):
                continue  # cut off by the kill: never acknowledged
            kind, ident, rest = line.split()[1:4]
            if kind == "outage":
                acked_outages[int(ident)] = rest
            else:
                acked_etas[int(ident)] = int(rest)

    with db.read() as s:
        titles = dict(s.execute(select(Outage.id, Outage.title)).all())
        revisions = dict(s.execute(select(EtaRevision.id, EtaRevision.outage_id)).all())
        created = set(s.scalars(select(AuditEntry.entity_id).where(AuditEntry.action == "create")).all())
        eta_audits = {json.loads(a)["revision"] for a in
                      s.scalars(select(AuditEntry.after).where(AuditEntry.action == "eta")).all()}
        fed = set(s.scalars(select(ChangeFeed.entity_id).where(ChangeFeed.entity == "outage")).all())

    print(f"\n[{db.dialect}] {KILLS} SIGKILLs: {len(acked_outages)} outages and {len(acked_etas)} ETAs acknowledged, "
          f"{len(titles)} outages and {len(revisions)} ETAs in the database")
    assert len(acked_outages) >= KILLS  # every run was killed after at least one acknowledged write
    assert all(titles.get(i) == t for i, t in acked_outages.items())
    assert all(revisions.get(r) == o for r, o in acked_etas.items())
    # Each transaction landed whole or not at all: no row without its audit and change-feed rows.
    assert created == {str(i) for i in titles}
    assert eta_audits == set(revisions)
    assert fed == {str(i) for i in titles}

    if db.dialect == "sqlite":
        with sqlite3.connect(_sqlite_path(db_url)) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    # And the database takes the next write as usual.
    assert outages.add_outage(db, "efter krascherna", 57.7, 16.3, 1).id > max(titles)


# --------------------------------------------------------------------------- server restart

@pytest.fixture(scope="module")
def own_pg():
    """A cluster of this module's own, so restarting it disturbs no other test."""
    with throwaway_cluster("dispatch-pg-restart-") as cluster:
        yield cluster


def _wait_for(watcher: ChangeWatcher, outage_id: int, within_s: float):
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        batch = watcher.wait(deadline - time.monotonic())
        if outage_id in batch.ids("outage"):
            return batch
    raise AssertionError(f"the watcher never reported outage {outage_id}")


@pytest.mark.postgres
def test_a_postgresql_restart_is_survived(own_pg):
    db = Db.open(own_pg.create_database("restart"), actor="ws-1")
    made = outages.add_outage(db, "Kabel av vid Ankarsrum", 57.70, 16.33, 140)
    watcher = ChangeWatcher(db)
    try:
        assert not watcher.wait(0)

        # A restart as the operator does it. Not PgCluster.restart(): `pg_ctl restart` hands the
        # server our stdout pipe, so capturing its output never ends (reported to the lead).
        own_pg.stop_server()
        own_pg.start_server()
        # The pooled connections died with the server; the next call just works.
        moved = outages.set_status(db, made.id, "on_site", expected_version=made.version)
        assert moved.status == "on_site"
        _wait_for(watcher, made.id, 15)  # reconnected and caught up with the change it could not hear
        assert watcher.reconnects == 1
        started = time.monotonic()
        eta.set_eta(db, made.id, utcnow() + timedelta(hours=5), "assessment")
        _wait_for(watcher, made.id, 5)  # heard through LISTEN again
        print(f"\n[postgresql] after restart, save-to-seen {1000 * (time.monotonic() - started):.0f} ms")

        own_pg.stop_server()
        assert db_health(db) is False
        form = dict(eta=utcnow() + timedelta(hours=8), reason="restock", note="Skarvbox hämtas i Vimmerby")
        kept = dict(form)
        with pytest.raises(StoreUnavailable) as down:
            eta.set_eta(db, made.id, **form)
        assert str(down.value).startswith("the database cannot be reached: ")
        assert "\n" not in str(down.value)
        assert form == kept  # the dispatcher's input is untouched for the retry
        with pytest.raises(StoreUnavailable, match="still trying to reconnect"):
            watcher.wait(1.0)

        own_pg.start_server()
        assert db_health(db) is True
        rev = eta.set_eta(db, made.id, **form)
        history = eta.eta_history(db, made.id)
        assert len(history) == 2 and history[-1].id == rev.id  # the refused try left nothing behind
        _wait_for(watcher, made.id, 15)
        assert watcher.reconnects == 2
    finally:
        watcher.close()
