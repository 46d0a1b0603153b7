"""Fixtures for the outward connector: the stand-in remote and an endpoint an admin set up for it."""

from __future__ import annotations

import json

import pytest

from tests.conftest import csrf_token
from tests.connectors.stand_in import TOKEN, ComplaintSystemStandIn
from tests.helpers import staff_client

FIELD_MAPPING = {
    "judul": "title",
    "isi": "description",
    "kategori": "category_label",
    "lokasi": "location",
    "nomor_referensi": "code",
    "nama_pelapor": "reporter_name",
}
STATUS_MAPPING = {
    "Belum Terverifikasi": "Menunggu verifikasi admin SP4N-LAPOR!",
    "Proses": "Sedang ditindaklanjuti melalui SP4N-LAPOR!",
    "Selesai": "Dinyatakan selesai di SP4N-LAPOR!",
}
TIMEOUT = 0.3  # seconds; the stand-in's slow and late answers take longer


@pytest.fixture
def remote(app):
    stand_in = ComplaintSystemStandIn()
    saved = app.config["CONNECTOR_TIMEOUT_SECONDS"]
    app.config["CONNECTOR_TIMEOUT_SECONDS"] = TIMEOUT
    yield stand_in
    app.config["CONNECTOR_TIMEOUT_SECONDS"] = saved
    stand_in.close()


def endpoint_form(client, url: str, **overrides) -> dict:
    data = {
        "csrf_token": csrf_token(client, url),
        "name": "SP4N-LAPOR!",
        "base_url": "http://127.0.0.1:9/api",
        "token": TOKEN,
        "field_mapping": json.dumps(FIELD_MAPPING),
        "status_mapping": json.dumps(STATUS_MAPPING),
        "final_statuses": "Selesai, Ditutup",
        "active": "y",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture
def admin(app):
    return staff_client(app, None, "admin")


@pytest.fixture
def endpoint(app, admin, remote):
    """SP4N-LAPOR! configured by an admin through the admin page, pointing at the stand-in."""
    response = admin.post("/admin/penghubung", data=endpoint_form(admin, "/admin/penghubung", base_url=remote.url))
    assert response.status_code == 302, response.get_data(as_text=True)
    from sqlalchemy import select

    from suite.connectors.models import ConnectorEndpoint
    from suite.extensions import db

    with app.app_context():
        return db.session.execute(select(ConnectorEndpoint.id)).scalar_one()
