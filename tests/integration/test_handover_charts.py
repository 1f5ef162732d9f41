"""The handover draws the ETA of each outage whose ETA moved during the shift, and not of the
others, plus the accuracy chart by cause; read back with poppler."""
from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pytest

from console.domain.timeutil import utcnow
from console.reports.handover_pdf import render_handover
from console.services import eta
from console.services.handover import collect_handover

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdfimages"),
                                   reason="poppler-utils (pdftotext, pdfimages) not installed")


def _text(pdf) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return " ".join(out.split())


def _images(pdf) -> list[tuple[int, int]]:
    out = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    return [(int(r[3]), int(r[4])) for r in rows if r[2] == "image"]


def _caption_of(o, revs: str) -> str:
    """The start of the line under a chart (the ETA-changes table's heading says "· now:" instead)."""
    return f"#{o.id} {o.title} · {revs} · "


@needs_poppler
def test_the_outage_whose_eta_moved_is_drawn_and_the_others_are_not(demo_db, tmp_path):
    data = collect_handover(demo_db)
    cut = next(o for o in data.outages if "Ankarsrum" in o.title)
    gamleby = next(o for o in data.outages if "Gamleby" in o.title)
    # Gamleby's only ETA was promised in this shift: a first promise, not a move.
    assert gamleby.changes_in_shift and not gamleby.eta_moved_in_shift
    assert cut.eta_moved_in_shift and len(cut.eta_ledger) == 3
    pdf = tmp_path / "handover-en.pdf"
    render_handover(data, pdf, lang="en")
    text = _text(pdf)
    assert "The ETAs drawn (1)" in text
    assert _caption_of(cut, "3 revisions") + "+" in text
    assert "since the first ETA" in text and text.count("since the first ETA") == 1
    assert _caption_of(gamleby, "1 revision") not in text
    assert "ETA accuracy, last 30 days" in text and "1 restored, 0 without a promised ETA" in text
    images = _images(pdf)
    assert len(images) == 3  # the map, Ankarsrum's chart, the accuracy chart
    # Print resolution: a chart across the text width (180 mm) at 220 dpi.
    assert sorted(w for w, _ in images)[-2:] == [1559, 1559] or min(w for w, _ in images) >= 1400


@needs_poppler
def test_a_second_move_in_the_shift_draws_a_second_chart_in_swedish(demo_db, tmp_path):
    data = collect_handover(demo_db)
    gamleby = next(o for o in data.outages if "Gamleby" in o.title)
    eta.set_eta(demo_db, gamleby.id, gamleby.current_eta + timedelta(hours=3), "access", "Grinden låst")
    data = collect_handover(demo_db)
    pdf = tmp_path / "handover-sv.pdf"
    render_handover(data, pdf, lang="sv")
    text = _text(pdf)
    assert _caption_of(gamleby, "2 revisioner") in text
    assert len(_images(pdf)) == 4


@needs_poppler
def test_a_shift_in_which_no_eta_moved_has_no_eta_charts(demo_db, tmp_path):
    # From 2.5 hours back only Loftahammar's first ETA was promised; Ankarsrum's slip came before.
    data = collect_handover(demo_db, since=utcnow() - timedelta(hours=2, minutes=30))
    assert not any(o.eta_moved_in_shift for o in data.outages)
    pdf = tmp_path / "quiet.pdf"
    render_handover(data, pdf, lang="en")
    text = _text(pdf)
    assert "The ETAs drawn" not in text and "since the first ETA" not in text
    assert len(_images(pdf)) == 2  # the map and the accuracy chart
