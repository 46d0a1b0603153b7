"""Disposisi: a ticket that is not ours is forwarded with a reason, never dropped."""

from datetime import timedelta

from tests.helpers import (
    agency_id,
    citizen_client,
    get_ticket,
    set_ticket,
    staff_client,
    staff_post,
    submit,
    ticket_code_from,
)


def madul_ticket(app, text="Sampah liar di bantaran sungai belakang pasar."):
    citizen = citizen_client(app)
    return ticket_code_from(submit(citizen, "madul", {"category": "waste", "description": text})), citizen


def test_forwarded_ticket_keeps_its_code_and_clock(app):
    code, citizen = madul_ticket(app)
    set_ticket(app, code, created_at=get_ticket(app, code).created_at - timedelta(hours=5))
    before = get_ticket(app, code)
    dlh, satpol = staff_client(app, "dlh"), staff_client(app, "satpolpp")
    response = staff_post(
        dlh,
        code,
        "teruskan",
        {"agency": agency_id(app, "satpolpp"), "reason": "Pembuangan liar perlu penertiban Satpol PP."},
    )
    assert response.status_code == 302
    after = get_ticket(app, code)
    assert after.code == before.code and after.agency.name == "Satuan Polisi Pamong Praja"
    assert after.created_at == before.created_at
    assert after.first_response_due_at == before.first_response_due_at
    assert after.resolution_due_at == before.resolution_due_at
    assert "Diteruskan ke Satuan Polisi Pamong Praja" in citizen.get(f"/laporan-saya/{code}").get_data(as_text=True)
    assert "Diteruskan ke Satuan Polisi Pamong Praja" in app.test_client().get(f"/lacak/{code}").get_data(as_text=True)
    assert code in satpol.get("/petugas/").get_data(as_text=True)
    assert code not in dlh.get("/petugas/").get_data(as_text=True)
    # DLH follows what it forwarded, read-only (issue 11, item 7: tests/test_forwarding_agency_follows.py).
    followed = dlh.get(f"/petugas/tiket/{code}")
    assert followed.status_code == 200 and f"/petugas/tiket/{code}/tanggapan" not in followed.get_data(as_text=True)
    # The receiving agency's staff were told.
    assert code in satpol.get("/petugas/").get_data(as_text=True).split("Pemberitahuan")[1]


def test_forwarding_needs_a_destination_and_a_reason(app):
    code, _ = madul_ticket(app)
    dlh = staff_client(app, "dlh")
    assert staff_post(dlh, code, "teruskan", {"agency": "", "reason": "x"}).status_code == 422
    assert staff_post(dlh, code, "teruskan", {"agency": agency_id(app, "satpolpp"), "reason": ""}).status_code == 422
    assert get_ticket(app, code).forward_count == 0


def test_not_our_authority_cannot_be_a_rejection(app):
    code, _ = madul_ticket(app)
    response = staff_post(
        staff_client(app, "dlh"), code, "status", {"status": "rejected", "note": "Bukan kewenangan DLH."}
    )
    assert response.status_code == 409
    assert "diteruskan ke instansi yang berwenang" in response.get_data(as_text=True)
    assert get_ticket(app, code).status == "submitted"


def test_ping_pong_is_flagged_for_supervisors(app):
    code, _ = madul_ticket(app)
    dlh, satpol = staff_client(app, "dlh"), staff_client(app, "satpolpp")
    staff_post(dlh, code, "teruskan", {"agency": agency_id(app, "satpolpp"), "reason": "Perlu penertiban."})
    assert not get_ticket(app, code).ping_pong
    staff_post(satpol, code, "teruskan", {"agency": agency_id(app, "dlh"), "reason": "Ini soal kebersihan."})
    ticket = get_ticket(app, code)
    assert ticket.ping_pong and ticket.forward_count == 2
    supervisor = staff_client(app, None, "supervisor")
    flagged = supervisor.get("/petugas/?pingpong=1&status=all").get_data(as_text=True)
    assert code in flagged and "dilempar-lempar" in flagged
    page = supervisor.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert "Rantai penerusan" in page and "DLH → Satpol PP" in page and "Satpol PP → DLH" in page


def test_an_officer_cannot_forward_another_agencys_ticket(app):
    code, _ = madul_ticket(app)
    pupr = staff_client(app, "pupr")
    assert (
        staff_post(pupr, code, "teruskan", {"agency": agency_id(app, "pupr"), "reason": "ambil alih"}).status_code
        == 403
    )
