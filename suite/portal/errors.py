"""The error pages (issue 14, item 6): each translated, each with a way back (the home page, or the
staff queue for staff, and the page the person came from when it was one of ours), and the 429 and
503 pages say when to try again. Under /api/ and /open311/ the same errors are JSON or the
standard's error list."""

from __future__ import annotations

import math
import time
from urllib.parse import urlsplit

from flask import Flask, abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from suite.api.errors import json_error
from suite.channels.open311.formats import error_response
from suite.extensions import limiter
from suite.i18n import format_minutes
from suite.identity.redirects import safe_redirect_target

OPEN311_PREFIX = "/open311/"
DEFAULT_RETRY_SECONDS = 60  # a limit that names no window: the page's old "wait a minute"


def back_url() -> str | None:
    """The page of ours the browser came from (its Referer), when it is another page than this one:
    a way back that keeps the person where they were. None for another site or no Referer."""
    referrer = request.referrer or ""
    try:
        parts = urlsplit(referrer)
    except ValueError:  # "http://[oops/": a Referer anyone can send must not turn the error page into a 500
        return None
    if not parts.path or (parts.netloc and parts.netloc != request.host):
        return None
    target = safe_redirect_target(parts.path + (f"?{parts.query}" if parts.query else ""))
    if target is None or target in (request.path, request.full_path, request.full_path.rstrip("?")):
        return None
    return target


def wait_words(seconds: int) -> str:
    """ "30 detik" / "3 menit": how long to wait, rounded up to minutes past two minutes."""
    if seconds < 120:
        return _("%(s)s detik", s=seconds)
    return format_minutes(math.ceil(seconds / 60))


def rate_limit_retry_after(error: HTTPException) -> int:
    """Seconds until the breached limit lets this client in again (what Flask-Limiter will put in
    Retry-After), or the Retry-After the refusal already carries, else a minute."""
    current = limiter.current_limit if limiter.enabled else None
    if current is not None and current.breached:
        return max(1, int(current.reset_at - time.time()))
    given = retry_after_given(error)
    return given if given is not None else DEFAULT_RETRY_SECONDS


def retry_after_given(error: HTTPException) -> int | None:
    """The whole seconds of the Retry-After the refusal already carries, if any."""
    given = dict(error.get_headers()).get("Retry-After", "")
    return int(given) if str(given).isdigit() else None


def register_error_handlers(app: Flask) -> None:
    def page(status: int, title: str, message: str, retry_after: int | None = None):
        if request.path.startswith(OPEN311_PREFIX):  # GeoReport v2 clients read only the standard's error list
            return error_response(request.path, status)
        if request.path.startswith("/api/"):
            return jsonify(code=status, status=title, message=message), status
        headers = {"Retry-After": str(retry_after)} if retry_after else {}
        body = render_template(
            "error.html", status=status, title=title, message=message, retry_after=retry_after, back=back_url()
        )
        return body, status, headers

    @app.before_request
    def refuse_nul_in_query():
        # PostgreSQL refuses text holding NUL: a "%00" in any query parameter would reach a query
        # and fail there as a 500. Nobody types NUL; refuse it for every route at once.
        if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
            abort(400)

    # Errors no page of ours writes (a wrong method, a malformed request, a view's abort(400)):
    # under /open311 in the standard's shape, a 400 as the error page, others werkzeug's answer.
    @app.errorhandler(400)
    @app.errorhandler(401)
    @app.errorhandler(405)
    def other_client_error(error: HTTPException):
        if request.path.startswith(OPEN311_PREFIX):
            return error_response(request.path, error.code or 400)
        if request.path.startswith("/api/"):
            # The JSON API's own error body (its OpenAPI document's Error schema), with the
            # message the view gave, never werkzeug's HTML page.
            return json_error(error)
        if error.code == 400:
            # A view's own abort(400, description=...) explains itself; werkzeug's default is English.
            own = error.description != type(error).description
            return page(
                400,
                _("Permintaan tidak dapat diproses"),
                error.description if own and error.description else _("Isian atau alamat halaman tidak dapat dibaca."),
            )
        return error

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return page(
            400,
            _("Formulir kedaluwarsa"),
            _(
                "Formulir tidak dapat diterima karena token keamanannya hilang atau kedaluwarsa. "
                "Kembali ke halaman sebelumnya, muat ulang, lalu kirim lagi."
            ),
        )

    @app.errorhandler(403)
    def forbidden(_error):
        return page(403, _("Akses ditolak"), _("Anda tidak berwenang membuka halaman ini."))

    @app.errorhandler(404)
    def not_found(_error):
        return page(404, _("Tidak ditemukan"), _("Halaman atau tiket yang Anda cari tidak ada."))

    @app.errorhandler(413)
    def too_large(_error):
        return page(
            413,
            _("Berkas terlalu besar"),
            _("Kiriman melebihi batas ukuran. Kecilkan foto atau kirim lebih sedikit berkas."),
        )

    @app.errorhandler(429)
    def too_many(error: HTTPException):
        seconds = rate_limit_retry_after(error)
        return page(
            429,
            _("Terlalu banyak percobaan"),
            _("Terlalu banyak percobaan dalam waktu singkat. Coba lagi setelah %(wait)s.", wait=wait_words(seconds))
            + " "
            + _("Bila ini keadaan darurat, jangan menunggu: telepon 119 atau 112 sekarang."),
            retry_after=seconds,
        )

    @app.errorhandler(503)
    def unavailable(error: HTTPException):
        # An abort(503) of a view (the database's own outage has its page: suite/templates/unavailable.html).
        # Flask asks this handler before a blueprint's general one: the API and Open311 keep their shape.
        if request.path.startswith(OPEN311_PREFIX):
            return error_response(request.path, 503)
        if request.path.startswith("/api/"):
            return json_error(error)
        return page(
            503,
            _("Layanan sedang tidak tersedia"),
            _("Layanan ini sedang tidak dapat melayani. Tidak ada yang tersimpan setengah jalan; coba lagi nanti."),
            retry_after=retry_after_given(error),
        )

    @app.errorhandler(500)
    def server_error(_error):
        from suite.operations.outage import is_outage
        from suite.operations.outage_responses import outage_response

        cause = getattr(_error, "original_exception", None)
        if cause is not None and is_outage(cause):  # raised where no handler looks: an after-request hook
            return outage_response(cause)
        return page(
            500,
            _("Terjadi gangguan"),
            _("Maaf, terjadi gangguan di server. Tidak ada data yang tersimpan setengah jalan; silakan coba lagi."),
        )
