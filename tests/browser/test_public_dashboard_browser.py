"""The public dashboard in real headless Chromium (issue 12, item 7): it reads and filters without
JavaScript, its charts and tables pass axe, and where scripts run the e-Lorong map draws the public
reports of the period (and not a confidential one). No tile server: MAP_TILE_URL is empty."""

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
def reports(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "MAP_TILE_URL", "")
    citizen = citizen_client(app)
    for i, extra in enumerate(({}, {}, {"confidential": "y"})):
        data = {**lorong_fields(), "latitude": str(-7.15 + i / 200), "longitude": str(113.45 + i / 200)}
        ticket_code_from(submit(citizen, "lorong", {**data, "not_duplicate": "y", **extra}))
    assert runner.invoke(args=["stats-refresh", "--full"]).exit_code == 0


def test_the_dashboard_works_without_javascript_and_passes_axe(new_context, reports):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    page.get_by_role("link", name="Statistik").first.click()
    page.wait_for_url("**/statistik")
    assert page.locator("dl.headline dd").first.inner_text() == "3"
    assert page.locator("svg.bar-chart[role=img]").count() == 7
    assert not page.locator("#peta-statistik").is_visible()  # no script: no empty map box
    page.get_by_role("link", name="Lihat laporan e-Lorong di peta dan dalam tabel").click()
    assert page.locator("table.list tbody tr").count() == 2  # the map's table view: public reports only
    page.goto("/statistik")
    page.get_by_label("Layanan", exact=True).select_option("madul")
    page.get_by_role("button", name="Tampilkan").click()
    assert "layanan=madul" in page.url and page.locator("dl.headline dd").first.inner_text() == "0"
    page.get_by_label("Dari bulan", exact=True).fill("2025-01")
    page.get_by_role("button", name="Tampilkan").click()
    assert "dari=2025-01" in page.url
    page.goto("/statistik?dari=bukan-bulan")  # a browser's month field refuses it; a typed URL need not
    assert page.get_by_role("alert").inner_text().startswith("Saringan statistik tidak dapat dipakai")
    page = new_context().new_page()  # axe runs as a script
    page.goto("/statistik?dari=bukan-bulan")
    problems = axe_problems(page)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        problems += axe_problems(page, "/statistik")
        problems += axe_problems(page, "/statistik/instansi")
    assert not problems, report(problems)


def test_the_e_lorong_map_draws_the_public_reports_of_the_period(new_context, reports):
    page = new_context().new_page()
    page.goto("/statistik")
    page.wait_for_selector("#peta-statistik[data-loaded=true]")
    assert page.get_attribute("#peta-statistik", "data-markers") == "2"  # not the confidential one
    page.locator("details.numbers").first.locator("summary").click()
    assert page.locator("details.numbers").first.locator("table").is_visible()
    problems = axe_problems(page)
    assert not problems, report(problems)
