"""Real headless Chromium against the live app: the citizen flows work without JavaScript, and the
pages pass axe-core with no violation at any impact level (issue 14, item 3)."""

from __future__ import annotations

import os
import re
from datetime import date

import pytest

from tests.browser.conftest import CHROMIUM

if not os.path.exists(CHROMIUM):
    pytest.skip(
        f"browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium", allow_module_level=True
    )

import pyotp  # noqa: E402
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

from tests.helpers import (
    PASSWORD,
    TOTP_SECRET,
    gen_citizen,
    gen_staff,
    login_citizen,
    lorong_fields,
    make_nik,
    sent_phone_code,
    submit,
    ticket_code_from,
)  # noqa: E402

CODE = re.compile(r"LRG-[0-9A-Z]{4}-[0-9A-Z]{4}")
AXE = Axe()


def main_form(page):
    return page.locator("main form").last


def sign_in_citizen(page, identifier: str) -> None:
    page.goto("/akun/masuk")
    page.get_by_label("NIK atau nomor HP").fill(identifier)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    main_form(page).locator("button[type=submit]").click()
    page.wait_for_url("**/laporan-saya")


def sign_in_staff(page, email: str) -> None:
    page.goto("/petugas/masuk")
    page.get_by_label("Email dinas").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    main_form(page).locator("button[type=submit]").click()
    page.wait_for_url("**/petugas/masuk/kode")  # the second factor (issue 9, item 4): gen_staff's secret
    page.get_by_label("Kode 6 angka", exact=False).fill(pyotp.TOTP(TOTP_SECRET).now())
    main_form(page).locator("button[type=submit]").click()
    page.wait_for_url("**/petugas/")


def axe_problems(page, path: str | None = None, label: str | None = None, status: int = 200) -> list[str]:
    """Open path (or stay on the current page), run axe-core, and describe each violation, whatever
    its impact (minor and moderate included: issue 14, item 3), with its id, impact, help text and
    the offending nodes."""
    if path is not None:
        response = page.goto(path)
        assert response is not None and response.status == status, f"{path}: HTTP {response and response.status}"
    label = label or path or page.url
    problems = []
    for violation in AXE.run(page).response["violations"]:
        targets = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
        problems.append(
            f"{label} [{page.viewport_size['width']}px]: {violation['id']} ({violation['impact']}): "
            f"{violation['help']}\n    nodes: {targets}"
        )
    return problems


def report(problems: list[str]) -> str:
    return f"{len(problems)} axe violation(s):\n" + "\n".join(problems)


def test_citizen_registers_reports_a_road_and_tracks_it_without_javascript(app, new_context):
    nik = make_nik("F", date(1995, 4, 7))
    page = new_context(java_script_enabled=False).new_page()

    page.goto("/akun/daftar")
    page.get_by_label("NIK (16 digit").fill(nik)
    page.get_by_label("Nama lengkap sesuai KTP").fill("Siti Aminah")
    page.get_by_label("Tanggal lahir").fill("1995-04-07")
    page.get_by_label("Perempuan").check()
    page.get_by_label("Nomor HP").fill(f"0812 3456 7{nik[-3:]}")
    page.get_by_label("Desa/kelurahan tempat tinggal").select_option("35.28.01.2001")
    page.get_by_label("Kata sandi (minimal 10 karakter)").fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    main_form(page).locator("button[type=submit]").click()
    page.wait_for_load_state()
    # The code the outbox sent to the phone (issue 9, item 5).
    page.get_by_label("Kode 6 digit").fill(sent_phone_code(app, f"0812 3456 7{nik[-3:]}"))
    page.locator("main form").first.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Pendaftaran berhasil" in page.locator("main").inner_text(), page.content()

    page.goto("/layanan/lorong/lapor")
    page.get_by_label("Kategori").select_option("jalan")
    page.get_by_label("Nama jalan atau patokan").fill("Jl. Raya Tlanakan")
    page.get_by_label("Jenis kerusakan").select_option("pothole")
    page.get_by_label("Berat: berbahaya").check()
    page.get_by_label("Ceritakan masalahnya").fill("Lubang besar di depan balai desa, motor sering jatuh.")
    page.get_by_label("Desa/kelurahan lokasi").select_option("35.28.01.2001")
    main_form(page).locator("button[type=submit]").click()
    page.wait_for_url("**/laporan-saya/LRG-*")
    text = page.locator("main").inner_text()
    match = CODE.search(text)
    assert match and "Laporan Anda diterima" in text, text
    code = match.group(0)
    assert page.url.endswith(f"/laporan-saya/{code}")

    public = new_context(java_script_enabled=False).new_page()
    response = public.goto(f"/lacak/{code}")
    assert response.status == 200
    assert "Diterima" in public.locator("main .status").inner_text()
    assert "Siti Aminah" not in public.content() and nik not in public.content()


def test_registration_error_without_javascript_keeps_what_was_typed(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/akun/daftar")
    page.get_by_label("NIK (16 digit").fill("352801470")
    page.get_by_label("Nama lengkap sesuai KTP").fill("Siti Aminah")
    page.get_by_label("Tanggal lahir").fill("1995-04-07")
    page.get_by_label("Perempuan").check()
    page.get_by_label("Nomor HP").fill("0812 3456 7001")
    page.get_by_label("Desa/kelurahan tempat tinggal").select_option("35.28.01.2001")
    page.get_by_label("Kata sandi (minimal 10 karakter)").fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        main_form(page).locator("button[type=submit]").click()
    assert posted.value.status == 422
    page.wait_for_load_state()

    assert page.get_by_label("Nama lengkap sesuai KTP").input_value() == "Siti Aminah"
    assert page.get_by_label("Perempuan").is_checked()
    error = page.locator("#nik-err")
    assert error.is_visible() and "16 digit" in error.inner_text()
    nik = page.get_by_label("NIK (16 digit")
    assert nik.get_attribute("aria-invalid") == "true"
    assert "nik-err" in (nik.get_attribute("aria-describedby") or "")


def _ticket_for(app, nik: str) -> str:
    client = app.test_client()
    login_citizen(client, nik)
    response = submit(client, "lorong", lorong_fields())
    assert response.status_code == 302, response.get_data(as_text=True)
    return ticket_code_from(response)


def test_pages_pass_axe_with_no_violation(app, new_context):
    _, nik, _ = gen_citizen(app, sex="F")
    code = _ticket_for(app, nik)
    _, email = gen_staff(app, "pupr")
    problems = []

    anonymous = new_context().new_page()
    for path in (
        "/",
        "/layanan/lorong/",
        "/akun/daftar",
        "/akun/masuk",
        "/lacak",
        f"/lacak/{code}",
        "/petugas/masuk",
        "/akun/lupa-sandi",
        "/petugas/lupa-sandi",
        "/standar-pelayanan",  # issue 12, item 4: the published service standards
        "/standar-pelayanan/lorong",
    ):
        problems += axe_problems(anonymous, path)
    # The registration form as it comes back with errors (aria-invalid, error texts).
    anonymous.goto("/akun/daftar")
    main_form(anonymous).locator("button[type=submit]").click()
    anonymous.wait_for_load_state()
    problems += axe_problems(anonymous, label="/akun/daftar (with errors)")

    citizen = new_context().new_page()
    sign_in_citizen(citizen, nik)
    for path in (
        "/layanan/lorong/lapor",
        "/layanan/sehat/lapor",
        "/layanan/madul/lapor",
        "/layanan/babhar/lapor",
        "/laporan-saya",
        f"/laporan-saya/{code}",
    ):
        problems += axe_problems(citizen, path)
    citizen.goto("/layanan/lorong/lapor")
    main_form(citizen).locator("button[type=submit]").click()
    citizen.wait_for_load_state()
    problems += axe_problems(citizen, label="/layanan/lorong/lapor (with errors)")

    staff = new_context().new_page()
    sign_in_staff(staff, email)
    for path in ("/petugas/", f"/petugas/tiket/{code}"):
        problems += axe_problems(staff, path)

    assert not problems, report(problems)


def test_pages_fit_a_cheap_phone(app, new_context):
    """360 px wide: axe passes and nothing scrolls sideways (the README's screenshots: test_screenshots.py)."""
    _, nik, _ = gen_citizen(app, sex="F")
    page = new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True, has_touch=True
    ).new_page()
    problems = axe_problems(page, "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    sign_in_citizen(page, nik)
    problems += axe_problems(page, "/layanan/lorong/lapor")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not problems, report(problems)


def test_workflow_channel_and_health_pages_pass_axe(app, new_context):
    """The pages added for the staff workflow, the channels and the health modules."""
    from datetime import timedelta

    _, nik, _ = gen_citizen(app, sex="F")
    _ticket_for(app, nik)
    roles = {
        name: gen_staff(app, agency, role, call_centre=name == "officer")[1]
        for name, agency, role in (
            ("officer", "pupr", "officer"),
            ("supervisor", "pupr", "supervisor"),
            ("admin", None, "admin"),
            ("midwife", "pkm-tlanakan", "officer"),
        )
    }
    problems = []

    anonymous = new_context().new_page()
    for path in (
        "/statistik/instansi",
        "/layanan/sehat/fasilitas",
        "/layanan/babhar/",
        "/kios/",
        "/layanan/babhar/bahaya/keluarga",
    ):
        problems += axe_problems(anonymous, path)

    citizen = new_context().new_page()
    sign_in_citizen(citizen, nik)
    citizen.goto("/layanan/babhar/lapor")
    form = main_form(citizen)
    form.locator("#last_period_date").fill((date.today() - timedelta(weeks=12)).isoformat())
    form.locator("#gravida").fill("1")
    form.locator("#consent").check()
    form.locator("button[type=submit]").click()
    citizen.wait_for_load_state()
    for path in (
        "/layanan/babhar/kehamilan-saya",
        "/layanan/babhar/bahaya",
        "/layanan/babhar/rencana-persalinan",
        "/akun/pengaturan",
        "/akun/pengaturan/kata-sandi",
    ):
        problems += axe_problems(citizen, path)

    for role, paths in (
        ("officer", ("/petugas/telepon",)),
        ("supervisor", ("/petugas/kinerja", "/petugas/templat", "/petugas/?overdue=1")),
        ("admin", ("/admin/target", "/admin/kunci-api", "/layanan/babhar/admin/kspr", "/admin/wilayah-kerja")),
        (
            "midwife",
            (
                "/layanan/babhar/petugas/kohort",
                "/layanan/babhar/petugas/daftar",
                "/petugas/profil",
                "/petugas/profil/kata-sandi",
            ),
        ),
    ):
        page = new_context().new_page()
        sign_in_staff(page, roles[role])
        for path in paths:
            problems += axe_problems(page, path)
        if role == "midwife":
            page.goto("/layanan/babhar/petugas/kohort")
            page.locator("table.list a").first.click()
            page.wait_for_load_state()
            problems += axe_problems(page, label="mother's record")

    assert not problems, report(problems)
