"""Small widget makers every panel and dialog shares, so they look and behave alike."""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

ERROR_FG = "#9f1239"
ROW_HEIGHT = 24


def error_label(parent: QWidget) -> QLabel:
    """The one-line refusal a dialog shows above its buttons; hidden until there is something to say.
    Plain text: the message may quote data (titles, serials) that must never be read as markup."""
    label = QLabel(parent)
    label.setObjectName("dialogError")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(f"color:{ERROR_FG}; font-weight:600;")
    label.hide()
    return label


def row_table(parent: QWidget, model: QAbstractItemModel, name: str, sort_column: int,
              widths: dict[int, int] | None = None) -> QTableView:
    """A read-only list of records: whole-row single selection, sortable, compact rows."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(True)
    table.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    set_column_widths(header, widths or {})
    return table


def set_column_widths(header: QHeaderView, widths: dict[int, int]) -> None:
    """Preferred widths, but never narrower than the column's title: Swedish titles run longer."""
    for column, width in widths.items():
        header.resizeSection(column, max(width, header.sectionSizeHint(column)))


class RecordTableModel(QAbstractTableModel):
    """A flat list of records with named columns (Vorta's pattern): subclasses set HEADERS
    (column -> title marked with QT_TRANSLATE_NOOP in CONTEXT), optional TOOLTIPS, keep their
    records in self._rows and answer data()."""

    CONTEXT = ""
    HEADERS: dict[int, str] = {}
    TOOLTIPS: dict[int, str] = {}

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole and section in self.HEADERS:
            return QCoreApplication.translate(self.CONTEXT, self.HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole and section in self.TOOLTIPS:
            return QCoreApplication.translate(self.CONTEXT, self.TOOLTIPS[section])
        return None
