"""Targets are data an admin edits; agencies keep reply templates per state."""

import re
from datetime import timedelta

from tests.conftest import csrf_token
from tests.helpers import citizen_client, get_ticket, lorong_fields, staff_client, submit, ticket_code_from


def test_admin_sets_a_module_target_and_new_tickets_use_it(app):
    admin = staff_client(app, None, "admin")
    page = admin.get("/admin/target").get_data(as_text=True)
    assert "e-Sambat" in page  # the default row names its source
    token = csrf_token(admin, "/admin/target")
    response = admin.post(
        "/admin/target",
        data={
            "csrf_token": token,
            "module": "lorong",
            "category": "jembatan",
            "first_response_minutes": "60",
            "reward_minutes": "10",
            "sanction_minutes": "240",
            "verification_minutes": "1440",
            "resolution_minutes": "4320",
            "calendar": "working_days",
            "note": "Jembatan putus: segera.",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    code = ticket_code_from(
        submit(citizen_client(app), "lorong", lorong_fields(category="jembatan", damage_type="broken_bridge"))
    )
    ticket = get_ticket(app, code)
    due = ticket.first_response_due_at - ticket.created_at
    # Working days: one hour, unless the ticket was made on a weekend or holiday evening.
    assert due >= timedelta(minutes=60)
    duplicate = admin.post(
        "/admin/target",
        data={
            "csrf_token": token,
            "module": "lorong",
            "category": "jembatan",
            "first_response_minutes": "30",
            "reward_minutes": "10",
            "sanction_minutes": "240",
            "verification_minutes": "1440",
            "resolution_minutes": "4320",
            "calendar": "calendar",
        },
    )
    assert duplicate.status_code == 422 and "sudah ada" in duplicate.get_data(as_text=True)


def test_target_edit_validates_and_only_admins_may(app):
    admin = staff_client(app, None, "admin")
    page = admin.get("/admin/target").get_data(as_text=True)
    edit_url = re.search(r'href="(/admin/target/\d+)"', page).group(1)
    token = csrf_token(admin, edit_url)
    bad = admin.post(
        edit_url,
        data={
            "csrf_token": token,
            "first_response_minutes": "60",
            "reward_minutes": "500",
            "sanction_minutes": "100",
            "verification_minutes": "10",
            "resolution_minutes": "10",
            "calendar": "calendar",
        },
    )
    assert bad.status_code == 422 and "lebih singkat dari pita sanksi" in bad.get_data(as_text=True)
    assert staff_client(app, "pupr", "supervisor").get("/admin/target").status_code == 403


def test_supervisor_writes_a_template_and_officers_use_it(app):
    supervisor = staff_client(app, "pupr", "supervisor")
    token = csrf_token(supervisor, "/petugas/templat")
    assert (
        supervisor.post(
            "/petugas/templat",
            data={
                "csrf_token": token,
                "title": "Survei lokasi",
                "status": "submitted",
                "body": "Terima kasih. Tim kami akan survei lokasi dalam 2 hari kerja.",
            },
        ).status_code
        == 302
    )
    code = ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields()))
    officer = staff_client(app, "pupr")
    page = officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    link = re.search(r'href="([^"]*templat=\d+)[^"]*"', page).group(1).replace("&amp;", "&")
    prefilled = officer.get(link).get_data(as_text=True)
    assert "Tim kami akan survei lokasi dalam 2 hari kerja." in prefilled
    other = staff_client(app, "dlh")
    assert "Survei lokasi" not in other.get("/petugas/templat").get_data(as_text=True)
