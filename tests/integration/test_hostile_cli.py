"""Every sub-command with hostile values: non-zero exit, one line on stderr, no traceback, nothing written."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from console.store import migrate
from console.cli import main
from console.store.engine import normalise_url

BIG = str(2**63)
PG_BIG = str(2**31)
AREA_201 = "a" * 201
BY_81 = "b" * 81
NAME_120K = "D" * 120_000

HOSTILE = [
    ["outages", "add", "--title", "x", "--lat", "57", "--lon", "16", "--customers", BIG],
    ["outages", "add", "--title", "x", "--lat", "57", "--lon", "16", "--customers", PG_BIG],
    ["outages", "add", "--title", "x", "--lat", "nan", "--lon", "16", "--customers", "1"],
    ["outages", "add", "--title", "x", "--lat", "57", "--lon", "16", "--customers", "1", "--area", AREA_201],
    ["outages", "add", "--title", "t" * 201, "--lat", "57", "--lon", "16", "--customers", "1"],
    ["eta", "set", "--outage", BIG, "--eta", "2030-01-01T10:00", "--reason", "restock"],
    ["eta", "set", "--outage", PG_BIG, "--eta", "2030-01-01T10:00", "--reason", "restock"],
    ["eta", "set", "--outage", "1", "--eta", "9999-12-31T23:59", "--reason", "restock"],
    ["eta", "set", "--outage", "1", "--eta", "0001-01-01T00:00", "--reason", "restock"],
    ["eta", "set", "--outage", "1", "--eta", "2030-01-01T10:00", "--reason", "restock", "--by", BY_81],
    ["notices", "record", "--outage", "1", "--channel", "email", "--text", "hi", "--by", BY_81],
    ["eta", "history", "--outage", BIG],
    ["restock", "--outage", BIG],
    ["restock", "complete", "--run", PG_BIG],
    ["loans", "lend", "--router", "LR-0001", "--outage", BIG, "--customer", "K"],
    ["loans", "return", "--router", "LR-0001", "--depot", BIG],
    ["notices", "draft", "--outage", PG_BIG],
    ["technicians", "set-device", "--technician", BIG, "--device", "x"],
    ["technicians", "nearest", "--outage", PG_BIG],
    ["outages", "status", "--outage", BIG, "--status", "restored"],
    ["outages", "status", "--outage", "1", "--status", "x" * 500],
    ["outages", "assign", "--outage", "1", "--technician", PG_BIG],
    ["outages", "assign", "--outage", "1", "--technician", "2"],
    ["accuracy", "--since", "0001-01-01"],
    ["accuracy", "--until", "9999-12-31T23:59"],
    ["daylight", "--lat", "57", "--lon", "16", "--date", "9999-12-31"],
    ["daylight", "--lat", "57", "--lon", "16", "--date", "0001-01-01"],
    ["positions", "track", "--technician", "1", "--hours", "nan"],
    ["positions", "track", "--technician", "1", "--hours", "inf"],
    ["positions", "import", "/dev/zero", "--device", "tc-sara"],
    ["settings", "set", "loan_due_days", "1e30"],
    ["settings", "set", "travel_speed_kmh", "1e308"],
    ["settings", "set", "info_gap_minutes", "nan"],
    ["demo", "--storm", BIG],
    ["handover", "--since", "9999-12-31"],
    # Free text of every kind, one past its limit in console/domain/limits.py (or not one line).
    ["handover", "--dispatcher", NAME_120K],
    ["handover", "--dispatcher", "Maria\x1b[2J"],
    ["outages", "add", "--title", "x\ny", "--lat", "57", "--lon", "16", "--customers", "1"],
    ["outages", "add", "--title", "x", "--lat", "57", "--lon", "16", "--customers", "1", "--area", "a\x00b"],
    ["eta", "set", "--outage", "1", "--eta", "2030-01-01T10:00", "--reason", "restock", "--note", "n" * 2001],
    ["eta", "set", "--outage", "1", "--eta", "2030-01-01T10:00", "--reason", "restock", "--by", NAME_120K],
    ["notices", "record", "--outage", "1", "--channel", "sms", "--text", "t" * 2001],
    ["notices", "record", "--outage", "1", "--channel", "sms", "--text", "hi", "--by", NAME_120K],
    ["loans", "lend", "--router", "LR-0001", "--outage", "1", "--customer", "K" * 81],
    ["settings", "set", "sms_from", "S" * 17],
    ["settings", "set", "osrm_url", "http://" + "o" * 300],
]


def _snapshot(url: str):
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            tables = ("outages", "eta_revisions", "audit_log", "settings", "loans", "position_fixes", "restock_runs")
            return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables}
    finally:
        engine.dispose()


@pytest.fixture
def loaded(db_url, capsys, tmp_path):
    assert main(["demo", "--db", db_url]) == 0
    capsys.readouterr()
    return db_url


@pytest.mark.parametrize("argv", HOSTILE, ids=lambda a: " ".join(x[:20] for x in a))
def test_hostile_value_is_one_line_and_writes_nothing(loaded, argv, capsys, tmp_path):
    if argv[0] == "handover":
        argv = argv + ["--out", str(tmp_path / "h.pdf")]
    before = _snapshot(loaded)
    try:
        code = main(argv + ["--db", loaded])
    except SystemExit as exit_:  # argparse's refusals end the process like the real program
        code = exit_.code
    _, err = capsys.readouterr()
    assert code not in (0, None)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dispatch-console: error:"), err
    assert "Traceback" not in err and "internal error" not in err
    assert _snapshot(loaded) == before


def test_customer_fields_past_their_limits_are_refused_on_both_backends(loaded, tmp_path, capsys):
    from console.domain import limits

    header = "ref,name,address,lat,lon,phone,email,lang,node\n"
    rows = [f"K-1,{'n' * (limits.PROPER_NAME_CHARS + 1)},Storgatan 1,57.7,16.3,,,sv,N1",
            f"K-2,Anna,{'a' * (limits.ADDRESS_CHARS + 1)},57.7,16.3,,,sv,N1",
            f"{'r' * (limits.REFERENCE_CHARS + 1)},Anna,Storgatan 1,57.7,16.3,,,sv,N1"]
    for row in rows:
        path = tmp_path / "customers.csv"
        path.write_text(header + row + "\n", encoding="utf-8")
        before = _snapshot(loaded)
        code = main(["customers", "import", str(path), "--db", loaded])
        _, err = capsys.readouterr()
        assert code != 0 and "Traceback" not in err
        assert "at most" in err and len(err.strip().splitlines()) <= 2, err
        assert _snapshot(loaded) == before


@pytest.mark.parametrize("out", ["ro/h.pdf", "folder"])
def test_handover_out_where_it_cannot_be_written(sqlite_url, tmp_path, capsys, out):
    if os.geteuid() == 0 and out.startswith("ro"):
        pytest.skip("root writes into read-only folders")
    main(["demo", "--db", sqlite_url])
    (tmp_path / "ro").mkdir(mode=0o555)
    (tmp_path / "folder").mkdir()
    capsys.readouterr()
    code = main(["handover", "--out", str(tmp_path / out), "--db", sqlite_url])
    err = capsys.readouterr().err
    assert code != 0 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_status_export_onto_a_file(sqlite_url, tmp_path, capsys):
    main(["demo", "--db", sqlite_url])
    target = tmp_path / "a-file"
    target.write_text("x")
    capsys.readouterr()
    code = main(["status", "export", "--out", str(target), "--db", sqlite_url])
    err = capsys.readouterr().err
    assert code != 0 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_corrupt_or_foreign_db_file(tmp_path, capsys):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE mine (x)")
    for path in (junk, other):
        before = path.read_bytes()
        code = main(["outages", "list", "--db", f"sqlite:///{path}"])
        err = capsys.readouterr().err
        assert code != 0 and len(err.strip().splitlines()) == 1 and "sqlalche.me" not in err
        if path is junk:
            assert path.read_bytes() == before
    with sqlite3.connect(other) as conn:  # opening it set WAL in the header; no table was added
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("mine",)]


def test_a_schema_newer_than_the_console_is_refused_naming_both(sqlite_url, capsys):
    main(["demo", "--db", sqlite_url])
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    capsys.readouterr()
    for argv in (["outages", "list"], ["db", "upgrade"]):
        code = main(argv + ["--db", sqlite_url])
        err = capsys.readouterr().err
        assert code != 0 and "0099" in err and migrate.head_revision() in err and len(err.strip().splitlines()) == 1


@pytest.mark.postgres
def test_a_schema_newer_than_the_console_is_refused_on_postgresql_too(pg_url, capsys):
    main(["demo", "--db", pg_url])
    engine = create_engine(normalise_url(pg_url))
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    finally:
        engine.dispose()
    capsys.readouterr()
    for argv in (["outages", "list"], ["db", "upgrade"]):
        code = main(argv + ["--db", pg_url])
        err = capsys.readouterr().err
        assert code != 0 and "0099" in err and migrate.head_revision() in err and len(err.strip().splitlines()) == 1
        assert "Traceback" not in err


def test_an_older_sqlite_file_is_copied_before_it_is_migrated(sqlite_url, capsys, tmp_path):
    from alembic import command

    from console.store import migrate

    engine = create_engine(normalise_url(sqlite_url))
    cfg = migrate._config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    engine.dispose()
    code = main(["outages", "list", "--db", sqlite_url])
    err = capsys.readouterr().err
    assert code == 0 and f"migrated from revision 0002 to {migrate.head_revision()}" in err
    backups = list(tmp_path.glob("dispatch.sqlite3.before-0002-*.bak"))
    assert len(backups) == 1 and str(backups[0]) in err
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)


def test_a_real_process_prints_no_traceback(sqlite_url):
    result = subprocess.run([sys.executable, "-m", "console.cli", "positions", "track", "--technician", BIG,
                             "--db", sqlite_url], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and len(result.stderr.strip().splitlines()) == 1


def test_a_dispatcher_name_from_the_environment_is_held_to_the_same_limit(loaded, capsys, monkeypatch):
    from console.domain.limits import NAME_CHARS

    before = _snapshot(loaded)
    monkeypatch.setenv("DISPATCH_USER", "u" * (NAME_CHARS + 1))
    code = main(["eta", "set", "--outage", "1", "--eta", "2030-01-01T10:00", "--reason", "restock", "--db", loaded])
    _, err = capsys.readouterr()
    assert code != 0 and err.strip().count("\n") == 0 and f"at most {NAME_CHARS}" in err
    assert _snapshot(loaded) == before
