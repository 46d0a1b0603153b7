"""Re-classification (issue 11, item 6): staff change a misfiled ticket's module and category; the
change is on the timeline, the deadlines follow the rules of the new classification counted from
the opening, the ticket goes on to the new category's agency, and health data stays in health."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import delete

from suite.errors import Invalid
from suite.extensions import db
from suite.identity.models import Staff
from suite.notify.models import Notification
from suite.sla.models import SlaTarget
from suite.ticketing.models import Follower
from suite.ticketing.reclassification import reclassify
from tests.helpers import (
    agency_id,
    citizen_client,
    citizen_post,
    get_ticket,
    lorong_fields,
    rows,
    set_ticket,
    staff_client,
    staff_post,
    submit,
    ticket_code_from,
)
from tests.sensitivity_support import category_sensitivity

HEALTH_TEXT = "Obat hipertensi ibu saya kosong tiga minggu di puskesmas."


@contextmanager
def target(app, module, category, **minutes):
    """A response-time target for one category while the block runs (targets are kept between tests)."""
    values = dict(
        first_response_minutes=60,
        reward_minutes=5,
        sanction_minutes=90,
        verification_minutes=120,
        resolution_minutes=600,
        calendar="calendar",
    )
    values.update(minutes)
    with app.app_context():
        db.session.add(SlaTarget(module=module, category=category, **values))
        db.session.commit()
    try:
        yield values
    finally:
        with app.app_context():
            db.session.execute(delete(SlaTarget).where(SlaTarget.module == module, SlaTarget.category == category))
            db.session.commit()


def madul_ticket(app, category="waste", text="Tumpukan sampah di depan pasar sudah seminggu tidak diangkut."):
    citizen = citizen_client(app)
    response = submit(citizen, "madul", {"category": category, "description": text})
    return ticket_code_from(response), citizen


def reclassify_post(client, code, classification, reason="Salah kategori: ini soal pedagang kaki lima."):
    return staff_post(client, code, "klasifikasi", {"classification": classification, "reason": reason})


def test_reclassification_recomputes_deadlines_from_the_opening_and_reroutes(app):
    code, citizen = madul_ticket(app, text="Pedagang kaki lima berjualan di atas trotoar, pejalan kaki turun ke jalan.")
    opened = get_ticket(app, code).created_at - timedelta(hours=5)
    set_ticket(app, code, created_at=opened)
    before = get_ticket(app, code)
    dlh = staff_client(app, "dlh")
    with target(app, "madul", "public_order") as minutes:
        response = reclassify_post(dlh, code, "madul:public_order")
        assert response.status_code == 302, response.get_data(as_text=True)
    after = get_ticket(app, code)
    assert (after.code, after.module, after.category) == (before.code, "madul", "public_order")
    assert after.created_at == opened
    # The new category's rules, counted from when the report came in, not from the change.
    assert after.first_response_due_at == opened + timedelta(minutes=minutes["first_response_minutes"])
    assert after.verification_due_at == opened + timedelta(minutes=minutes["verification_minutes"])
    assert after.resolution_due_at == opened + timedelta(minutes=minutes["resolution_minutes"])
    assert after.resolution_due_at != before.resolution_due_at
    # The category belongs to Satpol PP: the ticket went on there, as a forward on the chain.
    assert after.agency_id == agency_id(app, "satpolpp") and after.forward_count == 1
    kinds = [e.kind for e in after.events]
    assert kinds[-2:] == ["reclassified", "forwarded"]
    event = next(e for e in after.events if e.kind == "reclassified")
    assert event.public and event.actor_type == "staff"
    assert event.detail == {
        "from": {"module": "madul", "category": "waste"},
        "to": {"module": "madul", "category": "public_order"},
    }
    assert after.events[-1].previous_agency_id == agency_id(app, "dlh")
    # The citizen reads what changed and why on their ticket, and the title follows the category.
    page = citizen.get(f"/laporan-saya/{code}").get_data(as_text=True)
    assert "Klasifikasi diubah: e-Madul · Sampah dan lingkungan → e-Madul · Ketertiban umum dan PKL" in page
    assert "Salah kategori: ini soal pedagang kaki lima." in page
    assert after.title == "Ketertiban umum dan PKL"
    # Satpol PP now holds it, and DLH follows it read-only (item 7).
    satpol = staff_client(app, "satpolpp")
    assert code in satpol.get("/petugas/").get_data(as_text=True)
    assert "/klasifikasi" not in dlh.get(f"/petugas/tiket/{code}").get_data(as_text=True)


def test_a_category_of_the_same_agency_keeps_the_ticket_where_it_is(app):
    response = submit(citizen_client(app), "lorong", lorong_fields())
    code = ticket_code_from(response)
    pupr = staff_client(app, "pupr")
    page = pupr.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert 'value="lorong:jembatan"' in page and 'value="lorong:jalan"' not in page  # not its own
    assert reclassify_post(pupr, code, "lorong:jembatan", "Yang rusak jembatan, bukan jalan.").status_code == 302
    ticket = get_ticket(app, code)
    assert (ticket.category, ticket.agency_id, ticket.forward_count) == ("jembatan", agency_id(app, "pupr"), 0)
    assert ticket.extras["road_name"] == "Jl. Raya Tlanakan"  # the citizen's details stay


def test_extras_that_do_not_fit_the_new_module_are_kept_and_staff_are_told(app):
    code = ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields()))
    pupr = staff_client(app, "pupr")
    response = reclassify_post(pupr, code, "madul:housing", "Ini soal rumah tidak layak huni, bukan jalan.")
    assert response.status_code == 302
    ticket = get_ticket(app, code)
    assert (ticket.module, ticket.category, ticket.agency.code) == ("madul", "housing", "disperkimhub")
    assert ticket.extras["road_name"] == "Jl. Raya Tlanakan" and ticket.code.startswith("LRG-")
    notes = [e for e in ticket.events if e.kind == "internal_note"]
    assert len(notes) == 1 and not notes[0].public and "tidak sesuai formulir e-Madul" in notes[0].body


def test_reclassification_needs_a_known_classification_and_a_reason(app):
    code, _ = madul_ticket(app)
    dlh = staff_client(app, "dlh")
    assert reclassify_post(dlh, code, "madul:public_order", reason="").status_code == 422
    assert reclassify_post(dlh, code, "madul:tidak-ada").status_code == 422
    assert reclassify_post(dlh, code, "babhar:registration").status_code == 422  # its tickets cannot move
    assert reclassify_post(dlh, code, "madul:waste").status_code == 422  # what it is already
    ticket = get_ticket(app, code)
    assert (ticket.category, ticket.agency.code) == ("waste", "dlh")
    assert "reclassified" not in [e.kind for e in ticket.events]
    # Another agency's officer may not touch it at all.
    assert reclassify_post(staff_client(app, "pupr"), code, "madul:public_order").status_code == 403


def test_a_closed_ticket_keeps_its_classification(app):
    code, _ = madul_ticket(app)
    dlh = staff_client(app, "dlh")
    rejected = staff_post(dlh, code, "status", {"status": "rejected", "note": "Laporan ganda dari warga."})
    assert rejected.status_code == 302
    assert get_ticket(app, code).status == "rejected"
    assert f"/petugas/tiket/{code}/klasifikasi" not in dlh.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert reclassify_post(dlh, code, "madul:public_order").status_code == 409
    assert get_ticket(app, code).category == "waste"


def sehat_ticket(app, category="medicine"):
    citizen = citizen_client(app)
    response = submit(
        citizen,
        "sehat",
        {
            "category": category,
            "facility_code": "pkm-tlanakan",
            "description": HEALTH_TEXT,
            "desa_code": "35.28.01.2001",
        },
    )
    return ticket_code_from(response)


def test_a_health_ticket_never_leaves_the_health_tree(app):
    code = sehat_ticket(app)
    officer = staff_client(app, "pkm-tlanakan")
    page = officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert 'value="sehat:waiting_time"' in page
    assert "madul:" not in page and "lorong:" not in page  # only health services are offered
    assert reclassify_post(officer, code, "madul:waste", "Pindah ke DLH saja.").status_code == 422
    with app.app_context():  # nor through the service, whatever a form sends
        staff = db.session.get(Staff, officer.staff_id)
        with pytest.raises(Invalid) as refused:
            reclassify(get_ticket(app, code).id, staff, "madul", "waste", "Pindah ke DLH saja.")
        assert "module" in refused.value.errors
        db.session.rollback()
    ticket = get_ticket(app, code)
    assert (ticket.module, ticket.agency.code, ticket.sensitive) == ("sehat", "pkm-tlanakan", True)


def test_a_ticket_entering_a_sensitive_category_becomes_confidential_never_the_reverse(app):
    code, citizen = madul_ticket(app, category="other", text=HEALTH_TEXT)
    holder = get_ticket(app, code).agency.code
    officer = staff_client(app, holder)
    response = reclassify_post(officer, code, "sehat:medicine", "Keluhan ketersediaan obat di puskesmas.")
    assert response.status_code == 302 and response.headers["Location"].endswith("/petugas/")
    ticket = get_ticket(app, code)
    assert (ticket.module, ticket.category, ticket.sensitive, ticket.visibility) == (
        "sehat",
        "medicine",
        True,
        "confidential",
    )
    assert ticket.agency.is_within("dinkes")  # routed into the care tree
    # Its old agency is outside the health tree: it no longer sees the ticket at all.
    assert officer.get(f"/petugas/tiket/{code}").status_code == 403
    assert "Laporan ini bersifat rahasia" in app.test_client().get(f"/lacak/{code}").get_data(as_text=True)

    # A confidential ticket stays confidential in a category an admin made public.
    code = sehat_ticket(app)
    with category_sensitivity(app, "sehat", "cleanliness", False):
        health = staff_client(app, "pkm-tlanakan")
        assert reclassify_post(health, code, "sehat:cleanliness", "Keluhan soal kebersihan toilet.").status_code == 302
    ticket = get_ticket(app, code)
    assert (ticket.category, ticket.sensitive, ticket.visibility) == ("cleanliness", True, "confidential")


def test_supporters_of_a_report_that_turns_out_to_be_about_health_hear_nothing_of_it(app):
    # A supporter followed a general report; once it is a health ticket its notes are not theirs to read.
    code, _ = madul_ticket(app, category="other", text=HEALTH_TEXT)
    supporter = citizen_client(app)
    assert citizen_post(supporter, f"/lacak/{code}/dukung", {}, token_from=f"/lacak/{code}").status_code == 302
    assert code in supporter.get("/laporan-saya").get_data(as_text=True)  # followed (and the flash read)
    officer = staff_client(app, get_ticket(app, code).agency.code)
    moved = reclassify_post(officer, code, "sehat:medicine", "Keluhan ketersediaan obat di puskesmas.")
    assert moved.status_code == 302
    health = staff_client(app, get_ticket(app, code).agency.code)

    note = "Pasien hipertensi, rujukan ke RSUD sudah dibuat."
    assert staff_post(health, code, "status", {"status": "verified", "note": note}).status_code == 302

    assert not [n for n in rows(app, Notification) if note in n.body]
    assert code not in supporter.get("/laporan-saya").get_data(as_text=True)
    assert rows(app, Follower) == []
