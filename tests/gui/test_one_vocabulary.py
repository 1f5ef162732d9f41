"""One word per status: the board, the map page, the handover PDF and the public status page
print the same word for each outage status (and the same for each cause) in each language."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from console.domain.enums import Cause, OutageStatus, TechnicianStatus
from console.reports.handover_pdf import render_handover
from console.reports.status_page import PublicOutage, render_index_html
from console.services.handover import collect_handover
from console.ui import labels, map_words

pytestmark = pytest.mark.gui

JS = Path(__file__).resolve().parents[2] / "console" / "map" / "static" / "dispatch_map.js"
NOW = datetime(2026, 12, 3, 15, 0, tzinfo=timezone.utc)


def _js_status_keys() -> tuple[dict[str, str], dict[str, str]]:
    """{stored status: the English key dispatch_map.js looks its word up by}, outages and technicians."""
    source = JS.read_text(encoding="utf-8")
    keys = dict(re.findall(r"\['(\w+)', '([^']+)', '#", source))
    tech = re.search(r"TECH_STATUS_LABEL = \{(.*?)\}", source, re.DOTALL).group(1)
    return keys, dict(re.findall(r"(\w+): '([^']+)'", tech))


def _status_page_words(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """The status and cause words the public page prints, one outage per open status."""
    outages = [PublicOutage(id=n, area=f"Område {n}", title="", status=status, cause=cause,
                            customers_affected=3, started_at=NOW - timedelta(hours=2), current_eta=None,
                            last_update=NOW)
               for n, (status, cause) in enumerate(zip([s for s in OutageStatus if s.is_open] * 2,
                                                       list(Cause)), start=1)]
    page = render_index_html(outages, NOW, lang=lang)
    rows = re.findall(r'<tr id="outage-(\d+)">(.*?)</tr>', page, re.DOTALL)
    statuses, causes = {}, {}
    for number, row in rows:
        o = outages[int(number) - 1]
        statuses[o.status.value] = re.search(r'class="status status-\w+">([^<]*)<', row).group(1)
        causes[o.cause.value] = re.search(r'class="detail">[^:<]*: ([^<]*)<', row).group(1)
    return statuses, causes


def _pdf_text(pdf: Path) -> str:
    out = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


def _check_language(lang: str, demo_database, tmp_path) -> None:
    assert labels.ui_language() == lang
    outage_keys, tech_keys = _js_status_keys()
    assert set(outage_keys) == {s.value for s in OutageStatus}
    assert set(tech_keys) == {s.value for s in TechnicianStatus}
    page_words = map_words.page_labels()
    public_status, public_cause = _status_page_words(lang)
    assert set(public_cause) == {c.value for c in Cause}

    for status in OutageStatus:
        board = labels.outage_status_label(status.value)
        assert page_words[outage_keys[status.value]] == board, status
        if status.is_open:
            assert public_status[status.value] == board, status
    for status in TechnicianStatus:
        assert page_words[tech_keys[status.value]] == labels.technician_status_label(status.value)
    for cause in Cause:
        assert public_cause[cause.value] == labels.cause_label(cause.value), cause

    # The handover prints the board's word for every outage, technician and cause it lists.
    data = collect_handover(demo_database)
    pdf = tmp_path / f"handover-{lang}.pdf"
    render_handover(data, pdf, lang=lang)
    text = _pdf_text(pdf)
    assert data.outages and data.technicians
    for o in data.outages:
        assert labels.outage_status_label(o.status) in text, o.status
        assert labels.cause_label(o.cause) in text, o.cause
    for t in data.technicians:
        assert labels.technician_status_label(t.status) in text, t.status


def test_english_words_are_one_per_status(qapp, demo_database, tmp_path):
    _check_language("en", demo_database, tmp_path)
    assert labels.outage_status_label("cancelled") == "Cancelled"


def test_swedish_words_are_one_per_status(swedish, demo_database, tmp_path):  # noqa: F811
    assert QCoreApplication.translate("WindowActions", "&File") != "&File"
    _check_language("sv", demo_database, tmp_path)
    # The word that used to be three ("Makulerad", "Avbruten", "Avbrutet").
    assert labels.outage_status_label("cancelled") == "Makulerad"
    assert map_words.page_labels()["Cancelled"] == "Makulerad"
