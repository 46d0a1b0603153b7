/* The report form's map (issue 11; FixMyStreet's model). The citizen places the report with a pin:
   a click or tap on the map, dragging the pin, "Gunakan lokasi saya" (the phone's location), or the
   GPS point of the chosen photo (read here with exifr before upload, used only with the form's
   consent box ticked). The pin fills the plain latitude/longitude inputs, which the server checks
   (inside the regency) as it does for anyone typing them. Open reports nearby are listed so the
   citizen can support one instead of filing it again. Photos are shrunk and re-encoded here before
   upload (slow mobile networks; their metadata then never leaves the phone), after their GPS was read.
   Without this script, or without tiles, the form works as before with the desa and the landmark. */
(function () {
  "use strict";

  var PIN_ZOOM = 17;
  var JPEG_QUALITY = 0.85;

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  /* Ray casting over the regency's outline ([[lat, lon], ...] rings), as suite/reference/boundary.py
     does on the server: a pin outside is refused at once instead of after the upload. */
  function insideRing(lat, lon, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var yi = ring[i][0], xi = ring[i][1], yj = ring[j][0], xj = ring[j][1];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }

  function setUp(element) {
    var L = window.L;
    var map = window.SuiteMap.create(element);
    if (!map) return;
    var data = element.dataset;
    var form = element.closest("form");
    var field = function (name) { return form.querySelector("[name=" + name + "]"); };
    var latInput = field("latitude"), lonInput = field("longitude");
    var category = field("category"), photos = field("photos"), consent = field("use_photo_location");
    var submit = form.querySelector("button[type=submit]");
    var status = document.getElementById("map-status");
    var csrf = field("csrf_token");
    var outline = JSON.parse(data.outline || "[]");
    var radius = 100;
    var marker = null, lastGood = null, photoPoint = null, request = 0, busy = false;
    var nearbyLayer = L.layerGroup().addTo(map);

    map.invalidateSize(); // the element was hidden (no size) until SuiteMap.create marked it ready
    var box = (data.bounds || "").split(",").map(Number);
    if (box.length === 4 && box.every(isFinite)) map.fitBounds([[box[0], box[1]], [box[2], box[3]]]);
    if (outline.length) {
      L.polygon(outline, { color: "#1d4ed8", weight: 2, fill: false, interactive: false }).addTo(map);
    }

    function say(text) { if (status) status.textContent = text || ""; }

    function inside(latlng) {
      if (!outline.length) return true;
      return outline.some(function (ring) { return insideRing(latlng.lat, latlng.lng, ring); });
    }

    function fill(latlng) {
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
      loadNearby();
    }

    function place(latlng, message) {
      latlng = L.latLng(latlng);
      if (!inside(latlng)) {
        say(data.textOutside);
        return false;
      }
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, title: data.textMarker, alt: data.textMarker }).addTo(map);
        marker.on("dragend", function () {
          var moved = marker.getLatLng();
          if (inside(moved)) {
            lastGood = moved;
            fill(moved);
            say(data.textPlaced);
          } else {
            marker.setLatLng(lastGood);
            say(data.textOutside);
          }
        });
      } else {
        marker.setLatLng(latlng);
      }
      lastGood = latlng;
      fill(latlng);
      say(message || data.textPlaced);
      return true;
    }

    function typedPoint() {
      var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
      return isFinite(lat) && isFinite(lon) ? L.latLng(lat, lon) : null;
    }

    map.on("click", function (event) { place(event.latlng); });

    // Coordinates typed by hand (or kept from a refused submit) move the pin too.
    function fromInputs() {
      var point = typedPoint();
      if (point && (!lastGood || !point.equals(lastGood))) place(point) && map.setView(point, PIN_ZOOM);
    }
    latInput.addEventListener("change", fromInputs);
    lonInput.addEventListener("change", fromInputs);
    if (typedPoint()) fromInputs();

    var locate = document.getElementById("use-my-location");
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        say(data.textLocating);
        navigator.geolocation.getCurrentPosition(
          function (position) {
            var point = L.latLng(position.coords.latitude, position.coords.longitude);
            if (place(point)) map.setView(point, PIN_ZOOM);
          },
          function () { say(data.textNoLocation); },
          { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
        );
      });
    }

    // -- photos: GPS first (with consent), then shrink ------------------------------------------
    function usePhotoPoint() {
      if (photoPoint && consent && consent.checked && !marker && place(photoPoint, data.textPhotoPoint)) {
        map.setView(photoPoint, PIN_ZOOM);
      }
    }
    if (consent) consent.addEventListener("change", usePhotoPoint);

    function readGps(files) {
      if (!window.exifr) return Promise.resolve(null);
      return files.reduce(function (found, file) {
        return found.then(function (point) {
          if (point || !/^image\/jpeg$/.test(file.type)) return point;
          return window.exifr.gps(file).then(
            function (gps) {
              return gps && isFinite(gps.latitude) && isFinite(gps.longitude) ? L.latLng(gps.latitude, gps.longitude) : null;
            },
            function () { return null; }
          );
        });
      }, Promise.resolve(null));
    }

    function shrink(file) {
      // One resizing for every form (photo-resize.js, loaded with the map): what it cannot draw goes as it is.
      return window.SuitePhotos.resize(file, Number(data.maxSide || 1600), JPEG_QUALITY);
    }

    function setBusy(value) {
      busy = value;
      if (submit) submit.disabled = value;
    }

    function onPhotos() {
      if (busy) return;
      var files = Array.prototype.slice.call(photos.files || []);
      if (files.length > Number(data.maxPhotos || files.length)) say(data.textTooMany);
      if (!files.length) return;
      setBusy(true);
      say(data.textResizing);
      readGps(files)
        .then(function (point) {
          photoPoint = point;
          usePhotoPoint();
          return Promise.all(files.map(shrink));
        })
        .then(function (shrunk) {
          try {
            var transfer = new DataTransfer();
            shrunk.forEach(function (file) { transfer.items.add(file); });
            photos.files = transfer.files;
          } catch (error) { /* no DataTransfer: the originals go, the server shrinks them */ }
          if (status && status.textContent === data.textResizing) say("");
        })
        .catch(function () { say(""); })
        .then(function () { setBusy(false); });
    }
    if (photos) {
      photos.addEventListener("change", onPhotos);
      // This file loads when the citizen opens the map (map-loader.js), perhaps after choosing photos.
      if (photos.files && photos.files.length) onPhotos();
    }

    // -- open reports nearby ----------------------------------------------------------------------
    var section = document.getElementById("nearby-reports");
    var list = document.getElementById("nearby-list");
    var note = document.getElementById("nearby-note");
    if (category) category.addEventListener("change", loadNearby);

    function loadNearby() {
      if (!data.nearbyUrl || !lastGood) return;
      var mine = ++request;
      var query = "?lat=" + lastGood.lat.toFixed(6) + "&lon=" + lastGood.lng.toFixed(6) +
        "&kategori=" + encodeURIComponent(category ? category.value : "");
      fetch(data.nearbyUrl + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) { if (mine === request && answer) show(answer); })
        .catch(function () { /* the list is a help; the form works without it */ });
    }

    function supportForm(report) {
      var post = document.createElement("form");
      post.method = "post";
      post.action = report.support_url;
      post.className = "inline";
      var token = document.createElement("input");
      token.type = "hidden";
      token.name = "csrf_token";
      token.value = csrf ? csrf.value : "";
      var button = document.createElement("button");
      button.type = "submit";
      button.textContent = data.textSupport;
      post.appendChild(token);
      post.appendChild(button);
      return post;
    }

    function describe(report) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = report.url;
      link.textContent = report.code;
      link.className = "code";
      item.appendChild(link);
      item.appendChild(document.createTextNode(
        " · " + report.title + " · " + report.status_label + " · " + report.supporters + " " + data.textSupporters + " "
      ));
      item.appendChild(supportForm(report));
      return item;
    }

    function show(answer) {
      radius = answer.radius_metres || radius;
      nearbyLayer.clearLayers();
      L.circle(lastGood, { radius: radius, weight: 1, fillOpacity: 0.05, interactive: false }).addTo(nearbyLayer);
      list.textContent = "";
      answer.reports.forEach(function (report) {
        list.appendChild(describe(report));
        if (report.point) {
          L.circleMarker(report.point, { radius: 8, color: "#b45309", weight: 2 })
            .bindPopup(describe(report))
            .addTo(nearbyLayer);
        }
      });
      note.textContent = data.textNearby;
      section.hidden = answer.reports.length === 0;
    }
  }

  ready(function () {
    var element = document.getElementById("report-map");
    if (element && window.SuiteMap && window.L) setUp(element);
  });
})();
