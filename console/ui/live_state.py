"""What the window knows of the database right now, with one signal per kind of thing that changed.

The first snapshot and every change-feed delta arrive here (from a worker and from the sync
thread, both on the GUI thread by then); panels connect to the signal of what they show instead
of reloading on any change. The console's clock ticks here too, so every presenter re-judges
its deadlines (ETAs passed, stale positions, untold customers) at the same moment.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from console.domain.errors import StoreUnavailable
from console.domain.timeutil import utcnow
from console.services.settings import OperatorSettings
from console.services.uow import Db

from . import data
from .sync import LiveSync
from .workers import Workers

CLOCK_MS = 30_000
# While the first load fails (database down at start), try again this often.
RETRY_LOAD_MS = 5000


class LiveState(QObject):
    """snapshot(data.Snapshot): a full data set (first load, F5, a bulk change elsewhere).

    After it, each delta is split by entity: outages(list[OutageView]), technicians(list),
    depots(list), settings(OperatorSettings), loans(Delta) for loans and routers,
    runs(frozenset of run ids), notices(frozenset of notice ids), map_scripts(list[str]);
    then delta(data.Delta) for whoever wants the whole of it. tick(datetime) every CLOCK_MS.
    db_state(str) is "up" or "down"; load_failed(BaseException) a first load that did not work.
    """

    snapshot = Signal(object)
    outages = Signal(list)
    technicians = Signal(list)
    depots = Signal(list)
    settings_changed = Signal(object)
    loans = Signal(object)
    runs = Signal(frozenset)
    notices = Signal(frozenset)
    map_scripts = Signal(list)
    delta = Signal(object)
    tick = Signal(object)
    db_state = Signal(str)
    load_failed = Signal(object)

    def __init__(self, db: Db, workers: Workers, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.workers = workers
        self.last_change_id: int | None = None
        self.settings: OperatorSettings | None = None
        self.sync = LiveSync(db, self)
        self.sync.delta_ready.connect(self.apply_delta)
        self.sync.state_changed.connect(self.db_state)
        self.clock = QTimer(self)
        self.clock.setInterval(CLOCK_MS)
        self.clock.timeout.connect(lambda: self.tick.emit(utcnow()))

    @property
    def last_down_reason(self) -> str:
        return self.sync.last_down_reason

    def start(self) -> None:
        self.reload()
        self.clock.start()

    def stop(self) -> None:
        self.clock.stop()
        self.sync.stop()

    def reload(self) -> None:
        """A whole snapshot, read in a worker."""
        self.workers.submit(data.load_snapshot, self.db, on_done=self.apply_snapshot, on_error=self._reload_failed)

    def _reload_failed(self, err: BaseException) -> None:
        if isinstance(err, StoreUnavailable):
            self.db_state.emit("down")
            if self.last_change_id is None:  # nothing shown yet: keep trying; later the sync thread catches up
                QTimer.singleShot(RETRY_LOAD_MS, self.reload)
        self.load_failed.emit(err)

    def apply_snapshot(self, snap: data.Snapshot) -> None:
        self.last_change_id = snap.change_id
        self.db_state.emit("up")
        # From this snapshot's feed position on, the sync thread delivers every change.
        self.sync.start(snap.change_id)
        self._set_settings(snap.settings)
        self.snapshot.emit(snap)

    def apply_delta(self, delta: data.Delta) -> None:
        if not delta:
            return
        if self.last_change_id is not None and delta.last_id <= self.last_change_id and not delta.reload_all:
            # Read before a snapshot (F5) that already holds these changes: applying it would go back in time.
            return
        if delta.reload_all and delta.snapshot is not None:
            self.apply_snapshot(delta.snapshot)
            self.delta.emit(delta)
            return
        self.last_change_id = delta.last_id
        if delta.settings is not None:
            self._set_settings(delta.settings)
        if delta.outages:
            self.outages.emit(delta.outages)
        if delta.technicians:
            self.technicians.emit(delta.technicians)
        if delta.depots is not None:
            self.depots.emit(delta.depots)
        if delta.touches("loan", "loaner_router") or delta.settings is not None or delta.outages:
            # Lending and returning name the loan; an outage restored turns its routers "to collect".
            self.loans.emit(delta)
        if delta.touches("restock_run"):
            self.runs.emit(_ints(delta.changed["restock_run"]))
        if delta.touches("notice"):
            self.notices.emit(_ints(delta.changed["notice"]))
        if delta.map_js:
            self.map_scripts.emit(delta.map_js)
        self.delta.emit(delta)

    def _set_settings(self, settings: OperatorSettings) -> None:
        if settings != self.settings:
            self.settings = settings
            self.settings_changed.emit(settings)


def _ints(ids: frozenset[str]) -> frozenset:
    return frozenset(int(i) for i in ids if i.isdigit())
