"""The installable web app (issue 14, item 1): the manifest and service worker are served with
the right types and headers, the report pages load the offline-draft scripts only for the
citizen's own reports, and signing out tells the browser to drop what the site kept."""

from __future__ import annotations

import re

from suite.ticketing.models import Ticket
from tests.helpers import citizen_client, count, csrf_token, gen_citizen, login_citizen, staff_client


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
    # The page it leads to says it again (some browsers act on it only in a 2xx answer), once.
    landed = citizen.get(response.headers["Location"])
    assert landed.status_code == 200 and landed.headers["Clear-Site-Data"] == '"storage"'
    assert "Clear-Site-Data" not in citizen.get("/").headers


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


def test_a_form_written_under_another_account_is_refused_and_not_shown_back(app):
    """The form carries who was signed in when it was shown (an offline draft keeps it): sent under
    another account, it is neither filed in that one's name nor echoed into its page."""
    first_id, first_nik, _ = gen_citizen(app)
    second_id, second_nik, _ = gen_citizen(app)
    first = app.test_client()
    login_citizen(first, first_nik)
    page = first.get("/layanan/madul/lapor").get_data(as_text=True)
    author = re.search(r'name="author" type="hidden" value="([^"]*)"', page).group(1)
    assert author == str(first_id)

    second = app.test_client()
    login_citizen(second, second_nik)
    fields = {
        "csrf_token": csrf_token(second, "/layanan/madul/lapor"),
        "idempotency_key": "k-shared-phone",
        "author": author,
        "category": "waste",
        "description": "Sampah rahasia milik orang lain di gang belakang pasar.",
        "desa_code": "35.28.01.2001",
    }
    refused = second.post("/layanan/madul/lapor", data=fields)
    assert refused.status_code == 303 and refused.headers["Location"].endswith("/layanan/madul/lapor")
    shown = second.get(refused.headers["Location"]).get_data(as_text=True)
    assert "akun lain" in shown and "Sampah rahasia" not in shown
    assert count(app, Ticket, Ticket.citizen_id.in_([first_id, second_id])) == 0

    fields["author"] = str(second_id)  # B's own form goes through
    assert second.post("/layanan/madul/lapor", data=fields).status_code == 302
    assert count(app, Ticket, Ticket.citizen_id == second_id) == 1
