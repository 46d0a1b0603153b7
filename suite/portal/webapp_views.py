"""The installable web app (issue 14, item 1): the manifest and the service worker.

The worker is served from the site's root (``/sw.js``) because a worker controls only the pages
under its own path, and the reporting pages live under ``/layanan/``. It caches static files only
(suite/static/sw.js says why); drafts written with no signal are kept and sent by the report page
itself (suite/static/offline-drafts.js), not by the worker."""

from __future__ import annotations

from flask import current_app, json, send_from_directory, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from suite.portal.views import blueprint

THEME_COLOUR = "#1d4ed8"  # the blue of suite.css's header and of the icons


@blueprint.route("/manifest.webmanifest")
def manifest():
    icons = [
        {
            "src": url_for("static", filename=f"icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any maskable",  # full-bleed background, the drawing inside the safe zone
        }
        for size in (192, 512)
    ]
    body = {
        "name": _("Layanan Warga"),
        "short_name": _("Layanan Warga"),
        "description": _(
            "Lapor dan lacak keluhan serta permintaan layanan %(regency)s.", regency=current_app.config["REGENCY_NAME"]
        ),
        "lang": str(get_locale() or "id"),
        "start_url": url_for("portal.home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": icons,
    }
    return current_app.response_class(json.dumps(body), mimetype="application/manifest+json")


@blueprint.route("/sw.js")
def service_worker():
    response = send_from_directory(current_app.static_folder or "", "sw.js", mimetype="text/javascript")
    # Browsers fetch a worker's script past the HTTP cache when they check it for an update, so
    # no-store (the default for every non-static response) costs nothing; a new sw.js is taken up
    # at the next check. Served at the root, its scope may be the whole site.
    response.headers["Service-Worker-Allowed"] = "/"
    return response
