/*
 * Dispatch map: draws outages, technicians and depots on one Leaflet canvas and exposes
 * window.dispatchMap for live updates. The page is built once; everything after that
 * arrives as data through the functions below, so a storm's worth of features never
 * becomes thousands of DOM nodes or thousands of page rebuilds.
 *
 * Every text from data reaches the DOM through textContent (see el()); Leaflet treats
 * string content of popups and tooltips as HTML, so only DOM nodes are handed to it.
 */
(function (global) {
  'use strict';

  var STATUS = [
    ['reported', 'Reported', '#dc2626'],
    ['assigned', 'Assigned', '#ea580c'],
    ['en_route', 'En route', '#f59e0b'],
    ['on_site', 'On site', '#2563eb'],
    ['waiting_for_material', 'Waiting for material', '#7c3aed'],
    ['restored', 'Restored', '#16a34a'],
    ['cancelled', 'Cancelled', '#9ca3af']
  ];
  var STATUS_COLOR = {}, STATUS_LABEL = {};
  STATUS.forEach(function (s) { STATUS_LABEL[s[0]] = s[1]; STATUS_COLOR[s[0]] = s[2]; });
  var TECH_STATUS_LABEL = {
    available: 'Available', assigned: 'Assigned', en_route: 'En route', on_site: 'On site',
    restocking: 'Restocking', off_duty: 'Off duty'
  };
  // Words of the page in the window's language: the builder passes {english: translated} in the
  // config; anything missing stays English.
  var LABELS = {};
  function T(text) { return Object.prototype.hasOwnProperty.call(LABELS, text) ? LABELS[text] : text; }
  function staleWords(ms) { return T('No fix for {n}+ min').replace('{n}', String(Math.round(ms / 60000))); }
  function statusLabel(status) { return T(STATUS_LABEL[status] || status); }
  function techStatusLabel(status) { return T(TECH_STATUS_LABEL[status] || status); }
  var TECH_FILL = '#1e293b';
  var HIGHLIGHT = '#06b6d4';
  var ROUTE_COLOR = '#0d9488';
  var TRACK_COLOR = '#2563eb';
  var KIND_ALIASES = {
    outage: 'outage', outages: 'outage', technician: 'technician', technicians: 'technician',
    depot: 'depot', depots: 'depot'
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function row(parent, label, value, className) {
    var line = el('div', 'dm-row' + (className ? ' ' + className : ''));
    line.appendChild(el('span', 'dm-key', label));
    line.appendChild(el('span', 'dm-val', value));
    parent.appendChild(line);
    return line;
  }

  function key(id) { return String(id); }

  function validPoint(lat, lon) {
    return typeof lat === 'number' && typeof lon === 'number' && isFinite(lat) && isFinite(lon) &&
      lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
  }

  function outageRadius(customers) {
    var n = Math.max(0, Number(customers) || 0);
    return Math.min(22, Math.max(7, 5 + 0.9 * Math.sqrt(n)));
  }

  /* Outages are what the dispatcher looks for: full size whatever the zoom, and smaller only
     when so many are in view (a storm) that full-size discs would merge into one blob. */
  function densityScale(inView) {
    return inView <= 200 ? 1 : inView <= 800 ? 0.75 : inView <= 2500 ? 0.55 : 0.4;
  }

  function drawnRadius(customers, scale) { return Math.max(3, outageRadius(customers) * scale); }

  /* Label boxes and discs as screen rectangles, for keeping names off the outages. */
  function overlaps(a, b) { return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2; }

  var LABEL_FONT = '600 11px "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif';
  var measureCtx = null;
  function textWidth(text, font) {
    if (!measureCtx) { measureCtx = document.createElement('canvas').getContext('2d'); }
    measureCtx.font = font || LABEL_FONT;
    return measureCtx.measureText(String(text)).width;
  }

  function placeFont(z) { return (z >= 10 ? '600 15px ' : '600 13px ') + LABEL_FONT.split('px ')[1]; }

  /* "Depå Gamleby" / "Gamleby depot" -> "Gamleby": the background names towns, not depots. */
  function placeName(name) {
    return String(name || '').replace(/^\s*(dep[åa]n?|depot|lager)\s+/i, '')
      .replace(/\s+(dep[åa]n?|depot|lager)\s*$/i, '').trim();
  }

  /* Where a technician's name may go, best first: [direction, offset, box relative to the dot]. */
  function labelSpots(w, h) {
    var out = [];
    // Close to the dot first; further out for a technician standing on an outage disc.
    [9, 20, 30].forEach(function (gap) {
      out.push(['right', [gap, 0], { x1: gap, y1: -h / 2, x2: gap + w, y2: h / 2 }]);
      out.push(['left', [-gap, 0], { x1: -gap - w, y1: -h / 2, x2: -gap, y2: h / 2 }]);
      out.push(['top', [0, -gap], { x1: -w / 2, y1: -gap - h, x2: w / 2, y2: -gap }]);
      out.push(['bottom', [0, gap], { x1: -w / 2, y1: gap, x2: w / 2, y2: gap + h }]);
    });
    return out;
  }

  // Storm clustering: below this zoom, with at least CLUSTER_MIN outages drawn, per CLUSTER_CELL px cell.
  var CLUSTER_BELOW_ZOOM = 10, CLUSTER_MIN = 60, CLUSTER_CELL = 64;
  // Technician-to-job lines: only from this zoom on (or for the selected feature); a storm's
  // web of dashes at county scale says nothing.
  var LINE_MIN_ZOOM = 11;
  // The worst status a cluster shows: nobody on it first, then waiting, then on the way.
  var SEVERITY = { reported: 6, waiting_for_material: 5, assigned: 4, en_route: 3, on_site: 2, restored: 1, cancelled: 0 };
  function severity(status) { return Object.prototype.hasOwnProperty.call(SEVERITY, status) ? SEVERITY[status] : 3; }

  function isClosed(status) { return status === 'restored' || status === 'cancelled'; }

  function outageStyle(d, scale) {
    // Outlines thin with the discs: at storm density a 3 px ring would paint a small disc black.
    var stroke = '#ffffff', weight = scale < 1 ? 1 : 1.5;
    if (d.dark) { stroke = '#1e3a8a'; weight = Math.max(1, 2 * scale); }
    if (d.overdue) { stroke = '#111827'; weight = Math.max(1.2, 3 * scale * scale); }
    return {
      radius: drawnRadius(d.customers, scale),
      fillColor: STATUS_COLOR[d.status] || '#64748b',
      fillOpacity: isClosed(d.status) ? 0.45 : 0.85,
      color: stroke, weight: weight, opacity: 1,
      dashArray: d.dark ? '4 3' : null
    };
  }

  /* Outage discs are Leaflet circle markers (hit testing, paint order and the API stay
     Leaflet's) that paint a ready-made bitmap of their disc instead of filling and stroking a
     path: at storm scale rasterising thousands of anti-aliased paths is the largest part of a
     frame, and a storm has only a few dozen distinct discs (status, outline, size). */
  var discCache = {}, discCount = 0;
  function discSprite(o, radius) {
    var r = Math.max(Math.round(radius), 1), ratio = L.Browser.retina ? 2 : 1;
    var id = [o.fillColor, o.fillOpacity, o.color, o.weight, o.opacity, o.dashArray, r, ratio].join('|');
    var sprite = discCache[id];
    if (sprite) { return sprite; }
    if (discCount > 1000) { discCache = {}; discCount = 0; }
    var half = r + Math.ceil((o.stroke !== false ? o.weight : 0) / 2 + 1), size = 2 * half;
    var canvas = document.createElement('canvas');
    canvas.width = canvas.height = size * ratio;
    var ctx = canvas.getContext('2d');
    ctx.scale(ratio, ratio);
    ctx.beginPath();
    ctx.arc(half, half, r, 0, Math.PI * 2, false);
    ctx.globalAlpha = o.fillOpacity;
    ctx.fillStyle = o.fillColor || o.color;
    ctx.fill();
    if (o.stroke !== false && o.weight) {
      ctx.setLineDash(o._dashArray || []);
      ctx.globalAlpha = o.opacity;
      ctx.lineWidth = o.weight;
      ctx.strokeStyle = o.color;
      ctx.stroke();
    }
    sprite = discCache[id] = { canvas: canvas, half: half, size: size };
    discCount++;
    return sprite;
  }

  var OutageDisc = L.CircleMarker.extend({
    /* Style changes go through these (or restyle() below): the bitmap is looked up again. */
    setStyle: function (style) { this._sprite = null; return L.CircleMarker.prototype.setStyle.call(this, style); },
    setRadius: function (radius) { this._sprite = null; return L.CircleMarker.prototype.setRadius.call(this, radius); },
    restyle: function (radius, weight) {
      this._sprite = null;
      this.options.radius = this._radius = radius;
      this.options.weight = weight;
      if (this._map) { this._updateBounds(); }
    },
    _updatePath: function () {
      var renderer = this._renderer;
      if (!(renderer instanceof L.Canvas)) { L.CircleMarker.prototype._updatePath.call(this); return; }
      if (!renderer._drawing || this._empty()) { return; }
      var sprite = this._sprite || (this._sprite = discSprite(this.options, this._radius));
      var p = this._point, ctx = renderer._ctx;
      ctx.globalAlpha = 1;
      ctx.drawImage(sprite.canvas, Math.round(p.x) - sprite.half, Math.round(p.y) - sprite.half, sprite.size, sprite.size);
      // The outage's number above its disc, as the handover's map has it, while few enough are in view.
      if (renderer._dmNumbers && this._dmId !== undefined && this._dmNumberFits !== false) {
        // The selected outage's ring (drawn after the discs) must not cover its number.
        var lift = renderer._dmSelectedId === this._dmId ? SELECTED_LIFT : 0;
        var text = '#' + this._dmId, y = Math.round(p.y) - sprite.half - lift;
        ctx.font = NUMBER_FONT;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'bottom';
        ctx.lineJoin = 'round';
        ctx.lineWidth = 3;
        ctx.strokeStyle = 'rgba(255,255,255,0.92)';
        ctx.strokeText(text, Math.round(p.x), y);
        ctx.fillStyle = '#111827';
        ctx.fillText(text, Math.round(p.x), y);
      }
    }
  });
  var NUMBER_FONT = '700 11px "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif';
  var NUMBERS_AT_MOST = 60;
  var SELECTED_LIFT = 8;  // px: the highlight ring is 6 px outside the disc and 4 px wide  // outages in view; beyond that the numbers would bury each other

  /* Line spacing in degrees so lines fall roughly every 90-220 px. */
  var STEPS = [10, 5, 2, 1, 0.5, 0.25, 0.2, 0.1, 0.05, 0.02, 0.01];
  function gridStep(pxPerDegree) {
    for (var i = STEPS.length - 1; i >= 0; i--) { if (STEPS[i] * pxPerDegree >= 90) { return STEPS[i]; } }
    return STEPS[0];
  }

  function degreeText(value, step, pos, neg) {
    var digits = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
    return Math.abs(value).toFixed(digits) + '\u00b0' + (value >= 0 ? pos : neg);
  }

  /* The offline background: light lines at a spacing that suits the zoom and the depot towns
     as faint place names, drawn under the tile layer, so a map whose tiles cannot be fetched
     still shows where things are. Pure canvas: no request leaves the page. */
  var Graticule = L.GridLayer.extend({
    // Big tiles: the grid is cheap to draw, each tile is a canvas and a DOM node.
    // lines/names: the grid and the depot place names can be drawn by separate layers, so the
    // names can sit above storm clusters while the grid stays under everything.
    options: { pane: 'tilePane', updateWhenZooming: false, className: 'dm-graticule', zIndex: 0, tileSize: 512,
               lines: true, names: true },
    initialize: function (places, options) {
      L.GridLayer.prototype.initialize.call(this, options);
      this.setPlaces(places);
    },
    setPlaces: function (places) {
      this.places = (places || []).map(function (p) { return { name: placeName(p.name), lat: p.lat, lon: p.lon }; })
        .filter(function (p) { return p.name; });
      this._byZoom = {};
      if (this._map) { this.redraw(); }
    },
    /* The names that fit at zoom z without overlapping each other (the first come first). */
    _placesAt: function (z) {
      if (this._byZoom[z]) { return this._byZoom[z]; }
      var map = this._map, font = placeFont(z), kept = [];
      this.places.forEach(function (p) {
        var at = map.project([p.lat, p.lon], z), w = textWidth(p.name, font);
        var box = { x1: at.x + 10, y1: at.y - 24, x2: at.x + 14 + w, y2: at.y - 4 };
        if (!kept.some(function (k) { return overlaps(k.box, box); })) { kept.push({ name: p.name, at: at, box: box, w: w }); }
      });
      this._byZoom[z] = kept;
      return kept;
    },
    createTile: function (coords) {
      var size = this.getTileSize();
      var tile = document.createElement('canvas');
      tile.width = size.x; tile.height = size.y;
      var ctx = tile.getContext('2d');
      var map = this._map, z = coords.z;
      var origin = coords.scaleBy(size);
      var nw = map.unproject(origin, z), se = map.unproject(origin.add(size), z);
      if (this.options.lines) { this._drawLines(ctx, map, z, origin, size, nw, se); }
      if (this.options.names) { this._drawNames(ctx, z, origin, size); }
      return tile;
    },
    _drawLines: function (ctx, map, z, origin, size, nw, se) {
      var steps = gridSteps(map, z, (nw.lat + se.lat) / 2);
      ctx.strokeStyle = 'rgba(71, 85, 105, 0.22)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      var i, x, y;
      for (i = Math.ceil(nw.lng / steps.lon); i * steps.lon <= se.lng; i++) {
        x = Math.round(map.project([0, i * steps.lon], z).x - origin.x) + 0.5;
        ctx.moveTo(x, 0); ctx.lineTo(x, size.y);
      }
      var south = Math.max(se.lat, -85), north = Math.min(nw.lat, 85);
      for (i = Math.ceil(south / steps.lat); i * steps.lat <= north; i++) {
        y = Math.round(map.project([i * steps.lat, 0], z).y - origin.y) + 0.5;
        ctx.moveTo(0, y); ctx.lineTo(size.x, y);
      }
      ctx.stroke();
    },
    _drawNames: function (ctx, z, origin, size) {
      // Place names: each tile paints its share of a name, so names cross tile edges seamlessly.
      // A white halo keeps them readable over clusters and discs.
      ctx.font = placeFont(z);
      ctx.textBaseline = 'middle';
      ctx.lineJoin = 'round';
      ctx.lineWidth = 3;
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)';
      ctx.fillStyle = 'rgba(51, 65, 85, 0.78)';
      this._placesAt(z).forEach(function (p) {
        var x = p.at.x - origin.x, y = p.at.y - origin.y;
        if (x + 12 + p.w < 0 || x - 12 > size.x || y < -30 || y > size.y + 30) { return; }
        ctx.strokeText(p.name, x + 12, y - 14);
        ctx.fillText(p.name, x + 12, y - 14);
      });
    }
  });

  /* Lines every lat/lon step, chosen for the pixel spacing at this zoom and latitude. */
  function gridSteps(map, z, lat) {
    var a = map.project([lat, 0], z), b = map.project([lat + 1, 1], z);
    return { lon: gridStep(Math.abs(b.x - a.x)), lat: gridStep(Math.abs(b.y - a.y)) };
  }

  /* The working view for a data set: open outages and the technicians sent to them;
     everything when no outage is open. */
  function focusOf(data) {
    var b = L.latLngBounds([]), open = {};
    (data.outages || []).forEach(function (o) {
      if (o && !isClosed(o.status) && validPoint(o.lat, o.lon)) { b.extend([o.lat, o.lon]); open[key(o.id)] = true; }
    });
    if (!b.isValid()) { return DispatchMap.prototype._boundsOf(data); }
    (data.technicians || []).forEach(function (t) {
      if (t && t.outage_id !== null && t.outage_id !== undefined && open[key(t.outage_id)] && validPoint(t.lat, t.lon)) {
        b.extend([t.lat, t.lon]);
      }
    });
    return b;
  }

  function DispatchMap(map, config) {
    this.map = map;
    this.config = config || {};
    this.staleMs = (this.config.staleAfterMinutes || 10) * 60000;
    this.labelZoom = this.config.labelMinZoom || 10;
    this.labelMaxCount = this.config.labelAlwaysBelow || 100;
    this.nowMs = null;
    this.outages = new Map();
    this.techs = new Map();
    this.depots = new Map();
    this._sel = null;
    this.popupFor = null;
    this.scale = 1;
    this.outagesToFront = false;
    // Which outages are drawn: the console's board filter (ids, or null for all) and the
    // statuses switched off in the legend. Kept across setData so a refresh stays filtered.
    this.outageFilter = null;
    this.hiddenStatuses = {};
    this.tiles = { source: this.config.tiles || 'none', loaded: 0, failed: 0, ok: null };

    // One canvas for every vector feature: stacked canvases swallow each other's clicks.
    this.renderer = L.canvas({ padding: 0.3, tolerance: 3 });
    // Depot squares sit under that canvas (outages are drawn over them); the canvas takes
    // their clicks through an invisible disc per depot (see _upsertDepots).
    map.createPane('dmDepots').style.zIndex = 390;
    this.gridLabels = el('div', 'dm-grid-labels');
    map.getContainer().appendChild(this.gridLabels);
    // Storm clusters: DOM markers over the outage canvas, under tooltips and pop-ups.
    map.createPane('dmClusters').style.zIndex = 450;
    this.clusterLayer = L.layerGroup().addTo(map);
    this.clusterCount = 0;
    this.lineGroup = L.layerGroup().addTo(map);
    this.outageGroup = L.featureGroup().addTo(map);
    this.techGroup = L.featureGroup().addTo(map);
    this.depotGroup = L.featureGroup().addTo(map);
    this.depotLayer = L.layerGroup().addTo(map);
    this.routeGroup = L.featureGroup().addTo(map);
    this.trackGroup = L.featureGroup().addTo(map);
    this.highlight = null;
    this.hoverTip = L.tooltip({ direction: 'top', offset: [0, -8], className: 'dm-hover', opacity: 1 });
    this.popup = L.popup({ maxWidth: 300, minWidth: 180, autoPanPadding: [24, 24], className: 'dm-popup' });
    this.timeFormat = makeTimeFormat(this.config.timeZone);
    LABELS = this.config.labels || {};

    if (map.attributionControl) { map.attributionControl.setPrefix('Leaflet'); }
    this._watchTiles();
    this._wireEvents();
    this._addLegend();
    var self = this;
    // Staleness is relative to the wall clock unless the console pins "now" with setNow().
    this._clock = setInterval(function () {
      if (self.nowMs === null) { self._restyleTechs(); self._refreshOverdue(); }
    }, 30000);
  }

  function makeTimeFormat(timeZone) {
    var opts = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' };
    try {
      if (timeZone) { opts.timeZone = timeZone; }
      return new Intl.DateTimeFormat('sv-SE', opts);
    } catch (e) {
      delete opts.timeZone;
      return new Intl.DateTimeFormat('sv-SE', opts);
    }
  }

  DispatchMap.prototype = {
    /* ---------- public API ---------- */

    setData: function (data) {
      data = data || {};
      this.map.closePopup();
      this._clearHighlight();
      this.outageGroup.clearLayers(); this.techGroup.clearLayers();
      this.depotGroup.clearLayers(); this.depotLayer.clearLayers(); this.lineGroup.clearLayers();
      this.outages.clear(); this.techs.clear(); this.depots.clear();
      // The disc size for the new data set before its discs exist: no second pass over a storm.
      this.scale = densityScale(this._countInView(data.outages || []));
      // Outages last: added last means painted last, on top, with no reordering of thousands.
      // Lines to jobs wait for the outages they point at (drawn once, in _afterChange).
      this._upsertDepots(data.depots || []);
      this._upsertTechs(data.technicians || [], false);
      this._upsertOutages(data.outages || []);
      this.outagesToFront = false;
      this._afterChange(true);
      return this.counts();
    },

    upsertOutages: function (list) {
      this._upsertOutages(list || []);
      this._afterChange(true);
      return this.counts();
    },

    removeOutages: function (ids) {
      var self = this;
      (ids || []).forEach(function (id) {
        var k = key(id), entry = self.outages.get(k);
        if (!entry) { return; }
        self.outageGroup.removeLayer(entry.layer);
        self.outages.delete(k);
        self._forgetFeature('outage', k);
      });
      this._afterChange(false);
      return this.counts();
    },

    upsertTechnicians: function (list) {
      this._upsertTechs(list || []);
      this._afterChange(false);
      return this.counts();
    },

    removeTechnicians: function (ids) {
      var self = this;
      (ids || []).forEach(function (id) {
        var k = key(id), entry = self.techs.get(k);
        if (!entry) { return; }
        self._undrawTech(entry);
        self.techs.delete(k);
        self._forgetFeature('technician', k);
      });
      this._afterChange(false);
      return this.counts();
    },

    upsertDepots: function (list) {
      this._upsertDepots(list || []);
      this._afterChange(false);
      return this.counts();
    },

    /* Position-only fast path: [{id, lat, lon, fix_at}] for many technicians at once. */
    movePositions: function (list) {
      var moved = 0, self = this, now = this._now();
      (list || []).forEach(function (p) {
        var entry = self.techs.get(key(p.id));
        if (!entry || !validPoint(p.lat, p.lon)) { return; }
        entry.data.lat = p.lat; entry.data.lon = p.lon;
        if (p.fix_at !== undefined) { entry.data.fix_at = p.fix_at; }
        self._drawTech(entry, now);
        moved++;
      });
      if (this.outagesToFront) { this._raiseOutages(); }
      this._refreshLabels();
      this._refreshHighlight();
      this._refreshPopup();
      return moved;
    },

    /* Highlight a feature; options.pan === false keeps the view (a click on the map), else
       the map pans to it (and zooms in when far out). */
    select: function (kind, id, options) {
      this._clearHighlight();
      kind = KIND_ALIASES[kind];
      if (!kind || id === null || id === undefined) { return false; }
      var entry = this._entry(kind, key(id));
      if (!entry || !this._latlng(kind, entry)) { return false; }
      this._sel = { kind: kind, key: key(id) };
      this._refreshHighlight();
      if (this.map.getZoom() < LINE_MIN_ZOOM) { this._refreshTechLines(); }
      if (options && options.pan === false) { return true; }
      var ll = this._latlng(kind, entry);
      if (this.map.getZoom() < 10) { this.map.setView(ll, 10); } else { this.map.panTo(ll); }
      return true;
    },

    /* {kind, id} of the highlighted feature, or null. */
    selected: function () {
      var sel = this._sel, entry = sel && this._entry(sel.kind, sel.key);
      return entry ? { kind: sel.kind, id: entry.data.id } : null;
    },

    showRoutes: function (routes, options) {
      this.clearRoutes();
      var self = this, bounds = L.latLngBounds([]);
      (routes || []).forEach(function (r) {
        var points = [r.from].concat(r.via || [], [r.to]).filter(function (p) {
          return p && validPoint(p[0], p[1]);
        });
        if (points.length < 2) { return; }
        L.polyline(points, {
          renderer: self.renderer, color: ROUTE_COLOR, weight: 4, opacity: 0.9,
          dashArray: '10 6', interactive: false
        }).addTo(self.routeGroup);
        points.forEach(function (p, i) {
          var end = i === 0 || i === points.length - 1;
          L.circleMarker(p, {
            renderer: self.renderer, radius: end ? 5 : 7, weight: 3, color: ROUTE_COLOR,
            fillColor: end ? '#ffffff' : ROUTE_COLOR, fillOpacity: 1, interactive: false
          }).addTo(self.routeGroup);
          bounds.extend(p);
        });
        if (r.label !== undefined && r.label !== null && r.label !== '') {
          var at = points[points.length > 2 ? 1 : 0];
          L.tooltip({ permanent: true, direction: 'right', offset: [10, 0], className: 'dm-route-label' })
            .setLatLng(at).setContent(el('span', null, r.label)).addTo(self.routeGroup);
        }
      });
      if (bounds.isValid() && !(options && options.fit === false)) {
        this.map.fitBounds(bounds, { padding: [40, 40], maxZoom: 13 });
      }
      return this.routeGroup.getLayers().length > 0;
    },

    clearRoutes: function () { this.routeGroup.clearLayers(); },

    showTrack: function (technicianId, points, options) {
      this.clearTrack();
      var self = this;
      var good = (points || []).filter(function (p) { return p && validPoint(p[0], p[1]); });
      if (!good.length) { return false; }
      this.trackFor = key(technicianId);
      L.polyline(good, {
        renderer: this.renderer, color: TRACK_COLOR, weight: 3, opacity: 0.85, interactive: false
      }).addTo(this.trackGroup);
      good.forEach(function (p, i) {
        L.circleMarker(p, {
          renderer: self.renderer, radius: i === good.length - 1 ? 5 : 2.5, weight: 1,
          color: '#ffffff', fillColor: TRACK_COLOR, fillOpacity: 1, interactive: false
        }).addTo(self.trackGroup);
      });
      if (!(options && options.fit === false)) {
        this.map.fitBounds(L.latLngBounds(good), { padding: [40, 40], maxZoom: 15 });
      }
      return true;
    },

    clearTrack: function () { this.trackGroup.clearLayers(); this.trackFor = null; },

    /* outages: the outages the map shows now (after the board filter and the legend; those in
       a storm cluster count too). drawn() says how they are drawn. */
    counts: function () {
      var techs = 0, shown = 0;
      this.techs.forEach(function (t) { if (t.marker) { techs++; } });
      this.outages.forEach(function (o) { if (o.shown) { shown++; } });
      var out = { outages: shown, technicians: techs, depots: this.depots.size };
      // The region's roads, water and places, when basemap_layer.js shows one.
      if (global.dispatchBasemap && global.dispatchBasemap.drawn().on) { out.basemap = global.dispatchBasemap.counts(); }
      return out;
    },

    /* What is on the map: discs, cluster markers, depot names, hidden statuses, all outages known. */
    drawn: function () {
      var discs = 0, shown = 0, numbered = [], view = this.map.getBounds(), numbers = !!this.renderer._dmNumbers;
      this.outages.forEach(function (o) {
        if (o.inGroup) { discs++; }
        if (o.shown) { shown++; }
        if (numbers && o.inGroup && o.layer._dmNumberFits !== false && view.contains([o.data.lat, o.data.lon])) {
          numbered.push(o.data.id);
        }
      });
      return { outages: shown, total: this.outages.size, discs: discs, clusters: this.clusterCount,
               depotNames: this.placeNames && this.placeNames._map ? this.placeNames._placesAt(this.map.getZoom()).length : 0,
               hiddenStatuses: Object.keys(this.hiddenStatuses).sort(), numbers: numbers,
               numbered: numbered.sort(function (a, b) { return a - b; }) };
    },

    /* ---------- filtering (board filter + legend toggles) ---------- */

    /* ids: the outages the board shows, or null to draw every outage. */
    setOutageFilter: function (ids, options) {
      this.outageFilter = null;
      if (ids !== null && ids !== undefined) {
        var only = {};
        ids.forEach(function (id) { only[key(id)] = true; });
        this.outageFilter = only;
      }
      this._applyOutageVisibility();
      if (options && options.fit && ids && ids.length) { this._fitMatches(ids); }
      return this.counts();
    },

    /* A filter the dispatcher just typed brings its matches into view, unless all already are:
       a storm refresh that changes the matches leaves the map where it is. */
    _fitMatches: function (ids) {
      var self = this, bounds = L.latLngBounds([]);
      ids.forEach(function (id) {
        var o = self.outages.get(key(id));
        if (o && validPoint(o.data.lat, o.data.lon)) { bounds.extend([o.data.lat, o.data.lon]); }
      });
      if (!bounds.isValid() || this.map.getBounds().contains(bounds)) { return false; }
      this._fit(bounds, { animate: false });
      return true;
    },

    /* The legend's status switch: hidden=true takes that status off the map. */
    setStatusHidden: function (status, hidden) {
      if (hidden) { this.hiddenStatuses[status] = true; } else { delete this.hiddenStatuses[status]; }
      var row = this.map.getContainer().querySelector('.dm-legend-row[data-status="' + status + '"]');
      if (row) { row.classList.toggle('dm-off', !!hidden); row.setAttribute('aria-pressed', hidden ? 'false' : 'true'); }
      this._applyOutageVisibility();
      return this.counts();
    },

    /* Ids of the outage discs on the map now, ascending. */
    drawnOutages: function () {
      var out = [], group = this.outageGroup;
      this.outages.forEach(function (o) { if (o.shown && group.hasLayer(o.layer)) { out.push(o.data.id); } });
      return out.sort(function (a, b) { return a - b; });
    },

    _outageVisible: function (d) {
      if (this.hiddenStatuses[d.status]) { return false; }
      return this.outageFilter === null || !!this.outageFilter[key(d.id)];
    },

    _showOutage: function (entry, shown) {
      entry.shown = shown;
      var added = [];
      this._syncDisc(entry, added);
      if (added.length) { this.outageGroup.addLayer(entry.layer); }
    },

    /* A disc is on the canvas when the filter passes it and no cluster holds it. */
    _syncDisc: function (o, added) {
      var want = o.shown && !o.clustered;
      if (want === !!o.inGroup) { return; }
      o.inGroup = want;
      if (want) { added.push(o.layer); } else { this.outageGroup.removeLayer(o.layer); }
    },

    _applyOutageVisibility: function () {
      var self = this;
      this.outages.forEach(function (o) { o.shown = self._outageVisible(o.data); });
      this._afterChange(true);
    },

    /* ---------- storm clusters (grid clustering at low zoom) ---------- */

    /* Outages closer than a grid cell (CLUSTER_CELL px) at zooms below CLUSTER_BELOW_ZOOM become one
       marker: the count, sized by customers, coloured by the worst status among them. Few outages
       (under CLUSTER_MIN drawn) never cluster: the demo stays one disc per job. */
    _refreshClusters: function () {
      var self = this, map = this.map, z = map.getZoom(), shown = [];
      this.outages.forEach(function (o) { if (o.shown) { shown.push(o); } });
      var on = z < CLUSTER_BELOW_ZOOM && shown.length >= CLUSTER_MIN;
      var cells = {};
      shown.forEach(function (o) {
        o.clustered = false;
        if (!on) { return; }
        var p = map.project([o.data.lat, o.data.lon], z);
        var cell = Math.floor(p.x / CLUSTER_CELL) + ':' + Math.floor(p.y / CLUSTER_CELL);
        (cells[cell] = cells[cell] || []).push(o);
      });
      this.clusterLayer.clearLayers();
      this.clusterCount = 0;
      Object.keys(cells).forEach(function (cell) {
        var members = cells[cell];
        if (members.length < 2) { return; }
        members.forEach(function (o) { o.clustered = true; });
        self.clusterLayer.addLayer(self._clusterMarker(members));
        self.clusterCount++;
      });
      var added = [];
      this.outages.forEach(function (o) { if (!o.shown) { o.clustered = false; } self._syncDisc(o, added); });
      this._addPaths(this.outageGroup, added);
      if (added.length) { this._raiseOutages(); }
    },

    _clusterMarker: function (members) {
      var lat = 0, lon = 0, customers = 0, worst = null, bounds = L.latLngBounds([]);
      members.forEach(function (o) {
        lat += o.data.lat; lon += o.data.lon; customers += o.data.customers || 0;
        bounds.extend([o.data.lat, o.data.lon]);
        if (worst === null || severity(o.data.status) > severity(worst)) { worst = o.data.status; }
      });
      var size = Math.round(Math.min(46, 24 + 4 * Math.log(1 + customers / 50) / Math.LN2));
      var text = T('{n} outages, {c} customers, worst: {s}').replace('{n}', String(members.length))
        .replace('{c}', String(customers)).replace('{s}', statusLabel(worst));
      var icon = L.divIcon({
        className: 'dm-cluster' + (isClosed(worst) ? ' dm-cluster-closed' : ''),
        html: '<span style="background:' + (STATUS_COLOR[worst] || '#64748b') + '">' + members.length + '</span>',
        iconSize: [size, size]
      });
      var marker = L.marker([lat / members.length, lon / members.length],
        { icon: icon, pane: 'dmClusters', title: text, keyboard: true, alt: text });
      var map = this.map;
      marker.on('click', function () { map.fitBounds(bounds.pad(0.2), { maxZoom: CLUSTER_BELOW_ZOOM, animate: false }); });
      return marker;
    },

    clustersDrawn: function () {
      var out = [];
      this.clusterLayer.eachLayer(function (m) {
        var node = m.getElement();
        out.push({ count: node ? Number(node.textContent) : null, lat: m.getLatLng().lat, lon: m.getLatLng().lng });
      });
      return out;
    },

    /* The shared thresholds the console read: {staleAfterMinutes}. Features that carry their own
       stale_after_minutes keep it; the legend and features without one follow this. */
    setThresholds: function (t) {
      var minutes = t && Number(t.staleAfterMinutes);
      if (!(minutes > 0)) { return false; }
      this.staleMs = minutes * 60000;
      if (this._staleLegend) { this._staleLegend.textContent = staleWords(this.staleMs); }
      this._restyleTechs();
      return true;
    },

    /* Ids of the outages flagged "after dark" right now. */
    darkOutages: function () {
      var out = [];
      this.outages.forEach(function (o) { if (o.data.dark) { out.push(o.data.id); } });
      return out;
    },

    legendText: function () {
      var box = this.map.getContainer().querySelector('.dm-legend-body');
      return box ? box.textContent : '';
    },

    setNow: function (iso) {
      var ms = (iso === null || iso === undefined) ? null : Date.parse(iso);
      this.nowMs = (ms === null || isNaN(ms)) ? null : ms;
      this._restyleTechs();
      this._refreshOverdue();
      this._refreshPopup();
      return this.nowMs !== null;
    },

    /* [lat, lon] where a feature is drawn, or null. */
    position: function (kind, id) {
      kind = KIND_ALIASES[kind];
      var entry = kind && this._entry(kind, key(id)), ll = entry && this._latlng(kind, entry);
      return ll ? [ll.lat, ll.lng] : null;
    },

    staleTechnicians: function () {
      var out = [], now = this._now(), self = this;
      this.techs.forEach(function (t) { if (t.marker && self._isStale(t.data, now)) { out.push(t.data.id); } });
      return out;
    },

    labelsShown: function () {
      var n = 0;
      this.techs.forEach(function (t) { if (t.label) { n++; } });
      return n;
    },

    tileStatus: function () {
      return { source: this.tiles.source, loaded: this.tiles.loaded, failed: this.tiles.failed, ok: this.tiles.ok };
    },

    fitAll: function (options) {
      return this._fit(this._dataBounds(), options);
    },

    /* The working view: open outages and the technicians sent to them (everything when no
       outage is open), rather than every depot in the county. */
    fitFocus: function (options) {
      return this._fit(this._focusBounds(), options);
    },

    _fit: function (bounds, options) {
      var animate = !(options && options.animate === false);
      if (bounds.isValid()) {
        // Fitted to a tenth of a step: a whole-step fit can leave a storm's outages in half the view.
        // The legend's side is kept clear so no outage opens under it.
        var legend = this.map.getContainer().querySelector('.dm-legend');
        var right = legend && legend.offsetWidth ? legend.offsetWidth + 24 : 40;
        if (right * 3 > this.map.getSize().x) { right = 40; }  // a small map: room for the outages first
        var snap = this.map.options.zoomSnap;
        this.map.options.zoomSnap = 0.1;
        this.map.fitBounds(bounds, { paddingTopLeft: [40, 30], paddingBottomRight: [right, 30], maxZoom: 12,
                                     animate: animate });
        this.map.options.zoomSnap = snap;
      }
      this._rescaleOutages();
      return bounds.isValid();
    },

    /* ---------- drawing ---------- */

    _upsertOutages: function (list) {
      var self = this;
      // Paint order for new features: closed jobs under open ones, big discs under small ones.
      list = list.slice().sort(function (a, b) {
        return (isClosed(b && b.status) - isClosed(a && a.status)) ||
          ((b && b.customers || 0) - (a && a.customers || 0));
      });
      var added = [];
      list.forEach(function (d) {
        if (!d || d.id === undefined || d.id === null || !validPoint(d.lat, d.lon)) { return; }
        var k = key(d.id), entry = self.outages.get(k), style = outageStyle(d, self.scale);
        if (entry) {
          entry.data = d;
          entry.layer.setLatLng([d.lat, d.lon]);
          entry.layer.setRadius(style.radius);
          entry.layer.setStyle(style);
        } else {
          style.renderer = self.renderer;
          style.bubblingMouseEvents = false;
          var layer = new OutageDisc([d.lat, d.lon], style);
          layer._dm = { kind: 'outage', key: k };
          layer._dmId = d.id;
          var fresh = { data: d, layer: layer, shown: self._outageVisible(d), clustered: false };
          fresh.inGroup = fresh.shown;
          self.outages.set(k, fresh);
          if (fresh.shown) { added.push(layer); }
        }
        if (entry) { self._showOutage(entry, self._outageVisible(d)); }
      });
      this._addPaths(this.outageGroup, added);
    },

    /* Every layer added asks the canvas to redraw the box around it, and growing that box one
       disc at a time costs as much as adding the disc: a storm asks once, for the whole canvas. */
    _addPaths: function (group, layers) {
      var renderer = this.renderer;
      if (layers.length < 200 || !renderer._map || !renderer._bounds) {
        layers.forEach(function (layer) { group.addLayer(layer); });
        return;
      }
      renderer._requestRedraw = function () {};
      try {
        layers.forEach(function (layer) { group.addLayer(layer); });
      } finally {
        delete renderer._requestRedraw;
      }
      renderer._requestRedraw({ _pxBounds: renderer._bounds, options: {} });
    },

    /* Outages over everything else on the canvas (lines, technicians, depot hit areas):
       closed under open, big discs under small ones, so every disc shows. */
    _raiseOutages: function () {
      this.outagesToFront = false;
      var list = [];
      this.outages.forEach(function (o) { if (o.shown) { list.push(o); } });
      list.sort(function (a, b) {
        return (isClosed(b.data.status) - isClosed(a.data.status)) || ((b.data.customers || 0) - (a.data.customers || 0));
      });
      list.forEach(function (o) { o.layer.bringToFront(); });
    },

    _outagesInView: function () {
      var view = this.map.getBounds(), n = 0;
      this.outages.forEach(function (o) { if (o.shown && view.contains([o.data.lat, o.data.lon])) { n++; } });
      return n;
    },

    /* Outage numbers give way: to the town names and to each other, the selected outage and the
       ones with most customers first; a number that fits nowhere is left to the hover card.
       Returns whether any number appeared or went. */
    _placeNumbers: function () {
      var map = this.map, z = map.getZoom(), view = map.getBounds().pad(0.1), scale = this.scale;
      var sel = this._sel && this._sel.kind === 'outage' ? this._sel.key : null;
      var taken = this.placeNames && this.placeNames._map ? this.placeNames._placesAt(z).map(function (p) { return p.box; }) : [];
      var list = [];
      this.outages.forEach(function (o, k) {
        if (o.shown && o.layer && view.contains([o.data.lat, o.data.lon])) { list.push([k, o]); }
      });
      list.sort(function (a, b) {
        return (b[0] === sel) - (a[0] === sel) || (b[1].data.customers || 0) - (a[1].data.customers || 0);
      });
      var changed = false;
      list.forEach(function (pair) {
        var o = pair[1], at = map.project([o.data.lat, o.data.lon], z);
        var lift = pair[0] === sel ? SELECTED_LIFT : 0;
        var w = textWidth('#' + o.data.id, NUMBER_FONT) + 4, top = at.y - drawnRadius(o.data.customers, scale) - 2 - lift;
        var box = { x1: at.x - w / 2, y1: top - 13, x2: at.x + w / 2, y2: top };
        var fits = !taken.some(function (t) { return overlaps(t, box); });
        if (fits) { taken.push(box); }
        if ((o.layer._dmNumberFits !== false) !== fits) { o.layer._dmNumberFits = fits; changed = true; }
      });
      return changed;
    },

    _countInView: function (list) {
      var view = this.map.getBounds(), n = 0;
      list.forEach(function (d) { if (d && validPoint(d.lat, d.lon) && view.contains([d.lat, d.lon])) { n++; } });
      return n;
    },

    _rescaleOutages: function () {
      var inView = this._outagesInView(), numbers = inView <= NUMBERS_AT_MOST;
      var moved = numbers && this._placeNumbers();
      if (numbers !== !!this.renderer._dmNumbers || moved) {
        this.renderer._dmNumbers = numbers;
        if (this.renderer._map && this.renderer._bounds) {
          this.renderer._requestRedraw({ _pxBounds: this.renderer._bounds, options: {} });
        }
      }
      var scale = densityScale(inView);
      if (scale === this.scale) { return; }
      this.scale = scale;
      // Straight into the layers' options, then one redraw of the canvas: setRadius/setStyle
      // would each ask for their own.
      this.outages.forEach(function (o) {
        var style = outageStyle(o.data, scale);
        o.layer.restyle(style.radius, style.weight);
      });
      if (this.renderer._map && this.renderer._bounds) {
        this.renderer._requestRedraw({ _pxBounds: this.renderer._bounds, options: {} });
      }
      this._refreshHighlight();
    },

    _upsertDepots: function (list) {
      var self = this;
      list.forEach(function (d) {
        if (!d || d.id === undefined || d.id === null || !validPoint(d.lat, d.lon)) { return; }
        var k = key(d.id), entry = self.depots.get(k);
        if (entry) {
          entry.data = d;
          entry.marker.setLatLng([d.lat, d.lon]);
          entry.hit.setLatLng([d.lat, d.lon]);
        } else {
          var marker = L.marker([d.lat, d.lon], {
            icon: L.divIcon({ className: 'dm-depot', iconSize: [14, 14] }),
            keyboard: false, interactive: false, pane: 'dmDepots'
          });
          var hit = L.circleMarker([d.lat, d.lon], {
            renderer: self.renderer, radius: 9, stroke: false, fill: true, fillOpacity: 0,
            bubblingMouseEvents: false
          });
          hit._dm = { kind: 'depot', key: k };
          self.depots.set(k, { data: d, marker: marker, hit: hit });
          self.depotLayer.addLayer(marker);
          self.depotGroup.addLayer(hit);
          hit.bringToBack();
        }
      });
      if (this.graticule) { this.graticule.setPlaces(this._places()); }
      if (this.placeNames) { this.placeNames.setPlaces(this._places()); }
    },

    _places: function () {
      var out = [];
      this.depots.forEach(function (d) { if (d.data.name) { out.push(d.data); } });
      return out;
    },

    _upsertTechs: function (list, withLines) {
      var self = this, now = this._now();
      list.forEach(function (d) {
        if (!d || d.id === undefined || d.id === null) { return; }
        var k = key(d.id), entry = self.techs.get(k);
        if (!entry) { entry = { key: k, data: d, marker: null, line: null, label: null }; self.techs.set(k, entry); }
        entry.data = d;
        self._drawTech(entry, now, withLines);
      });
    },

    _drawTech: function (entry, now, withLine) {
      var d = entry.data;
      if (!validPoint(d.lat, d.lon)) { this._undrawTech(entry); return; }
      var ll = [d.lat, d.lon], stale = this._isStale(d, now);
      var style = {
        radius: 6, weight: 2.5, color: '#ffffff', fillColor: TECH_FILL,
        opacity: stale ? 0.5 : 1, fillOpacity: stale ? 0.4 : 1
      };
      if (entry.marker) {
        entry.marker.setLatLng(ll);
        entry.marker.setStyle(style);
      } else {
        style.renderer = this.renderer;
        style.bubblingMouseEvents = false;
        entry.marker = L.circleMarker(ll, style);
        entry.marker._dm = { kind: 'technician', key: entry.key };
        this.techGroup.addLayer(entry.marker);
        this.outagesToFront = true;
      }
      if (entry.label) {
        var node = entry.label.getElement();
        if (node) { node.classList.toggle('dm-stale', stale); }
      }
      if (withLine !== false) { this._drawTechLine(entry, stale); }
    },

    _drawTechLine: function (entry, stale) {
      var d = entry.data, target = null;
      if (validPoint(d.outage_lat, d.outage_lon)) {
        target = [d.outage_lat, d.outage_lon];
      } else if (d.outage_id !== null && d.outage_id !== undefined) {
        var o = this.outages.get(key(d.outage_id));
        if (o) { target = [o.data.lat, o.data.lon]; }
      }
      if (!target || !entry.marker || !this._lineWanted(entry)) {
        if (entry.line) { this.lineGroup.removeLayer(entry.line); entry.line = null; }
        return;
      }
      var points = [[d.lat, d.lon], target];
      if (entry.line) {
        entry.line.setLatLngs(points);
        entry.line.setStyle({ opacity: stale ? 0.3 : 0.75 });
      } else {
        entry.line = L.polyline(points, {
          renderer: this.renderer, color: '#334155', weight: 1.5, dashArray: '6 5',
          opacity: stale ? 0.3 : 0.75, interactive: false
        });
        this.lineGroup.addLayer(entry.line);
        entry.line.bringToBack();  // under technicians and outages alike
      }
    },

    /* Zoomed out, only the selected technician's line, or the line to the selected outage. */
    _lineWanted: function (entry) {
      if (this.map.getZoom() >= LINE_MIN_ZOOM) { return true; }
      var sel = this._sel;
      if (!sel) { return false; }
      if (sel.kind === 'technician') { return sel.key === key(entry.data.id); }
      return sel.kind === 'outage' && entry.data.outage_id !== null && entry.data.outage_id !== undefined &&
        sel.key === key(entry.data.outage_id);
    },

    _refreshTechLines: function () {
      var self = this, now = this._now();
      this.techs.forEach(function (entry) { self._drawTechLine(entry, self._isStale(entry.data, now)); });
    },

    _undrawTech: function (entry) {
      if (entry.label && entry.marker) { entry.marker.unbindTooltip(); }
      entry.label = null;
      if (entry.marker) { this.techGroup.removeLayer(entry.marker); entry.marker = null; }
      if (entry.line) { this.lineGroup.removeLayer(entry.line); entry.line = null; }
    },

    _restyleTechs: function () {
      var now = this._now(), self = this;
      this.techs.forEach(function (entry) { if (entry.marker) { self._drawTech(entry, now); } });
    },

    _afterChange: function (outagesChanged) {
      var self = this;
      if (outagesChanged) {
        var now = this._now();
        this.techs.forEach(function (entry) { self._drawTechLine(entry, self._isStale(entry.data, now)); });
      }
      // Drawing order on the shared canvas: lines < depot hit areas < technicians < outages.
      if (this.outagesToFront) { this._raiseOutages(); }
      this._refreshClusters();
      this._rescaleOutages();
      this._refreshLabels();
      this._refreshHighlight();
      this._refreshPopup();
    },

    _now: function () { return this.nowMs === null ? Date.now() : this.nowMs; },

    _isStale: function (d, now) {
      // Each technician carries the shared setting it was judged by; the page's own is a fallback.
      var t = d.fix_at ? Date.parse(d.fix_at) : NaN;
      var after = typeof d.stale_after_minutes === 'number' ? d.stale_after_minutes * 60000 : this.staleMs;
      return isNaN(t) || now - t > after;
    },

    /* An ETA passes, or the dark stretch of the work ends, while the page is open: the console's
       clock ticks (setNow) and the discs follow. */
    _refreshOverdue: function () {
      var now = this._now(), changed = [];
      this.outages.forEach(function (o) {
        var t = o.data.eta ? Date.parse(o.data.eta) : NaN, overdue = !isNaN(t) && t < now;
        var until = o.data.dark_until ? Date.parse(o.data.dark_until) : NaN;
        var dark = isNaN(until) ? !!o.data.dark : until > now;
        if (overdue !== !!o.data.overdue || dark !== !!o.data.dark) {
          o.data.overdue = overdue; o.data.dark = dark; changed.push(o.data);
        }
      });
      if (changed.length) { this._upsertOutages(changed); }
      return changed.length;
    },

    /* Name labels are DOM nodes: show them only where they help and stay cheap, and never
       over an outage, a depot or another name: each takes the first free side of its dot, and
       a name with no free side is left to the hover card. */
    _refreshLabels: function () {
      var drawn = this.counts().technicians;
      var show = this.map.getZoom() >= this.labelZoom || drawn < this.labelMaxCount;
      var view = this.map.getBounds().pad(0.2), now = this._now(), self = this, map = this.map;
      var taken = show ? this._obstacles() : [];
      var h = 16;
      this.techs.forEach(function (entry) {
        var want = show && entry.marker && view.contains(entry.marker.getLatLng());
        var spot = null;
        if (want) {
          var at = map.latLngToContainerPoint(entry.marker.getLatLng());
          var spots = labelSpots(textWidth(entry.data.name) + 10, h);
          for (var i = 0; i < spots.length && !spot; i++) {
            var b = spots[i][2], box = { x1: at.x + b.x1, y1: at.y + b.y1, x2: at.x + b.x2, y2: at.y + b.y2 };
            if (!taken.some(function (t) { return overlaps(t, box); })) { spot = spots[i]; taken.push(box); }
          }
          want = spot !== null;
        }
        if (want && !entry.label) {
          entry.marker.bindTooltip(el('span', null, entry.data.name), {
            permanent: true, direction: spot[0], offset: spot[1], className: 'dm-tech-label', interactive: false
          });
          entry.label = entry.marker.getTooltip();
          var node = entry.label.getElement();
          if (node) { node.classList.toggle('dm-stale', self._isStale(entry.data, now)); }
        } else if (!want && entry.label) {
          entry.marker.unbindTooltip();
          entry.label = null;
        } else if (want && entry.label) {
          if (entry.label.options.direction !== spot[0] || entry.label.options.offset[0] !== spot[1][0] ||
              entry.label.options.offset[1] !== spot[1][1]) {
            entry.label.options.direction = spot[0];
            entry.label.options.offset = spot[1];
            entry.label.update();
          }
          var span = entry.label.getContent();
          if (span && span.textContent !== String(entry.data.name)) { span.textContent = entry.data.name; }
        }
      });
    },

    /* Screen boxes labels must keep clear of: every outage disc and depot square in view. */
    _obstacles: function () {
      var map = this.map, size = map.getSize(), out = [], scale = this.scale;
      function add(ll, r) {
        var p = map.latLngToContainerPoint(ll);
        if (p.x < -r || p.y < -r || p.x > size.x + r || p.y > size.y + r) { return; }
        out.push({ x1: p.x - r, y1: p.y - r, x2: p.x + r, y2: p.y + r });
      }
      this.outages.forEach(function (o) { add([o.data.lat, o.data.lon], drawnRadius(o.data.customers, scale) + 2); });
      this.depots.forEach(function (d) { add([d.data.lat, d.data.lon], 8); });
      return out;
    },

    _entry: function (kind, k) {
      return kind === 'outage' ? this.outages.get(k) : kind === 'technician' ? this.techs.get(k) : this.depots.get(k);
    },

    _latlng: function (kind, entry) {
      if (kind === 'technician') { return entry.marker ? entry.marker.getLatLng() : null; }
      return L.latLng(entry.data.lat, entry.data.lon);
    },

    _forgetFeature: function (kind, k) {
      if (this._sel && this._sel.kind === kind && this._sel.key === k) { this._clearHighlight(); }
      if (this.popupFor && this.popupFor.kind === kind && this.popupFor.key === k) { this.map.closePopup(); }
    },

    _clearHighlight: function () {
      if (this.highlight) { this.map.removeLayer(this.highlight); this.highlight = null; }
      this.renderer._dmSelectedId = null;
      this.depots.forEach(function (d) {
        var node = d.marker.getElement();
        if (node) { node.classList.remove('dm-selected'); }
      });
      this._sel = null;
    },

    _refreshHighlight: function () {
      var sel = this._sel;
      if (!sel) { return; }
      var entry = this._entry(sel.kind, sel.key), ll = entry && this._latlng(sel.kind, entry);
      if (!ll) { this._clearHighlight(); return; }
      var radius = sel.kind === 'outage' ? drawnRadius(entry.data.customers, this.scale) + 6 : 12;
      this.renderer._dmSelectedId = sel.kind === 'outage' ? entry.data.id : null;
      if (!this.highlight) {
        this.highlight = L.circleMarker(ll, {
          renderer: this.renderer, radius: radius, color: HIGHLIGHT, weight: 4, fill: false, interactive: false
        }).addTo(this.map);
      } else {
        this.highlight.setLatLng(ll);
        this.highlight.setRadius(radius);
      }
      this.highlight.bringToFront();
      if (sel.kind === 'depot') {
        var node = entry.marker.getElement();
        if (node) { node.classList.add('dm-selected'); }
      }
    },

    /* ---------- popups, hover, clicks ---------- */

    _describe: function (kind, entry) {
      var d = entry.data, box = el('div', 'dm-card dm-card-' + kind);
      if (kind === 'outage') {
        box.appendChild(el('div', 'dm-title', d.title || (T('Outage') + ' ' + d.id)));
        var chip = el('span', 'dm-chip', statusLabel(d.status));
        chip.style.backgroundColor = STATUS_COLOR[d.status] || '#64748b';
        box.appendChild(chip);
        row(box, T('Customers'), String(d.customers || 0));
        row(box, T('ETA'), d.eta ? this._formatTime(d.eta) : T('not set'), d.overdue ? 'dm-overdue' : '');
        if (d.overdue) { box.appendChild(el('div', 'dm-flag dm-flag-overdue', T('ETA has passed'))); }
        if (d.dark) { box.appendChild(el('div', 'dm-flag dm-flag-dark', T('Work goes on after dark'))); }
        row(box, T('Outage'), '#' + d.id);
      } else if (kind === 'technician') {
        box.appendChild(el('div', 'dm-title', d.name || (T('Technician') + ' ' + d.id)));
        row(box, T('Status'), techStatusLabel(d.status));
        var stale = this._isStale(d, this._now());
        row(box, T('Last fix'), d.fix_at ? this._formatTime(d.fix_at) + ' (' + this._age(d.fix_at) + ')' : T('none'),
          stale ? 'dm-overdue' : '');
        if (d.outage_id !== null && d.outage_id !== undefined) {
          var o = this.outages.get(key(d.outage_id));
          row(box, T('Job'), o && o.data.title ? o.data.title : '#' + d.outage_id);
        }
      } else {
        box.appendChild(el('div', 'dm-title', d.name || (T('Depot') + ' ' + d.id)));
        row(box, T('Depot'), '#' + d.id);
      }
      return box;
    },

    _hoverText: function (kind, entry) {
      var d = entry.data, node = el('span');
      if (kind === 'outage') {
        node.appendChild(el('b', null, d.title || (T('Outage') + ' ' + d.id)));
        node.appendChild(document.createTextNode(' · ' + statusLabel(d.status) +
          ' · ETA ' + (d.eta ? this._formatTime(d.eta) : T('not set'))));
      } else if (kind === 'technician') {
        node.appendChild(el('b', null, d.name));
        node.appendChild(document.createTextNode(' · ' + techStatusLabel(d.status) +
          (d.fix_at ? ' · fix ' + this._age(d.fix_at) : ' · no fix')));
      } else {
        node.appendChild(el('b', null, d.name));
        node.appendChild(document.createTextNode(' · depot'));
      }
      return node;
    },

    _openPopup: function (kind, k) {
      var entry = this._entry(kind, k);
      if (!entry) { return; }
      this.popupFor = { kind: kind, key: k };
      this.popup.setLatLng(this._latlng(kind, entry)).setContent(this._describe(kind, entry)).openOn(this.map);
    },

    _refreshPopup: function () {
      var p = this.popupFor;
      if (!p || !this.map.hasLayer(this.popup)) { return; }
      var entry = this._entry(p.kind, p.key), ll = entry && this._latlng(p.kind, entry);
      if (!ll) { this.map.closePopup(); return; }
      this.popup.setLatLng(ll).setContent(this._describe(p.kind, entry));
    },

    _wireEvents: function () {
      var self = this, map = this.map;
      function featureOf(e) {
        var layer = e.propagatedFrom || e.layer || e.sourceTarget;
        return layer && layer._dm ? layer._dm : null;
      }
      [this.outageGroup, this.techGroup, this.depotGroup].forEach(function (group) {
        group.on('click', function (e) {
          var f = featureOf(e);
          if (!f) { return; }
          if (e.originalEvent) { L.DomEvent.stopPropagation(e.originalEvent); }
          self._openPopup(f.kind, f.key);
          var entry = self._entry(f.kind, f.key);
          if (entry) {
            self.select(f.kind, entry.data.id, { pan: false });
            callBridge('featureClicked', [f.kind, entry.data.id]);
          }
        });
        // Right-click: the window shows its own menu for the feature (the same commands as its menus).
        group.on('contextmenu', function (e) {
          var f = featureOf(e), entry = f && self._entry(f.kind, f.key);
          if (e.originalEvent) { L.DomEvent.preventDefault(e.originalEvent); L.DomEvent.stopPropagation(e.originalEvent); }
          if (!entry) { return; }
          var at = e.containerPoint || map.mouseEventToContainerPoint(e.originalEvent);
          self.select(f.kind, entry.data.id, { pan: false });
          callBridge('featureContextMenu', [f.kind, entry.data.id, at.x, at.y]);
        });
        group.on('mouseover', function (e) {
          var f = featureOf(e), entry = f && self._entry(f.kind, f.key);
          if (!entry) { return; }
          self.hoverTip.setLatLng(self._latlng(f.kind, entry)).setContent(self._hoverText(f.kind, entry));
          map.openTooltip(self.hoverTip);
        });
        group.on('mouseout', function () { map.closeTooltip(self.hoverTip); });
      });
      map.on('click', function (e) {
        callBridge('mapClicked', [e.latlng.lat, e.latlng.lng]);
      });
      map.on('popupclose', function (e) { if (e.popup === self.popup) { self.popupFor = null; } });
      // Density first: label placement keeps clear of the discs at their new size.
      map.on('zoomend moveend', function () { self._rescaleOutages(); self._refreshLabels(); self._refreshGridLabels(); });
      map.on('zoomend', function () { self._refreshClusters(); self._refreshTechLines(); });
    },

    _watchTiles: function () {
      var self = this;
      this.map.eachLayer(function (layer) {
        if (!(layer instanceof L.TileLayer)) { return; }
        layer.on('tileload', function () { self.tiles.loaded++; self._tilesOk(true); });
        layer.on('tileerror', function () { self.tiles.failed++; self._tilesOk(false); });
      });
    },

    /* Added after the first view is set, so no tiles are drawn for a zoom nobody sees. Always
       there, under the tile layer: it shows wherever tiles are off or cannot be fetched. */
    _addBackground: function () {
      this.graticule = new Graticule(this._places(), { names: false }).addTo(this.map);
      // Depot names over the outage canvas and the clusters (pane 460), never catching clicks.
      var names = this.map.createPane('dmPlaceNames');
      names.style.zIndex = 460;
      names.style.pointerEvents = 'none';
      this.placeNames = new Graticule(this._places(), { lines: false, pane: 'dmPlaceNames' }).addTo(this.map);
      this._showGrid(this.tiles.source === 'none' || this.tiles.ok === false);
    },

    _showGrid: function (on) {
      this.map.getContainer().classList.toggle('dm-no-tiles', on);
      this._refreshGridLabels();
    },

    /* Latitudes along the left edge and longitudes along the top, for the offline grid. */
    _refreshGridLabels: function () {
      var box = this.gridLabels, map = this.map;
      while (box.firstChild) { box.removeChild(box.firstChild); }
      if (!map.getContainer().classList.contains('dm-no-tiles')) { return; }
      var b = map.getBounds(), size = map.getSize(), z = map.getZoom();
      var steps = gridSteps(map, z, b.getCenter().lat), i, p, tag;
      for (i = Math.ceil(b.getSouth() / steps.lat); i * steps.lat <= b.getNorth(); i++) {
        p = map.latLngToContainerPoint([i * steps.lat, b.getWest()]);
        if (p.y < 90 || p.y > size.y - 50) { continue; }  // clear of the zoom buttons and the scale
        tag = el('span', 'dm-grid-lat', degreeText(i * steps.lat, steps.lat, 'N', 'S'));
        tag.style.top = Math.round(p.y) + 'px';
        box.appendChild(tag);
      }
      for (i = Math.ceil(b.getWest() / steps.lon); i * steps.lon <= b.getEast(); i++) {
        p = map.latLngToContainerPoint([b.getSouth(), i * steps.lon]);
        if (p.x < 70 || p.x > size.x - 200) { continue; }  // clear of the zoom buttons and the legend
        tag = el('span', 'dm-grid-lon', degreeText(i * steps.lon, steps.lon, 'E', 'W'));
        tag.style.left = Math.round(p.x) + 'px';
        box.appendChild(tag);
      }
    },

    _tilesOk: function (ok) {
      if (this.tiles.ok === ok) { return; }
      this.tiles.ok = ok;
      if (this.graticule) { this._showGrid(this.tiles.source === 'none' || !ok); }
      callBridge('tilesStatus', [ok]);
    },

    _addLegend: function () {
      var self = this;
      var Legend = L.Control.extend({
        options: { position: 'topright' },
        onAdd: function () {
          var box = el('div', 'dm-legend leaflet-bar');
          var head = el('div', 'dm-legend-head', T('Outages'));
          box.appendChild(head);
          var body = el('div', 'dm-legend-body');
          STATUS.forEach(function (s) {
            var line = el('div', 'dm-legend-row dm-legend-toggle');
            var dot = el('span', 'dm-swatch dm-swatch-dot');
            dot.style.backgroundColor = s[2];
            line.appendChild(dot); line.appendChild(el('span', null, T(s[1])));
            self._legendToggle(line, s[0]);
            body.appendChild(line);
          });
          [['dm-swatch-overdue', T('ETA passed')], ['dm-swatch-dark', T('After dark')],
           ['dm-swatch-tech', T('Technician')], ['dm-swatch-tech dm-stale', staleWords(self.staleMs), 'stale'],
           ['dm-swatch-depot', T('Depot')]].forEach(function (s) {
            var line = el('div', 'dm-legend-row'), words = el('span', null, s[1]);
            line.appendChild(el('span', 'dm-swatch ' + s[0]));
            line.appendChild(words);
            body.appendChild(line);
            if (s[2] === 'stale') { self._staleLegend = words; }
          });
          box.appendChild(body);
          head.title = T('Show or hide the legend');
          L.DomEvent.on(head, 'click', function () { box.classList.toggle('dm-collapsed'); });
          L.DomEvent.disableClickPropagation(box);
          L.DomEvent.disableScrollPropagation(box);
          return box;
        }
      });
      new Legend().addTo(this.map);
    },

    /* A legend status row is a button: click, Enter or Space shows/hides that status. */
    _legendToggle: function (line, status) {
      var self = this;
      line.setAttribute('data-status', status);
      line.setAttribute('role', 'button');
      line.setAttribute('tabindex', '0');
      line.setAttribute('aria-pressed', 'true');
      line.title = T('Click to show or hide');
      var flip = function () { self.setStatusHidden(status, !self.hiddenStatuses[status]); };
      L.DomEvent.on(line, 'click', flip);
      L.DomEvent.on(line, 'keydown', function (ev) {
        if (ev.key === 'Enter' || ev.key === ' ') { L.DomEvent.preventDefault(ev); flip(); }
      });
    },

    _boundsOf: function (data) {
      var b = L.latLngBounds([]);
      ['outages', 'technicians', 'depots'].forEach(function (kind) {
        (data[kind] || []).forEach(function (d) { if (d && validPoint(d.lat, d.lon)) { b.extend([d.lat, d.lon]); } });
      });
      return b;
    },

    _focusBounds: function () {
      var data = { outages: [], technicians: [], depots: [] };
      this.outages.forEach(function (o) { data.outages.push(o.data); });
      this.techs.forEach(function (t) { if (t.marker) { data.technicians.push(t.data); } });
      this.depots.forEach(function (d) { data.depots.push(d.data); });
      return focusOf(data);
    },

    _dataBounds: function () {
      var b = L.latLngBounds([]);
      this.outages.forEach(function (o) { b.extend([o.data.lat, o.data.lon]); });
      this.depots.forEach(function (o) { b.extend([o.data.lat, o.data.lon]); });
      this.techs.forEach(function (t) { if (t.marker) { b.extend(t.marker.getLatLng()); } });
      return b;
    },

    _formatTime: function (iso) {
      var t = Date.parse(iso);
      return isNaN(t) ? String(iso) : this.timeFormat.format(new Date(t));
    },

    _age: function (iso) {
      var t = Date.parse(iso);
      if (isNaN(t)) { return T('unknown'); }
      var minutes = Math.round((this._now() - t) / 60000);
      if (minutes < 1) { return T('just now'); }
      if (minutes < 60) { return T('{n} min ago').replace('{n}', minutes); }
      var hours = Math.floor(minutes / 60);
      if (hours < 48) { return T('{h} h {m} min ago').replace('{h}', hours).replace('{m}', minutes % 60); }
      return T('{n} days ago').replace('{n}', Math.floor(hours / 24));
    }
  };

  function callBridge(name, args) {
    var bridge = global.dispatchBridge;
    if (!bridge || typeof bridge[name] !== 'function') { return; }
    try {
      bridge[name].apply(bridge, args);
    } catch (e) {
      if (global.console) { global.console.warn('dispatch bridge ' + name + ' failed: ' + e); }
    }
  }

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  /* Called once by the page after folium has created the Leaflet map. */
  function attach(map) {
    var config = readJson('dispatch-map-config') || {};
    var data = readJson('dispatch-map-data') || {};
    var api = new DispatchMap(map, config);
    // The view first, not animated, so features are projected once and "ready" means drawn.
    if (config.fit !== false) { api._fit(focusOf(data), { animate: false }); }
    api.setData(data);
    api._addBackground();
    var facade = {};
    ['setData', 'upsertOutages', 'removeOutages', 'upsertTechnicians', 'removeTechnicians', 'upsertDepots',
     'movePositions', 'select', 'showRoutes', 'clearRoutes', 'showTrack', 'clearTrack', 'counts', 'setNow',
     'position', 'staleTechnicians', 'setThresholds', 'legendText', 'darkOutages', 'labelsShown', 'tileStatus', 'fitAll', 'fitFocus', 'selected',
     'setOutageFilter', 'setStatusHidden', 'drawnOutages', 'clustersDrawn', 'drawn'].forEach(function (name) {
      facade[name] = function () { return api[name].apply(api, arguments); };
    });
    facade.map = map;
    global.dispatchMap = facade;
    if (config.forQt && global.qt && global.qt.webChannelTransport && global.QWebChannel) {
      new global.QWebChannel(global.qt.webChannelTransport, function (channel) {
        global.dispatchBridge = channel.objects.bridge;
        callBridge('mapReady', []);
        // Blocked tiles fail at once, often before the channel is up: tell what is known so far.
        if (api.tiles.ok !== null) { callBridge('tilesStatus', [api.tiles.ok]); }
      });
    }
    global.dispatchMapReady = true;
    return facade;
  }

  global.DispatchMap = { attach: attach, outageRadius: outageRadius, statusColors: STATUS_COLOR };
})(window);
