/* Shared map set-up for every page with a map (issue 11). Reads the tile server and the regency's
   centre from the element's data attributes (suite/maps.py, macros.html map_element) so that no
   page needs inline script. Without tiles (setting empty, or the tile server unreachable) the map
   still shows the markers on a plain background; without JavaScript the page's form or table works. */
(function () {
  "use strict";

  function create(element, options) {
    if (!window.L || !element) return null;
    var data = element.dataset;
    var centre = (data.center || "-7.1568,113.4746").split(",").map(Number);
    // Shown before Leaflet measures it: a hidden (0 x 0) element would draw nothing.
    element.classList.add("map-ready");
    var map = window.L.map(element, Object.assign({ scrollWheelZoom: false }, options || {}));
    map.setView(centre, Number(data.zoom || 11));
    if (data.tiles) {
      window.L.tileLayer(data.tiles, {
        maxZoom: Number(data.maxZoom || 19),
        attribution: data.attribution || "",
      }).addTo(map);
    }
    return map;
  }

  window.SuiteMap = { create: create };
})();
