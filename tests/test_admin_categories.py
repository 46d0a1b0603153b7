"""Categories per module are data admins manage (issue 12, item 2): names in both languages, agency,
urgency, sensitivity, response-time target and routing keywords, validated at the admin form (an
unknown agency is refused there, never at a citizen's submit), seeded from each module's defaults."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from suite.extensions import db
from suite.sla.models import SlaTarget
from suite.ticketing.categories import ServiceCategory
from tests.category_support import restored_categories  # noqa: F401 (fixture)
from tests.channels.open311.support import BASE, json_of
from tests.conftest import csrf_token
from tests.helpers import (
    audit_entries,
    citizen_client,
    get_ticket,
    lorong_fields,
    rows,
    staff_client,
    submit,
    ticket_code_from,
)

pytestmark = pytest.mark.usefixtures("restored_categories")  # the category rows outlive each test

LIST = "/admin/kategori"


def new_url(module: str) -> str:
    return f"/admin/kategori/{module}/tambah"


def edit_url(module: str, code: str) -> str:
    return f"/admin/kategori/{module}/{code}/ubah"


def post(client, url: str, **fields):
    return client.post(url, data={"csrf_token": csrf_token(client, url), "calendar": "calendar", **fields})


def stray_animals(client, **overrides):
    fields = {
        "code": "stray_animals",
        "name_id": "Hewan liar dan rabies",
        "name_en": "Stray animals and rabies",
        "agency_code": "dlh",
        "active": "y",
        "keywords": "anjing liar\nrabies",
    }
    return post(client, new_url("madul"), **{**fields, **overrides})


def stored(app, module: str, code: str) -> ServiceCategory | None:
    found = rows(app, ServiceCategory, ServiceCategory.module == module, ServiceCategory.code == code)
    return found[0] if found else None


def intake_options(client, module: str) -> set[str]:
    page = client.get(f"/layanan/{module}/lapor").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*name="category".*?</select>', page, re.S).group(0)
    return set(re.findall(r'<option[^>]*value="([^"]+)"', select_html))


def api_categories(app, module: str) -> dict[str, str]:
    modules = app.test_client().get("/api/v1/modules").get_json()
    return {c["code"]: c["label"] for m in modules if m["code"] == module for c in m["categories"]}


def test_an_unknown_agency_is_refused_at_the_admin_form_and_nothing_is_saved(app):
    admin = staff_client(app, None, role="admin")
    response = stray_animals(admin, agency_code="dinas-yang-tidak-ada")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r'id="agency_code-err">[^<]*Instansi tidak dikenal', page)  # beside the field
    assert stored(app, "madul", "stray_animals") is None
    assert not audit_entries(app, resource_type="service_category")
    # Editing a category the same way changes nothing either.
    response = post(
        admin,
        edit_url("madul", "waste"),
        name_id="Sampah dan lingkungan",
        name_en="Waste and environment",
        agency_code="nope",
        active="y",
    )
    assert response.status_code == 422 and "Instansi tidak dikenal" in response.get_data(as_text=True)
    assert stored(app, "madul", "waste").agency_code == "dlh"
    assert not audit_entries(app, resource_type="service_category")


def test_a_health_category_takes_only_an_agency_of_the_care_tree(app):
    admin = staff_client(app, None, role="admin")
    fields = {"code": "dental", "name_id": "Layanan gigi", "name_en": "Dental care", "active": "y", "sensitive": "y"}
    refused = post(admin, new_url("sehat"), agency_code="pupr", **fields)
    assert refused.status_code == 422 and "data kesehatan" in refused.get_data(as_text=True)
    assert stored(app, "sehat", "dental") is None
    assert post(admin, new_url("sehat"), agency_code="pkm-tlanakan", **fields).status_code == 302
    assert stored(app, "sehat", "dental").agency_code == "pkm-tlanakan"


def test_code_and_names_are_checked(app):
    admin = staff_client(app, None, role="admin")
    duplicate = stray_animals(admin, code="waste")
    assert duplicate.status_code == 422 and "sudah dipakai" in duplicate.get_data(as_text=True)
    badly_formed = stray_animals(admin, code="Hewan Liar!")
    assert badly_formed.status_code == 422 and "huruf kecil" in badly_formed.get_data(as_text=True)
    short = stray_animals(admin, name_en="x")
    assert short.status_code == 422 and re.search(r'id="name_en-err">', short.get_data(as_text=True))
    assert stored(app, "madul", "stray_animals") is None and stored(app, "madul", "waste").name_id


def test_a_new_category_is_offered_everywhere_and_routes_to_its_agency(app):
    admin = staff_client(app, None, role="admin")
    assert stray_animals(admin).status_code == 302
    assert "Hewan liar dan rabies" in admin.get(LIST).get_data(as_text=True)
    citizen = citizen_client(app)
    assert "stray_animals" in intake_options(citizen, "madul")
    assert api_categories(app, "madul")["stray_animals"] == "Hewan liar dan rabies"
    services = {s["service_code"]: s["service_name"] for s in json_of(app.test_client().get(f"{BASE}/services.json"))}
    assert services["madul.stray_animals"] == "Hewan liar dan rabies"
    response = submit(
        citizen,
        "madul",
        {"category": "stray_animals", "description": "Banyak anjing liar berkeliaran di dekat sekolah dasar."},
    )
    ticket = get_ticket(app, ticket_code_from(response))
    assert ticket.agency.code == "dlh" and ticket.title == "Hewan liar dan rabies"
    # Its routing keywords send an "other" complaint there too.
    other = submit(citizen, "madul", {"category": "other", "description": "Ada kasus rabies di kampung kami, tolong."})
    assert get_ticket(app, ticket_code_from(other)).agency.code == "dlh"


def test_a_renamed_category_shows_its_english_name_in_english(app):
    admin = staff_client(app, None, role="admin")
    response = post(
        admin,
        edit_url("lorong", "jalan"),
        name_id="Jalan rusak atau berlubang",
        name_en="Damaged or potholed road",
        agency_code="",
        active="y",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    citizen = citizen_client(app)
    assert "Jalan rusak atau berlubang" in citizen.get("/layanan/lorong/lapor").get_data(as_text=True)
    citizen.post("/bahasa", data={"csrf_token": csrf_token(citizen, "/"), "lang": "en"})
    page = citizen.get("/layanan/lorong/lapor").get_data(as_text=True)
    assert "Damaged or potholed road" in page and "Jalan rusak atau berlubang" not in page
    # The stored title stays in the regency's language, whatever the citizen reads.
    ticket = get_ticket(app, ticket_code_from(submit(citizen, "lorong", lorong_fields())))
    assert ticket.title.startswith("Jalan rusak atau berlubang")


def test_a_deactivated_category_is_refused_on_submit_and_its_tickets_stay_readable(app):
    citizen = citizen_client(app)
    before = ticket_code_from(
        submit(citizen, "lorong", lorong_fields(category="penerangan", description="Lampu jalan mati dua minggu."))
    )
    admin = staff_client(app, None, role="admin")
    fields = {"name_id": "Lampu penerangan jalan", "name_en": "Street lighting", "agency_code": "dishub"}
    assert post(admin, edit_url("lorong", "penerangan"), **fields).status_code == 302  # "active" unticked
    assert stored(app, "lorong", "penerangan").active is False
    assert "penerangan" not in intake_options(citizen, "lorong")
    assert "penerangan" not in api_categories(app, "lorong")
    refused = submit(
        citizen, "lorong", lorong_fields(category="penerangan", description="Lampu jalan mati lagi.", not_duplicate="y")
    )
    assert refused.status_code != 302  # the form again, with the reason beside the category
    assert "tidak lagi menerima laporan baru" in refused.get_data(as_text=True)
    # The old ticket: readable by its citizen and workable by its agency, with its stored title.
    page = citizen.get(f"/laporan-saya/{before}").get_data(as_text=True)
    assert "Lampu penerangan jalan" in page
    officer = staff_client(app, "dishub")
    assert officer.get(f"/petugas/tiket/{before}").status_code == 200
    assert "Lampu penerangan jalan" in admin.get(LIST).get_data(as_text=True)  # listed, as inactive
    # Switched on again, it is offered again.
    assert post(admin, edit_url("lorong", "penerangan"), active="y", **fields).status_code == 302
    assert "penerangan" in intake_options(citizen, "lorong")


def test_every_change_is_audited_with_before_and_after(app):
    admin = staff_client(app, None, role="admin")
    assert stray_animals(admin).status_code == 302
    [created] = audit_entries(app, resource_type="service_category", action="create")
    assert created.resource_id == "madul.stray_animals" and created.staff_id == admin.staff_id
    assert created.after["agency_code"] == "dlh" and created.after["name_en"] == "Stray animals and rabies"
    [keywords] = audit_entries(app, resource_type="routing_keywords")
    assert keywords.before == {"keywords": []} and keywords.after == {"keywords": ["anjing liar", "rabies"]}
    response = post(
        admin,
        edit_url("madul", "stray_animals"),
        name_id="Hewan liar dan rabies",
        name_en="Stray animals",
        agency_code="satpolpp",
        active="y",
        keywords="anjing liar\nrabies",
    )
    assert response.status_code == 302
    [updated] = audit_entries(app, resource_type="service_category", action="update")
    assert updated.before == {"name_en": "Stray animals and rabies", "agency_code": "dlh"}
    assert updated.after == {"name_en": "Stray animals", "agency_code": "satpolpp"}
    # Saving the same values again changes and audits nothing.
    post(
        admin,
        edit_url("madul", "stray_animals"),
        name_id="Hewan liar dan rabies",
        name_en="Stray animals",
        agency_code="satpolpp",
        active="y",
        keywords="anjing liar\nrabies",
    )
    assert len(audit_entries(app, resource_type="service_category")) == 2
    assert len(audit_entries(app, resource_type="routing_keywords")) == 1


def test_the_category_screen_sets_its_own_target_and_its_sensitivity(app):
    admin = staff_client(app, None, role="admin")
    numbers = {
        "first_response_minutes": "60",
        "reward_minutes": "10",
        "sanction_minutes": "120",
        "verification_minutes": "240",
        "resolution_minutes": "2880",
    }
    fields = {"name_id": "Kebersihan fasilitas", "name_en": "Cleanliness of facilities", "active": "y"}
    wrong = post(
        admin, edit_url("sehat", "cleanliness"), own_target="y", **fields, **{**numbers, "reward_minutes": "500"}
    )
    assert wrong.status_code == 422 and "Pita penghargaan" in wrong.get_data(as_text=True)
    response = post(admin, edit_url("sehat", "cleanliness"), own_target="y", **fields, **numbers)  # public now
    assert response.status_code == 302, response.get_data(as_text=True)
    [target] = rows(app, SlaTarget, SlaTarget.module == "sehat", SlaTarget.category == "cleanliness")
    assert target.first_response_minutes == 60 and target.resolution_minutes == 2880
    assert audit_entries(app, resource_type="sla_target", action="create")
    [entry] = audit_entries(app, resource_type="service_category", action="update")
    assert entry.before == {"sensitive": True} and entry.after == {"sensitive": False}
    codes = {s["service_code"] for s in json_of(app.test_client().get(f"{BASE}/services.json"))}
    assert "sehat.cleanliness" in codes and "sehat.medicine" not in codes


def test_module_owned_categories_keep_what_the_module_code_decides(app):
    admin = staff_client(app, None, role="admin")
    assert admin.get(new_url("babhar")).status_code == 404  # e-Babhar's categories are its own logic
    page = admin.get(edit_url("babhar", "danger_sign")).get_data(as_text=True)
    assert 'name="name_en"' in page and 'name="active"' not in page and 'name="agency_code"' not in page
    # A forged "inactive, not urgent" post renames it and changes nothing else.
    response = post(
        admin,
        edit_url("babhar", "danger_sign"),
        name_id="Tanda bahaya kehamilan",
        name_en="Pregnancy danger signs",
        agency_code="pupr",
        **{"first_response_minutes": "15", "reward_minutes": "5", "sanction_minutes": "60"},
        verification_minutes="60",
        resolution_minutes="1440",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    row = stored(app, "babhar", "danger_sign")
    assert row.name_en == "Pregnancy danger signs" and row.active and row.urgent and row.agency_code is None
    assert 'name="active"' not in admin.get(edit_url("madul", "other")).get_data(as_text=True)


def test_officers_and_supervisors_are_refused(app):
    for client in (
        staff_client(app, "dlh"),
        staff_client(app, "dlh", role="supervisor"),
        staff_client(app, None, role="supervisor"),
    ):
        assert client.get(LIST).status_code == 403
        assert client.get(new_url("madul")).status_code == 403
        assert client.post(new_url("madul"), data={"code": "x_y", "name_id": "abc", "name_en": "abc"}).status_code in (
            400,
            403,
        )
    assert stored(app, "madul", "x_y") is None
    assert staff_client(app, None, role="admin").get(edit_url("madul", "no_such")).status_code == 404


def test_seeding_is_idempotent_and_keeps_admin_edits(app, runner):
    first = runner.invoke(args=["seed"])
    assert " 0 service categories" in first.output, first.output
    admin = staff_client(app, None, role="admin")
    post(admin, edit_url("lorong", "jembatan"), name_id="Jembatan putus", name_en="Broken bridge", active="")
    with app.app_context():
        count_before = len(db.session.execute(select(ServiceCategory)).scalars().all())
        # A default the table lacks (a module upgraded before seeding) is offered as in code, then seeded.
        db.session.delete(
            db.session.execute(select(ServiceCategory).filter_by(module="lorong", code="drainase")).scalar_one()
        )
        db.session.commit()
    assert "drainase" in intake_options(citizen_client(app), "lorong")
    again = runner.invoke(args=["seed"])
    assert " 1 service categories" in again.output, again.output
    row = stored(app, "lorong", "jembatan")
    assert row.name_id == "Jembatan putus" and row.active is False
    with app.app_context():
        assert len(db.session.execute(select(ServiceCategory)).scalars().all()) == count_before
    assert " 0 service categories" in runner.invoke(args=["seed"]).output


def test_the_last_active_category_of_a_module_stays_active(app):
    admin = staff_client(app, None, role="admin")
    names = {
        "jalan": ("Jalan rusak", "Damaged road"),
        "jembatan": ("Jembatan rusak", "Damaged bridge"),
        "drainase": ("Saluran air / drainase", "Drainage"),
        "penerangan": ("Lampu penerangan jalan", "Street lighting"),
    }
    *first, last = names
    for code in first:
        name_id, name_en = names[code]
        assert post(admin, edit_url("lorong", code), name_id=name_id, name_en=name_en).status_code == 302
    name_id, name_en = names[last]
    refused = post(admin, edit_url("lorong", last), name_id=name_id, name_en=name_en, agency_code="dishub")
    assert refused.status_code == 422 and "paling sedikit satu kategori aktif" in refused.get_data(as_text=True)
    assert stored(app, "lorong", last).active is True
    assert intake_options(citizen_client(app), "lorong") == {last}


def test_the_open311_changeset_moves_when_an_admin_edits_a_category(app):
    before = json_of(app.test_client().get("/open311/discovery.json"))["changeset"]
    with app.app_context():
        row = db.session.execute(select(ServiceCategory).filter_by(module="madul", code="waste")).scalar_one()
        row.updated_at = row.updated_at.replace(year=row.updated_at.year + 1)  # a later edit than any source file
        db.session.commit()
    after = json_of(app.test_client().get("/open311/discovery.json"))["changeset"]
    assert after != before and after > before


def test_a_nik_typed_into_a_category_name_is_never_stored(app):
    admin = staff_client(app, None, role="admin")
    response = stray_animals(admin, name_id="Hewan liar 3528014506900001 di desa")
    assert response.status_code == 302
    row = stored(app, "madul", "stray_animals")
    assert "3528014506900001" not in row.name_id and "[NIK]" in row.name_id


def test_an_sms_report_finds_a_new_category_by_its_keywords_and_never_a_deactivated_one(app, sms, gateway):
    from suite.ticketing.models import Ticket
    from tests.helpers import gen_citizen

    admin = staff_client(app, None, role="admin")
    assert stray_animals(admin).status_code == 302
    _, _, phone = gen_citizen(app)
    sms("MADUL Dabuan banyak anjing liar dan ada kasus rabies di dekat sekolah", phone)
    [ticket] = rows(app, Ticket)
    assert ticket.category == "stray_animals" and ticket.agency.code == "dlh"
    fields = {"name_id": "Hewan liar dan rabies", "name_en": "Stray animals", "agency_code": "dlh"}
    assert post(admin, edit_url("madul", "stray_animals"), keywords="anjing liar\nrabies", **fields).status_code == 302
    sms("MADUL Dabuan anjing liar menggigit anak, takut rabies", phone)
    latest = rows(app, Ticket)[-1]
    assert latest.id != ticket.id and latest.category != "stray_animals"
