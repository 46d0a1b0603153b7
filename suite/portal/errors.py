from flask import Flask, abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from suite.api.errors import json_error
from suite.channels.open311.formats import error_response

OPEN311_PREFIX = "/open311/"


def register_error_handlers(app: Flask) -> None:
    def page(status: int, title: str, message: str):
        if request.path.startswith(OPEN311_PREFIX):  # GeoReport v2 clients read only the standard's error list
            return error_response(request.path, status)
        if request.path.startswith("/api/"):
            return jsonify(code=status, status=title, message=message), status
        return render_template("error.html", status=status, title=title, message=message), status

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
    def too_many(_error):
        return page(
            429,
            _("Terlalu banyak percobaan"),
            _("Terlalu banyak percobaan dalam waktu singkat. Tunggu satu menit, lalu coba lagi.")
            + " "
            + _("Bila ini keadaan darurat, jangan menunggu: telepon 119 atau 112 sekarang."),
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
