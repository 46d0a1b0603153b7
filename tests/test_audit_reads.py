"""The audit log holds every read of a health ticket page and every call-centre lookup by NIK or
phone: who, when, what and from where (issue 8, item 7), never the NIK or phone itself."""

from tests.conftest import csrf_token
from tests.helpers import (
    audit_entries as entries,
)
from tests.helpers import (
    citizen_client,
    gen_citizen,
    gen_staff,
    login_staff,
    lorong_fields,
    make_nik,
    staff_client,
    submit,
    ticket_code_from,
)


def staff_from(app, agency_code, address, call_centre=False):
    """A signed-in staff client whose requests come from ``address`` (the session is bound to it)."""
    staff_id, email = gen_staff(app, agency_code, call_centre=call_centre)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    login_staff(client, email)
    client.staff_id = staff_id
    return client


def test_every_read_of_a_health_ticket_page_is_audited_with_who_when_and_where(app):
    citizen = citizen_client(app)
    code = ticket_code_from(
        submit(
            citizen,
            "sehat",
            {
                "category": "medicine",
                "facility_code": "pkm-tlanakan",
                "desa_code": "35.28.01.2001",
                "description": "Obat insulin habis sejak minggu lalu di puskesmas.",
            },
        )
    )
    unit, supervisor = staff_from(app, "pkm-tlanakan", "10.20.30.40"), staff_client(app, "dinkes", "supervisor")
    assert unit.get(f"/petugas/tiket/{code}").status_code == 200
    assert supervisor.get(f"/petugas/tiket/{code}").status_code == 200
    reads = entries(app, resource_type="ticket", resource_id=code)
    assert [(e.action, e.staff_id, e.ip_address) for e in reads] == [
        ("read", unit.staff_id, "10.20.30.40"),
        ("read", supervisor.staff_id, "127.0.0.1"),
    ]
    assert all(e.created_at is not None and "sehat" in e.detail for e in reads)
    # A refused look is no read; a road ticket's page is not health data.
    assert staff_client(app, "pupr").get(f"/petugas/tiket/{code}").status_code == 403
    assert len(entries(app, resource_type="ticket", resource_id=code)) == 2
    road = ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields()))
    assert staff_client(app, "pupr").get(f"/petugas/tiket/{road}").status_code == 200
    assert entries(app, resource_type="ticket", resource_id=road) == []


def test_call_centre_lookups_by_nik_and_phone_are_audited_without_the_identifier(app):
    citizen_id, nik, phone = gen_citizen(app)
    officer = staff_from(app, "command-center", "10.1.2.3", call_centre=True)
    token = csrf_token(officer, "/petugas/telepon")
    unknown_nik = make_nik("M")
    for identifier in (nik, "0" + phone[3:], unknown_nik, "081200000001"):
        assert officer.post("/petugas/telepon", data={"csrf_token": token, "identifier": identifier}).status_code in (
            200,
            302,
        )
    lookups = entries(app, resource_type="citizen", staff_id=officer.staff_id)
    assert [(e.action, e.resource_id, e.detail[:13]) for e in lookups] == [
        ("lookup", str(citizen_id), "lookup by NIK"),
        ("lookup", str(citizen_id), "lookup by pho"),
        ("lookup", "not-found", "lookup by NIK"),
        ("lookup", "not-found", "lookup by pho"),
    ]
    assert [e.citizen_id for e in lookups] == [citizen_id, citizen_id, None, None]
    assert {e.ip_address for e in lookups} == {"10.1.2.3"} and all(e.created_at for e in lookups)
    written = " ".join(f"{e.resource_id} {e.detail}" for e in entries(app))
    for secret in (nik, unknown_nik, phone, phone[3:], "81200000001"):
        assert secret not in written


def test_a_midwife_looking_up_a_mother_by_nik_is_audited_without_the_nik(app):
    unknown_nik = make_nik("F")
    midwife = staff_from(app, "pkm-tlanakan", "10.9.8.7")
    token = csrf_token(midwife, "/layanan/babhar/petugas/daftar")
    response = midwife.post(
        "/layanan/babhar/petugas/daftar",
        data={
            "csrf_token": token,
            "mother_nik": unknown_nik,
            "last_period_date": "2026-01-05",
            "gravida": "1",
            "para": "0",
            "abortus": "0",
            "consent": "y",
            "description": "",
        },
    )
    assert response.status_code == 422
    [lookup] = entries(app, resource_type="citizen", staff_id=midwife.staff_id)
    assert lookup.resource_id == "not-found" and lookup.detail.startswith("lookup by NIK")
    assert lookup.ip_address == "10.9.8.7" and unknown_nik not in f"{lookup.resource_id} {lookup.detail}"
