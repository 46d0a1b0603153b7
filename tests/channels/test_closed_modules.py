"""Admins close and re-open modules at runtime (issue 12, item 1): a closed module's intake stops on
the web, the JSON API, Open311, email, SMS and WhatsApp with the closed message; its history stays
readable and its queue workable; the module chooser shows it closed; the change is audited."""

from __future__ import annotations

import re

from suite.channels.models import InboundMessage
from suite.ticketing.models import Ticket
from tests.channels.email.conftest import intake, mail, send  # noqa: F401  (fixture)
from tests.channels.open311.support import make_api_key, post_request, road_request
from tests.channels.sms.support import deliver_outbox
from tests.channels.whatsapp.conftest import cloud, whatsapp  # noqa: F401  (fixtures)
from tests.conftest import csrf_token
from tests.helpers import API_ROAD_REPORT as ROAD
from tests.helpers import (
    audit_entries,
    citizen_client,
    count,
    gen_citizen,
    get_ticket,
    lorong_fields,
    outbox,
    partner_key,
    rows,
    staff_client,
    staff_post,
    submit,
    ticket_code_from,
)

CLOSED = "sedang ditutup"
NOTICE = "Pemeliharaan sistem sampai Senin."


def set_module(admin, code: str, action: str, notice: str = ""):
    token = csrf_token(admin, "/admin/layanan")
    return admin.post("/admin/layanan", data={"csrf_token": token, "module": code, "action": action, "notice": notice})


def close(app, code: str, notice: str = NOTICE):
    admin = staff_client(app, None, role="admin")
    assert set_module(admin, code, "close", notice).status_code == 302
    return admin


# -- the admin page --------------------------------------------------------------


def test_the_admin_page_lists_modules_by_name_and_closing_is_audited_with_before_and_after(app):
    admin = staff_client(app, None, role="admin")
    page = admin.get("/admin/layanan").get_data(as_text=True)
    assert "e-Lorong" in page and "e-Babhar" in page and "Dibuka" in page

    response = set_module(admin, "lorong", "close", NOTICE)

    assert response.status_code == 302
    page = admin.get("/admin/layanan").get_data(as_text=True)
    assert "Ditutup" in page and NOTICE in page
    [entry] = audit_entries(app, resource_type="module_setting")
    assert (entry.action, entry.resource_id, entry.staff_id) == ("update", "lorong", admin.staff_id)
    assert entry.before == {"open": True, "notice": None}
    assert entry.after == {"open": False, "notice": NOTICE}

    assert set_module(admin, "lorong", "open").status_code == 302
    reopened = audit_entries(app, resource_type="module_setting")[-1]
    assert reopened.before == {"open": False, "notice": NOTICE} and reopened.after == {"open": True, "notice": None}
    # Saving what is already so changes nothing and audits nothing.
    set_module(admin, "lorong", "open")
    assert len(audit_entries(app, resource_type="module_setting")) == 2


def test_officer_and_supervisor_are_refused_and_change_nothing(app):
    for role in ("officer", "supervisor"):
        user = staff_client(app, "pupr", role=role)
        assert user.get("/admin/layanan").status_code in (302, 403, 404)
        token = csrf_token(user, "/petugas/")
        refused = user.post("/admin/layanan", data={"csrf_token": token, "module": "lorong", "action": "close"})
        assert refused.status_code in (302, 403, 404)
    assert audit_entries(app, resource_type="module_setting") == []
    assert "Buat laporan" in citizen_client(app).get("/layanan/lorong/").get_data(as_text=True)


def test_bad_input_is_refused_without_a_change(app):
    admin = staff_client(app, None, role="admin")
    token = csrf_token(admin, "/admin/layanan")
    too_long = admin.post(
        "/admin/layanan", data={"csrf_token": token, "module": "lorong", "action": "close", "notice": "x" * 301}
    )
    assert too_long.status_code == 422
    unknown = admin.post("/admin/layanan", data={"csrf_token": token, "module": "nope", "action": "close"})
    assert unknown.status_code == 404
    odd = admin.post("/admin/layanan", data={"csrf_token": token, "module": "lorong", "action": "delete"})
    assert odd.status_code == 422
    assert audit_entries(app, resource_type="module_setting") == []


# -- web ---------------------------------------------------------------------------


def test_web_shows_the_closed_notice_refuses_a_post_with_503_and_keeps_what_was_typed(app, client):
    citizen = citizen_client(app)
    token = csrf_token(citizen, "/layanan/lorong/lapor")
    close(app, "lorong")

    home = client.get("/").get_data(as_text=True)
    card = home[home.index("e-Lorong") :][:1500]
    assert "Ditutup" in card and NOTICE in card  # shown closed, not hidden
    module_page = citizen.get("/layanan/lorong/").get_data(as_text=True)
    assert CLOSED in module_page and "/layanan/lorong/lapor" not in module_page
    form_page = citizen.get("/layanan/lorong/lapor")
    assert form_page.status_code == 200 and CLOSED in form_page.get_data(as_text=True)
    assert 'name="description"' not in form_page.get_data(as_text=True)

    posted = citizen.post("/layanan/lorong/lapor", data={"csrf_token": token, **lorong_fields()})

    assert posted.status_code == 503
    text = posted.get_data(as_text=True)
    assert CLOSED in text and NOTICE in text and "motor sering jatuh" in text  # nothing lost
    assert count(app, Ticket) == 0


def test_reopening_restores_intake_everywhere(app, client, sms):
    admin = close(app, "lorong")
    assert set_module(admin, "lorong", "open").status_code == 302
    citizen = citizen_client(app)
    assert submit(citizen, "lorong", lorong_fields()).status_code == 302
    _, _, phone = gen_citizen(app)
    assert sms("LORONG Dabuan jalan berlubang di Jl. Raya Tlanakan depan SD", phone).get_json()["outcome"] == (
        "ticket_opened"
    )
    assert count(app, Ticket) == 2
    assert CLOSED not in client.get("/").get_data(as_text=True)


# -- JSON API and Open311 ------------------------------------------------------------


def test_api_refuses_a_closed_module_with_service_closed_and_lists_it_closed(app, client):
    _, headers = partner_key(app)
    close(app, "lorong")

    response = client.post("/api/v1/tickets", json=ROAD, headers=headers)

    assert response.status_code == 503
    assert response.json["errors"]["reason"] == "service_closed"
    assert CLOSED in response.json["message"] and NOTICE in response.json["message"]
    assert count(app, Ticket) == 0
    modules = {m["code"]: m for m in client.get("/api/v1/modules").json}
    assert modules["lorong"]["open"] is False and CLOSED in modules["lorong"]["closed_message"]
    assert modules["madul"]["open"] is True and modules["madul"]["closed_message"] is None


def test_open311_lists_no_closed_service_and_a_post_answers_the_closed_message(app, client):
    key = make_api_key(app)
    close(app, "lorong")

    listed = [s["service_code"] for s in client.get("/open311/v2/services.json").get_json()]
    assert listed and not any(code.startswith("lorong.") for code in listed)

    response = post_request(client, road_request(key))

    assert response.status_code == 503
    [error] = response.get_json()
    assert error["code"] == 503 and "service_closed" in error["description"] and CLOSED in error["description"]
    assert count(app, Ticket) == 0


# -- email, SMS, WhatsApp --------------------------------------------------------------


def test_email_to_a_closed_service_is_answered_closed_and_kept(app, intake):  # noqa: F811
    close(app, "madul")

    send(intake, mail(sender="siti@example.id"))

    assert count(app, Ticket) == 0
    [received] = rows(app, InboundMessage)
    assert received.outcome == "refused_service_closed" and "Sampah" in received.body
    [answer] = outbox(app, "siti@example.id")
    assert CLOSED in answer.body and NOTICE in answer.body


def test_sms_keyword_of_a_closed_module_answers_closed_not_unknown_command(app, sms, gateway):
    _, _, phone = gen_citizen(app)
    close(app, "lorong")

    answer = sms("LORONG Dabuan jalan berlubang di Jl. Raya Tlanakan depan SD", phone)

    assert answer.get_json()["outcome"] == "service_closed"
    assert count(app, Ticket) == 0
    deliver_outbox(app)
    [text] = gateway.texts_to(phone)
    assert CLOSED in text and NOTICE in text and "tidak dikenal" not in text
    help_text = sms("BANTU", phone)
    assert help_text.get_json()["outcome"] == "help"
    deliver_outbox(app)
    assert not any("LORONG <desa>" in t for t in gateway.texts_to(phone))  # not offered while closed


def test_bahaya_to_a_closed_babhar_still_says_call_119_first(app, sms, gateway):
    _, _, phone = gen_citizen(app, sex="F")
    close(app, "babhar")

    answer = sms("BAHAYA 1 3", phone)

    assert answer.get_json()["outcome"] == "service_closed"
    assert count(app, Ticket) == 0
    deliver_outbox(app)
    [text] = gateway.texts_to(phone)
    assert text.startswith("DARURAT? Telepon 119") and "puskesmas" in text and CLOSED in text


def test_babhar_danger_page_when_closed_shows_the_emergency_advice_and_refuses_a_post(app, client):
    citizen = citizen_client(app, sex="F")
    token = csrf_token(client, "/layanan/babhar/bahaya/keluarga")  # the form was open when the page loaded
    close(app, "babhar")

    page = citizen.get("/layanan/babhar/bahaya")
    assert page.status_code == 200 and "119" in page.get_data(as_text=True) and CLOSED in page.get_data(as_text=True)
    family = client.post("/layanan/babhar/bahaya/keluarga", data={"csrf_token": token, "note": "Pendarahan banyak"})
    assert family.status_code == 503 and 'href="tel:119"' in family.get_data(as_text=True)
    assert count(app, Ticket) == 0


def test_whatsapp_report_and_menu_choice_of_a_closed_module_answer_closed(app, whatsapp, cloud):  # noqa: F811
    _, _, phone = gen_citizen(app)
    close(app, "lorong")

    answer = whatsapp(phone, "text", text={"body": "LORONG Dabuan jalan berlubang di Jl. Raya Tlanakan depan SD"})
    assert answer.status_code == 200
    chosen = whatsapp(
        phone, "interactive", interactive={"type": "list_reply", "list_reply": {"id": "menu:lorong", "title": "x"}}
    )
    assert chosen.status_code == 200

    assert count(app, Ticket) == 0
    assert [m.outcome for m in rows(app, InboundMessage)] == ["service_closed", "service_closed"]
    deliver_outbox(app)
    texts = cloud.texts_to(phone)
    assert len(texts) == 2 and all(CLOSED in t and "tidak dikenal" not in t for t in texts)


# -- history stays readable, the queue workable -------------------------------------------


def test_a_closed_modules_tickets_stay_readable_and_staff_keep_working_them(app, client):
    citizen = citizen_client(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    agency = get_ticket(app, code).agency.code
    officer = staff_client(app, agency)
    close(app, "lorong")

    assert code in citizen.get("/laporan-saya").get_data(as_text=True)
    assert citizen.get(f"/laporan-saya/{code}").status_code == 200
    assert client.get(f"/lacak/{code}").status_code == 200
    token = csrf_token(citizen, f"/laporan-saya/{code}")
    commented = citizen.post(f"/laporan-saya/{code}", data={"csrf_token": token, "body": "Lubangnya makin dalam."})
    assert commented.status_code == 302

    assert code in officer.get("/petugas/").get_data(as_text=True)
    assert officer.get(f"/petugas/tiket/{code}").status_code == 200
    replied = staff_post(officer, code, "tanggapan", {"body": "Akan kami tambal minggu ini.", "visibility": "public"})
    assert replied.status_code == 302
    moved = staff_post(officer, code, "status", {"status": "verified", "note": ""})
    assert moved.status_code == 302

    ticket = get_ticket(app, code)
    kinds = [e.kind for e in ticket.events]
    assert "citizen_comment" in kinds and "public_reply" in kinds and ticket.status == "verified"
    assert re.search(r"Akan kami tambal", client.get(f"/lacak/{code}").get_data(as_text=True))


def test_the_call_centre_is_told_the_service_is_closed_and_a_form_posted_anyway_keeps_its_text(app):
    _, _, phone = gen_citizen(app)
    officer = staff_client(app, "kominfo", call_centre=True)
    token = csrf_token(officer, "/petugas/telepon")
    officer.post("/petugas/telepon", data={"csrf_token": token, "identifier": "0" + phone[3:]})
    url = "/petugas/telepon/lapor/lorong"
    page = officer.get(url).get_data(as_text=True)
    form_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    close(app, "lorong")

    chosen = officer.get(url)
    assert chosen.status_code == 302
    assert CLOSED in officer.get(chosen.headers["Location"]).get_data(as_text=True)
    posted = officer.post(url, data={"csrf_token": form_token, **lorong_fields()})
    assert posted.status_code == 503 and "motor sering jatuh" in posted.get_data(as_text=True)
    assert count(app, Ticket) == 0


def test_a_midwife_still_registers_a_pregnancy_at_the_puskesmas_while_babhar_is_closed(app):
    # The staff channel records care the unit gives in person (and a visit's clinical alarms): closing
    # e-Babhar to citizens' reports does not stop its health workers' own records.
    from tests.modules.babhar.test_pregnancy_registration import pregnancy_fields

    _, nik, _ = gen_citizen(app, sex="F")
    midwife = staff_client(app, "pkm-tlanakan")
    close(app, "babhar")
    token = csrf_token(midwife, "/layanan/babhar/petugas/daftar")
    response = midwife.post(
        "/layanan/babhar/petugas/daftar", data={"csrf_token": token, "mother_nik": nik, **pregnancy_fields()}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    [ticket] = rows(app, Ticket)
    assert (ticket.module, ticket.channel) == ("babhar", "staff")


def test_an_api_retry_of_a_ticket_made_before_closing_gets_that_ticket_back(app, client):
    _, headers = partner_key(app)
    headers = {**headers, "Idempotency-Key": "retry-after-closing-1"}
    first = client.post("/api/v1/tickets", json=ROAD, headers=headers)
    assert first.status_code == 201
    close(app, "lorong")

    retry = client.post("/api/v1/tickets", json=ROAD, headers=headers)

    assert retry.status_code == 200 and retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json["code"] == first.json["code"] and count(app, Ticket) == 1
    fresh = client.post("/api/v1/tickets", json=ROAD, headers={**headers, "Idempotency-Key": "retry-after-closing-2"})
    assert fresh.status_code == 503 and count(app, Ticket) == 1


def test_the_command_line_closes_and_reopens_a_module_audited(app, runner, sms):
    _, _, phone = gen_citizen(app)
    closed = runner.invoke(args=["modules", "close", "lorong", "--notice", NOTICE])
    assert closed.exit_code == 0 and "e-Lorong: closed" in closed.output
    listed = runner.invoke(args=["modules", "list"]).output
    assert f"lorong\te-Lorong\tclosed: {NOTICE}" in listed and "madul\te-Madul\topen" in listed
    assert sms("LORONG Dabuan jalan berlubang di Jl. Raya Tlanakan depan SD", phone).get_json()["outcome"] == (
        "service_closed"
    )

    assert runner.invoke(args=["modules", "open", "lorong"]).exit_code == 0

    assert sms("LORONG Dabuan jalan berlubang di Jl. Raya Tlanakan depan SD", phone).get_json()["outcome"] == (
        "ticket_opened"
    )
    entries = audit_entries(app, resource_type="module_setting")
    assert [(e.staff_id, e.before["open"], e.after["open"]) for e in entries] == [
        (None, True, False),
        (None, False, True),
    ]
    assert runner.invoke(args=["modules", "close", "nope"]).exit_code != 0


def test_the_kiosk_shows_a_closed_module_closed_and_its_form_the_notice(app):
    from tests.helpers import PASSWORD, login_citizen

    _, nik, _ = gen_citizen(app)
    close(app, "lorong")
    kiosk = app.test_client()
    kiosk.get("/kios/")
    login_citizen(kiosk, nik, PASSWORD)

    start = kiosk.get("/kios/").get_data(as_text=True)

    assert NOTICE in start and "/layanan/lorong/lapor" not in start and "/layanan/madul/lapor" in start
    assert CLOSED in kiosk.get("/layanan/lorong/lapor").get_data(as_text=True)


def test_a_danger_sign_sent_before_closing_still_gets_its_desa_and_the_unit_is_paged(app, sms, gateway):
    # Closing stops new tickets; the desa a stranger sends for the danger sign raised just before
    # still places that ticket (and pages its puskesmas): it is work on a ticket already held.
    stranger = "+6281299990001"
    assert sms("BAHAYA 1", stranger).get_json()["outcome"] == "danger_sign"
    close(app, "babhar")

    answer = sms("BAHAYA Dabuan", stranger)

    assert answer.get_json()["outcome"] == "danger_placed"
    [ticket] = rows(app, Ticket)
    assert ticket.desa_code == "35.28.01.2001"
    assert sms("BAHAYA 1", "+6281299990002").get_json()["outcome"] == "service_closed"  # a new one is not opened
    assert count(app, Ticket) == 1
