/* The command centre (issue 12, item 8): every data-interval seconds, fetch the page's JSON and
   replace its lists, counts and map markers in place. Rows are built as DOM nodes with
   textContent, never as HTML text: titles are typed by citizens. Without this file the page
   reloads itself (a meta refresh inside noscript) and has a reload link. */
(function () {
  "use strict";

  var status = document.getElementById("cc-status");
  if (!status || !window.fetch) return;
  var data = status.dataset;
  var interval = Math.max(1, Number(data.interval || 45)) * 1000;
  var map = null;
  var markers = null;

  function cell(row, value, tag) {
    var node = document.createElement(tag || "td");
    if (tag === "th") node.scope = "row";
    if (value instanceof Node) node.appendChild(value);
    else node.textContent = value == null ? "" : String(value);
    row.appendChild(node);
    return node;
  }

  function empty(body, columns) {
    var row = document.createElement("tr");
    var td = cell(row, data.emptyLabel);
    td.colSpan = columns;
    body.appendChild(row);
  }

  function replaceList(name, list) {
    var body = document.getElementById("cc-" + name + "-rows");
    if (!body) return;
    var count = document.getElementById("cc-" + name + "-count");
    if (count) count.textContent = list.capped ? data.moreLabel + " " + list.count : String(list.count);
    var hidden = document.getElementById("cc-" + name + "-hidden");
    var hiddenCount = document.getElementById("cc-" + name + "-hidden-count");
    if (hidden && hiddenCount) {
      hiddenCount.textContent = String(list.hidden);
      hidden.hidden = !list.hidden;
    }
    body.textContent = "";
    list.tickets.forEach(function (t) {
      var row = document.createElement("tr");
      var link = document.createElement("a");
      link.href = t.url;
      link.textContent = t.code;
      link.className = "code";
      cell(row, link);
      var title = document.createElement("span");
      title.textContent = t.title;
      cell(row, title);
      cell(row, t.module);
      cell(row, t.status_label);
      cell(row, t.due_label || "—");
      cell(row, t.kecamatan);
      cell(row, t.created_label);
      body.appendChild(row);
    });
    if (!list.tickets.length) empty(body, 7);
  }

  function replaceModules(modules) {
    var body = document.getElementById("cc-modules-rows");
    if (!body) return;
    modules.forEach(function (m) {
      var row = body.querySelector('tr[data-module="' + m.code + '"]');
      if (!row) return;
      row.querySelectorAll("td[data-status]").forEach(function (td) {
        var key = td.dataset.status;
        td.textContent = String(key === "total" ? m.open : m.statuses[key] || 0);
      });
    });
  }

  function replaceDesa(rows) {
    var body = document.getElementById("cc-desa-rows");
    if (body) {
      body.textContent = "";
      rows.forEach(function (r) {
        var row = document.createElement("tr");
        cell(row, r.kecamatan || "—");
        cell(row, r.desa || "—");
        cell(row, r.open);
        body.appendChild(row);
      });
      if (!rows.length) empty(body, 3);
    }
    drawMarkers(rows);
  }

  function drawMarkers(rows) {
    if (!map || !markers) return;
    markers.clearLayers();
    var drawn = 0;
    rows.forEach(function (r) {
      if (!r.point) return;
      drawn += 1;
      var radius = Math.min(20, 5 + Math.sqrt(r.open) * 2);
      var label = (r.desa || "—") + " (" + (r.kecamatan || "—") + "): " + r.open;
      window.L.circleMarker(r.point, { radius: radius, weight: 1, color: "#333", fillColor: "#c0392b", fillOpacity: 0.7 })
        .bindTooltip(label)
        .addTo(markers);
    });
    document.getElementById("cc-map").dataset.markers = String(drawn);
  }

  function rowsFromTable() {
    var rows = [];
    document.querySelectorAll("#cc-desa-rows tr[data-point]").forEach(function (tr) {
      var cells = tr.querySelectorAll("td");
      rows.push({
        kecamatan: cells[0].textContent,
        desa: cells[1].textContent,
        open: Number(tr.dataset.open),
        point: tr.dataset.point.split(",").map(Number),
      });
    });
    return rows;
  }

  function refresh() {
    fetch(data.source, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (board) {
        Object.keys(board.lists).forEach(function (name) {
          replaceList(name, board.lists[name]);
        });
        replaceModules(board.modules);
        replaceDesa(board.desa);
        var generated = document.getElementById("cc-generated");
        if (generated) generated.textContent = board.generated_label;
        status.dataset.loaded = "true";
      })
      .catch(function () {
        var generated = document.getElementById("cc-generated");
        if (generated) generated.textContent = generated.textContent.split(" · ")[0] + " · " + data.errorLabel;
      })
      .finally(function () {
        window.setTimeout(refresh, interval);
      });
  }

  window.addEventListener("load", function () {
    var element = document.getElementById("cc-map");
    if (element && window.SuiteMap) {
      map = window.SuiteMap.create(element, { preferCanvas: true });
      if (map) {
        map.invalidateSize({ pan: false });
        markers = window.L.layerGroup().addTo(map);
        drawMarkers(rowsFromTable());
      }
    }
    window.setTimeout(refresh, interval);
  });
})();
