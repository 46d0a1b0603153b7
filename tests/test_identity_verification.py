"""Identity verified in person, and disputes over a NIK settled by whoever sees the KTP
(issue 9, item 5); e-Babhar keeps an unverified mother's pregnancy, flagged for the midwife."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from modules.babhar.models import Pregnancy
from suite.audit.models import AuditEntry
from suite.extensions import db
from suite.identity.models import Citizen
from suite.identity.verification import IdentityClaim
from tests.conftest import csrf_token
from tests.health_support import unit_of
from tests.helpers import (
    PASSWORD,
    citizen_client,
    confirm_registration,
    gen_citizen,
    gen_staff,
    login_citizen,
    login_staff,
    lorong_fields,
    register_pregnancy,
    report_danger_sign,
    staff_client,
    submit,
    ticket_code_from,
)

DESA = "35.28.01.2001"
OTHER_AREA_DESA = "35.28.13.2001"


def lookup(client, nik):
    return client.post("/petugas/identitas", data={"csrf_token": csrf_token(client, "/petugas/identitas"), "nik": nik})


def desk_post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, "/petugas/identitas"), **data})


def citizen_row(app, citizen_id):
    with app.app_context():
        row = db.session.get(Citizen, citizen_id)
        db.session.expunge_all()
        return row


def audit_actions(app):
    with app.app_context():
        return [(a.action, a.resource_type) for a in db.session.execute(select(AuditEntry)).scalars()]


def test_the_civil_registry_finds_a_citizen_by_exact_nik_masked_and_verifies_after_seeing_the_ktp(app):
    citizen_id, nik, _ = gen_citizen(app, verified=False)
    capil = staff_client(app, "dispendukcapil")

    page = lookup(capil, nik)
    body = page.get_data(as_text=True)

    assert page.status_code == 200 and "Warga Uji" in body and "Identitas belum diverifikasi" in body
    assert nik not in body and nik[:4] + "*" * 10 + nik[-2:] in body
    assert ("read", "citizen") in audit_actions(app)
    assert "Warga Uji" not in lookup(capil, nik[:15]).get_data(as_text=True)  # exact NIK only
    assert desk_post(capil, f"/petugas/identitas/warga/{citizen_id}/verifikasi").status_code == 302  # no tick
    assert citizen_row(app, citizen_id).identity_verified_at is None

    response = desk_post(capil, f"/petugas/identitas/warga/{citizen_id}/verifikasi", ktp_seen="y")

    assert response.status_code == 302
    row = citizen_row(app, citizen_id)
    assert row.identity_verified_at is not None
    assert (row.identity_verified_by_staff_id, row.identity_verification_method) == (capil.staff_id, "ktp_in_person")
    assert ("verify_identity", "citizen") in audit_actions(app)


@pytest.mark.parametrize("who", ["pupr officer", "dinkes officer", "citizen"])
def test_staff_without_an_identity_duty_cannot_use_the_desk(app, who):
    citizen_id, nik, _ = gen_citizen(app, verified=False)
    if who == "citizen":
        client = citizen_client(app)
        assert client.get("/petugas/identitas").status_code in (302, 403)
        return
    client = staff_client(app, who.split()[0])
    assert client.get("/petugas/identitas").status_code == 403
    assert client.post("/petugas/identitas", data={"nik": nik}).status_code in (400, 403)
    assert client.post(f"/petugas/identitas/warga/{citizen_id}/verifikasi").status_code in (400, 403)
    assert citizen_row(app, citizen_id).identity_verified_at is None


def test_anonymous_visitors_are_sent_to_the_staff_sign_in(client):
    assert client.get("/petugas/identitas").status_code == 302


def test_puskesmas_staff_verify_citizens_of_their_own_working_area_only(app):
    own_id, own_nik, _ = gen_citizen(app, verified=False, desa_code=DESA)
    far_id, far_nik, _ = gen_citizen(app, verified=False, desa_code=OTHER_AREA_DESA)
    health = staff_client(app, unit_of(app, DESA))

    assert desk_post(health, f"/petugas/identitas/warga/{far_id}/verifikasi", ktp_seen="y").status_code == 403
    assert desk_post(health, f"/petugas/identitas/warga/{own_id}/verifikasi", ktp_seen="y").status_code == 302

    assert citizen_row(app, own_id).identity_verified_at is not None
    assert citizen_row(app, far_id).identity_verified_at is None


def test_the_call_centre_desk_may_verify(app):
    citizen_id, _, _ = gen_citizen(app, verified=False)
    staff_id, email = gen_staff(app, None, call_centre=True)
    desk = app.test_client()
    login_staff(desk, email)
    assert desk_post(desk, f"/petugas/identitas/warga/{citizen_id}/verifikasi", ktp_seen="y").status_code == 302
    assert citizen_row(app, citizen_id).identity_verified_by_staff_id == staff_id


# -- disputes ------------------------------------------------------------------------------


def dispute(app, holder_verified=False):
    """An account holds a NIK; someone else registers with it and proves their phone."""
    holder_id, nik, _ = gen_citizen(app, verified=holder_verified)
    holder_client = app.test_client()
    login_citizen(holder_client, nik)
    holder_ticket = ticket_code_from(submit(holder_client, "lorong", lorong_fields()))
    claimant = app.test_client()
    data = {
        "csrf_token": csrf_token(claimant, "/akun/daftar"),
        "nik": nik,
        "full_name": "Siti Pemilik",
        "birth_date": "1995-04-07",
        "sex": "F",
        "phone": "0812 3456 7899",
        "email": "",
        "desa_code": DESA,
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    }
    assert claimant.post("/akun/daftar", data=data).status_code == 302
    confirm_registration(claimant, app, "0812 3456 7899")
    with app.app_context():
        claim_id = db.session.execute(select(IdentityClaim.id)).scalar_one()
    return holder_id, nik, holder_ticket, claim_id


def test_the_civil_registry_gives_a_disputed_nik_to_the_person_with_the_ktp(app):
    holder_id, nik, holder_ticket, claim_id = dispute(app)
    capil = staff_client(app, "dispendukcapil")
    page = lookup(capil, nik).get_data(as_text=True)
    assert f"K-{claim_id:06d}" in page and "Siti Pemilik" in page

    response = desk_post(capil, f"/petugas/identitas/klaim/{claim_id}/berikan", ktp_seen="y")

    assert response.status_code == 302
    with app.app_context():
        claim = db.session.get(IdentityClaim, claim_id)
        new_owner = db.session.get(Citizen, claim.citizen_id)
        holder = db.session.get(Citizen, holder_id)
        assert claim.status == "granted" and new_owner.nik == nik and new_owner.full_name == "Siti Pemilik"
        assert new_owner.identity_verification_method == "ktp_in_person" and new_owner.phone_confirmed_at
        assert holder.nik_index is None and holder.nik_revoked_at is not None and holder.identity_verified_at is None
        # The former holder keeps their own reports.
        assert (
            db.session.execute(
                text("SELECT citizen_id FROM tickets WHERE code = :c"), {"c": holder_ticket}
            ).scalar_one()
            == holder_id
        )
    actions = audit_actions(app)
    assert ("revoke_nik", "citizen") in actions and ("grant_nik_claim", "identity_claim") in actions
    login_citizen(app.test_client(), nik)  # the owner signs in with the NIK and the password they chose


def test_puskesmas_staff_cannot_settle_disputes_and_the_desk_cannot_overturn_a_verified_holder(app):
    _, _, _, claim_id = dispute(app, holder_verified=True)
    health = staff_client(app, unit_of(app, DESA))
    assert desk_post(health, f"/petugas/identitas/klaim/{claim_id}/berikan", ktp_seen="y").status_code == 403
    _, email = gen_staff(app, None, call_centre=True)
    desk = app.test_client()
    login_staff(desk, email)
    assert desk_post(desk, f"/petugas/identitas/klaim/{claim_id}/berikan", ktp_seen="y").status_code == 403
    with app.app_context():
        assert db.session.get(IdentityClaim, claim_id).status == "open"

    capil = staff_client(app, "dispendukcapil")
    assert desk_post(capil, f"/petugas/identitas/klaim/{claim_id}/berikan", ktp_seen="y").status_code == 302
    with app.app_context():
        assert db.session.get(IdentityClaim, claim_id).status == "granted"


def test_a_claim_whose_ktp_does_not_match_is_rejected_and_the_holder_keeps_the_nik(app):
    holder_id, nik, _, claim_id = dispute(app)
    capil = staff_client(app, "dispendukcapil")

    assert desk_post(capil, f"/petugas/identitas/klaim/{claim_id}/tolak").status_code == 302

    with app.app_context():
        assert db.session.get(IdentityClaim, claim_id).status == "rejected"
        assert db.session.get(Citizen, holder_id).nik == nik
    assert ("reject_nik_claim", "identity_claim") in audit_actions(app)
    assert desk_post(capil, "/petugas/identitas/klaim/999999/berikan", ktp_seen="y").status_code == 404


# -- e-Babhar: kept, flagged, checked at the first visit -------------------------------------


def test_an_unverified_mothers_pregnancy_is_kept_flagged_and_the_midwife_verifies_her_at_the_visit(app):
    mother = citizen_client(app, verified=False, desa_code=DESA)
    register_pregnancy(mother)
    with app.app_context():
        pregnancy = db.session.execute(select(Pregnancy)).scalar_one()
        pregnancy_id, unit, mother_id = pregnancy.id, pregnancy.agency.code, pregnancy.citizen_id
    assert "Bawa KTP asli" in mother.get("/layanan/babhar/kehamilan-saya").get_data(as_text=True)
    midwife = staff_client(app, unit)
    record_url = f"/layanan/babhar/petugas/ibu/{pregnancy_id}"
    assert "Menunggu cek identitas" in midwife.get(record_url).get_data(as_text=True)
    assert "cek KTP" in midwife.get("/layanan/babhar/petugas/kohort").get_data(as_text=True)
    outsider = staff_client(app, "pupr")

    assert (
        outsider.post(
            f"{record_url}/identitas", data={"csrf_token": csrf_token(outsider, "/"), "ktp_seen": "y"}
        ).status_code
        == 403
    )
    response = midwife.post(
        f"{record_url}/identitas", data={"csrf_token": csrf_token(midwife, record_url), "ktp_seen": "y"}
    )

    assert response.status_code == 302
    row = citizen_row(app, mother_id)
    assert (row.identity_verification_method, row.identity_verified_by_staff_id) == (
        "midwife_in_person",
        midwife.staff_id,
    )
    assert "Menunggu cek identitas" not in midwife.get(record_url).get_data(as_text=True)


def test_a_verified_mothers_record_shows_no_identity_check(app):
    mother = citizen_client(app, desa_code=DESA)
    register_pregnancy(mother)
    with app.app_context():
        pregnancy = db.session.execute(select(Pregnancy)).scalar_one()
        pregnancy_id, unit = pregnancy.id, pregnancy.agency.code
    page = staff_client(app, unit).get(f"/layanan/babhar/petugas/ibu/{pregnancy_id}").get_data(as_text=True)
    assert "Menunggu cek identitas" not in page


def test_danger_signs_work_for_an_unverified_mother(app):
    mother = citizen_client(app, verified=False, confirmed=False, desa_code=DESA)
    response = report_danger_sign(mother)
    assert response.status_code == 302 and "/bahaya/" in response.headers["Location"]
