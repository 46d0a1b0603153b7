/* The installable web app (issue 14): register the service worker (/sw.js, static files only). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(script.dataset.worker, { scope: "/" }).catch(function () {});
  });
})();
