"""Set-up for the health alert tests: staff phones, duty phones and village midwives (kept
reference rows are put back as they were)."""

from __future__ import annotations

import contextlib

from sqlalchemy import select

from suite.extensions import db
from suite.identity.models import Agency, Staff
from suite.identity.working_areas import WorkingArea


def set_staff(app, staff_id: int, **fields) -> None:
    with app.app_context():
        staff = db.session.get(Staff, staff_id)
        for name, value in fields.items():
            setattr(staff, name, value)
        db.session.commit()


@contextlib.contextmanager
def duty_phones(app, **phones):
    """Give agencies (by code, dashes as underscores) a duty phone for the test."""
    codes = {code.replace("_", "-"): phone for code, phone in phones.items()}
    with app.app_context():
        saved = {}
        for code, phone in codes.items():
            agency = db.session.execute(select(Agency).where(Agency.code == code)).scalar_one()
            saved[code], agency.phone = agency.phone, phone
        db.session.commit()
    try:
        yield
    finally:
        with app.app_context():
            for code, phone in saved.items():
                db.session.execute(select(Agency).where(Agency.code == code)).scalar_one().phone = phone
            db.session.commit()


def village_midwife(app, desa_code: str, staff_id: int | None) -> None:
    """Name the desa's village midwife (the conftest clean-up lets go of her after the test)."""
    with app.app_context():
        area = db.session.execute(select(WorkingArea).where(WorkingArea.desa_code == desa_code)).scalar_one()
        area.field_staff_id = staff_id
        db.session.commit()


def unit_of(app, desa_code: str) -> str:
    with app.app_context():
        area = db.session.execute(select(WorkingArea).where(WorkingArea.desa_code == desa_code)).scalar_one()
        return area.agency.code
