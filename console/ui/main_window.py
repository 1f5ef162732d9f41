"""The dispatcher's main window: outage board and panels on the left, map and details on the right.

Data flow (docs/ARCHITECTURE.md): the live state (ui/live_state.py) holds the snapshot and the
change feed's deltas and signals each kind of change; the window hands them to the models and
panels that show them. Its commands are in ui/window_actions.py, its status bar in ui/status_bar.py;
the map page is built once and fed through its JS API.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt, QTimer, Signal
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
from .error_words import error_text
from .map_view import MapView
from .board_filter import BoardFilterSync, StatusFilterCombo
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
from .live_state import LiveState
from .loans_panel import LoansPanel
from .map_words import page_labels
from .status_bar import StatusLabels
from .technician_panel import TechnicianPanel, TechnicianTableModel
from .widgets import grow_to_content, set_column_widths, show_elided_tips
from .window_actions import WindowActions
from .workers import Workers

log = logging.getLogger(__name__)


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
        self.live = LiveState(db, self.workers, self)
        self.sync = self.live.sync
        self._db_state = "unknown"
        self._detail_token = 0
        self._syncing = False
        self._from_map = False  # a selection that started with a click on the map: highlight, don't move it
        self._loaded = False
        self._map_counts: dict | None = None
        self._basemap_key: tuple | None = None  # which region basemap the page has (data.Snapshot)
        self._basemap_pending = False
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
        self.detail = DetailPane(self, workers=self.workers)
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

        from .handover_ui import HandoverController
        from .technician_actions import TechnicianActions

        self.loans_panel = LoansPanel(self)
        self.side_tabs.addTab(self.loans_panel, self.tr("Loaners"))
        from .unregistered_panel import UnregisteredPanel

        self.unlinked_panel = UnregisteredPanel(self)
        self.side_tabs.addTab(self.unlinked_panel, self.tr("Unlinked phones"))
        self.handover = HandoverController(self)
        self.commands = WindowActions(self)
        self.technician_actions = TechnicianActions(self)
        from .context_menus import ContextMenus
        from .detail_supply import wire_supply_tab

        self.context_menus = ContextMenus(self)
        wire_supply_tab(self)
        self.status = StatusLabels(self.statusBar())
        self.status_labels = self.status.labels
        self._update_counts()
        self._update_tiles_label()
        self._update_db_label()
        self._wire()
        from .notice_offers import NoticeOffers

        self.notice_offers = NoticeOffers(self)  # restored / long outages: offer the notice then

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
        self.status_filter = StatusFilterCombo(self.board_box)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.open_only)
        self.match_count = QLabel(self.board_box)
        self.match_count.setObjectName("matchCount")
        self.match_count.setVisible(False)

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
        grow_to_content(self.board, COL_TITLE, COL_CREW)
        show_elided_tips(self.board)
        self.board.setSortingEnabled(True)
        self.board.sortByColumn(COL_TOLD, Qt.SortOrder.DescendingOrder)

        col = QVBoxLayout(self.board_box)
        col.setContentsMargins(8, 6, 4, 4)
        col.setSpacing(6)
        col.addLayout(bar)
        col.addWidget(self.match_count)
        col.addWidget(self.board, 1)

    def _wire(self) -> None:
        self.search.textChanged.connect(self.outage_proxy.set_search)
        self.search.textChanged.connect(self._keep_a_match_selected)
        self.open_only.toggled.connect(self.outage_proxy.set_open_only)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.outage_proxy.set_status(self.status_filter.status()))
        self.status_filter.currentIndexChanged.connect(lambda _i: self._keep_a_match_selected(""))
        self.board_filter = BoardFilterSync(self.outage_proxy, self.match_count, self.map_view, self)
        self.search.textChanged.connect(self.board_filter.criteria_changed)
        self.status_filter.currentIndexChanged.connect(self.board_filter.criteria_changed)
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
        self.detail.run_requested.connect(self._run_requested)
        self.detail_shown.connect(self._load_notices)
        self.loans_panel.state_loaded.connect(
            lambda state: self.status.show_loans(state.counts.get("out", 0), state.counts.get("to_collect", 0)))
        live = self.live
        live.snapshot.connect(self._apply_snapshot)
        live.outages.connect(self._outages_changed)
        live.technicians.connect(self.tech_model.upsert)
        live.depots.connect(self.depot_model.set_depots)
        live.map_scripts.connect(lambda scripts: [self.map_view.run_js(s) for s in scripts])
        live.settings_changed.connect(lambda _settings: self._update_counts())
        live.notices.connect(lambda _ids: self._reload_notices())
        live.delta.connect(self._delta_done)
        live.tick.connect(self._tick)
        live.tick.connect(self.detail.set_now)
        live.db_state.connect(self._set_db_state)
        live.load_failed.connect(self._reload_failed)

    # ------------------------------------------------------------------ startup and data
    def start(self) -> None:
        """Build the map page and load the data, both in workers; then follow the change feed."""
        self.statusBar().showMessage(self.tr("Loading outages, technicians and depots…"))
        self._build_map_page()
        self.live.start()

    def _build_map_page(self) -> None:
        page_dir = (self.cache_dir or Path(platformdirs.user_cache_dir("dispatch-console", appauthor=False))) / "map"
        self.workers.submit(write_page, page_dir, None, self.tiles, True, labels=page_labels(),
                            on_done=self.map_view.load_page,
                            on_error=lambda err: self._show_error(err, self.tr("The map could not be built")))

    def reload(self) -> None:
        self.live.reload()

    def _reload_failed(self, err: BaseException) -> None:
        if isinstance(err, StoreUnavailable):
            self.statusBar().showMessage(error_text(err), 5000)
        else:
            self._show_error(err)

    def is_loaded(self) -> bool:
        """The first data set is in the tables and drawn on the map (with the region's basemap, if any)."""
        return self._loaded and self._map_counts is not None and not self._basemap_pending

    def _load_basemap(self, key: tuple | None) -> None:
        """The region's roads, water and places for the map, read and serialised in a worker: a county
        takes seconds, and the outages are on the map meanwhile."""
        self._basemap_key = key
        self._basemap_pending = True

        def done(result: tuple) -> None:
            got, script = result
            if key != self._basemap_key:
                return  # a newer snapshot asked for another one meanwhile
            self._basemap_key = key if got is None or got == key else got
            self.map_view.run_js(script, lambda _answer: self.map_view.counts(self._basemap_drawn))

        def failed(err: BaseException) -> None:
            log.warning("the region's basemap could not be loaded: %s", err)
            self._basemap_pending = False

        self.workers.submit(data.basemap_script, self.db, key, on_done=done, on_error=failed)

    def _basemap_drawn(self, counts: dict | None) -> None:
        self._basemap_pending = False
        if counts and self._map_counts is not None:
            self._map_counts = counts

    def map_counts(self) -> dict | None:
        return self._map_counts

    def _apply_snapshot(self, snap: data.Snapshot) -> None:
        # In steps with the event loop in between, so a storm-sized reload never holds the
        # GUI thread for long: map first (the page works on it in its own process), then tables.
        selected = self.selected_outage_id()
        self.map_view.set_data_js(snap.map_js)
        if snap.basemap_key != self._basemap_key:
            self._load_basemap(snap.basemap_key)
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

    def _outages_changed(self, views: list) -> None:
        self.outage_model.upsert(views)
        self.tech_model.refresh_jobs()

    def _delta_done(self, delta: data.Delta) -> None:
        """After the live state handed each part of a delta to its panel: what depends on all of it."""
        if delta.reload_all:
            self.delta_applied.emit(delta)
            return
        self._update_counts()
        if self.pending_selection is not None and self.outage_model.row_of(self.pending_selection) is not None:
            pending, self.pending_selection = self.pending_selection, None
            self.select_outage(pending)
        current = self.selected_outage_id()
        if current is not None and (any(o.id == current for o in delta.outages) or any(
                t.outage_id == current for t in delta.technicians)):
            self._load_detail(current)
        self.delta_applied.emit(delta)

    def _tick(self, now) -> None:
        self.outage_model.set_now(now)
        self.tech_model.set_now(now)
        self.depot_model.set_now(now)
        # The page judges stale positions, passed ETAs and darkness by the console's clock, not its own.
        if self._loaded:
            self.map_view.call("setNow", now.isoformat())
        self._update_counts()

    def _run_requested(self, action: str, run) -> None:
        from .restock_dialog import handle_run_request

        handle_run_request(self, action, run)

    def _load_notices(self, outage_id: int) -> None:
        from console.services.notices import list_notices

        self.workers.submit(list_notices, self.db, outage_id,
                            on_done=lambda notices: self.detail.show_notices(outage_id, notices),
                            on_error=lambda _err: None)  # gone meanwhile: the detail pane says so

    def _reload_notices(self) -> None:
        current = self.selected_outage_id()
        if current is not None:
            self._load_notices(current)

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

    def _keep_a_match_selected(self, _text: str) -> None:
        # Ctrl+F, "#2", Ctrl+E must set #2's ETA: when typing filters the selection away, the first
        # match becomes the selection (the focus stays in the filter box).
        if not self.board.currentIndex().isValid() and self.outage_proxy.rowCount() > 0:
            self.board.setCurrentIndex(self.outage_proxy.index(0, 0))

    def _board_current_changed(self, current, _previous) -> None:
        has = current.isValid()
        self.commands.outage_selected(has)
        if not has:
            self.detail.clear()
            return
        outage_id = current.data(OUTAGE_ID_ROLE)
        self.map_view.select("outage", outage_id, pan=not self._syncing)
        self._load_detail(outage_id)
        self.outage_selected.emit(outage_id)

    def _show_premises(self, detail: data.Detail) -> None:
        """The selected outage's affected premises as dots (their own layer, see premises_layer.js)."""
        from console.map.premises import premises_js

        points = [(c.lat, c.lon, c.ref, c.name) for c in detail.customers]
        if getattr(self, "_premises_shown", None) == points:
            return  # the same dots: no page update for a delta that changed something else
        self._premises_shown = points
        self.map_view.run_js(premises_js(points))

    def _load_detail(self, outage_id: int) -> None:
        self._detail_token += 1
        token = self._detail_token

        def done(detail: data.Detail) -> None:
            if token == self._detail_token:
                self.detail.show_detail(detail, self.outage_model.now())
                self._show_premises(detail)
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
        self._premises_shown = None  # a page (re)loaded has no premises dots yet
        if self._tiles_state == "loading" and self.tiles.kind == "none":
            self._set_tiles_state("off")

    def _map_data_drawn(self, counts: dict) -> None:
        self.board_filter.map_reloaded()
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
        self.status.show_tiles(self._tiles_state, self._tile_name())

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
        self.status.show_database(self._db_state, self.live.last_down_reason if self._db_state == "down"
                                  else self.db.url.split("://")[0])

    def check_database(self) -> None:
        """Ask the database whether it answers (in a worker) and show the answer."""
        self.workers.submit(db_health, self.db,
                            on_done=lambda ok: self._set_db_state("up" if ok else "down"),
                            on_error=lambda _err: self._set_db_state("down"))

    def _update_counts(self) -> None:
        summary = self.outage_model.summary()
        settings = self.live.settings
        self.status.show_counts(summary["open"], summary["customers"], self.tech_model.on_duty_count(),
                                summary["untold"], settings.info_gap_minutes if settings else 60)

    # ------------------------------------------------------------------ actions
    def selected_view(self):
        outage_id = self.selected_outage_id()
        return None if outage_id is None else self.outage_model.outage(outage_id)

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
            message = error_text(err)
        else:
            log.error("unexpected error", exc_info=err)
            message = self.tr("Something unexpected went wrong; the details are in the log.")
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
        self.live.stop()
        runner = getattr(self, "delivery_runner", None)  # notices_dialog.delivery_runner_of
        if runner is not None:
            runner.stop()  # the message in flight finishes; the rest stay queued for the next start
        self.workers.shutdown()
        self.map_view.release()
        super().closeEvent(event)
