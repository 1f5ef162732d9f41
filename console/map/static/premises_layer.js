/* The selected outage's affected premises as small dots, on a layer of their own.
   Self-contained: installs window.dispatchPremises next to window.dispatchMap, never touches its layers. */
(function (global) {
  'use strict';
  if (global.dispatchPremises || !global.dispatchMap || !global.L) { return; }
  var map = global.dispatchMap.map;
  var layer = global.L.layerGroup().addTo(map);
  var renderer = global.L.canvas({ padding: 0.2 });
  function tip(p) {  // text, never HTML: names come from an imported file
    var node = document.createElement('span');
    node.textContent = p[2] + (p[3] ? ' \u2013 ' + p[3] : '');
    return node;
  }
  global.dispatchPremises = {
    show: function (points) {
      layer.clearLayers();
      (points || []).forEach(function (p) {
        if (!isFinite(p[0]) || !isFinite(p[1])) { return; }
        global.L.circleMarker([p[0], p[1]], { renderer: renderer, radius: 2.5, weight: 0, fillOpacity: 0.75,
          fillColor: '#7c3aed', interactive: true }).bindTooltip(tip(p)).addTo(layer);
      });
      return layer.getLayers().length;
    },
    clear: function () { layer.clearLayers(); return 0; }
  };
})(window);
