"""Issue 14, item 6: the 403, 404, 429 and 503 pages speak the person's language, give a way back
(the page they came from when it was ours, and the start page), and the 429 and 503 pages say when
to try again. The JSON API and Open311 keep their JSON and error lists."""

from __future__ import annotations

import re

import pytest
from flask import abort

from suite import create_app
from tests.helpers import staff_client
from tests.test_rate_limits import app_like

LANGUAGES = {
    "id": {
        403: "Akses ditolak",
        404: "Tidak ditemukan",
        429: "Terlalu banyak percobaan",
        503: "Layanan sedang tidak tersedia",
        "outage": "Layanan sedang terganggu",
        "home": "Kembali ke beranda",
        "back": "Kembali ke halaman sebelumnya",
        "queue": "Kembali ke antrean",
        "wait": "Coba lagi setelah 60 detik",
        "wait_minutes": "Coba lagi setelah 3 menit",
        "reload": "Halaman ini dimuat ulang sendiri setelah 5 detik",
    },
    "en": {
        403: "Access denied",
        404: "Not found",
        429: "Too many attempts",
        503: "The service is unavailable",
        "outage": "The service is disrupted",
        "home": "Back to the home page",
        "back": "Back to the previous page",
        "queue": "Back to the queue",
        "wait": "Try again after 60 s",
        "wait_minutes": "Try again after 3 min",
        "reload": "This page reloads by itself after 5 seconds",
    },
}


def speak(client, lang: str):
    with client.session_transaction() as session:
        session["lang"] = lang
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def links(response) -> dict[str, str]:
    """Link text -> href of the error page's way back."""
    block = re.search(r'<ul class="links way-back">(.*?)</ul>', response.get_data(as_text=True), re.S)
    assert block, "no way back on the page"
    return {text.strip(): href for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', block.group(1))}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_404_is_translated_and_leads_back_to_the_page_before_and_home(client, lang):
    words = LANGUAGES[lang]
    speak(client, lang)
    response = client.get("/tidak-ada-halaman-ini", headers={"Referer": "http://localhost/lacak?kode=x"})
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in response.get_data(as_text=True)
    assert f"<h1>{words[404]}</h1>" in text_of(response)
    assert links(response) == {words["back"]: "/lacak?kode=x", words["home"]: "/"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_403_is_translated_and_sends_staff_back_to_their_queue(app, lang):
    words = LANGUAGES[lang]
    officer = speak(staff_client(app, "pupr"), lang)
    response = officer.get("/admin/", headers={"Referer": "http://localhost/petugas/"})
    assert response.status_code == 403
    assert f"<h1>{words[403]}</h1>" in text_of(response)
    assert links(response) == {words["back"]: "/petugas/", words["queue"]: "/petugas/", words["home"]: "/"}


def test_no_back_link_to_another_site_or_to_the_same_page(client):
    elsewhere = client.get("/tidak-ada", headers={"Referer": "https://evil.example/lacak"})
    same = client.get("/tidak-ada", headers={"Referer": "http://localhost/tidak-ada"})
    sneaky = client.get("/tidak-ada", headers={"Referer": "http://localhost//evil.example/"})
    broken = client.get("/tidak-ada", headers={"Referer": "http://[oops/"})  # urlsplit refuses it
    for response in (elsewhere, same, sneaky, broken):
        assert response.status_code == 404
        assert list(links(response).values()) == ["/"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_429_says_when_to_try_again_from_the_limit_window(app, lang):
    words = LANGUAGES[lang]
    limited = app_like(app, LOGIN_RATE_LIMIT="1 per minute")
    client = speak(limited.test_client(), lang)
    assert client.get("/petugas/undangan/tidak-ada").status_code != 429
    response = client.get("/petugas/undangan/tidak-ada", headers={"Referer": "http://localhost/petugas/masuk"})
    assert response.status_code == 429
    seconds = int(response.headers["Retry-After"])
    assert 1 <= seconds <= 60
    page = text_of(response)
    assert f"<h1>{words[429]}</h1>" in page
    said = re.search(r"(\d+)", page.split(words["wait"].split(" 60")[0], 1)[1]).group(1)
    assert abs(int(said) - seconds) <= 1  # the page and the header name the same wait
    assert links(response) == {words["back"]: "/petugas/masuk", words["home"]: "/"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_429_of_a_longer_window_counts_in_minutes(app, lang):
    words = LANGUAGES[lang]
    limited = app_like(app, LOGIN_RATE_LIMIT="1 per 3 minutes")
    client = speak(limited.test_client(), lang)
    client.get("/petugas/undangan/tidak-ada")
    response = client.get("/petugas/undangan/tidak-ada")
    assert response.status_code == 429
    assert words["wait_minutes"] in text_of(response)


def test_429_under_the_api_stays_json(app):
    limited = app_like(app, LOGIN_RATE_LIMIT="1 per minute")
    client = limited.test_client()
    client.post("/api/v1/auth/token", json={"nik": "1", "password": "x"})
    response = client.post("/api/v1/auth/token", json={"nik": "1", "password": "x"})
    assert response.status_code == 429 and response.is_json


@pytest.mark.parametrize("lang", ["id", "en"])
def test_503_of_a_view_is_translated_with_a_way_back(app, lang):
    words = LANGUAGES[lang]
    fresh = app_like(app)

    def switched_off():
        abort(503)

    fresh.add_url_rule("/uji-503", "uji_503", switched_off)
    client = speak(fresh.test_client(), lang)
    response = client.get("/uji-503")
    assert response.status_code == 503
    assert f"<h1>{words[503]}</h1>" in text_of(response)
    assert links(response) == {words["home"]: "/"}
    assert client.get("/api/v1/uji-503").is_json  # a 404 there, and JSON all the same


@pytest.mark.parametrize("lang", ["id", "en"])
def test_503_of_an_unreachable_database_keeps_its_reload_and_leads_home(app, lang):
    words = LANGUAGES[lang]
    down = create_app(
        {
            # Nothing listens on port 9: every connection is refused, an outage (suite.operations.outage).
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:9/suite",
            "SECRET_KEY": "test-secret",
            "NIK_KEY": "test-nik-key",
            "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
            "TESTING": True,
            "DB_RETRY_AFTER_SECONDS": 5,
            "REDIS_URL": "",
            "RATELIMIT_STORAGE_URL": "",
        }
    )
    client = speak(down.test_client(), lang)
    response = client.get("/")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    page = text_of(response)
    assert f"<title>{words['outage']}" in page
    assert '<meta http-equiv="refresh" content="5">' in page and words["reload"] in page
    assert f'<a href="/">{words["home"]}</a>' in page
