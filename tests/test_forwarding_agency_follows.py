"""The agency that forwarded a ticket keeps read-only access and follows it (issue 11, item 7): its
officer and supervisor read the ticket, find it under "Diteruskan dari instansi kami", hear how it
ends, and may do nothing to it until it comes back."""

import re

from suite.identity.models import Staff
from suite.notify.models import Notification
from tests.helpers import (
    agency_id,
    citizen_client,
    get_ticket,
    lorong_fields,
    rows,
    staff_client,
    staff_post,
    submit,
    ticket_code_from,
)

# Every action on the staff ticket page, with a request that would succeed for the agency holding it.
ACTIONS = {
    "tanggapan": {"body": "Kami tindak lanjuti.", "visibility": "public"},
    "status": {"status": "verified"},
    "tugaskan": {"assignee": ""},
    "teruskan": {"agency": "", "reason": "Kembalikan ke PUPR."},  # the agency id is filled in per test
    "gabung": {"survivor": "LRG-AAAA-AAAA"},
    "klasifikasi": {"classification": "lorong:jembatan", "reason": "Sebetulnya jembatan."},
    "saran": {"category": "jalan"},
}


def action_forms(page: str, code: str) -> list[str]:
    return re.findall(rf'action="/petugas/tiket/{code}/([a-z]+)"', page)


def forwarded_road_report(app):
    code = ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields()))
    officer, supervisor = staff_client(app, "pupr"), staff_client(app, "pupr", "supervisor")
    response = staff_post(
        officer, code, "teruskan", {"agency": agency_id(app, "dishub"), "reason": "Lampu jalan urusan Dishub."}
    )
    assert response.status_code == 302
    return code, officer, supervisor


def test_the_forwarding_agency_reads_but_cannot_act(app):
    code, officer, supervisor = forwarded_road_report(app)
    actions = {**ACTIONS, "teruskan": {**ACTIONS["teruskan"], "agency": str(agency_id(app, "pupr"))}}
    before = get_ticket(app, code)
    for client in (officer, supervisor):
        page = client.get(f"/petugas/tiket/{code}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "Diteruskan dari instansi Anda" in text and "Dinas Perhubungan" in text
        assert action_forms(text, code) == []  # no reply, status, assignment, forward, merge or classification
        for action, data in actions.items():
            assert staff_post(client, code, action, data).status_code == 403, action
    # A supervisor's bulk action is refused for it too.
    page = supervisor.get("/petugas/?diteruskan=1&status=all").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    supervisor.post(
        "/petugas/massal",
        data={
            "csrf_token": token,
            "tickets": [str(before.id)],
            "action": "assign",
            "assignee": str(supervisor.staff_id),
        },
    )
    after = get_ticket(app, code)
    assert (after.status, after.assignee_id, after.agency.code, after.category) == (
        "submitted",
        None,
        "dishub",
        "jalan",
    )
    assert len(after.events) == len(before.events)


def test_the_forwarding_agency_finds_it_in_its_forwarded_list(app):
    code, officer, supervisor = forwarded_road_report(app)
    for client in (officer, supervisor):
        assert code not in client.get("/petugas/").get_data(as_text=True)  # not theirs to work
        listing = client.get("/petugas/?diteruskan=1&status=all").get_data(as_text=True)
        assert code in listing and "Instansi sekarang" in listing and "Dishub" in listing
    # Only PUPR's: the agency that holds it, or any other, does not list it as forwarded by them.
    assert code not in staff_client(app, "dishub").get("/petugas/?diteruskan=1&status=all").get_data(as_text=True)
    assert code not in staff_client(app, "dlh").get("/petugas/?diteruskan=1&status=all").get_data(as_text=True)
    assert staff_client(app, "dlh").get(f"/petugas/tiket/{code}").status_code == 403


def test_when_it_comes_back_the_agency_acts_again(app):
    code, officer, supervisor = forwarded_road_report(app)
    dishub = staff_client(app, "dishub")
    back = {"agency": agency_id(app, "pupr"), "reason": "Lampu ini di jalan kabupaten, urusan PUPR."}
    assert staff_post(dishub, code, "teruskan", back).status_code == 302
    page = officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert "Diteruskan dari instansi Anda" not in page
    assert {"tanggapan", "status", "tugaskan", "teruskan", "klasifikasi"} <= set(action_forms(page, code))
    assert staff_post(officer, code, "tanggapan", ACTIONS["tanggapan"]).status_code == 302
    # Now Dishub is the one that forwarded it: Dishub reads, and may not act.
    assert dishub.get(f"/petugas/tiket/{code}").status_code == 200
    assert staff_post(dishub, code, "tanggapan", ACTIONS["tanggapan"]).status_code == 403
    assert code in supervisor.get("/petugas/").get_data(as_text=True)


def test_the_forwarding_agency_hears_how_it_ended(app):
    citizen = citizen_client(app)
    code = ticket_code_from(
        submit(citizen, "madul", {"category": "waste", "description": "Pedagang menutup trotoar depan pasar."})
    )
    dlh, satpol = staff_client(app, "dlh"), staff_client(app, "satpolpp")
    staff_post(dlh, code, "teruskan", {"agency": agency_id(app, "satpolpp"), "reason": "Penertiban PKL."})
    for status, note in (("verified", ""), ("in_progress", ""), ("resolved", "PKL sudah ditertibkan.")):
        assert staff_post(satpol, code, "status", {"status": status, "note": note}).status_code == 302
    queue = dlh.get("/petugas/").get_data(as_text=True)
    assert f"Tiket {code} yang pernah diteruskan instansi Anda kini berstatus Selesai." in queue
    assert "Selesai" in dlh.get("/petugas/?diteruskan=1&status=all").get_data(as_text=True)
    told = rows(app, Notification, Notification.kind == "forwarded_outcome")
    dlh_staff = {s.id for s in rows(app, Staff, Staff.agency_id == agency_id(app, "dlh"))}
    assert told and {n.recipient_id for n in told} <= dlh_staff


def sehat_ticket(app):
    response = submit(
        citizen_client(app),
        "sehat",
        {
            "category": "medicine",
            "facility_code": "pkm-tlanakan",
            "description": "Obat TBC saya tidak diberikan lagi oleh puskesmas.",
            "desa_code": "35.28.01.2001",
        },
    )
    return ticket_code_from(response)


def test_health_tickets_are_followed_only_inside_the_care_tree(app):
    code = sehat_ticket(app)
    tlanakan = staff_client(app, "pkm-tlanakan")
    reason = {"agency": agency_id(app, "pkm-pademawu"), "reason": "Pasien tinggal di wilayah Pademawu."}
    assert staff_post(tlanakan, code, "teruskan", reason).status_code == 302
    # The forwarding unit's officer reads it, read-only, and lists it.
    page = tlanakan.get(f"/petugas/tiket/{code}")
    assert page.status_code == 200 and action_forms(page.get_data(as_text=True), code) == []
    assert staff_post(tlanakan, code, "tanggapan", ACTIONS["tanggapan"]).status_code == 403
    assert code in tlanakan.get("/petugas/?diteruskan=1&status=all").get_data(as_text=True)
    # Another puskesmas and an agency outside health never see it.
    outsiders = (staff_client(app, "pkm-galis"), staff_client(app, "pupr"), staff_client(app, "pupr", "supervisor"))
    for outsider in outsiders:
        assert outsider.get(f"/petugas/tiket/{code}").status_code == 403
        assert code not in outsider.get("/petugas/?diteruskan=1&status=all").get_data(as_text=True)
    # Dinas Kesehatan's supervisor, above both units, still acts on it.
    dinkes = staff_client(app, "dinkes", "supervisor")
    assert "tanggapan" in action_forms(dinkes.get(f"/petugas/tiket/{code}").get_data(as_text=True), code)


def test_the_forwarded_list_and_the_read_access_agree(app):
    """``forwarded_filter`` (SQL, the list) selects exactly what ``forwarded_by_their_agency`` (the
    ticket page) allows, for every kind of staff, health and non-health tickets alike."""
    from sqlalchemy import select

    from suite.extensions import db
    from suite.ticketing import access
    from suite.ticketing.models import Ticket
    from tests.helpers import gen_staff

    health = sehat_ticket(app)
    tlanakan = staff_client(app, "pkm-tlanakan")
    staff_post(tlanakan, health, "teruskan", {"agency": agency_id(app, "pkm-pademawu"), "reason": "Wilayah Pademawu."})
    road, _, _ = forwarded_road_report(app)
    unforwarded = {"category": "waste", "description": "Sampah menumpuk di pinggir jalan desa."}
    codes = [health, road, ticket_code_from(submit(citizen_client(app), "madul", unforwarded))]
    staff_ids = [
        gen_staff(app, agency, role)[0]
        for agency, role in (
            ("pkm-tlanakan", "officer"),
            ("pkm-tlanakan", "supervisor"),
            ("pkm-pademawu", "officer"),
            ("dinkes", "officer"),
            ("dinkes", "supervisor"),
            ("pupr", "officer"),
            ("pupr", "supervisor"),
            ("dishub", "officer"),
            (None, "supervisor"),
            (None, "admin"),
        )
    ]
    with app.test_request_context():
        tickets = db.session.execute(select(Ticket).where(Ticket.code.in_(codes))).scalars().all()
        for staff_id in staff_ids:
            staff = db.session.get(Staff, staff_id)
            listed = set(
                db.session.execute(
                    select(Ticket.code).where(Ticket.code.in_(codes), *access.forwarded_filter(staff))
                ).scalars()
            )
            expected = {t.code for t in tickets if access.forwarded_by_their_agency(staff, t)}
            assert listed == expected, (staff.email, listed)
            for ticket in tickets:
                assert access.can_view(staff, ticket) == (access.can_act(staff, ticket) or ticket.code in expected), (
                    staff.email,
                    ticket.code,
                )
    with app.test_request_context():
        officer = db.session.get(Staff, staff_ids[0])
        assert health in {t.code for t in tickets if access.forwarded_by_their_agency(officer, t)}
