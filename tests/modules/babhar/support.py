"""Helpers for the e-Babhar clinical tests: a registered pregnancy and a midwife of the puskesmas
it was routed to (whichever that is under the working areas in force)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from modules.babhar.models import Pregnancy, Visit
from suite.extensions import db
from tests.conftest import csrf_token
from tests.helpers import citizen_client, get_ticket, register_pregnancy, staff_client, ticket_code_from


def registered(app, weeks=10, born=date(1995, 4, 7), gravida="2", para="1", days=0):
    """(mother client, midwife client, pregnancy id) for a pregnancy registered ``weeks`` after HPHT."""
    mother = citizen_client(app, born=born)
    response = register_pregnancy(mother, weeks, gravida, para, days)
    ticket = get_ticket(app, ticket_code_from(response))
    with app.app_context():
        pregnancy = db.session.execute(select(Pregnancy).where(Pregnancy.ticket_id == ticket.id)).scalar_one()
        pregnancy_id, agency_code = pregnancy.id, pregnancy.agency.code
    return mother, staff_client(app, agency_code), pregnancy_id


def visit_id(app, pregnancy_id, code=None):
    with app.app_context():
        query = select(Visit).where(Visit.pregnancy_id == pregnancy_id, Visit.visited_on.is_(None))
        if code:
            query = query.where(Visit.code == code)
        return db.session.execute(query.order_by(Visit.due_on)).scalars().first().id


def post_visit(app, midwife, pregnancy_id, code=None, **fields):
    url = f"/layanan/babhar/petugas/ibu/{pregnancy_id}"
    data = {"csrf_token": csrf_token(midwife, url), "visited_on": date.today().isoformat()}
    data.update({name: str(value) for name, value in fields.items()})
    return midwife.post(f"{url}/kunjungan/{visit_id(app, pregnancy_id, code)}", data=data)


def post_outcome(midwife, pregnancy_id, **fields):
    url = f"/layanan/babhar/petugas/ibu/{pregnancy_id}"
    return midwife.post(f"{url}/persalinan", data={"csrf_token": csrf_token(midwife, url), **fields})


def restore_clinical_data(app):
    """Put the shipped thresholds, trimesters and contacts back (tests keep those tables)."""
    from modules.babhar.clinical_data import SHIPPED, seed_clinical

    with app.app_context():
        for model, _name, _build in SHIPPED:
            db.session.execute(model.__table__.delete())
        seed_clinical()
        db.session.commit()
