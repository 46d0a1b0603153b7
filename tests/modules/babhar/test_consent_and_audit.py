"""The staff member who recorded a mother's consent is kept with it; every staff read of a
caseload or a birth plan is in the audit log."""

from datetime import date, timedelta

from sqlalchemy import select

from modules.babhar.models import Pregnancy
from suite.audit.models import AuditEntry
from suite.extensions import db
from tests.conftest import csrf_token
from tests.helpers import gen_citizen, staff_client
from tests.modules.babhar.support import registered


def test_a_midwife_registering_for_a_mother_is_stored_as_the_consent_recorder(app):
    _, nik, _ = gen_citizen(app, sex="F")
    _, _, reference_id = registered(app)  # a mother of the same desa: tells us which puskesmas answers
    with app.app_context():
        unit = db.session.get(Pregnancy, reference_id).agency.code
    midwife = staff_client(app, unit)
    token = csrf_token(midwife, "/layanan/babhar/petugas/daftar")
    response = midwife.post(
        "/layanan/babhar/petugas/daftar",
        data={
            "csrf_token": token,
            "mother_nik": nik,
            "last_period_date": (date.today() - timedelta(days=70)).isoformat(),
            "gravida": "1",
            "para": "0",
            "abortus": "0",
            "consent": "y",
            "description": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        by_staff, by_herself = db.session.execute(select(Pregnancy).order_by(Pregnancy.id.desc())).scalars().all()[:2]
        assert by_staff.consent_recorded_by_staff_id == midwife.staff_id == by_staff.registered_by_staff_id
        assert by_staff.consent_at is not None and by_staff.consent_purpose
        assert by_herself.consent_recorded_by_staff_id is None  # she consented herself


def test_caseload_and_staff_birth_plan_reads_are_audited(app):
    mother, midwife, pregnancy_id = registered(app)
    assert midwife.get("/layanan/babhar/petugas/kohort").status_code == 200
    assert midwife.get(f"/layanan/babhar/petugas/ibu/{pregnancy_id}/rencana-persalinan").status_code == 200
    assert mother.get("/layanan/babhar/rencana-persalinan").status_code == 200  # her own read: not a staff read
    with app.app_context():
        reads = db.session.execute(
            select(AuditEntry.resource_type, AuditEntry.resource_id, AuditEntry.staff_id).where(
                AuditEntry.action == "read"
            )
        ).all()
    assert ("birth_plan", str(pregnancy_id), midwife.staff_id) in reads
    assert any(kind == "caseload" and staff_id == midwife.staff_id for kind, _, staff_id in reads)
    assert sum(kind == "birth_plan" for kind, _, _ in reads) == 1
