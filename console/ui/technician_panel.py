"""Technicians: status, assignment, position age (stale fixes marked) and what the van lacks."""
from __future__ import annotations

from datetime import datetime
from typing import Callable, Iterable

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from console.domain.timeutil import utcnow
from console.services.readmodels import StockLine, TechnicianView

from .labels import (
    MUTED_FG,
    STALE_FG,
    TECH_STATUS_COLORS,
    duration_text,
    technician_status_label,
)
from .outage_table import status_icon
from .widgets import RecordTableModel, row_table

COL_NAME = 0
COL_STATUS = 1
COL_JOB = 2
COL_FIX_AGE = 3
COL_SHORT = 4
COL_VEHICLE = 5
COLUMN_COUNT = 6

TECHNICIAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TECHNICIAN_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

_HEADERS = {
    COL_NAME: QT_TRANSLATE_NOOP("TechnicianTable", "Technician"),
    COL_STATUS: QT_TRANSLATE_NOOP("TechnicianTable", "Status"),
    COL_JOB: QT_TRANSLATE_NOOP("TechnicianTable", "Job"),
    COL_FIX_AGE: QT_TRANSLATE_NOOP("TechnicianTable", "Last fix"),
    COL_SHORT: QT_TRANSLATE_NOOP("TechnicianTable", "Van lacks"),
    COL_VEHICLE: QT_TRANSLATE_NOOP("TechnicianTable", "Vehicle"),
}

def stock_text(lines: Iterable[StockLine]) -> str:
    return "\n".join(f"{s.name}: {s.available:g} {s.unit}" for s in lines)


class TechnicianTableModel(RecordTableModel):
    CONTEXT = "TechnicianTable"
    HEADERS = _HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[TechnicianView] = []
        self._index: dict[int, int] = {}
        self._now = utcnow()
        self._job_title: Callable[[int], str | None] = lambda _id: None
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_job_lookup(self, fn: Callable[[int], str | None]) -> None:
        self._job_title = fn

    # Position age and what the van lacks are the read model's facts (services/facts.py);
    # the panel only compares the fix time with the clock as it ticks.
    def fix_minutes(self, tech: TechnicianView) -> int | None:
        return tech.position_age_at(self._now)

    def is_stale(self, tech: TechnicianView) -> bool:
        return tech.position_stale_at(self._now)

    def shortages(self, tech: TechnicianView) -> list[tuple[str, float]]:
        return [(line.name, float(line.quantity)) for line in tech.shortage]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        tech = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_NAME:
                return tech.name
            if col == COL_STATUS:
                return technician_status_label(tech.status)
            if col == COL_JOB:
                if tech.outage_id is None:
                    return ""
                title = self._job_title(tech.outage_id)
                return f"#{tech.outage_id} {title}" if title else f"#{tech.outage_id}"
            if col == COL_FIX_AGE:
                minutes = self.fix_minutes(tech)
                if minutes is None:
                    return QCoreApplication.translate("TechnicianTable", "no fix")
                text = duration_text(minutes)
                return QCoreApplication.translate("TechnicianTable", "{age} (stale)").format(age=text) \
                    if self.is_stale(tech) else text
            if col == COL_SHORT:
                return ", ".join(name for name, _qty in self.shortages(tech))
            if col == COL_VEHICLE:
                return tech.vehicle
            return None
        if role == TECHNICIAN_ID_ROLE:
            return tech.id
        if role == TECHNICIAN_ROLE:
            return tech
        if role == SORT_ROLE:
            if col == COL_FIX_AGE:
                minutes = self.fix_minutes(tech)
                return 10 ** 9 if minutes is None else minutes
            if col == COL_JOB:
                return tech.outage_id or 0
            return str(self.data(index, Qt.ItemDataRole.DisplayRole) or "").casefold()
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STATUS:
            return status_icon(tech.status, TECH_STATUS_COLORS)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not tech.on_duty:
                return MUTED_FG
            if col == COL_FIX_AGE and self.is_stale(tech):
                return STALE_FG
            if col == COL_SHORT:
                return STALE_FG
        if role == Qt.ItemDataRole.FontRole and col == COL_FIX_AGE and self.is_stale(tech):
            return self._italic
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_SHORT or col == COL_VEHICLE:
                return QCoreApplication.translate("TechnicianTable", "Van stock:") + "\n" + stock_text(tech.van_stock)
            if col == COL_FIX_AGE and self.is_stale(tech):
                return QCoreApplication.translate(
                    "TechnicianTable", "No position for over {n} minutes").format(n=tech.stale_after_minutes)
            if col == COL_NAME:
                return f"{tech.name}\n{tech.phone}"
        return None

    # ---- the window's interface ----
    def set_technicians(self, views: Iterable[TechnicianView], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._now = now or utcnow()
        self._rows = list(views)
        self._index = {t.id: i for i, t in enumerate(self._rows)}
        self.endResetModel()

    def upsert(self, views: Iterable[TechnicianView]) -> None:
        added = []
        for view in views:
            at = self._index.get(view.id)
            if at is None:
                added.append(view)
            else:
                self._rows[at] = view
                self.dataChanged.emit(self.index(at, 0), self.index(at, COLUMN_COUNT - 1))
        if added:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            self._rows.extend(added)
            self._index = {t.id: i for i, t in enumerate(self._rows)}
            self.endInsertRows()

    def refresh_jobs(self) -> None:
        """Outage titles changed: repaint the job column."""
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_JOB), self.index(len(self._rows) - 1, COL_JOB))

    def set_now(self, now: datetime) -> None:
        self._now = now
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_FIX_AGE), self.index(len(self._rows) - 1, COL_FIX_AGE))

    def technicians(self) -> list[TechnicianView]:
        return list(self._rows)

    def technician(self, tech_id: int) -> TechnicianView | None:
        at = self._index.get(tech_id)
        return None if at is None else self._rows[at]

    def row_of(self, tech_id: int) -> int | None:
        return self._index.get(tech_id)

    def on_duty_count(self) -> int:
        return sum(1 for t in self._rows if t.on_duty)


class _DutyFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.on_duty_only = True
        self.setSortRole(SORT_ROLE)

    def filterAcceptsRow(self, source_row, source_parent):
        if not self.on_duty_only:
            return True
        return self.sourceModel().index(source_row, 0).data(TECHNICIAN_ROLE).on_duty


class TechnicianPanel(QWidget):
    """The technicians list; emits technician_selected(id) when the dispatcher picks one."""

    technician_selected = Signal(int)

    def __init__(self, model: TechnicianTableModel, parent=None):
        super().__init__(parent)
        self.model = model
        self._syncing = False
        self.proxy = _DutyFilter(self)
        self.proxy.setSourceModel(model)
        self.table = row_table(self, self.proxy, "technicianTable", COL_NAME, {
            COL_NAME: 140, COL_STATUS: 110, COL_JOB: 190, COL_FIX_AGE: 100, COL_SHORT: 150}, grow=(COL_JOB, COL_SHORT))
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        # Commands on one technician (track, device id), registered by the window; the row's
        # right-click menu is ui/context_menus.py's.
        self.context_actions: list = []

        self.on_duty_box = QCheckBox(self.tr("On duty only"), self)
        self.on_duty_box.setChecked(True)
        self.on_duty_box.toggled.connect(self._set_on_duty_only)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addStretch(1)
        bar.addWidget(self.on_duty_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    def _set_on_duty_only(self, on: bool) -> None:
        self.proxy.beginFilterChange()
        self.proxy.on_duty_only = on
        self.proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _current_changed(self, current, _previous) -> None:
        if current.isValid() and not self._syncing:
            self.technician_selected.emit(current.data(TECHNICIAN_ID_ROLE))

    def select_technician(self, tech_id: int) -> bool:
        row = self.model.row_of(tech_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self._syncing = True  # selected from outside: do not echo it back as a user pick
        try:
            self.table.selectRow(index.row())
        finally:
            self._syncing = False
        self.table.scrollTo(index)
        return True

    def add_context_action(self, action) -> None:
        self.context_actions.append(action)

    def selected_technician(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(TECHNICIAN_ID_ROLE) if index.isValid() else None
