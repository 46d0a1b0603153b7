from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError


def register_error_handlers(app: Flask) -> None:
    def page(status: int, title: str, message: str):
        if request.path.startswith("/api/"):
            return jsonify(code=status, status=title, message=message), status
        return render_template("error.html", status=status, title=title, message=message), status

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return page(400, _("Formulir kedaluwarsa"),
                    _("Formulir tidak dapat diterima karena token keamanannya hilang atau kedaluwarsa. "
                      "Kembali ke halaman sebelumnya, muat ulang, lalu kirim lagi."))

    @app.errorhandler(403)
    def forbidden(_error):
        return page(403, _("Akses ditolak"), _("Anda tidak berwenang membuka halaman ini."))

    @app.errorhandler(404)
    def not_found(_error):
        return page(404, _("Tidak ditemukan"), _("Halaman atau tiket yang Anda cari tidak ada."))

    @app.errorhandler(413)
    def too_large(_error):
        return page(413, _("Berkas terlalu besar"),
                    _("Kiriman melebihi batas ukuran. Kecilkan foto atau kirim lebih sedikit berkas."))

    @app.errorhandler(429)
    def too_many(_error):
        return page(429, _("Terlalu banyak percobaan"),
                    _("Terlalu banyak percobaan dalam waktu singkat. Tunggu satu menit, lalu coba lagi.") + " " +
                    _("Bila ini keadaan darurat, jangan menunggu: telepon 119 atau 112 sekarang."))

    @app.errorhandler(500)
    def server_error(_error):
        return page(500, _("Terjadi gangguan"),
                    _("Maaf, terjadi gangguan di server. Tidak ada data yang tersimpan setengah jalan; "
                      "silakan coba lagi."))
