"""The staff pages of the main menu (``suite.menu``), each with the check its route applies."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite import menu
from suite.errors import DomainError
from suite.identity.verification import may_use_identity_desk
from suite.menu import staff_roles
from suite.staff.command_centre import require_regency_wide

SUPERVISING = staff_roles("supervisor", "admin")


def watches_the_regency(user) -> bool:
    """The command centre's check (``command_centre.require_regency_wide``)."""
    try:
        require_regency_wide(user)
    except DomainError:
        return False
    return staff_roles()(user)


def keeps_agency_templates(user) -> bool:
    """Reply templates are an agency's own: a regency-wide supervisor is sent back to the queue."""
    return SUPERVISING(user) and user.agency is not None


menu.register("staff.queue", _l("Antrean"), "staff", staff_roles(), 10)
menu.register("staff.statistics_page", _l("Statistik instansi"), "staff", staff_roles(), 20)
menu.register("staff.command_centre_page", _l("Pusat kendali"), "staff", watches_the_regency, 22)
menu.register("staff.call_lookup", _l("Telepon masuk"), "staff", lambda user: user.may_use_call_centre, 30)
menu.register("staff.identity_desk", _l("Verifikasi identitas"), "staff", may_use_identity_desk, 40)
menu.register("staff.performance", _l("Kinerja"), "staff", SUPERVISING, 60)
menu.register("staff.templates", _l("Templat tanggapan"), "staff", keeps_agency_templates, 62)
menu.register("staff.budget_report_page", _l("Laporan anggaran"), "staff", SUPERVISING, 64)
menu.register("staff.profile", _l("Profil"), "staff", staff_roles(), 80)
menu.register("admin.home", _l("Administrasi"), "staff", staff_roles("admin"), 90)
