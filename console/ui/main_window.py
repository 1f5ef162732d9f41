"""The dispatcher's main window: outage board and panels on the left, map and details on the right.

Data flow: one snapshot at start, then the change feed is polled every 1.5 s in a worker and
only what changed is reloaded; the map page is built once and fed through its JS API.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

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

from console.domain.errors import DispatchError, NotFound
from console.domain.timeutil import utcnow
from console.map import TileSource, write_page
from console.services.uow import Db

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
from .technician_panel import TechnicianPanel, TechnicianTableModel
from .workers import Workers

log = logging.getLogger(__name__)

POLL_MS = 1500
CLOCK_MS = 30_000


class MainWindow(QMainWindow):
    """Signals for whoever drives the window (the app's --screenshot, tests, benchmarks):

    snapshot_applied(): the tables hold the first (or a reloaded) full data set.
    map_drawn(dict): the map drew a full data set; the dict is dispatchMap.counts().
    delta_applied(object): a data.Delta from the change feed was applied.
    detail_shown(int): the detail pane shows that outage.
    outage_selected(int): the board's current outage changed (from any side).
    """

    snapshot_applied = Signal()
    map_drawn = Signal(dict)
    delta_applied = Signal(object)
    detail_shown = Signal(int)
    outage_selected = Signal(int)
    tiles_changed = Signal(str)

    def __init__(self, db: Db, tiles: TileSource | str = "osm", cache_dir: str | Path | None = None,
                 web_cache_dir: str | Path | None = None, poll_ms: int = POLL_MS, parent=None):
        super().__init__(parent)
        self.db = db
        self.tiles = TileSource.parse(tiles)
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.setWindowTitle(self.tr("Outage Dispatch Console"))
        self.setObjectName("mainWindow")

        self.workers = Workers(self)
        self.workers.error.connect(self._show_error)
        self._last_change_id: int | None = None
        self._polling = False
        self._detail_token = 0
        self._syncing = False
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

        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(poll_ms)
        self.poll_timer.timeout.connect(self.poll_changes)
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
        for col, width in ((COL_ID, 44), (COL_TITLE, 192), (COL_STATUS, 140), (COL_CUSTOMERS, 88),
                           (COL_AGE, 66), (COL_ETA, 86), (COL_TOLD, 84), (COL_CREW, 130), (COL_CAUSE, 130)):
            header.resizeSection(col, width)
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
        self.act_refresh = self.add_action("view", self.tr("Reload"), "F5", self.reload,
                                           self.tr("Reload everything from the database"), toolbar=True)
        self.act_quit = self.add_action("file", self.tr("Quit"), "Ctrl+Q", self.close,
                                        self.tr("Close the console"))
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)

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
        for key in ("open", "customers", "technicians", "untold", "tiles"):
            label = QLabel(self)
            label.setObjectName(f"status_{key}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)
            self.status_labels[key] = label
        self._update_counts()
        self._update_tiles_label()

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
        self.tech_panel.technician_selected.connect(lambda tid: self.map_view.select("technician", tid))
        self.depot_panel.depot_selected.connect(lambda did: self.map_view.select("depot", did))
        self.detail.technician_activated.connect(self._show_technician)

    # ------------------------------------------------------------------ startup and data
    def start(self) -> None:
        """Build the map page and load the data, both in workers; then poll the change feed."""
        self.statusBar().showMessage(self.tr("Loading outages, technicians and depots…"))
        self._build_map_page()
        self.reload()
        self.poll_timer.start()
        self.clock.start()

    def _build_map_page(self) -> None:
        page_dir = (self.cache_dir or Path.home() / ".cache" / "dispatch-console") / "map"
        self.workers.submit(write_page, page_dir, None, self.tiles, True,
                            on_done=self.map_view.load_page,
                            on_error=lambda err: self._show_error(err, self.tr("The map could not be built")))

    def reload(self) -> None:
        self.workers.submit(data.load_snapshot, self.db, on_done=self._apply_snapshot)

    def is_loaded(self) -> bool:
        """The first data set is in the tables and drawn on the map."""
        return self._loaded and self._map_counts is not None

    def map_counts(self) -> dict | None:
        return self._map_counts

    def _apply_snapshot(self, snap: data.Snapshot) -> None:
        # In steps with the event loop in between, so a storm-sized reload never holds the
        # GUI thread for long: map first (the page works on it in its own process), then tables.
        self._last_change_id = snap.change_id
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
        self._update_counts()
        self.statusBar().showMessage(self.tr("Loaded %n outage(s)", "", len(snap.outages)), 4000)
        if selected is not None:
            self.select_outage(selected, pan_map=False)
        elif self.outage_proxy.rowCount() > 0:
            # Start on the most pressing outage (top of the board) so the details are never idle.
            self.select_outage(self.outage_proxy.index(0, 0).data(OUTAGE_ID_ROLE), pan_map=False)
        self.snapshot_applied.emit()

    def poll_changes(self) -> None:
        if self._polling or self._last_change_id is None:
            return
        self._polling = True
        self.workers.submit(data.load_changes, self.db, self._last_change_id,
                            on_done=self._apply_delta, on_error=self._poll_failed)

    def _poll_failed(self, err: BaseException) -> None:
        self._polling = False
        self.statusBar().showMessage(self.tr("Database unreachable: {err}").format(err=str(err)), 10_000)

    def _apply_delta(self, delta: data.Delta) -> None:
        self._polling = False
        if not delta:
            self._last_change_id = delta.last_id
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
        if not self._syncing:
            self.map_view.select("outage", outage_id)
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
        if kind == "outage":
            self.select_outage(feature_id, pan_map=False)
        elif kind == "technician":
            self._show_technician(feature_id, pan_map=False)
        elif kind == "depot":
            self.side_tabs.setCurrentWidget(self.depot_panel)
            self.depot_panel.select_depot(feature_id)

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
            self.map_view.select("outage", current)
        if first:
            # The page was built empty: frame the whole first data set (after select, which zooms in).
            self.map_view.fit_all()
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

    def _update_counts(self) -> None:
        summary = self.outage_model.summary()
        labels = self.status_labels
        labels["open"].setText(self.tr("Open outages: {n}").format(n=summary["open"]))
        labels["customers"].setText(self.tr("Customers affected: {n}").format(n=f"{summary['customers']:,}".replace(",", "\u2009")))
        labels["technicians"].setText(self.tr("On duty: {n}").format(n=self.tech_model.on_duty_count()))
        labels["untold"].setText(self.tr("Not told > 60 min: {n}").format(n=summary["untold"]))
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

    def run_action(self, fn, *args, on_done=None, on_error=None, **kwargs) -> None:
        """A write through a service, in a worker; afterwards the change feed is read at once."""
        def done(result):
            if on_done is not None:
                on_done(result)
            self.poll_changes()

        def failed(err):
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
    def save_layout(self, settings: QSettings) -> None:
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        for name, split in (("left", self.left), ("right", self.right), ("main", self.main_split)):
            settings.setValue(f"window/split_{name}", split.saveState())

    def restore_layout(self, settings: QSettings) -> None:
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        for name, split in (("left", self.left), ("right", self.right), ("main", self.main_split)):
            state = settings.value(f"window/split_{name}")
            if state is not None:
                split.restoreState(state)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.poll_timer.stop()
        self.clock.stop()
        self.workers.shutdown()
        self.map_view.release()
        super().closeEvent(event)
