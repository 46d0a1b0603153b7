"""Finding citizens by NIK or phone is the call centre's duty only: staff with the call-centre flag
and admins; every lookup is audited and lookups are limited per account (issue 9, item 10)."""

import pytest
from sqlalchemy import select

from suite.extensions import db, limiter
from suite.identity import protection
from suite.identity.models import Staff
from tests.conftest import csrf_token
from tests.helpers import audit_entries as audit_rows
from tests.helpers import citizen_client, gen_citizen, gen_staff, login_staff, make_nik, staff_client

CALL_CENTRE_GETS = ("/petugas/telepon", "/petugas/telepon/warga", "/petugas/telepon/lapor/lorong")
CALL_CENTRE_POSTS = (
    "/petugas/telepon",
    "/petugas/telepon/daftar",
    "/petugas/telepon/lapor/lorong",
    "/petugas/telepon/selesai",
)


def lookup(client, identifier, token=None):
    token = token or csrf_token(client, "/petugas/telepon")
    return client.post("/petugas/telepon", data={"csrf_token": token, "identifier": identifier})


@pytest.mark.parametrize(
    "agency, role",
    [
        ("pupr", "officer"),
        ("pupr", "supervisor"),
        ("command-center", "officer"),
        (None, "supervisor"),
        ("pkm-tlanakan", "officer"),
    ],
)
def test_staff_without_the_call_centre_duty_reach_no_call_centre_page(app, agency, role):
    _, nik, _ = gen_citizen(app)
    staff = staff_client(app, agency, role)
    token = csrf_token(staff, "/petugas/profil")
    for path in CALL_CENTRE_GETS:
        assert staff.get(path).status_code == 403, path
    for path in CALL_CENTRE_POSTS:
        assert staff.post(path, data={"csrf_token": token, "identifier": nik}).status_code == 403, path
    assert audit_rows(app, resource_type="citizen") == []
    assert "/petugas/telepon" not in staff.get("/petugas/").get_data(as_text=True)


def test_citizens_and_visitors_reach_no_call_centre_page(app):
    citizen, visitor = citizen_client(app), app.test_client()
    for path in CALL_CENTRE_GETS:
        assert citizen.get(path).status_code == 403, path
        assert visitor.get(path).status_code == 302 and "/petugas/masuk" in visitor.get(path).headers["Location"]


@pytest.mark.parametrize(
    "agency, role, flag", [("command-center", "officer", True), ("pupr", "supervisor", True), (None, "admin", False)]
)
def test_call_centre_staff_and_admins_find_callers(app, agency, role, flag):
    citizen_id, nik, _ = gen_citizen(app)
    operator = staff_client(app, agency, role, call_centre=flag)
    assert "/petugas/telepon" in operator.get("/petugas/").get_data(as_text=True)
    found = lookup(operator, nik)
    assert found.status_code == 302 and found.headers["Location"].endswith("/petugas/telepon/warga")
    assert operator.get("/petugas/telepon/warga").status_code == 200


def test_every_lookup_is_audited_with_the_identifier_kind_never_the_identifier(app):
    citizen_id, nik, phone = gen_citizen(app)
    staff_id, email = gen_staff(app, "command-center", call_centre=True)
    operator = app.test_client()
    operator.environ_base.update(REMOTE_ADDR="10.4.4.4", HTTP_USER_AGENT="Softphone/2.1")
    login_staff(operator, email)
    unknown = make_nik("M")
    token = csrf_token(operator, "/petugas/telepon")
    for identifier in (nik, unknown, "0" + phone[3:], "081299999999"):
        assert lookup(operator, identifier, token).status_code in (200, 302)
    rows = audit_rows(app, staff_id=staff_id, action="lookup")
    assert [(e.resource_id, e.citizen_id) for e in rows] == [
        (str(citizen_id), citizen_id),
        ("not-found", None),
        (str(citizen_id), citizen_id),
        ("not-found", None),
    ]
    with app.app_context():
        index = protection.blind_index(unknown)[:16]
    assert rows[1].detail == f"lookup by NIK, index {index}"
    assert [e.detail for e in rows[2:]] == ["lookup by phone"] * 2
    assert {(e.ip_address, e.user_agent) for e in rows} == {("10.4.4.4", "Softphone/2.1")}
    written = " ".join(f"{e.resource_id} {e.detail} {e.before} {e.after}" for e in audit_rows(app))
    for secret in (nik, unknown, phone[3:], "81299999999"):
        assert secret not in written


def test_a_caller_registered_by_phone_is_audited(app):
    operator = staff_client(app, "command-center", call_centre=True)
    nik = make_nik("M")
    token = csrf_token(operator, "/petugas/telepon")
    registered = operator.post(
        "/petugas/telepon/daftar",
        data={
            "csrf_token": token,
            "nik": nik,
            "full_name": "Pak Penelepon",
            "birth_date": f"19{nik[10:12]}-{nik[8:10]}-{nik[6:8]}",
            "sex": "M",
            "phone": "081377788811",
            "desa_code": "35.28.02.2001",
        },
    )
    assert registered.status_code == 302
    [entry] = audit_rows(app, action="create", resource_type="citizen")
    assert entry.staff_id == operator.staff_id and entry.citizen_id is not None and nik not in str(entry.detail)
    # Registering the same NIK again is refused, and the refusal (which says the NIK is taken) is audited.
    again = operator.post(
        "/petugas/telepon/daftar",
        data={
            "csrf_token": token,
            "nik": nik,
            "full_name": "Pak Lain",
            "birth_date": f"19{nik[10:12]}-{nik[8:10]}-{nik[6:8]}",
            "sex": "M",
            "phone": "081377788822",
            "desa_code": "35.28.02.2001",
        },
    )
    assert again.status_code == 422
    [refusal] = audit_rows(app, action="lookup", resource_id="registration-refused")
    assert refusal.staff_id == operator.staff_id and refusal.detail == "registration refused (nik)"


def reset_limits(app):
    with app.app_context():
        limiter.reset()


def test_lookups_are_limited_per_staff_account(app):
    reset_limits(app)  # counters of earlier tests' accounts (ids are reused) start afresh
    app.config["CALL_CENTRE_LOOKUP_RATE_LIMIT"] = "3 per hour"
    try:
        first = staff_client(app, "command-center", call_centre=True)
        token = csrf_token(first, "/petugas/telepon")
        assert [lookup(first, f"0812000000{n:02d}", token).status_code for n in range(3)] == [200] * 3
        assert lookup(first, "081200000099", token).status_code == 429
        # Registration shares the counter: it also tells whether a NIK is taken.
        assert first.post("/petugas/telepon/daftar", data={"csrf_token": token}).status_code == 429
        assert first.get("/petugas/telepon").status_code == 200  # the page itself is no lookup
        # Same address, other account: its own counter.
        second = staff_client(app, "command-center", call_centre=True)
        assert lookup(second, "081200000099").status_code == 200
    finally:
        app.config["CALL_CENTRE_LOOKUP_RATE_LIMIT"] = "10000 per minute"
        reset_limits(app)
    assert len(audit_rows(app, staff_id=first.staff_id, action="lookup")) == 3


def test_create_staff_grants_the_call_centre_duty_on_request(app):
    runner = app.test_cli_runner()
    password = "Kopi-Tubruk-Pamekasan-2026"
    for email, flags in (("operator.112@pamekasankab.go.id", ["--call-centre"]), ("petugas@pamekasankab.go.id", [])):
        result = runner.invoke(
            args=[
                "create-staff",
                "--email",
                email,
                "--name",
                "Operator",
                "--agency",
                "command-center",
                "--password",
                password,
                *flags,
            ]
        )
        assert result.exit_code == 0, result.output
    with app.app_context():
        granted = dict(db.session.execute(select(Staff.email, Staff.call_centre)).all())
    assert granted == {"operator.112@pamekasankab.go.id": True, "petugas@pamekasankab.go.id": False}


def test_the_demo_call_centre_operator_has_the_duty(app):
    from suite.demo import seed_demo

    with app.app_context():
        seed_demo(ticket_count=0)
        db.session.commit()
        granted = dict(db.session.execute(select(Staff.email, Staff.call_centre)).all())
    assert granted.pop("callcenter@pamekasankab.go.id") is True
    assert not any(granted.values())
