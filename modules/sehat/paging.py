"""An ambulance request pages the Command Center 112 at once (it dispatches), and the unit's duty
staff and duty phone (they follow up); when the unit can be reached by nobody, Dinkes duty
supervisors too. Messages go through the outbox in the same transaction (``suite.notify.alerts``)."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from suite import reference
from suite.identity.seeding import agency_by_code
from suite.notify.alerts import Escalation, send_alert

CALL_CENTRE, HEALTH_OFFICE = "command-center", "dinkes"


def page_call_centre(ticket, citizen) -> None:
    with force_locale("id"):
        text = _(
            "AMBULANS diminta: %(code)s, %(place)s. Hubungi pelapor %(phone)s.",
            code=ticket.code,
            place=reference.region_label(ticket.desa_code) or "-",
            phone=citizen.phone if citizen is not None else (ticket.reporter or {}).get("phone", "-"),
        )
        centre, office = agency_by_code(CALL_CENTRE), agency_by_code(HEALTH_OFFICE)
        also = [Escalation(centre, _("Command Center 112"), supervisors_only=False)] if centre else []
        chain = [Escalation(office, _("Supervisor jaga Dinas Kesehatan"))] if office else []
    send_alert(ticket, text, unit=ticket.agency, kind="ambulance", escalations=chain, also=also)
