"""The delivery loop on its own thread: SMTP and HTTP never run on the GUI thread.

A batch can take minutes (thousands of recipients); the shared worker pool is kept for short
database calls, so the loop gets a dedicated QThread. Progress crosses back by queued signals.
"""
from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QObject, QThread, Signal

from console.services import outbox

from .error_words import error_text

log = logging.getLogger(__name__)


# Progress crosses to the GUI thread at most this often: one queued call per message (thousands
# a minute) would have the GUI thread take the GIL for each, for a label nobody reads that fast.
PROGRESS_EVERY_S = 0.2


class _Loop(QThread):
    progress = Signal(object)  # outbox.Progress
    failed = Signal(str)

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            senders, problems = outbox.senders_for(self.db)
            waiting = outbox.queued_channels(self.db)
            for channel, why in problems.items():
                if waiting.get(channel):
                    self.failed.emit(why)
            if not senders:
                return
            last = [0.0]

            def report(p: outbox.Progress, force: bool = False) -> None:
                now = time.monotonic()
                if force or now - last[0] >= PROGRESS_EVERY_S:
                    last[0] = now
                    self.progress.emit(outbox.Progress(p.sent, p.failed, p.retrying))

            try:
                done = outbox.deliver_due(self.db, senders, on_progress=report, should_stop=self.stop.is_set)
                report(done, force=True)
            finally:
                for sender in senders.values():
                    sender.close()
        except Exception as err:  # noqa: BLE001 - shown in the window, never lost in the thread
            # The dispatcher reads a sentence in the window's language; the traceback goes to the log.
            log.exception("delivery run stopped")
            self.failed.emit(error_text(err))


class DeliveryRunner(QObject):
    """Start a delivery run (a second start while one runs is folded into it); `finished` when done."""

    progress = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, db, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self._loop: _Loop | None = None
        self._again = False

    def running(self) -> bool:
        return self._loop is not None

    def start(self) -> None:
        if self._loop is not None:
            self._again = True  # rows queued meanwhile are picked up by one more pass
            return
        loop = _Loop(self.db, self)
        loop.progress.connect(self.progress)
        loop.failed.connect(self.failed)
        loop.finished.connect(self._ended)
        self._loop = loop
        loop.start()

    def _ended(self) -> None:
        loop, self._loop = self._loop, None
        if loop is not None:
            loop.deleteLater()
        if self._again and not (loop is not None and loop.stop.is_set()):
            self._again = False
            self.start()
            return
        self.finished.emit()

    def stop(self, wait_ms: int = 5000) -> None:
        """Let the message in flight finish, hand the rest back (the window is closing)."""
        if self._loop is not None:
            self._loop.stop.set()
            self._loop.wait(wait_ms)
