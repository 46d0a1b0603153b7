"""Every channel, every way of typing a NIK: afterwards no table and no log line holds it
(issue 9, item 1), and Open311 does not publish it."""

from __future__ import annotations

import json
import logging
import re

import pytest
from sqlalchemy import select

from suite.channels.models import HeldReport, InboundMessage
from suite.extensions import db
from suite.ticketing.models import Ticket, TicketEvent
from tests.channels.email.conftest import JPEG, intake, mail, send  # noqa: F401  (intake is a fixture)
from tests.channels.open311.support import BASE, make_api_key, post_request, road_request
from tests.channels.whatsapp.conftest import cloud, whatsapp  # noqa: F401  (fixtures)
from tests.channels.whatsapp.stand_in import tiny_png
from tests.helpers import (
    PASSWORD,
    citizen_client,
    citizen_post,
    gen_citizen,
    lorong_fields,
    staff_client,
    staff_photo,
    staff_post,
    submit,
    ticket_code_from,
)
from tests.helpers import (
    submit_on_behalf as _submit_on_behalf,
)

# As citizens type them, and as the security review typed them to get past the old SMS rule.
VARIANTS = {
    "plain": "3528014506900001",
    "two spaces": "3528  0145  0690  0066",
    "commas": "3528,0145,0690,0067",
    "double dots": "3528..0145..0690..0068",
    "line break": "3528 0145\n0690 0069",
}
ALL_DIGITS = [re.sub(r"\D", "", nik) for nik in VARIANTS.values()]
variants = pytest.mark.parametrize("nik", list(VARIANTS.values()), ids=list(VARIANTS))


@pytest.fixture(autouse=True)
def _all_logs(caplog):
    caplog.set_level(logging.DEBUG)


def _digits(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return re.sub(r"\D", "", text)


def stored_niks(app) -> list[tuple[str, str]]:
    """(table, column) of every stored string or JSON value holding one of the NIKs, separators removed."""
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(table.select()).mappings():
                for column, value in row.items():
                    if isinstance(value, (str, dict, list)) and any(nik in _digits(value) for nik in ALL_DIGITS):
                        found.append((table.name, column))
        db.session.remove()
    return found


def logged_niks(caplog) -> list[str]:
    lines = []
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        if any(nik in _digits(text) for nik in ALL_DIGITS):
            lines.append(text)
    return lines


def assert_nik_nowhere(app, caplog):
    assert stored_niks(app) == []
    assert logged_niks(caplog) == []


def _count(app, model) -> int:
    with app.app_context():
        return len(db.session.execute(select(model)).scalars().all())


def _ticket(app) -> Ticket:
    with app.app_context():
        ticket = db.session.execute(select(Ticket).order_by(Ticket.id.desc())).scalars().first()
        _ = ticket.events, ticket.attachments
        db.session.expunge_all()
        return ticket


# -- email: subject, body, sender name, attachment names; a new report and a reply ----------


@variants
def test_email_report_and_reply(app, intake, caplog, nik):  # noqa: F811
    one_line = " ".join(nik.split("\n"))  # a header cannot hold a line break; the body can
    send(
        intake,
        mail(
            subject=f"Sampah menumpuk, NIK {one_line}",
            name=f'"Siti {one_line}"',
            body=f"Sampah di pasar sudah seminggu tidak diangkut.\nNIK saya {nik}, HP 0812 3456 7890.",
            attachments=[(f"KTP {one_line}.jpg", JPEG, "image", "jpeg")],
        ),
    )
    ticket = _ticket(app)
    assert ticket is not None and ticket.channel == "email"
    assert "[NIK]" in ticket.description and "0812 3456 7890" in ticket.description
    send(
        intake,
        mail(
            subject=f"Re: [{ticket.code}] Kabar laporan Anda",
            body=f"Tambahan: KK saya {nik}. Mohon segera.",
            attachments=[(f"KK {one_line}.jpg", JPEG, "image", "jpeg")],
        ),
    )
    assert [e.kind for e in _ticket(app).events].count("citizen_comment") == 1
    assert _count(app, InboundMessage) == 2

    assert_nik_nowhere(app, caplog)


# -- SMS and WhatsApp: from a known phone, and held for a phone nobody owns yet --------------


@variants
def test_sms_reports_known_and_held(app, sms, caplog, nik):  # noqa: F811
    _, _, phone = gen_citizen(app)
    assert sms(f"MADUL Dabuan sampah menumpuk di pasar. NIK saya {nik}", phone).status_code == 200
    assert sms(f"MADUL Dabuan sampah menumpuk di balai desa. NIK {nik}", "+6281399990001").status_code == 200
    assert _count(app, Ticket) == 1 and _count(app, HeldReport) == 1
    assert "[NIK]" in _ticket(app).description

    assert_nik_nowhere(app, caplog)


@variants
def test_whatsapp_text_and_photo_caption(app, whatsapp, cloud, caplog, nik):  # noqa: F811
    _, _, phone = gen_citizen(app)
    cloud.add_media("2077", tiny_png(), "image/png")
    whatsapp(phone, text={"body": f"MADUL Dabuan sampah menumpuk di pasar. NIK saya {nik}"})
    whatsapp(
        phone,
        "image",
        image={"id": "2077", "mime_type": "image/png", "caption": f"MADUL Dabuan sampah di selokan pasar. NIK {nik}"},
    )
    assert _count(app, Ticket) == 2

    assert_nik_nowhere(app, caplog)


# -- the web: the citizen's form and comment, the staff's reply and note ------------------


@variants
def test_web_form_comment_staff_reply_and_note(app, caplog, nik):
    citizen = citizen_client(app)
    response = submit(
        citizen,
        "lorong",
        lorong_fields(description=f"Jalan berlubang besar. NIK saya {nik}", road_name=f"Jl. Raya {nik}"),
    )
    code = ticket_code_from(response)
    page = f"/laporan-saya/{code}"
    assert citizen_post(citizen, page, {"body": f"Sudah makin dalam. NIK {nik}"}, token_from=page).status_code == 302
    officer = staff_client(app, "pupr")
    for visibility in ("public", "internal"):
        answer = staff_post(
            officer, code, "tanggapan", {"body": f"Pelapor NIK {nik} dihubungi.", "visibility": visibility}
        )
        assert answer.status_code == 302
    ticket = _ticket(app)
    assert [e.kind for e in ticket.events].count("citizen_comment") == 1
    assert "[NIK]" in ticket.description and "[NIK]" in ticket.extras["road_name"]

    assert_nik_nowhere(app, caplog)


# -- the JSON API and Open311 ------------------------------------------------------------


@variants
def test_json_api_ticket_and_comment(app, client, caplog, nik):
    _, own_nik, _ = gen_citizen(app)
    token = client.post("/api/v1/auth/token", json={"identifier": own_nik, "password": PASSWORD}).json["token"]
    auth = {"Authorization": f"Bearer {token}"}
    created = client.post(
        "/api/v1/tickets",
        headers=auth,
        json={
            "module": "lorong",
            "category": "jalan",
            "description": f"Lubang besar. NIK saya {nik}",
            "desa_code": "35.28.01.2001",
            "extras": {
                "road_name": f"Jl. {nik}",
                "damage_type": "pothole",
                "severity": "berat",
                "road_status": "regency",
            },
        },
    )
    assert created.status_code == 201, created.json
    code = created.json["code"]
    assert (
        client.post(f"/api/v1/tickets/{code}/comments", json={"body": f"NIK {nik} lagi"}, headers=auth).status_code
        == 201
    )
    assert nik not in json.dumps(client.get(f"/api/v1/tickets/{code}", headers=auth).json)

    assert_nik_nowhere(app, caplog)


@variants
def test_open311_post_is_stored_and_published_without_the_nik(app, client, caplog, nik):
    response = post_request(
        client,
        road_request(
            make_api_key(app),
            description=f"Lubang besar. NIK saya {nik}",
            address_string=f"Depan rumah NIK {nik}",
            first_name=f"Siti {nik}",
            **{"attribute[road_name]": f"Jl. {nik}"},
        ),
    )
    assert response.status_code == 200, response.get_data(as_text=True)

    published = client.get(f"{BASE}/requests.json")
    assert published.status_code == 200 and published.json
    assert not any(digits in _digits(published.get_data(as_text=True)) for digits in ALL_DIGITS)
    assert "[NIK]" in published.get_data(as_text=True)
    assert_nik_nowhere(app, caplog)


def test_the_scan_would_see_a_nik_stored_in_clear(app, caplog):
    """The scan itself is sound: text written around the services is found."""
    with app.app_context():
        db.session.add(
            InboundMessage(channel="sms", external_id="gw-raw", sender="+62813", body="NIK 3528..0145..0690..0068")
        )
        db.session.commit()
    logging.getLogger("tests").info("nothing here")
    assert stored_niks(app) == [("inbound_messages", "body")]
    assert _count(app, TicketEvent) == 0


# -- the call centre and the kiosk ---------------------------------------------------------


@variants
def test_call_centre_report_for_a_caller(app, caplog, nik):
    from tests.conftest import csrf_token

    _, _, phone = gen_citizen(app)
    officer = staff_client(app, "kominfo", call_centre=True)
    token = csrf_token(officer, "/petugas/telepon")
    found = officer.post("/petugas/telepon", data={"csrf_token": token, "identifier": "0" + phone[3:]})
    assert found.status_code == 302
    response = _submit_on_behalf(
        officer,
        "lorong",
        lorong_fields(description=f"Penelepon menyebut NIK {nik}, jalan berlubang.", road_name=f"Jl. {nik}"),
    )
    assert response.status_code == 302
    assert "[NIK]" in _ticket(app).description and _ticket(app).channel == "phone"

    assert_nik_nowhere(app, caplog)


@variants
def test_call_centre_lookup_of_an_unknown_nik_keeps_nothing(app, caplog, nik):
    """A caller's NIK typed into the lookup is searched by its blind index, never stored or logged."""
    from tests.conftest import csrf_token

    officer = staff_client(app, "kominfo", call_centre=True)
    token = csrf_token(officer, "/petugas/telepon")
    assert officer.post("/petugas/telepon", data={"csrf_token": token, "identifier": nik}).status_code in (200, 302)

    assert_nik_nowhere(app, caplog)


@variants
def test_kiosk_report(app, caplog, nik):
    from tests.helpers import login_citizen

    _, own_nik, _ = gen_citizen(app)
    kiosk = app.test_client()
    kiosk.get("/kios/")
    login_citizen(kiosk, own_nik, PASSWORD)
    response = submit(kiosk, "lorong", lorong_fields(description=f"Jalan berlubang. NIK saya {nik}"))
    assert "/kios/tanda-terima/" in response.headers["Location"]
    assert _ticket(app).channel == "kiosk" and "[NIK]" in _ticket(app).description

    assert_nik_nowhere(app, caplog)


# -- after the answer: status notes, the citizen's rating comment and reopening reason ------


@variants
def test_status_notes_rating_comment_and_reopen_reason(app, caplog, nik):
    citizen = citizen_client(app)
    officer = staff_client(app, "pupr")
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    assert staff_photo(officer, code).status_code == 302  # a road is resolved with an after photo
    for target in ("verified", "in_progress", "resolved"):
        answer = staff_post(officer, code, "status", {"status": target, "note": f"Dicek dengan KTP {nik}."})
        assert answer.status_code == 302
    page = f"/laporan-saya/{code}"
    assert (
        citizen_post(
            citizen, f"{page}/nilai", {"score": "2", "comment": f"Kurang. NIK {nik}"}, token_from=page
        ).status_code
        == 302
    )
    assert (
        citizen_post(
            citizen, f"{page}/buka-kembali", {"reason": f"Lubang muncul lagi, NIK {nik}"}, token_from=page
        ).status_code
        == 302
    )
    assert _ticket(app).reopen_count == 1

    assert_nik_nowhere(app, caplog)


def test_a_whatsapp_photo_with_a_sixteen_digit_media_id_keeps_its_photo(app, whatsapp, cloud):  # noqa: F811
    """Gateway references are not typed text: a 16-digit media id is never masked."""
    from suite.ticketing.models import Attachment

    _, _, phone = gen_citizen(app)
    cloud.add_media("1234567890123456", tiny_png(), "image/png")
    whatsapp(
        phone,
        "image",
        image={
            "id": "1234567890123456",
            "mime_type": "image/png",
            "caption": "MADUL Dabuan sampah menumpuk di pinggir pasar",
        },
    )
    assert _count(app, Ticket) == 1 and _count(app, Attachment) == 1
    with app.app_context():
        body = db.session.execute(select(InboundMessage.body)).scalar_one()
    assert json.loads(body)["media"]["id"] == "1234567890123456"


def test_a_reporters_address_is_kept_as_given_even_when_it_is_digits(app, intake):  # noqa: F811
    """Contact details are how the answer reaches the reporter, not typed text: only the name is masked."""
    send(intake, mail(sender="3528014506900001@example.id", name="Siti 3528014506900001"))
    ticket = _ticket(app)
    assert ticket.reporter == {"name": "Siti [NIK]", "email": "3528014506900001@example.id"}
