"""Issue 14, item 6: every role's menu reaches every page the role may use, and no menu link refuses it.

"The menu" is the header (the brand link to the home page and the main navigation in base.html,
filled from ``suite.menu``). A page counts as reachable when the header links it or a page the header
links does, up to two clicks further (the home page lists the services, a service's page its forms;
the profile links the password and second-factor pages; the admin home page every admin screen).
Which pages a role may use comes from tests/test_route_access.py's RULES, read for the roles of
tests/access_world.py: every argument-free GET route the rule allows the role, less those below.
Two roles the access world lacks are checked for their own pages: a call-centre officer and a
supervisor of Dinas Kesehatan (the e-Babhar summary).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from tests.access_world import build_world
from tests.helpers import staff_client
from tests.test_route_access import PUBLIC, RULES, verdict

# Argument-free GET routes a role may open that are no page to link from a menu, and why.
NOT_PAGES = {
    "module_lorong.nearby": "JSON the report form's map script asks for",
    "staff.call_caller": "the caller's page during a call: reached from the lookup once a caller is chosen",
    "privacy.my_data_json": "the download of the same data as privacy.my_data, linked from it",
    "staff.command_centre_json": "JSON the command centre's script refreshes its lists from",
    "module_babhar.my_sticker": "the birth-plan sticker: her pregnancies page links it once she has made a plan",
}
MAX_CLICKS = 2  # beyond the header
HEADER = re.compile(r'<header class="top">(.*?)</header>', re.S)
NAV = re.compile(r'<nav aria-label="[^"]*">(.*?)</nav>', re.S)
HREF = re.compile(r'<a [^>]*href="([^"#]+)"')
WORLD_ROLES = ("citizen", "own_citizen", "officer_owner", "health_owner", "supervisor", "command", "admin")


def endpoint_of(app, path: str) -> tuple[str, dict] | None:
    adapter = app.url_map.bind("localhost")
    try:
        return adapter.match(path, method="GET")
    except RequestRedirect:
        return None
    except HTTPException:
        return None


def argless(app, endpoint: str) -> bool:
    return any(
        not (rule.arguments - set(rule.defaults or {})) and "GET" in rule.methods
        for rule in app.url_map.iter_rules(endpoint)
    )


def may_use(app, role: str) -> set[str]:
    pages = set()
    for endpoint, allowed in RULES.items():
        if allowed == PUBLIC or role not in allowed or endpoint in NOT_PAGES:
            continue
        if argless(app, endpoint):
            pages.add(endpoint)
    return pages


def local_links(html: str) -> list[str]:
    links = []
    for href in HREF.findall(html):
        parts = urlsplit(href.replace("&amp;", "&"))
        if parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/static/"):
            continue
        links.append(parts.path)
    return links


def menu_links(client) -> list[str]:
    page = client.get("/").get_data(as_text=True)
    return local_links(NAV.search(page).group(1))


def reachable(app, client) -> tuple[set[str], list[str]]:
    """Endpoints reachable from the header within MAX_CLICKS, and any link on the way that refused."""
    header = HEADER.search(client.get("/").get_data(as_text=True)).group(1)
    frontier, seen_paths, endpoints, refused = local_links(header), set(), set(), []
    for _ in range(MAX_CLICKS + 1):
        following = []
        for path in frontier:
            if path in seen_paths:
                continue
            seen_paths.add(path)
            matched = endpoint_of(app, path)
            if matched is None or matched[1]:  # another site's page, or a page of one ticket
                continue
            endpoint = matched[0]
            if endpoint in ("accounts.logout", "kiosk.start", "kiosk.finish"):
                continue  # ends the session the walk needs
            response = client.get(path)
            if verdict(response) != "allow":
                # A public page's citizen action (a service's report form) sends staff to their
                # queue: not reached, but no refusal. A 403, 404 or a sign-in page is one.
                if urlsplit(response.headers.get("Location", "")).path != "/petugas/":
                    refused.append(f"{path} ({endpoint}): {response.status_code}")
                continue
            endpoints.add(endpoint)
            if response.mimetype == "text/html":
                following += local_links(response.get_data(as_text=True))
        frontier = following
    return endpoints, refused


# What a role's menu itself must hold, besides reaching every page (the issue named these as missing).
IN_MENU = {
    "own_citizen": {"/laporan-saya", "/layanan/babhar/kehamilan-saya"},
    "health_owner": {"/layanan/babhar/petugas/kohort", "/layanan/babhar/petugas/daftar", "/petugas/identitas"},
    "admin": {"/admin/", "/petugas/telepon", "/petugas/pusat-kendali"},
}
NOT_IN_MENU = {
    "citizen": {"/layanan/babhar/kehamilan-saya"},  # no pregnancy of his
    "officer_owner": {"/layanan/babhar/petugas/kohort", "/layanan/babhar/petugas/daftar", "/admin/"},
    "supervisor": {"/petugas/pusat-kendali", "/layanan/babhar/petugas/kohort"},
}


@pytest.mark.parametrize("role", WORLD_ROLES)
def test_every_page_a_role_may_use_is_reachable_from_its_menu_and_no_link_refuses_it(app, role):
    client = build_world(app).clients[role]
    found, refused = reachable(app, client)
    missing = sorted(may_use(app, role) - found)
    assert not missing, f"{role} may use these pages but no menu leads there: {missing}"
    assert not refused, f"{role} is refused pages its menu leads to: {refused}"
    links = menu_links(client)
    for path in links:
        response = client.get(path)
        assert verdict(response) == "allow", f"{role}: menu link {path} answers {response.status_code}"
    assert IN_MENU.get(role, set()) <= set(links), links
    assert not NOT_IN_MENU.get(role, set()) & set(links), links


def test_the_admin_home_page_the_menu_links_lists_the_api_keys(app):
    admin = staff_client(app, None, "admin")
    assert "/admin/" in menu_links(admin)
    assert "/admin/kunci-api" in local_links(admin.get("/admin/").get_data(as_text=True))


def test_a_call_centre_officer_finds_the_call_centre_and_a_dinkes_supervisor_the_summary(app):
    operator = staff_client(app, "pupr", call_centre=True)
    found, refused = reachable(app, operator)
    assert "staff.call_lookup" in found and not refused
    assert "/petugas/telepon" in menu_links(operator)
    dinkes = staff_client(app, "dinkes", "supervisor")
    found, refused = reachable(app, dinkes)
    assert {"module_babhar.summary", "module_babhar.caseload", "module_babhar.staff_register"} <= found, found
    assert not refused
