"""Unlinked phones: devices that report positions but belong to no technician yet.

The receiver answers such a phone 2xx and keeps its fixes (bounded, services/positions.py), so a
new crew member's phone never blocks its own queue. This tab lists those devices with where they
were last and how long ago, and links one to a technician: the same service call as
`positions link`, after which the device's kept fixes are that technician's track.

The list is read in a worker after the first snapshot and after every change batch that names
an unregistered device (the receiver writes one per kept fix, linking writes one too).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from console.domain.timeutil import utcnow
from console.services import depots as depot_service
from console.services import positions, technicians
from console.services.positions import UnregisteredDevice

from .dialogs import _ActionDialog
from .error_words import error_text
from .labels import MUTED_FG, duration_text, local_time
from .widgets import RecordTableModel, row_table

COL_DEVICE = 0
COL_WHERE = 1
COL_FIXES = 2
COL_SEEN = 3
COLUMN_COUNT = 4

DEVICE_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_HEADERS = {
    COL_DEVICE: QT_TRANSLATE_NOOP("UnlinkedPhones", "Device"),
    COL_WHERE: QT_TRANSLATE_NOOP("UnlinkedPhones", "Last position"),
    COL_FIXES: QT_TRANSLATE_NOOP("UnlinkedPhones", "Fixes kept"),
    COL_SEEN: QT_TRANSLATE_NOOP("UnlinkedPhones", "Last seen"),
}

REFRESH_DELAY_MS = 300  # a backlog arrives as hundreds of batches: read the list at most this often


@dataclass(frozen=True)
class UnlinkedPhone:
    device: UnregisteredDevice
    near: str | None        # the nearest open outage ("#1 title") or depot: a place a dispatcher knows
    near_km: float | None


def load_unlinked(db) -> list[UnlinkedPhone]:
    """Runs in a worker: the unregistered devices, each with the nearest open outage or depot to its
    last fix (a crew at the Ankarsrum cut says more than a latitude)."""
    from console.domain.travel import geodesic_km_matrix
    from console.services import outages as outage_service

    devices = positions.unregistered_devices(db)
    if not devices:
        return []
    places = [(f"#{o.id} {o.title}", o.lat, o.lon) for o in outage_service.list_outages(db, open_only=True)]
    places += [(d.name, d.lat, d.lon) for d in depot_service.list_depots(db, with_stock=False)]
    if not places:
        return [UnlinkedPhone(d, None, None) for d in devices]
    km = geodesic_km_matrix([(d.lat, d.lon) for d in devices], [(lat, lon) for _name, lat, lon in places])
    found = []
    for row, device in enumerate(devices):
        best = int(km[row].argmin())
        found.append(UnlinkedPhone(device, places[best][0], float(km[row][best])))
    return found


class UnlinkedTableModel(RecordTableModel):
    CONTEXT = "UnlinkedPhones"
    HEADERS = _HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[UnlinkedPhone] = []
        self._now = utcnow()

    def set_phones(self, phones: list[UnlinkedPhone], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._rows = list(phones)
        self._now = now or utcnow()
        self.endResetModel()

    def set_now(self, now: datetime) -> None:
        self._now = now
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_SEEN), self.index(len(self._rows) - 1, COL_SEEN))

    def phones(self) -> list[UnlinkedPhone]:
        return list(self._rows)

    def row_of(self, device_id: str) -> int | None:
        return next((i for i, p in enumerate(self._rows) if p.device.device_id == device_id), None)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        phone = self._rows[index.row()]
        d = phone.device
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_DEVICE:
                return d.device_id
            if col == COL_WHERE:
                if phone.near is not None and phone.near_km is not None:
                    return QCoreApplication.translate("UnlinkedPhones", "{km} km from {place}").format(
                        km=QLocale().toString(phone.near_km, "f", 1), place=phone.near)
                return f"{d.lat:.5f}, {d.lon:.5f}"
            if col == COL_FIXES:
                return str(d.fixes)
            if col == COL_SEEN:
                minutes = (self._now - d.last_at).total_seconds() / 60
                # A phone's clock can run a little ahead of ours: say "now", not a negative age.
                return QCoreApplication.translate("UnlinkedPhones", "{age} ago").format(
                    age=duration_text(int(max(0, minutes))))
            return None
        if role == SORT_ROLE:
            if col == COL_FIXES:
                return d.fixes
            if col == COL_SEEN:
                return -d.last_at.timestamp()
            if col == COL_WHERE:
                return phone.near_km if phone.near_km is not None else 0.0
            return d.device_id.casefold()
        if role == DEVICE_ROLE:
            return d.device_id
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_FIXES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_WHERE:
                where = f"{d.lat:.5f}, {d.lon:.5f}"
                return f"{phone.near}\n{where}" if phone.near else where
            if col == COL_SEEN:
                return QCoreApplication.translate("UnlinkedPhones", "first fix {first}, last fix {last}").format(
                    first=local_time(d.first_at, self._now), last=local_time(d.last_at, self._now))
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_WHERE and phone.near is None:
            return MUTED_FG
        return None


class LinkDeviceDialog(_ActionDialog):
    """Choose the technician who carries the phone; their earlier device, if any, is replaced.
    `linked(TechnicianView)` once the link is saved."""

    linked = Signal(object)

    def __init__(self, window, phone: UnlinkedPhone):
        super().__init__(window, self.tr("Link {device} to a technician").format(device=phone.device.device_id))
        self.setObjectName("linkDeviceDialog")
        self.phone = phone
        device = QLabel(self)
        device.setTextFormat(Qt.TextFormat.PlainText)
        device.setText(phone.device.device_id)
        self.technician = QComboBox(self)
        self.technician.setObjectName("linkTechnician")
        # Who has no phone yet is the likely owner: listed first.
        crew = sorted(window.tech_model.technicians(), key=lambda t: (t.device_id is not None, t.name.casefold()))
        for tech in crew:
            text = tech.name if tech.device_id is None else self.tr("{name} (now {device})").format(
                name=tech.name, device=tech.device_id)
            self.technician.addItem(text, tech.id)
        self.technician.setMaxVisibleItems(15)
        hint = QLabel(self.tr("The %n kept position(s) of this phone become the technician's track, and the "
                              "newest one their position.", "", phone.device.fixes), self)
        hint.setObjectName("fieldCaption")
        hint.setWordWrap(True)
        self.form.addRow(self.tr("Phone"), device)
        self.form.addRow(self.tr("Technician"), self.technician)
        self.form.addRow("", hint)
        self.resize(440, self.sizeHint().height())
        self.technician.setFocus()

    def action(self):
        tech_id = self.technician.currentData()
        if tech_id is None:
            self.show_error(self.tr("There is no technician to link the phone to"))
            return None
        return technicians.set_device, (tech_id, self.phone.device.device_id), {}

    def _done(self, result) -> None:
        self.window_.statusBar().showMessage(self.tr("{device} linked to {name}").format(
            device=self.phone.device.device_id, name=result.name), 10_000)
        self.linked.emit(result)
        super()._done(result)


class UnregisteredPanel(QWidget):
    """The "Unlinked phones" tab. `phones_loaded(list)` after each read; `linked(TechnicianView)`."""

    phones_loaded = Signal(list)
    linked = Signal(object)

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window_ = window
        self.model = UnlinkedTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self._loading = False
        self._again = False
        self.link_dialog: LinkDeviceDialog | None = None

        self.link_button = QPushButton(self.tr("Link to technician…"), self)
        self.link_button.setObjectName("linkPhone")
        self.link_button.setToolTip(self.tr("Say whose phone this is: its kept positions become their track"))
        self.link_button.setEnabled(False)
        self.summary = QLabel(self)
        self.summary.setObjectName("fieldCaption")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.link_button)
        bar.addStretch(1)
        bar.addWidget(self.summary)

        self.table = row_table(self, self.proxy, "unlinkedTable", COL_SEEN,
                               {COL_DEVICE: 130, COL_WHERE: 300, COL_FIXES: 80})
        self.empty = QLabel(self.tr("No unlinked phones. A phone that sends positions under a device id no "
                                    "technician has appears here, with its positions kept until you link it."), self)
        self.empty.setObjectName("unlinkedEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(f"color:{MUTED_FG.name()}; padding:12px;")

        col = QVBoxLayout(self)
        col.setContentsMargins(6, 6, 4, 0)
        col.setSpacing(6)
        col.addLayout(bar)
        col.addWidget(self.table, 1)
        col.addWidget(self.empty, 1)
        self._show_empty(True)

        self.link_button.clicked.connect(self.open_link)
        # A double click and Enter both activate a row (a double click also emits doubleClicked:
        # connecting both would open two dialogs).
        self.table.activated.connect(lambda _index: self.open_link())
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self.link_button.setEnabled(current.isValid()))

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        window.snapshot_applied.connect(self.refresh)
        window.live.delta.connect(self._delta)
        window.live.tick.connect(self.model.set_now)

    def _delta(self, delta) -> None:
        # Started, not restarted: a backlog streaming in must not keep postponing the read.
        if (delta.reload_all or delta.touches("unregistered_device")) and not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def refresh(self) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.window_.workers.submit(load_unlinked, self.window_.db, on_done=self._apply, on_error=self._failed)

    def _apply(self, phones: list[UnlinkedPhone]) -> None:
        self._loading = False
        current = self.selected_device()
        self.model.set_phones(phones)
        self._show_empty(not phones)
        self.summary.setText(self.tr("%n phone(s)", "", len(phones)) if phones else "")
        self._name_tab(len(phones))
        if current is not None:
            self.select_device(current)
        self.link_button.setEnabled(self.table.currentIndex().isValid())
        self.phones_loaded.emit(phones)
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, err: BaseException) -> None:
        self._loading = False
        self.window_.statusBar().showMessage(
            self.tr("Unlinked phones could not be read: {err}").format(err=error_text(err)), 10_000)

    def _name_tab(self, count: int) -> None:
        # The count in the tab's name: a new phone is noticed without opening the tab.
        tabs = self.window_.side_tabs
        at = tabs.indexOf(self)
        if at >= 0:
            tabs.setTabText(at, self.tr("Unlinked phones (%n)", "", count) if count else self.tr("Unlinked phones"))

    def _show_empty(self, empty: bool) -> None:
        self.table.setVisible(not empty)
        self.empty.setVisible(empty)

    def selected_device(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(DEVICE_ROLE) if index.isValid() else None

    def select_device(self, device_id: str) -> bool:
        row = self.model.row_of(device_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.selectRow(index.row())
        return True

    def _link_dialog_closed(self, _result: int) -> None:
        self.link_dialog = None  # deleted on close

    def open_link(self) -> LinkDeviceDialog | None:
        if self.link_dialog is not None and self.link_dialog.isVisible():
            self.link_dialog.raise_()
            return self.link_dialog
        device = self.selected_device()
        row = self.model.row_of(device) if device is not None else None
        if row is None:
            return None
        dialog = LinkDeviceDialog(self.window_, self.model.phones()[row])
        dialog.linked.connect(self.linked)
        dialog.linked.connect(lambda _tech: self.refresh())
        dialog.finished.connect(self._link_dialog_closed)
        dialog.show()
        self.link_dialog = dialog
        return dialog
