"""Routing keywords are data an admin edits (issue 11, item 8): a change routes the next complaint,
is audited with what it replaced, and a refused change says why, beside the category."""

from __future__ import annotations

from suite.registry import enabled_modules
from suite.ticketing.routing.keywords import RoutingKeywords, routing_modules, validate
from tests.conftest import csrf_token
from tests.helpers import audit_entries, citizen_client, count, get_ticket, staff_client, submit, ticket_code_from

PAGE = "/admin/kata-kunci-rute"
PDAM = "Air PDAM mati sudah 3 hari, tidak ada pemberitahuan"


def keywords_field(page: str, category: str) -> str:
    start = page.index(f'name="keywords-{category}"')
    return page[page.index(">", start) + 1 : page.index("</textarea>", start)]


def save(admin, **lists):
    data = {"csrf_token": csrf_token(admin, PAGE), "module": "madul"}
    data.update({f"keywords-{category}": "\n".join(words) for category, words in lists.items()})
    return admin.post(PAGE, data=data)


def agency_of_other(app, description: str) -> str:
    # A new citizen each time: the same text twice from one citizen is held as a likely duplicate.
    code = ticket_code_from(submit(citizen_client(app), "madul", {"category": "other", "description": description}))
    return get_ticket(app, code).agency.code


def test_the_page_lists_each_category_with_its_default_keywords(app):
    admin = staff_client(app, None, role="admin")
    page = admin.get(PAGE).get_data(as_text=True)
    assert "Kata kunci rute" in page and "bawaan layanan" in page
    assert "kartu keluarga" in keywords_field(page, "population").splitlines()
    assert 'name="keywords-other"' not in page  # "other" is what no keyword points to
    assert staff_client(app, "kominfo", role="supervisor").get(PAGE).status_code == 403


def test_an_admins_keyword_edit_changes_routing_and_is_audited(app):
    admin = staff_client(app, None, role="admin")
    assert agency_of_other(app, PDAM) == "kominfo"
    housing = keywords_field(admin.get(PAGE).get_data(as_text=True), "housing").splitlines()

    response = save(admin, housing=[*housing, "pdam", "air ledeng"])

    assert response.status_code == 302
    assert "Kata kunci disimpan" in admin.get(PAGE).get_data(as_text=True)
    assert agency_of_other(app, PDAM) == "disperkimhub"
    [entry] = audit_entries(app, resource_type="routing_keywords")
    assert entry.resource_id == "madul.housing" and entry.staff_id == admin.staff_id
    assert entry.before == {"keywords": housing} and entry.after == {"keywords": [*housing, "pdam", "air ledeng"]}
    assert entry.detail == "+pdam +air ledeng"


def test_going_back_to_the_defaults_is_audited_and_follows_the_module_again(app):
    admin = staff_client(app, None, role="admin")
    save(admin, waste=["sampah"])
    assert count(app, RoutingKeywords) == 1
    assert agency_of_other(app, "Limbah pabrik tahu dibuang ke sungai") == "kominfo"

    page = admin.get(PAGE).get_data(as_text=True)
    assert "diubah admin" in page and 'name="reset" value="waste"' in page
    admin.post(PAGE, data={"csrf_token": csrf_token(admin, PAGE), "module": "madul", "reset": "waste"})

    assert count(app, RoutingKeywords) == 0
    assert agency_of_other(app, "Limbah pabrik tahu dibuang ke sungai") == "dlh"
    removed, restored = audit_entries(app, resource_type="routing_keywords")
    assert removed.after == {"keywords": ["sampah"]} and restored.before == {"keywords": ["sampah"]}
    assert "limbah" in restored.after["keywords"]


def test_a_refused_edit_says_why_beside_the_category_and_changes_nothing(app):
    admin = staff_client(app, None, role="admin")

    response = save(admin, waste=["sampah", "Limbah"], permits=["izin", "izin<b>"], education=["sampah"])

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kata kunci belum dapat disimpan" in page
    assert "Gunakan huruf kecil: “Limbah”." in page
    assert "Hanya huruf a-z, angka, spasi dan tanda hubung: “izin&lt;b&gt;”." in page
    assert "“sampah” sudah ada di kategori Sampah dan lingkungan" in page
    assert "Limbah" in keywords_field(page, "waste")  # what the admin typed stays to be corrected
    assert count(app, RoutingKeywords) == 0 and audit_entries(app, resource_type="routing_keywords") == []


def test_trying_a_sentence_shows_the_suggestion_and_stores_nothing(app):
    admin = staff_client(app, None, role="admin")
    data = {"csrf_token": csrf_token(admin, PAGE), "module": "madul", "text": "sampah numpuk di TPS, bau bgt"}

    page = admin.post(f"{PAGE}/coba", data=data).get_data(as_text=True)

    assert "Saran: Sampah dan lingkungan, diteruskan ke dlh. Kata yang cocok: sampah, tps, bau." in page
    empty = admin.post(f"{PAGE}/coba", data={**data, "text": " "})
    assert empty.status_code == 422 and "Tulis kalimat yang ingin dicoba." in empty.get_data(as_text=True)


def test_every_modules_default_keywords_would_pass_the_admin_checks(ctx):
    modules = routing_modules(enabled_modules().values())
    assert [m.code for m in modules] == ["madul"]
    for module in modules:
        defaults = module.default_routing_keywords()
        assert validate(module, defaults) == defaults
