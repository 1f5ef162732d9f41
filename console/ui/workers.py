"""Service calls off the GUI thread, with results always handed back on the GUI thread.

Every database call of the window goes through `Workers.submit`: the function runs in a
QThreadPool thread; its result (or the exception it raised) comes back through a queued
signal to a QObject that lives on the GUI thread, which then calls the given callback.
The GUI thread therefore never waits on the database, and callbacks may touch widgets.
"""
from __future__ import annotations

import itertools
import logging
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from shiboken6 import isValid

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]


class _Relay(QObject):
    # (job id, ok, result or exception); object so any Python value crosses threads untouched.
    finished = Signal(int, bool, object)


class _Job(QRunnable):
    def __init__(self, job_id: int, relay: _Relay, fn: Callable, args: tuple, kwargs: dict):
        super().__init__()
        self.setAutoDelete(True)
        self._id = job_id
        self._relay = relay
        self._fn = fn
        self._args = args
        self._kwargs = kwargs

    def run(self) -> None:
        try:
            result = self._fn(*self._args, **self._kwargs)
        except BaseException as err:  # delivered to the GUI thread, never lost in a worker
            if not isinstance(err, Exception):
                log.error("worker %s: %s", self._id, "".join(traceback.format_exception(err)))
            self._relay.finished.emit(self._id, False, err)
        else:
            self._relay.finished.emit(self._id, True, result)


class Workers(QObject):
    """A pool of worker threads with GUI-thread callbacks.

    `busy_changed(int)` tells how many jobs are in flight, for a status-bar spinner.
    """

    busy_changed = Signal(int)
    # Jobs whose error callback was not given end up here (the window shows them).
    error = Signal(object)

    def __init__(self, parent: QObject | None = None, max_threads: int = 3):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay()
        # The relay lives on this (GUI) thread; a queued connection makes the worker's emit a
        # posted event, so the slot below always runs on the GUI thread.
        self._relay.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Callback | None, Callback | None]] = {}
        self._closed = False

    def submit(self, fn: Callable, *args: Any, on_done: Callback | None = None,
               on_error: Callback | None = None, **kwargs: Any) -> int:
        """Run fn(*args, **kwargs) in a worker; on_done(result) / on_error(exc) on the GUI thread."""
        if self._closed:
            return 0
        job_id = next(self._ids)
        self._pending[job_id] = (on_done, on_error)
        self._pool.start(_Job(job_id, self._relay, fn, args, kwargs))
        self.busy_changed.emit(len(self._pending))
        return job_id

    def in_flight(self) -> int:
        return len(self._pending)

    @Slot(int, bool, object)
    def _deliver(self, job_id: int, ok: bool, result: object) -> None:
        callbacks = self._pending.pop(job_id, None)
        self.busy_changed.emit(len(self._pending))
        if callbacks is None or self._closed:
            return
        on_done, on_error = callbacks
        if _owner_gone(on_done if ok else on_error):
            return  # the dialog or panel that asked was closed and deleted meanwhile
        if ok:
            if on_done is not None:
                on_done(result)
        elif on_error is not None:
            on_error(result)
        else:
            self.error.emit(result)

    def shutdown(self, wait_ms: int = 3000) -> None:
        """Stop delivering results and let running jobs finish (called when the window closes)."""
        self._closed = True
        self._pool.clear()
        self._pool.waitForDone(wait_ms)


def _owner_gone(callback: Callable | None) -> bool:
    """A bound method of a Qt object whose C++ side is deleted: calling it would raise."""
    owner = getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not isValid(owner)
