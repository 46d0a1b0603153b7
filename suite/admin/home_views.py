"""``/admin/``: one page linking every admin screen (issue 12), grouped, each with a line on what it
is for. Screens register themselves in ``suite.admin.screens``."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l

from suite.admin import screens
from suite.admin.views import blueprint
from suite.identity.auth import staff_required

GROUP_TITLES = {
    "services": _l("Layanan"),
    "people": _l("Instansi dan petugas"),
    "rules": _l("Aturan dan target"),
    "connections": _l("Sambungan dan akses"),
}


@blueprint.route("/")
@staff_required("admin")
def home():
    return render_template(
        "admin/home.html", groups=screens.by_group(current_app.view_functions), group_titles=GROUP_TITLES
    )


screens.register(
    "admin.targets",
    _l("Target waktu layanan"),
    _l("Tanggapan pertama, penghargaan, sanksi dan penyelesaian per layanan dan kategori."),
    "rules",
)
screens.register(
    "admin.sensitive_categories",
    _l("Kategori rahasia"),
    _l("Kategori yang laporannya tidak pernah diterbitkan."),
    "rules",
)
screens.register(
    "admin.routing_keywords",
    _l("Kata kunci rute"),
    _l("Kata yang mengarahkan laporan ke kategori dan instansinya."),
    "rules",
)
screens.register(
    "admin.working_areas",
    _l("Wilayah kerja"),
    _l("Desa yang dilayani setiap puskesmas dan bidan desanya."),
    "people",
)
screens.register(
    "admin.api_keys",
    _l("Kunci API"),
    _l("Kunci untuk aplikasi mitra yang memakai API dan Open311."),
    "connections",
)
screens.register(
    "admin.connectors",
    _l("Penghubung"),
    _l("Penerusan laporan ke sistem lain (SP4N-LAPOR!) dan jawabannya."),
    "connections",
)
