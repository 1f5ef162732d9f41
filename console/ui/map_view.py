"""The map in a QWebEngineView: the page is built once, then fed data through window.dispatchMap.

What leaves the machine is decided here: a request interceptor lets through local files,
Qt's own resources, data: URLs and our mbtiles: scheme, plus the configured tile host and
nothing else. Tiles are fetched with an identifying User-Agent (the OpenStreetMap tile
policy asks for one) and kept in the profile's on-disk HTTP cache, so a workstation that
has seen an area keeps it after the network goes.
"""
from __future__ import annotations

import json
import logging
import re
import sqlite3
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QObject, QPoint, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)
from PySide6.QtWebEngineWidgets import QWebEngineView

from console import __version__
from console.map import TileSource, js_call
from console.map.features import js_query

log = logging.getLogger(__name__)

MBTILES_SCHEME = b"mbtiles"
LOCAL_SCHEMES = frozenset({"file", "qrc", "data", "blob", "about", "mbtiles"})
USER_AGENT = (f"DispatchConsole/{__version__} (fiber outage dispatch console; "
              f"Qt WebEngine) tile requests for an operator's own dispatchers")
TILE_CACHE_BYTES = 512 * 1024 * 1024

_schemes_registered = False


def register_schemes() -> None:
    """Declare the mbtiles: URL scheme; Qt requires this before the QApplication exists."""
    global _schemes_registered
    if _schemes_registered or QWebEngineUrlScheme.schemeByName(MBTILES_SCHEME).name():
        _schemes_registered = True
        return
    scheme = QWebEngineUrlScheme(MBTILES_SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
    scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme | QWebEngineUrlScheme.Flag.LocalAccessAllowed
                    | QWebEngineUrlScheme.Flag.CorsEnabled)
    QWebEngineUrlScheme.registerScheme(scheme)
    _schemes_registered = True


class RequestGuard(QWebEngineUrlRequestInterceptor):
    """Blocks every request except local ones and the tile source's own host."""

    blocked = Signal(str)

    def __init__(self, tiles: TileSource, parent: QObject | None = None):
        super().__init__(parent)
        # The one remote origin allowed (None: nothing remote at all).
        self.tile_origin = tiles.origin if tiles.kind != "mbtiles" else None
        self.blocked_urls: list[str] = []
        self.allowed_remote = 0

    def allows(self, url: QUrl) -> bool:
        scheme = url.scheme().lower()
        if scheme in LOCAL_SCHEMES:
            return True
        if self.tile_origin and scheme in ("http", "https"):
            origin = f"{scheme}://{url.authority().lower()}"
            return origin == self.tile_origin.lower()
        return False

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        if self.allows(url):
            if url.scheme() in ("http", "https"):
                self.allowed_remote += 1
            return
        info.block(True)
        text = url.toString()
        if len(self.blocked_urls) < 200:
            self.blocked_urls.append(text)
        log.info("blocked a request from the map page: %s", text)
        self.blocked.emit(text)


_TILE_PATH = re.compile(r"^/?(?:tiles/)?(\d{1,2})/(\d{1,7})/(\d{1,7})\.(?:png|jpg|jpeg|webp|pbf)$")


class MBTilesHandler(QWebEngineUrlSchemeHandler):
    """Serves mbtiles://tiles/{z}/{x}/{y}.png from an MBTiles (SQLite) file.

    MBTiles stores rows in TMS order (origin bottom-left), Leaflet asks in XYZ order.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._path: str | None = None
        self._conn: sqlite3.Connection | None = None
        self._mime = b"image/png"

    def set_path(self, path: str | None) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._path = path
        if path:
            if not Path(path).is_file():
                log.warning("MBTiles file not found: %s", path)
                return
            self._conn = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True,
                                         check_same_thread=False)
            row = self._conn.execute("SELECT value FROM metadata WHERE name = 'format'").fetchone()
            fmt = (row[0] if row else "png").lower()
            self._mime = {"jpg": b"image/jpeg", "jpeg": b"image/jpeg", "webp": b"image/webp"}.get(
                fmt, b"image/png")

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        if self._conn is None:
            return None
        row = self._conn.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
            (z, x, (1 << z) - 1 - y),
        ).fetchone()
        return bytes(row[0]) if row else None

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        match = _TILE_PATH.match(url.host() + url.path() if url.host() else url.path())
        if not match:
            job.fail(QWebEngineUrlRequestJob.Error.UrlInvalid)
            return
        try:
            data = self.tile(*(int(g) for g in match.groups()))
        except sqlite3.Error as err:
            log.warning("MBTiles read failed: %s", err)
            job.fail(QWebEngineUrlRequestJob.Error.RequestFailed)
            return
        if data is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        buffer = QBuffer(parent=job)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(self._mime, buffer)


_profiles: dict[str, tuple[QWebEngineProfile, MBTilesHandler]] = {}


def shared_profile(cache_dir: str | Path | None) -> tuple[QWebEngineProfile, MBTilesHandler]:
    """One profile per cache folder for the whole process (Qt allows one user per storage path).

    With a cache folder: a persistent on-disk HTTP cache for tiles. Without: an in-memory
    profile (tests, screenshots).
    """
    key = str(cache_dir or "")
    if key in _profiles:
        return _profiles[key]
    app = QCoreApplication.instance()
    if cache_dir:
        root = Path(cache_dir)
        root.mkdir(parents=True, exist_ok=True)
        profile = QWebEngineProfile("dispatch-console", app)
        profile.setPersistentStoragePath(str(root / "storage"))
        profile.setCachePath(str(root / "http-cache"))
        profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.DiskHttpCache)
        profile.setHttpCacheMaximumSize(TILE_CACHE_BYTES)
    else:
        profile = QWebEngineProfile(app)
        profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
    profile.setHttpUserAgent(USER_AGENT)
    profile.setPersistentCookiesPolicy(QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies)
    handler = MBTilesHandler(profile)
    profile.installUrlSchemeHandler(MBTILES_SCHEME, handler)
    _profiles[key] = (profile, handler)
    return profile, handler


class MapBridge(QObject):
    """The object the page sees as `bridge` over QWebChannel. Slots are called from JS."""

    feature_clicked = Signal(str, object)   # kind ("outage", "technician", "depot"), id
    feature_menu = Signal(str, object, float, float)  # kind, id, x, y in the page's CSS pixels
    map_clicked = Signal(float, float)      # lat, lon
    tiles_status = Signal(bool)
    ready = Signal()
    area_drawn = Signal(str)  # JSON text from area_draw.js: {state, points}

    @Slot(str, "QVariant")
    def featureClicked(self, kind: str, feature_id: Any) -> None:
        if isinstance(feature_id, float) and feature_id.is_integer():
            feature_id = int(feature_id)
        elif isinstance(feature_id, str) and feature_id.isdigit():
            feature_id = int(feature_id)
        self.feature_clicked.emit(str(kind), feature_id)

    @Slot(str, "QVariant", float, float)
    def featureContextMenu(self, kind: str, feature_id: Any, x: float, y: float) -> None:
        if isinstance(feature_id, float) and feature_id.is_integer():
            feature_id = int(feature_id)
        self.feature_menu.emit(str(kind), feature_id, float(x), float(y))

    @Slot(float, float)
    def mapClicked(self, lat: float, lon: float) -> None:
        self.map_clicked.emit(float(lat), float(lon))

    @Slot(str)
    def areaDrawn(self, state_json: str) -> None:
        self.area_drawn.emit(str(state_json))

    @Slot(bool)
    def tilesStatus(self, ok: bool) -> None:
        self.tiles_status.emit(bool(ok))

    @Slot()
    def mapReady(self) -> None:
        self.ready.emit()


class _Page(QWebEnginePage):
    """Records what the page tries to say: scripts from data would show up as alerts here."""

    console_message = Signal(str)

    def __init__(self, profile, parent=None):
        super().__init__(profile, parent)
        self.alerts: list[str] = []

    def javaScriptAlert(self, origin, message):  # noqa: N802 (Qt name)
        # Never a modal box over the dispatcher's map; the page has no reason to alert.
        log.warning("map page alert suppressed: %s", message)
        self.alerts.append(message)

    def javaScriptConfirm(self, origin, message):  # noqa: N802
        self.alerts.append(message)
        return False

    def javaScriptPrompt(self, origin, message, default):  # noqa: N802
        self.alerts.append(message)
        return False, ""

    def javaScriptConsoleMessage(self, level, message, line, source):  # noqa: N802 (Qt name)
        log.debug("map page: %s (%s:%s)", message, source, line)
        self.console_message.emit(message)

    def acceptNavigationRequest(self, url, nav_type, is_main_frame):  # noqa: N802
        # Links in popups must not replace the map; the page itself loads once from disk.
        if nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            return False
        return super().acceptNavigationRequest(url, nav_type, is_main_frame)


def _decode(text: Any) -> Any:
    # js_query results arrive as JSON text; anything else means the call did not run.
    if not isinstance(text, str) or not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


class MapView(QWebEngineView):
    """The map widget. Calls made before the page is ready are queued and replayed in order.

    Signals: ready() once window.dispatchMap exists and the bridge is connected;
    data_drawn(dict) with counts() after every set_data; feature_clicked(kind, id);
    map_clicked(lat, lon); tiles_status(str) with "ok", "unavailable" or "off".
    """

    ready = Signal()
    data_drawn = Signal(dict)
    feature_clicked = Signal(str, object)
    feature_menu = Signal(str, object, QPoint)  # kind, id, where on the screen (a right-click on a marker)
    map_clicked = Signal(float, float)
    tiles_status = Signal(str)
    load_failed = Signal(str)

    def __init__(self, tiles: TileSource | str = "osm", cache_dir: str | Path | None = None, parent=None):
        super().__init__(parent)
        self.tiles = TileSource.parse(tiles)
        profile, handler = shared_profile(cache_dir)
        if self.tiles.kind == "mbtiles":
            handler.set_path(self.tiles.path)
        self._page = _Page(profile, self)
        self.guard = RequestGuard(self.tiles, self)
        self._page.setUrlRequestInterceptor(self.guard)
        settings = self._page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls,
                              self.tiles.kind == "osm")
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.PluginsEnabled, False)
        self.setPage(self._page)
        self.setContextMenuPolicy(self.contextMenuPolicy().NoContextMenu)

        self.bridge = MapBridge(self)
        self._channel = QWebChannel(self)
        self._channel.registerObject("bridge", self.bridge)
        self._page.setWebChannel(self._channel)
        self.bridge.feature_clicked.connect(self.feature_clicked)
        self.bridge.map_clicked.connect(self.map_clicked)
        self.bridge.feature_menu.connect(lambda kind, fid, x, y: self.feature_menu.emit(
            kind, fid, self.mapToGlobal(QPoint(round(x * self.zoomFactor()), round(y * self.zoomFactor())))))
        self.bridge.tiles_status.connect(lambda ok: self.tiles_status.emit("ok" if ok else "unavailable"))
        self.bridge.ready.connect(self._on_ready)
        self.loadFinished.connect(self._on_load_finished)

        self._ready = False
        self._queue: list[tuple[str, Callable | None]] = []

    # ---- page lifecycle ----
    def load_page(self, index_html: str | Path) -> None:
        """Load the page written by console.map.write_page (file:// so relative assets resolve)."""
        self._ready = False
        self.load(QUrl.fromLocalFile(str(Path(index_html).resolve())))

    def release(self) -> None:
        """Drop the page now: the shared profile must outlive every page that uses it."""
        if self._page is not None:
            self._ready = False
            self._queue = []
            page, self._page = self._page, None
            self.setPage(None)
            page.deleteLater()

    @property
    def web_page(self) -> _Page:
        return self._page

    def is_ready(self) -> bool:
        return self._ready

    def _on_load_finished(self, ok: bool) -> None:
        if not ok:
            self.load_failed.emit(self.tr("the map page could not be loaded"))
            return
        if self.tiles.kind == "none":
            self.tiles_status.emit("off")

    def _on_ready(self) -> None:
        if self._ready:
            return
        self._ready = True
        queue, self._queue = self._queue, []
        for source, callback in queue:
            self._run(source, callback)
        self.ready.emit()

    # ---- the JS API ----
    def run_js(self, source: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run source in the page once it is ready (queued before that)."""
        if not self._ready:
            self._queue.append((source, callback))
            return
        self._run(source, callback)

    def _run(self, source: str, callback: Callable | None) -> None:
        if self._page is None:
            return
        if callback is None:
            self._page.runJavaScript(source, 0)
        else:
            self._page.runJavaScript(source, 0, callback)

    def set_data_js(self, scripts: list[str]) -> None:
        """scripts: a prepared js_query("setData", ...) and the upserts that follow it (serialised
        off the GUI thread); data_drawn carries the page's counts after the last one."""
        # A full data set supersedes every update still queued before the page was ready.
        self._queue = [q for q in self._queue if "window.dispatchMap." not in q[0]
                       or "window.dispatchMap.select(" in q[0]]
        *leading, last = scripts
        for source in leading:
            self.run_js(source)
        self.run_js(last, lambda text: self.data_drawn.emit(_decode(text) or {}))

    def call(self, function: str, *args: Any, callback: Callable[[Any], None] | None = None) -> None:
        """dispatchMap.function(*args); callback gets the result decoded from JSON."""
        if callback is None:
            self.run_js(js_call(function, *args))
        else:
            self.run_js(js_query(function, *args), lambda text: callback(_decode(text)))

    def select(self, kind: str, feature_id: Any, pan: bool = True) -> None:
        """Highlight a feature; pan=False keeps the view (the dispatcher just clicked it there)."""
        if pan:
            self.call("select", kind, feature_id)
        else:
            self.call("select", kind, feature_id, {"pan": False})

    def counts(self, callback: Callable[[dict], None]) -> None:
        self.call("counts", callback=callback)

    def fit_all(self) -> None:
        self.call("fitAll")

    def fit_focus(self, animate: bool = True) -> None:
        """Frame the open outages and the technicians sent to them."""
        self.call("fitFocus", {"animate": animate})
