"""An ambulance request pages the call centre (Command Center 112) at once: in the app and,
when the centre has a duty number, by SMS. The call centre dispatches; the facility follows up."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from suite import reference
from suite.extensions import db
from suite.identity.models import Agency, Staff
from suite.notify.outbox import enqueue
from suite.notify.services import notify_staff

CALL_CENTRE = "command-center"


def page_call_centre(ticket, citizen) -> None:
    centre = db.session.execute(select(Agency).where(Agency.code == CALL_CENTRE)).scalar_one_or_none()
    if centre is None:
        return
    staff_ids = db.session.execute(select(Staff.id).where(Staff.agency_id == centre.id,
                                                          Staff.active.is_(True))).scalars().all()
    with force_locale("id"):
        text = _("AMBULANS diminta: %(code)s, %(place)s. Hubungi pelapor %(phone)s.", code=ticket.code,
                 place=reference.region_label(ticket.desa_code) or "-",
                 phone=citizen.phone if citizen is not None else "-")
    notify_staff(staff_ids, ticket, "ambulance", text)
    if centre.phone:
        enqueue("sms", centre.phone, text, ticket=ticket)
