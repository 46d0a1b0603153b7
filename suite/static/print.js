// "Print" buttons (kiosk receipt, birth-plan sticker): marked data-print, no inline handlers (CSP).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
