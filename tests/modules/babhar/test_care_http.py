"""e-Babhar through HTTP: registration makes a schedule and a score; danger signs page the
midwife in the same request; records are for the area's health staff only, and audited."""

import io
import re
from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from modules.babhar.models import Pregnancy, Visit
from suite.audit.models import AuditEntry
from suite.extensions import db
from suite.notify.models import Notification, OutboxMessage
from tests.conftest import csrf_token
from tests.helpers import (
    citizen_client,
    get_ticket,
    register_pregnancy,
    report_danger_sign,
    staff_client,
    ticket_code_from,
)


def register(app, born=date(1995, 4, 7), weeks=10, gravida="2", para="1"):
    mother = citizen_client(app, born=born)
    response = register_pregnancy(mother, weeks, gravida, para)
    code = ticket_code_from(response)
    with app.app_context():
        pregnancy = db.session.execute(
            select(Pregnancy).where(Pregnancy.ticket_id == get_ticket(app, code).id)
        ).scalar_one()
        return mother, code, pregnancy.id


def test_registration_creates_the_schedule_and_scores_the_card(app):
    mother, _, pregnancy_id = register(
        app, born=date.today().replace(year=date.today().year - 16) - timedelta(days=30), gravida="1", para="0"
    )
    page = mother.get("/layanan/babhar/kehamilan-saya").get_data(as_text=True)
    assert "K6" in page and "Kehamilan Risiko Tinggi" in page  # 16-year-old first pregnancy: 2 + 4
    with app.app_context():
        pregnancy = db.session.get(Pregnancy, pregnancy_id)
        assert pregnancy.risk_score == 6 and pregnancy.risk_category == "KRT"
        assert [v.code for v in pregnancy.visits] == ["K1", "K2", "K3", "K4", "K5", "K6"]


def test_a_danger_sign_opens_an_urgent_ticket_in_the_same_request(app):
    mother, _, _ = register(app)
    midwife = staff_client(app, "pkm-tlanakan")
    response = report_danger_sign(mother, ["bleeding", "high_fever"])
    assert response.status_code == 302
    advice = mother.get(response.headers["Location"]).get_data(as_text=True)
    assert "119" in advice and "lewat aplikasi" in advice  # the unit's midwife (no phone) is told in the app
    code = re.search(r"BBH-[0-9A-Z]{4}-[0-9A-Z]{4}", advice).group(0)
    ticket = get_ticket(app, code)
    assert ticket.priority == "urgent" and ticket.category == "danger_sign"
    assert ticket.agency.name == "Puskesmas Tlanakan" and ticket.visibility == "confidential"
    assert ticket.first_response_due_at - ticket.created_at == timedelta(minutes=15)
    with app.app_context():
        assert db.session.execute(
            select(Notification.recipient_id).where(Notification.kind == "danger_sign")
        ).scalars().all() == [midwife.staff_id]
    assert code in midwife.get("/petugas/?urgent=1").get_data(as_text=True)


def test_a_danger_sign_without_any_sign_is_refused(app):
    mother, _, _ = register(app)
    token = csrf_token(mother, "/layanan/babhar/bahaya")
    response = mother.post("/layanan/babhar/bahaya", data={"csrf_token": token})
    assert response.status_code == 422 and "Pilih paling sedikit satu tanda" in response.get_data(as_text=True)


def test_record_is_closed_to_public_works_and_to_another_area_and_reads_are_audited(app):
    _, _, pregnancy_id = register(app)
    url = f"/layanan/babhar/petugas/ibu/{pregnancy_id}"
    assert staff_client(app, "pupr").get(url).status_code == 403
    assert staff_client(app, "pkm-pasean").get(url).status_code == 403
    assert staff_client(app, "dinkes").get(url).status_code == 403  # Dinkes office officer, not supervisor
    midwife = staff_client(app, "pkm-tlanakan")
    assert midwife.get(url).status_code == 200
    assert staff_client(app, "dinkes", "supervisor").get(url).status_code == 200
    with app.app_context():
        reads = (
            db.session.execute(
                select(AuditEntry.staff_id).where(AuditEntry.resource_type == "pregnancy", AuditEntry.action == "read")
            )
            .scalars()
            .all()
        )
    assert midwife.staff_id in reads and len(reads) == 2


def test_a_visit_updates_the_score_and_keeps_its_history(app):
    _, _, pregnancy_id = register(app)
    midwife = staff_client(app, "pkm-tlanakan")
    with app.app_context():
        visit_id = (
            db.session.execute(select(Visit.id).where(Visit.pregnancy_id == pregnancy_id).order_by(Visit.due_on))
            .scalars()
            .first()
        )
    url = f"/layanan/babhar/petugas/ibu/{pregnancy_id}"
    token = csrf_token(midwife, url)
    response = midwife.post(
        f"{url}/kunjungan/{visit_id}",
        data={
            "csrf_token": token,
            "visited_on": date.today().isoformat(),
            "weight_kg": "55",
            "systolic": "120",
            "diastolic": "80",
            "haemoglobin": "10.5",
            "iron_tablets": "30",
            "observed_factors": ["breech"],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        pregnancy = db.session.get(Pregnancy, pregnancy_id)
        # breech (8) ticked, and Hb 10.5 < 11 raises the anaemia alarm, which puts anaemia (4) on the card
        assert pregnancy.risk_score == 14 and [a.score for a in pregnancy.assessments] == [2, 14]
        assert [a["code"] for v in pregnancy.visits for a in v.alarms or []] == ["anaemia"]
    bad = midwife.post(
        f"{url}/kunjungan/{visit_id}",
        data={"csrf_token": token, "visited_on": date.today().isoformat(), "systolic": "80", "diastolic": "120"},
    )
    assert bad.status_code == 422


def test_very_high_risk_prompts_a_hospital_birth_plan(app):
    _, _, pregnancy_id = register(app)
    midwife = staff_client(app, "pkm-tlanakan")
    url = f"/layanan/babhar/petugas/ibu/{pregnancy_id}"
    token = csrf_token(midwife, url)
    midwife.post(f"{url}/riwayat", data={"csrf_token": token, "history_factors": ["caesarean", "heart_disease"]})
    page = midwife.get(url).get_data(as_text=True)
    assert "Risiko sangat tinggi: buat rencana persalinan di rumah sakit" in page
    plan = midwife.post(
        f"{url}/rencana-persalinan",
        data={
            "csrf_token": csrf_token(midwife, f"{url}/rencana-persalinan"),
            "place": "RSUD dr. H. Slamet Martodirdjo",
            "attendant": "dr. Sp.OG",
            "donor_1": "Ahmad (A)",
            "donor_2": "Rofiq (A)",
        },
    )
    assert plan.status_code == 302
    sticker = midwife.get(f"{url}/stiker").get_data(as_text=True)
    assert "RSUD dr. H. Slamet Martodirdjo" in sticker and "Ahmad (A), Rofiq (A)" in sticker


def test_delivery_creates_the_postpartum_schedule(app):
    from tests.modules.babhar.support import post_outcome, registered

    _, midwife, pregnancy_id = registered(app, weeks=39)
    response = post_outcome(
        midwife,
        pregnancy_id,
        kind="live_birth",
        ended_on=date.today().isoformat(),
        place="hospital",
        attendant="obgyn",
        mode="caesarean",
        birth_weight_g="3100",
    )
    assert response.status_code == 302
    with app.app_context():
        codes = {v.code for v in db.session.get(Pregnancy, pregnancy_id).visits}
    assert {"KF1", "KF2", "KF3", "KF4", "KN1", "KN2", "KN3"} <= codes


def test_caseload_and_cohort_register_exports(app):
    register(app)
    midwife = staff_client(app, "pkm-tlanakan")
    assert "Warga Uji" in midwife.get("/layanan/babhar/petugas/kohort").get_data(as_text=True)
    csv_text = midwife.get("/layanan/babhar/petugas/kohort.csv").get_data(as_text=True)
    assert csv_text.splitlines()[0].startswith("No,Nama ibu") and "Warga Uji" in csv_text
    assert "**********" in csv_text  # the NIK stays masked in exports
    xlsx = midwife.get("/layanan/babhar/petugas/kohort.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet["B2"].value == "Warga Uji"
    assert staff_client(app, "pupr").get("/layanan/babhar/petugas/kohort.csv").status_code == 403
    assert (
        staff_client(app, "pkm-pasean").get("/layanan/babhar/petugas/kohort").get_data(as_text=True).count("Warga Uji")
        == 0
    )


def test_reminder_the_day_before_a_visit_says_nothing_clinical(app, runner):
    _, _, pregnancy_id = register(app)
    with app.app_context():
        visit = db.session.execute(select(Visit).where(Visit.pregnancy_id == pregnancy_id)).scalars().first()
        visit.due_on = date.today() + timedelta(days=1)
        db.session.commit()
    result = runner.invoke(args=["jobs"])
    assert "babhar: 1 visit reminders queued" in result.output
    assert "babhar: 0 visit reminders queued" in runner.invoke(args=["jobs"]).output
    with app.app_context():
        [message] = db.session.execute(select(OutboxMessage)).scalars().all()
    assert "periksa akun" in message.body and "hamil" not in message.body.lower()


def test_admin_edits_the_card_and_bad_bands_are_refused(app):
    admin = staff_client(app, None, "admin")
    page = admin.get("/layanan/babhar/admin/kspr").get_data(as_text=True)
    assert "Poedji Rochjati" in page and "Buku KIA" in page
    token = csrf_token(admin, "/layanan/babhar/admin/kspr")
    overlap = admin.post(
        "/layanan/babhar/admin/kspr",
        data={"csrf_token": token, "min_KRR": "2", "max_KRR": "8", "min_KRT": "6", "max_KRT": "10", "min_KRST": "12"},
    )
    assert overlap.status_code == 422 and "tumpang tindih" in overlap.get_data(as_text=True)
    assert staff_client(app, "pkm-tlanakan").get("/layanan/babhar/admin/kspr").status_code == 403
    fields = {"csrf_token": token, "min_KRR": "2", "max_KRR": "4", "min_KRT": "5", "max_KRT": "11", "min_KRST": "12"}
    fields.update({f"points_{code}": "4" for code in ("too_young_first",)})
    fields.update({"points_anaemia": "5", "active_anaemia": "y"})
    assert admin.post("/layanan/babhar/admin/kspr", data=fields).status_code == 302
    from modules.babhar.models import KsprCategory, KsprFactor

    with app.app_context():
        assert db.session.get(KsprFactor, "anaemia").points == 5
        assert db.session.get(KsprFactor, "malaria").active is False  # unticked boxes switch a factor off
        assert db.session.get(KsprCategory, "KRT").max_score == 11
        # restore the shipped card for the other tests
        from modules.babhar.services import seed_card

        db.session.execute(KsprFactor.__table__.delete())
        db.session.execute(KsprCategory.__table__.delete())
        seed_card()
        db.session.commit()
