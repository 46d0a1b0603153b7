"""The public map in real headless Chromium (issue 11, item 4): markers drawn from the GeoJSON, a
popup that links the status page, the status page's small map, and axe on both. No tile server:
MAP_TILE_URL is empty, so the map draws its markers on a plain background and never leaves the
machine."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import CHROMIUM

if not os.path.exists(CHROMIUM):
    pytest.skip(
        f"browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium", allow_module_level=True
    )

from tests.browser.test_pages import axe_problems, report  # noqa: E402
from tests.helpers import citizen_client, lorong_fields, submit, ticket_code_from  # noqa: E402


@pytest.fixture
def no_tiles(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAP_TILE_URL", "")


def _file(client, module: str, lat: float, lon: float, **fields) -> str:
    base = lorong_fields() if module == "lorong" else {"category": "waste", "description": "Sampah menumpuk di pasar."}
    data = {**base, "latitude": str(lat), "longitude": str(lon), "not_duplicate": "y", **fields}
    return ticket_code_from(submit(client, module, data))


def test_the_map_shows_a_marker_per_public_report_with_a_popup(app, new_context, no_tiles):
    citizen = citizen_client(app)
    roads = [_file(citizen, "lorong", -7.15 + i / 200, 113.45 + i / 200) for i in range(3)]
    _file(citizen, "lorong", -7.14, 113.44, confidential="y")
    waste = _file(citizen, "madul", -7.17, 113.48)

    page = new_context().new_page()
    page.goto("/peta")
    page.wait_for_selector("#peta-laporan[data-loaded=true]")
    assert page.get_attribute("#peta-laporan", "data-markers") == str(len(roads) + 1)
    assert page.locator("#peta-laporan-jumlah").inner_text().startswith("4 laporan di peta")
    assert page.locator("table.list tbody tr").count() == 4  # the same reports as a table
    # Choosing a service leaves only its categories to pick.
    page.select_option("#f-module", "madul")
    assert page.locator("#f-category optgroup[data-module=lorong]").get_attribute("hidden") is not None
    assert page.locator("#f-category optgroup[data-module=madul]").get_attribute("hidden") is None

    # One report: the map centres on it, so a click in the middle opens its popup.
    page.goto("/peta?layanan=madul")
    page.wait_for_selector("#peta-laporan[data-loaded=true]")
    assert page.get_attribute("#peta-laporan", "data-markers") == "1"
    box = page.locator("#peta-laporan").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert waste in popup.inner_text() and "Diterima" in popup.inner_text()
    popup.get_by_role("link", name=waste).click()
    page.wait_for_url(f"**/lacak/{waste}")
    assert page.locator("script[src*=leaflet]").count() == 0  # the map loads when asked (issue 14, item 2)
    page.get_by_role("button", name="Tampilkan peta").click()
    page.wait_for_selector("#peta-tiket.map-ready")
    assert page.get_attribute("#peta-tiket", "data-markers") == "1"


def test_without_javascript_the_table_stands_in_for_the_map(app, new_context, no_tiles):
    code = _file(citizen_client(app), "lorong", -7.15, 113.45)
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/peta")
    assert not page.locator("#peta-laporan").is_visible()
    page.get_by_role("link", name=code).click()
    page.wait_for_url(f"**/lacak/{code}")


def test_map_pages_pass_axe(app, new_context, no_tiles):
    code = _file(citizen_client(app), "lorong", -7.15, 113.45)
    page = new_context().new_page()
    problems = []
    page.goto("/peta")
    page.wait_for_selector("#peta-laporan[data-loaded=true]")
    problems += axe_problems(page, label="/peta")
    page.goto("/peta?dari=kemarin")  # the form with an error
    problems += axe_problems(page, label="/peta (with errors)")
    page.goto(f"/lacak/{code}")
    page.get_by_role("button", name="Tampilkan peta").click()
    page.wait_for_selector("#peta-tiket.map-ready")
    problems += axe_problems(page, label="/lacak (with map)")
    assert not problems, report(problems)


def test_the_map_page_fits_a_cheap_phone(app, new_context, no_tiles):
    _file(citizen_client(app), "lorong", -7.15, 113.45)
    page = new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True, has_touch=True
    ).new_page()
    page.goto("/peta")
    page.wait_for_selector("#peta-laporan[data-loaded=true]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
