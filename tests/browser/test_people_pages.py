"""The people screens (issue 12, item 3) in headless Chromium: they pass axe-core, and an
invitation is made and answered without JavaScript."""

from __future__ import annotations

from tests.browser.test_pages import axe_problems, main_form, report, sign_in_staff  # skips without Chromium
from tests.helpers import PASSWORD, agency_id, gen_staff


def test_people_pages_pass_axe_and_an_invitation_works_without_javascript(app, new_context):
    _, admin_email = gen_staff(app, None, "admin")
    officer_id, _ = gen_staff(app, "pupr")
    admin = new_context().new_page()  # axe-core runs as a script
    sign_in_staff(admin, admin_email)
    problems = []
    for path in (
        "/admin/instansi",
        f"/admin/instansi/{agency_id(app, 'pkm-tlanakan')}",
        "/admin/petugas",
        f"/admin/petugas/{officer_id}",
    ):
        problems += axe_problems(admin, path)

    admin.goto("/admin/petugas")
    form = main_form(admin)
    form.get_by_label("Email dinas").fill("rina.dishub@pamekasankab.go.id")
    form.get_by_label("Nama lengkap").fill("Rina Wulandari")
    form.get_by_label("Instansi", exact=True).select_option(label="Dinas Perhubungan")
    form.locator("button[type=submit]").click()
    admin.wait_for_load_state()
    problems += axe_problems(admin, label="invitation created")
    link = admin.locator("#invitation-link").input_value()

    viewer = new_context().new_page()  # opening the link spends nothing: only setting the password does
    viewer.goto(link)
    assert viewer.url.endswith("/petugas/undangan")
    problems += axe_problems(viewer, label="invitation accept")

    invitee = new_context(java_script_enabled=False).new_page()
    invitee.goto(link)
    form = main_form(invitee)
    form.locator("#password").fill(PASSWORD)
    form.locator("#password_confirm").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    invitee.wait_for_url("**/petugas/dua-langkah")
    assert not problems, report(problems)
