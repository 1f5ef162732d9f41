"""Right-click menus on the board's rows, the technician and depot tables and the map's markers.

Every entry is one of the window's own QActions (ui/window_actions.py, ui/technician_actions.py),
so a menu shows the same shortcut and enabled state as the menu bar and does the same thing. The
few commands that only made sense with a row under the pointer (show on map, copy the reference,
assign this technician, a depot's stock) are made here, through the same `commands.add`, so they
sit in the menu bar too.

The Menu key and Shift+F10 open the menu of the current row of the table that has the keyboard
(the board's from its filter box or the map), as on any desktop.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from .depot_panel import DEPOT_ROLE


class DepotStockDialog(QDialog):
    """What one depot holds now (unreserved), by material."""

    def __init__(self, window, depot):
        super().__init__(window)
        self.setObjectName("depotStockDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Stock at {depot}").format(depot=depot.name))
        head = QLabel(self)
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setWordWrap(True)
        head.setText(f"{depot.name}\n{depot.address}" if depot.address else depot.name)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("depotStock")
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHeaderLabels([self.tr("Material"), self.tr("Available")])
        self.tree.setColumnWidth(0, 240)
        for line in sorted(depot.stock, key=lambda s: s.name):
            self.tree.addTopLevelItem(QTreeWidgetItem([line.name, f"{line.available:g} {line.unit}"]))
        if not depot.stock:
            self.tree.addTopLevelItem(QTreeWidgetItem([self.tr("This depot holds no stock.")]))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addWidget(head)
        col.addWidget(self.tree, 1)
        col.addWidget(buttons)
        self.resize(420, 360)


class ContextMenus(QObject):
    """menu_shown(kind, QMenu): a menu for an "outage", "technician" or "depot" is open."""

    menu_shown = Signal(str, object)

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.menu: QMenu | None = None
        self.menu_at = QPoint()  # where the last menu was asked for (the screen may move it to fit)
        commands, techs = window.commands, window.technician_actions
        add = commands.add

        commands.menus["outage"].addSeparator()
        self.outage_on_map = add("outage", self.tr("Show on map"), None, self.show_outage_on_map,
                                 self.tr("Centre the map on the selected outage"), needs_outage=True)
        self.copy_reference = add("outage", self.tr("Copy reference"), "Ctrl+Shift+C", self.copy_outage_reference,
                                  self.tr("Copy the outage's number and title, e.g. for a call or a message"),
                                  needs_outage=True)
        commands.menus["technician"].addSeparator()
        self.assign_selected = add("technician", self.tr("Assign to selected outage…"), None,
                                   self.assign_to_selected_outage,
                                   self.tr("Send the selected technician to the outage selected on the board"),
                                   needs_outage=True)
        self.tech_on_map = add("technician", self.tr("Show on map"), None, self.show_technician_on_map,
                               self.tr("Centre the map on the selected technician"))
        view_menu = commands.menus["view"]
        view_menu.addSeparator()
        self.depot_stock = add("view", self.tr("Show depot stock…"), None, self.show_depot_stock,
                               self.tr("What the selected depot holds now"))
        self.depot_on_map = add("view", self.tr("Show depot on map"), None, self.show_depot_on_map,
                                self.tr("Centre the map on the selected depot"))

        self.actions_for = {
            "outage": [commands.eta, commands.status, commands.assign, commands.restock, commands.inform,
                       commands.lend, None, self.outage_on_map, self.copy_reference],
            "technician": [self.assign_selected, techs.act_track, self.tech_on_map, None,
                           techs.act_clear_track, techs.act_device],
            "depot": [self.depot_stock, self.depot_on_map],
        }
        self.tables = {
            "outage": window.board,
            "technician": window.tech_panel.table,
            "depot": window.depot_panel.table,
        }
        for kind, table in self.tables.items():
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            table.customContextMenuRequested.connect(
                lambda pos, kind=kind, table=table: self._pointer_menu(kind, table, pos))

        # The keyboard's way in: one window-wide action, so the F1 list names it too.
        self.row_menu = QAction(self.tr("Menu of the current row"), window)
        self.row_menu.setShortcuts([QKeySequence(Qt.Key.Key_Menu),
                                    QKeySequence(Qt.KeyboardModifier.ShiftModifier | Qt.Key.Key_F10)])
        self.row_menu.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.row_menu.triggered.connect(self.open_for_focus)
        window.addAction(self.row_menu)

        window.map_view.feature_menu.connect(self.map_menu)

    # ---- opening ----
    def _pointer_menu(self, kind: str, table: QAbstractItemView, pos: QPoint) -> None:
        index = table.indexAt(pos)
        if not index.isValid():
            return
        # The menu acts on the row under the pointer, so that row becomes the current one.
        table.setCurrentIndex(index)
        self.popup(kind, table.viewport().mapToGlobal(pos))

    def open_for_focus(self) -> None:
        window = self.window_
        focus = QApplication.focusWidget()
        kind = next((k for k, t in self.tables.items() if focus is not None and (focus is t or t.isAncestorOf(focus))),
                    None)
        if kind is None and (focus is None or focus is window.search or focus is window.map_view
                             or window.map_view.isAncestorOf(focus)):
            kind = "outage"
        if kind is None:
            # Any other widget keeps its own menu (a text field's, the material runs').
            event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(focus.width() // 2,
                                                                                  focus.height() // 2))
            QApplication.sendEvent(focus, event)
            return
        table = self.tables[kind]
        index = table.currentIndex()
        if not index.isValid():
            window.statusBar().showMessage(self.tr("Select a row first."), 4000)
            return
        table.scrollTo(index)
        rect = table.visualRect(index)
        self.popup(kind, table.viewport().mapToGlobal(QPoint(rect.left() + 12, rect.bottom())))

    def map_menu(self, kind: str, feature_id, at: QPoint) -> None:
        if not isinstance(feature_id, int):
            return
        # Selecting it the way a click does (without moving the map) makes the actions act on it.
        self.window_._map_feature_clicked(kind, feature_id)
        if kind == "technician" and self.window_.tech_panel.selected_technician() != feature_id:
            return
        self.popup(kind, at)

    def popup(self, kind: str, at: QPoint) -> QMenu:
        if self.menu is not None:
            self.menu.close()
        menu = QMenu(self.window_)
        menu.setObjectName(f"{kind}ContextMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for act in self.actions_for[kind]:
            if act is None:
                menu.addSeparator()
            else:
                menu.addAction(act)
        menu.aboutToHide.connect(lambda: setattr(self, "menu", None) if self.menu is menu else None)
        self.menu, self.menu_at = menu, at
        menu.popup(at)
        self.menu_shown.emit(kind, menu)
        return menu

    # ---- the commands made here ----
    def show_outage_on_map(self) -> None:
        outage_id = self.window_.selected_outage_id()
        if outage_id is not None:
            self.window_.map_view.select("outage", outage_id)

    def copy_outage_reference(self) -> None:
        view = self.window_.selected_view()
        if view is None:
            return
        text = f"#{view.id} {view.title}"
        QGuiApplication.clipboard().setText(text)
        self.window_.statusBar().showMessage(self.tr("Copied: {text}").format(text=text), 4000)

    def assign_to_selected_outage(self) -> None:
        from .dialogs import AssignDialog

        window = self.window_
        view = window.selected_view()
        tech = window.technician_actions.selected()
        if view is None or tech is None:
            return
        self.assign_dialog = AssignDialog(window, view)
        self.assign_dialog.prefer(tech.id)
        self.assign_dialog.open()

    def show_technician_on_map(self) -> None:
        tech = self.window_.technician_actions.selected()
        if tech is not None:
            self.window_.map_view.select("technician", tech.id)

    def _selected_depot(self):
        index = self.window_.depot_panel.table.currentIndex()
        depot = index.data(DEPOT_ROLE) if index.isValid() else None
        if depot is None:
            self.window_.statusBar().showMessage(self.tr("Select a depot in the Depots list first."), 6000)
        return depot

    def show_depot_stock(self) -> None:
        depot = self._selected_depot()
        if depot is not None:
            self.stock_dialog = DepotStockDialog(self.window_, depot)
            self.stock_dialog.open()

    def show_depot_on_map(self) -> None:
        depot = self._selected_depot()
        if depot is not None:
            self.window_.map_view.select("depot", depot.id)
