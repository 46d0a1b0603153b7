/* Reports written with no signal (issue 14; README "Offline use"): sent with XMLHttpRequest and a
   progress bar; kept in IndexedDB when the server cannot be reached, and sent once with their
   idempotency key when the signal returns. Without this script the form posts as before. */
(function () {
  "use strict";

  var box = document.getElementById("offline-drafts");
  var form = document.getElementById("intake-form");
  if (!box || !form || !window.indexedDB || !window.DOMParser || !window.Promise) return;
  var text = box.dataset, owner = text.owner;
  var progressBox = document.getElementById("upload-progress-box"), bar = document.getElementById("upload-progress");
  var button = form.querySelector("button[type=submit]");
  var here = path(form.action);
  var list = box.appendChild(document.createElement("div"));
  var notes = box.appendChild(document.createElement("div"));
  var sending = false, submitting = false;

  function path(url) {
    var parsed = new URL(url, location.href);
    return parsed.pathname + parsed.search;
  }

  function newKey() { // the form's own key when it has one; randomUUID needs HTTPS or localhost
    return crypto.randomUUID ? crypto.randomUUID() : Date.now() + "-" + Math.random().toString(36).slice(2);
  }

  function parse(html) { return new DOMParser().parseFromString(html, "text/html"); }

  function make(tag, className, words) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (words) element.textContent = words;
    return element;
  }

  function store(mode, work) {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open("suite-drafts", 1);
      open.onupgradeneeded = function () { open.result.createObjectStore("drafts", { keyPath: "key" }); };
      open.onerror = function () { reject(open.error); };
      open.onsuccess = function () {
        var db = open.result, tx = db.transaction("drafts", mode), request = work(tx.objectStore("drafts"));
        tx.oncomplete = function () { db.close(); resolve(request.result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      };
    });
  }
  function drafts() { return store("readonly", function (s) { return s.getAll(); }); }
  function keep(draft) { return store("readwrite", function (s) { return s.put(draft); }); }
  function drop(key) { return store("readwrite", function (s) { return s.delete(key); }); }

  function collect() {
    var fields = [], files = [], key = form.elements.idempotency_key, el = form.elements;
    if (!key.value) key.value = newKey();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") { if (name !== "csrf_token") fields.push([name, value]); }
      else if (value.size) files.push([name, value]);
    });
    // The server reads a photo's GPS when asked to and no point is given: that photo goes untouched.
    var gps = el.use_photo_location && el.use_photo_location.checked && !(el.latitude && el.latitude.value);
    return Promise.all(files.map(function (file) {
      return gps || !window.SuitePhotos ? file[1] : window.SuitePhotos.resize(file[1], Number(text.maxSide), 0.8);
    })).then(function (photos) {
      return {
        key: key.value, owner: owner, action: here, state: "waiting", errors: [], fields: fields,
        files: files.map(function (file, i) { return [file[0], photos[i]]; })
      };
    });
  }

  function post(url, draft, token) {
    var data = new FormData();
    data.append("csrf_token", token);
    draft.fields.forEach(function (f) { data.append(f[0], f[1]); });
    draft.files.forEach(function (f) { data.append(f[0], f[1], f[1].name); });
    progressBox.hidden = false;
    bar.value = 0;
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.timeout = 300000;
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total); };
      xhr.onload = function () { resolve(xhr); };
      xhr.onerror = xhr.ontimeout = xhr.onabort = function () { resolve(null); };
      xhr.send(data);
    }).then(function (xhr) {
      progressBox.hidden = true;
      return xhr;
    });
  }

  // The intake redirects to the new (or the earlier) ticket's page; a refusal shows the form again.
  function outcome(xhr, action) {
    if (!xhr || !xhr.status) return "offline";
    var landed = path(xhr.responseURL);
    if (landed.indexOf(text.ticketsUrl + "/") === 0 && xhr.status === 200) return "sent";
    if (landed.indexOf(text.loginUrl) === 0) return "signin";
    return landed === action ? "form" : "other";
  }

  function line(className, strong, rest) {
    var p = make("p", "flash " + className);
    p.appendChild(make("strong", "", strong));
    p.appendChild(document.createTextNode(" " + rest + " "));
    return p;
  }

  function render() {
    return drafts().then(function (found) {
      list.textContent = "";
      found.forEach(function (draft) {
        if (draft.owner !== owner) return;
        var about = draft.fields.filter(function (f) { return f[0] === "description"; })[0];
        about = about ? "“" + about[1].slice(0, 60) + (about[1].length > 60 ? "…" : "") + "” " : "";
        if (draft.state !== "fix") {
          var signIn = draft.state === "signin";
          var wait = list.appendChild(line("flash-info", text.textWaiting, about + (signIn ? "" : text.textKept)));
          // Signed in again, the citizen lands back on the form, which sends it.
          if (signIn) {
            wait.appendChild(make("a", "", text.textSignIn)).href =
              text.loginUrl + "?next=" + encodeURIComponent(draft.action);
          }
          return;
        }
        var p = list.appendChild(line("flash-error", text.textRefused, about + draft.errors.join(" ")));
        var fix = p.appendChild(make(draft.action === here ? "button" : "a", "", text.textFix));
        if (draft.action !== here) fix.href = draft.action;
        else {
          fix.type = "button";
          fix.addEventListener("click", function () { fill(draft); });
        }
        var discard = p.appendChild(make("button", "", text.textDiscard));
        discard.type = "button";
        discard.addEventListener("click", function () { drop(draft.key).then(render); });
      });
    });
  }

  // A refused draft back in the form, photos and key included: sending it replaces the draft.
  function fill(draft) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.type === "file") return;
      var values = draft.fields.filter(function (f) { return f[0] === el.name; }).map(function (f) { return f[1]; });
      if (el.type === "checkbox" || el.type === "radio") el.checked = values.indexOf(el.value) >= 0;
      else if (values.length) el.value = values[0];
    });
    try {
      var transfer = new DataTransfer();
      draft.files.forEach(function (f) { transfer.items.add(f[1]); });
      form.querySelector("input[type=file]").files = transfer.files;
    } catch (error) { /* no DataTransfer: the photos must be chosen again */ }
    form.querySelector("select,textarea,input:not([type=hidden])").focus();
  }

  function sendOne(draft) {
    return fetch(draft.action, { credentials: "same-origin" }).then(function (response) {
      var landed = path(response.url);
      if (landed.indexOf(text.loginUrl) === 0) { draft.state = "signin"; return keep(draft); }
      if (landed !== draft.action) return null;
      return response.text().then(function (html) {
        var page = parse(html), box = page.querySelector("#offline-drafts");
        // Another account signed in meanwhile (a shared phone): never send it in that one's name.
        if (!box || box.getAttribute("data-owner") !== draft.owner) return null;
        var token = page.querySelector("#intake-form [name=csrf_token]");
        if (!token) return null; // the service is closed or the limit reached: later
        return post(draft.action, draft, token.value).then(function (xhr) {
          var result = outcome(xhr, draft.action);
          if (result === "sent") {
            return drop(draft.key).then(function () {
              var p = notes.appendChild(line("flash-success", text.textSent, ""));
              p.appendChild(make("a", "", decodeURIComponent(xhr.responseURL.split("/").pop()))).href = xhr.responseURL;
            });
          }
          if (result === "signin" || (result === "form" && (xhr.status === 422 || xhr.status === 200))) {
            draft.state = result === "signin" ? "signin" : "fix";
            draft.errors = [];
            parse(xhr.responseText).querySelectorAll("main .flash-error, main .flash-warning, main .error").forEach(
              function (e) {
                var said = e.textContent.trim();
                if (said && draft.errors.indexOf(said) < 0) draft.errors.push(said);
              }
            );
            return keep(draft);
          }
          return null; // no signal again, or a passing refusal (429, 503): it waits
        });
      });
    }, function () { return null; });
  }

  function sendAll() {
    if (sending || navigator.onLine === false) return Promise.resolve();
    sending = true;
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
    // One sender at a time across the site's tabs; the server's key check covers the rest.
    var sent = navigator.locks
      ? navigator.locks.request("suite-drafts", { ifAvailable: true }, function (lock) { return lock && run(); })
      : run();
    return sent.catch(function () { return null; }).then(function () {
      sending = false;
      return render();
    });
  }

  function keepForLater(draft) {
    return keep(draft).then(function () {
      form.reset();
      form.elements.idempotency_key.value = newKey(); // the next report is another report
      return render();
    }).then(function () { box.focus(); });
  }

  form.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    event.preventDefault();
    if (submitting) return;
    submitting = button.disabled = true;
    var preparing = notes.appendChild(line("flash-info", text.textPreparing, ""));
    collect().then(function (draft) {
      if (navigator.onLine === false) return keepForLater(draft);
      return post(here, draft, form.elements.csrf_token.value).then(function (xhr) {
        var result = outcome(xhr, here);
        if (result === "offline" || result === "signin") {
          if (result === "signin") draft.state = result;
          return keepForLater(draft);
        }
        // The server's page, as a plain post shows it: the ticket, or the form with its errors.
        return (result === "sent" ? drop(draft.key) : Promise.resolve()).then(function () {
          // The ticket's address in place of the form's: back and reload then ask for real pages.
          if (result === "sent") history.replaceState(null, "", xhr.responseURL);
          document.open();
          document.write(xhr.responseText);
          document.close();
        });
      });
    }).catch(function () {
      HTMLFormElement.prototype.submit.call(form); // no storage here (private mode): post as before
    }).then(function () {
      submitting = button.disabled = false;
      notes.removeChild(preparing);
    });
  });

  box.tabIndex = -1;
  window.addEventListener("online", sendAll);
  render().then(sendAll);
})();
