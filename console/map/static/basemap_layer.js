/* The offline region's basemap: roads by class, water and place names from the imported
   OpenStreetMap extract, painted on canvas tiles under the outages.
   Self-contained: installs window.dispatchBasemap beside window.dispatchMap, never touches its layers.
   The tiles sit in Leaflet's tile pane at the graticule's level, so a working tile layer covers
   them (it has its own roads) and they show wherever tiles are off or cannot be fetched.
   Features are kept in Web Mercator units (0..1) once, so painting a tile is arithmetic only;
   minor roads and small places wait for the zoom where they can be told apart. */
(function (global) {
  'use strict';
  if (global.dispatchBasemap) { return; }

  var ATTRIBUTION = '\u00a9 OpenStreetMap contributors';
  // Quiet under the status colours: greys and a pale sand for the main roads, pale blue water.
  // widths: [from zoom, px]; the last entry at or below the zoom applies.
  var ROADS = [
    { cls: 'minor', minZoom: 12, color: '#d4d4d8', widths: [[12, 1], [14, 2], [16, 3.5]] },
    { cls: 'secondary', minZoom: 9, color: '#c9c1b0', widths: [[9, 0.8], [11, 1.6], [13, 2.6], [15, 4]] },
    { cls: 'major', minZoom: 0, color: '#d2b48c', widths: [[0, 0.8], [9, 1.4], [11, 2.4], [13, 3.6], [15, 5]] }
  ];
  var WATER_FILL = '#d6e6f2';
  var WATER_EDGE = '#b7d0e3';
  var PLACE_ZOOM = { city: 6, town: 8, village: 10, suburb: 12, hamlet: 12 };
  var PLACE_RANK = { city: 0, town: 1, village: 2, suburb: 3, hamlet: 4 };
  var FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

  function mx(lon) { return (lon + 180) / 360; }
  function my(lat) {
    var s = Math.sin(Math.max(-85.05, Math.min(85.05, lat)) * Math.PI / 180);
    return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  }

  /* flat [lon, lat, ...] -> {xy: Float64Array of mercator x, y, box: [x1, y1, x2, y2]} */
  function shape(flat) {
    var n = Math.floor((flat || []).length / 2), xy = new Float64Array(n * 2);
    var x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity, i, x, y;
    for (i = 0; i < n; i++) {
      x = mx(+flat[2 * i]); y = my(+flat[2 * i + 1]);
      if (!isFinite(x) || !isFinite(y)) { return null; }
      xy[2 * i] = x; xy[2 * i + 1] = y;
      if (x < x1) { x1 = x; } if (x > x2) { x2 = x; } if (y < y1) { y1 = y; } if (y > y2) { y2 = y; }
    }
    return n >= 2 ? { xy: xy, box: [x1, y1, x2, y2] } : null;
  }

  /* [outer ring, inner rings...] -> {rings: [shape...], box: the outer ring's} */
  function lake(rings) {
    var shapes = (rings || []).map(shape);
    if (!shapes.length || !shapes[0]) { return null; }
    return { rings: shapes.filter(Boolean), box: shapes[0].box };
  }

  function widthAt(widths, z) {
    var w = widths[0][1];
    widths.forEach(function (step) { if (z >= step[0]) { w = step[1]; } });
    return w;
  }

  function placeFont(kind, z) {
    var size = kind === 'city' ? 15 : kind === 'town' ? 13 : 12;
    if (z >= 12) { size += 1; }
    return (PLACE_RANK[kind] <= 1 ? '600 ' : '500 ') + size + 'px ' + FONT_FAMILY;
  }

  var measure = null;
  function textWidth(text, font) {
    measure = measure || document.createElement('canvas').getContext('2d');
    measure.font = font;
    return measure.measureText(text).width;
  }

  var state = { roads: {}, water: [], places: [], counts: { roads: 0, water: 0, places: 0 }, byZoom: {} };

  function trace(ctx, xy, scale, ox, oy, close) {
    ctx.moveTo(xy[0] * scale - ox, xy[1] * scale - oy);
    for (var i = 2; i < xy.length; i += 2) { ctx.lineTo(xy[i] * scale - ox, xy[i + 1] * scale - oy); }
    if (close) { ctx.closePath(); }
  }

  function hits(box, t) { return box[0] <= t[2] && box[2] >= t[0] && box[1] <= t[3] && box[3] >= t[1]; }

  /* The names that fit at zoom z without overlapping (bigger places first), in world pixels. */
  function placesAt(z) {
    if (state.byZoom[z]) { return state.byZoom[z]; }
    var scale = 256 * Math.pow(2, z), kept = [];
    state.places.forEach(function (p) {
      if (p.skip || z < (PLACE_ZOOM[p.kind] || 12)) { return; }
      var font = placeFont(p.kind, z), w = textWidth(p.name, font);
      // Just below the place, not on it: an outage there (they are where people live) covers the point.
      var x = p.x * scale, y = p.y * scale + 13;
      var box = { x1: x - w / 2 - 3, y1: y - 9, x2: x + w / 2 + 3, y2: y + 9 };
      for (var i = 0; i < kept.length; i++) {
        var k = kept[i].box;
        if (box.x1 < k.x2 && k.x1 < box.x2 && box.y1 < k.y2 && k.y1 < box.y2) { return; }
      }
      kept.push({ name: p.name, x: x, y: y, w: w, font: font, box: box, major: PLACE_RANK[p.kind] <= 1 });
    });
    state.byZoom[z] = kept;
    return kept;
  }

  var Tiles = global.L ? global.L.GridLayer.extend({
    options: { pane: 'tilePane', zIndex: 0, tileSize: 512, updateWhenZooming: false, className: 'dm-basemap',
               attribution: ATTRIBUTION },
    createTile: function (coords) {
      var size = this.getTileSize(), tile = document.createElement('canvas');
      tile.width = size.x; tile.height = size.y;
      var ctx = tile.getContext('2d'), z = coords.z, scale = 256 * Math.pow(2, z);
      var ox = coords.x * size.x, oy = coords.y * size.y;
      var pad = 24 / scale;  // a line's width or a name's half beyond the tile edge still paints here
      var t = [ox / scale - pad, oy / scale - pad, (ox + size.x) / scale + pad, (oy + size.y) / scale + pad];
      ctx.lineJoin = 'round'; ctx.lineCap = 'round';

      ctx.beginPath();  // one path, filled even-odd: a lake's islands (inner rings) stay land
      state.water.forEach(function (w) {
        if (hits(w.box, t)) { w.rings.forEach(function (r) { trace(ctx, r.xy, scale, ox, oy, true); }); }
      });
      ctx.fillStyle = WATER_FILL; ctx.fill('evenodd');
      ctx.strokeStyle = WATER_EDGE; ctx.lineWidth = z >= 11 ? 1 : 0.6; ctx.stroke();

      ROADS.forEach(function (style) {
        if (z < style.minZoom) { return; }
        ctx.beginPath();
        (state.roads[style.cls] || []).forEach(function (r) { if (hits(r.box, t)) { trace(ctx, r.xy, scale, ox, oy, false); } });
        ctx.strokeStyle = style.color; ctx.lineWidth = widthAt(style.widths, z); ctx.stroke();
      });

      ctx.textAlign = 'center'; ctx.textBaseline = 'middle'; ctx.lineWidth = 3;
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
      placesAt(z).forEach(function (p) {
        var x = p.x - ox, y = p.y - oy;
        if (x + p.w < -8 || x - p.w > size.x + 8 || y < -16 || y > size.y + 16) { return; }
        ctx.font = p.font;
        ctx.fillStyle = p.major ? 'rgba(71, 85, 105, 0.85)' : 'rgba(100, 116, 139, 0.8)';
        ctx.strokeText(p.name, x, y); ctx.fillText(p.name, x, y);
      });
      return tile;
    }
  }) : null;

  var layer = null;

  function mapOf() { return global.dispatchMap && global.dispatchMap.map; }

  global.dispatchBasemap = {
    /* data: page_basemap()'s {roads: {class: [flat lines]}, water: [[flat outer ring, inner rings...]], places: [[name, kind, lat, lon, skip]]},
       or null to take the basemap away. Returns counts(). */
    show: function (data) {
      var map = mapOf();
      if (!map || !Tiles) { return -1; }
      state = { roads: {}, water: [], places: [], counts: { roads: 0, water: 0, places: 0 }, byZoom: {} };
      if (data) {
        Object.keys(data.roads || {}).forEach(function (cls) {
          state.roads[cls] = (data.roads[cls] || []).map(shape).filter(Boolean);
          state.counts.roads += (data.roads[cls] || []).length;
        });
        state.water = (data.water || []).map(lake).filter(Boolean);
        state.counts.water = (data.water || []).length;
        (data.places || []).forEach(function (p) {
          if (!p || !isFinite(p[2]) || !isFinite(p[3])) { return; }
          state.places.push({ name: String(p[0]), kind: String(p[1]), x: mx(+p[3]), y: my(+p[2]), skip: !!p[4] });
        });
        state.counts.places = state.places.length;
        state.places.sort(function (a, b) { return (PLACE_RANK[a.kind] || 5) - (PLACE_RANK[b.kind] || 5); });
      }
      if (layer) { map.removeLayer(layer); layer = null; }
      if (data) { layer = new Tiles().addTo(map); }
      return this.counts();
    },
    counts: function () {
      return { roads: state.counts.roads, water: state.counts.water, places: state.counts.places };
    },
    /* What is painted at the current zoom: road classes shown and the place names that fit. */
    drawn: function () {
      var map = mapOf(), z = map ? map.getZoom() : 0;
      return { on: !!layer, classes: ROADS.filter(function (s) { return z >= s.minZoom; }).map(function (s) { return s.cls; }),
               names: layer ? placesAt(z).length : 0 };
    }
  };

  // An exported page carries its basemap in a data block; the console's window sends it later.
  global.addEventListener('load', function () {
    var node = document.getElementById('dispatch-map-basemap');
    if (node && mapOf()) { global.dispatchBasemap.show(JSON.parse(node.textContent)); }
  });
})(window);
