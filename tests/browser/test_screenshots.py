"""Screenshots of the main pages (issue 14, item 7), for the README and for a reviewer's eye.

Saved in /tmp/suite-shots, or in the folder SUITE_SCREENSHOTS names. The README's pictures are
made with

    SUITE_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/browser/test_screenshots.py

Each picture is reduced to at most 128 colours (Pillow), which keeps it small enough to commit."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from tests.browser.conftest import SHOTS
from tests.browser.test_pages import sign_in_citizen, sign_in_staff  # skips without Chromium
from tests.helpers import (
    gen_citizen,
    gen_staff,
    login_citizen,
    login_staff,
    lorong_fields,
    register_pregnancy,
    staff_post,
    submit,
    ticket_code_from,
)

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
TALLEST = 2400  # px: a longer page is cut there (the top of a page is what a reader looks at)

REPORTS = (
    lorong_fields(latitude="-7.1570", longitude="113.4740"),
    lorong_fields(
        category="jembatan",
        damage_type="broken_bridge",
        road_name="Jl. Pintu Gerbang",
        severity="sedang",
        description="Papan jembatan kayu patah, anak sekolah harus memutar jauh.",
        latitude="-7.1610",
        longitude="113.4820",
    ),
    lorong_fields(
        category="drainase",
        damage_type="drainage",
        road_name="Jl. Jokotole",
        severity="sedang",
        description="Saluran air tersumbat sampah sehingga air meluap ke jalan.",
        latitude="-7.1480",
        longitude="113.4690",
    ),
)


def shoot(page, name: str) -> str:
    """Save the page (up to TALLEST px of it) as SHOTS/name.png in at most 128 colours."""
    os.makedirs(SHOTS, exist_ok=True)
    height = min(page.evaluate("document.documentElement.scrollHeight"), TALLEST)
    width = page.viewport_size["width"]
    picture = page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
    image = Image.open(io.BytesIO(picture)).convert("RGB")
    image = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    path = os.path.join(SHOTS, f"{name}.png")
    image.save(path, optimize=True)
    return path


@pytest.fixture
def world(app, runner, monkeypatch):
    """A citizen with three road reports, one answered and in progress, a mother with a pregnancy, and
    the statistics refreshed. No tile server: the maps draw their points on a plain background."""
    monkeypatch.setitem(app.config, "MAP_TILE_URL", "")
    _, nik, _ = gen_citizen(app, sex="F")
    citizen = app.test_client()
    login_citizen(citizen, nik)
    codes = [ticket_code_from(submit(citizen, "lorong", {**fields, "not_duplicate": "y"})) for fields in REPORTS]
    register_pregnancy(citizen)
    _, email = gen_staff(app, "pupr", "supervisor")
    officer = app.test_client()
    login_staff(officer, email)
    staff_post(officer, codes[0], "status", {"status": "verified"})
    reply = "Terima kasih. Tim kami sudah memeriksa lokasi; lubang akan ditambal minggu ini."
    staff_post(officer, codes[0], "tanggapan", {"body": reply, "visibility": "public"})
    staff_post(officer, codes[0], "status", {"status": "in_progress"})
    assert runner.invoke(args=["stats-refresh", "--full"]).exit_code == 0
    # A second supervisor for the browser: a TOTP code is accepted once, and the officer's was spent.
    return nik, gen_staff(app, "pupr", "supervisor")[1], codes


def test_screenshots_of_the_main_pages(new_context, world):
    nik, email, codes = world
    saved = []

    phone = new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True).new_page()
    phone.goto("/")
    saved.append(shoot(phone, "home-phone"))
    phone.goto(f"/lacak/{codes[0]}")
    assert phone.locator("ol.timeline li").count() >= 3
    saved.append(shoot(phone, "status-phone"))
    sign_in_citizen(phone, nik)
    saved.append(shoot(phone, "my-tickets-phone"))
    phone.goto("/layanan/lorong/lapor")
    saved.append(shoot(phone, "road-report-phone"))
    phone.goto("/layanan/babhar/bahaya")
    saved.append(shoot(phone, "danger-sign-phone"))

    english = new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True).new_page()
    english.goto("/")
    english.locator("#lang-select").select_option("en")
    english.locator("form.lang button[type=submit]").click()
    english.wait_for_load_state()
    assert english.locator("html").get_attribute("lang") == "en"
    saved.append(shoot(english, "home-english-phone"))

    desk = new_context(viewport=DESKTOP).new_page()
    desk.goto("/")
    saved.append(shoot(desk, "home-desktop"))
    desk.goto("/statistik")
    desk.wait_for_selector("#peta-statistik[data-loaded=true]")
    saved.append(shoot(desk, "statistik-desktop"))
    desk.goto("/peta")
    desk.wait_for_selector("#peta-laporan[data-loaded=true]")
    saved.append(shoot(desk, "public-map-desktop"))
    sign_in_staff(desk, email)
    saved.append(shoot(desk, "staff-queue-desktop"))
    desk.goto(f"/petugas/tiket/{codes[0]}")
    saved.append(shoot(desk, "staff-ticket-desktop"))

    for path in saved:
        assert os.path.getsize(path) < 150 * 1024, f"{path}: {os.path.getsize(path)} bytes"
