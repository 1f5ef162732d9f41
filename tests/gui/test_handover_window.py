"""The handover as the window makes it: in the window's language, no box at start-up, printing
checked before the print dialog, changes made after an export or a print reach the database,
and a Qt known to lose changes refused before the window opens."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QProgressDialog

from console.services import outages
from console.ui.handover_ui import default_file_name
from console.ui.qt_check import TESTED, qt_problem

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("private_qsettings")]
REPO = Path(__file__).resolve().parents[2]
CTRL = Qt.KeyboardModifier.ControlModifier
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_no_progress_box_exists_until_a_handover_starts(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    # QProgressDialog shows itself about four seconds after it is made: none may exist yet.
    assert window.findChildren(QProgressDialog) == []
    assert not any(isinstance(w, QProgressDialog) for w in QApplication.topLevelWidgets() if w.isVisible())


def test_the_window_language_comes_first_in_the_export_choices(open_window, demo_database):
    window = open_window(demo_database)
    controller = window.handover
    assert controller.language() == "en"
    assert [lang for _, lang in controller.export_choices()] == ["en", "sv"]
    controller.lang = "sv"
    assert [lang for _, lang in controller.export_choices()] == ["sv", "en"]
    assert default_file_name("en").startswith("handover-") and default_file_name("en").endswith(".pdf")
    assert default_file_name("sv").startswith("overlamning-")


@needs_poppler
def test_an_english_window_exports_an_english_handover(open_window, demo_database, qtbot, tmp_path):
    window = open_window(demo_database)
    with qtbot.waitSignal(window.handover.exported, timeout=60_000):
        window.handover.export_to(tmp_path / "en.pdf")
    text = pdf_text(tmp_path / "en.pdf")
    assert "Shift handover" in text and "Skiftöverlämning" not in text
    with qtbot.waitSignal(window.handover.exported, timeout=60_000):
        window.handover.export_to(tmp_path / "sv.pdf", "sv")
    assert "Skiftöverlämning" in pdf_text(tmp_path / "sv.pdf")


def _status_by_keyboard(qtbot, window, outage_id):
    """Ctrl+S on the board and Enter: the next step of the outage, as a dispatcher does it."""
    from console.ui.dialogs import StatusDialog

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    window.select_outage(outage_id)
    qtbot.keyClick(window.board, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(StatusDialog)), timeout=10_000)
    dialog = next(d for d in window.findChildren(StatusDialog) if d.isVisible())
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()), timeout=5_000)
    proposed = dialog.status.currentData()
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    return proposed


def _statuses_seen_by_another_process(url: str) -> dict[int, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-m", "console.cli", "--db", url, "outages", "list", "--json"],
                            env=env, capture_output=True, text=True, timeout=120, cwd=REPO, check=True)
    return {row["id"]: row["status"] for row in json.loads(result.stdout)}


def test_changes_after_an_export_and_after_a_print_reach_the_database(open_window, demo_database, qtbot, tmp_path):
    pytest.importorskip("PySide6.QtPdf")
    window = open_window(demo_database)
    moving = [o.id for o in outages.list_outages(demo_database, open_only=True) if o.status == "en_route"]
    assert len(moving) >= 1
    first = moving[0]

    with qtbot.waitSignal(window.handover.exported, timeout=60_000):
        window.handover.export_to(tmp_path / "handover.pdf")
    after_export = _status_by_keyboard(qtbot, window, first)
    assert after_export == "on_site"

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(window.handover.printed, timeout=60_000):
        window.handover.print_to(printer)
    after_print = _status_by_keyboard(qtbot, window, first)
    assert after_print == "restored"

    assert _statuses_seen_by_another_process(demo_database.url)[first] == "restored"


def test_qt_versions_known_to_lose_changes_are_named():
    assert qt_problem({"PySide6-Essentials": TESTED, "PySide6-Addons": TESTED}) is None
    bad = qt_problem({"PySide6-Essentials": "6.12.0", "PySide6-Addons": "6.12.0"})
    assert "6.12.0" in bad and f"=={TESTED}" in bad and "\n" not in bad
    mixed = qt_problem({"PySide6-Essentials": "6.11.4", "PySide6-Addons": TESTED})
    assert "do not match" in mixed


def test_the_window_refuses_to_open_on_a_known_bad_qt(tmp_path):
    # A distribution's metadata found first on the path is what importlib.metadata reports,
    # as when a newer PySide6 wheel has been installed over the pinned one.
    fake = tmp_path / "site"
    info = fake / "PySide6_Essentials-6.12.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: PySide6-Essentials\nVersion: 6.12.0\n")
    shot = tmp_path / "shot.png"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(fake), str(REPO)]))
    result = subprocess.run([sys.executable, "-m", "console.cli", "--db", f"sqlite:///{tmp_path / 'c.sqlite3'}",
                             "--screenshot", str(shot)], env=env, capture_output=True, text=True, timeout=60,
                            cwd=REPO)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "6.12.0" in lines[0] and "Traceback" not in result.stderr
    assert not shot.exists()
