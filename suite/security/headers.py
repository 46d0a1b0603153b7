"""Security headers on every response (Flask-Talisman) and who may cache what.

- Content-Security-Policy: scripts and styles only from this site's files, never inline, so an
  injected ``<script>`` or ``onclick=`` does not run; nothing may frame the site.
- HSTS only on requests that came over TLS (Talisman's rule); ``FORCE_HTTPS`` redirects plain
  HTTP (production), and stays off for development and tests, which run on plain HTTP.
- Clear-Site-Data on the response that signs someone out (``CLEAR_ON_SIGN_OUT``).
- Cache-Control: ``no-store`` is the default for every response that is not a static file, so
  no page with personal or health data (a citizen's tickets, a staff ticket, an attachment, an
  API answer) is kept by a browser or a shared proxy; nothing needs listing. Static files are
  cached long, because their URLs carry a hash of their content.
"""

from __future__ import annotations

import hashlib
import os
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request, session
from flask_talisman import Talisman

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    # data: and blob: for a photo's preview before upload; the tile server's origin is added from
    # MAP_TILE_URL (content_security_policy below).
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": "'self'",
    "connect-src": "'self'",
    # The installable web app (issue 14): its service worker (/sw.js) and manifest, this site only.
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# A response that signs someone out (suite.identity.sessions.sign_out: the sign-out button, the
# kiosk's end, an erased account) tells the browser to drop this site's storage: report drafts kept
# with no signal in IndexedDB (e-Sehat's among them: health data), the service worker's static
# cache and its registration. Not "cache" (the HTTP cache): pages are never stored there (no-store),
# only static files, and fetching those again costs a phone on a weak signal. Browsers honour the
# header over HTTPS and on localhost; offline-drafts.js also deletes drafts of another account.
CLEAR_ON_SIGN_OUT = '"storage"'
CLEAR_SITE_DATA_KEY = "clear_site_data"  # in the session after a sign-out, until a page has said it

# The map asks for the device's position and the intake may open the camera: this site only.
PERMISSIONS_POLICY = {
    "geolocation": "(self)",
    "camera": "(self)",
    "microphone": "()",
    "payment": "()",
    "usb": "()",
}


def init_security_headers(app: Flask) -> Talisman:
    if app.config.get("FORCE_HTTPS") is None:
        app.config["FORCE_HTTPS"] = app.config.get("ENV_NAME") == "production"
    talisman = Talisman()
    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=True,
        strict_transport_security_max_age=app.config["HSTS_MAX_AGE"],
        content_security_policy=content_security_policy(app.config.get("MAP_TILE_URL", "")),
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy=PERMISSIONS_POLICY,
        # Talisman would otherwise force Secure cookies, which plain-HTTP development cannot send back.
        session_cookie_secure=bool(app.config["SESSION_COOKIE_SECURE"] or app.config["FORCE_HTTPS"]),
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
        x_content_type_options=True,
    )
    app.extensions["talisman"] = talisman
    app.url_defaults(_version_static_urls)
    app.after_request(_cache_control)
    return talisman


def content_security_policy(tile_url: str) -> dict:
    """The policy, with the map tile server's origin (scheme and host, no path) allowed as images."""
    policy = dict(CONTENT_SECURITY_POLICY)
    origin = tile_origin(tile_url)
    if origin:
        policy["img-src"] = [*CONTENT_SECURITY_POLICY["img-src"], origin]
    return policy


def tile_origin(tile_url: str) -> str:
    """``https://tile.openstreetmap.org`` from a Leaflet template; "" for none or a relative URL.
    A ``{s}`` subdomain placeholder becomes a ``*.`` wildcard, which CSP allows for hosts."""
    parts = urlsplit(tile_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def _is_static(endpoint: str | None) -> bool:
    return endpoint is not None and (endpoint == "static" or endpoint.endswith(".static"))


def _cache_control(response):
    if _is_static(request.endpoint) and response.status_code in (200, 304):
        response.cache_control.public = True
        if request.args.get("v"):
            response.cache_control.no_cache = None
            response.cache_control.max_age = _static_max_age()
            response.cache_control.immutable = True
        else:
            # A URL without the content hash (typed, or kept from an old page) names whatever the
            # file is now: the browser asks again each time, and the ETag makes that a 304.
            response.cache_control.no_cache = True
            response.cache_control.max_age = None
    else:
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    if g.get("suite_signed_out"):
        response.headers["Clear-Site-Data"] = CLEAR_ON_SIGN_OUT
    elif response.status_code == 200 and not _is_static(request.endpoint) and session.pop(CLEAR_SITE_DATA_KEY, None):
        # The page a sign-out's redirect lands on says it again (Firefox ignores it on a 3xx).
        response.headers["Clear-Site-Data"] = CLEAR_ON_SIGN_OUT
    return response


def _static_max_age() -> int:
    return current_app.config["STATIC_MAX_AGE"]


_hashes: dict[tuple[str, float], str] = {}


def _version_static_urls(endpoint: str, values: dict) -> None:
    """``url_for('static', filename=...)`` gains ``?v=<content hash>``: a changed file is a new URL,
    so long caching never serves a stale script or stylesheet."""
    if endpoint != "static" or "filename" not in values or "v" in values:
        return
    path = os.path.join(current_app.static_folder or "", values["filename"])
    try:
        stamp = os.stat(path).st_mtime
    except OSError:
        return
    key = (path, stamp)
    if key not in _hashes:
        with open(path, "rb") as handle:
            _hashes[key] = hashlib.sha256(handle.read()).hexdigest()[:12]
    values["v"] = _hashes[key]
