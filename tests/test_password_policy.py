"""Password policy (issue 9, item 4): length, the commonest passwords, and nothing from the account's
own NIK, phone, email or name; at registration, staff creation, change and reset."""

from __future__ import annotations

from pathlib import Path

import pytest

from suite.identity import password_policy
from tests.conftest import csrf_token
from tests.helpers import make_nik

DATA = Path(password_policy.__file__).resolve().parent / "data"


def register(client, password: str, nik: str | None = None, **overrides):
    nik = nik or make_nik("F")
    data = {
        "nik": nik,
        "full_name": "Siti Rahmawati",
        "birth_date": "1995-04-07",
        "sex": "F",
        "phone": f"0813{int(nik[-4:]) + 5000:08d}",
        "email": "siti.rahma@example.id",
        "desa_code": "35.28.01.2001",
        "password": password,
        "password_confirm": password,
        **overrides,
    }
    return client.post("/akun/daftar", data={"csrf_token": csrf_token(client, "/akun/daftar"), **data})


@pytest.mark.parametrize(
    "password,reason",
    [
        ("pendek-12", "minimal 10 karakter"),
        ("x" * 129, "paling panjang 128 karakter"),
        ("qwertyuiop", "paling sering dipakai"),
        ("password1234", "paling sering dipakai"),
        ("Q1W2E3R4T5Y6", "paling sering dipakai"),
        ("demo12345", "minimal 10 karakter"),
        ("rahmawati-kuat-99", "nama Anda"),
        ("kopi-siti.rahma-7", "alamat email Anda"),
    ],
)
def test_registration_refuses_weak_passwords(client, password, reason):
    response = register(client, password)
    assert response.status_code == 422
    assert reason in response.get_data(as_text=True)


def test_registration_refuses_the_citizens_own_nik_and_phone(client):
    nik = make_nik("F")
    response = register(client, f"nik{nik}", nik=nik)
    assert response.status_code == 422 and "NIK Anda" in response.get_data(as_text=True)
    response = register(client, "hp+6281298765432!", nik=nik, phone="0812 9876 5432")
    assert response.status_code == 422 and "nomor HP Anda" in response.get_data(as_text=True)


def test_registration_accepts_a_long_uncommon_password(client):
    response = register(client, "perahu layar di selat madura")
    assert response.status_code == 302, response.get_data(as_text=True)


def test_staff_need_a_longer_password_than_citizens(app, runner):
    args = ["create-staff", "--email", "panjang@pamekasankab.go.id", "--name", "Kepala Dinas", "--agency", "dlh"]
    short = runner.invoke(args=args + ["--password", "sebelas-123"])  # 11 characters: enough for a citizen only
    assert short.exit_code != 0 and "minimal 12 karakter" in short.output
    common = runner.invoke(args=args + ["--password", "qwerty123456"])
    assert common.exit_code != 0 and "paling sering dipakai" in common.output
    named = runner.invoke(args=args + ["--password", "kepala-yang-baik"])
    assert named.exit_code != 0 and "nama Anda" in named.output
    ok = runner.invoke(args=args + ["--password", "perahu-layar-selat"])
    assert ok.exit_code == 0, ok.output


def test_the_length_limits_are_settings(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_MIN_LENGTH_CITIZEN", 20)
    response = register(client, "perahu-layar-selat")
    assert response.status_code == 422 and "minimal 20 karakter" in response.get_data(as_text=True)
    assert "Kata sandi (minimal 20 karakter)" in client.get("/akun/daftar").get_data(as_text=True)


def test_the_common_password_list_is_shipped_with_its_source_and_licence(app):
    with app.app_context():
        assert len(password_policy.common_passwords()) >= 10000
    source = (DATA / "SOURCE.md").read_text()
    assert "Django" in source and "5.2.19" in source and "BSD" in source
    assert "Redistribution and use" in (DATA / "LICENSE-django.txt").read_text()
