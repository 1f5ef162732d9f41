"""Small widget makers every panel and dialog shares, so they look and behave alike."""
from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QTableView, QToolTip, QTreeWidget,
                               QWidget)

ERROR_FG = "#9f1239"
ROW_HEIGHT = 24
SHORT_COLUMN = 200  # a column whose content fits in this is widened to it, never cut
CELL_MARGIN = 10


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
              widths: dict[int, int] | None = None, grow: tuple[int, ...] = ()) -> QTableView:
    """A read-only list of records: whole-row single selection, sortable, compact rows; titles never
    cut, short columns as wide as what they hold, spare width to the `grow` columns' content."""
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
    fit_header(header)
    show_elided_tips(table)
    grow_to_content(table, *grow)
    return table


def set_column_widths(header: QHeaderView, widths: dict[int, int]) -> None:
    """Preferred widths, but never narrower than the column's title: Swedish titles run longer."""
    for column, width in widths.items():
        header.resizeSection(column, max(width, header.sectionSizeHint(column)))
    fit_header(header)


# The header's style sheet (app.py) draws titles semi-bold with 6 px padding each side; the
# sort arrow needs room on whichever column is sorted.
_HEADER_PADDING = 2 * 6 + 2
_SORT_ARROW = 18


def header_text_width(header: QHeaderView, column: int) -> int:
    """The width a section needs to show its whole title, as the style sheet draws it."""
    model = header.model()
    text = "" if model is None else str(model.headerData(column, header.orientation()) or "")
    font = QFont(header.font())
    font.setWeight(QFont.Weight.DemiBold)
    widest = max((QFontMetrics(font).horizontalAdvance(line) for line in text.splitlines() or [""]), default=0)
    return widest + _HEADER_PADDING + (_SORT_ARROW if header.isSortIndicatorShown() else 0)


class _HeaderFloor(QObject):
    """Keeps every section at least as wide as its title: when shown, when the language, font or
    style changes, and when a section is dragged narrower (it springs back to the title's width)."""

    def __init__(self, header: QHeaderView):
        super().__init__(header)
        self.header = header
        header.installEventFilter(self)
        header.sectionResized.connect(self._resized)
        self._busy = False

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() in (QEvent.Type.Show, QEvent.Type.Polish, QEvent.Type.StyleChange,
                            QEvent.Type.FontChange, QEvent.Type.LanguageChange):
            QTimer.singleShot(0, self.apply)
        return False

    def apply(self) -> None:
        for column in range(self.header.count()):
            self._resized(column, 0, self.header.sectionSize(column))

    def _resized(self, column: int, _old: int, new: int) -> None:
        if self._busy or self.header.isSectionHidden(column) or new == 0:
            return
        floor = header_text_width(self.header, column)
        if new < floor:
            self._busy = True
            try:
                self.header.resizeSection(column, floor)
            finally:
                self._busy = False


def fit_header(header: QHeaderView) -> None:
    """Install the title floor once per header (see _HeaderFloor)."""
    if header.findChild(_HeaderFloor) is None:
        _HeaderFloor(header).apply()


class _ElidedTips(QObject):
    """A cell whose text is cut short ("…") shows the whole of it as its tooltip, unless the model
    has a tooltip of its own."""

    def __init__(self, view: QAbstractItemView):
        super().__init__(view)
        self.view = view
        view.viewport().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() != QEvent.Type.ToolTip:
            return False
        index = self.view.indexAt(event.pos())
        if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole):
            return False
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        room = self.view.visualRect(index).width() - 8
        if text and self.view.fontMetrics().horizontalAdvance(text) > room:
            QToolTip.showText(event.globalPos(), text, self.view.viewport())
            return True
        return False


def show_elided_tips(view: QAbstractItemView) -> None:
    if view.findChild(_ElidedTips) is None:
        _ElidedTips(view)


class _GrowToContent(QObject):
    """Spare width goes to the columns that need it: when the table is wider than its columns
    (a maximised window), the `grow` columns widen to their content, the rest to the last one."""

    def __init__(self, table: QTableView, grow: tuple[int, ...], most: int):
        super().__init__(table)
        self.table = table
        self.grow = grow
        self.most = most
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(60)
        self._timer.timeout.connect(self.apply)
        table.viewport().installEventFilter(self)
        model = table.model()
        for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
            signal.connect(self._timer.start)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Resize:
            self._timer.start()
        return False

    def apply(self) -> None:
        header = self.table.horizontalHeader()
        if not self.table.isVisible() or self.table.model().rowCount() == 0:
            return
        # Short columns (statuses, times, counts) are never cut: they widen to what they hold.
        for column in range(header.count()):
            if column in self.grow or header.isSectionHidden(column) or column == header.logicalIndex(header.count() - 1):
                continue
            content = self.table.sizeHintForColumn(column)
            if header.sectionSize(column) < content + CELL_MARGIN and content <= SHORT_COLUMN:
                header.resizeSection(column, content + CELL_MARGIN)
        spare = self.table.viewport().width() - header.length()
        last = header.logicalIndex(header.count() - 1)
        if header.stretchLastSection():
            spare += header.sectionSize(last) - max(header.sectionSizeHint(last), header_text_width(header, last))
        for column in self.grow:
            if spare <= 0:
                break
            # The hint is the text's; the cell draws it inside a margin, so a little more keeps it whole.
            want = min(self.most, self.table.sizeHintForColumn(column) + CELL_MARGIN) - header.sectionSize(column)
            if want > 0:
                header.resizeSection(column, header.sectionSize(column) + min(want, spare))
                spare -= min(want, spare)


def grow_to_content(table: QTableView, *columns: int, most: int = 420) -> None:
    """See _GrowToContent; sampled rows only (resizeContentsPrecision), so a storm's board stays quick."""
    table.horizontalHeader().setResizeContentsPrecision(60)
    _GrowToContent(table, tuple(columns), most)


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


def list_tree(parent, headers: list[str], widths: list[int], name: str) -> QTreeWidget:
    """A flat list with titled columns that can not be cut (the restock dialog's, the detail pane's)."""
    tree = QTreeWidget(parent)
    tree.setObjectName(name)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setHeaderLabels(headers)
    tree.setUniformRowHeights(True)
    for i, width in enumerate(widths):
        tree.setColumnWidth(i, width)
    fit_header(tree.header())
    return tree


def warning_banner(parent, name: str, background, foreground) -> QLabel:
    """An amber note that wraps, hidden until there is something to say (plain text: it quotes data)."""
    banner = QLabel(parent)
    banner.setObjectName(name)
    banner.setTextFormat(Qt.TextFormat.PlainText)
    banner.setWordWrap(True)
    banner.setStyleSheet(f"background:{background.name()}; color:{foreground.name()};"
                         "border:1px solid #f3d19c; border-radius:4px; padding:5px 8px;")
    banner.hide()
    return banner
