"""Working a storm: one filter state for the board and the map, legend toggles, match counts."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from console.ui.outage_table import OUTAGE_ID_ROLE

pytestmark = pytest.mark.gui


def _board_ids(window):
    proxy = window.outage_proxy
    return sorted(proxy.index(r, 0).data(OUTAGE_ID_ROLE) for r in range(proxy.rowCount()))


def _drawn_ids(window, js):
    return sorted(js(window, "dispatchMap.drawnOutages()"))


def _wait_drawn(qtbot, window, js, expected):
    qtbot.waitUntil(lambda: _drawn_ids(window, js) == expected, timeout=10_000)


def test_status_filter_thins_board_and_map_alike(qtbot, open_window, demo_database, js):
    window = open_window(demo_database)
    total = js(window, "dispatchMap.drawn()")["total"]
    window.status_filter.set_status("on_site")
    on_site = _board_ids(window)
    assert on_site, "the demo has an outage on site"
    assert all(window.outage_model.outage(i).status == "on_site" for i in on_site)
    _wait_drawn(qtbot, window, js, on_site)
    counts = js(window, "dispatchMap.drawn()")
    assert counts["outages"] == len(on_site) < counts["total"] == total
    assert window.match_count.text() == f"{len(on_site)} of {window.outage_model.rowCount()} outages"

    window.status_filter.set_status(None)
    qtbot.waitUntil(lambda: js(window, "dispatchMap.drawn()")["outages"] == total, timeout=10_000)
    assert not window.match_count.isVisible()


def test_typing_in_the_filter_thins_the_map_and_counts(qtbot, open_window, demo_database, js):
    window = open_window(demo_database)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "#2")
    assert _board_ids(window) == [2]
    _wait_drawn(qtbot, window, js, [2])
    assert window.match_count.text().startswith("1 of ")
    assert window.selected_outage_id() == 2


def test_no_match_says_so_and_clears_the_detail_pane(qtbot, open_window, demo_database, js):
    window = open_window(demo_database)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "#2")
    qtbot.waitUntil(lambda: window.selected_outage_id() == 2, timeout=5_000)
    qtbot.keyClicks(window.search, "999999")
    assert window.outage_proxy.rowCount() == 0
    qtbot.waitUntil(lambda: window.match_count.text() == "No outages match", timeout=5_000)
    assert window.match_count.isVisible()
    assert window.selected_outage_id() is None
    _wait_drawn(qtbot, window, js, [])
    assert js(window, "dispatchMap.drawn()")["outages"] == 0


def test_legend_toggle_hides_a_status_and_greys_its_row(qtbot, open_window, demo_database, js):
    window = open_window(demo_database)
    before = js(window, "dispatchMap.drawn()")["outages"]
    on_site = sum(1 for v in window.outage_model.outages() if v.status == "on_site")
    assert on_site > 0
    # The keyboard way: focus the legend row and press Enter.
    js(window, """(function () { var row = document.querySelector('.dm-legend-row[data-status="on_site"]');
        row.focus(); row.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true})); return true; })()""")
    counts = js(window, "dispatchMap.drawn()")
    assert counts["outages"] == before - on_site
    assert counts["hiddenStatuses"] == ["on_site"]
    assert js(window, """document.querySelector('.dm-legend-row[data-status="on_site"]').classList.contains('dm-off')""")
    js(window, """(document.querySelector('.dm-legend-row[data-status="on_site"]').click(), true)""")
    assert js(window, "dispatchMap.drawn()")["outages"] == before


def test_storm_clusters_at_the_first_view_with_depot_names_on_top(qtbot, open_window, storm_database, js):
    window = open_window(storm_database)
    qtbot.waitUntil(lambda: js(window, "dispatchMap.drawn()")["total"] == 300, timeout=20_000)
    counts = js(window, "dispatchMap.drawn()")
    assert counts["clusters"] > 0
    assert counts["discs"] + counts["clusters"] < 300, counts
    clusters = js(window, "dispatchMap.clustersDrawn()")
    assert sum(c["count"] for c in clusters) + counts["discs"] == counts["outages"] == 300
    assert counts["depotNames"] > 0
    panes = js(window, """[Number(dispatchMap.map.getPane('dmPlaceNames').style.zIndex),
                           Number(dispatchMap.map.getPane('dmClusters').style.zIndex)]""")
    assert panes[0] > panes[1]
    # No web of dashed lines zoomed out; the selected outage's crew line still shows.
    zoom = js(window, "dispatchMap.map.getZoom()")
    assert zoom < 11
    lines = js(window, """(function () { var n = 0;
        dispatchMap.map.eachLayer(function (l) { if (l instanceof L.Polyline && !(l instanceof L.Polygon) &&
          l.options.dashArray === '6 5') { n++; } }); return n; })()""")
    assert lines <= 1

    # Zoomed in past the cluster zoom: discs only.
    js(window, "(dispatchMap.map.setZoom(11, {animate: false}), true)")
    qtbot.waitUntil(lambda: js(window, "dispatchMap.drawn()")["clusters"] == 0, timeout=10_000)


def test_storm_filter_thins_clusters(qtbot, open_window, storm_database, js):
    window = open_window(storm_database)
    before = js(window, "dispatchMap.drawn()")
    window.status_filter.set_status("on_site")
    shown = window.outage_proxy.rowCount()
    assert 0 < shown < 300
    qtbot.waitUntil(lambda: js(window, "dispatchMap.drawn()")["outages"] == shown, timeout=10_000)
    after = js(window, "dispatchMap.drawn()")
    assert after["discs"] + after["clusters"] < before["discs"] + before["clusters"]
    qtbot.waitUntil(lambda: window.match_count.text() == f"{shown} of 300 outages", timeout=5_000)


def _view(window, js):
    return js(window, "(function () { var b = dispatchMap.map.getBounds(); "
                      "return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()")


def test_a_typed_filter_brings_its_matches_into_view_once(qtbot, open_window, storm_database, js):
    from console.services import outages

    window = open_window(storm_database)
    qtbot.waitUntil(lambda: js(window, "dispatchMap.drawn()")["total"] == 300, timeout=20_000)
    js(window, "(dispatchMap.map.setView([56.2, 12.9], 12, {animate: false}), true)")
    word = "Kalmar"
    matches = [o for o in outages.list_outages(storm_database) if word in o.title and o.is_open]
    assert len(matches) > 1
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, word)

    def all_in_view():
        south, west, north, east = _view(window, js)
        return all(south <= o.lat <= north and west <= o.lon <= east for o in matches)

    qtbot.waitUntil(all_in_view, timeout=10_000)
    # Moving the map afterwards is the dispatcher's business: a board refresh does not pull it back.
    js(window, "(dispatchMap.map.setView([56.2, 12.9], 12, {animate: false}), true)")
    before = _view(window, js)
    window.board_filter.push()  # the page runs scripts in order: the view read below comes after it
    assert _view(window, js) == before
