"""Depots: where material can be fetched, whether they are open now, and what they hold."""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QVBoxLayout,
    QWidget,
)

from console.domain.timeutil import to_local, utcnow
from console.services.readmodels import DepotView

from .labels import MUTED_FG
from .technician_panel import stock_text
from .widgets import RecordTableModel, row_table

COL_NAME = 0
COL_OPEN = 1
COL_STOCK = 2
COL_ADDRESS = 3
COLUMN_COUNT = 4

DEPOT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DEPOT_ROLE = Qt.ItemDataRole.UserRole + 2

_HEADERS = {
    COL_NAME: QT_TRANSLATE_NOOP("DepotTable", "Depot"),
    COL_OPEN: QT_TRANSLATE_NOOP("DepotTable", "Open"),
    COL_STOCK: QT_TRANSLATE_NOOP("DepotTable", "Stock"),
    COL_ADDRESS: QT_TRANSLATE_NOOP("DepotTable", "Address"),
}


def opening_state(depot: DepotView, now: datetime) -> tuple[bool, str]:
    """(open now, text) from the depot's weekly hours in local time."""
    if depot.always_open:
        return True, QCoreApplication.translate("DepotTable", "24/7")
    local = to_local(now)
    hours = depot.opening_hours.get(local.weekday())
    clock = local.strftime("%H:%M")
    # Open or not is the domain's call (the same the restock planner makes, overnight hours included);
    # the text only says until when, or when it opens next.
    if depot.hours.is_open(now):
        overnight = depot.opening_hours.get((local.weekday() - 1) % 7)
        until = hours[1] if hours and hours[0] <= clock else (overnight[1] if overnight else "")
        return True, QCoreApplication.translate("DepotTable", "open until {t}").format(t=until)
    if hours and clock < hours[0]:
        return False, QCoreApplication.translate("DepotTable", "closed, opens {t}").format(t=hours[0])
    for step in range(1, 8):
        day = (local.weekday() + step) % 7
        if day in depot.opening_hours:
            names = [QCoreApplication.translate("DepotTable", d)
                     for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]
            return False, QCoreApplication.translate("DepotTable", "closed, opens {d} {t}").format(
                d=names[day], t=depot.opening_hours[day][0])
    return False, QCoreApplication.translate("DepotTable", "closed")


class DepotTableModel(RecordTableModel):
    CONTEXT = "DepotTable"
    HEADERS = _HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[DepotView] = []
        self._index: dict[int, int] = {}
        self._now = utcnow()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        depot = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_NAME:
                return depot.name
            if col == COL_OPEN:
                return opening_state(depot, self._now)[1]
            if col == COL_STOCK:
                stocked = sum(1 for s in depot.stock if s.available > 0)
                return QCoreApplication.translate("DepotTable", "%n item(s)", "", stocked)
            if col == COL_ADDRESS:
                return depot.address
        if role == DEPOT_ID_ROLE:
            return depot.id
        if role == DEPOT_ROLE:
            return depot
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_OPEN and not opening_state(depot, self._now)[0]:
            return MUTED_FG
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_STOCK, COL_NAME):
            return stock_text(depot.stock) or QCoreApplication.translate("DepotTable", "no stock")
        return None

    def set_depots(self, views: Iterable[DepotView], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._now = now or utcnow()
        self._rows = list(views)
        self._index = {d.id: i for i, d in enumerate(self._rows)}
        self.endResetModel()

    def set_now(self, now: datetime) -> None:
        self._now = now
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_OPEN), self.index(len(self._rows) - 1, COL_OPEN))

    def depots(self) -> list[DepotView]:
        return list(self._rows)

    def row_of(self, depot_id: int) -> int | None:
        return self._index.get(depot_id)


class DepotPanel(QWidget):
    depot_selected = Signal(int)

    def __init__(self, model: DepotTableModel, parent=None):
        super().__init__(parent)
        self.model = model
        self._syncing = False
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.table = row_table(self, self.proxy, "depotTable", COL_NAME,
                               {COL_NAME: 130, COL_OPEN: 150, COL_STOCK: 80})
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def _current_changed(self, current, _previous) -> None:
        if current.isValid() and not self._syncing:
            self.depot_selected.emit(current.data(DEPOT_ID_ROLE))

    def select_depot(self, depot_id: int) -> bool:
        row = self.model.row_of(depot_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self._syncing = True
        try:
            self.table.selectRow(index.row())
        finally:
            self._syncing = False
        self.table.scrollTo(index)
        return True
