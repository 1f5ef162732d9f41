"""The command-line contract of DESIGN.md, run in-process through console.cli.main."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pytest

from console import __version__
from console.store import migrate
from tests.cli_run import run


def test_version_as_a_process():
    result = subprocess.run([sys.executable, "-m", "console.cli", "--version"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == f"dispatch-console {__version__}"


def test_demo_then_outages_list_json(capsys, db_url):
    assert run(capsys, "demo", "--db", db_url)[0] == 0
    code, out, _ = run(capsys, "outages", "list", "--db", db_url, "--json")
    assert code == 0
    rows = json.loads(out)
    cut = next(r for r in rows if "Ankarsrum" in r["title"])
    for field in ("id", "title", "lat", "lon", "status", "cause", "customers_affected", "started_at",
                  "current_eta", "restored_at"):
        assert field in cut
    eta = datetime.fromisoformat(cut["current_eta"])
    assert eta.utcoffset() is not None and eta.utcoffset().total_seconds() in (3600, 7200)
    assert cut["customers_affected"] >= 100


def test_db_option_before_the_command(capsys, sqlite_url):
    assert run(capsys, "--db", sqlite_url, "demo")[0] == 0
    code, out, _ = run(capsys, "--db", sqlite_url, "outages", "list", "--open", "--json")
    assert code == 0 and all(r["status"] not in ("restored", "cancelled") for r in json.loads(out))


def test_technicians_and_depots_json(capsys, sqlite_url):
    run(capsys, "demo", "--db", sqlite_url)
    _, out, _ = run(capsys, "technicians", "list", "--db", sqlite_url, "--json")
    techs = json.loads(out)
    assert {"id", "name", "device_id", "lat", "lon", "fix_at", "status"} <= set(techs[0])
    assert all(t["device_id"] for t in techs)
    _, out, _ = run(capsys, "depots", "list", "--db", sqlite_url, "--json")
    assert {"id", "name", "lat", "lon"} <= set(json.loads(out)[0])


def test_eta_before_start_fails_with_one_line_and_history_unchanged(capsys, db_url):
    run(capsys, "demo", "--db", db_url)
    _, before, _ = run(capsys, "eta", "history", "--outage", "1", "--db", db_url, "--json")
    code, out, err = run(capsys, "eta", "set", "--outage", "1", "--eta", "2001-01-01T10:00+01:00",
                         "--reason", "restock", "--db", db_url)
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and "before outage 1 started" in err
    _, after, _ = run(capsys, "eta", "history", "--outage", "1", "--db", db_url, "--json")
    assert json.loads(after) == json.loads(before)


def test_eta_set_appends(capsys, sqlite_url):
    run(capsys, "demo", "--db", sqlite_url)
    code, _, err = run(capsys, "eta", "set", "--outage", "1", "--eta", "2099-09-10T21:00+02:00", "--reason",
                       "darkness", "--note", "Mörkret", "--by", "Kim", "--db", sqlite_url)
    assert code == 0, err
    _, out, _ = run(capsys, "eta", "history", "--outage", "1", "--db", sqlite_url, "--json")
    last = json.loads(out)[-1]
    assert last["eta"] == "2099-09-10T21:00:00+02:00" and last["reason"] == "darkness" and last["recorded_by"] == "Kim"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["outages", "add", "--title", "x", "--lat", "95", "--lon", "16", "--customers", "3"], "latitude"),
        (["outages", "add", "--title", "x", "--lat", "57", "--lon", "16", "--customers", "-3"], "from 0 to"),
        (["eta", "set", "--outage", "1", "--eta", "tisdag kväll", "--reason", "initial"], "malformed ETA"),
        (["eta", "set", "--outage", "99", "--eta", "2099-01-01T10:00", "--reason", "initial"], "no outage with id 99"),
        (["technicians", "set-device", "--technician", "77", "--device", "x"], "no technician"),
    ],
)
def test_bad_input_one_line_nonzero_nothing_written(capsys, sqlite_url, argv, message):
    run(capsys, "demo", "--db", sqlite_url)
    _, before, _ = run(capsys, "outages", "list", "--db", sqlite_url, "--json")
    code, _, err = run(capsys, *argv, "--db", sqlite_url)
    assert code != 0 and message in err and len(err.strip().splitlines()) == 1
    _, after, _ = run(capsys, "outages", "list", "--db", sqlite_url, "--json")
    # What was written is compared; facts judged by the running clock may move between the two reads.
    timed = {"minutes_since_customers_told", "info_gap", "eta_overdue"}
    assert [{k: v for k, v in r.items() if k not in timed} for r in json.loads(after)] == \
        [{k: v for k, v in r.items() if k not in timed} for r in json.loads(before)]


def test_db_upgrade_on_a_new_file(capsys, sqlite_url):
    from console.store import migrate

    code, out, _ = run(capsys, "db", "upgrade", "--db", sqlite_url)
    assert code == 0 and f"revision {migrate.head_revision()}" in out


def test_default_database_lives_in_the_user_data_dir(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("DISPATCH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    from console.store.engine import default_db_url

    url = default_db_url()
    assert url.startswith("sqlite:///") and str(tmp_path / "xdg") in url
    assert run(capsys, "outages", "list", "--json")[0] == 0
    assert (tmp_path / "xdg" / "dispatch-console" / "dispatch.sqlite3").exists()


def test_bad_database_url(capsys):
    code, _, err = run(capsys, "outages", "list", "--db", "mysql://x/y")
    assert code != 0 and "unsupported database" in err
