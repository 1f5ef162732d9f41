/* Drawing an outage's affected area on the map: click the corners, double-click or Enter to finish,
   Backspace to take the last corner back, Esc to cancel.
   Self-contained: installs window.dispatchArea next to window.dispatchMap, on a layer of its own, and
   reports every change to the console as JSON text through the bridge's areaDrawn slot:
   {state: "drawing" | "done" | "cancelled", points: [[lat, lon], ...]}. */
(function (global) {
  'use strict';
  if (global.dispatchArea || !global.dispatchMap || !global.L) { return; }
  var L = global.L;
  var map = global.dispatchMap.map;
  var layer = L.layerGroup().addTo(map);
  var STYLE = { color: '#b45309', weight: 2, dashArray: '6 4', fillColor: '#f59e0b', fillOpacity: 0.15,
    interactive: false };
  var points = [];
  var drawing = false;
  // The console's words (its translation) over the map while drawing: text, never HTML.
  var hint = L.control({ position: 'bottomleft' });
  var hintBox = null;
  hint.onAdd = function () {
    hintBox = L.DomUtil.create('div', 'dispatch-area-hint');
    hintBox.style.cssText = 'background:#fffbeb;border:1px solid #b45309;border-radius:4px;padding:4px 8px;' +
      'font:600 13px sans-serif;color:#78350f;max-width:420px;box-shadow:0 1px 3px rgba(0,0,0,.25);';
    return hintBox;
  };
  function say(text) {
    if (!text) { if (hintBox) { hint.remove(); hintBox = null; } return; }
    if (!hintBox) { hint.addTo(map); }
    hintBox.textContent = String(text);
  }
  var zoomOnDblclick = true;
  // A double-click is two clicks first: corners closer than this (screen pixels) are the same corner.
  var SAME_CORNER_PX = 4;

  function report(state) {
    var bridge = global.dispatchBridge;
    if (bridge && typeof bridge.areaDrawn === 'function') {
      bridge.areaDrawn(JSON.stringify({ state: state, points: points }));
    }
  }

  function redraw() {
    layer.clearLayers();
    if (points.length >= 3) {
      L.polygon(points, STYLE).addTo(layer);
    } else if (points.length === 2) {
      L.polyline(points, STYLE).addTo(layer);
    }
    points.forEach(function (p) {
      L.circleMarker(p, { radius: 4, weight: 2, color: '#b45309', fillColor: '#fff', fillOpacity: 1,
        interactive: false }).addTo(layer);
    });
  }

  function sameAsLast(latlng) {
    if (!points.length) { return false; }
    var last = points[points.length - 1];
    var a = map.latLngToContainerPoint(L.latLng(last[0], last[1]));
    return a.distanceTo(map.latLngToContainerPoint(latlng)) < SAME_CORNER_PX;
  }

  function add(lat, lon) {
    var latlng = L.latLng(Number(lat), Number(lon));
    if (!drawing || !isFinite(latlng.lat) || !isFinite(latlng.lng) || sameAsLast(latlng)) { return points.length; }
    points.push([latlng.lat, latlng.lng]);
    redraw();
    report('drawing');
    return points.length;
  }

  function stop() {
    drawing = false;
    say('');
    map.off('click', onClick);
    map.off('dblclick', onDblclick);
    document.removeEventListener('keydown', onKey, true);
    if (zoomOnDblclick) { map.doubleClickZoom.enable(); }
    map.getContainer().style.cursor = '';
  }

  function finish() {
    if (!drawing || points.length < 3) { return false; }
    stop();
    report('done');
    return true;
  }

  function cancel() {
    if (!drawing) { return false; }
    stop();
    points = [];
    layer.clearLayers();
    report('cancelled');
    return true;
  }

  function onClick(e) { add(e.latlng.lat, e.latlng.lng); }
  function onDblclick(e) {
    if (e.originalEvent) { L.DomEvent.stop(e.originalEvent); }
    finish();
  }
  function onKey(e) {
    if (e.key === 'Enter') { finish(); } else if (e.key === 'Escape') { cancel(); } else if (e.key === 'Backspace') {
      if (points.length) { points.pop(); redraw(); report('drawing'); }
    } else { return; }
    e.preventDefault();
    e.stopPropagation();
  }

  global.dispatchArea = {
    start: function (text) {
      if (drawing) { stop(); }
      points = [];
      layer.clearLayers();
      drawing = true;
      zoomOnDblclick = map.doubleClickZoom.enabled();
      map.doubleClickZoom.disable();
      map.on('click', onClick);
      map.on('dblclick', onDblclick);
      document.addEventListener('keydown', onKey, true);
      map.getContainer().style.cursor = 'crosshair';
      map.getContainer().focus();
      say(text);
      return true;
    },
    say: function (text) { if (drawing) { say(text); } return drawing; },
    add: add,
    finish: finish,
    cancel: cancel,
    clear: function () { if (drawing) { stop(); } points = []; layer.clearLayers(); return 0; },
    state: function () { return { drawing: drawing, points: points.slice() }; }
  };
})(window);
