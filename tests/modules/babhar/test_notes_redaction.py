"""A NIK a midwife types into a visit's or a birth's notes is masked before it is stored."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from modules.babhar.models import Outcome, Visit
from suite.extensions import db
from tests.modules.babhar.support import post_outcome, post_visit, registered

NIK = "3528014506900001"


def test_visit_and_birth_notes_keep_no_nik(app):
    _, midwife, pregnancy_id = registered(app, weeks=39)
    response = post_visit(
        app,
        midwife,
        pregnancy_id,
        notes="KTP suami 3528  0145  0690  0001, kontrol lagi",
        ultrasound_findings="janin tunggal; kartu 3528.0145.0690.0001",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    response = post_outcome(
        midwife,
        pregnancy_id,
        kind="live_birth",
        ended_on=date.today().isoformat(),
        place="puskesmas",
        attendant="midwife",
        mode="spontaneous",
        birth_weight_g="3100",
        notes="dirujuk, NIK ibu 3528,0145,0690,0001",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        visit = db.session.execute(
            select(Visit).where(Visit.pregnancy_id == pregnancy_id, Visit.notes.is_not(None))
        ).scalar_one()
        outcome = db.session.execute(select(Outcome).where(Outcome.pregnancy_id == pregnancy_id)).scalar_one()
        texts = [visit.notes, visit.ultrasound_findings, outcome.notes]
    assert all("[NIK]" in text for text in texts), texts
    assert not any(NIK in "".join(ch for ch in text if ch.isdigit()) for text in texts)
