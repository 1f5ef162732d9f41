"""The outage board: a table model with named columns and roles, and the proxy that filters it.

Sorting is done by the source model on precomputed keys (one Python sort), not by the proxy:
QSortFilterProxyModel would call data() some 2·n·log n times through Python, which at storm
scale stalls the GUI thread for a second. The proxy only filters and keeps source order.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap

from console.domain.timeutil import utcnow
from console.services.readmodels import OutageView

from .widgets import RecordTableModel
from .labels import (
    MUTED_FG,
    OVERDUE_BG,
    OVERDUE_FG,
    STATUS_COLORS,
    UNTOLD_BG,
    UNTOLD_FG,
    cause_label,
    duration_text,
    local_time,
    outage_status_label,
)

COL_ID = 0
COL_TITLE = 1
COL_STATUS = 2
COL_CUSTOMERS = 3
COL_AGE = 4
COL_ETA = 5
COL_TOLD = 6
COL_CREW = 7
COL_CAUSE = 8
COLUMN_COUNT = 9

OUTAGE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
OUTAGE_ROLE = Qt.ItemDataRole.UserRole + 2   # the OutageView of the row
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

_HEADERS = {
    COL_ID: QT_TRANSLATE_NOOP("OutageTable", "#"),
    COL_TITLE: QT_TRANSLATE_NOOP("OutageTable", "Outage"),
    COL_STATUS: QT_TRANSLATE_NOOP("OutageTable", "Status"),
    COL_CUSTOMERS: QT_TRANSLATE_NOOP("OutageTable", "Customers"),
    COL_AGE: QT_TRANSLATE_NOOP("OutageTable", "Age"),
    COL_ETA: QT_TRANSLATE_NOOP("OutageTable", "ETA"),
    COL_TOLD: QT_TRANSLATE_NOOP("OutageTable", "Since told"),
    COL_CREW: QT_TRANSLATE_NOOP("OutageTable", "Technicians"),
    COL_CAUSE: QT_TRANSLATE_NOOP("OutageTable", "Cause"),
}
_TOOLTIPS = {
    COL_AGE: QT_TRANSLATE_NOOP("OutageTable", "Time since the outage started"),
    COL_ETA: QT_TRANSLATE_NOOP("OutageTable", "The newest promised restoration time; red when it has passed"),
    COL_TOLD: QT_TRANSLATE_NOOP("OutageTable", "Time since customers were last told; amber past the limit in the settings"),
}
_TIME_COLUMNS = (COL_AGE, COL_ETA, COL_TOLD)


@dataclass
class _Row:
    view: OutageView
    told_since: datetime | None   # the moment the information gap counts from (None: closed)
    crew: str
    search: str                   # lower-case text the filter box matches against


def _row(view: OutageView) -> _Row:
    told_since = view.untold_since
    crew = ", ".join(view.technician_names)
    # The words the board shows (status and cause in the window's language) as well as the codes.
    search = " ".join((str(view.id), view.title, view.area, crew, view.status, view.cause,
                       outage_status_label(view.status), cause_label(view.cause))).lower()
    return _Row(view, told_since, crew, search)


def _minutes(since: datetime | None, now: datetime) -> int | None:
    return None if since is None else max(0, int((now - since).total_seconds() // 60))


_ICONS: dict[str, QIcon] = {}


def status_icon(status: str, colors: dict[str, str] = STATUS_COLORS) -> QIcon:
    key = colors.get(status, "#64748b")
    icon = _ICONS.get(key)
    if icon is None:
        pix = QPixmap(12, 12)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(key))
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        icon = _ICONS[key] = QIcon(pix)
    return icon


class OutageTableModel(RecordTableModel):
    CONTEXT = "OutageTable"
    HEADERS = _HEADERS
    TOOLTIPS = _TOOLTIPS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._index: dict[int, int] = {}   # outage id -> row
        self._now = utcnow()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self._overdue_bg, self._untold_bg = QBrush(OVERDUE_BG), QBrush(UNTOLD_BG)
        # The status bar asks for the summary after every change; at storm scale counting 5,000 rows
        # each time shows as stalls, so it is kept until the model's own signals say rows changed.
        self._summary: dict | None = None
        for signal in (self.modelReset, self.dataChanged, self.rowsInserted, self.rowsRemoved):
            signal.connect(self._forget_summary)

    # ---- Qt model interface ----
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        view = row.view
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_ID:
                return str(view.id)
            if col == COL_TITLE:
                return view.title
            if col == COL_STATUS:
                return outage_status_label(view.status)
            if col == COL_CUSTOMERS:
                return f"{view.customers_affected:,}".replace(",", "\u2009")
            if col == COL_AGE:
                return duration_text(_minutes(view.started_at, self._end(view)))
            if col == COL_ETA:
                return local_time(view.current_eta, self._now) if view.current_eta else \
                    (QCoreApplication.translate("OutageTable", "not set") if view.is_open else "")
            if col == COL_TOLD:
                return duration_text(_minutes(row.told_since, self._now))
            if col == COL_CREW:
                return row.crew
            if col == COL_CAUSE:
                return cause_label(view.cause)
            return None
        if role == OUTAGE_ID_ROLE:
            return view.id
        if role == OUTAGE_ROLE:
            return view
        if role == SORT_ROLE:
            return self._sort_key(row, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == COL_ETA and self._overdue(view):
                return self._overdue_bg
            if col == COL_TOLD and self._untold(row):
                return self._untold_bg
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_ETA and self._overdue(view):
                return OVERDUE_FG
            if col == COL_TOLD and self._untold(row):
                return UNTOLD_FG
            if not view.is_open:
                return MUTED_FG
            return None
        if role == Qt.ItemDataRole.FontRole:
            if (col == COL_ETA and self._overdue(view)) or (col == COL_TOLD and self._untold(row)):
                return self._bold
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STATUS:
            return status_icon(view.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_ID, COL_CUSTOMERS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_TITLE:
                return view.title
            if col == COL_ETA and self._overdue(view):
                return QCoreApplication.translate("OutageTable", "The promised ETA has passed")
            if col == COL_TOLD and self._untold(row):
                return QCoreApplication.translate(
                    "OutageTable", "Customers have not been told anything for over {n} min").format(
                    n=view.info_gap_minutes)
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self._apply_sort()

    # ---- the window's interface ----
    def set_outages(self, views: Iterable[OutageView], now: datetime | None = None) -> None:
        """Replace everything in one model reset (cheap for the view at any size)."""
        self.beginResetModel()
        self._now = now or utcnow()
        self._rows = [_row(v) for v in views]
        if self._sort is not None:
            self._rows.sort(key=self._key_fn(self._sort[0]),
                            reverse=self._sort[1] == Qt.SortOrder.DescendingOrder)
        self._reindex()
        self.endResetModel()

    def upsert(self, views: Iterable[OutageView]) -> None:
        """Update changed outages in place and append new ones; keeps the current sort."""
        new_rows = []
        for view in views:
            at = self._index.get(view.id)
            if at is None:
                new_rows.append(_row(view))
            else:
                self._rows[at] = _row(view)
                self.dataChanged.emit(self.index(at, 0), self.index(at, COLUMN_COUNT - 1))
        if new_rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new_rows) - 1)
            self._rows.extend(new_rows)
            self._reindex()
            self.endInsertRows()
        if self._sort is not None:
            self._apply_sort()

    def remove(self, ids: Iterable[int]) -> None:
        for outage_id in sorted({i for i in ids if i in self._index}, key=self._index.get, reverse=True):
            at = self._index[outage_id]
            self.beginRemoveRows(QModelIndex(), at, at)
            del self._rows[at]
            self._reindex()
            self.endRemoveRows()

    def set_now(self, now: datetime) -> None:
        """Move the clock: ages, overdue ETAs and information gaps are relative to it."""
        self._now = now
        if self._rows:
            for col in _TIME_COLUMNS:
                self.dataChanged.emit(self.index(0, col), self.index(len(self._rows) - 1, col))

    def now(self) -> datetime:
        return self._now

    def row_of(self, outage_id: int) -> int | None:
        return self._index.get(outage_id)

    def outage(self, outage_id: int) -> OutageView | None:
        at = self._index.get(outage_id)
        return None if at is None else self._rows[at].view

    def outages(self) -> list[OutageView]:
        return [r.view for r in self._rows]

    def row_view(self, row: int) -> OutageView:
        return self._rows[row].view

    def row_matches(self, row: int, text: str, open_only: bool, status: str | None = None) -> bool:
        r = self._rows[row]
        if status is not None:
            # A chosen status wins over "open only": asking for Restored shows the restored ones.
            if str(r.view.status) != status:
                return False
        elif open_only and not r.view.is_open:
            return False
        if text.startswith("#") and text[1:].isdigit():
            return r.view.id == int(text[1:])  # "#2" is outage 2, not #21 or every title with a 2
        return not text or text in r.search

    def minutes_since_told(self, outage_id: int) -> int | None:
        at = self._index.get(outage_id)
        return None if at is None else _minutes(self._rows[at].told_since, self._now)

    def summary(self) -> dict:
        """Status-bar numbers: open outages, customers affected, outages untold past the limit."""
        if self._summary is None:
            open_rows = [r for r in self._rows if r.view.is_open]
            self._summary = {
                "open": len(open_rows),
                "customers": sum(r.view.customers_affected for r in open_rows),
                "untold": sum(1 for r in open_rows if self._untold(r)),
                "overdue": sum(1 for r in open_rows if self._overdue(r.view)),
            }
        return dict(self._summary)

    def _forget_summary(self, *_args) -> None:
        self._summary = None

    # ---- helpers ----
    def _end(self, view: OutageView) -> datetime:
        return view.restored_at if view.restored_at is not None else self._now

    # The rules and thresholds are the read model's; the board only brings its ticking clock.
    def _overdue(self, view: OutageView) -> bool:
        return view.eta_overdue_at(self._now)

    def _untold(self, row: _Row) -> bool:
        return row.view.info_gap_at(self._now)

    def _reindex(self) -> None:
        self._index = {r.view.id: i for i, r in enumerate(self._rows)}

    def _sort_key(self, row: _Row, col: int):
        return self._key_fn(col)(row)

    @staticmethod
    def _key_fn(col: int):
        far = datetime.max.replace(tzinfo=utcnow().tzinfo)
        if col == COL_TITLE:
            return lambda r: r.view.title.casefold()
        if col == COL_STATUS:
            order = list(STATUS_COLORS)
            return lambda r: (order.index(r.view.status) if r.view.status in order else 99, r.view.id)
        if col == COL_CUSTOMERS:
            return lambda r: (r.view.customers_affected, r.view.id)
        if col == COL_AGE:  # oldest first when ascending reads as "age ascending" -> newest first
            return lambda r: (-r.view.started_at.timestamp(), r.view.id)
        if col == COL_ETA:
            return lambda r: (r.view.current_eta or far, r.view.id)
        if col == COL_TOLD:  # the longest silence is the largest gap, i.e. the earliest moment
            return lambda r: (-(r.told_since.timestamp()) if r.told_since else float("-inf"), r.view.id)
        if col == COL_CREW:
            return lambda r: (r.crew.casefold(), r.view.id)
        if col == COL_CAUSE:
            return lambda r: (r.view.cause, r.view.id)
        return lambda r: r.view.id

    def _apply_sort(self) -> None:
        column, order = self._sort
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_ids = [self._rows[i.row()].view.id if i.isValid() and i.row() < len(self._rows) else None
                   for i in old_persistent]
        self._rows.sort(key=self._key_fn(column), reverse=order == Qt.SortOrder.DescendingOrder)
        self._reindex()
        new_persistent = []
        for old, outage_id in zip(old_persistent, old_ids):
            at = self._index.get(outage_id) if outage_id is not None else None
            new_persistent.append(QModelIndex() if at is None else self.index(at, old.column()))
        self.changePersistentIndexList(old_persistent, new_persistent)
        self.layoutChanged.emit()


class OutageFilterProxy(QSortFilterProxyModel):
    """Filters by 'open only' and a search text; sorting is passed to the source model."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._text = ""
        self._open_only = True
        self._status: str | None = None
        self.setDynamicSortFilter(True)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._text = (text or "").strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_open_only(self, open_only: bool) -> None:
        self.beginFilterChange()
        self._open_only = bool(open_only)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def open_only(self) -> bool:
        return self._open_only

    def set_status(self, status: str | None) -> None:
        self.beginFilterChange()
        self._status = status or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def status(self) -> str | None:
        return self._status

    def narrowed(self) -> bool:
        """True while the search text or the status choice hides outages (the map follows)."""
        return bool(self._text) or self._status is not None

    def shown_ids(self) -> list[int]:
        return [self.index(r, 0).data(OUTAGE_ID_ROLE) for r in range(self.rowCount())]

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        return self.sourceModel().row_matches(source_row, self._text, self._open_only, self._status)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def proxy_row_of(self, outage_id: int) -> int | None:
        source_row = self.sourceModel().row_of(outage_id)
        if source_row is None:
            return None
        mapped = self.mapFromSource(self.sourceModel().index(source_row, 0))
        return mapped.row() if mapped.isValid() else None


__all__ = [
    "OutageTableModel", "OutageFilterProxy", "status_icon",
    "COL_ID", "COL_TITLE", "COL_STATUS", "COL_CUSTOMERS", "COL_AGE", "COL_ETA", "COL_TOLD",
    "COL_CREW", "COL_CAUSE", "COLUMN_COUNT", "OUTAGE_ID_ROLE", "OUTAGE_ROLE", "SORT_ROLE",
]
