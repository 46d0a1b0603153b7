"""The command centre in headless Chromium (issue 12, item 8): the desa markers drawn, and a new
ticket appearing in the last hour's list without a reload; axe on the page."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import CHROMIUM

if not os.path.exists(CHROMIUM):
    pytest.skip(
        f"browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium", allow_module_level=True
    )

from tests.browser.test_pages import axe_problems, report, sign_in_staff  # noqa: E402
from tests.helpers import citizen_client, gen_staff, lorong_fields, submit, ticket_code_from  # noqa: E402


def test_the_lists_refresh_in_place_and_the_map_shows_desa(app, new_context, monkeypatch):
    monkeypatch.setitem(app.config, "MAP_TILE_URL", "")
    monkeypatch.setitem(app.config, "COMMAND_CENTRE_REFRESH_SECONDS", 1)
    monkeypatch.setitem(app.config, "COMMAND_CENTRE_MAP_CACHE_SECONDS", 0)
    citizen = citizen_client(app)
    first = ticket_code_from(
        submit(citizen, "lorong", lorong_fields(latitude="-7.15", longitude="113.45", not_duplicate="y"))
    )
    _, email = gen_staff(app, None, "supervisor")
    page = new_context().new_page()
    sign_in_staff(page, email)
    page.goto("/petugas/pusat-kendali")
    page.wait_for_selector("#cc-map[data-markers='1']")
    assert first in page.locator("#cc-new-rows").inner_text()
    page.evaluate("window.stillTheSamePage = true")

    second = ticket_code_from(
        submit(citizen, "lorong", lorong_fields(description="Saluran tersumbat di pasar.", not_duplicate="y"))
    )
    page.locator("#cc-new-rows").get_by_text(second).wait_for()
    assert page.evaluate("window.stillTheSamePage") is True  # replaced in place, not reloaded
    assert page.locator("#cc-new-count").inner_text() == "2"
    problems = axe_problems(page, label="/petugas/pusat-kendali")
    problems += axe_problems(page, "/petugas/statistik")
    assert not problems, report(problems)
