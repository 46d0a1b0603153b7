/* Reports written with no signal (issue 14). The intake form is sent with XMLHttpRequest, its
   photos made smaller first (photo-resize.js), with a progress bar. When the server cannot be
   reached the report is kept on the phone (IndexedDB, photos as Blobs) with the idempotency key
   the form carried, shown as "waiting to send", and sent when the connection returns (the
   "online" event, or the next time a report page opens). Before each send a fresh CSRF token is
   read from the form page; the server turns a repeated key into the earlier ticket, so a draft
   sent twice (two tabs, a reload while sending, an answer lost on the way back) makes one ticket.
   A draft the server refuses (422) stays, with the reasons, for the citizen to correct.
   Kept on the phone: only drafts, only until sent. Drafts of another account are removed, and
   sign-out clears them (Clear-Site-Data). Without this script the form posts as before. */
(function () {
  "use strict";

  var box = document.getElementById("offline-drafts");
  var form = document.getElementById("intake-form");
  if (!box || !form || !window.indexedDB || !window.DOMParser || !window.Promise) return;
  var text = box.dataset;
  var owner = text.owner;
  var progressBox = document.getElementById("upload-progress-box");
  var bar = document.getElementById("upload-progress");
  var button = form.querySelector("button[type=submit]");
  var here = path(form.action);
  var list = box.appendChild(document.createElement("div"));
  var notes = box.appendChild(document.createElement("div"));
  var busy = false;

  function path(url) {
    var parsed = new URL(url, location.href);
    return parsed.pathname + parsed.search;
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function parse(html) { return new DOMParser().parseFromString(html, "text/html"); }

  // -- the drafts, in IndexedDB, keyed by their idempotency key ----------------------------------
  function store(mode, work) {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open("suite-drafts", 1);
      open.onupgradeneeded = function () { open.result.createObjectStore("drafts", { keyPath: "key" }); };
      open.onerror = function () { reject(open.error); };
      open.onsuccess = function () {
        var db = open.result, result;
        var tx = db.transaction("drafts", mode);
        var request = work(tx.objectStore("drafts"));
        request.onsuccess = function () { result = request.result; };
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      };
    });
  }
  function drafts() { return store("readonly", function (s) { return s.getAll(); }); }
  function keep(draft) { return store("readwrite", function (s) { return s.put(draft); }); }
  function drop(key) { return store("readwrite", function (s) { return s.delete(key); }); }

  function collect() {
    var fields = [], files = [], key = form.elements.idempotency_key;
    if (!key.value) key.value = newKey();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") { if (name !== "csrf_token") fields.push([name, value]); }
      else if (value.size) files.push([name, value]);
    });
    // The server reads the GPS of the photo only when asked and no point is given: send that as is.
    var consent = form.elements.use_photo_location, lat = form.elements.latitude, lon = form.elements.longitude;
    var needsGps = consent && consent.checked && !(lat && lat.value && lon && lon.value);
    var side = Number(text.maxSide) || 1600;
    return Promise.all(files.map(function (file) {
      return needsGps || !window.SuitePhotos ? file[1] : window.SuitePhotos.resize(file[1], side, 0.8);
    })).then(function (shrunk) {
      return {
        key: key.value, owner: owner, action: here, state: "waiting", errors: [], saved: Date.now(),
        fields: fields, files: files.map(function (file, i) { return [file[0], shrunk[i]]; })
      };
    });
  }

  function body(draft, token) {
    var data = new FormData();
    data.append("csrf_token", token);
    draft.fields.forEach(function (field) { data.append(field[0], field[1]); });
    draft.files.forEach(function (file) { data.append(file[0], file[1], file[1].name); });
    return data;
  }

  function post(url, data) {
    progressBox.hidden = false;
    bar.value = 0;
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.timeout = 300000;
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) bar.value = Math.round((100 * event.loaded) / event.total);
      };
      xhr.onload = function () { resolve(xhr); };
      xhr.onerror = xhr.ontimeout = xhr.onabort = function () { resolve(null); };
      xhr.send(data);
    }).then(function (xhr) {
      progressBox.hidden = true;
      return xhr;
    });
  }

  // What the server's answer means: the intake redirects to the new (or earlier) ticket's page.
  function outcome(xhr, action) {
    if (!xhr || !xhr.status) return "offline";
    var landed = path(xhr.responseURL);
    if (landed.indexOf(text.ticketsUrl + "/") === 0 && xhr.status === 200) return "sent";
    if (landed.indexOf(text.loginUrl) === 0) return "signin";
    return landed === action ? "form" : "other";
  }

  // -- showing the drafts --------------------------------------------------------------------------
  function line(className, strong, rest) {
    var p = document.createElement("p");
    p.className = "flash " + className;
    var label = p.appendChild(document.createElement("strong"));
    label.textContent = strong;
    p.appendChild(document.createTextNode(" " + rest));
    return p;
  }

  function render() {
    return drafts().then(function (found) {
      list.textContent = "";
      found.forEach(function (draft) {
        if (draft.owner !== owner) return;
        var about = draft.fields.filter(function (f) { return f[0] === "description"; })[0];
        about = about ? "“" + about[1].slice(0, 60) + (about[1].length > 60 ? "…”" : "”") + " " : "";
        if (draft.state === "fix") {
          var p = list.appendChild(line("flash-error", text.textRefused, about + draft.errors.join(" ")));
          if (draft.action === here) {
            var fix = p.appendChild(document.createElement("button"));
            fix.type = "button";
            fix.textContent = text.textFix;
            fix.addEventListener("click", function () { fill(draft); });
          }
        } else {
          list.appendChild(line("flash-info", text.textWaiting, about + (draft.state === "signin" ? text.textSignIn : text.textKept)));
        }
      });
    });
  }

  function note(ticketUrl) {
    var code = decodeURIComponent(ticketUrl.split("/").pop());
    var p = notes.appendChild(line("flash-success", text.textSent, ""));
    var link = p.appendChild(document.createElement("a"));
    link.href = ticketUrl;
    link.textContent = code;
  }

  // A refused draft back in the form, photos included, with its key: sending it replaces the draft.
  function fill(draft) {
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.name === "csrf_token" || element.type === "file") return;
      var values = draft.fields.filter(function (f) { return f[0] === element.name; }).map(function (f) { return f[1]; });
      if (element.type === "checkbox" || element.type === "radio") element.checked = values.indexOf(element.value) >= 0;
      else if (values.length) element.value = values[0];
    });
    var photos = form.querySelector("input[type=file]");
    try {
      var transfer = new DataTransfer();
      draft.files.forEach(function (file) { transfer.items.add(file[1]); });
      if (photos) photos.files = transfer.files;
    } catch (error) { /* no DataTransfer: the photos must be chosen again */ }
    var first = form.querySelector("input:not([type=hidden]),select,textarea");
    if (first) first.focus();
  }

  // -- sending ------------------------------------------------------------------------------------
  function sendOne(draft) {
    return fetch(draft.action, { credentials: "same-origin" }).then(function (response) {
      var landed = path(response.url);
      if (landed !== draft.action) {
        if (landed.indexOf(text.loginUrl) === 0 && draft.state !== "signin") { draft.state = "signin"; return keep(draft); }
        return null;
      }
      return response.text().then(function (html) {
        var token = parse(html).querySelector("#intake-form [name=csrf_token]");
        if (!token) return null; // the service is closed or the limit reached: try again later
        return post(draft.action, body(draft, token.value)).then(function (xhr) {
          var result = outcome(xhr, draft.action);
          if (result === "sent") return drop(draft.key).then(function () { note(xhr.responseURL); });
          if (result === "form" && (xhr.status === 422 || xhr.status === 200)) {
            var page = parse(xhr.responseText), seen = {};
            draft.state = "fix";
            draft.errors = [];
            page.querySelectorAll("main .flash-error, main .flash-warning, main .error").forEach(function (e) {
              var said = e.textContent.trim();
              if (said && !seen[said]) draft.errors.push((seen[said] = said));
            });
            return keep(draft);
          }
          if (result === "signin") { draft.state = "signin"; return keep(draft); }
          return null; // no signal again, or a passing refusal (429, 503): the draft waits
        });
      });
    }, function () { return null; });
  }

  function sendAll() {
    if (busy || navigator.onLine === false) return Promise.resolve();
    busy = true;
    function run() {
      return drafts().then(function (found) {
        return found.reduce(function (done, draft) {
          return done.then(function () {
            if (draft.owner !== owner) return drop(draft.key); // another account's, left on this phone
            return draft.state === "fix" ? null : sendOne(draft);
          });
        }, Promise.resolve());
      });
    }
    // One sender at a time across this site's tabs; the server's key check covers the rest.
    var sent = navigator.locks
      ? navigator.locks.request("suite-drafts", { ifAvailable: true }, function (lock) { return lock && run(); })
      : run();
    return sent.catch(function () { return null; }).then(function () {
      busy = false;
      return render();
    });
  }

  // -- the form -----------------------------------------------------------------------------------
  function keepForLater(draft) {
    return keep(draft).then(function () {
      form.reset();
      form.elements.idempotency_key.value = newKey(); // a next report is another report
      return render();
    }).then(function () { box.focus(); });
  }

  form.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    event.preventDefault();
    if (busy) return;
    busy = true;
    button.disabled = true;
    var shown = notes.appendChild(line("flash-info", text.textPreparing, ""));
    collect().then(function (draft) {
      if (navigator.onLine === false) return keepForLater(draft);
      return post(here, body(draft, form.elements.csrf_token.value)).then(function (xhr) {
        var result = outcome(xhr, here);
        if (result === "offline") return keepForLater(draft);
        if (result === "signin") { draft.state = "signin"; return keepForLater(draft); }
        // The server's page, as a plain post would show it: the ticket, or the form with its errors.
        return (result === "sent" ? drop(draft.key) : Promise.resolve()).then(function () {
          if (result === "sent") history.pushState(null, "", xhr.responseURL);
          document.open();
          document.write(xhr.responseText);
          document.close();
        });
      });
    }).catch(function () {
      HTMLFormElement.prototype.submit.call(form); // storage refused (private mode): post as before
    }).then(function () {
      busy = false;
      button.disabled = false;
      if (shown.parentNode) shown.parentNode.removeChild(shown);
    });
  });

  box.tabIndex = -1;
  window.addEventListener("online", sendAll);
  render().then(sendAll);
})();
