"""A worker's answer for a dialog that was closed and deleted meanwhile is dropped, not delivered."""
from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QLabel, QWidget

from console.ui.workers import Workers

pytestmark = pytest.mark.gui


class _Panel(QWidget):
    def __init__(self):
        super().__init__()
        self.label = QLabel(self)
        self.got = None

    def show_answer(self, text: str) -> None:
        self.label.setText(text)
        self.got = text


def test_an_answer_for_a_deleted_panel_is_dropped(qtbot):
    workers = Workers()
    release = threading.Event()
    gone, kept = _Panel(), _Panel()
    workers.submit(lambda: (release.wait(10), "late")[1], on_done=gone.show_answer)
    workers.submit(lambda: (release.wait(10), "on time")[1], on_done=kept.show_answer)
    shiboken6.delete(gone)  # the dialog closed while its read was still running
    release.set()
    qtbot.waitUntil(lambda: workers.in_flight() == 0, timeout=10_000)
    assert kept.got == "on time"  # pytest-qt fails the test had the deleted panel's slot raised
    workers.shutdown()
