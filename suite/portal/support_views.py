"""Supporting an open report instead of filing it again (issue 11): the button on the nearby
list of the intake map, on the duplicate warning, and on the public status page."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from suite.database import write_transaction
from suite.errors import DomainError, NotFound
from suite.identity.auth import citizen_required
from suite.portal.views import _ticket_by_code, blueprint
from suite.ticketing.codes import normalise_code
from suite.ticketing.support import support


@blueprint.route("/lacak/<code>/dukung", methods=["POST"])
@citizen_required
def support_ticket(code: str):
    code = normalise_code(code)  # CSRF: checked for every POST by the app's CSRFProtect
    ticket = _ticket_by_code(code)
    try:
        if ticket is None:
            raise NotFound(_("Laporan tidak ditemukan."))
        with write_transaction():
            new = support(ticket.id, current_user)
    except NotFound:
        return redirect(url_for(".track"))
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for(".status", code=code))
    if new:
        flash(
            _("Terima kasih, dukungan Anda tercatat. Anda akan menerima kabar terbaru laporan %(code)s.", code=code),
            "success",
        )
    else:
        flash(_("Anda sudah mendukung laporan %(code)s.", code=code), "info")
    return redirect(url_for(".status", code=code))
