"""Starting the console window: the QApplication, its look, the database, --demo and --screenshot."""
from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import platformdirs

from console.domain.errors import DispatchError, ValidationError

from .resources import resource_path

log = logging.getLogger(__name__)

APP_NAME = "dispatch-console"
SCREENSHOT_TIMEOUT_S = 90
# After the map has drawn its data, the compositor needs a few frames before a grab shows it.
SCREENSHOT_SETTLE_MS = 1200
CHART_WAIT_S = 10

# Calm, low-contrast chrome for a twelve-hour shift; strong colour is kept for states that
# need attention (overdue ETA, untold customers, tile trouble).
STYLE_SHEET = """
QMainWindow, QWidget#boardBox { background: #f3f5f7; }
QToolBar#mainToolbar { background: #e8ecf0; border: none; border-bottom: 1px solid #d3d9df;
    padding: 3px 6px; spacing: 4px; }
QToolBar#mainToolbar QToolButton { padding: 5px 12px; border-radius: 4px; color: #1f2937; }
QToolBar#mainToolbar QToolButton:hover { background: #d9e1e8; }
QToolBar#mainToolbar QToolButton:pressed { background: #c9d3dc; }
QToolBar#mainToolbar QToolButton:disabled { color: #9aa4ae; }
QTableView, QTreeWidget { background: #ffffff; alternate-background-color: #f6f8fa;
    gridline-color: #e5e9ed; border: 1px solid #d3d9df; selection-background-color: #cfe3f7;
    selection-color: #0f172a; }
QHeaderView::section { background: #eef1f4; color: #374151; padding: 4px 6px; border: none;
    border-right: 1px solid #dde2e7; border-bottom: 1px solid #d3d9df; font-weight: 600; }
QLabel#sectionCaption { font-weight: 600; color: #1f2937; padding-right: 6px; }
QLabel#fieldCaption { color: #6b7280; }
QLabel#detailTitle { color: #0f172a; }
QLabel#detailEmpty { color: #6b7280; }
QFrame#separator { color: #d3d9df; }
QLineEdit { padding: 4px 6px; border: 1px solid #c9d1d9; border-radius: 4px; background: #ffffff; }
QTabWidget::pane { border: none; }
QTabBar::tab { padding: 5px 14px; color: #4b5563; }
QTabBar::tab:selected { color: #0f172a; border-bottom: 2px solid #2563eb; }
QSplitter::handle { background: #e1e6eb; }
QStatusBar { background: #e8ecf0; border-top: 1px solid #d3d9df; color: #1f2937; }
QStatusBar QLabel { padding: 2px 8px; border-left: 1px solid #d3d9df; }
QStatusBar QLabel[warn="true"] { color: #92400e; font-weight: 600; }
"""


def parse_size(text: str | None) -> tuple[int, int]:
    raw = (text or "1600x1000").lower().replace(" ", "")
    try:
        width, height = (int(part) for part in raw.split("x"))
    except ValueError:
        raise ValidationError(f"malformed --size {text!r}; use WIDTHxHEIGHT such as 1600x1000") from None
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise ValidationError(f"--size {text!r} is out of range (320x240 to 8000x8000)")
    return width, height


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def tile_source_spec() -> str:
    """DISPATCH_TILES (osm, none, mbtiles:FILE), else the saved setting, else OpenStreetMap."""
    env = os.environ.get("DISPATCH_TILES", "").strip()
    if env:
        return env
    from . import workstation

    return workstation.load().tiles


def open_database(db_url: str | None, demo: bool):
    """The database handle; --demo gets a fresh demo database file, recreated on every start.
    Writes are audited under the dispatcher name from the settings dialog."""
    from console.services import demo as demo_data
    from console.services.uow import Db

    from . import workstation

    actor = workstation.dispatcher_name()
    if not demo:
        return Db.open(workstation.database_url(db_url), actor=actor)
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo" / "demo.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = Db.open(f"sqlite:///{path}", actor=actor)
    demo_data.load_demo(db)
    return db


def chosen_language(lang: str | None) -> str:
    """--lang, else the language saved in the settings dialog, else the system locale's."""
    from PySide6.QtCore import QLocale

    from . import workstation

    if lang in workstation.LANGUAGES:
        return lang
    saved = workstation.load().language
    if saved:
        return saved
    return "sv" if QLocale.system().name().startswith("sv") else "en"


def install_translator(app, lang: str | None) -> str:
    """Swedish: our strings, Qt's own (standard buttons, context menus) and Swedish number and
    date formats; English: the plural forms. Returns the language in use ("sv" or "en")."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    lang = chosen_language(lang)
    if lang == "en":
        # English is the source language; this catalogue only says "1 page" and "3 pages".
        plurals = QTranslator(app)
        if plurals.load(str(resource_path("i18n", "dispatch_en.qm"))):
            app.installTranslator(plurals)
            app._console_translators = [plurals]
        return "en"
    QLocale.setDefault(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))
    translators = []
    ours = QTranslator(app)
    if ours.load(str(resource_path("i18n", f"dispatch_{lang}.qm"))):
        translators.append(ours)
    else:
        log.warning("no %s translation found at %s", lang, resource_path("i18n"))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in (f"qtbase_{lang}",):
        qt = QTranslator(app)
        if qt.load(name, qt_dir):
            translators.append(qt)
    for translator in translators:
        app.installTranslator(translator)
    app._console_translators = translators  # keep them alive with the app
    return lang


def make_app(argv: list[str] | None = None):
    """The QApplication with the console's look; schemes are registered before it exists."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QFont, QIcon
    from PySide6.QtWidgets import QApplication

    from .map_view import register_schemes

    register_schemes()
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        app = QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName("Outage Dispatch Console")
    apply_style(app)
    icon = resource_path("icons", "dispatch-console-256.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    font = QFont(app.font())
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    return app


def apply_style(app) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE_SHEET)


def run(db_url: str | None = None, demo: bool = False, screenshot: str | None = None,
        size: str | None = None, lang: str | None = None, tiles: str | None = None, zoom: int = 0,
        board_filter: str | None = None) -> int:
    """The console window. Returns the process exit code."""
    logging.basicConfig(level=os.environ.get("DISPATCH_LOG", "WARNING"))
    if screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    width, height = parse_size(size)
    app = make_app()
    install_translator(app, lang)
    from PySide6.QtCore import QSettings

    from console.map import TileSource

    from .main_window import MainWindow

    try:
        db = open_database(db_url, demo)
        source = TileSource.parse(tiles or tile_source_spec())
    except DispatchError as err:
        print(f"dispatch-console: error: {err}", file=sys.stderr)
        return 2

    window = MainWindow(db, source, cache_dir=cache_dir(), web_cache_dir=cache_dir() / "web")
    settings = QSettings()
    if screenshot:
        window.resize(width, height)
    else:
        window.resize(width, height)
        window.restore_layout(settings)
    started = time.perf_counter()
    # Shown and painted before the workers start (see startup.py: they would starve it of the GIL).
    from .startup import show_and_start

    show_and_start(window, app)

    if screenshot:
        return _screenshot(app, window, Path(screenshot), started, zoom, board_filter)

    code = app.exec()
    window.save_layout(settings)
    return code


def _screenshot(app, window, out: Path, started: float, zoom: int = 0, board_filter: str | None = None) -> int:
    from PySide6.QtCore import QTimer

    result = {"code": None}

    def arrange() -> None:
        # What a dispatcher would do before looking: type a filter, zoom the fitted map.
        if board_filter:
            window.search.setText(board_filter)
        if zoom:
            window.map_view.run_js(f"window.dispatchMap.map.setZoom(window.dispatchMap.map.getZoom() + {int(zoom)}, "
                                   "{animate: false}); true")
        QTimer.singleShot(SCREENSHOT_SETTLE_MS, grab)

    chart_wait = {"until": None}

    def grab() -> None:
        # The picture shows what a dispatcher sees a moment later: the selected outage's ETA chart
        # drawn, not "Drawing the ETA chart…" (bounded: a chart that fails is shown failing).
        chart = window.detail.eta_chart
        if chart.isVisible() and window.selected_outage_id() is not None and chart.drawn_for is None:
            chart_wait["until"] = chart_wait["until"] or time.perf_counter() + CHART_WAIT_S
            if time.perf_counter() < chart_wait["until"]:
                QTimer.singleShot(100, grab)
                return
        out.parent.mkdir(parents=True, exist_ok=True)
        if window.grab().save(str(out)):
            elapsed = time.perf_counter() - started
            counts = window.map_counts() or {}
            print(f"saved {out} ({window.width()}x{window.height()}) after {elapsed:.1f} s; map shows "
                  f"{counts.get('outages', 0)} outages, {counts.get('technicians', 0)} technicians, "
                  f"{counts.get('depots', 0)} depots; tiles: {window.tiles_state()}"
                  + ("; region basemap: {roads} roads, {water} water, {places} places".format(**counts["basemap"])
                     if counts.get("basemap") else ""))
            result["code"] = 0
        else:
            print(f"dispatch-console: error: could not write {out}", file=sys.stderr)
            result["code"] = 1
        window.close()
        app.quit()

    def check() -> None:
        if window.is_loaded():
            poll.stop()
            QTimer.singleShot(SCREENSHOT_SETTLE_MS, arrange if (zoom or board_filter) else grab)
        elif time.perf_counter() - started > SCREENSHOT_TIMEOUT_S:
            poll.stop()
            print("dispatch-console: error: the window did not finish loading for the screenshot",
                  file=sys.stderr)
            result["code"] = 1
            window.close()
            app.quit()

    poll = QTimer(window)
    poll.setInterval(100)
    poll.timeout.connect(check)
    poll.start()
    app.exec()
    return 1 if result["code"] is None else result["code"]
