"""The installable web app (issue 14, item 1): the manifest and service worker are served with
the right types and headers, the report pages load the offline-draft scripts only for the
citizen's own reports, and signing out tells the browser to drop what the site kept."""

from __future__ import annotations

import re

from tests.helpers import citizen_client, csrf_token, gen_citizen, staff_client


def test_the_manifest_names_the_app_and_its_icons(app, client):
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = response.get_json(force=True)
    assert manifest["name"] == "Layanan Warga" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.mimetype == "image/png"


def test_the_manifest_speaks_the_chosen_language(app, client):
    client.post("/bahasa", data={"csrf_token": csrf_token(client, "/"), "lang": "en", "next": "/"})
    manifest = client.get("/manifest.webmanifest").get_json(force=True)
    assert manifest["lang"] == "en"


def test_the_service_worker_is_served_from_the_root_as_javascript(app, client):
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'<script src="/static/sw-register\.js\?v=[0-9a-f]+" data-worker="/sw\.js" defer>', page)
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-store"  # a new worker is seen at the next check
    assert 'addEventListener("fetch"' in response.get_data(as_text=True)


def test_the_policy_allows_this_site_s_worker_and_manifest_only(app, client):
    policy = dict(part.split(None, 1) for part in client.get("/").headers["Content-Security-Policy"].split("; "))
    assert policy["worker-src"] == "'self'" and policy["manifest-src"] == "'self'"
    assert policy["script-src"] == "'self'"


def test_signing_out_clears_what_the_browser_kept(app):
    citizen = citizen_client(app)
    assert "Clear-Site-Data" not in citizen.get("/laporan-saya").headers
    response = citizen.post("/akun/keluar", data={"csrf_token": csrf_token(citizen, "/laporan-saya")})
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"storage"'


def test_a_kiosk_session_ends_with_the_browser_storage_cleared(app):
    kiosk = app.test_client()
    kiosk.get("/kios/")
    assert kiosk.get("/kios/selesai").headers["Clear-Site-Data"] == '"storage"'


def test_offline_drafts_load_only_on_the_citizen_s_own_report_form(app, client):
    citizen = citizen_client(app)
    own = citizen.get("/layanan/lorong/lapor").get_data(as_text=True)
    assert "offline-drafts.js" in own and "photo-resize.js" in own
    assert 'id="offline-drafts" role="status"' in own and '<progress id="upload-progress"' in own
    assert "offline-drafts.js" not in citizen.get("/laporan-saya").get_data(as_text=True)
    # The pregnancy registration (health data with the mother's NIK) keeps no draft on the phone.
    assert "offline-drafts.js" not in citizen.get("/layanan/babhar/lapor").get_data(as_text=True)
    kiosk = app.test_client()
    kiosk.get("/kios/")
    assert "offline-drafts.js" not in kiosk.get("/layanan/madul/lapor").get_data(as_text=True)
    _, nik, _ = gen_citizen(app)
    operator = staff_client(app, "command-center", call_centre=True)
    operator.post("/petugas/telepon", data={"csrf_token": csrf_token(operator, "/petugas/telepon"), "identifier": nik})
    call_centre = operator.get("/petugas/telepon/lapor/lorong").get_data(as_text=True)
    assert 'id="intake-form"' in call_centre and "offline-drafts.js" not in call_centre
