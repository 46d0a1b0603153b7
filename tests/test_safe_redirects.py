"""``next=`` sends the browser only to this site's own paths, whatever encoding tricks it holds."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.conftest import csrf_token
from tests.helpers import PASSWORD, gen_citizen, gen_staff, login_staff

# As a value: what request.args["next"] holds after Werkzeug decoded the query string.
BYPASSES = [
    "/%09/evil.example",
    "/\t/evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "https://evil.example",
    "https:evil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "javascript:alert(1)",
    " //evil.example",
    "/\n/evil.example",
    "/%5Cevil.example",
    "/%252F%252Fevil.example",
    "\x7f//evil.example",
    "/\u3000/evil.example",
    "HTTPS://evil.example/x",
    "///evil.example",
    "/\\/evil.example",
]


def sign_in_citizen(client, nik, query: str):
    token = csrf_token(client, "/akun/masuk")
    return client.post(f"/akun/masuk?{query}", data={"csrf_token": token, "identifier": nik, "password": PASSWORD})


def test_the_reported_bypass_goes_home_not_abroad(app, client):
    _, nik, _ = gen_citizen(app)
    response = sign_in_citizen(client, nik, "next=/%09/evil.example")  # exactly as in the report
    assert response.status_code == 302
    assert response.headers["Location"] == "/laporan-saya"


@pytest.mark.parametrize("target", BYPASSES)
def test_citizen_sign_in_refuses_a_foreign_next(app, client, target):
    _, nik, _ = gen_citizen(app)
    response = sign_in_citizen(client, nik, "next=" + quote(target, safe=""))
    assert response.status_code == 302
    assert response.headers["Location"] == "/laporan-saya"


def test_citizen_sign_in_follows_a_path_of_this_site(app, client):
    _, nik, _ = gen_citizen(app)
    response = sign_in_citizen(client, nik, "next=" + quote("/laporan-saya?x=1", safe=""))
    assert response.headers["Location"] == "/laporan-saya?x=1"


def sign_in_staff_to(client, email, query: str):
    """The staff sign-in with a ``next``, through the second-factor step when there is one."""
    login_staff(client.application.test_client(), email)  # once elsewhere: enrols any second factor
    token = csrf_token(client, "/petugas/masuk")
    response = client.post(f"/petugas/masuk?{query}", data={"csrf_token": token, "email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    step = response.headers["Location"].split("?")[0]
    if step.endswith(("/petugas/masuk/kode", "/petugas/dua-langkah")):
        from tests.helpers import pass_second_factor  # the staff second factor

        response = pass_second_factor(client, email, step[step.index("/petugas") :])
    return response


@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "https://evil.example"])
def test_staff_sign_in_refuses_a_foreign_next(app, client, target):
    _, email = gen_staff(app, "dinkes")
    response = sign_in_staff_to(client, email, "next=" + quote(target, safe=""))
    assert response.status_code == 302
    assert response.headers["Location"] == "/petugas/"


def test_staff_sign_in_returns_to_the_page_that_asked(app, client):
    _, email = gen_staff(app, "dinkes")
    assert client.get("/petugas/?status=all").headers["Location"].startswith("/petugas/masuk?next=")
    response = sign_in_staff_to(client, email, "next=%2Fpetugas%2F%3Fstatus%3Dall")
    assert response.headers["Location"] == "/petugas/?status=all"


@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "/\\evil.example"])
def test_registration_refuses_a_foreign_next(app, client, target):
    from tests.helpers import confirm_registration, make_nik

    nik = make_nik()
    phone = f"0813{int(nik[-4:]):08d}"
    token = csrf_token(client, "/akun/daftar")
    response = client.post(
        "/akun/daftar?next=" + quote(target, safe=""),
        data={
            "csrf_token": token,
            "nik": nik,
            "full_name": "Warga Uji",
            "birth_date": "1995-04-07",
            "sex": "F",
            "phone": phone,
            "email": "",
            "desa_code": "35.28.01.2001",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    response = confirm_registration(client, app, phone)  # signed in once the phone code is typed

    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/%09/evil.example", "/\t/evil.example", "https:evil.example"])
def test_language_switch_refuses_a_foreign_next(client, target):
    token = csrf_token(client, "/")
    response = client.post("/bahasa", data={"csrf_token": token, "lang": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
