"""Working areas (which puskesmas serves each desa, and its village midwife) are data an admin
edits; staff keep their own alert contact; e-Sehat follows the desa too, and an ambulance request
reaches the Command Center and the facility's duty phone through the outbox."""

from suite.extensions import db
from suite.identity.models import Staff
from suite.identity.working_areas import WorkingArea
from suite.notify.models import OutboxMessage
from tests.conftest import csrf_token
from tests.health_support import duty_phones, set_staff, unit_of
from tests.helpers import citizen_client, gen_staff, get_ticket, rows, staff_client, submit, ticket_code_from

DABUAN = "35.28.01.2001"


def test_every_desa_has_exactly_one_puskesmas_and_the_shipped_guess_awaits_dinkes(app):
    areas = rows(app, WorkingArea)
    assert len(areas) == 189 and len({a.desa_code for a in areas}) == 189
    assert not any(a.confirmed for a in areas)
    admin = staff_client(app, None, "admin")
    page = admin.get("/admin/wilayah-kerja?kecamatan=35.28.01").get_data(as_text=True)
    assert "189 desa masih berdasarkan perkiraan awal" in page and "Dabuan" in page
    assert "Perlu dikonfirmasi Dinkes" in page


def test_only_admins_edit_working_areas_and_a_village_midwife_must_work_at_that_puskesmas(app):
    for client in (
        staff_client(app, "dinkes", "supervisor"),
        staff_client(app, "pkm-tlanakan"),
        staff_client(app, None, "supervisor"),
    ):
        assert client.get("/admin/wilayah-kerja").status_code == 403
    assert app.test_client().get("/admin/wilayah-kerja").status_code in (302, 401)
    admin = staff_client(app, None, "admin")
    [area] = rows(app, WorkingArea, WorkingArea.desa_code == DABUAN)
    tlanakan = area.agency_id
    other_midwife_id, _ = gen_staff(app, "pkm-pasean")
    url = f"/admin/wilayah-kerja/{area.id}"
    token = csrf_token(admin, "/admin/wilayah-kerja")
    refused = admin.post(url, data={"csrf_token": token, "agency_id": tlanakan, "field_staff_id": other_midwife_id})
    assert refused.status_code == 303
    assert "Bidan desa harus bertugas di puskesmas" in admin.get(refused.headers["Location"]).get_data(as_text=True)
    midwife_id, _ = gen_staff(app, "pkm-tlanakan")
    saved = admin.post(
        url, data={"csrf_token": token, "agency_id": tlanakan, "field_staff_id": midwife_id, "confirmed": "y"}
    )
    assert saved.status_code == 302
    [area] = rows(app, WorkingArea, WorkingArea.desa_code == DABUAN)
    assert (area.field_staff_id, area.confirmed) == (midwife_id, True)
    with app.app_context():  # the kept reference row goes back to the shipped guess
        db.session.get(WorkingArea, area.id).confirmed = False
        db.session.commit()


def test_staff_set_their_alert_phone_and_a_bad_number_is_refused_keeping_the_form(app):
    midwife = staff_client(app, "pkm-tlanakan")
    token = csrf_token(midwife, "/petugas/profil")
    bad = midwife.post(
        "/petugas/profil", data={"csrf_token": token, "phone": "12ab", "alert_channel": "sms", "on_duty": "y"}
    )
    assert bad.status_code == 422 and "12ab" in bad.get_data(as_text=True)
    good = midwife.post(
        "/petugas/profil", data={"csrf_token": token, "phone": "0812-3000-2001", "alert_channel": "whatsapp"}
    )
    assert good.status_code == 302
    [staff] = rows(app, Staff, Staff.id == midwife.staff_id)
    assert (staff.phone, staff.alert_channel, staff.on_duty) == ("+6281230002001", "whatsapp", False)
    assert app.test_client().get("/petugas/profil").status_code in (302, 401)


def test_an_e_sehat_request_without_a_facility_goes_to_the_puskesmas_of_the_desa(app):
    citizen = citizen_client(app, desa_code="35.28.01.2011")  # Larangan Tokol
    code = ticket_code_from(
        submit(
            citizen,
            "sehat",
            {"category": "home_visit", "description": "Mohon kunjungan rumah untuk nenek yang lumpuh."},
        )
    )
    assert get_ticket(app, code).agency.code == unit_of(app, "35.28.01.2011") == "pkm-larangan-tokol"


def test_an_ambulance_request_messages_the_command_center_and_the_facility_duty_phone(app):
    operator_id, _ = gen_staff(app, "command-center")
    set_staff(app, operator_id, phone="+6281230001120")
    citizen = citizen_client(app)
    with duty_phones(app, rsud_smart="+6281230009999"):
        code = ticket_code_from(
            submit(
                citizen,
                "sehat",
                {
                    "category": "ambulance",
                    "facility_code": "rsud-smart",
                    "description": "Ibu saya sesak napas, mohon ambulans.",
                    "desa_code": DABUAN,
                },
            )
        )
    ticket = get_ticket(app, code)
    told = {
        (m.recipient, m.recipient_label)
        for m in rows(app, OutboxMessage, OutboxMessage.ticket_id == ticket.id, OutboxMessage.purpose == "alert")
    }
    assert told == {("+6281230009999", "Nomor jaga RSUD SMART"), ("+6281230001120", "Command Center 112")}
