"""Issue 14, item 6 in a real browser: tracking codes never break over lines (at 320 px and on a
desktop), and pages load without a single failed request of ours (the favicon included)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import CHROMIUM, SHOTS

if not os.path.exists(CHROMIUM):
    pytest.skip(
        f"browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium", allow_module_level=True
    )

from tests.browser.test_pages import sign_in_citizen, sign_in_staff  # noqa: E402
from tests.helpers import gen_citizen, gen_staff, login_citizen, lorong_fields, submit  # noqa: E402

# Each element with class "code": how many line boxes it spans and its height against its line height.
MEASURE_CODES = """() => Array.from(document.querySelectorAll('.code')).map(el => {
  const style = getComputedStyle(el);
  return {text: el.textContent.trim(), rects: el.getClientRects().length,
          height: el.getBoundingClientRect().height, line: parseFloat(style.lineHeight)};
})"""
VIEWPORTS = {"phone": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 800}}
LONG_TITLE = "Jalan berlubang sangat dalam di depan balai desa dekat sekolah dasar negeri"


def file_reports(app, nik: str, count: int = 3) -> None:
    client = app.test_client()
    login_citizen(client, nik)
    for _ in range(count):
        response = submit(client, "lorong", lorong_fields(description=LONG_TITLE, not_duplicate="y"))
        assert response.status_code == 302, response.get_data(as_text=True)


def codes_on_one_line(page, label: str) -> list[str]:
    measured = page.evaluate(MEASURE_CODES)
    assert measured, f"{label}: no tracking code on the page"
    return [
        f"{label}: {m['text']} spans {m['rects']} line box(es), {m['height']:.0f}px high (line {m['line']:.0f}px)"
        for m in measured
        if m["rects"] != 1 or m["height"] > m["line"] * 1.5
    ]


@pytest.mark.parametrize("size", VIEWPORTS)
def test_tracking_codes_stay_on_one_line_in_the_queue_and_my_reports(app, new_context, size):
    _, nik, _ = gen_citizen(app, sex="F")
    file_reports(app, nik)
    _, email = gen_staff(app, "pupr")
    viewport = VIEWPORTS[size]
    wrapped = []

    citizen = new_context(viewport=viewport).new_page()
    sign_in_citizen(citizen, nik)
    citizen.goto("/laporan-saya")
    wrapped += codes_on_one_line(citizen, f"/laporan-saya at {viewport['width']}px")
    os.makedirs(SHOTS, exist_ok=True)
    citizen.screenshot(path=f"{SHOTS}/my-reports-{viewport['width']}.png", full_page=True)

    staff = new_context(viewport=viewport).new_page()
    sign_in_staff(staff, email)
    staff.goto("/petugas/")
    wrapped += codes_on_one_line(staff, f"/petugas/ at {viewport['width']}px")
    staff.screenshot(path=f"{SHOTS}/queue-{viewport['width']}.png", full_page=True)

    assert not wrapped, "\n".join(wrapped)


def test_pages_load_without_a_failed_request_and_name_their_icon(app, live_server, new_context):
    _, nik, _ = gen_citizen(app, sex="F")
    file_reports(app, nik, count=1)
    _, email = gen_staff(app, "pupr")
    origin = urlsplit(live_server).netloc
    failed: list[str] = []
    icons: list[int] = []  # the browser's own requests for the page's icon

    def watch(page):
        page.on(
            "response",
            lambda r: (
                failed.append(f"{r.status} {r.url}") if urlsplit(r.url).netloc == origin and r.status >= 400 else None
            ),
        )
        page.on("response", lambda r: icons.append(r.status) if "favicon" in r.url else None)
        # Map tiles come from another site, unreachable here: only our own requests count.
        page.on(
            "requestfailed",
            lambda r: (
                failed.append(f"failed {r.url}: {r.failure}")
                if urlsplit(r.url).netloc == origin and "ERR_ABORTED" not in (r.failure or "")  # cut by the next page
                else None
            ),
        )
        return page

    anonymous = watch(new_context().new_page())
    for path in ("/", "/lacak", "/akun/masuk", "/standar-pelayanan", "/layanan/lorong/"):
        anonymous.goto(path)
        anonymous.wait_for_load_state("networkidle")
    icon = anonymous.locator('head link[rel="icon"]').get_attribute("href")
    fetched = anonymous.request.get(icon)
    assert fetched.status == 200 and fetched.headers["content-type"] in ("image/vnd.microsoft.icon", "image/x-icon")
    root = anonymous.request.get("/favicon.ico")
    assert root.status == 200 and root.body() == fetched.body()

    citizen = watch(new_context().new_page())
    sign_in_citizen(citizen, nik)
    for path in ("/laporan-saya", "/layanan/lorong/lapor", "/akun/pengaturan"):
        citizen.goto(path)
        citizen.wait_for_load_state("load")
    staff = watch(new_context().new_page())
    sign_in_staff(staff, email)
    for path in ("/petugas/", "/petugas/statistik", "/petugas/profil"):
        staff.goto(path)
        staff.wait_for_load_state("load")

    assert not failed, "\n".join(failed)
    assert icons and set(icons) == {200}, icons


def test_helpful_pages_pass_axe_and_a_returned_form_asks_for_the_photo_again(app, new_context, tmp_path):
    from tests.browser.test_pages import axe_problems, main_form, report
    from tests.helpers import photo, register_pregnancy, ticket_code_from

    _, nik, _ = gen_citizen(app, sex="F")
    client = app.test_client()
    login_citizen(client, nik)
    pregnancy = ticket_code_from(register_pregnancy(client, weeks=14))
    _, email = gen_staff(app, None, "admin")
    problems = []

    citizen = new_context().new_page()
    sign_in_citizen(citizen, nik)
    problems += axe_problems(citizen, f"/laporan-saya/{pregnancy}")  # the due date and next visit
    assert citizen.get_by_text("Pemeriksaan kehamilan berikutnya").is_visible()
    citizen.goto("/tidak-ada-halaman-ini")
    problems += axe_problems(citizen, label="404 page")

    # The browser itself empties the file input of a returned form: the page must say so.
    picture = tmp_path / "lubang.jpg"
    picture.write_bytes(photo().getvalue())
    citizen.goto("/layanan/lorong/lapor")
    form = main_form(citizen)
    form.locator("input[type=file]").set_input_files(str(picture))
    form.locator("button[type=submit]").click()
    # With JavaScript the form is sent in the background and the server's page written in when it
    # answers: wait for that page, not for a navigation.
    notice = citizen.locator("#photos-again")
    notice.wait_for()
    assert citizen.locator("main input[type=file]").evaluate("input => input.files.length") == 0
    assert notice.is_visible() and "lubang.jpg" in notice.inner_text()
    problems += axe_problems(citizen, label="/layanan/lorong/lapor (photo to choose again)")

    admin = new_context().new_page()
    sign_in_staff(admin, email)
    problems += axe_problems(admin, "/petugas/")  # the longest staff menu
    admin.screenshot(path=f"{SHOTS}/admin-queue-desktop.png")
    assert not problems, report(problems)
