"""The shift handover from the window: the PDF renders off the GUI thread, prints page by page,
and the dispatcher's notes land in it."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton

from console.domain.timeutil import utcnow
from console.services.handover import collect_handover

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("private_qsettings")]

ANKARSRUM = "Fiberkabel avgrävd vid Ankarsrum"
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdfinfo"),
                                   reason="poppler-utils (pdftotext, pdfinfo) not installed")


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


class Heartbeat:
    """A zero-interval timer: it ticks whenever the GUI thread gets back to its event loop."""

    def __init__(self):
        self.ticks = 0
        self.timer = QTimer()
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._tick)

    def _tick(self):
        self.ticks += 1


@needs_poppler
def test_export_handover_pdf_from_the_window_keeps_the_gui_thread_free(open_window, demo_database, qtbot, tmp_path):
    window = open_window(demo_database)
    controller = window.handover
    target = tmp_path / "handover.pdf"
    heartbeat = Heartbeat()
    progress = []
    controller.progressed.connect(lambda fraction, message: progress.append((fraction, heartbeat.ticks)))
    results = []
    controller.exported.connect(lambda result: results.append((result, heartbeat.ticks)))

    heartbeat.timer.start()
    job = controller.export_to(target, "sv")
    # export_to only starts the work: nothing has been delivered and no event has run yet.
    assert job and not results and heartbeat.ticks == 0
    assert controller.progress_dialog.isVisible()
    qtbot.waitUntil(lambda: bool(results), timeout=60_000)
    heartbeat.timer.stop()

    result, ticks_at_end = results[0]
    assert ticks_at_end > 0, "the GUI thread never got back to its event loop while the handover rendered"
    assert progress and progress[-1][0] == pytest.approx(1.0)
    assert [f for f, _ in progress] == sorted(f for f, _ in progress)
    assert not controller.progress_dialog.isVisible()
    assert result.path == str(target) and result.pages >= 1
    text = pdf_text(target)
    assert ANKARSRUM in text and "Skiftöverlämning" in text
    assert pdf_pages(target) == result.pages
    # Rendered under a hidden name and moved into place: nothing else is left in the folder.
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf" or p.name.startswith(".handover")) \
        == ["handover.pdf"]


def test_cancelled_export_leaves_no_file(open_window, demo_database, qtbot, tmp_path):
    window = open_window(demo_database)
    controller = window.handover
    exported = []
    controller.exported.connect(exported.append)
    target = tmp_path / "cancelled.pdf"
    controller.export_to(target)
    cancel = controller.progress_dialog.findChild(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not controller.progress_dialog.isVisible() and not controller.busy()
    # The worker still finishes; its file is thrown away instead of appearing at the target.
    qtbot.waitUntil(lambda: window.workers.in_flight() == 0, timeout=60_000)
    assert not exported and not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".handover")]


@needs_poppler
def test_print_renders_every_page_to_the_printer(open_window, demo_database, qtbot, tmp_path):
    pytest.importorskip("PySide6.QtPdf")
    window = open_window(demo_database)
    controller = window.handover
    with qtbot.waitSignal(controller.exported, timeout=60_000) as exported:
        controller.export_to(tmp_path / "reference.pdf")
    reference_pages = exported.args[0].pages

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed_file = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed_file))
    with qtbot.waitSignal(controller.printed, timeout=60_000) as printed:
        controller.print_to(printer)
    assert printed.args[0] == reference_pages
    assert pdf_pages(printed_file) == reference_pages
    # Pages are images of the handover: the printout carries one per page.
    images = subprocess.run(["pdfimages", "-list", str(printed_file)], capture_output=True, text=True,
                            check=True).stdout
    assert len([line for line in images.splitlines()[2:] if line.strip()]) >= reference_pages


@needs_poppler
def test_handover_notes_are_saved_for_the_shift_and_printed(open_window, demo_database, qtbot, tmp_path):
    from console.ui.handover_ui import _to_qdatetime, has_remembered_shift, shift_start

    window = open_window(demo_database)
    window.commands.handover_notes()
    dialog = window.commands.notes_dialog
    assert not has_remembered_shift()
    two_hours_ago = utcnow() - timedelta(hours=2)
    with qtbot.waitSignal(dialog.notes_loaded, timeout=10_000):
        dialog.shift.setDateTime(_to_qdatetime(two_hours_ago))
    assert has_remembered_shift()
    assert abs((shift_start() - two_hours_ago).total_seconds()) < 60

    note = "Ring Lina kl 06 om skarvboxarna. <b>inte fetstil</b>"
    dialog.editor.setPlainText(note)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(" ".join(dialog.notes.topLevelItem(i).text(2).split()) == note
                                for i in range(dialog.notes.topLevelItemCount())), timeout=10_000)  # as typed
    assert dialog.editor.toPlainText() == ""
    assert [n.text for n in collect_handover(demo_database, since=shift_start()).notes] == [note]

    # The window's handover covers the remembered shift, notes included.
    with qtbot.waitSignal(window.handover.exported, timeout=60_000):
        window.handover.export_to(tmp_path / "with-notes.pdf")
    assert "Ring Lina kl 06" in " ".join(pdf_text(tmp_path / "with-notes.pdf").split())
