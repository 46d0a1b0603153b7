"""Danger signs reach the right unit and real people: routing by the desa's working area, alerts
written in the same request to the village midwife, the unit's duty staff and duty phone, and to
Dinkes and the Command Center when the unit has nobody to reach; the page says who was told."""

import re
from datetime import date

from sqlalchemy import select

from modules.babhar.models import Pregnancy
from suite.audit.models import AuditEntry
from suite.extensions import db
from suite.notify.models import Notification, OutboxMessage
from suite.ticketing.models import Ticket
from tests.conftest import csrf_token
from tests.health_support import duty_phones, set_staff, unit_of, village_midwife
from tests.helpers import (
    PASSWORD,
    citizen_client,
    gen_citizen,
    gen_staff,
    get_ticket,
    register_pregnancy,
    rows,
    staff_client,
    staff_post,
    ticket_code_from,
)

DABUAN, PASEAN_DESA = "35.28.01.2001", "35.28.13.2001"


def register_mother(app, desa_code=DABUAN):
    mother = citizen_client(app, desa_code=desa_code)
    return mother, ticket_code_from(register_pregnancy(mother))


def raise_sign(client, url="/layanan/babhar/bahaya", **fields):
    page = client.get(url).get_data(as_text=True)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]*)"', page).group(1)
    return client.post(url, data={"csrf_token": csrf_token(client, url), "idempotency_key": key, **fields})


def alert_rows(app, code):
    ticket = get_ticket(app, code)
    return rows(app, OutboxMessage, OutboxMessage.ticket_id == ticket.id, OutboxMessage.purpose == "alert")


def test_the_desa_decides_the_puskesmas_and_its_village_midwife_not_the_kecamatan(app):
    assert unit_of(app, DABUAN) == "pkm-tlanakan"
    midwife_id, _ = gen_staff(app, "pkm-tlanakan")
    village_midwife(app, DABUAN, midwife_id)
    _, code = register_mother(app)
    ticket = get_ticket(app, code)
    assert ticket.agency.code == "pkm-tlanakan"
    with app.app_context():
        pregnancy = db.session.execute(select(Pregnancy).where(Pregnancy.ticket_id == ticket.id)).scalar_one()
        assert (pregnancy.agency.code, pregnancy.midwife_id) == ("pkm-tlanakan", midwife_id)


def test_a_danger_sign_messages_the_village_midwife_duty_staff_and_duty_phone_and_the_page_says_so(app):
    midwife_id, _ = gen_staff(app, "pkm-tlanakan")
    colleague_id, _ = gen_staff(app, "pkm-tlanakan")
    off_duty_id, _ = gen_staff(app, "pkm-tlanakan")
    set_staff(app, midwife_id, phone="+6281230002001")
    set_staff(app, colleague_id, phone="+6281230002002", alert_channel="whatsapp")
    set_staff(app, off_duty_id, phone="+6281230002003", on_duty=False)
    village_midwife(app, DABUAN, midwife_id)
    mother, _ = register_mother(app)
    with duty_phones(app, pkm_tlanakan="+6281230003001"):
        response = raise_sign(mother, signs_pregnancy=["bleeding"])
        assert response.status_code == 302
        page = mother.get(response.headers["Location"]).get_data(as_text=True)
    code = re.search(r"BBH-[0-9A-Z]{4}-[0-9A-Z]{4}", page).group(0)
    told = {(m.recipient, m.channel, m.recipient_label) for m in alert_rows(app, code)}
    assert told == {
        ("+6281230002001", "sms", "Bidan desa"),
        ("+6281230002002", "whatsapp", "Petugas jaga PKM Tlanakan"),
        ("+6281230003001", "sms", "Nomor jaga PKM Tlanakan"),
    }
    assert "Bidan desa" in page and "Nomor jaga PKM Tlanakan" in page and "Supervisor jaga" not in page
    assert "Bidan dan puskesmas Anda sudah diberi tahu" not in page  # no fixed sentence any more
    text = alert_rows(app, code)[0].body
    assert code in text and "Perdarahan" in text and "Dabuan" in text and "Warga Uji" not in text


def test_a_unit_nobody_can_reach_escalates_to_dinkes_and_the_command_center_in_the_same_request(app):
    supervisor_id, _ = gen_staff(app, "dinkes", "supervisor")
    dinkes_officer_id, _ = gen_staff(app, "dinkes")
    operator_id, _ = gen_staff(app, "command-center")
    set_staff(app, supervisor_id, phone="+6281230001001")
    set_staff(app, dinkes_officer_id, phone="+6281230001002")  # not a supervisor: not paged
    set_staff(app, operator_id, phone="+6281230001120")
    gen_staff(app, "pkm-pasean")  # staff, but nobody with a phone, and no duty phone
    mother, _ = register_mother(app, desa_code=PASEAN_DESA)
    response = raise_sign(mother, signs_pregnancy=["swelling_headache"])
    page = mother.get(response.headers["Location"]).get_data(as_text=True)
    code = re.search(r"BBH-[0-9A-Z]{4}-[0-9A-Z]{4}", page).group(0)
    assert get_ticket(app, code).agency.code == "pkm-pasean"
    told = {(m.recipient, m.recipient_label) for m in alert_rows(app, code)}
    assert told == {("+6281230001001", "Supervisor jaga Dinas Kesehatan"), ("+6281230001120", "Command Center 112")}
    assert "Supervisor jaga Dinas Kesehatan" in page and "Command Center 112" in page
    in_app = {n.recipient_id for n in rows(app, Notification, Notification.kind == "danger_sign")}
    assert {supervisor_id, operator_id} <= in_app


def test_a_family_member_raises_a_danger_sign_with_the_mothers_code_without_an_account(app):
    midwife_id, _ = gen_staff(app, "pkm-tlanakan")
    set_staff(app, midwife_id, phone="+6281230002001")
    village_midwife(app, DABUAN, midwife_id)
    _, registration_code = register_mother(app)
    family = app.test_client()
    response = raise_sign(
        family,
        "/layanan/babhar/bahaya/keluarga",
        signs_postpartum=["pp_bleeding"],
        mother_ref=registration_code.lower(),
        reporter_name="Moh. Suami",
        reporter_phone="0812 3456 0001",
        relation="suami",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = family.get(response.headers["Location"]).get_data(as_text=True)
    code = re.search(r"BBH-[0-9A-Z]{4}-[0-9A-Z]{4}", page).group(0)
    ticket = get_ticket(app, code)
    assert (ticket.category, ticket.priority, ticket.agency.code) == (
        "postpartum_danger_sign",
        "urgent",
        "pkm-tlanakan",
    )
    assert ticket.citizen_id is None and ticket.reporter["phone"] == "+6281234560001"
    assert [m.recipient for m in alert_rows(app, code)] == ["+6281230002001"]
    assert "+6281234560001" in alert_rows(app, code)[0].body  # the midwife calls back who is with her
    assert "Petugas kesehatan: SMS" in page and "Bidan desa" not in page and "PKM Tlanakan" not in page
    assert app.test_client().get(response.headers["Location"]).status_code == 404  # not for another browser
    [lookup] = rows(app, AuditEntry, AuditEntry.resource_type == "citizen")
    assert lookup.action == "read" and "family" in lookup.detail and lookup.staff_id is None


def test_a_family_report_naming_nobody_and_no_desa_still_pages_dinkes_and_the_command_center(app):
    operator_id, _ = gen_staff(app, "command-center")
    set_staff(app, operator_id, phone="+6281230001120")
    family = app.test_client()
    response = raise_sign(
        family,
        "/layanan/babhar/bahaya/keluarga",
        signs_newborn=["nb_seizures"],
        reporter_name="Tetangga",
        reporter_phone="081234560002",
        relation="tetangga",
    )
    assert response.status_code == 302
    [ticket] = rows(app, Ticket)
    assert ticket.category == "newborn_danger_sign" and ticket.desa_code is None
    assert [m.recipient_label for m in rows(app, OutboxMessage, OutboxMessage.purpose == "alert")] == [
        "Command Center 112"
    ]


def test_the_family_form_keeps_what_was_typed_and_says_what_is_wrong(app):
    family = app.test_client()
    response = raise_sign(
        family,
        "/layanan/babhar/bahaya/keluarga",
        reporter_name="Suami",
        reporter_phone="12",
        relation="suami",
        note="ketuban pecah",
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "Pilih paling sedikit satu tanda" in body and "ketuban pecah" in body
    assert rows(app, Ticket) == []


def test_clinical_wording_follows_the_chosen_language(app):
    mother, _ = register_mother(app)
    mother.post("/bahasa", data={"csrf_token": csrf_token(mother, "/"), "lang": "en"})
    form = mother.get("/layanan/babhar/bahaya").get_data(as_text=True)
    assert "Bleeding from the birth canal" in form and "Baby will not feed" in form
    assert "Perdarahan dari jalan lahir" not in form
    record = mother.get("/layanan/babhar/kehamilan-saya").get_data(as_text=True)
    assert "Low-risk pregnancy" in record and "Delivery can be attended by a midwife" in record


def test_an_urgent_ticket_forwarded_to_another_puskesmas_alerts_its_staff_at_once(app):
    from suite.identity.models import Agency

    mother, _ = register_mother(app)
    response = raise_sign(mother, signs_pregnancy=["bleeding"])
    code = re.search(
        r"BBH-[0-9A-Z]{4}-[0-9A-Z]{4}", mother.get(response.headers["Location"]).get_data(as_text=True)
    ).group(0)
    receiving_id, _ = gen_staff(app, "pkm-larangan-tokol")
    set_staff(app, receiving_id, phone="+6281230004001")
    supervisor = staff_client(app, "dinkes", "supervisor")
    with app.app_context():
        target = db.session.execute(select(Agency.id).where(Agency.code == "pkm-larangan-tokol")).scalar_one()
    forwarded = staff_post(
        supervisor, code, "teruskan", {"agency": str(target), "reason": "Ibu sedang di Larangan Tokol"}
    )
    assert forwarded.status_code == 302, forwarded.get_data(as_text=True)
    assert "+6281230004001" in [m.recipient for m in alert_rows(app, code)]


def test_an_api_client_cannot_open_an_alarm_or_name_another_womans_pregnancy(app, client):
    _, registration_code = register_mother(app)
    with app.app_context():
        pregnancy_id = db.session.execute(select(Pregnancy.id)).scalar_one()
    _, nik, _ = gen_citizen(app, sex="M", born=date(1990, 5, 5), desa_code="35.28.13.2001")
    token = client.post("/api/v1/auth/token", json={"identifier": nik, "password": PASSWORD}).json["token"]
    auth = {"Authorization": f"Bearer {token}"}
    alarm = client.post(
        "/api/v1/tickets",
        headers=auth,
        json={
            "module": "babhar",
            "category": "clinical_alarm",
            "description": "Alarm palsu dari luar sistem.",
            "extras": {"alarms": ["severe_hypertension"], "pregnancy_id": pregnancy_id},
        },
    )
    assert alarm.status_code == 422 and "opened_by_staff_id" in str(alarm.json)
    sign = client.post(
        "/api/v1/tickets",
        headers=auth,
        json={
            "module": "babhar",
            "category": "danger_sign",
            "description": "Istri saya perdarahan.",
            "extras": {"signs": ["bleeding"], "pregnancy_id": pregnancy_id, "reported_by": "mother"},
        },
    )
    assert sign.status_code == 201, sign.json
    ticket = get_ticket(app, sign.json["code"])
    assert ticket.extras.get("pregnancy_id") is None and ticket.extras.get("reported_by") is None
    assert ticket.agency.code == "pkm-pasean"  # his own desa's puskesmas, not the named woman's
