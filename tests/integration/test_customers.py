"""The customer register and who an outage affects: `customers import|list`, `outages affect`."""
from __future__ import annotations

import json

import pytest

from tests.cli_run import run

HEADER = "ref,name,address,lat,lon,phone,email,lang,node\n"
GOOD = (HEADER
        + "K-1,Anna Berg,Storgatan 1,57.1000,14.2000,+46701234567,,sv,NOD-1\n"
        + "K-2,Bo Ek,Lillgatan 2,57.1010,14.2010,,bo@example.se,en,NOD-1\n"
        + "K-3,Cecilia Al,Byvägen 3,57.1500,14.2500,+46707654321,cecilia@example.se,sv,NOD-2\n"
        + "K-4,Dan Ask,Skogsvägen 4,57.1002,14.2003,+46700000004,,sv,\n")


def _write(tmp_path, text, name="register.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _import(capsys, url, path, *extra):
    return run(capsys, "customers", "import", path, "--db", url, *extra)


def _outage(capsys, url, *extra, customers="40"):
    code, out, err = run(capsys, "outages", "add", "--title", "Kabelbrott Norrhult", "--lat", "57.1",
                         "--lon", "14.2", "--customers", customers, "--db", url, "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def _count(capsys, url, outage_id):
    _, out, _ = run(capsys, "outages", "list", "--db", url, "--json")
    return next(o["customers_affected"] for o in json.loads(out) if o["id"] == outage_id)


def _refs(capsys, url, outage_id):
    code, out, err = run(capsys, "customers", "list", "--outage", str(outage_id), "--db", url, "--json")
    assert code == 0, err
    return [c["ref"] for c in json.loads(out)]


def test_import_adds_then_updates_by_ref_and_lists_the_fields(capsys, db_url, tmp_path):
    code, out, err = _import(capsys, db_url, _write(tmp_path, GOOD), "--json")
    assert code == 0, err
    assert json.loads(out) == {"added": 4, "updated": 0, "unchanged": 0, "rejected": [], "outages_resolved": 0}
    changed = GOOD.replace("Lillgatan 2", "Lillgatan 22")
    code, out, err = _import(capsys, db_url, _write(tmp_path, changed, "again.csv"), "--json")
    summary = json.loads(out)
    assert (summary["added"], summary["updated"], summary["unchanged"]) == (0, 1, 3)
    code, out, _ = run(capsys, "customers", "list", "--db", db_url, "--json")
    rows = json.loads(out)
    assert [r["ref"] for r in rows] == ["K-1", "K-2", "K-3", "K-4"]
    assert set(rows[0]) == {"ref", "name", "address", "lat", "lon", "phone", "email", "lang", "node"}
    assert rows[1]["address"] == "Lillgatan 22" and rows[1]["lang"] == "en" and rows[0]["phone"] == "+46701234567"


BAD_LINES = [
    ("K-9,X,Y,91,14,+46701234567,,sv,N", "bad coordinates"),
    ("K-9,X,Y,57,14,0701234567,,sv,N", "not E.164"),
    ("K-9,X,Y,57,14,+4670,,sv,N", "not E.164"),
    ("K-9,X,Y,57,14,,not-an-address,sv,N", "not an e-mail address"),
    ("K-9,X,Y,57,14,,,sv,N", "neither phone nor email"),
    ("K-9,X,Y,57,14,+46701234567,,de,N", "lang"),
    ("K-1,X,Y,57,14,+46701234567,,sv,N", "duplicate ref 'K-1' (first on line 2)"),
    ("," + "X" * 5 + ",Y,57,14,+46701234567,,sv,N", "ref is empty"),
    ("K-9,X,Y,57,14,+46701234567,,sv," + "N" * 81, "node is 81 characters"),
    ("K-9,X,Y,57", "expected 9 columns"),
]


@pytest.mark.parametrize("bad, reason", BAD_LINES)
def test_a_bad_line_refuses_the_whole_file_with_its_line_and_reason(capsys, sqlite_url, tmp_path, bad, reason):
    code, out, err = _import(capsys, sqlite_url, _write(tmp_path, GOOD + bad + "\n"))
    assert code != 0
    assert f"register.csv:6: " in err and reason in err
    assert "nothing imported" in err
    _, out, _ = run(capsys, "customers", "list", "--db", sqlite_url, "--json")
    assert json.loads(out) == []


def test_skip_bad_imports_the_good_lines_and_reports_each_bad_one(capsys, db_url, tmp_path):
    text = GOOD + BAD_LINES[0][0] + "\n" + "K-5,Eva,Torget 5,57.2,14.3,+46705555555,,sv,NOD-2\n" + BAD_LINES[1][0] + "\n"
    code, out, err = _import(capsys, db_url, _write(tmp_path, text), "--skip-bad", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["added"] == 5
    assert [r["line"] for r in summary["rejected"]] == [6, 8]
    code, out, err = _import(capsys, db_url, _write(tmp_path, text), "--skip-bad")
    assert "0 added, 0 updated, 5 unchanged, 2 rejected" in out
    assert err.count("skipped:") == 2


def test_dev_zero_and_a_binary_file_give_one_clear_line(capsys, sqlite_url, tmp_path):
    code, out, err = _import(capsys, sqlite_url, "/dev/zero")
    assert code != 0 and len(err.strip().splitlines()) == 1 and "MB" in err
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" * 100)
    code, out, err = _import(capsys, sqlite_url, str(binary))
    assert code != 0 and len(err.strip().splitlines()) == 1 and "not a text file" in err
    long_line = tmp_path / "long.csv"
    long_line.write_text(HEADER + "K-1," + "x" * 10_000 + "\n", encoding="utf-8")
    code, out, err = _import(capsys, sqlite_url, str(long_line))
    assert code != 0 and "long.csv:2: line is" in err and len(err.strip().splitlines()) == 1


def test_history_import_uses_the_same_bounded_reader(capsys, sqlite_url):
    code, out, err = run(capsys, "history", "import", "/dev/zero", "--db", sqlite_url)
    assert code != 0 and len(err.strip().splitlines()) == 1 and "MB" in err


def test_an_outage_on_nodes_counts_their_customers_and_keeps_the_count_current(capsys, db_url, tmp_path):
    outage = _outage(capsys, db_url, "--nodes", "NOD-1")
    assert outage["customers_affected"] == 40  # no register yet: the number entered stands
    assert _import(capsys, db_url, _write(tmp_path, GOOD))[0] == 0
    assert _count(capsys, db_url, outage["id"]) == 2
    assert _refs(capsys, db_url, outage["id"]) == ["K-1", "K-2"]
    # K-3 moves to NOD-1 in a re-import: the outage gains it
    moved = GOOD.replace("cecilia@example.se,sv,NOD-2", "cecilia@example.se,sv,NOD-1")
    code, out, err = _import(capsys, db_url, _write(tmp_path, moved, "moved.csv"), "--json")
    assert json.loads(out)["outages_resolved"] == 1
    assert _count(capsys, db_url, outage["id"]) == 3
    # a new outage tied at creation to a node with customers counts them at once
    assert _outage(capsys, db_url, "--nodes", "NOD-1, NOD-1")["customers_affected"] == 3


def test_affect_by_nodes_radius_area_and_clear(capsys, db_url, tmp_path):
    assert _import(capsys, db_url, _write(tmp_path, GOOD))[0] == 0
    oid = str(_outage(capsys, db_url)["id"])
    code, out, err = run(capsys, "outages", "affect", "--outage", oid, "--nodes", "NOD-2", "--db", db_url, "--json")
    assert code == 0, err and json.loads(out)["tied"] == 1
    assert _refs(capsys, db_url, int(oid)) == ["K-3"]
    # 0.1 km around 57.1, 14.2: K-1 (0 m), K-2 (~130 m: outside), K-4 (~25 m)
    code, out, err = run(capsys, "outages", "affect", "--outage", oid, "--radius-km", "0.1", "--db", db_url)
    assert code == 0, err
    assert _refs(capsys, db_url, int(oid)) == ["K-1", "K-4"]
    assert _count(capsys, db_url, int(oid)) == 2
    code, out, err = run(capsys, "outages", "affect", "--outage", oid, "--area",
                         "57.1005 14.2005; 57.1005 14.26; 57.16 14.26; 57.16 14.2005", "--db", db_url)
    assert code == 0, err
    assert _refs(capsys, db_url, int(oid)) == ["K-2", "K-3"]
    code, out, err = run(capsys, "outages", "affect", "--outage", oid, "--clear", "--db", db_url)
    assert code == 0, err
    assert _refs(capsys, db_url, int(oid)) == []
    assert _count(capsys, db_url, int(oid)) == 2  # untied: the last count stands


@pytest.mark.parametrize("args, reason", [
    (["--radius-km", "0"], "radius"), (["--radius-km", "nan"], "radius"),
    (["--area", "57 14; 57.1 14"], "three corners"), (["--area", "57 14; 95 14; 57 15"], "latitude"),
    (["--nodes", " , "], "no node"), ([], "required"),
])
def test_affect_refuses_bad_input_with_one_line(capsys, sqlite_url, args, reason):
    oid = str(_outage(capsys, sqlite_url)["id"])
    code, out, err = run(capsys, "outages", "affect", "--outage", oid, *args, "--db", sqlite_url)
    assert code != 0 and reason in err


def test_the_audit_log_records_counts_never_contact_details(capsys, db_url, tmp_path):
    oid = _outage(capsys, db_url, "--nodes", "NOD-1")["id"]
    assert _import(capsys, db_url, _write(tmp_path, GOOD))[0] == 0
    from sqlalchemy import select

    from console.services import Db
    from console.store.schema import AuditEntry

    with Db.open(db_url).read() as session:
        entries = list(session.execute(select(AuditEntry.action, AuditEntry.entity, AuditEntry.before,
                                              AuditEntry.after)))
    text = json.dumps([list(e) for e in entries])
    assert "+4670" not in text and "example.se" not in text
    assert any(e[0] == "import" and e[1] == "customers" and '"added": 4' in e[3] for e in entries)
    assert any(e[0] == "affect" and e[1] == "outage" for e in entries)
    assert _count(capsys, db_url, oid) == 2


def test_a_register_change_from_another_connection_reaches_the_change_feed(capsys, db_url, tmp_path):
    """The board reloads the outages the change feed names: a re-import elsewhere names this one."""
    from console.services import Db, changes, customers, outages

    board = Db.open(db_url, actor="board")
    oid = _outage(capsys, db_url, "--nodes", "NOD-1")["id"]
    seen = changes.latest_change_id(board)
    other = Db.open(db_url, actor="someone-else")
    customers.import_customers(other, customers.read_customers_file(_write(tmp_path, GOOD)))
    batch = changes.changes_since(board, seen)
    assert oid in batch.ids("outage")
    assert outages.get_outage(board, oid).customers_affected == 2
