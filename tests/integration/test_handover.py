"""The shift handover on the demo data, on SQLite and PostgreSQL, read back with poppler."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import event

from console.cli import main as cli_main
from console.domain.errors import ValidationError
from console.domain.timeutil import utcnow
from console.domain.vocabulary import eta_reason_word
from console.reports.handover_pdf import format_when, render_handover
from console.services import eta, outages
from console.services.handover import collect_handover, save_shift_note, shift_notes
from console.store.schema import RestockRun, ShiftNote

MARKUP_TITLE = "<b>x</b> & <img src=x>"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} (poppler-utils) is required in CI")
        pytest.skip(f"{name} not installed (poppler-utils); cannot read the PDF back")
    return path


def _text(pdf) -> str:
    out = subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return " ".join(out.split())


def _images(pdf) -> list[tuple[int, int]]:
    out = subprocess.run([_tool("pdfimages"), "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    return [(int(r[3]), int(r[4])) for r in rows if r[2] == "image"]


def _ankarsrum(data):
    return next(o for o in data.outages if "Ankarsrum" in o.title)


def test_demo_handover_shows_the_ankarsrum_outage_its_eta_and_changes(demo_db, tmp_path):
    data = collect_handover(demo_db)
    cut = _ankarsrum(data)
    assert cut.eta_revisions == 3
    # The demo's third revision (restock) was recorded three hours ago: inside the default 12 h shift.
    assert [c.reason for c in cut.changes_in_shift] == ["restock"]
    assert cut.changes_in_shift[0].previous_eta == cut.eta_history[-2].eta
    assert cut.changes_in_shift[0].slip_minutes > 0

    pdf = tmp_path / "handover.pdf"
    result = render_handover(data, pdf)
    assert result.pages >= 2 and pdf.is_file()
    text = _text(pdf)
    assert "Fiberkabel avgrävd vid Ankarsrum" in text
    assert format_when(cut.current_eta, "sv") in text
    assert eta_reason_word("restock", "sv") in text
    assert "Skarvboxar slut i bilen" in text  # the note given with the change
    assert f"Sida 1 av {result.pages}" in text and f"Sida {result.pages} av {result.pages}" in text
    assert "Skiftöverlämning" in text and "Öppna avbrott" in text
    images = _images(pdf)
    assert images, "the map must be embedded as an image"
    assert max(w for w, _ in images) >= 1000


def test_a_longer_shift_lists_every_eta_change_with_its_reason(demo_db, tmp_path):
    data = collect_handover(demo_db, since=utcnow() - timedelta(days=3))
    cut = _ankarsrum(data)
    assert [c.reason for c in cut.changes_in_shift] == ["initial", "scope", "restock"]
    pdf = tmp_path / "handover.pdf"
    render_handover(data, pdf)
    text = _text(pdf)
    for reason in ("initial", "scope", "restock"):
        assert eta_reason_word(reason, "sv") in text
    for c in cut.changes_in_shift:
        assert format_when(c.eta, "sv") in text


def test_markup_in_data_prints_literally(demo_db, tmp_path):
    outages.add_outage(demo_db, MARKUP_TITLE, 57.8, 16.5, 7, "cable_fault", area="A & <B>")
    save_shift_note(demo_db, "Ring <i>alla</i> & \"kolla\"\nandra raden", utcnow() - timedelta(hours=2))
    pdf = tmp_path / "handover.pdf"
    render_handover(collect_handover(demo_db), pdf)
    text = _text(pdf)
    assert MARKUP_TITLE in text
    assert "A & <B>" in text
    assert 'Ring <i>alla</i> & "kolla"' in text and "andra raden" in text


def test_english_version_has_english_headers(demo_db, tmp_path):
    data = collect_handover(demo_db)
    pdf = tmp_path / "handover-en.pdf"
    result = render_handover(data, pdf, lang="en")
    text = _text(pdf)
    for header in ("Shift handover", "Open outages", "ETA changes during the shift", "Technicians on duty",
                   "Loaner routers", f"Page 1 of {result.pages}"):
        assert header in text
    assert "Öppna avbrott" not in text and "Sida 1" not in text
    assert format_when(_ankarsrum(data).current_eta, "en") in text
    assert eta_reason_word("restock", "en") in text
    with pytest.raises(ValidationError):
        render_handover(data, tmp_path / "x.pdf", lang="de")


def test_runs_loans_technicians_and_notes_reach_the_paper(demo_db, tmp_path):
    now = utcnow()
    data = collect_handover(demo_db)
    cut = _ankarsrum(data)
    with demo_db.unit() as uow:
        uow.session.add(RestockRun(
            outage_id=cut.id, technician_id=1, source_kind="depot", source_id=3, source_name="Vimmerby",
            items=json.dumps([{"material": "SPLICE_CLOSURE", "quantity": 2}]), started_at=now - timedelta(minutes=30),
            expected_arrival=now + timedelta(minutes=40), minutes_extra=95))
        uow.session.add(RestockRun(
            outage_id=cut.id, technician_id=1, source_kind="depot", source_id=3, source_name="Gamleby (avslutad)",
            items="[]", started_at=now - timedelta(hours=5), expected_arrival=now - timedelta(hours=4),
            status="completed", completed_at=now - timedelta(hours=4)))
    note = save_shift_note(demo_db, "Anna hämtar skarvboxar i Vimmerby.", now - timedelta(hours=6))
    data = collect_handover(demo_db)
    assert [r.source_name for r in data.runs] == ["Vimmerby"]
    assert data.runs[0].items[0].material == "SPLICE_CLOSURE" and not data.runs[0].overdue
    assert [ln.serial for ln in data.loans_out] == ["LR-0003"] and data.loans_to_collect == ()
    anna = next(t for t in data.technicians if t.name == "Anna Lindqvist")
    assert anna.outage_id == cut.id and anna.position_age_minutes is not None
    assert {s.material: s.missing for s in anna.shortages}.get("SPLICE_CLOSURE") == 2
    assert all(t.name != "Per Holm" for t in data.technicians)  # off duty
    assert [n.id for n in data.notes] == [note.id]

    pdf = tmp_path / "handover.pdf"
    render_handover(data, pdf)
    text = _text(pdf)
    assert "Vimmerby (depå)" in text and "2 st Skarvbox" in text
    assert "Gamleby (avslutad)" not in text
    assert "LR-0003" in text and "KUND-10432" in text
    assert "Anna Lindqvist" in text and "Anna hämtar skarvboxar i Vimmerby." in text


def test_a_restored_outage_puts_its_loaner_on_the_collect_list(demo_db):
    cut = _ankarsrum(collect_handover(demo_db))
    outages.set_status(demo_db, cut.id, "restored")
    data = collect_handover(demo_db)
    assert [ln.serial for ln in data.loans_to_collect] == ["LR-0003"]
    assert data.loans_out == ()
    assert all(o.id != cut.id for o in data.outages)
    assert [c.id for c in data.closed_in_shift] == [cut.id]


def test_shift_notes_are_validated_audited_and_kept_with_their_shift(demo_db):
    start = utcnow() - timedelta(hours=3)
    with pytest.raises(ValidationError):
        save_shift_note(demo_db, "   ", start)
    with pytest.raises(ValidationError):
        save_shift_note(demo_db, "x" * 5000, start)
    with pytest.raises(ValidationError):
        save_shift_note(demo_db, "framtid", utcnow() + timedelta(hours=1))
    with pytest.raises(ValidationError):
        save_shift_note(demo_db, "utan zon", start.replace(tzinfo=None))
    with demo_db.read() as s:
        assert s.query(ShiftNote).count() == 0
    old = save_shift_note(demo_db, "förra passet", utcnow() - timedelta(days=1, hours=1))
    with demo_db.unit() as uow:  # written yesterday, as if in the previous shift
        uow.session.get(ShiftNote, old.id).written_at = utcnow() - timedelta(days=1)
    note = save_shift_note(demo_db, "  Ring E.ON kl 06  ", start)
    assert note.text == "Ring E.ON kl 06" and note.written_by == "test-dispatcher"
    assert [n.id for n in shift_notes(demo_db, start)] == [note.id]
    from console.store.schema import AuditEntry

    with demo_db.read() as s:
        audited = {a.entity_id for a in s.query(AuditEntry).filter_by(entity="shift_note")}
    assert audited == {str(old.id), str(note.id)}


def test_bad_shift_windows_are_refused(demo_db):
    now = utcnow()
    with pytest.raises(ValidationError):
        collect_handover(demo_db, since=now + timedelta(minutes=5))
    with pytest.raises(ValidationError):
        collect_handover(demo_db, since=now - timedelta(days=30))
    with pytest.raises(ValidationError):
        collect_handover(demo_db, since=(now - timedelta(hours=2)).replace(tzinfo=None))


def test_rendering_replaces_the_file_atomically_and_reports_progress(demo_db, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    pdf = out_dir / "handover.pdf"
    pdf.write_bytes(b"old")
    steps = []
    render_handover(collect_handover(demo_db), pdf, progress=lambda f, m: steps.append((f, m)))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in out_dir.iterdir()) == ["handover.pdf"]  # no temp file left behind
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(isinstance(m, str) and m for _, m in steps)
    with pytest.raises(ValidationError):
        render_handover(collect_handover(demo_db), tmp_path / "missing" / "x.pdf")


def test_query_count_does_not_grow_with_the_board(demo_db):
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(demo_db.engine, "before_cursor_execute", count)
    try:
        collect_handover(demo_db)
        small = len(statements)
        for n in range(25):
            view = outages.add_outage(demo_db, f"Extra {n}", 57.5 + n / 100, 16.0, 5 + n)
            eta.set_eta(demo_db, view.id, utcnow() + timedelta(hours=n + 1), "initial")
        statements.clear()
        data = collect_handover(demo_db)
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", count)
    assert len(data.outages) >= 29
    assert len(statements) == small


def test_cli_writes_the_pdf(demo_db, tmp_path, capsys):
    pdf = tmp_path / "cli.pdf"
    since = (utcnow() - timedelta(hours=6)).isoformat()
    assert cli_main(["handover", "--db", demo_db.url, "--out", str(pdf), "--since", since, "--lang", "en"]) == 0
    assert re.search(r"handover written to .*cli\.pdf \(\d+ pages", capsys.readouterr().out)
    assert "Open outages" in _text(pdf)
    assert cli_main(["handover", "--db", demo_db.url, "--out", str(pdf), "--since", "nonsense"]) == 2
    assert "malformed" in capsys.readouterr().err


def test_long_tables_repeat_their_header_on_every_page_and_lose_no_row(demo_db, tmp_path):
    from console.store.schema import Outage

    now = utcnow()
    with demo_db.unit() as uow:
        for n in range(150):
            uow.session.add(Outage(title=f"Extra-{n:03d} avbrott", lat=57.0 + n / 200, lon=16.0, customers_affected=n,
                                   status="reported", started_at=now - timedelta(hours=1), untold_change_at=now))
    pdf = tmp_path / "long.pdf"
    result = render_handover(collect_handover(demo_db), pdf)
    seen, pages_with_rows = set(), 0
    for page in range(2, result.pages + 1):
        out = subprocess.run([_tool("pdftotext"), "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(pdf), "-"],
                             check=True, capture_output=True, text=True).stdout
        found = set(re.findall(r"Extra-(\d{3})", out))
        if found:
            pages_with_rows += 1
            assert "Prognos" in out, f"page {page} has outage rows but no table header"
        seen |= found
    assert pages_with_rows >= 3
    assert seen == {f"{n:03d}" for n in range(150)}
