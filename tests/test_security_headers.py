"""Security headers on every response (issue 9, item 6): a strict Content-Security-Policy with no
inline script, no framing, a referrer policy, nosniff, HSTS only over TLS, a permissions policy,
and ``Cache-Control: no-store`` on everything but static files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from suite import create_app
from tests.helpers import citizen_client, lorong_fields, staff_client, submit, ticket_code_from

ROOT = Path(__file__).resolve().parent.parent


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def assert_secure_headers(response) -> None:
    csp = directives(response)
    assert csp["script-src"] == ["'self'"], csp
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp.get("style-src", [])
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    # The installable web app (issue 14): this site's service worker and manifest, nothing else.
    assert csp["worker-src"] == ["'self'"] and csp["manifest-src"] == ["'self'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] in ("strict-origin-when-cross-origin", "same-origin", "no-referrer")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    permissions = response.headers["Permissions-Policy"]
    assert "geolocation=(self)" in permissions and "camera=(self)" in permissions
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP here


@pytest.fixture
def road_ticket(app):
    client = citizen_client(app)
    code = ticket_code_from(submit(client, "lorong", lorong_fields()))
    return client, code


def test_every_kind_of_response_carries_the_headers(app, client, road_ticket):
    citizen, code = road_ticket
    officer = staff_client(app, "pupr")
    responses = {
        "public page": client.get("/"),
        "sign-in form": client.get("/akun/masuk"),
        "not found": client.get("/tidak-ada"),
        "citizen's tickets": citizen.get("/laporan-saya"),
        "citizen's ticket": citizen.get(f"/laporan-saya/{code}"),
        "staff queue": officer.get("/petugas/"),
        "staff ticket": officer.get(f"/petugas/tiket/{code}"),
        "API": client.get("/api/v1/modules"),
        "API error": client.post("/api/v1/tickets", json={}),
        "Open311": client.get("/open311/v2/services.json"),
        "Open311 error": client.get("/open311/v2/requests/XXX-0000-0000.xml"),
        "webhook": client.post("/webhook/sms", data=b"{}"),
    }
    for name, response in responses.items():
        assert response.status_code != 500, name  # the webhook answers 503: its channel is off here
        try:
            assert_secure_headers(response)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from error


def test_pages_with_personal_data_are_never_stored_and_static_files_are_cached_long(app, client, road_ticket):
    citizen, code = road_ticket
    officer = staff_client(app, "pupr")
    for response in (
        citizen.get("/laporan-saya"),
        officer.get(f"/petugas/tiket/{code}"),
        citizen.get(f"/laporan-saya/{code}"),
        client.get("/"),
        client.get("/api/v1/modules"),
        client.get("/open311/v2/services.json"),
    ):
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
    page = client.get("/").get_data(as_text=True)
    stylesheet = re.search(r'href="(/static/suite\.css\?v=[0-9a-f]+)"', page)
    assert stylesheet, "static URLs carry a content hash, so long caching never serves an old file"
    static = client.get(stylesheet.group(1))
    assert static.status_code == 200
    assert "no-store" not in static.headers["Cache-Control"]
    assert static.cache_control.max_age >= 86400 * 30 and static.cache_control.public


def test_hsts_only_over_tls_and_plain_http_is_not_redirected_in_development(app, client):
    plain = client.get("/")
    assert plain.status_code == 200 and "Strict-Transport-Security" not in plain.headers
    over_tls = client.get("/", base_url="https://localhost")
    assert "max-age=" in over_tls.headers["Strict-Transport-Security"]


def test_production_redirects_plain_http_to_https(app):
    forced = create_app(
        {name: app.config[name] for name in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "NIK_KEY", "UPLOAD_FOLDER")}
        | {"FORCE_HTTPS": True}
    )
    response = forced.test_client().get("/lacak")
    assert response.status_code in (301, 302)
    assert response.headers["Location"].startswith("https://")


SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def inline_code(html: str) -> list[str]:
    found = [
        f"<script{attrs}>{body[:60]}" for attrs, body in SCRIPT.findall(html) if body.strip() or "src=" not in attrs
    ]
    found += INLINE_HANDLER.findall(html) + INLINE_STYLE.findall(html)
    return found


def test_rendered_pages_have_no_inline_script_or_style(app, client, road_ticket):
    citizen, code = road_ticket
    officer = staff_client(app, "pupr")
    kiosk = app.test_client()
    kiosk.get("/kios/")
    pages = {
        "/": client,
        "/akun/masuk": client,
        "/akun/daftar": client,
        "/lacak": client,
        f"/lacak/{code}": client,
        "/layanan/lorong/": client,
        "/statistik/instansi": client,
        "/open311/discovery.json": client,
        "/layanan/lorong/lapor": citizen,
        "/laporan-saya": citizen,
        f"/laporan-saya/{code}": citizen,
        "/akun/pengaturan": citizen,
        "/petugas/": officer,
        f"/petugas/tiket/{code}": officer,
        "/petugas/profil": officer,
        "/kios/": kiosk,
        "/layanan/madul/lapor": kiosk,
    }
    problems = {}
    for path, who in pages.items():
        response = who.get(path)
        assert response.status_code in (200, 302), (path, response.status_code)
        if response.mimetype == "text/html":
            found = inline_code(response.get_data(as_text=True))
            if found:
                problems[path] = found
    assert not problems, problems


def test_the_kiosk_idle_sign_out_runs_from_a_file(app):
    kiosk = app.test_client()
    page = kiosk.get("/kios/").get_data(as_text=True)
    assert re.search(r'<script src="/static/kiosk\.js\?v=[0-9a-f]+" defer></script>', page)
    assert 'data-finish-url="/kios/selesai"' in page and re.search(r'data-idle-seconds="\d+"', page)
    assert '<meta http-equiv="refresh"' in page  # without JavaScript, the plain refresh
    assert kiosk.get("/static/kiosk.js").status_code == 200


def test_no_template_holds_inline_script_handlers_or_styles():
    """Pages a test does not render are covered here: every template file, core and modules."""
    templates = list((ROOT / "suite" / "templates").rglob("*.html")) + list((ROOT / "modules").rglob("*.html"))
    assert templates
    problems = {
        str(path.relative_to(ROOT)): found for path in templates for found in [inline_code(path.read_text())] if found
    }
    assert not problems, problems
