"""Live sync for the window: one long-running thread waits on the change feed and hands the
window ready-made deltas.

The thread blocks in ChangeWatcher.wait() (LISTEN/NOTIFY on PostgreSQL, `PRAGMA data_version`
on SQLite), so an idle console costs nothing and another workstation's commit wakes it at
once. It then reads only what the batch names (data.load_batch) in the same thread and emits
the result; the queued signal delivers it on the GUI thread, which only swaps rows.

A batch whose rows cannot be read (the database went away between the feed and the rows) is
kept and merged with the next ones, so a dropped connection delays changes but never loses them.
"""
from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QThread, Signal

from console.domain.errors import StoreUnavailable
from console.services.changes import ChangeBatch
from console.services.uow import Db
from console.services.watch import ChangeWatcher

from . import data
from .error_words import error_text

log = logging.getLogger(__name__)

# One wait() this long at most: also how soon an outage of the database shows in the status bar.
WAIT_S = 5.0
# A close() waits this long for the thread; a storm-sized read still running is left to finish alone.
JOIN_MS = 4000

# Threads that outlived their window's close: kept referenced until they end (a QThread
# destroyed while running aborts the process).
_orphans: set = set()


class _WatchThread(QThread):
    delta_ready = Signal(object)      # data.Delta
    state_changed = Signal(str)       # "up" | "down"
    down_reason = Signal(str)

    def __init__(self, db: Db, last_id: int):
        super().__init__()
        self.db = db
        self.watcher = ChangeWatcher(db, last_id)
        self._stop = threading.Event()
        self._pending: ChangeBatch | None = None

    def stop(self) -> None:
        self._stop.set()
        self.watcher.close()

    def run(self) -> None:
        state = None
        while not self._stop.is_set():
            try:
                batch = self.watcher.wait(WAIT_S)
            except StoreUnavailable as err:
                state = self._report(state, "down", error_text(err))
                continue  # wait() itself backs off while the database is down
            except Exception as err:  # a bug must not end live sync; wait() paces the retries
                log.error("change watcher failed", exc_info=err)
                self._stop.wait(WAIT_S)
                continue
            if self._stop.is_set():
                break
            self._pending = _merge(self._pending, batch) if batch else self._pending
            if self._pending is None:
                state = self._report(state, "up")
                continue
            try:
                delta = data.load_batch(self.db, self._pending)
            except StoreUnavailable as err:
                state = self._report(state, "down", error_text(err))
                self._stop.wait(1.0)
                continue
            except Exception as err:
                log.error("reading changed rows failed; reloading everything next", exc_info=err)
                self._pending = ChangeBatch(self._pending.last_id, {"all": frozenset({"*"})})
                self._stop.wait(WAIT_S)
                continue
            self._pending = None
            state = self._report(state, "up")
            if not self._stop.is_set():
                self.delta_ready.emit(delta)
        self.watcher.close()

    def _report(self, state: str | None, new: str, reason: str = "") -> str:
        if new == "down":
            self.down_reason.emit(reason)
        if new != state:
            self.state_changed.emit(new)
        return new


def _merge(older: ChangeBatch | None, newer: ChangeBatch) -> ChangeBatch:
    if older is None:
        return newer
    entities = {k: set(v) for k, v in older.entities.items()}
    for k, v in newer.entities.items():
        entities.setdefault(k, set()).update(v)
    return ChangeBatch(max(older.last_id, newer.last_id), {k: frozenset(v) for k, v in entities.items()})


class LiveSync(QObject):
    """start(last_id) once the first snapshot is in; stop() when the window closes.

    delta_ready(data.Delta) and state_changed("up" | "down") arrive on the GUI thread.
    """

    delta_ready = Signal(object)
    state_changed = Signal(str)

    def __init__(self, db: Db, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self._thread: _WatchThread | None = None
        self.last_down_reason = ""

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self, last_id: int) -> None:
        if self._thread is not None:
            return
        thread = _WatchThread(self.db, last_id)
        # The thread object lives on the GUI thread: its signals, emitted from run(), are queued here.
        thread.delta_ready.connect(self.delta_ready)
        thread.state_changed.connect(self.state_changed)
        thread.down_reason.connect(self._remember_reason)
        self._thread = thread
        thread.start()

    def _remember_reason(self, reason: str) -> None:
        self.last_down_reason = reason

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        thread.delta_ready.disconnect()
        thread.state_changed.disconnect()
        thread.down_reason.disconnect()
        thread.stop()
        if not thread.wait(JOIN_MS):
            _orphans.add(thread)
            thread.finished.connect(lambda: _orphans.discard(thread))


__all__ = ["LiveSync", "WAIT_S"]
