"""The map page in a real QWebEngineView (offscreen): drawing, live updates, safety, no network."""
from __future__ import annotations

import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402

pytest.importorskip("PySide6.QtWebEngineWidgets")

import shiboken6  # noqa: E402
from PySide6.QtCore import QObject, QUrl, Slot  # noqa: E402
from PySide6.QtWebChannel import QWebChannel  # noqa: E402
from PySide6.QtWebEngineCore import (  # noqa: E402
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402

from console.map import export_map, js_query, map_data, write_page  # noqa: E402

pytestmark = pytest.mark.gui

PROBE = "<img src=x onerror=alert(1)>"
LOCAL_SCHEMES = {"file", "qrc", "data"}


class RecordingPage(QWebEnginePage):
    def __init__(self, profile, parent=None):
        super().__init__(profile, parent)
        self.alerts: list[str] = []
        self.console: list[tuple[object, str, str]] = []

    def javaScriptAlert(self, origin, message):  # noqa: N802 (Qt override)
        self.alerts.append(message)

    def javaScriptConfirm(self, origin, message):  # noqa: N802
        self.alerts.append(message)
        return False

    def javaScriptConsoleMessage(self, level, message, line, source):  # noqa: N802
        self.console.append((level, message, source))

    def errors(self) -> list[str]:
        return [m for level, m, _ in self.console
                if level != QWebEnginePage.JavaScriptConsoleMessageLevel.InfoMessageLevel]


class BlockRemote(QWebEngineUrlRequestInterceptor):
    """Records every request; lets only local schemes through, as if the network were down."""

    def __init__(self):
        super().__init__()
        self.requests: list[QUrl] = []

    def interceptRequest(self, info):  # noqa: N802
        url = info.requestUrl()
        self.requests.append(QUrl(url))
        if url.scheme() not in LOCAL_SCHEMES:
            info.block(True)

    def remote(self) -> list[QUrl]:
        return [u for u in self.requests if u.scheme() not in LOCAL_SCHEMES]


class Bridge(QObject):
    def __init__(self):
        super().__init__()
        self.clicked: list[tuple[str, int]] = []
        self.map_clicks: list[tuple[float, float]] = []
        self.ready = 0

    @Slot(str, int)
    def featureClicked(self, kind, feature_id):  # noqa: N802
        self.clicked.append((kind, feature_id))

    @Slot(float, float)
    def mapClicked(self, lat, lon):  # noqa: N802
        self.map_clicks.append((lat, lon))

    @Slot()
    def mapReady(self):  # noqa: N802
        self.ready += 1


class MapHarness:
    def __init__(self, qtbot, tmp_path):
        self.qtbot = qtbot
        self.tmp_path = tmp_path
        self.interceptor = BlockRemote()
        self.profile = QWebEngineProfile()  # off the record: nothing shared between tests
        self.profile.setUrlRequestInterceptor(self.interceptor)
        self.page = RecordingPage(self.profile)
        self.view = QWebEngineView()
        self.view.setPage(self.page)
        self.view.resize(900, 650)
        self.view.show()

    def load(self, data, tiles="none", for_qt=False, **options):
        index = write_page(self.tmp_path / "page", data, tiles, for_qt, **options)
        self.page.load(QUrl.fromLocalFile(str(index)))
        self.wait_ready()

    def js(self, source, timeout=10000):
        box: list = []
        self.page.runJavaScript(source, 0, box.append)
        self.qtbot.waitUntil(lambda: len(box) == 1, timeout=timeout)
        return box[0]

    def call(self, function, *args):
        return json.loads(self.js(js_query(function, *args)))

    def js_json(self, expression):
        return json.loads(self.js(f"JSON.stringify({expression})"))

    def wait_ready(self, timeout=20000):
        state = {"ready": False, "pending": False}

        def answered(result):
            state.update(ready=result is True, pending=False)

        def poll():
            if not state["pending"]:
                state["pending"] = True
                self.page.runJavaScript("window.dispatchMapReady === true", 0, answered)
            return state["ready"]

        self.qtbot.waitUntil(poll, timeout=timeout)

    def counts(self):
        return self.call("counts")

    def click_canvas_at(self, lat, lon):
        """A real DOM click on the feature canvas at a map position (what a mouse would send)."""
        return self.js(
            "(function (lat, lon) {"
            " var m = dispatchMap.map, p = m.latLngToContainerPoint([lat, lon]);"
            " var box = m.getContainer().getBoundingClientRect();"
            " var canvas = m.getContainer().querySelector('.leaflet-overlay-pane canvas');"
            " var init = {bubbles: true, cancelable: true, view: window,"
            "             clientX: box.left + p.x, clientY: box.top + p.y};"
            " ['click'].forEach(function (t) {"
            "   canvas.dispatchEvent(new MouseEvent(t, init)); });"
            " var c = document.querySelector('.leaflet-popup-content');"
            " return c ? c.textContent : null;"
            f"}})({float(lat)}, {float(lon)})"
        )

    def close(self):
        self.view.close()
        # The page must go before its profile, or Chromium complains about a live profile.
        shiboken6.delete(self.view)
        shiboken6.delete(self.page)
        shiboken6.delete(self.profile)


@pytest.fixture
def harness(qtbot, tmp_path):
    h = MapHarness(qtbot, tmp_path)
    yield h
    h.close()


def storm_data(outages=60, technicians=25, depots=4, title=lambda i: f"Outage {i}"):
    statuses = ["reported", "assigned", "en_route", "on_site", "waiting_for_material", "restored", "cancelled"]
    return map_data(
        outages=[{"id": i, "title": title(i), "lat": 57.0 + (i % 10) * 0.08, "lon": 15.6 + (i // 10) * 0.09,
                  "status": statuses[i % len(statuses)], "customers": 1 + i * 7, "eta": None,
                  "overdue": i % 5 == 0, "dark": i % 3 == 0} for i in range(1, outages + 1)],
        technicians=[{"id": 100 + i, "name": f"Tech {i}", "lat": 57.02 + i * 0.02, "lon": 15.65 + i * 0.03,
                      "fix_at": "2024-09-12T15:00:00+02:00", "status": "en_route", "outage_id": 1 + i,
                      "outage_lat": None, "outage_lon": None} for i in range(technicians)],
        depots=[{"id": 500 + i, "name": f"Depot {i}", "lat": 56.9 + i * 0.1, "lon": 16.4} for i in range(depots)],
    )


def test_page_draws_everything_with_all_remote_requests_blocked(harness):
    data = storm_data()
    data["technicians"].append({"id": 999, "name": "No fix yet", "lat": None, "lon": None, "fix_at": None,
                                "status": "available", "outage_id": None, "outage_lat": None, "outage_lon": None})
    harness.load(data, tiles="none")
    assert harness.counts() == {"outages": 60, "technicians": 25, "depots": 4}
    assert harness.js("document.querySelectorAll('.leaflet-overlay-pane canvas').length") == 1
    assert harness.js("document.querySelectorAll('.dm-depot').length") == 4
    assert harness.js("document.querySelectorAll('.dm-legend-row').length") >= 7
    assert harness.interceptor.remote() == []
    assert {u.scheme() for u in harness.interceptor.requests} == {"file"}
    assert harness.page.errors() == []


def test_osm_tiles_are_the_only_remote_requests(harness):
    # A page from file:// may only fetch remote tiles when the view allows it (the console does).
    # Qt 6.12 then stops file:// pages from loading file:// scripts unless that is set explicitly too.
    settings = harness.page.settings()
    settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
    settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
    harness.load(storm_data(), tiles="osm")
    harness.qtbot.waitUntil(lambda: len(harness.interceptor.remote()) > 0, timeout=10000)
    assert {u.host() for u in harness.interceptor.remote()} == {"tile.openstreetmap.org"}
    assert harness.counts() == {"outages": 60, "technicians": 25, "depots": 4}
    # Blocked tiles are reported, so the console can say the background map is unreachable.
    harness.qtbot.waitUntil(lambda: harness.call("tileStatus")["failed"] > 0, timeout=10000)
    assert harness.call("tileStatus")["ok"] is False


def test_escaped_title_probe_shows_text_and_runs_nothing(harness):
    data = storm_data(outages=3, technicians=1, depots=1, title=lambda i: PROBE)
    data["technicians"][0]["name"] = PROBE
    data["depots"][0]["name"] = PROBE
    harness.load(data, tiles="none")
    scripts_at_load = harness.js("document.scripts.length")
    outage = data["outages"][0]
    popup = harness.click_canvas_at(outage["lat"], outage["lon"])
    assert popup is not None and PROBE in popup
    harness.call("showRoutes", [{"from": [57.0, 15.6], "via": [[57.1, 15.8]], "to": [57.2, 16.0], "label": PROBE}])
    harness.call("upsertOutages", [dict(outage, title=PROBE + "<script>alert(2)</script>")])
    harness.call("setNow", "2024-09-12T15:01:00+02:00")  # refreshes the open popup
    assert harness.js("document.querySelectorAll('img[src=x], img[src=\"x\"]').length") == 0
    assert harness.js("document.scripts.length") == scripts_at_load
    labels = harness.js_json("Array.from(document.querySelectorAll('.leaflet-tooltip')).map(n => n.textContent)")
    assert PROBE in labels
    assert harness.page.alerts == []
    assert harness.page.errors() == []


def test_move_positions_and_staleness(harness):
    data = storm_data(outages=5, technicians=4, depots=1)
    harness.load(data, tiles="none")
    harness.call("setNow", "2024-09-12T15:05:00+02:00")
    assert harness.call("staleTechnicians") == []
    harness.call("setNow", "2024-09-12T15:20:00+02:00")
    assert sorted(int(i) for i in harness.call("staleTechnicians")) == [100, 101, 102, 103]

    moves = [{"id": t["id"], "lat": 57.5 + n * 0.01, "lon": 16.5, "fix_at": "2024-09-12T15:19:00+02:00"}
             for n, t in enumerate(data["technicians"])]
    moves.append({"id": 4242, "lat": 57.0, "lon": 16.0, "fix_at": None})  # unknown technician: ignored
    assert harness.call("movePositions", moves) == 4
    for n, t in enumerate(data["technicians"]):
        assert harness.call("position", "technician", t["id"]) == pytest.approx([57.5 + n * 0.01, 16.5])
    assert harness.call("staleTechnicians") == []
    assert harness.counts()["technicians"] == 4


def test_upserts_and_removals_change_what_is_drawn(harness):
    harness.load(storm_data(outages=10, technicians=2, depots=1), tiles="none")
    new = {"id": 77, "title": "New cut", "lat": 57.3, "lon": 16.1, "status": "reported", "customers": 9,
           "eta": None, "overdue": False, "dark": False}
    assert harness.call("upsertOutages", [new])["outages"] == 11
    assert harness.call("upsertOutages", [dict(new, lat=57.31)])["outages"] == 11
    assert harness.call("position", "outage", 77) == pytest.approx([57.31, 16.1])
    assert harness.call("removeOutages", [77, 1, 12345]) == {"outages": 9, "technicians": 2, "depots": 1}
    tech = {"id": 300, "name": "Sara", "lat": 57.2, "lon": 16.2, "fix_at": None, "status": "available",
            "outage_id": None, "outage_lat": None, "outage_lon": None}
    assert harness.call("upsertTechnicians", [tech])["technicians"] == 3
    assert harness.call("setData", {"outages": [], "technicians": [], "depots": []}) == \
        {"outages": 0, "technicians": 0, "depots": 0}


def test_select_highlights_and_pans(harness):
    data = storm_data(outages=20, technicians=3, depots=2)
    harness.load(data, tiles="none", center=(59.3, 18.0), zoom=6)
    target = data["outages"][7]
    assert harness.call("select", "outage", target["id"]) is True

    def centred_on_target():
        center = harness.js_json("(function(){var c = dispatchMap.map.getCenter(); return [c.lat, c.lng];})()")
        return center == pytest.approx([target["lat"], target["lon"]], abs=0.01)

    harness.qtbot.waitUntil(centred_on_target, timeout=5000)  # the pan is animated
    assert harness.js("dispatchMap.map.getZoom()") >= 10
    assert harness.call("select", "outage", 424242) is False
    assert harness.call("select", "depot", data["depots"][1]["id"]) is True
    assert harness.js("document.querySelectorAll('.dm-depot.dm-selected').length") == 1


def test_routes_and_tracks(harness):
    harness.load(storm_data(outages=3, technicians=1, depots=1), tiles="none")
    assert harness.call("showRoutes", [{"from": [57.0, 15.6], "via": [[57.75, 16.6]], "to": [57.1, 15.7],
                                        "label": "Restock at Västervik +1 h 40 min"}]) is True
    assert "Restock at Västervik" in harness.js("document.querySelector('.dm-route-label').textContent")
    harness.call("clearRoutes")
    # Leaflet fades overlays out before removing them.
    harness.qtbot.waitUntil(lambda: harness.js("document.querySelectorAll('.dm-route-label').length") == 0,
                            timeout=5000)
    assert harness.call("showTrack", 100, [[57.0, 15.6], [57.01, 15.62], [57.02, 15.65]]) is True
    assert harness.call("showTrack", 100, []) is False
    assert harness.page.errors() == []


def test_bridge_hears_feature_and_map_clicks(harness):
    bridge = Bridge()
    channel = QWebChannel(harness.page)
    channel.registerObject("bridge", bridge)
    harness.page.setWebChannel(channel)
    data = storm_data(outages=4, technicians=1, depots=1)
    harness.load(data, tiles="none", for_qt=True)
    harness.qtbot.waitUntil(lambda: bridge.ready == 1, timeout=10000)

    outage = data["outages"][2]
    harness.click_canvas_at(outage["lat"], outage["lon"])
    harness.qtbot.waitUntil(lambda: bridge.clicked == [("outage", outage["id"])], timeout=5000)

    harness.call("setData", {"outages": [], "technicians": [], "depots": []})
    harness.click_canvas_at(57.3, 16.0)
    harness.qtbot.waitUntil(lambda: len(bridge.map_clicks) == 1, timeout=5000)
    assert bridge.map_clicks[0] == pytest.approx((57.3, 16.0), abs=0.01)
    assert bridge.clicked == [("outage", outage["id"])]
    assert {u.scheme() for u in harness.interceptor.requests} <= {"file", "qrc"}
    assert harness.page.errors() == []


def test_exported_folder_opens_offline(harness, tmp_path):
    data = storm_data(outages=30, technicians=5, depots=2)
    index = export_map(tmp_path / "export", data, "mbtiles:/maps/kalmar.mbtiles")
    harness.page.load(QUrl.fromLocalFile(str(index)))
    harness.wait_ready()
    assert harness.counts() == {"outages": 30, "technicians": 5, "depots": 2}
    assert harness.interceptor.remote() == []
    assert harness.page.errors() == []


def test_after_dark_flag_and_stale_legend_follow_the_console(harness):
    data = storm_data(outages=2, technicians=1, depots=1)
    data["outages"][0].update(dark=True, dark_until="2024-09-12T20:00:00+02:00")
    data["outages"][1].update(dark=False, dark_until=None)
    harness.load(data, tiles="none")
    harness.call("setNow", "2024-09-12T19:59:00+02:00")
    assert harness.call("darkOutages") == [1]
    harness.call("setNow", "2024-09-12T20:01:00+02:00")  # the dark stretch of the work is over
    assert harness.call("darkOutages") == []

    assert "No fix for 10+ min" in harness.call("legendText")
    assert harness.call("setThresholds", {"staleAfterMinutes": 25}) is True
    assert "No fix for 25+ min" in harness.call("legendText")
    # A fix 20 minutes old is no longer stale once the shared threshold is 25 minutes.
    harness.call("setNow", "2024-09-12T15:20:00+02:00")
    assert harness.call("staleTechnicians") == []
    assert harness.call("setThresholds", {"staleAfterMinutes": "nonsense"}) is False
