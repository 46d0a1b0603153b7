"""Issue 14, item 2: every page a citizen uses is light and fits a cheap phone. At 320 px wide each
page weighs under 100 KB (its HTML and every stylesheet, script, font and image it loads, counted
decoded, uploaded photos and map tiles left out), nothing scrolls sideways, and every control a
finger may touch is at least 44 x 44 CSS px (or far enough from the others: the spacing exception of
WCAG 2.5.8, taken at 44 px).

Which controls count: every visible a, button, input, select, textarea and summary. A checkbox or
radio is counted together with its label (a tap on either ticks it). A link inside running text is
exempt, as WCAG allows ("the target is in a sentence"): a link shown inline whose nearest block
holds other words than its own."""

from __future__ import annotations

from tests.browser.test_accessibility import _citizen_world, _to_the_phone_code_step
from tests.browser.test_pages import PASSWORD, main_form, sign_in_citizen  # skips without Chromium
from tests.helpers import gen_citizen

BUDGET = 100 * 1024
WIDTH = 320
# Uploaded photos (the citizen's own and repair photos) and map tiles are not the page's weight.
NOT_COUNTED = ("/lampiran/", "/foto/", "/tiles/", "tile.openstreetmap")

TOUCH_TARGETS = """
() => {
  const MIN = 44;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;  // hidden, or visually-hidden (1 x 1 px)
    if (r.right <= 0 || r.bottom <= 0) return false;  // moved off-screen (the skip link until focused)
    const s = getComputedStyle(el);
    return s.visibility !== "hidden" && s.display !== "none" && !el.closest("[hidden]");
  };
  const blockOf = (el) => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display.startsWith("inline")) node = node.parentElement;
    return node;
  };
  const inRunningText = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    const block = blockOf(el);
    if (!block) return false;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest("a, button") || !node.textContent.trim()) continue;
      if (node.textContent.replace(/[\\s·|,.;:()\\-–—]/g, "").length) return true;
    }
    return false;
  };
  const rectOf = (el) => {
    let r = el.getBoundingClientRect();
    let box = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
    const type = (el.getAttribute("type") || "").toLowerCase();
    const labelled = el.tagName === "INPUT" && (type === "checkbox" || type === "radio") ? el.labels : null;
    const partner = el.tagName === "LABEL" ? el.control : labelled && labelled[0];
    if (partner && visible(partner)) {
      const p = partner.getBoundingClientRect();
      box = {left: Math.min(box.left, p.left), top: Math.min(box.top, p.top),
             right: Math.max(box.right, p.right), bottom: Math.max(box.bottom, p.bottom)};
    }
    return box;
  };
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, label";
  const targets = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.tagName === "LABEL") {
      const control = el.control;
      if (!control || !["checkbox", "radio"].includes(control.type)) continue;
    }
    if (!visible(el) || inRunningText(el)) continue;
    targets.push({el, box: rectOf(el)});
  }
  const describe = (t) => {
    const text = (t.el.innerText || t.el.value || t.el.getAttribute("aria-label") || t.el.name || "").trim();
    return `${t.el.tagName.toLowerCase()}${t.el.id ? "#" + t.el.id : ""} "${text.slice(0, 40)}" ` +
      `${Math.round(t.box.right - t.box.left)}x${Math.round(t.box.bottom - t.box.top)}`;
  };
  const small = (t) => t.box.right - t.box.left < MIN - 0.5 || t.box.bottom - t.box.top < MIN - 0.5;
  const centre = (t) => [(t.box.left + t.box.right) / 2, (t.box.top + t.box.bottom) / 2];
  const distanceToBox = ([x, y], b) => {
    const dx = Math.max(b.left - x, 0, x - b.right), dy = Math.max(b.top - y, 0, y - b.bottom);
    return Math.hypot(dx, dy);
  };
  const same = (a, b) => a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el) ||
    (a.el.labels && [...a.el.labels].includes(b.el)) || (b.el.labels && [...b.el.labels].includes(a.el));
  const problems = [];
  for (const t of targets.filter(small)) {
    // WCAG 2.5.8's spacing test at 44 px: a 44 px circle on the target's centre meets no other
    // target, nor another small target's circle.
    const c = centre(t);
    const crowded = targets.some((o) => !same(t, o) && (
      distanceToBox(c, o.box) < MIN / 2 ||
      (small(o) && Math.hypot(c[0] - centre(o)[0], c[1] - centre(o)[1]) < MIN)));
    if (crowded) problems.push(describe(t));
  }
  return [...new Set(problems)];
}
"""


def weigh(page, path: str | None = None, label: str | None = None, action=None) -> list[str]:
    """Load ``path`` (or do ``action``, a click that loads a page) with the browser cache off and
    describe what is wrong with the page: over the budget, wider than the screen, a target too small."""
    responses = []

    def note(response):
        responses.append(response)

    # What the page before is still loading (the service worker's own update check, say) belongs to
    # that page, and its body is gone once the action navigates away: let it finish first.
    page.wait_for_load_state("networkidle")
    page.on("response", note)
    try:
        if path is not None:
            page.goto(path)
        else:
            action()
        page.wait_for_load_state("networkidle")
        label = label or path or page.url
        weight, parts = 0, []
        for response in responses:
            if any(part in response.url for part in NOT_COUNTED) or response.status in (301, 302, 303):
                continue
            size = len(response.body())
            weight += size
            parts.append(f"{response.url.split('/', 3)[-1][:60]} {size}")
    finally:
        page.remove_listener("response", note)
    problems = []
    if weight >= BUDGET:
        problems.append(f"{label}: {weight} bytes (budget {BUDGET}): " + ", ".join(parts))
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > WIDTH:
        problems.append(f"{label}: scrolls sideways ({width} px wide)")
    small = page.evaluate(TOUCH_TARGETS)
    if small:
        problems.append(f"{label}: targets under 44 x 44 px: " + "; ".join(small))
    print(f"{label}: {weight} bytes")  # the weights, for whoever runs with -s
    return problems


def phone_page(new_context):
    context = new_context(
        viewport={"width": WIDTH, "height": 640}, device_scale_factor=1, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    return page


def test_every_page_a_citizen_uses_is_light_and_fits_320_px(app, new_context):
    nik, road, danger = _citizen_world(app)
    problems = []

    page = phone_page(new_context)
    for path in (
        "/",
        *(f"/layanan/{m}/" for m in ("lorong", "sehat", "madul", "babhar")),
        "/lacak",
        f"/lacak/{road}",
        "/standar-pelayanan",
        "/layanan/sehat/fasilitas",
        "/layanan/babhar/bahaya/keluarga",
        "/akun/daftar",
        "/akun/masuk",
        "/akun/lupa-sandi",
        "/kios/",
    ):
        problems += weigh(page, path)

    _to_the_phone_code_step(page)
    problems += weigh(page, "/akun/konfirmasi-hp")

    page = phone_page(new_context)
    sign_in_citizen(page, nik)
    for path in (
        *(f"/layanan/{m}/lapor" for m in ("lorong", "sehat", "madul", "babhar")),
        "/laporan-saya",
        f"/laporan-saya/{road}",
        f"/laporan-saya/{danger}",
        f"/lacak/{road}",
        "/layanan/babhar/kehamilan-saya",
        "/layanan/babhar/bahaya",
        f"/layanan/babhar/bahaya/{danger}",
        "/layanan/babhar/rencana-persalinan",
        "/akun/pengaturan",
        "/akun/pengaturan/kata-sandi",
        "/akun/privasi",
        "/akun/privasi/hapus",
    ):
        problems += weigh(page, path)
    for module in ("lorong", "babhar"):
        page.goto(f"/layanan/{module}/lapor")
        submit = main_form(page).locator("button[type=submit]").last
        problems += weigh(page, label=f"/layanan/{module}/lapor (with errors)", action=submit.click)
    problems += weigh(page, "/akun/privasi/data-saya", label="/akun/privasi/konfirmasi")
    main_form(page).locator("input[type=password]").fill(PASSWORD)
    submit = main_form(page).locator("button[type=submit]")
    problems += weigh(page, label="/akun/privasi/data-saya", action=submit.click)
    assert not problems, "\n".join(problems)


def test_the_report_map_loads_only_when_asked_and_says_so_when_it_cannot(app, new_context, monkeypatch):
    monkeypatch.setitem(app.config, "MAP_TILE_URL", "")
    _, nik, _ = gen_citizen(app, sex="F")
    # page.route does not see a request the service worker answers (Playwright's documented limit):
    # without the worker, the aborted leaflet.js below really fails.
    page = new_context(service_workers="block").new_page()
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    sign_in_citizen(page, nik)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/layanan/lorong/lapor")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "leaflet" in url or "exifr" in url or "report-map" in url]
    button = page.get_by_role("button", name="Pilih lokasi di peta")

    page.route("**/leaflet.js*", lambda route: route.abort())  # no signal just then
    button.click()
    page.wait_for_function("() => document.getElementById('map-status').textContent.includes('tidak dapat dimuat')")
    assert button.is_enabled() and not page.locator("#report-map").is_visible()

    page.unroute("**/leaflet.js*")
    button.click()  # tried again
    page.locator("#report-map.map-ready").wait_for()
    assert not button.is_visible() and page.locator("#map-status").inner_text() == ""
    assert not refused, refused

    plain = new_context(java_script_enabled=False).new_page()
    sign_in_citizen(plain, nik)
    plain.goto("/layanan/lorong/lapor")
    assert not plain.get_by_role("button", name="Pilih lokasi di peta").is_visible()
    assert plain.get_by_label("Nama jalan atau patokan").is_visible()
