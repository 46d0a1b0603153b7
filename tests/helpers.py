"""Short builders for tests (after CTFd's gen_* helpers)."""

from __future__ import annotations

import io
import itertools
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import event, func, select

from suite.database import utcnow
from suite.extensions import db
from suite.identity.models import Agency
from suite.identity.services import CitizenRegistration, create_staff, register_citizen
from suite.identity.totp import enrol_with_secret
from tests.conftest import csrf_token

# Passes the password policy (issue 9, item 4): long enough for staff, not common, no name in it.
PASSWORD = "garam-madura-2026"
# Every staff account gen_staff makes is enrolled with this TOTP secret; login_staff types its code.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_serials = itertools.count(1)


def make_nik(
    sex: str = "F",
    born: date = date(1995, 4, 7),
    kecamatan: str = "01",
    serial: int | None = None,
    regency: str = "3528",
) -> str:
    day = born.day + (40 if sex == "F" else 0)
    serial = next(_serials) if serial is None else serial
    return f"{regency}{kecamatan}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def gen_citizen(
    app, sex="F", born=date(1995, 4, 7), desa_code="35.28.01.2001", phone=None, confirmed=True, verified=True
):
    """Register a citizen through the service; return (id, nik, phone). By default the phone is
    confirmed and the identity verified in person (issue 9, item 5); ask for either to be left out."""
    nik = make_nik(sex, born)
    phone = phone or f"0813{int(nik[-4:]):08d}"
    with app.app_context():
        citizen = register_citizen(CitizenRegistration(nik, "Warga Uji", born, sex, phone, desa_code, PASSWORD))
        citizen.phone_confirmed_at = utcnow() if confirmed else None
        if verified:
            citizen.identity_verified_at, citizen.identity_verification_method = utcnow(), "ktp_in_person"
        db.session.commit()
        return citizen.id, nik, citizen.phone


def sent_phone_code(app, phone: str) -> str:
    """The last one-time code the outbox holds for ``phone`` (any format), as the citizen reads it."""
    from suite.identity.phones import to_e164
    from suite.notify.models import OutboxMessage

    with app.app_context():
        body = db.session.execute(
            select(OutboxMessage.body)
            .where(OutboxMessage.recipient == to_e164(phone), OutboxMessage.purpose == "phone_code")
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        ).scalar_one()
    return re.search(r"\b(\d{6})\b", body).group(1)


def confirm_registration(client, app, phone: str, expect_status: int = 302):
    """After the registration form: type the code the outbox sent to ``phone``."""
    token = csrf_token(client, "/akun/konfirmasi-hp")
    response = client.post("/akun/konfirmasi-hp", data={"csrf_token": token, "code": sent_phone_code(app, phone)})
    assert response.status_code == expect_status, response.get_data(as_text=True)
    return response


def gen_staff(
    app,
    agency_code: str | None,
    role: str = "officer",
    email: str | None = None,
    modules=None,
    call_centre: bool = False,
):
    email = email or f"{role}.{agency_code or 'all'}.{next(_serials)}@pamekasankab.go.id"
    with app.app_context():
        agency = (
            db.session.execute(select(Agency).where(Agency.code == agency_code)).scalar_one() if agency_code else None
        )
        staff = create_staff(email, f"Petugas {agency_code}", PASSWORD, role=role, agency=agency, module_codes=modules)
        staff.call_centre = call_centre  # may use the call centre (issue 9, item 10)
        enrol_with_secret(staff, TOTP_SECRET)  # second factor (issue 9, item 4)
        db.session.commit()
        return staff.id, email


def login_citizen(client, identifier: str, password: str = PASSWORD):
    token = csrf_token(client, "/akun/masuk")
    response = client.post("/akun/masuk", data={"csrf_token": token, "identifier": identifier, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def staff_password_step(client, email: str, password: str = PASSWORD):
    """The first step of a staff sign-in: post the email and password, whatever the answer."""
    token = csrf_token(client, "/petugas/masuk")
    return client.post("/petugas/masuk", data={"csrf_token": token, "email": email, "password": password})


def login_staff(client, email: str, password: str = PASSWORD):
    """Sign in with the password, then pass the second factor (the code step, or enrolment for an
    account that has none) as the staff member's authenticator app would."""
    response = staff_password_step(client, email, password)
    assert response.status_code == 302, response.get_data(as_text=True)
    step = response.headers["Location"].split("?")[0]
    if step.endswith("/petugas/masuk/kode") or step.endswith("/petugas/dua-langkah"):
        response = pass_second_factor(client, email, step[step.index("/petugas") :])
    return response


def totp_code(app, email: str) -> str:
    """The code the staff member's authenticator shows now. Test set-up: forgets the last accepted
    time-step, so a test may sign the same account in several times within one 30-second window."""
    import pyotp

    from suite.identity import protection
    from suite.identity.models import Staff

    with app.app_context():
        staff = db.session.execute(select(Staff).where(Staff.email == email.strip().lower())).scalar_one()
        staff.totp_last_step = None
        secret = protection.decrypt(staff.totp_secret_encrypted)
        db.session.commit()
    return pyotp.TOTP(secret).now()


def pass_second_factor(client, email: str, path: str = "/petugas/masuk/kode"):
    token = csrf_token(client, path)  # on the enrolment page, this GET also creates the secret
    response = client.post(path, data={"csrf_token": token, "code": totp_code(client.application, email)})
    expected = 200 if path.endswith("/dua-langkah") else 302  # enrolment shows the recovery codes once
    assert response.status_code == expected, response.get_data(as_text=True)
    return response


def _intake_form(client, url: str, fields: dict) -> dict:
    """The form at ``url`` filled with ``fields``, its fresh CSRF token and idempotency key."""
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]*)"', page).group(1)
    return {"csrf_token": token, "idempotency_key": key, **fields}


def submit(client, module: str, fields: dict, files=None):
    """Post a module's intake form with a fresh CSRF token and idempotency key."""
    data = _intake_form(client, f"/layanan/{module}/lapor", fields)
    if files:
        data["photos"] = files
    return client.post(f"/layanan/{module}/lapor", data=data, content_type="multipart/form-data")


def submit_on_behalf(officer, module: str, fields: dict):
    """Post the call centre's intake form for a caller, as ``submit`` does for a citizen."""
    url = f"/petugas/telepon/lapor/{module}"
    return officer.post(url, data=_intake_form(officer, url, fields))


def lorong_fields(**overrides):
    fields = {
        "category": "jalan",
        "road_name": "Jl. Raya Tlanakan",
        "damage_type": "pothole",
        "severity": "berat",
        "road_status": "regency",
        "description": "Lubang besar di depan balai desa, motor sering jatuh.",
        "desa_code": "35.28.01.2001",
    }
    fields.update(overrides)
    return fields


# The same road report as the JSON API takes it (``POST /api/v1/tickets``).
API_ROAD_REPORT = {
    "module": "lorong",
    "category": "jalan",
    "description": "Lubang besar di depan balai desa.",
    "desa_code": "35.28.01.2001",
    "extras": {
        "road_name": "Jl. Raya Tlanakan",
        "damage_type": "pothole",
        "severity": "berat",
        "road_status": "regency",
    },
}


def partner_key(app) -> tuple[int, dict[str, str]]:
    """A new partner API key: its id, and the header that sends it."""
    from suite.channels.credentials import create_api_key

    with app.app_context():
        key, plain = create_api_key("Aplikasi Desa Digital")
        db.session.commit()
        return key.id, {"X-API-Key": plain}


def register_pregnancy(client, weeks: int = 12, gravida: str = "2", para: str = "1", days: int = 0):
    """Register a pregnancy on e-Babhar for the signed-in mother, ``weeks`` (and ``days``) after
    her last period; return the answer (a redirect to the new ticket)."""
    hpht = date.today() - timedelta(weeks=weeks, days=days)
    response = submit(
        client,
        "babhar",
        {"last_period_date": hpht.isoformat(), "gravida": gravida, "para": para, "abortus": "0", "consent": "y"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def report_danger_sign(client, signs=("bleeding",)):
    """The signed-in mother reports danger signs on e-Babhar's form, with the key the form carries;
    return the answer (a redirect to the advice page when it is taken)."""
    url = "/layanan/babhar/bahaya"
    page = client.get(url).get_data(as_text=True)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]*)"', page).group(1)
    return client.post(
        url, data={"csrf_token": csrf_token(client, url), "idempotency_key": key, "signs_pregnancy": list(signs)}
    )


def ticket_code_from(response) -> str:
    match = re.search(r"/laporan-saya/([A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{4})", response.headers.get("Location", ""))
    assert match, response.headers.get("Location")
    return match.group(1)


def staff_client(app, agency_code, role="officer", call_centre=False):
    staff_id, email = gen_staff(app, agency_code, role, call_centre=call_centre)
    client = app.test_client()
    login_staff(client, email)
    client.staff_id = staff_id
    return client


def citizen_client(app, **kwargs):
    citizen_id, nik, _ = gen_citizen(app, **kwargs)
    client = app.test_client()
    login_citizen(client, nik)
    client.citizen_id = citizen_id
    return client


def staff_post(client, code: str, action: str, data: dict):
    token = csrf_token(client, f"/petugas/tiket/{code}")
    return client.post(f"/petugas/tiket/{code}/{action}", data={"csrf_token": token, **data})


def citizen_post(client, url: str, data: dict, token_from: str):
    return client.post(url, data={"csrf_token": csrf_token(client, token_from), **data})


def get_ticket(app, code: str):
    """Load a ticket with its events, detached for reading in the test."""
    from suite.ticketing.models import Ticket

    with app.app_context():
        ticket = db.session.execute(select(Ticket).where(Ticket.code == code)).scalar_one()
        _ = [e.kind for e in ticket.events], ticket.agency.name
        db.session.expunge_all()
        return ticket


def set_ticket(app, code: str, **fields):
    """Test set-up only: move a ticket's clock (created_at, first_response_at, ...)."""
    from suite.ticketing.models import Ticket

    with app.app_context():
        ticket = db.session.execute(select(Ticket).where(Ticket.code == code)).scalar_one()
        for name, value in fields.items():
            setattr(ticket, name, value)
        db.session.commit()


def agency_id(app, code: str) -> int:
    with app.app_context():
        return db.session.execute(select(Agency.id).where(Agency.code == code)).scalar_one()


def free_port() -> int:
    """A local TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def rows(app, model, *where, order=None):
    """The rows of ``model`` matching ``where`` (by id unless ``order``), detached for reading in the
    test; a ticket comes with its events, attachments and agency loaded."""
    from suite.ticketing.models import Ticket

    with app.app_context():
        query = select(model).where(*where).order_by(order if order is not None else model.id)
        found = db.session.execute(query).scalars().all()
        for row in found:
            if isinstance(row, Ticket):
                _ = [(e.kind, e.body) for e in row.events], [a.original_name for a in row.attachments], row.agency
        db.session.expunge_all()
        return found


def outbox(app, recipient: str | None = None):
    """The outbox in the order it was written; only what goes to ``recipient``, if given."""
    from suite.notify.models import OutboxMessage

    return rows(app, OutboxMessage, *([OutboxMessage.recipient == recipient] if recipient else []))


def audit_entries(app, order_by: str = "id", **where):
    """Audit entries with the given column values, detached, by id (or ``order_by``)."""
    from suite.audit.models import AuditEntry

    with app.app_context():
        query = select(AuditEntry).filter_by(**where).order_by(getattr(AuditEntry, order_by))
        found = db.session.execute(query).scalars().all()
        db.session.expunge_all()
        return found


def photo():
    """A small real JPEG, as a file to attach (photos are re-encoded: fake bytes are refused)."""
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (32, 32), (120, 90, 60)).save(data, "JPEG")
    data.seek(0)
    return data


def staff_photo(client, code: str, purpose: str = "after", data=None):
    """Attach a staff photo (survey, before, after) to a ticket through the ticket page's form; a
    road report is resolved only with an "after" photo (issue 11, item 5)."""
    token = csrf_token(client, f"/petugas/tiket/{code}")
    return client.post(
        f"/petugas/tiket/{code}/foto",
        data={"csrf_token": token, "purpose": purpose, "photo": (data or photo(), "sesudah.jpg")},
        content_type="multipart/form-data",
    )


@contextmanager
def recorded_statements(app) -> Iterator[list[str]]:
    """Every SQL statement the app's engine runs inside the block, in order (a live list)."""
    statements: list[str] = []

    def note(_conn, _cursor, statement, _params, _context, _many):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)
