"""Every command of the main window: its menu entry, shortcut, tooltip, toolbar button, and the
dialog it opens.

Commands that act on the selected outage are enabled only while one is selected. Dialogs are
imported when first opened, so the window's first paint does not wait for them.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar


class CommandKeysPassThrough(QObject):
    """Lets the window's own shortcuts through a text field that would keep them.

    A line edit claims some Ctrl+letter keys for editing (Ctrl+E moves to the end of the line on
    Linux), so Ctrl+F, type, Ctrl+E would edit the filter instead of setting the ETA. Keys a
    command owns go to the command; every other key still edits the text.
    """

    def __init__(self, commands: "WindowActions"):
        super().__init__(commands)
        self.commands = commands

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            pressed = QKeySequence(event.keyCombination())
            if any(act.isEnabled() and act.shortcut().matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                   for act in self.commands.keyed_actions):
                event.ignore()
                return True
        return False


class WindowActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.toolbar = QToolBar(self.tr("Actions"), window)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        bar = window.menuBar()
        self.menus = {
            "file": bar.addMenu(self.tr("&File")),
            "outage": bar.addMenu(self.tr("&Outage")),
            "technician": bar.addMenu(self.tr("&Technician")),
            "customers": bar.addMenu(self.tr("&Customers")),
            "view": bar.addMenu(self.tr("&View")),
            "settings": bar.addMenu(self.tr("&Settings")),
            "help": bar.addMenu(self.tr("&Help")),
        }
        self.outage_actions: list[QAction] = []
        self.keyed_actions: list[QAction] = []
        self._build_outage()
        self._build_view()
        self._build_customers()
        self._build_file()
        self._build_workstation()
        self.pass_through = CommandKeysPassThrough(self)
        window.search.installEventFilter(self.pass_through)

    def add(self, menu: str, text: str, shortcut: str | None, slot, tip: str, *, toolbar: bool = False,
            needs_outage: bool = False) -> QAction:
        """One place that makes every command of the window: menu entry, shortcut, tooltip, toolbar."""
        act = QAction(text, self.window_)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            # Plain keys (F1, Esc, Delete) stay the text field's; only chords pass through it.
            if QKeySequence(shortcut)[0].keyboardModifiers() & (Qt.KeyboardModifier.ControlModifier
                                                                 | Qt.KeyboardModifier.AltModifier):
                self.keyed_actions.append(act)
        act.setToolTip(f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
                       if shortcut else tip)
        act.setStatusTip(tip)
        act.triggered.connect(slot)
        self.menus[menu].addAction(act)
        if toolbar:
            self.toolbar.addAction(act)
        if needs_outage:
            act.setEnabled(self.window_.selected_outage_id() is not None)
            self.outage_actions.append(act)
        return act

    def outage_selected(self, has: bool) -> None:
        for act in self.outage_actions:
            act.setEnabled(has)

    # ---- building ----
    def _build_outage(self) -> None:
        add = self.add
        self.new = add("outage", self.tr("New outage…"), "Ctrl+N", self.new_outage,
                       self.tr("Record a new outage: click the map, type coordinates or search a place"),
                       toolbar=True)
        self.assign = add("outage", self.tr("Assign technician…"), "Ctrl+T", self.assign_technician,
                          self.tr("Send a technician to the selected outage"), toolbar=True, needs_outage=True)
        self.status = add("outage", self.tr("Change status…"), "Ctrl+S", self.change_status,
                          self.tr("Move the selected outage to another status"), toolbar=True, needs_outage=True)
        self.eta = add("outage", self.tr("Set ETA…"), "Ctrl+E", self.set_eta,
                       self.tr("Promise a new restoration time, with its reason"), toolbar=True, needs_outage=True)
        self.restock = add("outage", self.tr("Restock run…"), "Ctrl+R", self.restock_run,
                           self.tr("Where the technician fetches missing material, and what the detour does to the ETA"),
                           toolbar=True, needs_outage=True)
        self.affect = add("outage", self.tr("Affected area…"), None, self.affected_area,
                          self.tr("Tie the outage to network nodes or a radius: the register says who it affects"),
                          needs_outage=True)
        self.accuracy = add("outage", self.tr("ETA accuracy…"), None, self.eta_accuracy,
                            self.tr("How late or early restorations came against the promised ETAs, by cause"))
        self.toolbar.addSeparator()

    def _build_view(self) -> None:
        add, window = self.add, self.window_
        self.fit = add("view", self.tr("Show all on map"), "Ctrl+0", window.map_view.fit_all,
                       self.tr("Zoom the map to every outage, technician and depot"), toolbar=True)
        self.focus = add("view", self.tr("Show open outages on map"), "Ctrl+1", lambda: window.map_view.fit_focus(),
                         self.tr("Zoom the map to the open outages and the technicians sent to them"))
        self.refresh = add("view", self.tr("Reload"), "F5", window.live.reload,
                           self.tr("Reload everything from the database"), toolbar=True)
        self.quit = add("file", self.tr("Quit"), "Ctrl+Q", window.close, self.tr("Close the console"))
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)

    def _build_customers(self) -> None:
        """Customer notices, the public status page, loaner routers."""
        from .status_export_ui import StatusExporter

        add, window = self.add, self.window_
        self.inform = add("customers", self.tr("Inform customers…"), "Ctrl+I", self.inform_customers,
                          self.tr("Draft a notice for the outage's customers, edit it and record it as sent"),
                          toolbar=True, needs_outage=True)
        self.menus["customers"].addSeparator()
        window.status_exporter = StatusExporter(window)
        self.export_status = add("customers", self.tr("Export public status page…"), None,
                                 window.status_exporter.choose_and_export,
                                 self.tr("Write index.html, status.json and an Atom feed of the open outages into a folder"))
        self.auto_status = add("customers", self.tr("Re-export on every change"), None, window.status_exporter.set_auto,
                               self.tr("Keep the public status page in its folder current after every change"))
        self.auto_status.setCheckable(True)
        self.auto_status.setChecked(window.status_exporter.auto())
        window.status_exporter.auto_action = self.auto_status
        self.menus["customers"].addSeparator()
        self.lend = add("customers", self.tr("Lend loaner router…"), "Ctrl+L", self.lend_router,
                        self.tr("Lend a 4G router to a customer of an outage"))

    def _build_file(self) -> None:
        """The shift handover: PDF, printout, notes; above Quit, which stays last in the menu."""
        handover = self.window_.handover
        file_menu = self.menus["file"]
        first = file_menu.actions()[0] if file_menu.actions() else None
        acts = [
            self.add("file", self.tr("Export handover PDF…"), "Ctrl+Shift+E", handover.export_pdf,
                     self.tr("The shift handover as a PDF file")),
            self.add("file", self.tr("Print handover…"), "Ctrl+P", handover.print_handover,
                     self.tr("Print the shift handover")),
            self.add("file", self.tr("Handover notes…"), None, self.handover_notes,
                     self.tr("Notes for the next dispatcher, printed in the handover")),
        ]
        for act in acts:
            file_menu.removeAction(act)
            file_menu.insertAction(first, act)
        file_menu.insertSeparator(first)

    def _build_workstation(self) -> None:
        """Settings, help, and the keys that move around the window without the mouse."""
        add, window = self.add, self.window_
        self.settings = add("settings", self.tr("Settings…"), "Ctrl+,", self.open_settings,
                            self.tr("This workstation's settings and the shared thresholds"))
        self.settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.find = add("view", self.tr("Find outage"), "Ctrl+F", window.focus_filter,
                        self.tr("Type in the outage board's filter"))
        self.clear_filter = add("view", self.tr("Clear filter"), "Esc", window.clear_filter,
                                self.tr("Show every outage on the board again"))
        # Escape belongs to the board and its filter only: elsewhere it closes dialogs and popups.
        self.clear_filter.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.board_box.addAction(self.clear_filter)
        self.go_board = add("view", self.tr("Go to outage board"), "Alt+1", lambda: window.board.setFocus(),
                            self.tr("Move the keyboard focus to the outage board"))
        self.go_techs = add("view", self.tr("Go to technicians"), "Alt+2",
                            lambda: window.show_side_tab(window.tech_panel), self.tr("Show the technicians list"))
        self.go_depots = add("view", self.tr("Go to depots"), "Alt+3",
                             lambda: window.show_side_tab(window.depot_panel), self.tr("Show the depots list"))
        self.go_loans = add("view", self.tr("Go to loaners"), "Alt+4",
                            lambda: window.show_side_tab(window.loans_panel), self.tr("Show the loaner routers"))
        self.shortcuts = add("help", self.tr("Keyboard shortcuts"), "F1", self.show_shortcuts,
                             self.tr("Every command that has a key"))
        self.about = add("help", self.tr("About Outage Dispatch Console"), None, self.show_about,
                         self.tr("Versions, licences and map data attribution"))
        self.about.setMenuRole(QAction.MenuRole.AboutRole)

    # ---- what the commands open ----
    def _selected(self):
        return self.window_.selected_view()

    def new_outage(self) -> None:
        from .dialogs import NewOutageDialog

        NewOutageDialog(self.window_).show()  # not modal: the map stays clickable to place the outage

    def assign_technician(self) -> None:
        from .dialogs import AssignDialog

        if (view := self._selected()) is not None:
            AssignDialog(self.window_, view).open()

    def change_status(self) -> None:
        from .dialogs import StatusDialog

        if (view := self._selected()) is not None:
            StatusDialog(self.window_, view).open()

    def set_eta(self) -> None:
        from .dialogs import EtaDialog

        if (view := self._selected()) is not None:
            EtaDialog(self.window_, view).open()

    def eta_accuracy(self) -> None:
        from .accuracy_dialog import AccuracyDialog

        self.accuracy_dialog = AccuracyDialog(self.window_)
        self.accuracy_dialog.open()

    def restock_run(self) -> None:
        from .restock_dialog import RestockDialog

        if (view := self._selected()) is not None:
            self.restock_dialog = RestockDialog(self.window_, view)
            self.restock_dialog.show()

    def affected_area(self) -> None:
        from .affect_dialog import AffectDialog

        if (view := self._selected()) is not None:
            self.affect_dialog = AffectDialog(self.window_, view)
            self.affect_dialog.open()

    def inform_customers(self) -> None:
        from .notices_dialog import NoticeDialog

        if (view := self._selected()) is not None:
            self.notice_dialog = NoticeDialog(self.window_, view)
            self.notice_dialog.open()

    def lend_router(self) -> None:
        self.window_.show_side_tab(self.window_.loans_panel)
        self.window_.loans_panel.open_lend()

    def handover_notes(self) -> None:
        from .handover_ui import HandoverNotesDialog

        self.notes_dialog = HandoverNotesDialog(self.window_)
        self.notes_dialog.open()

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.window_)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        from .about_dialog import AboutDialog

        AboutDialog(self.window_).open()

    def show_shortcuts(self) -> None:
        from .shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self.window_).open()
