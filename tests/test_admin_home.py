"""/admin/ links every admin screen (issue 12), and only admins reach it."""

from __future__ import annotations

import re

from suite.admin import screens
from tests.helpers import staff_client


def test_admin_home_links_every_registered_screen(app):
    client = staff_client(app, None, role="admin")
    page = client.get("/admin/").get_data(as_text=True)
    with app.test_request_context():
        from flask import url_for

        expected = {url_for(s.endpoint) for s in screens.SCREENS if s.endpoint in app.view_functions}
    linked = set(re.findall(r'href="([^"]+)"', page))
    assert expected and expected <= linked
    assert "/admin/target" in linked and "/layanan/babhar/admin/kspr" in linked


def test_every_admin_get_page_without_arguments_is_on_the_home_page(app):
    # A new admin screen must be registered, or no admin can find it from the menu.
    listed = {s.endpoint for s in screens.SCREENS}
    unlisted = []
    for rule in app.url_map.iter_rules():
        admin_path = rule.rule.startswith("/admin/") or "/admin/" in rule.rule
        if admin_path and "GET" in rule.methods and not rule.arguments and rule.endpoint != "admin.home":
            if rule.endpoint not in listed:
                unlisted.append(rule.endpoint)
    assert not unlisted, f"admin pages not on /admin/: {unlisted}"


def test_the_menu_leads_admins_to_the_home_page(app):
    page = staff_client(app, None, role="admin").get("/petugas/").get_data(as_text=True)
    assert 'href="/admin/"' in page


def test_officer_and_supervisor_are_refused(app):
    for role in ("officer", "supervisor"):
        response = staff_client(app, "pupr", role=role).get("/admin/")
        assert response.status_code in (302, 403, 404)
