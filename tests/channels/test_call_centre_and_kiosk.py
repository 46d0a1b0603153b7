"""Call centre (channel phone) and e-Kios (channel kiosk)."""

import re

from tests.conftest import csrf_token
from tests.helpers import (
    PASSWORD,
    gen_citizen,
    get_ticket,
    login_citizen,
    lorong_fields,
    make_nik,
    staff_client,
    submit,
    submit_on_behalf,
)


def test_officer_finds_a_caller_by_phone_and_reports_for_them(app):
    _, nik, phone = gen_citizen(app)
    officer = staff_client(app, "kominfo", call_centre=True)
    token = csrf_token(officer, "/petugas/telepon")
    found = officer.post("/petugas/telepon", data={"csrf_token": token, "identifier": "0" + phone[3:]})
    assert found.status_code == 302 and found.headers["Location"].endswith("/petugas/telepon/warga")
    page = officer.get("/petugas/telepon/warga").get_data(as_text=True)
    assert nik not in page and nik[:4] + "**********" in page
    response = submit_on_behalf(officer, "lorong", lorong_fields())
    assert response.status_code == 302
    code = re.search(r"dibuat=([A-Z0-9-]+)", response.headers["Location"]).group(1)
    ticket = get_ticket(app, code)
    assert ticket.channel == "phone" and ticket.citizen_id is not None
    assert code in officer.get(response.headers["Location"]).get_data(as_text=True)


def test_officer_registers_an_unknown_caller_without_putting_the_nik_in_a_url(app):
    officer = staff_client(app, "kominfo", call_centre=True)
    nik = make_nik("M")
    token = csrf_token(officer, "/petugas/telepon")
    response = officer.post("/petugas/telepon", data={"csrf_token": token, "identifier": nik})
    assert response.status_code == 200 and "Daftarkan penelepon" in response.get_data(as_text=True)
    born = f"19{nik[10:12]}-{nik[8:10]}-{nik[6:8]}"
    registered = officer.post(
        "/petugas/telepon/daftar",
        data={
            "csrf_token": token,
            "nik": nik,
            "full_name": "Pak Penelepon",
            "birth_date": born,
            "sex": "M",
            "phone": "081377788899",
            "desa_code": "35.28.02.2001",
        },
    )
    assert registered.status_code == 302 and nik not in registered.headers["Location"]
    assert (
        submit_on_behalf(
            officer, "madul", {"category": "waste", "description": "Sampah menumpuk di pinggir jalan desa."}
        ).status_code
        == 302
    )


def test_call_centre_pages_need_a_chosen_caller(app):
    officer = staff_client(app, "kominfo", call_centre=True)
    assert officer.get("/petugas/telepon/warga").status_code == 302


def test_kiosk_report_ends_on_a_receipt_and_signs_out(app):
    _, nik, _ = gen_citizen(app)
    kiosk = app.test_client()
    start = kiosk.get("/kios/").get_data(as_text=True)
    assert 'http-equiv="refresh"' in start and 'class="kiosk"' in start
    login_citizen(kiosk, nik, PASSWORD)
    response = submit(kiosk, "lorong", lorong_fields())
    assert "/kios/tanda-terima/" in response.headers["Location"]
    receipt = kiosk.get(response.headers["Location"]).get_data(as_text=True)
    code = re.search(r"LRG-[0-9A-Z]{4}-[0-9A-Z]{4}", receipt).group(0)
    assert get_ticket(app, code).channel == "kiosk"
    assert (
        nik not in receipt and "Warga Uji" not in receipt and "data-print" in receipt
    )  # print.js (no inline handlers: CSP)
    token = csrf_token(kiosk, response.headers["Location"])
    assert kiosk.post("/kios/selesai", data={"csrf_token": token}).status_code == 302
    assert kiosk.get("/laporan-saya").status_code == 302  # signed out
    assert kiosk.get(response.headers["Location"]).status_code == 404


def test_kiosk_idle_timeout_signs_out(app):
    _, nik, _ = gen_citizen(app)
    kiosk = app.test_client()
    kiosk.get("/kios/")
    login_citizen(kiosk, nik, PASSWORD)
    assert kiosk.get("/laporan-saya").status_code == 200
    assert kiosk.get("/kios/selesai").status_code == 302  # what the idle refresh loads
    assert kiosk.get("/laporan-saya").status_code == 302
