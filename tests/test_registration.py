from datetime import date

import pytest
from sqlalchemy import text

from suite.extensions import db
from tests.conftest import csrf_token
from tests.helpers import PASSWORD, confirm_registration, gen_citizen, login_citizen, make_nik


def registration(client, **overrides):
    data = {
        "csrf_token": csrf_token(client, "/akun/daftar"),
        "nik": make_nik("F", date(1995, 4, 7)),
        "full_name": "Siti Aminah",
        "birth_date": "1995-04-07",
        "sex": "F",
        "phone": "0812 3456 7801",
        "email": "",
        "desa_code": "35.28.01.2001",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    }
    data.update(overrides)
    return client.post("/akun/daftar", data=data)


def test_citizen_registers_and_lands_signed_in(app, client):
    response = registration(client)
    assert response.status_code == 302
    confirm_registration(client, app, "0812 3456 7801")  # the code sent to the phone (issue 9, item 5)
    assert client.get("/laporan-saya").status_code == 200


@pytest.mark.parametrize(
    "nik, message",
    [
        ("352801470495001", "16 digit"),  # wrong length
        ("35280147049500AB", "hanya boleh berisi angka"),  # letters
        ("3528013102950001", "bukan tanggal yang ada"),  # 31 February
        ("3528014713950001", "Bulan lahir"),  # month 13
        ("3528017204950001", "tidak mungkin"),  # day 72: neither 01-31 nor 41-71
        ("9928014704950001", "provinsi"),  # unknown province 99
        ("3599014704950001", "kabupaten/kota"),  # unknown regency 35.99
        ("3528014704950000", "0000"),  # serial 0000
    ],
)
def test_invalid_nik_is_refused_with_a_clear_message_and_keeps_the_form(client, nik, message):
    response = registration(client, nik=nik, full_name="Nama Yang Diketik")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    assert 'value="Nama Yang Diketik"' in body  # what the citizen typed is kept


def test_nik_sex_must_match_the_declared_sex(client):
    male_nik = make_nik("M", date(1995, 4, 7))
    response = registration(client, nik=male_nik, sex="F")
    assert response.status_code == 422
    assert "Jenis kelamin tidak sesuai dengan NIK" in response.get_data(as_text=True)


def test_nik_birth_date_must_match_the_declared_date(client):
    response = registration(client, birth_date="1995-04-08")
    assert response.status_code == 422
    assert "Tanggal lahir tidak sesuai" in response.get_data(as_text=True)


def test_unknown_kecamatan_is_a_warning_not_a_refusal(app, client):
    nik = make_nik("F", date(1995, 4, 7), kecamatan="77")
    response = registration(client, nik=nik)
    assert response.status_code == 302
    confirm_registration(client, app, "0812 3456 7801")
    assert "Kode kecamatan 35.28.77" in client.get("/").get_data(as_text=True)


def test_nik_is_stored_encrypted_with_a_blind_index_and_unique(app, client):
    nik = make_nik("F", date(1995, 4, 7))
    assert registration(client, nik=nik).status_code == 302
    with app.app_context():
        row = db.session.execute(text("SELECT nik_encrypted, nik_index, phone FROM citizens")).one()
    assert nik not in row.nik_encrypted and nik != row.nik_index
    assert row.phone == "+6281234567801"  # E.164
    # A second registration with the same NIK makes no second account, and says nothing here
    # (issue 9, item 5: tests/test_registration_privacy.py covers the answer).
    again = registration(app.test_client(), nik=nik, phone="081234567802")
    assert again.status_code == 302
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM citizens")).scalar_one() == 1


def test_invalid_phone_is_refused(client):
    response = registration(client, phone="12345")
    assert response.status_code == 422
    assert "Nomor telepon tidak valid" in response.get_data(as_text=True)


def test_login_by_nik_or_phone(app, client):
    _, nik, phone = gen_citizen(app)
    login_citizen(client, nik)
    other = app.test_client()
    login_citizen(other, "0" + phone[3:])  # 08... local form of the E.164 number


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(app, client):
    _, nik, _ = gen_citizen(app)
    token = csrf_token(client, "/akun/masuk")
    response = client.post("/akun/masuk", data={"csrf_token": token, "identifier": nik, "password": "salah-123"})
    assert response.status_code == 422
    assert "NIK/nomor HP atau kata sandi salah" in response.get_data(as_text=True)


def test_form_without_csrf_token_is_refused(client):
    response = client.post("/akun/daftar", data={"nik": make_nik(), "full_name": "X"})
    assert response.status_code == 400
    assert "token keamanan" in response.get_data(as_text=True)
