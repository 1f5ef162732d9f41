"""The command line of notices, status export, loans and settings, run in-process."""
from __future__ import annotations

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from console import cli
from console.domain.timeutil import iso_local
from console.services import Db, demo, outages, settings
from console.store.schema import AuditEntry, ChangeFeed, CustomerNotice, Loan

LOAN_FIELDS = ["serial", "depot", "outage_id", "customer_ref", "lent_at", "due_at", "returned_at"]


@pytest.fixture
def url(sqlite_url) -> str:
    demo.load_demo(Db.open(sqlite_url, actor="test-dispatcher"))
    return sqlite_url


def run(capsys, url, *argv):
    code = cli.main(["--db", url, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys, url, *argv) -> str:
    code, out, err = run(capsys, url, *argv)
    assert (code, err) == (0, ""), err
    return out


def fails(capsys, url, *argv) -> str:
    code, out, err = run(capsys, url, *argv)
    assert code != 0 and out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("dispatch-console: error: ")
    return lines[0].removeprefix("dispatch-console: error: ")


def ids(url) -> dict[str, int]:
    return {v.title.split()[-1]: v.id for v in outages.list_outages(Db.open(url))}


def counts(url) -> tuple[int, ...]:
    db = Db.open(url)
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Loan, AuditEntry, ChangeFeed, CustomerNotice))


def test_notices_draft_in_swedish_and_english(capsys, url):
    cut = outages.get_outage(Db.open(url), ids(url)["Ankarsrum"])
    local = cut.current_eta.astimezone(ZoneInfo("Europe/Stockholm"))
    sv = ok(capsys, url, "notices", "draft", "--outage", str(cut.id))
    assert sv.startswith("Fibernätet: Driftstörning") and f"kl. {local:%H:%M}" in sv
    en = ok(capsys, url, "notices", "draft", "--outage", str(cut.id), "--lang", "en", "--channel", "email")
    assert en.startswith("Subject: Outage:") and f"at {local:%H:%M}" in en
    # --lang given before the command works as well.
    assert cli.main(["--db", url, "--lang", "en", "notices", "draft", "--outage", str(cut.id)]) == 0
    assert capsys.readouterr().out.startswith("Fibernätet: Outage in")


def test_notices_draft_errors_are_one_line(capsys, url):
    assert fails(capsys, url, "notices", "draft", "--outage", "999") == "no outage with id 999"
    assert "unknown notice channel 'fax'" in fails(capsys, url, "notices", "draft", "--outage", "1",
                                                   "--channel", "fax")


def test_notices_record_and_list(capsys, url, tmp_path):
    cut = ids(url)["Ankarsrum"]
    out = ok(capsys, url, "notices", "record", "--outage", str(cut), "--channel", "sms", "--text", "Ny tid i kväll.",
             "--json")
    recorded = json.loads(out)
    assert (recorded["outage_id"], recorded["channel"], recorded["lang"], recorded["text"]) == \
        (cut, "sms", "sv", "Ny tid i kväll.")
    text_file = tmp_path / "notice.txt"
    text_file.write_text("Subject: Outage\n\nWe are on it.\n", encoding="utf-8")
    ok(capsys, url, "notices", "record", "--outage", str(cut), "--channel", "email", "--lang", "en",
       "--text-file", str(text_file))
    listed = json.loads(ok(capsys, url, "notices", "list", "--outage", str(cut), "--json"))
    assert [n["channel"] for n in listed][-2:] == ["sms", "email"]
    assert listed[-1]["text"] == "Subject: Outage\n\nWe are on it." and listed[-1]["lang"] == "en"

    rows = json.loads(ok(capsys, url, "outages", "list", "--json"))
    told = next(r for r in rows if r["id"] == cut)
    assert told["customers_told_at"] == listed[-1]["sent_at"]
    # The gap now counts from that notice (its exact size depends on the clock, so only its kind is checked;
    # the arithmetic is covered in test_notices_loans with a fixed reading time).
    assert isinstance(told["minutes_since_customers_told"], int) and told["minutes_since_customers_told"] >= 0


def test_notices_record_failure_writes_nothing(capsys, url, tmp_path):
    before = counts(url)
    assert fails(capsys, url, "notices", "record", "--outage", "1", "--channel", "sms", "--text", " ") == \
        "the notice text is empty"
    assert "cannot read notice text file" in fails(capsys, url, "notices", "record", "--outage", "1", "--channel",
                                                   "sms", "--text-file", str(tmp_path / "missing.txt"))
    assert counts(url) == before


def test_status_export_writes_three_files(capsys, url, tmp_path):
    out = json.loads(ok(capsys, url, "status", "export", "--out", str(tmp_path / "pub"), "--json"))
    assert sorted(out) == ["feed_atom", "index_html", "status_json"]
    status = json.loads((tmp_path / "pub" / "status.json").read_text(encoding="utf-8"))
    open_ids = [r["id"] for r in json.loads(ok(capsys, url, "outages", "list", "--open", "--json"))]
    assert sorted(o["id"] for o in status["outages"]) == sorted(open_ids) and status["lang"] == "sv"
    assert (tmp_path / "pub" / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_status_export_into_a_file_fails(capsys, url, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert "is a file, not a folder" in fails(capsys, url, "status", "export", "--out", str(blocker))


def test_loans_list_json_has_exactly_the_contract_fields(capsys, url):
    rows = json.loads(ok(capsys, url, "loans", "list", "--json"))
    assert len(rows) == 12 and all(list(r) == LOAN_FIELDS for r in rows)
    lent = next(r for r in rows if r["serial"] == "LR-0003")
    assert lent["customer_ref"] == "KUND-10432" and lent["depot"] is None and lent["returned_at"] is None
    for field in ("lent_at", "due_at"):
        assert lent[field][-6:] in ("+01:00", "+02:00")
    idle = next(r for r in rows if r["serial"] == "LR-0001")
    assert idle["depot"] and idle["outage_id"] is None and idle["lent_at"] is None


def test_loans_lend_return_collect(capsys, url):
    gamleby = ids(url)["Gamleby"]
    out = ok(capsys, url, "loans", "lend", "--router", "LR-0007", "--outage", str(gamleby), "--customer", "KUND-7")
    assert out.startswith("router LR-0007 lent to KUND-7 for outage")
    row = next(r for r in json.loads(ok(capsys, url, "loans", "list", "--json")) if r["serial"] == "LR-0007")
    eta = outages.get_outage(Db.open(url), gamleby).current_eta
    assert row["due_at"] == iso_local(eta + timedelta(days=3)) and row["depot"] is None

    assert json.loads(ok(capsys, url, "loans", "collect", "--json")) == []
    outages.set_status(Db.open(url), gamleby, "restored")
    collect = json.loads(ok(capsys, url, "loans", "collect", "--json"))
    assert [(r["serial"], r["customer_ref"]) for r in collect] == [("LR-0007", "KUND-7")]
    assert list(collect[0]) == LOAN_FIELDS

    back = json.loads(ok(capsys, url, "loans", "return", "--router", "LR-0007", "--json"))
    assert back["returned_at"] is not None and back["depot"] == "Gamleby"
    assert json.loads(ok(capsys, url, "loans", "collect", "--json")) == []


def test_loans_refusals_are_one_line_and_write_nothing(capsys, url):
    cut, gamleby = ids(url)["Ankarsrum"], ids(url)["Gamleby"]
    before = counts(url)
    assert fails(capsys, url, "loans", "lend", "--router", "LR-0003", "--outage", str(gamleby),
                 "--customer", "KUND-1") == f"router LR-0003 is already lent to customer KUND-10432 for outage #{cut}"
    assert fails(capsys, url, "loans", "return", "--router", "LR-0001") == "router LR-0001 is not out on loan"
    assert fails(capsys, url, "loans", "lend", "--router", "LR-0404", "--outage", str(gamleby),
                 "--customer", "KUND-1") == "no loaner router with serial LR-0404"
    assert counts(url) == before


def test_loans_suggest(capsys, url):
    suggested = json.loads(ok(capsys, url, "loans", "suggest", "--json"))
    assert [s["outage_id"] for s in suggested] == [ids(url)["Ankarsrum"]]


def test_settings_show_and_set(capsys, url):
    shown = json.loads(ok(capsys, url, "settings", "show", "--json"))
    assert shown == settings.DEFAULTS.as_json()
    assert {"info_gap_minutes": 60, "loaner_suggest_after_hours": 24.0, "loan_due_days": 3,
            "stale_position_minutes": 10}.items() <= shown.items()
    assert ok(capsys, url, "settings", "set", "info_gap_minutes", "45").strip() == "info_gap_minutes = 45"
    assert json.loads(ok(capsys, url, "settings", "show", "--json"))["info_gap_minutes"] == 45
    before = counts(url)
    assert fails(capsys, url, "settings", "set", "info_gap_minutes", "soon") == \
        "setting info_gap_minutes must be a whole number, got 'soon'"
    assert fails(capsys, url, "settings", "set", "db", "1").startswith("unknown setting 'db'")
    assert counts(url) == before
    table = ok(capsys, url, "settings", "show")
    assert "info_gap_minutes" in table and "45" in table
