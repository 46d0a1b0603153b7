"""The same complaint made through each channel ends up as the same ticket, apart from its channel."""

import re

from suite.channels.credentials import create_api_key
from suite.extensions import db
from tests.conftest import csrf_token
from tests.helpers import PASSWORD, gen_citizen, get_ticket, login_citizen, staff_client, submit, ticket_code_from

TEXT = "sampah menumpuk di pasar desa sudah seminggu tidak diangkut"
DESA = "35.28.01.2001"  # Dabuan, Tlanakan
SHARED = (
    "module",
    "category",
    "status",
    "agency_id",
    "desa_code",
    "kecamatan_code",
    "title",
    "description",
    "extras",
    "priority",
    "visibility",
    "anonymous",
)


def test_web_api_open311_sms_and_call_centre_make_the_same_ticket(app, gateway):
    tickets = {}

    _, nik, phone = gen_citizen(app)
    web = app.test_client()
    login_citizen(web, nik)
    tickets["web"] = ticket_code_from(
        submit(web, "madul", {"category": "waste", "description": TEXT, "desa_code": DESA})
    )

    _, nik, phone = gen_citizen(app)
    api = app.test_client()
    token = api.post("/api/v1/auth/token", json={"identifier": nik, "password": PASSWORD}).json["token"]
    tickets["api"] = api.post(
        "/api/v1/tickets",
        headers={"Authorization": f"Bearer {token}"},
        json={"module": "madul", "category": "waste", "description": TEXT, "desa_code": DESA},
    ).json["code"]

    _, nik, phone = gen_citizen(app)
    with app.app_context():
        _, key = create_api_key("Aplikasi mitra")
        db.session.commit()
    answer = app.test_client().post(
        "/open311/v2/requests.json",
        data={"api_key": key, "service_code": "madul.waste", "description": TEXT, "address_id": DESA, "phone": phone},
    )
    assert answer.status_code in (200, 201), answer.get_data(as_text=True)
    tickets["open311"] = answer.json[0]["service_request_id"]

    _, nik, phone = gen_citizen(app)
    body, headers = gateway.webhook(f"MADUL Dabuan {TEXT}", phone)
    assert app.test_client().post("/webhook/sms", data=body, headers=headers).get_json()["outcome"] == "ticket_opened"
    tickets["sms"] = get_ticket_by_citizen_phone(app, phone)

    _, nik, phone = gen_citizen(app)
    officer = staff_client(app, "kominfo", call_centre=True)
    officer.post("/petugas/telepon", data={"csrf_token": csrf_token(officer, "/petugas/telepon"), "identifier": nik})
    page = officer.get("/petugas/telepon/lapor/madul").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]*)"', page).group(1)
    made = officer.post(
        "/petugas/telepon/lapor/madul",
        data={"csrf_token": token, "idempotency_key": key, "category": "waste", "description": TEXT, "desa_code": DESA},
    )
    tickets["phone"] = re.search(r"dibuat=([A-Z0-9-]+)", made.headers["Location"]).group(1)

    loaded = {channel: get_ticket(app, code) for channel, code in tickets.items()}
    reference = {field: getattr(loaded["web"], field) for field in SHARED}
    for channel, ticket in loaded.items():
        assert {field: getattr(ticket, field) for field in SHARED} == reference, channel
        assert (
            ticket.channel
            == {"web": "web", "api": "api", "open311": "open311", "sms": "sms", "phone": "phone"}[channel]
        )
        assert ticket.citizen_id is not None, channel


def get_ticket_by_citizen_phone(app, phone):
    from sqlalchemy import select

    from suite.identity.models import Citizen
    from suite.ticketing.models import Ticket

    with app.app_context():
        return db.session.execute(
            select(Ticket.code).join(Citizen, Citizen.id == Ticket.citizen_id).where(Citizen.phone == phone)
        ).scalar_one()
