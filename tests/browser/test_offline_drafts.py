"""Offline drafts and photos made smaller before upload (issue 14), in Debian's headless Chromium.

Playwright's ``set_offline`` does not cut requests a service worker makes (microsoft/playwright
#2311); the drafts are sent by the page itself and the worker never touches a POST, so cutting the
page's network is the honest test. Each test also checks the server's side: no ticket while the
phone is offline, exactly one after."""

from __future__ import annotations

import io
import os
import random
import re
import uuid

import pytest

from tests.browser.conftest import CHROMIUM, SHOTS

if not os.path.exists(CHROMIUM):
    pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}", allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from suite.extensions import db  # noqa: E402
from suite.identity.models import Citizen  # noqa: E402
from suite.identity.sessions import end_all_sessions  # noqa: E402
from suite.ticketing.models import IdempotencyKey, Ticket  # noqa: E402
from tests.browser.test_pages import sign_in_citizen  # noqa: E402
from tests.helpers import PASSWORD, count, gen_citizen, login_citizen, rows, submit, ticket_code_from  # noqa: E402
from tests.test_photo_privacy import photo_with_gps  # noqa: E402

FORM = "/layanan/madul/lapor"
CODE = re.compile(r"MDL-[0-9A-Z]{4}-[0-9A-Z]{4}")

COUNT_DRAFTS = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("suite-drafts", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("drafts", { keyPath: "key" });
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const request = open.result.transaction("drafts").objectStore("drafts").count();
    request.onsuccess = () => { open.result.close(); resolve(request.result); };
  };
})"""

KEEP_DRAFT = """owner => new Promise((resolve, reject) => {
  const open = indexedDB.open("suite-drafts", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("drafts", { keyPath: "key" });
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction("drafts", "readwrite");
    tx.objectStore("drafts").put({ key: "k1", owner, action: "/layanan/sehat/lapor", state: "waiting",
      errors: [], fields: [["description", "Obat untuk ibu saya kosong."]], files: [] });
    tx.oncomplete = () => { open.result.close(); resolve(); };
  };
})"""

CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
  }
  return urls;
}"""


@pytest.fixture
def citizen(app, new_context):
    """(page, citizen id, NIK): a new citizen signed in; ``options`` for the browser context."""

    def make(**options):
        citizen_id, nik, _ = gen_citizen(app)
        context = new_context(**options)
        page = context.new_page()
        sign_in_citizen(page, nik)
        return page, citizen_id, nik

    return make


def write_report(page) -> str:
    """Fill the e-Madul form with a text of its own (no duplicate warning); return the form's key."""
    page.goto(FORM)
    page.get_by_label("Kategori").select_option("waste")
    words = " ".join(random.sample(["sampah", "selokan", "pasar", "bau", "lalat", "truk", "gang", "sungai"], 5))
    page.get_by_label("Ceritakan masalahnya").fill(f"Tumpukan {words} {uuid.uuid4().hex[:8]} belum diangkut.")
    page.get_by_label("Desa/kelurahan lokasi").select_option("35.28.01.2001")
    return page.locator("#intake-form [name=idempotency_key]").input_value()


def own_axe_violations(page) -> list[str]:
    """axe-core's findings of any impact inside the drafts' status and the progress bar."""
    found = []
    for violation in Axe().run(page).response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            if "offline-drafts" in target or "upload-progress" in target:
                found.append(f"{violation['id']} ({violation['impact']}): {target}")
    return found


def send(page) -> None:
    page.locator("#intake-form button[type=submit]").click()


def tickets_of(app, citizen_id: int) -> int:
    return count(app, Ticket, Ticket.citizen_id == citizen_id)


def test_a_report_written_with_no_signal_waits_on_the_phone_and_is_sent_once(app, citizen):
    page, citizen_id, _ = citizen()
    key = write_report(page)
    assert key, "the server made the idempotency key with the form"

    page.context.set_offline(True)
    send(page)
    waiting = page.get_by_role("status").filter(has_text="Menunggu dikirim")
    expect(waiting).to_be_visible()
    expect(waiting).to_contain_text("Tumpukan")
    assert page.evaluate(COUNT_DRAFTS) == 1
    assert tickets_of(app, citizen_id) == 0  # nothing reached the server
    assert own_axe_violations(page) == []
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/offline-draft-waiting.png")

    page.context.set_offline(False)  # the "online" event sends it
    sent = page.get_by_role("status").filter(has_text="Laporan tersimpan sudah terkirim")
    expect(sent).to_be_visible()
    code = sent.get_by_role("link").inner_text()
    assert CODE.fullmatch(code)
    assert page.evaluate(COUNT_DRAFTS) == 0
    expect(page.get_by_text("Menunggu dikirim")).to_have_count(0)
    assert tickets_of(app, citizen_id) == 1
    # Sent with the key the form carried when the draft was written.
    (claimed,) = rows(app, IdempotencyKey, IdempotencyKey.caller == f"citizen:{citizen_id}")
    (ticket,) = rows(app, Ticket, Ticket.citizen_id == citizen_id)
    assert claimed.key == key and claimed.ticket_id == ticket.id and ticket.code == code

    page.reload()  # nothing left to send
    page.wait_for_load_state("networkidle")
    assert tickets_of(app, citizen_id) == 1 and page.evaluate(COUNT_DRAFTS) == 0


def test_a_draft_whose_answer_was_lost_is_sent_again_from_two_tabs_and_makes_one_ticket(app, citizen):
    # The worker is not under test here; blocked, so the page's requests are routed for certain.
    page, citizen_id, _ = citizen(service_workers="block")
    write_report(page)

    def lose_the_answer(route):
        if route.request.method != "POST":
            return route.continue_()
        route.fetch()  # the server receives the report and opens the ticket...
        route.abort("connectionreset")  # ...and the phone loses the signal before the answer

    page.route(f"**{FORM}", lose_the_answer)
    send(page)
    expect(page.get_by_role("status").filter(has_text="Menunggu dikirim")).to_be_visible()
    assert tickets_of(app, citizen_id) == 1 and page.evaluate(COUNT_DRAFTS) == 1
    page.unroute(f"**{FORM}")

    # The signal returns while a second tab opens the form: both try to send the one draft.
    other = page.context.new_page()
    other.goto(FORM)
    page.evaluate("() => { dispatchEvent(new Event('online')); dispatchEvent(new Event('online')); }")
    page.wait_for_function(COUNT_DRAFTS.replace("resolve(request.result)", "resolve(request.result === 0)"))
    page.wait_for_load_state("networkidle")
    other.wait_for_load_state("networkidle")
    assert tickets_of(app, citizen_id) == 1
    (ticket,) = rows(app, Ticket, Ticket.citizen_id == citizen_id)
    shown = page.locator("#offline-drafts a").all_inner_texts() + other.locator("#offline-drafts a").all_inner_texts()
    assert shown and set(shown) == {ticket.code}


def test_a_draft_the_server_refuses_stays_for_the_citizen_to_correct(app, citizen):
    page, citizen_id, _ = citizen(service_workers="block")
    write_report(page)
    page.get_by_label("Ceritakan masalahnya").fill("Sampah.")  # too short: the server says 422
    page.context.set_offline(True)
    send(page)
    expect(page.get_by_role("status").filter(has_text="Menunggu dikirim")).to_be_visible()
    page.context.set_offline(False)
    refused = page.get_by_role("status").filter(has_text="Belum diterima")
    expect(refused).to_be_visible()
    expect(refused).to_contain_text("Antara 10 dan 4000 huruf")
    assert page.evaluate(COUNT_DRAFTS) == 1 and tickets_of(app, citizen_id) == 0

    assert own_axe_violations(page) == []
    refused.get_by_role("button", name="Perbaiki").click()
    expect(page.get_by_label("Ceritakan masalahnya")).to_have_value("Sampah.")
    page.get_by_label("Ceritakan masalahnya").fill("Sampah di pasar belum diangkut tiga hari, baunya sampai sekolah.")
    send(page)
    page.wait_for_url("**/laporan-saya/MDL-*")
    assert "Laporan Anda diterima" in page.locator("main").inner_text()
    assert tickets_of(app, citizen_id) == 1 and page.evaluate(COUNT_DRAFTS) == 0


def test_a_draft_outliving_its_session_waits_for_the_citizen_to_sign_in_again(app, citizen):
    page, citizen_id, nik = citizen(service_workers="block")
    write_report(page)
    page.context.set_offline(True)
    send(page)
    expect(page.get_by_role("status").filter(has_text="Menunggu dikirim")).to_be_visible()
    with app.app_context():  # the session ends while the phone has no signal (here: every session)
        with app.test_request_context():
            end_all_sessions(db.session.get(Citizen, citizen_id))
        db.session.commit()

    page.context.set_offline(False)
    again = page.get_by_role("link", name="Masuk lagi untuk mengirimnya.")
    expect(again).to_be_visible()
    assert page.evaluate(COUNT_DRAFTS) == 1 and tickets_of(app, citizen_id) == 0
    again.click()
    page.get_by_label("NIK atau nomor HP").fill(nik)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.locator("main form").last.locator("button[type=submit]").click()
    page.wait_for_url(f"**{FORM}")  # back on the form, which sends the draft with a fresh token
    expect(page.get_by_role("status").filter(has_text="Laporan tersimpan sudah terkirim")).to_be_visible()
    assert page.evaluate(COUNT_DRAFTS) == 0 and tickets_of(app, citizen_id) == 1


def test_a_refused_draft_may_be_discarded(app, citizen):
    page, citizen_id, _ = citizen(service_workers="block")
    write_report(page)
    page.get_by_label("Ceritakan masalahnya").fill("Sampah.")
    page.context.set_offline(True)
    send(page)
    page.context.set_offline(False)
    refused = page.get_by_role("status").filter(has_text="Belum diterima")
    expect(refused).to_be_visible()
    refused.get_by_role("button", name="Buang").click()
    expect(page.get_by_text("Belum diterima")).to_have_count(0)
    assert page.evaluate(COUNT_DRAFTS) == 0 and tickets_of(app, citizen_id) == 0


def test_the_worker_keeps_static_files_only_and_sign_out_clears_the_drafts(app, citizen, live_server):
    page, citizen_id, nik = citizen()
    other = app.test_client()
    login_citizen(other, nik)
    code = ticket_code_from(
        submit(other, "madul", {"category": "waste", "description": "Sampah pasar menumpuk di pinggir jalan desa."})
    )
    page.goto(FORM)
    scope = page.evaluate("() => navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{live_server}/"
    page.reload()  # now under the worker's control: its static files go through it
    assert page.evaluate("() => !!navigator.serviceWorker.controller")
    for path in ("/laporan-saya", f"/laporan-saya/{code}", FORM):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    cached = page.evaluate(CACHED_URLS)
    assert any("/static/suite.css" in url for url in cached), cached
    assert all(url.startswith(f"{live_server}/static/") for url in cached), cached

    cdp = page.context.new_cdp_session(page)
    errors = [e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]]
    assert [e for e in errors if e != "in-incognito"] == []  # Playwright's contexts are incognito
    manifest = page.request.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    worker = page.request.get("/sw.js")
    assert worker.headers["content-type"].startswith("text/javascript")
    assert worker.headers["cache-control"] == "no-store"

    # A draft kept on the phone (as offline-drafts.js keeps one), then the citizen signs out.
    page.goto("/laporan-saya")
    page.evaluate(KEEP_DRAFT, str(citizen_id))
    assert page.evaluate(COUNT_DRAFTS) == 1
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"{live_server}/")
    assert page.evaluate(COUNT_DRAFTS) == 0  # Clear-Site-Data took the draft
    assert tickets_of(app, citizen_id) == 1  # only the one filed from the other client


def test_a_large_photo_is_made_smaller_before_upload_with_a_progress_bar(app, citizen, tmp_path):
    page, citizen_id, _ = citizen(service_workers="block")
    photo = Image.effect_mandelbrot((4000, 3000), (-2.0, -1.2, 1.0, 1.2), 60).convert("RGB")
    path = tmp_path / "jalan.jpg"
    photo.save(path, quality=92)
    assert path.stat().st_size > 500_000

    write_report(page)
    page.get_by_label("Foto atau PDF", exact=False).set_input_files(str(path))
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(  # a slow upload, as on a village's signal: the bar has time to show
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 30_000},
    )
    send(page)
    progress = page.get_by_role("progressbar", name="Mengunggah laporan")
    expect(progress).to_be_visible()
    assert own_axe_violations(page) == []
    page.wait_for_function("() => (document.getElementById('upload-progress') || {value: 1}).value > 0")
    page.wait_for_url("**/laporan-saya/MDL-*", timeout=60_000)
    assert "Laporan Anda diterima" in page.locator("main").inner_text()

    (ticket,) = rows(app, Ticket, Ticket.citizen_id == citizen_id)
    (attachment,) = ticket.attachments
    stored = page.request.get(f"/lampiran/{attachment.id}")
    assert stored.status == 200
    assert Image.open(io.BytesIO(stored.body())).size == (1600, 1200)  # the server alone would keep 2048


def test_a_photo_whose_location_is_asked_for_goes_untouched_so_the_server_reads_its_gps(app, citizen, tmp_path):
    # The canvas would drop the EXIF: with "use the photo's location" ticked and no point, the original goes.
    page, citizen_id, _ = citizen(service_workers="block")
    path = tmp_path / "lokasi.jpg"
    path.write_bytes(photo_with_gps((4000, 3000)))
    write_report(page)
    page.get_by_label("Foto atau PDF", exact=False).set_input_files(str(path))
    page.get_by_label("Gunakan lokasi dari foto", exact=False).check()
    send(page)
    page.wait_for_url("**/laporan-saya/MDL-*")

    (ticket,) = rows(app, Ticket, Ticket.citizen_id == citizen_id)
    assert (round(ticket.latitude, 4), round(ticket.longitude, 4)) == (-7.16, 113.48)
    (attachment,) = ticket.attachments
    stored = Image.open(io.BytesIO(page.request.get(f"/lampiran/{attachment.id}").body()))
    assert max(stored.size) == app.config["PHOTO_MAX_SIDE"]  # shrunk by the server, not the browser


def test_a_draft_is_never_sent_under_another_account_signed_in_meanwhile(app, citizen):
    """A shared phone: A's session ends without a sign-out (no Clear-Site-Data), B signs in in another
    tab, the signal returns while A's old tab is still open. A's draft is not filed as B's."""
    page, first_id, _ = citizen(service_workers="block")
    write_report(page)
    page.context.set_offline(True)
    send(page)
    expect(page.get_by_role("status").filter(has_text="Menunggu dikirim")).to_be_visible()

    page.context.clear_cookies()  # A's session is gone (expired), the draft is still on the phone
    page.context.set_offline(False)
    second_id, second_nik, _ = gen_citizen(app)
    other = page.context.new_page()
    sign_in_citizen(other, second_nik)
    with page.expect_response(lambda r: r.url.endswith(FORM) and r.request.method == "GET") as fetched:
        page.evaluate("() => dispatchEvent(new Event('online'))")  # A's old tab tries to send
    assert fetched.value.status == 200  # it got B's form (and with it a token that would work)...
    page.wait_for_timeout(1500)  # ...and had time to post it
    assert tickets_of(app, second_id) == 0 and tickets_of(app, first_id) == 0

    other.goto(FORM)  # B's own report page drops what another account left on this phone
    other.wait_for_load_state("networkidle")
    other.wait_for_function(COUNT_DRAFTS.replace("resolve(request.result)", "resolve(request.result === 0)"))
    assert tickets_of(app, second_id) == 0 and tickets_of(app, first_id) == 0
