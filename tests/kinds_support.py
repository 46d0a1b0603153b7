"""Builders shared by the ticket-kind and information-request tests (issue 11, item 9)."""

from __future__ import annotations

from suite.extensions import db
from tests.conftest import csrf_token
from tests.helpers import submit, ticket_code_from


def madul_fields(kind: str, **overrides) -> dict:
    fields = {
        "kind": kind,
        "category": "education",
        "description": "Mohon salinan daftar penerima dana BOS SD negeri di Kecamatan Tlanakan tahun 2025.",
        "desa_code": "35.28.01.2001",
        "not_duplicate": "y",  # several tickets from one citizen on one subject, on purpose
    }
    fields.update(overrides)
    return fields


def file_madul(citizen, kind: str, **overrides) -> str:
    response = submit(citizen, "madul", madul_fields(kind, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return ticket_code_from(response)


def prefer_sms(app, citizen_id: int) -> None:
    from suite.identity.models import Citizen

    with app.app_context():
        db.session.get(Citizen, citizen_id).preferred_channel = "sms"
        db.session.commit()


def staff_form_post(client, code: str, action: str, data: dict, **options):
    token = csrf_token(client, f"/petugas/tiket/{code}")
    return client.post(f"/petugas/tiket/{code}/{action}", data={"csrf_token": token, **data}, **options)
