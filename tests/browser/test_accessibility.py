"""Issue 14, item 3: axe-core finds no violation at any impact level on every public page, every
citizen page and the main staff pages (forms shown with their errors too)."""

from __future__ import annotations

from datetime import date

from tests.browser.test_pages import axe_problems, main_form, report, sign_in_citizen, sign_in_staff  # skips
from tests.helpers import (
    PASSWORD,
    gen_citizen,
    gen_staff,
    login_citizen,
    lorong_fields,
    make_nik,
    register_pregnancy,
    report_danger_sign,
    submit,
    ticket_code_from,
)

MODULES = ("lorong", "sehat", "madul", "babhar")


def _citizen_world(app):
    """A mother with a road report (on the public map), a registered pregnancy and a danger sign;
    returns her NIK and the codes of the road report and the danger sign."""
    _, nik, _ = gen_citizen(app, sex="F")
    client = app.test_client()
    login_citizen(client, nik)
    road = ticket_code_from(submit(client, "lorong", lorong_fields(latitude="-7.15", longitude="113.45")))
    register_pregnancy(client)
    response = report_danger_sign(client)
    assert response.status_code == 302, response.get_data(as_text=True)
    danger = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    return nik, road, danger


def _to_the_phone_code_step(page) -> None:
    """Fill the registration form and send it: the page asks for the code sent to the phone."""
    nik = make_nik("F", date(1996, 5, 5))
    page.goto("/akun/daftar")
    form = main_form(page)
    form.locator("#nik").fill(nik)
    form.locator("#full_name").fill("Siti Aminah")
    form.locator("#birth_date").fill("1996-05-05")
    form.locator("#sex-0").check()
    form.locator("#phone").fill(f"0812 3456 9{nik[-3:]}")
    form.locator("#desa_code").select_option("35.28.01.2001")
    form.locator("#password").fill(PASSWORD)
    form.locator("#password_confirm").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/akun/konfirmasi-hp")


def _submit_empty(page, path: str) -> list[str]:
    page.goto(path)
    main_form(page).locator("button[type=submit]").last.click()
    page.wait_for_load_state()
    return axe_problems(page, label=f"{path} (with errors)")


def test_public_pages_pass_axe_at_every_impact_level(app, new_context):
    _, road, _ = _citizen_world(app)
    page = new_context().new_page()
    problems = []
    for path in (
        "/",
        *(f"/layanan/{module}/" for module in MODULES),
        "/lacak",
        f"/lacak/{road}",
        "/peta",
        "/statistik",
        "/statistik/instansi",
        "/standar-pelayanan",
        "/standar-pelayanan/lorong",
        "/layanan/sehat/fasilitas",
        "/layanan/babhar/bahaya/keluarga",
        "/kios/",
        "/akun/daftar",
        "/akun/masuk",
        "/akun/lupa-sandi",
        "/petugas/masuk",
        "/petugas/lupa-sandi",
    ):
        problems += axe_problems(page, path)
    problems += axe_problems(page, "/tidak-ada-halaman-ini", status=404)
    problems += axe_problems(page, "/lacak/LRG-0000-0000", status=404)
    for path in ("/akun/daftar", "/akun/masuk", "/akun/lupa-sandi", "/layanan/babhar/bahaya/keluarga"):
        problems += _submit_empty(page, path)
    page.goto("/lacak")
    main_form(page).locator("input[type=text], input:not([type])").first.fill("BUKAN-KODE")
    main_form(page).locator("button[type=submit]").last.click()
    page.wait_for_load_state()
    problems += axe_problems(page, label="/lacak (unknown code)")

    _to_the_phone_code_step(page)
    problems += axe_problems(page, label="/akun/konfirmasi-hp")

    page = new_context().new_page()
    page.goto("/")  # the same pages in English (the lang attribute and the words change)
    page.locator("#lang-select").select_option("en")
    page.locator("form.lang button[type=submit]").click()
    page.wait_for_load_state()
    for path in ("/", f"/lacak/{road}", "/akun/daftar", "/layanan/babhar/bahaya/keluarga"):
        problems += axe_problems(page, path, label=f"{path} (English)")
    assert not problems, report(problems)


def test_citizen_pages_pass_axe_at_every_impact_level(app, new_context):
    nik, road, danger = _citizen_world(app)
    page = new_context().new_page()
    sign_in_citizen(page, nik)
    problems = []
    for path in (
        *(f"/layanan/{module}/lapor" for module in MODULES),
        "/laporan-saya",
        f"/laporan-saya/{road}",
        f"/laporan-saya/{danger}",
        "/akun/pengaturan",
        "/akun/pengaturan/kata-sandi",
        "/akun/privasi",
        "/akun/privasi/hapus",
        "/layanan/babhar/kehamilan-saya",
        "/layanan/babhar/bahaya",
        f"/layanan/babhar/bahaya/{danger}",
        "/layanan/babhar/rencana-persalinan",
    ):
        problems += axe_problems(page, path)
    problems += axe_problems(page, "/akun/privasi/data-saya", label="/akun/privasi/konfirmasi")
    main_form(page).locator("input[type=password]").fill(PASSWORD)
    main_form(page).locator("button[type=submit]").click()
    page.wait_for_url("**/akun/privasi/data-saya")
    problems += axe_problems(page, label="/akun/privasi/data-saya")
    for module in MODULES:
        problems += _submit_empty(page, f"/layanan/{module}/lapor")
    problems += _submit_empty(page, "/layanan/babhar/bahaya")
    assert not problems, report(problems)


def test_main_staff_pages_pass_axe_at_every_impact_level(app, new_context):
    _, road, _ = _citizen_world(app)
    problems = []
    for agency, role, paths in (
        (
            "pupr",
            "supervisor",
            (
                "/petugas/",
                f"/petugas/tiket/{road}",
                "/petugas/statistik",
                "/petugas/kinerja",
                "/petugas/templat",
                "/petugas/profil",
                "/petugas/laporan-anggaran",
            ),
        ),
        ("pupr", "officer", ("/petugas/telepon", "/petugas/identitas")),
        (None, "supervisor", ("/petugas/pusat-kendali",)),
        ("dinkes", "supervisor", ("/layanan/babhar/petugas/ringkasan",)),  # the health office's summary
        (
            None,
            "admin",
            (
                "/admin/",
                "/admin/instansi",
                "/admin/petugas",
                "/admin/layanan",
                "/admin/kategori",
                "/admin/kategori-sensitif",
                "/admin/kata-kunci-rute",
                "/admin/target",
                "/admin/standar-pelayanan",
                "/admin/templat-balasan",
                "/admin/teks-pesan",
                "/admin/penghubung",
                "/admin/kunci-api",
                "/admin/wilayah-kerja",
            ),
        ),
        (
            "pkm-tlanakan",
            "officer",
            ("/layanan/babhar/petugas/kohort", "/petugas/"),
        ),
    ):
        _, email = gen_staff(app, agency, role, call_centre=role == "officer" and agency == "pupr")
        page = new_context().new_page()
        sign_in_staff(page, email)
        for path in paths:
            problems += axe_problems(page, path, label=f"{path} ({role} {agency})")
        if agency == "pkm-tlanakan":
            page.goto("/layanan/babhar/petugas/kohort")
            page.locator("table.list a").first.click()
            page.wait_for_load_state()
            problems += axe_problems(page, label="mother's record")
    assert not problems, report(problems)
