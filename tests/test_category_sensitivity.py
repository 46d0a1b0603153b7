"""Per-category sensitivity is data an admin decides (issue 8, item 5): e-Sehat's categories are
sensitive by default; an admin may make one public for future tickets only."""

import re

from sqlalchemy import delete, select

from suite.audit.models import AuditEntry
from suite.extensions import db
from suite.ticketing.category_settings import CategorySetting
from tests.channels.open311.support import BASE, json_of
from tests.conftest import csrf_token
from tests.helpers import citizen_client, get_ticket, staff_client, submit, ticket_code_from

PAGE = "/admin/kategori-sensitif"


def ticked(page: str) -> set[str]:
    return set(re.findall(r'name="sensitive" value="([^"]+)" checked', page))


def sehat(app, category, desa="35.28.01.2001"):
    # Another desa for a second public report of a category: the same place would warn of a duplicate first.
    return get_ticket(
        app,
        ticket_code_from(
            submit(
                citizen_client(app),
                "sehat",
                {
                    "category": category,
                    "facility_code": "pkm-tlanakan",
                    "desa_code": desa,
                    "description": "Kamar mandi ruang tunggu puskesmas kotor dan airnya mati.",
                },
            )
        ),
    )


def test_only_admins_open_the_page_and_it_lists_e_sehat_categories_all_ticked(app):
    assert staff_client(app, "dinkes", role="supervisor").get(PAGE).status_code == 403
    assert staff_client(app, None, role="supervisor").get(PAGE).status_code == 403
    page = staff_client(app, None, role="admin").get(PAGE).get_data(as_text=True)
    assert "Kategori sensitif" in page
    assert {"sehat.medicine", "sehat.cleanliness", "sehat.ambulance"} <= ticked(page)
    assert "babhar." not in page and "lorong." not in page  # secret as a whole, or public as a whole


def test_an_admin_makes_a_category_public_for_future_tickets_only(app):
    before = sehat(app, "cleanliness")
    admin = staff_client(app, None, role="admin")
    page = admin.get(PAGE).get_data(as_text=True)
    keep = ticked(page) - {"sehat.cleanliness"}
    try:
        response = admin.post(PAGE, data={"csrf_token": csrf_token(admin, PAGE), "sensitive": sorted(keep)})
        assert response.status_code == 302
        page = admin.get(PAGE).get_data(as_text=True)
        assert "sehat.cleanliness" not in ticked(page) and ticked(page) == keep
        with app.app_context():
            row = db.session.execute(
                select(CategorySetting).filter_by(module="sehat", category="cleanliness")
            ).scalar_one()
            assert row.sensitive is False and row.updated_by == admin.staff_id and row.updated_at
            [audit] = db.session.execute(select(AuditEntry).filter_by(resource_type="category_setting")).scalars().all()
            assert audit.resource_id == "sehat.cleanliness" and audit.staff_id == admin.staff_id
        public, still_secret = sehat(app, "cleanliness"), sehat(app, "medicine")
        assert public.sensitive is False and public.visibility == "public"
        assert still_secret.sensitive is True and still_secret.visibility == "confidential"
        assert get_ticket(app, before.code).sensitive is True  # what was reported in confidence stays so
        codes = {s["service_code"] for s in json_of(app.test_client().get(f"{BASE}/services.json"))}
        assert "sehat.cleanliness" in codes and "sehat.medicine" not in codes
        listed = app.test_client().get(f"{BASE}/requests.json").get_data(as_text=True)
        assert public.code in listed and before.code not in listed and still_secret.code not in listed
        # Made public, it still stays inside Dinkes for staff (item 4 holds whatever the category).
        assert staff_client(app, "pupr").get(f"/petugas/tiket/{public.code}").status_code == 403
        # Ticking it again makes it sensitive again.
        admin.post(
            PAGE, data={"csrf_token": csrf_token(admin, PAGE), "sensitive": sorted(keep | {"sehat.cleanliness"})}
        )
        assert sehat(app, "cleanliness", desa="35.28.02.2001").sensitive is True
    finally:
        with app.app_context():  # category_settings outlives the test: leave the defaults behind
            db.session.execute(delete(CategorySetting).where(CategorySetting.module == "sehat"))
            db.session.commit()
