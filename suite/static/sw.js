/* The service worker of the installable web app (issue 14), served at /sw.js so it covers the
   whole site. It keeps this site's static files (CSS, scripts, icons: the same for everyone) so
   the report page opens fast on a weak signal. It never keeps a page: pages carry personal and
   health data and are sent no-store, so every navigation, POST and attachment goes to the network
   untouched. Drafts written with no signal are kept and sent by the page (offline-drafts.js),
   where the citizen's session and CSRF token are. Sign-out clears this cache and the worker
   (Clear-Site-Data). */
"use strict";

var CACHE = "suite-static-1";

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== CACHE; }).map(function (name) {
      return caches.delete(name);
    }));
  }).then(function () { return self.clients.claim(); }));
});

// Only versioned static URLs (?v=<content hash>, added by the app's url_for): a cached one never goes
// stale. Unversioned ones (Leaflet's images named by its CSS) are left to the HTTP cache's ETags.
function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.indexOf("/static/") === 0 && url.searchParams.has("v");
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || !isStatic(url)) return; // the network, as without a worker
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (kept) {
      if (kept) return kept;
      return fetch(request).then(function (response) {
        if (response.ok && response.type === "basic") {
          var copy = response.clone();
          // A new version of a file replaces the older ones.
          cache.keys().then(function (keys) {
            keys.forEach(function (key) {
              if (new URL(key.url).pathname === url.pathname && key.url !== request.url) cache.delete(key);
            });
            cache.put(request, copy);
          });
        }
        return response;
      });
    });
  }));
});
