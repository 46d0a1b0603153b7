"""Visit measurements raise alarms from the admin-edited thresholds, each at its boundary:
an "alert" tells the midwife and updates the card; an "urgent" one opens an urgent ticket."""

from datetime import date

import pytest
from sqlalchemy import select

from modules.babhar.models import AlarmThreshold, Pregnancy, Visit
from suite.extensions import db
from suite.notify.models import Notification
from suite.ticketing.models import Ticket
from tests.conftest import csrf_token
from tests.helpers import staff_client
from tests.modules.babhar.support import post_visit, registered, restore_clinical_data


def _after(app, pregnancy_id):
    with app.app_context():
        pregnancy = db.session.get(Pregnancy, pregnancy_id)
        [visit] = [v for v in pregnancy.visits if v.visited_on]
        tickets = db.session.execute(select(Ticket).where(Ticket.category == "clinical_alarm")).scalars().all()
        alerts = db.session.execute(select(Notification).where(Notification.kind == "clinical_alarm")).scalars().all()
        return (
            {a["code"] for a in visit.alarms},
            pregnancy.risk_score,
            tickets,
            [(n.recipient_id, n.body) for n in alerts],
        )


@pytest.mark.parametrize(
    "measured, alarms, urgent",
    [
        ({"systolic": 139, "diastolic": 89}, set(), False),
        ({"systolic": 140, "diastolic": 80}, {"preeclampsia_possible"}, False),
        ({"systolic": 130, "diastolic": 90}, {"preeclampsia_possible"}, False),
        ({"systolic": 159, "diastolic": 109}, {"preeclampsia_possible"}, False),
        ({"systolic": 160, "diastolic": 100}, {"preeclampsia_possible", "severe_hypertension"}, True),
        ({"systolic": 150, "diastolic": 110}, {"preeclampsia_possible", "severe_hypertension"}, True),
        ({"haemoglobin": "11.0"}, set(), False),
        ({"haemoglobin": "10.9"}, {"anaemia"}, False),
        ({"haemoglobin": "7.0"}, {"anaemia"}, False),
        ({"haemoglobin": "6.9"}, {"anaemia", "severe_anaemia"}, True),
        ({"fetal_heart_rate": 110}, set(), False),
        ({"fetal_heart_rate": 160}, set(), False),
        ({"fetal_heart_rate": 109}, {"fetal_heart_rate_abnormal"}, True),
        ({"fetal_heart_rate": 161}, {"fetal_heart_rate_abnormal"}, True),
        ({"muac_cm": "23.5"}, set(), False),
        ({"muac_cm": "23.4"}, {"kek"}, False),
        ({"urine_protein": "0"}, set(), False),
        ({"urine_protein": "1"}, {"proteinuria"}, False),
    ],
)
def test_each_threshold_at_its_boundary(app, measured, alarms, urgent):
    _, midwife, pregnancy_id = registered(app, weeks=24)
    response = post_visit(app, midwife, pregnancy_id, **measured)
    assert response.status_code == 302, response.get_data(as_text=True)
    found, _score, tickets, notified = _after(app, pregnancy_id)
    assert found == alarms
    assert bool(tickets) is urgent
    if urgent:
        [ticket] = tickets
        assert ticket.priority == "urgent" and set(ticket.extras["alarms"]) == alarms
        assert ticket.extras["pregnancy_id"] == pregnancy_id
    elif alarms:
        assert midwife.staff_id in [recipient for recipient, _ in notified]
    else:
        assert notified == []


def test_blood_pressure_140_90_updates_the_card_and_alerts_without_the_name(app):
    mother, midwife, pregnancy_id = registered(app, weeks=24)
    with app.app_context():
        before = db.session.get(Pregnancy, pregnancy_id).risk_score
    assert post_visit(app, midwife, pregnancy_id, systolic=140, diastolic=90).status_code == 302
    with app.app_context():
        pregnancy = db.session.get(Pregnancy, pregnancy_id)
        assert "oedema_hypertension" in pregnancy.assessments[-1].factors
        assert pregnancy.risk_score == before + 4
        [alert] = db.session.execute(select(Notification).where(Notification.kind == "clinical_alarm")).scalars().all()
        assert pregnancy.mother.full_name not in alert.body and "preeklampsia" in alert.body
        assert db.session.execute(select(Ticket).where(Ticket.category == "clinical_alarm")).first() is None
    page = midwife.get(f"/layanan/babhar/petugas/ibu/{pregnancy_id}").get_data(as_text=True)
    assert "kemungkinan preeklampsia" in page  # the alarm shows on the visit row
    assert "kemungkinan preeklampsia" in midwife.get("/layanan/babhar/petugas/kohort").get_data(as_text=True)


def test_blood_pressure_160_110_opens_one_urgent_ticket_that_pages_the_puskesmas(app):
    _, midwife, pregnancy_id = registered(app, weeks=30)
    assert post_visit(app, midwife, pregnancy_id, systolic=160, diastolic=110).status_code == 302
    with app.app_context():
        [ticket] = db.session.execute(select(Ticket).where(Ticket.category == "clinical_alarm")).scalars().all()
        assert ticket.priority == "urgent" and ticket.visibility == "confidential"
        assert ticket.agency_id == db.session.get(Pregnancy, pregnancy_id).agency_id
        pregnancy = db.session.get(Pregnancy, pregnancy_id)
        assert "severe_preeclampsia" in pregnancy.assessments[-1].factors
        assert pregnancy.mother.full_name not in ticket.description


def test_an_admin_edit_of_a_threshold_applies_to_the_next_visit(app):
    admin = staff_client(app, None, "admin")
    page = admin.get("/layanan/babhar/admin/klinis").get_data(as_text=True)
    assert "PMK 21/2021" in page and "Buku KIA" in page and "WHO" in page
    assert staff_client(app, "pkm-pasean").get("/layanan/babhar/admin/klinis").status_code == 403
    with app.app_context():
        row_id = db.session.execute(select(AlarmThreshold.id).where(AlarmThreshold.code == "anaemia")).scalar_one()
    try:
        token = csrf_token(admin, "/layanan/babhar/admin/klinis")
        assert (
            admin.post("/layanan/babhar/admin/klinis", data={"csrf_token": token, f"value_{row_id}": "abc"}).status_code
            == 422
        )
        with app.app_context():
            fields = {f"active_{t.id}": "y" for t in db.session.execute(select(AlarmThreshold)).scalars()}
        fields.update({f"{kind}_{code}": "y" for kind in ("doctor", "ultrasound") for code in ("K1", "K5")})
        response = admin.post(
            "/layanan/babhar/admin/klinis", data={"csrf_token": token, f"value_{row_id}": "12", **fields}
        )
        assert response.status_code == 302
        _, midwife, pregnancy_id = registered(app, weeks=20)
        assert post_visit(app, midwife, pregnancy_id, haemoglobin="11.5").status_code == 302
        with app.app_context():
            [visit] = (
                db.session.execute(
                    select(Visit).where(Visit.pregnancy_id == pregnancy_id, Visit.visited_on == date.today())
                )
                .scalars()
                .all()
            )
            assert [a["code"] for a in visit.alarms] == ["anaemia"]
    finally:
        restore_clinical_data(app)


def test_alarm_labels_follow_the_language(app):
    _, midwife, pregnancy_id = registered(app, weeks=24)
    assert post_visit(app, midwife, pregnancy_id, muac_cm="22.0").status_code == 302
    with midwife.session_transaction() as session:
        session["lang"] = "en"
    page = midwife.get(f"/layanan/babhar/petugas/ibu/{pregnancy_id}").get_data(as_text=True)
    assert "Chronic energy deficiency (MUAC &lt; 23.5 cm)" in page
