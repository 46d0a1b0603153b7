"""A citizen files an e-Lorong report by clicking on the map to drop a pin (issue 11), in Debian's
headless Chromium. Tiles come from a loopback stand-in (MAP_TILE_URL); every other host is blocked,
so the test never reaches the internet."""

from __future__ import annotations

import os
import re

import pytest

from tests.browser.conftest import CHROMIUM, SHOTS, serve

if not os.path.exists(CHROMIUM):
    pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}", allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402

from suite import create_app  # noqa: E402
from suite.reference import boundary  # noqa: E402
from tests.browser.tiles import TileServer  # noqa: E402
from tests.helpers import (  # noqa: E402
    PASSWORD,
    citizen_client,
    gen_citizen,
    get_ticket,
    lorong_fields,
    submit,
    ticket_code_from,
)

CODE = re.compile(r"LRG-[0-9A-Z]{4}-[0-9A-Z]{4}")
NOT_LOOPBACK = re.compile(r"^(?!https?://127\.0\.0\.1[:/]).+")


@pytest.fixture(scope="module")
def tiles():
    server = TileServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def map_server(app, tiles):
    """The test app's database and settings served by an app whose tile server is the stand-in
    (the Content-Security-Policy takes the tile origin when the app is made)."""
    settings = {
        name: value
        for name, value in app.config.items()
        if name.endswith("RATE_LIMIT")
        or name.endswith("_LIMIT")
        or name in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "NIK_KEY", "UPLOAD_FOLDER", "TESTING")
    }
    mapped = create_app({**settings, "MAP_TILE_URL": tiles.url, "MAP_TILE_ATTRIBUTION": "Ubin uji"})
    with serve(mapped, "suite-map-server") as url:
        yield url


@pytest.fixture
def sign_in(app, browser, map_server):
    """sign_in(**context_options): a page of a new citizen, signed in on the map server; no request
    leaves loopback."""
    contexts = []

    def make(**options):
        _, nik, _ = gen_citizen(app)
        context = browser.new_context(base_url=map_server, locale="id-ID", **options)
        contexts.append(context)
        context.set_default_timeout(15_000)
        context.route(NOT_LOOPBACK, lambda route: route.abort())  # no internet, whatever the page asks
        page = context.new_page()
        page.goto("/akun/masuk")
        page.get_by_label("NIK atau nomor HP").fill(nik)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.locator("main form").last.locator("button[type=submit]").click()
        page.wait_for_url("**/laporan-saya")
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def signed_in(sign_in):
    return sign_in()


def test_a_citizen_files_a_road_report_by_dropping_a_pin_on_the_map(app, signed_in, tiles):
    page = signed_in
    page.goto("/layanan/lorong/lapor")
    page.get_by_label("Kategori").select_option("jalan")
    page.get_by_label("Nama jalan atau patokan").fill("Jl. Raya Proppo")
    page.get_by_label("Jenis kerusakan").select_option("pothole")
    page.get_by_label("Berat: berbahaya").check()
    page.get_by_label("Ceritakan masalahnya").fill("Lubang besar di tengah jalan, motor sering jatuh malam hari.")
    page.get_by_label("Desa/kelurahan lokasi").select_option("35.28.01.2001")

    assert page.locator("script[src*=leaflet], script[src*=exifr]").count() == 0  # not on first paint
    page.get_by_role("button", name="Pilih lokasi di peta").click()  # issue 14, item 2: loads the map
    the_map = page.locator("#report-map.map-ready")
    the_map.wait_for()
    assert not page.get_by_role("button", name="Pilih lokasi di peta").is_visible()
    page.locator("#report-map .leaflet-tile-loaded").first.wait_for()  # the stand-in's tiles
    assert page.get_by_role("button", name="Gunakan lokasi saya").is_visible()
    the_map.click()  # the middle of the map: the middle of the regency, which the map fits
    page.locator("#report-map .leaflet-marker-icon").wait_for()
    assert "Penanda ditempatkan" in page.locator("#map-status").inner_text()
    latitude = float(page.get_by_label("Garis lintang (opsional)").input_value())
    longitude = float(page.get_by_label("Garis bujur (opsional)").input_value())
    assert boundary.contains(latitude, longitude), (latitude, longitude)
    (south, west), (north, east) = boundary.bounds()
    assert abs(latitude - (south + north) / 2) < 0.02 and abs(longitude - (west + east) / 2) < 0.02

    found = [f"{v['id']} ({v['impact']})" for v in Axe().run(page).response["violations"]]  # any impact
    assert found == [], found

    # Not quite there: the citizen drags the pin a little east.
    pin = page.locator("#report-map .leaflet-marker-icon").bounding_box()
    page.mouse.move(pin["x"] + pin["width"] / 2, pin["y"] + pin["height"] - 4)
    page.mouse.down()
    for step in range(1, 6):
        page.mouse.move(pin["x"] + pin["width"] / 2 + 8 * step, pin["y"] + pin["height"] - 4)
    page.mouse.up()
    page.wait_for_function(
        "previous => document.querySelector('[name=longitude]').value !== previous", arg=f"{longitude:.6f}"
    )
    dragged = float(page.get_by_label("Garis bujur (opsional)").input_value())
    assert dragged > longitude and boundary.contains(latitude, dragged)
    latitude = float(page.get_by_label("Garis lintang (opsional)").input_value())
    longitude = dragged

    page.locator("main form#intake-form button[type=submit]").click()
    page.wait_for_url("**/laporan-saya/LRG-*")
    code = CODE.search(page.url).group(0)

    ticket = get_ticket(app, code)
    assert (ticket.latitude, ticket.longitude) == (latitude, longitude)
    assert ticket.extras["road_name"] == "Jl. Raya Proppo"
    assert tiles.requests and all(path.startswith("/tiles/") for path in tiles.requests)


def test_an_open_report_near_the_pin_is_listed_and_supported_instead(app, signed_in):
    page = signed_in
    page.goto("/layanan/lorong/lapor")
    page.get_by_role("button", name="Pilih lokasi di peta").click()
    page.locator("#report-map.map-ready").click()
    page.locator("#report-map .leaflet-marker-icon").wait_for()
    latitude = float(page.get_by_label("Garis lintang (opsional)").input_value())
    longitude = float(page.get_by_label("Garis bujur (opsional)").input_value())
    # Someone reported the same pothole 33 m away a moment ago.
    neighbour = citizen_client(app)
    fields = lorong_fields(latitude=str(round(latitude + 0.0003, 6)), longitude=str(longitude))
    code = ticket_code_from(submit(neighbour, "lorong", fields))

    page.get_by_label("Kategori").select_option("jalan")  # the kind chosen: the page asks what is near

    nearby = page.locator("#nearby-reports")
    nearby.wait_for()
    assert code in nearby.inner_text() and "0 pendukung" in nearby.inner_text()
    assert page.locator("#report-map .leaflet-interactive").count() >= 2  # the radius and the report
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/lorong-nearby.png", full_page=True)  # for a reviewer's eye
    nearby.get_by_role("button", name="Dukung laporan ini").click()
    page.wait_for_url(f"**/lacak/{code}")
    assert "dukungan Anda tercatat" in page.locator("main").inner_text()


def test_the_photos_gps_places_the_pin_with_consent_and_the_photo_is_shrunk_before_upload(app, signed_in, tmp_path):
    from tests.test_photo_privacy import assert_clean, attachments_of, photo_with_gps, stored_bytes

    picture = tmp_path / "lubang.jpg"
    picture.write_bytes(photo_with_gps((2400, 1600)))  # GPS 7°9'36"S 113°28'48"E, turned by its tag
    page = signed_in
    page.goto("/layanan/lorong/lapor")
    page.get_by_label("Kategori").select_option("jalan")
    page.get_by_label("Nama jalan atau patokan").fill("Jl. Raya Tlanakan")
    page.get_by_label("Jenis kerusakan").select_option("pothole")
    page.get_by_label("Berat: berbahaya").check()
    page.get_by_label("Ceritakan masalahnya").fill("Lubang di depan balai desa, sudah tiga motor jatuh.")
    page.get_by_label("Desa/kelurahan lokasi").select_option("35.28.01.2001")
    page.get_by_label("Gunakan lokasi dari foto", exact=False).check()  # loads the map (issue 14, item 2)
    page.locator("#report-map.map-ready").wait_for()

    page.locator("input[name=photos]").set_input_files(str(picture))

    page.locator("#report-map .leaflet-marker-icon").wait_for()
    assert "lokasi foto" in page.locator("#map-status").inner_text()
    assert page.get_by_label("Garis lintang (opsional)").input_value() == "-7.160000"
    page.locator("form#intake-form button[type=submit]:enabled").click()  # enabled again once shrunk
    page.wait_for_url("**/laporan-saya/LRG-*")
    code = CODE.search(page.url).group(0)

    ticket = get_ticket(app, code)
    assert (ticket.latitude, ticket.longitude) == (-7.16, 113.48)
    [attachment] = attachments_of(app, code)
    stored = assert_clean(stored_bytes(app, attachment))
    assert attachment.original_name == "lubang.jpg"
    assert stored.size == (1067, 1600)  # shrunk in the browser (the server alone keeps 2048), upright


def test_use_my_location_places_the_pin_where_the_phone_is(sign_in):
    page = sign_in(geolocation={"latitude": -7.1568, "longitude": 113.4746}, permissions=["geolocation"])
    page.goto("/layanan/lorong/lapor")
    page.get_by_role("button", name="Pilih lokasi di peta").click()
    page.locator("#report-map.map-ready").wait_for()

    page.get_by_role("button", name="Gunakan lokasi saya").click()

    page.locator("#report-map .leaflet-marker-icon").wait_for()
    assert page.get_by_label("Garis lintang (opsional)").input_value() == "-7.156800"
    assert page.get_by_label("Garis bujur (opsional)").input_value() == "113.474600"


def test_a_phone_outside_the_regency_gets_no_pin_and_is_told_why(sign_in):
    page = sign_in(geolocation={"latitude": -7.2575, "longitude": 112.7521}, permissions=["geolocation"])  # Surabaya
    page.goto("/layanan/lorong/lapor")
    page.get_by_role("button", name="Pilih lokasi di peta").click()
    page.locator("#report-map.map-ready").wait_for()

    page.get_by_role("button", name="Gunakan lokasi saya").click()

    page.wait_for_function("() => document.getElementById('map-status').textContent.includes('di luar wilayah')")
    assert page.locator("#report-map .leaflet-marker-icon").count() == 0
    assert page.get_by_label("Garis lintang (opsional)").input_value() == ""
