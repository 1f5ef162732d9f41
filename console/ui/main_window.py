"""The dispatcher's main window: outage board and panels on the left, map and details on the right.

Data flow: one snapshot at start, then a long-running sync thread (ui/sync.py) waits on the
change feed and delivers only what changed; the map page is built once and fed through its JS API.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from console.domain.errors import DispatchError, NotFound, StoreUnavailable
from console.domain.timeutil import utcnow
from console.map import TileSource, write_page
from console.services.uow import Db
from console.services.watch import db_health

from . import data
from .depot_panel import DepotPanel, DepotTableModel
from .detail_pane import DetailPane
from .map_view import MapView
from .outage_table import (
    COL_AGE,
    COL_CAUSE,
    COL_CREW,
    COL_CUSTOMERS,
    COL_ETA,
    COL_ID,
    COL_STATUS,
    COL_TITLE,
    COL_TOLD,
    OUTAGE_ID_ROLE,
    OutageFilterProxy,
    OutageTableModel,
)
from .sync import LiveSync
from .technician_panel import TechnicianPanel, TechnicianTableModel
from .workers import Workers
from .map_words import page_labels
from .widgets import set_column_widths

log = logging.getLogger(__name__)

CLOCK_MS = 30_000
# While the first load fails (database down at start), try again this often.
RETRY_LOAD_MS = 5000


class MainWindow(QMainWindow):
    """Signals for whoever drives the window (the app's --screenshot, tests, benchmarks):

    snapshot_applied(): the tables hold the first (or a reloaded) full data set.
    map_drawn(dict): the map drew a full data set; the dict is dispatchMap.counts().
    delta_applied(object): a data.Delta from the change feed was applied.
    db_state_changed(str): "up" or "down", as the status bar shows it.
    detail_shown(int): the detail pane shows that outage.
    outage_selected(int): the board's current outage changed (from any side).
    """

    snapshot_applied = Signal()
    map_drawn = Signal(dict)
    delta_applied = Signal(object)
    detail_shown = Signal(int)
    outage_selected = Signal(int)
    tiles_changed = Signal(str)
    db_state_changed = Signal(str)

    def __init__(self, db: Db, tiles: TileSource | str = "osm", cache_dir: str | Path | None = None,
                 web_cache_dir: str | Path | None = None, parent=None):
        super().__init__(parent)
        self.db = db
        self.tiles = TileSource.parse(tiles)
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.setWindowTitle(self.tr("Outage Dispatch Console"))
        self.setObjectName("mainWindow")

        self.workers = Workers(self)
        self.workers.error.connect(self._show_error)
        self._last_change_id: int | None = None
        self._db_state = "unknown"
        self.sync = LiveSync(db, self)
        self.sync.delta_ready.connect(self._apply_delta)
        self.sync.state_changed.connect(self._set_db_state)
        self._detail_token = 0
        self._syncing = False
        self._from_map = False  # a selection that started with a click on the map: highlight, don't move it
        self._loaded = False
        self._map_counts: dict | None = None
        self._tiles_state = "off" if self.tiles.kind == "none" else "loading"
        self.last_map_click: tuple[float, float] | None = None
        self.pending_selection: int | None = None  # an outage just created here, selected when it arrives
        self._map_click_listeners: list = []

        self.outage_model = OutageTableModel(self)
        self.outage_proxy = OutageFilterProxy(self)
        self.outage_proxy.setSourceModel(self.outage_model)
        self.tech_model = TechnicianTableModel(self)
        self.tech_model.set_job_lookup(self._job_title)
        self.depot_model = DepotTableModel(self)

        self._build_board()
        self.tech_panel = TechnicianPanel(self.tech_model, self)
        self.depot_panel = DepotPanel(self.depot_model, self)
        self.side_tabs = QTabWidget(self)
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(self.tech_panel, self.tr("Technicians"))
        self.side_tabs.addTab(self.depot_panel, self.tr("Depots"))

        self.map_view = MapView(self.tiles, web_cache_dir, self)
        self.map_view.setObjectName("mapView")
        self.map_view.setMinimumSize(320, 240)
        self.detail = DetailPane(self)
        self.detail.setObjectName("detailPane")

        self.left = QSplitter(Qt.Orientation.Vertical, self)
        self.left.addWidget(self.board_box)
        self.left.addWidget(self.side_tabs)
        self.left.setStretchFactor(0, 3)
        self.left.setStretchFactor(1, 2)
        self.right = QSplitter(Qt.Orientation.Vertical, self)
        self.right.addWidget(self.map_view)
        self.right.addWidget(self.detail)
        self.right.setStretchFactor(0, 3)
        self.right.setStretchFactor(1, 2)
        self.main_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_split.addWidget(self.left)
        self.main_split.addWidget(self.right)
        self.main_split.setStretchFactor(0, 5)
        self.main_split.setStretchFactor(1, 6)
        for split in (self.left, self.right, self.main_split):
            split.setChildrenCollapsible(False)
            split.setHandleWidth(6)
        self.setCentralWidget(self.main_split)
        # Proportions, not pixels: Qt scales them to the window on the first layout.
        self.main_split.setSizes([4600, 5400])
        self.left.setSizes([6000, 4000])
        self.right.setSizes([6200, 3800])

        self._build_actions()
        self._build_status_bar()
        self._wire()

        self.clock = QTimer(self)
        self.clock.setInterval(CLOCK_MS)
        self.clock.timeout.connect(self._tick)

    # ------------------------------------------------------------------ layout
    def _build_board(self) -> None:
        self.board_box = QWidget(self)
        self.search = QLineEdit(self.board_box)
        self.search.setObjectName("boardSearch")
        self.search.setPlaceholderText(self.tr("Filter outages: title, area, technician, #id…"))
        self.search.setClearButtonEnabled(True)
        self.open_only = QCheckBox(self.tr("Open only"), self.board_box)
        self.open_only.setChecked(True)
        self.board_caption = QLabel(self.tr("Outages"), self.board_box)
        self.board_caption.setObjectName("sectionCaption")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.board_caption)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.open_only)

        self.board = QTableView(self.board_box)
        self.board.setObjectName("outageBoard")
        self.board.setModel(self.outage_proxy)
        self.board.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.board.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.board.setAlternatingRowColors(True)
        self.board.setWordWrap(False)
        self.board.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.board.verticalHeader().hide()
        self.board.verticalHeader().setDefaultSectionSize(26)
        self.board.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.board.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.board.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        set_column_widths(header, {COL_ID: 44, COL_TITLE: 192, COL_STATUS: 140, COL_CUSTOMERS: 88, COL_AGE: 66,
                                   COL_ETA: 86, COL_TOLD: 84, COL_CREW: 130, COL_CAUSE: 130})
        self.board.setSortingEnabled(True)
        self.board.sortByColumn(COL_TOLD, Qt.SortOrder.DescendingOrder)

        col = QVBoxLayout(self.board_box)
        col.setContentsMargins(8, 6, 4, 4)
        col.setSpacing(6)
        col.addLayout(bar)
        col.addWidget(self.board, 1)

    def _build_actions(self) -> None:
        self.toolbar = QToolBar(self.tr("Actions"), self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        bar = self.menuBar()
        self.menus = {
            "file": bar.addMenu(self.tr("&File")),
            "outage": bar.addMenu(self.tr("&Outage")),
            "technician": bar.addMenu(self.tr("&Technician")),
            "customers": bar.addMenu(self.tr("&Customers")),
            "view": bar.addMenu(self.tr("&View")),
            "settings": bar.addMenu(self.tr("&Settings")),
            "help": bar.addMenu(self.tr("&Help")),
        }
        # Actions that act on the selected outage: enabled only while one is selected.
        self.outage_actions: list[QAction] = []

        self.act_new = self.add_action("outage", self.tr("New outage…"), "Ctrl+N", self.new_outage,
                                       self.tr("Record a new outage: click the map, type coordinates or search a place"),
                                       toolbar=True)
        self.act_assign = self.add_action("outage", self.tr("Assign technician…"), "Ctrl+T", self.assign_technician,
                                          self.tr("Send a technician to the selected outage"), toolbar=True,
                                          needs_outage=True)
        self.act_status = self.add_action("outage", self.tr("Change status…"), "Ctrl+S", self.change_status,
                                          self.tr("Move the selected outage to another status"), toolbar=True,
                                          needs_outage=True)
        self.act_eta = self.add_action("outage", self.tr("Set ETA…"), "Ctrl+E", self.set_eta,
                                       self.tr("Promise a new restoration time, with its reason"), toolbar=True,
                                       needs_outage=True)
        self.toolbar.addSeparator()
        self.act_fit = self.add_action("view", self.tr("Show all on map"), "Ctrl+0", self.map_view.fit_all,
                                       self.tr("Zoom the map to every outage, technician and depot"), toolbar=True)
        self.act_focus = self.add_action("view", self.tr("Show open outages on map"), "Ctrl+1",
                                         lambda: self.map_view.fit_focus(),
                                         self.tr("Zoom the map to the open outages and the technicians sent to them"))
        self.act_refresh = self.add_action("view", self.tr("Reload"), "F5", self.reload,
                                           self.tr("Reload everything from the database"), toolbar=True)
        self.act_quit = self.add_action("file", self.tr("Quit"), "Ctrl+Q", self.close,
                                        self.tr("Close the console"))
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self._build_workstation_actions()
        self._build_restock_actions()
        self._build_technician_actions()
        self._build_customer_actions()
        self._build_handover_actions()

    def _build_restock_actions(self) -> None:
        """The restock dialog (daylight and the ETA suggestion live in details and ETA dialog)."""
        self.act_restock = self.add_action(
            "outage", self.tr("Restock run…"), "Ctrl+R", self.restock_run,
            self.tr("Where the technician fetches missing material, and what the detour does to the ETA"),
            needs_outage=True)
        # On the toolbar beside "Set ETA…", before the view commands.
        bar_actions = self.toolbar.actions()
        after_eta = bar_actions[bar_actions.index(self.act_eta) + 1] if self.act_eta in bar_actions else None
        self.toolbar.insertAction(after_eta, self.act_restock)
        from .restock_dialog import handle_run_request

        self.detail.run_requested.connect(lambda action, run: handle_run_request(self, action, run))

    def _build_technician_actions(self) -> None:
        """A technician's track and device id."""
        from .technician_actions import TechnicianActions

        self.technician_actions = TechnicianActions(self)

    def restock_run(self) -> None:
        from .restock_dialog import RestockDialog

        view = self._selected_view()
        if view is not None:
            self.restock_dialog = RestockDialog(self, view)
            self.restock_dialog.show()

    def _build_customer_actions(self) -> None:
        """Customer notices, the public status page, loaner routers, the silence limit."""
        from .loans_panel import LoansPanel
        from .status_export_ui import StatusExporter

        self.act_inform = self.add_action(
            "customers", self.tr("Inform customers…"), "Ctrl+I", self.inform_customers,
            self.tr("Draft a notice for the outage's customers, edit it and record it as sent"), toolbar=True,
            needs_outage=True)
        self.menus["customers"].addSeparator()
        self.status_exporter = StatusExporter(self)
        self.act_export_status = self.add_action(
            "customers", self.tr("Export public status page…"), None, self.status_exporter.choose_and_export,
            self.tr("Write index.html, status.json and an Atom feed of the open outages into a folder"))
        self.act_auto_status = self.add_action(
            "customers", self.tr("Re-export on every change"), None, self.status_exporter.set_auto,
            self.tr("Keep the public status page in its folder current after every change"))
        self.act_auto_status.setCheckable(True)
        self.act_auto_status.setChecked(self.status_exporter.auto())
        self.status_exporter.auto_action = self.act_auto_status
        self.menus["customers"].addSeparator()
        self.loans_panel = LoansPanel(self)
        self.side_tabs.addTab(self.loans_panel, self.tr("Loaners"))
        self.act_lend = self.add_action("customers", self.tr("Lend loaner router…"), None, self.lend_router,
                                        self.tr("Lend a 4G router to a customer of an outage"))
        self.loans_panel.state_loaded.connect(self._show_loan_counts)
        self.detail_shown.connect(self._load_notices)
        # The silence limit is an operator setting another workstation may change.
        self.snapshot_applied.connect(self._load_thresholds)
        self._threshold_timer = QTimer(self)
        self._threshold_timer.setInterval(CLOCK_MS)
        self._threshold_timer.timeout.connect(self._load_thresholds)
        self._threshold_timer.start()

    def _build_handover_actions(self) -> None:
        """The shift handover: PDF, printout, notes."""
        from .handover_ui import HandoverController

        self.handover = HandoverController(self)
        file_menu = self.menus["file"]
        first = file_menu.actions()[0] if file_menu.actions() else None
        acts = [
            self.add_action("file", self.tr("Export handover PDF…"), "Ctrl+Shift+E", self.handover.export_pdf,
                            self.tr("The shift handover as a PDF file")),
            self.add_action("file", self.tr("Print handover…"), "Ctrl+P", self.handover.print_handover,
                            self.tr("Print the shift handover")),
            self.add_action("file", self.tr("Handover notes…"), None, self.handover_notes,
                            self.tr("Notes for the next dispatcher, printed in the handover")),
        ]
        # Above Quit, which stays last in the menu.
        for act in acts:
            file_menu.removeAction(act)
            file_menu.insertAction(first, act)
        file_menu.insertSeparator(first)

    def inform_customers(self) -> None:
        from .notices_dialog import NoticeDialog

        view = self._selected_view()
        if view is not None:
            self.notice_dialog = NoticeDialog(self, view)
            self.notice_dialog.open()

    def lend_router(self) -> None:
        self.show_side_tab(self.loans_panel)
        self.loans_panel.open_lend()

    def handover_notes(self) -> None:
        from .handover_ui import HandoverNotesDialog

        self.notes_dialog = HandoverNotesDialog(self)
        self.notes_dialog.open()

    def _load_notices(self, outage_id: int) -> None:
        from console.services.notices import list_notices

        self.workers.submit(list_notices, self.db, outage_id,
                            on_done=lambda notices: self.detail.show_notices(outage_id, notices),
                            on_error=lambda _err: None)  # gone meanwhile: the detail pane says so

    def _load_thresholds(self) -> None:
        from console.services.settings import get_settings

        def apply(settings) -> None:
            self.outage_model.set_untold_limit(settings.info_gap_minutes)
            self.detail.untold_limit = settings.info_gap_minutes
            self._update_counts()

        self.workers.submit(get_settings, self.db, on_done=apply, on_error=lambda _err: None)

    def _show_loan_counts(self, state) -> None:
        label = self.status_labels["loans"]
        counts = state.counts
        label.setText(self.tr("Routers out: {out} · to collect: {collect}").format(
            out=counts.get("out", 0), collect=counts.get("to_collect", 0)))
        label.setProperty("warn", counts.get("to_collect", 0) > 0)
        label.style().unpolish(label)
        label.style().polish(label)

    def _build_workstation_actions(self) -> None:
        """Settings, help, and the keys that move around the window without the mouse."""
        self.act_settings = self.add_action("settings", self.tr("Settings…"), "Ctrl+,", self.open_settings,
                                            self.tr("This workstation's settings and the shared thresholds"))
        self.act_settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.act_find = self.add_action("view", self.tr("Find outage"), "Ctrl+F", self.focus_filter,
                                        self.tr("Type in the outage board's filter"))
        self.act_clear_filter = self.add_action("view", self.tr("Clear filter"), "Esc", self.clear_filter,
                                                self.tr("Show every outage on the board again"))
        # Escape belongs to the board and its filter only: elsewhere it closes dialogs and popups.
        self.act_clear_filter.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.board_box.addAction(self.act_clear_filter)
        self.act_go_board = self.add_action("view", self.tr("Go to outage board"), "Alt+1",
                                            lambda: self.board.setFocus(),
                                            self.tr("Move the keyboard focus to the outage board"))
        self.act_go_techs = self.add_action("view", self.tr("Go to technicians"), "Alt+2",
                                            lambda: self.show_side_tab(self.tech_panel),
                                            self.tr("Show the technicians list"))
        self.act_go_depots = self.add_action("view", self.tr("Go to depots"), "Alt+3",
                                             lambda: self.show_side_tab(self.depot_panel),
                                             self.tr("Show the depots list"))
        self.act_shortcuts = self.add_action("help", self.tr("Keyboard shortcuts"), "F1", self.show_shortcuts,
                                             self.tr("Every command that has a key"))
        self.act_about = self.add_action("help", self.tr("About Outage Dispatch Console"), None, self.show_about,
                                         self.tr("Versions, licences and map data attribution"))
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)

    def add_action(self, menu: str, text: str, shortcut: str | None, slot, tip: str, *, toolbar: bool = False,
                   needs_outage: bool = False) -> QAction:
        """One place that makes every command of the window: menu entry, shortcut, tooltip, toolbar."""
        act = QAction(text, self)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.setToolTip(f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
                       if shortcut else tip)
        act.setStatusTip(tip)
        act.triggered.connect(slot)
        self.menus[menu].addAction(act)
        if toolbar:
            self.toolbar.addAction(act)
        if needs_outage:
            act.setEnabled(self.selected_outage_id() is not None if hasattr(self, "board") else False)
            self.outage_actions.append(act)
        return act

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        self.status_labels: dict[str, QLabel] = {}
        for key in ("open", "customers", "technicians", "untold", "loans", "tiles", "database"):
            label = QLabel(self)
            label.setObjectName(f"status_{key}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)
            self.status_labels[key] = label
        self._update_counts()
        self._update_tiles_label()
        self._update_db_label()

    def _wire(self) -> None:
        self.search.textChanged.connect(self.outage_proxy.set_search)
        self.open_only.toggled.connect(self.outage_proxy.set_open_only)
        self.board.selectionModel().currentRowChanged.connect(self._board_current_changed)
        self.map_view.feature_clicked.connect(self._map_feature_clicked)
        self.map_view.map_clicked.connect(self._map_clicked)
        self.map_view.data_drawn.connect(self._map_data_drawn)
        self.map_view.tiles_status.connect(self._set_tiles_state)
        self.map_view.load_failed.connect(lambda msg: self.statusBar().showMessage(msg))
        self.map_view.ready.connect(self._map_ready)
        self.tech_panel.technician_selected.connect(lambda tid: self.map_view.select(
            "technician", tid, pan=not self._from_map))
        self.depot_panel.depot_selected.connect(lambda did: self.map_view.select(
            "depot", did, pan=not self._from_map))
        self.detail.technician_activated.connect(self._show_technician)

    # ------------------------------------------------------------------ startup and data
    def start(self) -> None:
        """Build the map page and load the data, both in workers; then follow the change feed."""
        self.statusBar().showMessage(self.tr("Loading outages, technicians and depots…"))
        self._build_map_page()
        self.reload()
        self.clock.start()

    def _build_map_page(self) -> None:
        page_dir = (self.cache_dir or Path(platformdirs.user_cache_dir("dispatch-console", appauthor=False))) / "map"
        self.workers.submit(write_page, page_dir, None, self.tiles, True, labels=page_labels(),
                            on_done=self.map_view.load_page,
                            on_error=lambda err: self._show_error(err, self.tr("The map could not be built")))

    def reload(self) -> None:
        self.workers.submit(data.load_snapshot, self.db, on_done=self._apply_snapshot, on_error=self._reload_failed)

    def _reload_failed(self, err: BaseException) -> None:
        if not isinstance(err, StoreUnavailable):
            self._show_error(err)
            return
        self._set_db_state("down")
        self.statusBar().showMessage(str(err), RETRY_LOAD_MS)
        if self._last_change_id is None:  # nothing to show yet: keep trying; later the sync thread catches up
            QTimer.singleShot(RETRY_LOAD_MS, self.reload)

    def is_loaded(self) -> bool:
        """The first data set is in the tables and drawn on the map."""
        return self._loaded and self._map_counts is not None

    def map_counts(self) -> dict | None:
        return self._map_counts

    def _apply_snapshot(self, snap: data.Snapshot) -> None:
        # In steps with the event loop in between, so a storm-sized reload never holds the
        # GUI thread for long: map first (the page works on it in its own process), then tables.
        self._last_change_id = snap.change_id
        self._set_db_state("up")
        # From the first snapshot's feed position on, the sync thread delivers every change.
        self.sync.start(snap.change_id)
        selected = self.selected_outage_id()
        self.map_view.set_data_js(snap.map_js)
        steps = [
            lambda: self.outage_model.set_outages(snap.outages, snap.loaded_at),
            lambda: (self.tech_model.set_technicians(snap.technicians, snap.loaded_at),
                     self.depot_model.set_depots(snap.depots, snap.loaded_at)),
            lambda: self._snapshot_done(snap, selected),
        ]
        self._run_steps(steps)

    def _run_steps(self, steps: list) -> None:
        if steps:
            steps.pop(0)()
            if steps:
                QTimer.singleShot(0, lambda: self._run_steps(steps))

    def _snapshot_done(self, snap: data.Snapshot, selected: int | None) -> None:
        self._loaded = True
        self.map_view.call("setNow", utcnow().isoformat())
        self._update_counts()
        self.statusBar().showMessage(self.tr("Loaded %n outage(s)", "", len(snap.outages)), 4000)
        if selected is not None:
            self.select_outage(selected, pan_map=False)
        elif self.outage_proxy.rowCount() > 0:
            # Start on the most pressing outage (top of the board) so the details are never idle.
            self.select_outage(self.outage_proxy.index(0, 0).data(OUTAGE_ID_ROLE), pan_map=False)
        self.snapshot_applied.emit()

    def _apply_delta(self, delta: data.Delta) -> None:
        if not delta:
            return
        if self._last_change_id is not None and delta.last_id <= self._last_change_id and not delta.reload_all:
            # Read before a snapshot (F5) that already holds these changes: applying it would go back in time.
            return
        if delta.reload_all and delta.snapshot is not None:
            self._apply_snapshot(delta.snapshot)
            self.delta_applied.emit(delta)
            return
        self._last_change_id = delta.last_id
        if delta.outages:
            self.outage_model.upsert(delta.outages)
            self.tech_model.refresh_jobs()
        if delta.technicians:
            self.tech_model.upsert(delta.technicians)
        if delta.depots is not None:
            self.depot_model.set_depots(delta.depots)
        for script in delta.map_js:
            self.map_view.run_js(script)
        self._update_counts()
        if self.pending_selection is not None and self.outage_model.row_of(self.pending_selection) is not None:
            pending, self.pending_selection = self.pending_selection, None
            self.select_outage(pending)
        current = self.selected_outage_id()
        if current is not None and (any(o.id == current for o in delta.outages) or any(
                t.outage_id == current for t in delta.technicians)):
            self._load_detail(current)
        self.delta_applied.emit(delta)

    def _tick(self) -> None:
        now = utcnow()
        self.outage_model.set_now(now)
        self.tech_model.set_now(now)
        self.depot_model.set_now(now)
        # The page judges stale positions and passed ETAs by the console's clock, not its own.
        if self._loaded:
            self.map_view.call("setNow", now.isoformat())
        self._update_counts()

    def _job_title(self, outage_id: int) -> str | None:
        view = self.outage_model.outage(outage_id)
        return view.title if view else None

    # ------------------------------------------------------------------ selection
    def selected_outage_id(self) -> int | None:
        index = self.board.currentIndex()
        return index.data(OUTAGE_ID_ROLE) if index.isValid() else None

    def select_outage(self, outage_id: int, pan_map: bool = True) -> bool:
        """Make outage_id the board's current row (showing closed ones if needed)."""
        row = self.outage_proxy.proxy_row_of(outage_id)
        if row is None and self.outage_model.row_of(outage_id) is not None:
            self.search.clear()
            if self.outage_proxy.proxy_row_of(outage_id) is None:
                self.open_only.setChecked(False)
            row = self.outage_proxy.proxy_row_of(outage_id)
        if row is None:
            return False
        index = self.outage_proxy.index(row, COL_TITLE)
        self._syncing = not pan_map
        try:
            self.board.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._syncing = False
        self.board.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def _board_current_changed(self, current, _previous) -> None:
        has = current.isValid()
        for act in self.outage_actions:
            act.setEnabled(has)
        if not has:
            self.detail.clear()
            return
        outage_id = current.data(OUTAGE_ID_ROLE)
        self.map_view.select("outage", outage_id, pan=not self._syncing)
        self._load_detail(outage_id)
        self.outage_selected.emit(outage_id)

    def _load_detail(self, outage_id: int) -> None:
        self._detail_token += 1
        token = self._detail_token

        def done(detail: data.Detail) -> None:
            if token == self._detail_token:
                self.detail.show_detail(detail, self.outage_model.now())
                self.detail_shown.emit(outage_id)

        def failed(err: BaseException) -> None:
            if token == self._detail_token:
                if isinstance(err, NotFound):
                    self.detail.clear()
                else:
                    self._show_error(err)

        self.workers.submit(data.load_detail, self.db, outage_id, on_done=done, on_error=failed)

    def _map_feature_clicked(self, kind: str, feature_id: Any) -> None:
        if not isinstance(feature_id, int):
            return
        self._from_map = True
        try:
            if kind == "outage":
                self.select_outage(feature_id, pan_map=False)
            elif kind == "technician":
                self._show_technician(feature_id, pan_map=False)
            elif kind == "depot":
                self.side_tabs.setCurrentWidget(self.depot_panel)
                self.depot_panel.select_depot(feature_id)
        finally:
            self._from_map = False

    def _show_technician(self, tech_id: int, pan_map: bool = True) -> None:
        self.side_tabs.setCurrentWidget(self.tech_panel)
        if not self.tech_panel.select_technician(tech_id):
            self.tech_panel.on_duty_box.setChecked(False)
            self.tech_panel.select_technician(tech_id)
        if pan_map:
            self.map_view.select("technician", tech_id)

    def _map_clicked(self, lat: float, lon: float) -> None:
        self.last_map_click = (lat, lon)
        for listener in list(self._map_click_listeners):
            listener(lat, lon)

    def add_map_click_listener(self, fn) -> None:
        self._map_click_listeners.append(fn)

    def remove_map_click_listener(self, fn) -> None:
        if fn in self._map_click_listeners:
            self._map_click_listeners.remove(fn)

    # ------------------------------------------------------------------ map state
    def _map_ready(self) -> None:
        if self._tiles_state == "loading" and self.tiles.kind == "none":
            self._set_tiles_state("off")

    def _map_data_drawn(self, counts: dict) -> None:
        first = self._map_counts is None
        self._map_counts = counts
        current = self.selected_outage_id()
        if current is not None:
            self.map_view.select("outage", current, pan=False)
        if first:
            # The page was built empty: frame the work (open outages and their crews), not every depot.
            # No animation: a zoom animation over a storm of features would redraw them all for frames.
            self.map_view.fit_focus(animate=False)
        self.map_drawn.emit(counts)

    def _set_tiles_state(self, state: str) -> None:
        self._tiles_state = state
        self._update_tiles_label()
        self.tiles_changed.emit(state)

    def tiles_state(self) -> str:
        return self._tiles_state

    def _update_tiles_label(self) -> None:
        texts = {
            "loading": self.tr("Map tiles: loading"),
            "ok": self.tr("Map tiles: {source}").format(source=self._tile_name()),
            "unavailable": self.tr("Map tiles unavailable"),
            "off": self.tr("Map tiles: off"),
        }
        label = self.status_labels["tiles"]
        label.setText(texts.get(self._tiles_state, self._tiles_state))
        label.setProperty("warn", self._tiles_state == "unavailable")
        label.style().unpolish(label)
        label.style().polish(label)

    def _tile_name(self) -> str:
        return {"osm": "OpenStreetMap", "mbtiles": self.tr("offline file")}.get(self.tiles.kind, self.tiles.kind)

    # ------------------------------------------------------------------ database state
    def _set_db_state(self, state: str) -> None:
        if state == self._db_state:
            return
        self._db_state = state
        self._update_db_label()
        self.db_state_changed.emit(state)

    def db_state(self) -> str:
        return self._db_state

    def _update_db_label(self) -> None:
        texts = {
            "unknown": self.tr("database: connecting…"),
            "up": self.tr("database: connected"),
            "down": self.tr("database unreachable — retrying"),
        }
        label = self.status_labels["database"]
        label.setText(texts[self._db_state])
        label.setToolTip(self.sync.last_down_reason if self._db_state == "down" else self.db.url.split("://")[0])
        label.setProperty("warn", self._db_state == "down")
        label.style().unpolish(label)
        label.style().polish(label)

    def check_database(self) -> None:
        """Ask the database whether it answers (in a worker) and show the answer."""
        self.workers.submit(db_health, self.db,
                            on_done=lambda ok: self._set_db_state("up" if ok else "down"),
                            on_error=lambda _err: self._set_db_state("down"))

    def _update_counts(self) -> None:
        summary = self.outage_model.summary()
        labels = self.status_labels
        labels["open"].setText(self.tr("Open outages: {n}").format(n=summary["open"]))
        labels["customers"].setText(self.tr("Customers affected: {n}").format(n=f"{summary['customers']:,}".replace(",", "\u2009")))
        labels["technicians"].setText(self.tr("On duty: {n}").format(n=self.tech_model.on_duty_count()))
        labels["untold"].setText(self.tr("Not told > {limit} min: {n}").format(
            limit=self.outage_model.untold_limit(), n=summary["untold"]))
        labels["untold"].setProperty("warn", summary["untold"] > 0)
        labels["untold"].style().unpolish(labels["untold"])
        labels["untold"].style().polish(labels["untold"])

    # ------------------------------------------------------------------ actions
    def _selected_view(self):
        outage_id = self.selected_outage_id()
        return None if outage_id is None else self.outage_model.outage(outage_id)

    def new_outage(self) -> None:
        from .dialogs import NewOutageDialog

        dialog = NewOutageDialog(self)
        dialog.show()  # not modal: the map stays clickable to place the outage

    def assign_technician(self) -> None:
        from .dialogs import AssignDialog

        view = self._selected_view()
        if view is not None:
            AssignDialog(self, view).open()

    def change_status(self) -> None:
        from .dialogs import StatusDialog

        view = self._selected_view()
        if view is not None:
            StatusDialog(self, view).open()

    def set_eta(self) -> None:
        from .dialogs import EtaDialog

        view = self._selected_view()
        if view is not None:
            EtaDialog(self, view).open()

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        from .about_dialog import AboutDialog

        AboutDialog(self).open()

    def show_shortcuts(self) -> None:
        from .shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self).open()

    def focus_filter(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear_filter(self) -> None:
        self.search.clear()
        self.board.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_side_tab(self, panel) -> None:
        self.side_tabs.setCurrentWidget(panel)
        panel.setFocus(Qt.FocusReason.ShortcutFocusReason)
        panel.focusNextChild()

    def run_action(self, fn, *args, on_done=None, on_error=None, **kwargs) -> None:
        """A write through a service, in a worker; the sync thread brings the change back to the board."""
        def done(result):
            self._set_db_state("up")
            if on_done is not None:
                on_done(result)

        def failed(err):
            if isinstance(err, StoreUnavailable):
                self.check_database()  # "busy" is not "down": ask before turning the light red
            if on_error is not None:
                on_error(err)
            else:
                self._show_error(err)

        self.workers.submit(fn, self.db, *args, on_done=done, on_error=failed, **kwargs)

    def _show_error(self, err: BaseException, title: str | None = None) -> None:
        if isinstance(err, DispatchError):
            message = str(err)
        else:
            log.error("unexpected error", exc_info=err)
            message = self.tr("Unexpected error: {err}").format(err=f"{type(err).__name__}: {err}")
        self.statusBar().showMessage(message, 10_000)
        box = QMessageBox(QMessageBox.Icon.Warning, title or self.tr("Dispatch console"), message,
                          QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()

    # ------------------------------------------------------------------ lifecycle
    def _layout_tables(self) -> list[QTableView]:
        return [t for t in self.findChildren(QTableView) if t.objectName()]

    def save_layout(self, settings: QSettings) -> None:
        """Window geometry, toolbars, splitters, every named table's columns and sort, the side tab."""
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        for name, split in (("left", self.left), ("right", self.right), ("main", self.main_split)):
            settings.setValue(f"window/split_{name}", split.saveState())
        for table in self._layout_tables():
            header = table.horizontalHeader()
            settings.setValue(f"window/table_{table.objectName()}", header.saveState())
            settings.setValue(f"window/table_{table.objectName()}_columns", header.count())
        settings.setValue("window/side_tab", self.side_tabs.currentIndex())
        settings.sync()

    def restore_layout(self, settings: QSettings) -> None:
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        for name, split in (("left", self.left), ("right", self.right), ("main", self.main_split)):
            state = settings.value(f"window/split_{name}")
            if state is not None:
                split.restoreState(state)
        for table in self._layout_tables():
            header = table.horizontalHeader()
            state = settings.value(f"window/table_{table.objectName()}")
            columns = settings.value(f"window/table_{table.objectName()}_columns")
            # A release that added or removed a column starts from the default widths instead.
            if state is not None and columns is not None and int(columns) == header.count():
                header.restoreState(state)
        tab = settings.value("window/side_tab")
        if tab is not None and 0 <= int(tab) < self.side_tabs.count():
            self.side_tabs.setCurrentIndex(int(tab))

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.clock.stop()
        self.sync.stop()
        self.workers.shutdown()
        self.map_view.release()
        super().closeEvent(event)
