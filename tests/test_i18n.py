from tests.conftest import csrf_token


def test_bahasa_indonesia_is_the_default_and_english_is_selectable(client):
    assert "Lacak laporan" in client.get("/").get_data(as_text=True)
    token = csrf_token(client, "/")
    response = client.post("/bahasa", data={"csrf_token": token, "lang": "en", "next": "/layanan/lorong/"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/layanan/lorong/")
    page = client.get("/layanan/lorong/").get_data(as_text=True)
    assert 'lang="en"' in page and "Track a report" in page  # core catalog
    assert "Damaged road" in page  # the module's own catalog


def test_validation_messages_follow_the_chosen_language(client):
    token = csrf_token(client, "/")
    client.post("/bahasa", data={"csrf_token": token, "lang": "en"})
    token = csrf_token(client, "/akun/daftar")
    response = client.post(
        "/akun/daftar",
        data={
            "csrf_token": token,
            "nik": "12345",
            "full_name": "A",
            "birth_date": "1990-01-01",
            "sex": "M",
            "phone": "081234567890",
            "desa_code": "35.28.01.2001",
            "password": "abcdefgh",
            "password_confirm": "abcdefgh",
        },
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "16 digits" in body or "exactly 16" in body, body[body.find("error") : body.find("error") + 300]


def test_language_switch_refuses_an_outside_redirect(client):
    token = csrf_token(client, "/")
    response = client.post("/bahasa", data={"csrf_token": token, "lang": "en", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"
