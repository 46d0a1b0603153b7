/* Maps on demand (issue 14, item 2): Leaflet and the map scripts weigh about 200 KB, several times
   the rest of a citizen's page, so the report form and the status page carry only this file and a
   button (macros.html map_open_button). A tap on the button, or ticking the box named in its
   data-load-when (the report form's "use the photo's location"), fetches the map's stylesheets and
   scripts from this server (the Content-Security-Policy allows scripts from 'self' only), in the
   order given; the page's own map script then sets the map up as it did before. Without JavaScript
   the button stays hidden and the form's desa and landmark, or the page's text, say where. */
(function () {
  "use strict";

  function list(value) {
    return (value || "").split(" ").filter(Boolean);
  }

  function open(button) {
    if (button.dataset.state === "loading" || button.dataset.state === "loaded") return;
    var data = button.dataset;
    var status = document.getElementById(data.status || "");
    var focused = document.activeElement === button;
    button.dataset.state = "loading";
    button.disabled = true;
    if (status) status.textContent = data.textLoading || "";
    list(data.styles).forEach(function (href) {
      if (document.querySelector('link[href="' + href + '"]')) return;
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      document.head.appendChild(link);
    });
    var scripts = list(data.scripts);
    var left = scripts.length;
    scripts.forEach(function (src) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false; // run in the order given: Leaflet first
      script.onload = function () {
        if (--left) return;
        button.dataset.state = "loaded";
        button.hidden = true;
        if (status && status.textContent === data.textLoading) status.textContent = "";
        // Keyboard users go on from the map (Leaflet makes it focusable) rather than from nowhere.
        var map = document.getElementById(data.map || "");
        if (focused && map) map.focus();
      };
      script.onerror = function () {
        button.dataset.state = "";
        button.disabled = false;
        if (status) status.textContent = data.textFailed || "";
      };
      document.head.appendChild(script);
    });
  }

  document.querySelectorAll("button[data-map-open]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { open(button); });
    var trigger = button.dataset.loadWhen && document.querySelector(button.dataset.loadWhen);
    if (trigger) {
      trigger.addEventListener("change", function () { if (trigger.checked) open(button); });
      if (trigger.checked) open(button); // a form sent back with the box ticked
    }
  });
})();
