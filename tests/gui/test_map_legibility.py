"""What a dispatcher squints at: outages on top and readable, names clear of them, a working view,
a useful background without tiles, and clicks that select without moving the map."""
from __future__ import annotations

import pytest

from tests.gui.test_map_page import harness, storm_data  # noqa: F401 (the fixture is used by name)

pytestmark = pytest.mark.gui

# Outages two Ankarsrum technicians stand on, a depot under one, and a depot far away (Linköping).
SCENE = {
    "outages": [
        {"id": 1, "title": "Kabel av", "lat": 57.704, "lon": 16.342, "status": "waiting_for_material",
         "customers": 142, "eta": None, "overdue": False, "dark": False},
        {"id": 2, "title": "Nod utan ström", "lat": 57.893, "lon": 16.406, "status": "on_site",
         "customers": 38, "eta": None, "overdue": True, "dark": False},
        {"id": 3, "title": "Larm", "lat": 57.80, "lon": 16.50, "status": "reported",
         "customers": 9, "eta": None, "overdue": False, "dark": False},
    ],
    "technicians": [
        {"id": 11, "name": "Anna Lindqvist", "lat": 57.704, "lon": 16.342, "fix_at": "2024-09-12T15:00:00+02:00",
         "status": "restocking", "outage_id": 1, "outage_lat": None, "outage_lon": None},
        {"id": 12, "name": "Erik Johansson", "lat": 57.888, "lon": 16.412, "fix_at": "2024-09-12T15:00:00+02:00",
         "status": "on_site", "outage_id": 2, "outage_lat": None, "outage_lon": None},
        {"id": 13, "name": "Per Holm", "lat": 58.41, "lon": 15.63, "fix_at": "2024-09-12T15:00:00+02:00",
         "status": "available", "outage_id": None, "outage_lat": None, "outage_lon": None},
    ],
    "depots": [
        {"id": 21, "name": "Gamleby", "lat": 57.8933, "lon": 16.406},
        {"id": 22, "name": "Depå Linköping", "lat": 58.4108, "lon": 15.6214},
    ],
}

LABEL_BOXES_CLEAR_OF_OUTAGES = """(function () {
  var m = dispatchMap.map, box = m.getContainer().getBoundingClientRect(), bad = [], n = 0;
  document.querySelectorAll('.dm-tech-label').forEach(function (node) {
    var r = node.getBoundingClientRect(); n++;
    m.eachLayer(function (l) {
      if (!(l._dm && l._dm.kind === 'outage')) { return; }
      var p = m.latLngToContainerPoint(l.getLatLng()), x = box.left + p.x, y = box.top + p.y, rad = l.getRadius();
      var cx = Math.max(r.left, Math.min(x, r.right)), cy = Math.max(r.top, Math.min(y, r.bottom));
      if ((cx - x) * (cx - x) + (cy - y) * (cy - y) < rad * rad) { bad.push(node.textContent + ' over #' + l._dm.key); }
    });
  });
  return {labels: n, bad: bad};
})()"""

TOPMOST_AT = """(function (lat, lon) {
  var m = dispatchMap.map, p = m.latLngToContainerPoint([lat, lon]), top = null, r = null;
  m.eachLayer(function (l) { if (l._dm && l._renderer) { r = l._renderer; } });
  for (var o = r._drawFirst; o; o = o.next) {
    var l = o.layer;
    if (l._dm && l.options.interactive !== false && l._containsPoint(p)) { top = l._dm.kind; }
  }
  return top;
})(%f, %f)"""


def test_the_first_view_frames_open_outages_and_their_crews_not_every_depot(harness):
    harness.load(SCENE, tiles="none")
    view = harness.js_json("(function(){var b = dispatchMap.map.getBounds();"
                           " return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()];})()")
    south, west, north, east = view
    for o in SCENE["outages"]:
        assert south < o["lat"] < north and west < o["lon"] < east
    assert not (south < 58.4108 < north and west < 15.6214 < east)  # Linköping is off the working view
    assert harness.js("dispatchMap.map.getZoom()") >= 9
    assert harness.call("fitAll", {"animate": False}) is True
    south, west, north, east = harness.js_json(
        "(function(){var b = dispatchMap.map.getBounds(); return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()];})()")
    assert south < 58.4108 < north and west < 15.6214 < east
    assert harness.call("fitFocus", {"animate": False}) is True


def test_outages_are_drawn_over_technicians_and_depots_at_full_size(harness):
    harness.load(SCENE, tiles="none")
    # Erik stands on outage 2, which covers the Gamleby depot too: the outage is on top.
    assert harness.js(TOPMOST_AT % (57.893, 16.406)) == "outage"
    assert harness.js(TOPMOST_AT % (57.704, 16.342)) == "outage"
    # A small outage is still a clear disc when the view holds only a few.
    harness.js("dispatchMap.map.setZoom(7, {animate: false}); true")
    radius = harness.js("""(function(){ var r = null; dispatchMap.map.eachLayer(function (l) {
        if (l._dm && l._dm.kind === 'outage' && l._dm.key === '3') { r = l.getRadius(); } }); return r; })()""")
    assert radius >= 7
    # The depot square is under the feature canvas, yet a click on it still reaches the depot.
    pane_z = harness.js("getComputedStyle(document.querySelector('.dm-depot').parentNode).zIndex")
    assert int(pane_z) < 400
    harness.js("dispatchMap.map.setView([58.4108, 15.6214], 11, {animate: false}); true")
    assert "Depå Linköping" in (harness.click_canvas_at(58.4108, 15.6214) or "")


def test_only_storm_density_shrinks_outages(harness):
    harness.load(storm_data(outages=900, technicians=0, depots=0), tiles="none")
    harness.call("fitAll", {"animate": False})
    # Zoomed out over a storm the discs give way to clusters (a disc left alone is shrunk).
    # (at a fractional zoom one far disc can stay out of the clusters: it is drawn shrunk)
    alone = harness.js_json("""(function(){ var r = null; dispatchMap.map.eachLayer(function (l) {
        if (l._dm && l._dm.kind === 'outage' && (r === null || l.getRadius() < r.r)) {
            r = {r: l.getRadius(), key: l._dm.key, lat: l.getLatLng().lat, lon: l.getLatLng().lng}; } });
        return r; })()""")
    assert harness.js("dispatchMap.drawn().clusters") > 0
    if alone is not None:
        harness.js(f"dispatchMap.map.setView([{alone['lat']}, {alone['lon']}], 13, {{animate: false}}); true")
        harness.qtbot.waitUntil(lambda: harness.js(f"""(function(){{ var r = 0; dispatchMap.map.eachLayer(function (l) {{
            if (l._dm && l._dm.kind === 'outage' && l._dm.key === '{alone['key']}') {{ r = l.getRadius(); }} }});
            return r; }})()""") > alone["r"], timeout=5000)
    harness.js("dispatchMap.map.setView([57.0, 15.6], 13, {animate: false}); true")
    harness.qtbot.waitUntil(lambda: harness.js("""(function(){ var r = 0; dispatchMap.map.eachLayer(function (l) {
        if (l._dm && l._dm.kind === 'outage' && l._dm.key === '1') { r = l.getRadius(); } }); return r; })()""") >= 7,
                            timeout=5000)


def test_technician_names_never_cover_an_outage(harness):
    harness.load(SCENE, tiles="none")
    for zoom in (9, 11, 13):
        harness.js(f"dispatchMap.map.setView([57.80, 16.40], {zoom}, {{animate: false}}); true")
        result = harness.js_json(LABEL_BOXES_CLEAR_OF_OUTAGES)
        assert result["bad"] == [], f"zoom {zoom}"
        assert result["labels"] >= 1


def test_a_click_selects_without_moving_the_map_and_selected_reports_it(harness):
    harness.load(SCENE, tiles="none")
    assert harness.call("selected") is None
    before = harness.js_json("(function(){var c = dispatchMap.map.getCenter(); return [c.lat, c.lng, dispatchMap.map.getZoom()];})()")
    assert harness.call("select", "outage", 3, {"pan": False}) is True
    assert harness.call("selected") == {"kind": "outage", "id": 3}
    harness.click_canvas_at(57.704, 16.342)
    assert harness.call("selected") == {"kind": "outage", "id": 1}
    after = harness.js_json("(function(){var c = dispatchMap.map.getCenter(); return [c.lat, c.lng, dispatchMap.map.getZoom()];})()")
    assert after == pytest.approx(before)


def test_without_tiles_the_background_has_a_labelled_grid_and_town_names(harness):
    harness.load(SCENE, tiles="none")
    labels = harness.js_json("Array.from(document.querySelectorAll('.dm-grid-labels span')).map(n => n.textContent)")
    assert any(t.endswith("°N") for t in labels) and any(t.endswith("°E") for t in labels)
    places = harness.js_json("""(function(){ var out = null; dispatchMap.map.eachLayer(function (l) {
        if (l.places) { out = l.places.map(function (p) { return p.name; }); } }); return out; })()""")
    assert places == ["Gamleby", "Linköping"]
    # Drawn on canvas tiles, not fetched: the grid layer's tiles are canvases.
    assert harness.js("document.querySelectorAll('.dm-graticule canvas').length") > 0
