// Kiosk idle sign-out with JavaScript: typing, tapping or scrolling restarts the countdown.
// The page's <noscript> meta refresh covers browsers without it; the server ends the session anyway.
(function () {
  "use strict";
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-idle-seconds"), 10);
  var finishUrl = body.getAttribute("data-finish-url");
  if (!seconds || !finishUrl) { return; }
  var timer;
  function reset() {
    clearTimeout(timer);
    timer = setTimeout(function () { window.location.href = finishUrl; }, seconds * 1000);
  }
  ["keydown", "pointerdown", "input", "scroll"].forEach(function (name) {
    document.addEventListener(name, reset, true);
  });
  reset();
})();
