"""The e-Babhar URL map (under ``/layanan/babhar``, endpoints ``module_babhar.<name>``). The intake
form's routes (``index``, ``intake``) are the portal's, added before these."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from modules.babhar import access, admin_views, services, staff_views, views
from modules.babhar.clinical_text import localized
from suite import menu
from suite.admin import screens


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_app_template_global(localized, "clinical")
    blueprint.add_app_template_global(services.risk_reason_label, "risk_reason")
    # The mother and her family
    blueprint.add_url_rule("/kehamilan-saya", "my_pregnancies", views.my_pregnancies)
    blueprint.add_url_rule("/bahaya", "danger", views.danger_report, methods=["GET", "POST"])
    blueprint.add_url_rule("/bahaya/<code>", "danger_advice", views.danger_advice)
    blueprint.add_url_rule("/bahaya/keluarga", "family_danger", views.family_danger, methods=["GET", "POST"])
    blueprint.add_url_rule("/bahaya/keluarga/<code>", "family_danger_advice", views.family_danger_advice)
    blueprint.add_url_rule("/rencana-persalinan", "my_birth_plan", views.my_birth_plan, methods=["GET", "POST"])
    blueprint.add_url_rule("/rencana-persalinan/stiker", "my_sticker", views.my_sticker)
    # Health workers
    blueprint.add_url_rule("/petugas/daftar", "staff_register", views.staff_register, methods=["GET", "POST"])
    blueprint.add_url_rule("/petugas/kohort", "caseload", staff_views.caseload)
    blueprint.add_url_rule("/petugas/ringkasan", "summary", staff_views.summary)
    blueprint.add_url_rule("/petugas/ibu/<int(max=2147483647):pregnancy_id>", "record_page", staff_views.record_page)
    blueprint.add_url_rule(
        "/petugas/ibu/<int(max=2147483647):pregnancy_id>/identitas",
        "identity_check",
        staff_views.identity_check,
        methods=["POST"],
    )
    blueprint.add_url_rule(
        "/petugas/ibu/<int(max=2147483647):pregnancy_id>/riwayat", "history", staff_views.history, methods=["POST"]
    )
    blueprint.add_url_rule(
        "/petugas/ibu/<int(max=2147483647):pregnancy_id>/kunjungan/<int(max=2147483647):visit_id>",
        "visit",
        staff_views.visit,
        methods=["POST"],
    )
    blueprint.add_url_rule(
        "/petugas/ibu/<int(max=2147483647):pregnancy_id>/persalinan", "outcome", staff_views.outcome, methods=["POST"]
    )
    blueprint.add_url_rule(
        "/petugas/ibu/<int(max=2147483647):pregnancy_id>/rencana-persalinan",
        "staff_birth_plan",
        staff_views.staff_birth_plan,
        methods=["GET", "POST"],
    )
    blueprint.add_url_rule(
        "/petugas/ibu/<int(max=2147483647):pregnancy_id>/stiker", "staff_sticker", staff_views.staff_sticker
    )
    blueprint.add_url_rule("/petugas/kohort.<fmt>", "cohort_export", staff_views.cohort_export)
    # Admins
    blueprint.add_url_rule("/admin/kspr", "card_admin", staff_views.card_admin, methods=["GET", "POST"])
    blueprint.add_url_rule("/admin/klinis", "clinical_admin", admin_views.clinical_admin_page, methods=["GET", "POST"])


# Listed on the admin home page (/admin/) with the suite's own screens.
screens.register(
    "module_babhar.card_admin",
    _l("e-Babhar: kartu skor risiko (KSPR)"),
    _l("Faktor risiko kehamilan dan skornya, dengan sumbernya."),
    "rules",
)
screens.register(
    "module_babhar.clinical_admin",
    _l("e-Babhar: data klinis"),
    _l("Ambang tanda bahaya, batas trimester dan jadwal kunjungan antenatal, dengan sumbernya."),
    "rules",
)


# The main menu (issue 14, item 6), each entry with its route's check: the care team's pages for
# health staff, her pregnancies for a mother who registered one.
def _cares_for_mothers(user) -> bool:
    return menu.staff_roles()(user) and bool(access.scope_of(user))


def _oversees_units(user) -> bool:
    return menu.staff_roles("supervisor", "admin")(user) and bool(access.scope_of(user))


def _registers_for_mothers(user) -> bool:
    return menu.staff_roles()(user) and access.is_health_staff(user)


menu.register("module_babhar.caseload", _l("Kohort ibu hamil"), "staff", _cares_for_mothers, 35)
menu.register("module_babhar.summary", _l("Ringkasan per puskesmas"), "staff", _oversees_units, 36)
menu.register(
    "module_babhar.staff_register", _l("Daftarkan kehamilan untuk seorang ibu"), "staff", _registers_for_mothers, 37
)
menu.register("module_babhar.my_pregnancies", _l("Kehamilan saya"), "citizen", services.has_pregnancy, 20)
