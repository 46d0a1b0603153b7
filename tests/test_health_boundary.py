"""Health data stays inside health (issue 8, items 4-6): e-Sehat and e-Babhar tickets stay in the
Dinas Kesehatan tree, e-Sehat is sensitive by default, and the call centre files health reports
only for health or call-centre staff."""

import re

import pytest
from sqlalchemy import select

from suite.extensions import db
from suite.identity.models import Agency, Staff
from suite.notify.models import Notification, OutboxMessage
from suite.ticketing import access
from suite.ticketing.models import Ticket
from tests.channels.open311.support import BASE, json_of
from tests.conftest import csrf_token
from tests.helpers import (
    agency_id,
    citizen_client,
    gen_citizen,
    gen_staff,
    get_ticket,
    lorong_fields,
    staff_client,
    staff_post,
    submit,
    ticket_code_from,
)

SECRET = "Saya positif TBC dan petugas puskesmas menolak memberi obat lanjutan."


def sehat_ticket(app, facility="pkm-tlanakan", category="medicine", text=SECRET, citizen=None):
    citizen = citizen or citizen_client(app)
    response = submit(
        citizen,
        "sehat",
        {"category": category, "facility_code": facility, "description": text, "desa_code": "35.28.01.2001"},
    )
    return ticket_code_from(response), citizen


def select_options(page: str, name: str) -> set[str]:
    block = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return {value for value in re.findall(r'<option[^>]*value="([^"]*)"', block) if value}


def dinkes_tree(app) -> set[str]:
    with app.app_context():
        root = db.session.execute(select(Agency).where(Agency.code == "dinkes")).scalar_one()
        return {str(i) for i in root.subtree_ids()}


# -- item 5: sensitive by default ------------------------------------------------------------


def test_an_e_sehat_ticket_is_sensitive_and_confidential_by_default(app):
    code, _ = sehat_ticket(app)
    ticket = get_ticket(app, code)
    assert ticket.sensitive is True and ticket.visibility == "confidential"
    lorong = get_ticket(app, ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields())))
    assert lorong.sensitive is False and lorong.visibility == "public"


# -- item 4: forwarding stays inside Dinkes --------------------------------------------------


def test_the_forward_form_offers_only_dinkes_units_and_refuses_others(app):
    code, _ = sehat_ticket(app)
    unit = staff_client(app, "pkm-tlanakan")
    page = unit.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    offered = select_options(page, "agency")
    assert offered and offered <= dinkes_tree(app) - {str(agency_id(app, "pkm-tlanakan"))}
    assert str(agency_id(app, "pupr")) not in offered and str(agency_id(app, "command-center")) not in offered
    response = staff_post(
        unit, code, "teruskan", {"agency": agency_id(app, "pupr"), "reason": "Salah alamat, mohon ditangani PUPR."}
    )
    assert response.status_code == 422
    assert get_ticket(app, code).agency.code == "pkm-tlanakan"
    # Inside the tree it goes through.
    response = staff_post(
        unit, code, "teruskan", {"agency": agency_id(app, "rsud-smart"), "reason": "Pasien dirujuk ke rumah sakit."}
    )
    assert response.status_code == 302 and get_ticket(app, code).agency.code == "rsud-smart"
    # A road ticket is still forwarded anywhere.
    lorong = ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields()))
    options = select_options(staff_client(app, "pupr").get(f"/petugas/tiket/{lorong}").get_data(as_text=True), "agency")
    assert str(agency_id(app, "dinkes")) in options and str(agency_id(app, "dlh")) in options


def test_the_service_refuses_forwarding_a_health_ticket_outside_dinkes(app):
    from suite.database import begin_write
    from suite.errors import DomainError
    from suite.ticketing.dispositions import forward_ticket

    code, _ = sehat_ticket(app)
    staff_id, _ = gen_staff(app, "pkm-tlanakan")
    with app.test_request_context():
        begin_write()
        ticket = db.session.execute(select(Ticket).where(Ticket.code == code)).scalar_one()
        staff = db.session.get(Staff, staff_id)
        with pytest.raises(DomainError) as refused:
            forward_ticket(ticket.id, staff, db.session.get(Agency, agency_id(app, "pupr")), "Bukan urusan kami.")
        assert "agency" in refused.value.errors and "Dinas Kesehatan" in str(refused.value.message)
        db.session.rollback()


def test_bulk_forward_refuses_the_health_ticket(app):
    code, _ = sehat_ticket(app)
    supervisor = staff_client(app, "dinkes", role="supervisor")
    token = csrf_token(supervisor, "/petugas/")
    response = supervisor.post(
        "/petugas/massal",
        data={
            "csrf_token": token,
            "tickets": [get_ticket(app, code).id],
            "action": "forward",
            "agency": agency_id(app, "dlh"),
            "reason": "Soal kebersihan lingkungan.",
        },
    )
    assert response.status_code == 302
    assert get_ticket(app, code).agency.code == "pkm-tlanakan" and get_ticket(app, code).forward_count == 0
    assert "Dinas Kesehatan" in supervisor.get("/petugas/").get_data(as_text=True)  # the refusal is flashed


# -- item 4: who sees a health ticket ------------------------------------------------------


def test_a_health_ticket_is_seen_by_its_unit_and_dinkes_supervisors_only(app):
    code, _ = sehat_ticket(app)
    allowed = [
        staff_client(app, "pkm-tlanakan"),
        staff_client(app, "pkm-tlanakan", role="supervisor"),
        staff_client(app, "dinkes", role="supervisor"),
    ]
    refused = [
        staff_client(app, "pkm-pademawu"),
        staff_client(app, "pkm-pademawu", role="supervisor"),
        staff_client(app, "dinkes"),  # a Dinkes officer works Dinkes' own tickets, not a unit's
        staff_client(app, "pupr"),
        staff_client(app, "pupr", role="supervisor"),
        staff_client(app, "command-center"),
        staff_client(app, "command-center", role="supervisor"),
        staff_client(app, None, role="supervisor"),
        staff_client(app, None, role="admin"),
    ]
    for client in allowed:
        page = client.get(f"/petugas/tiket/{code}")
        assert page.status_code == 200 and SECRET in page.get_data(as_text=True)
        assert code in client.get("/petugas/").get_data(as_text=True)
    for client in refused:
        assert client.get(f"/petugas/tiket/{code}").status_code == 403
        queue = client.get("/petugas/?status=semua").get_data(as_text=True)
        assert code not in queue and SECRET not in queue


def test_public_works_the_command_centre_and_open311_never_see_e_sehat_text(app):
    code, citizen = sehat_ticket(app)
    unit = staff_client(app, "pkm-tlanakan")
    assert (
        staff_post(
            unit, code, "tanggapan", {"body": "Obat TBC lanjutan tersedia Senin di poli paru.", "visibility": "public"}
        ).status_code
        == 302
    )
    works = staff_client(app, "pupr")
    command = staff_client(app, None, role="supervisor")  # regency-wide, like demo command@
    for client in (works, command):
        refused = client.get(f"/petugas/tiket/{code}")
        assert refused.status_code == 403 and SECRET not in refused.get_data(as_text=True)
        for url in ("/petugas/?status=semua", "/petugas/?module=sehat&status=semua", "/petugas/kinerja"):
            page = client.get(url).get_data(as_text=True)
            assert SECRET not in page and "poli paru" not in page and code not in page
    # Open311: neither listed nor found by its id, nor is e-Sehat a service.
    anyone = app.test_client()
    listing = anyone.get(f"{BASE}/requests.json").get_data(as_text=True)
    assert code not in listing and SECRET not in listing
    assert anyone.get(f"{BASE}/requests/{code}.json").status_code == 404
    assert anyone.get(f"{BASE}/requests.json?service_request_id={code}").get_json() == []
    assert not [s for s in json_of(anyone.get(f"{BASE}/services.json")) if s["service_code"].startswith("sehat.")]
    # The public tracking page shows the status only.
    public = anyone.get(f"/lacak/{code}").get_data(as_text=True)
    assert SECRET not in public and "poli paru" not in public and "rahasia" in public


def test_a_sensitive_ticket_text_never_goes_into_a_notification(app):
    citizen = citizen_client(app)
    with app.app_context():
        from suite.identity.models import Citizen

        db.session.get(Citizen, citizen.citizen_id).preferred_channel = "sms"
        db.session.commit()
    code, _ = sehat_ticket(app, citizen=citizen)
    dinkes = staff_client(app, "dinkes", role="supervisor")
    hospital = staff_client(app, "rsud-smart")
    assert (
        staff_post(
            dinkes,
            code,
            "tanggapan",
            {"body": "Hasil dahak Anda positif, lanjut pengobatan TBC.", "visibility": "public"},
        ).status_code
        == 302
    )
    assert (
        staff_post(
            dinkes, code, "status", {"status": "verified", "note": "Diagnosis TBC dikonfirmasi dokter."}
        ).status_code
        == 302
    )
    assert (
        staff_post(
            dinkes, code, "teruskan", {"agency": agency_id(app, "rsud-smart"), "reason": "Pasien TBC perlu rawat inap."}
        ).status_code
        == 302
    )
    with app.app_context():
        ticket_id = db.session.execute(select(Ticket.id).where(Ticket.code == code)).scalar_one()
        notes = db.session.execute(select(Notification).where(Notification.ticket_id == ticket_id)).scalars().all()
        outbox = db.session.execute(select(OutboxMessage).where(OutboxMessage.ticket_id == ticket_id)).scalars().all()
    assert {n.recipient_type for n in notes} == {"citizen", "staff"} and outbox
    assert hospital.staff_id in {n.recipient_id for n in notes if n.recipient_type == "staff"}
    for body in [n.body for n in notes] + [m.body for m in outbox]:
        assert "TBC" not in body and SECRET not in body and code in body


# -- item 6: the call centre ---------------------------------------------------------------


def choose_caller(officer, phone):
    token = csrf_token(officer, "/petugas/telepon")
    found = officer.post("/petugas/telepon", data={"csrf_token": token, "identifier": "0" + phone[3:]})
    assert found.status_code == 302


def file_by_phone(officer, module, fields):
    page = officer.get(f"/petugas/telepon/lapor/{module}")
    token = csrf_token(officer, "/petugas/telepon")
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]*)"', page.get_data(as_text=True))
    return page, officer.post(
        f"/petugas/telepon/lapor/{module}",
        data={"csrf_token": token, "idempotency_key": key.group(1) if key else "", **fields},
    )


SEHAT_BY_PHONE = {
    "category": "medicine",
    "facility_code": "pkm-tlanakan",
    "desa_code": "35.28.01.2001",
    "description": "Obat darah tinggi kosong di puskesmas dua minggu ini.",
}


def test_the_call_centre_files_health_reports_only_for_health_and_call_centre_staff(app):
    _, _, phone = gen_citizen(app)
    works = staff_client(app, "pupr", call_centre=True)
    choose_caller(works, phone)
    menu = works.get("/petugas/telepon/warga").get_data(as_text=True)
    assert "/petugas/telepon/lapor/lorong" in menu
    assert "/petugas/telepon/lapor/sehat" not in menu and "/petugas/telepon/lapor/babhar" not in menu
    assert works.get("/petugas/telepon/lapor/sehat").status_code == 403
    token = csrf_token(works, "/petugas/telepon")
    assert works.post("/petugas/telepon/lapor/sehat", data={"csrf_token": token, **SEHAT_BY_PHONE}).status_code == 403
    for agency in ("command-center", "pkm-tlanakan"):
        officer = staff_client(app, agency, call_centre=True)
        choose_caller(officer, phone)
        menu = officer.get("/petugas/telepon/warga").get_data(as_text=True)
        assert "/petugas/telepon/lapor/sehat" in menu and "/petugas/telepon/lapor/babhar" in menu
        page, response = file_by_phone(officer, "sehat", SEHAT_BY_PHONE)
        assert page.status_code == 200 and response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        filed = (
            db.session.execute(select(Ticket).where(Ticket.module == "sehat", Ticket.channel == "phone"))
            .scalars()
            .all()
        )
        assert len(filed) == 2 and all(t.sensitive for t in filed)


# -- the queue selects exactly what can_act allows -------------------------------------------
# (what an agency forwarded away is seen, not worked: tests/test_forwarding_agency_follows.py)


def test_the_queue_filter_and_can_act_agree(app):
    codes = [sehat_ticket(app, facility=f)[0] for f in ("pkm-tlanakan", "pkm-pademawu", "rsud-smart", "")]
    codes.append(ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields())))
    staff_ids = [
        gen_staff(app, agency, role)[0]
        for agency, role in (
            ("pkm-tlanakan", "officer"),
            ("pkm-tlanakan", "supervisor"),
            ("dinkes", "officer"),
            ("dinkes", "supervisor"),
            ("dinkes", "admin"),
            ("pupr", "officer"),
            ("pupr", "supervisor"),
            ("command-center", "officer"),
            (None, "supervisor"),
            (None, "admin"),
            (None, "officer"),
        )
    ]
    with app.test_request_context():
        tickets = db.session.execute(select(Ticket).where(Ticket.code.in_(codes))).scalars().all()
        for staff_id in staff_ids:
            staff = db.session.get(Staff, staff_id)
            queued = set(
                db.session.execute(
                    select(Ticket.code).where(Ticket.code.in_(codes), *access.queue_filter(staff))
                ).scalars()
            )
            assert queued == {t.code for t in tickets if access.can_act(staff, t)}, (staff.email, queued)
