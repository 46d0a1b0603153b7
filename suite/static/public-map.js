/* The public map (issue 11, item 4) and the status page's small map. The page works without this
   file: /peta lists the same reports in a table, the status page says where in words.

   An element with data-source draws the GeoJSON at that URL, following each page's "next" link
   until the last (keyset pages of up to 500 reports). Markers are circles on one canvas, so ten
   thousand reports stay smooth on a phone; popups are built as DOM nodes, never as HTML text,
   because a report's title is typed by a citizen. An element with data-point shows one point. */
(function () {
  "use strict";

  var MAX_FEATURES = 20000; // beyond this the map stops loading and asks for a narrower filter
  var OPEN_COLOUR = "#c0392b";
  var CLOSED_COLOUR = "#2e7d32";

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value || "";
    if (className) node.className = className;
    return node;
  }

  function popup(properties) {
    var box = document.createElement("div");
    var link = text("a", properties.code, "code");
    link.href = properties.url;
    var heading = document.createElement("strong");
    heading.appendChild(link);
    box.appendChild(heading);
    box.appendChild(text("div", properties.category_label));
    box.appendChild(text("div", properties.status_label));
    box.appendChild(text("div", properties.date_label, "muted"));
    return box;
  }

  // Open and finished reports differ in shape as well as colour (issue 14, item 3): a filled red
  // dot, a green ring; the page's key (macros.html map_legend) names them.
  function marker(feature, latlng, renderer) {
    var open = feature.properties.open;
    return window.L.circleMarker(latlng, {
      renderer: renderer,
      radius: open ? 6 : 5,
      weight: open ? 1 : 3,
      color: open ? "#333" : CLOSED_COLOUR,
      fillColor: open ? OPEN_COLOUR : "#fff",
      fillOpacity: open ? 0.85 : 1,
    }).bindPopup(function () {
      return popup(feature.properties);
    });
  }

  function say(status, label, count, more) {
    if (!status) return;
    status.textContent = String(count) + " " + (label || "") + (more ? " …" : "");
  }

  // SuiteMap.create builds the map while the element is still hidden (CSS shows it only once
  // ready), so Leaflet measured 0x0: measure again, or the canvas stays empty.
  function created(element, options) {
    var map = window.SuiteMap.create(element, options);
    if (map) map.invalidateSize({ pan: false });
    return map;
  }

  function showReports(element) {
    var map = created(element, { preferCanvas: true });
    if (!map) return;
    var renderer = window.L.canvas({ padding: 0.5 });
    var layer = window.L.geoJSON(null, {
      pointToLayer: function (feature, latlng) {
        return marker(feature, latlng, renderer);
      },
    }).addTo(map);
    var status = document.getElementById(element.id + "-jumlah");
    var count = 0;
    element.dataset.markers = "0";

    function load(url) {
      fetch(url, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (collection) {
          layer.addData(collection);
          count += collection.features.length;
          element.dataset.markers = String(count);
          var more = Boolean(collection.next) && count < MAX_FEATURES;
          say(status, element.dataset.countLabel, count, more);
          if (more) {
            load(collection.next);
          } else {
            // No animation: on a cheap phone a long zoom over thousands of markers stutters.
            if (count) map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [20, 20], animate: false });
            element.dataset.loaded = "true";
          }
        })
        .catch(function () {
          element.dataset.loaded = "error"; // the table below still lists the reports
        });
    }
    load(element.dataset.source);
  }

  function showPoint(element) {
    var map = created(element);
    if (!map) return;
    var latlng = element.dataset.point.split(",").map(Number);
    window.L.circleMarker(latlng, { radius: 9, color: "#333", weight: 1, fillColor: OPEN_COLOUR, fillOpacity: 0.8 }).addTo(map);
    map.setView(latlng, 16);
    element.dataset.markers = "1";
  }

  // The category list holds every module's categories (grouped) so the form works without this
  // file; here it offers only the chosen module's, and forgets a category of another module.
  function narrowCategories() {
    var module = document.getElementById("f-module");
    var category = document.getElementById("f-category");
    if (!module || !category) return;
    function apply() {
      category.querySelectorAll("optgroup").forEach(function (group) {
        var shown = !module.value || group.dataset.module === module.value;
        group.hidden = !shown;
        group.disabled = !shown;
        if (!shown && group.contains(category.selectedOptions[0])) category.value = "";
      });
    }
    module.addEventListener("change", apply);
    apply();
  }

  narrowCategories();
  document.querySelectorAll(".map[data-source]").forEach(showReports);
  document.querySelectorAll(".map[data-point]").forEach(showPoint);
})();
