"""``/healthz`` and ``/readyz`` (issue 13, item 5): one word each, also over plain HTTP in production."""

from __future__ import annotations

from suite import create_app


def test_liveness_and_readiness_answer_one_word_and_nothing_else(client):
    for path in ("/healthz", "/readyz"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.get_data(as_text=True) == "ok\n"
        assert response.headers["Cache-Control"] == "no-store"


def test_readiness_is_503_when_the_database_does_not_answer(app, tmp_path):
    broken = create_app(
        {
            "SECRET_KEY": "test-secret",
            "NIK_KEY": "test-nik-key",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/no-such-folder/suite.db",
        }
    )
    client = broken.test_client()

    assert client.get("/healthz").status_code == 200  # the process itself is fine: no restart
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_data(as_text=True) == "unavailable\n"


def test_health_checks_over_plain_http_are_not_redirected_where_https_is_forced(app):
    production = create_app(
        {
            name: app.config[name]
            for name in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "NIK_KEY", "UPLOAD_FOLDER", "TESTING")
        }
        | {"FORCE_HTTPS": True}
    )
    client = production.test_client()

    assert client.get("/").status_code in (301, 302)  # every page goes to HTTPS
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
