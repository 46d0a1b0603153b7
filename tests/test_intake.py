"""A citizen reports through a module's form and follows the report by its code."""

import io
import re

from PIL import Image
from sqlalchemy import func, select

from suite.extensions import db
from suite.ticketing.models import Attachment, Ticket
from tests.helpers import count, gen_citizen, login_citizen, lorong_fields, submit, ticket_code_from

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


def signed_in(app, client, **kwargs):
    _, nik, _ = gen_citizen(app, **kwargs)
    login_citizen(client, nik)
    return nik


def count_tickets(app) -> int:
    return count(app, Ticket)


def test_home_lets_a_citizen_choose_among_the_enabled_modules(client):
    page = client.get("/").get_data(as_text=True)
    for name in ("e-Lorong", "e-Sehat", "e-Babhar", "e-Madul"):
        assert name in page
    standard = client.get("/layanan/lorong/").get_data(as_text=True)
    assert "Standar pelayanan" in standard and "Persyaratan" in standard and "Gratis" in standard


def test_intake_requires_sign_in(client):
    response = client.get("/layanan/lorong/lapor")
    assert response.status_code == 302 and "/akun/masuk" in response.headers["Location"]


def test_road_report_with_photo_gets_a_tracking_code_and_a_public_status_page(app, client):
    nik = signed_in(app, client)
    response = submit(
        client,
        "lorong",
        lorong_fields(latitude="-7.1601", longitude="113.4802"),
        files=[(io.BytesIO(PNG), "lubang.png")],
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    code = ticket_code_from(response)
    assert re.fullmatch(r"LRG-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
    mine = client.get(f"/laporan-saya/{code}").get_data(as_text=True)
    assert "lubang.png" in mine and "Berat" in mine and "Dinas Pekerjaan Umum" in mine
    with app.app_context():
        ticket = db.session.execute(select(Ticket).where(Ticket.code == code)).scalar_one()
        assert ticket.channel == "web" and ticket.kecamatan_code == "35.28.01"
        assert ticket.extras["damage_type"] == "pothole" and ticket.latitude == -7.1601
        assert [e.kind for e in ticket.events] == ["created"]
        attachment_id = ticket.attachments[0].id
        assert ticket.attachments[0].content_type == "image/png"
    served = client.get(f"/lampiran/{attachment_id}").data  # re-encoded without metadata (issue 9, item 9)
    assert served.startswith(b"\x89PNG") and Image.open(io.BytesIO(served)).size == (1, 1)
    public = app.test_client().get(f"/lacak/{code.lower().replace('-', ' ')}", follow_redirects=True)
    text = public.get_data(as_text=True)
    assert public.status_code == 200 and "Diterima" in text and "Jl. Raya Tlanakan" in text
    assert nik not in text and "Warga Uji" not in text and "Lubang besar" not in text
    assert app.test_client().get(f"/lampiran/{attachment_id}").status_code == 404


def test_oversize_upload_is_refused_and_the_form_keeps_what_was_typed(app, client):
    signed_in(app, client)
    big = PNG + b"\0" * (app.config["UPLOAD_MAX_BYTES"] + 1)
    response = submit(
        client, "lorong", lorong_fields(road_name="Jl. Diketik Warga"), files=[(io.BytesIO(big), "besar.png")]
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "terlalu besar" in body and 'value="Jl. Diketik Warga"' in body
    assert "Lubang besar di depan balai desa" in body
    assert count_tickets(app) == 0


def test_upload_is_sniffed_not_trusted_by_its_name(app, client):
    signed_in(app, client)
    fake = io.BytesIO(b"#!/bin/sh\necho not a photo\n")
    response = submit(client, "lorong", lorong_fields(), files=[(fake, "foto.jpg")])
    assert response.status_code == 422
    assert "bukan foto" in response.get_data(as_text=True)
    assert count_tickets(app) == 0


def test_missing_desa_and_bad_coordinates_are_explained(app, client):
    signed_in(app, client)
    response = submit(client, "lorong", lorong_fields(desa_code="", latitude="-7.1"))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Pilih desa/kelurahan lokasi" in body
    assert "Isi garis lintang dan garis bujur bersama-sama" in body
    assert count_tickets(app) == 0


def test_module_schema_rejects_what_the_form_did_not(app, client):
    signed_in(app, client)
    response = submit(client, "lorong", lorong_fields(severity="parah-sekali"))
    assert response.status_code == 422
    assert count_tickets(app) == 0


def test_intake_without_csrf_token_is_refused(app, client):
    signed_in(app, client)
    response = client.post("/layanan/lorong/lapor", data=lorong_fields())
    assert response.status_code == 400
    assert count_tickets(app) == 0


def test_resubmitting_the_same_form_does_not_create_a_second_ticket(app, client):
    signed_in(app, client)
    page = client.get("/layanan/madul/lapor").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]*)"', page).group(1)
    data = {
        "csrf_token": token,
        "idempotency_key": key,
        "category": "waste",
        "description": "Sampah menumpuk di pasar sejak seminggu lalu.",
    }
    first = client.post("/layanan/madul/lapor", data=data)
    second = client.post("/layanan/madul/lapor", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert count_tickets(app) == 1


def test_confidential_report_shows_no_details_publicly(app, client):
    signed_in(app, client)
    response = submit(
        client,
        "madul",
        {"category": "misconduct", "confidential": "y", "description": "Ada pungutan liar di kantor kecamatan."},
    )
    code = ticket_code_from(response)
    public = app.test_client().get(f"/lacak/{code}").get_data(as_text=True)
    assert "Diterima" in public and "pungutan liar" not in public.lower()


def test_unknown_tracking_code_says_so(client):
    response = client.get("/lacak/LRG-0000-0000")
    assert response.status_code == 404
    assert "Tidak ada laporan dengan kode" in response.get_data(as_text=True)


def test_my_reports_lists_only_my_own(app, client):
    signed_in(app, client)
    code = ticket_code_from(submit(client, "lorong", lorong_fields()))
    other = app.test_client()
    signed_in(app, other, sex="M")
    assert code in client.get("/laporan-saya").get_data(as_text=True)
    assert code not in other.get("/laporan-saya").get_data(as_text=True)
    assert other.get(f"/laporan-saya/{code}").status_code == 404


def test_a_failure_after_files_are_written_leaves_no_ticket_and_no_file(app, client, monkeypatch):
    from suite.registry import get_module

    signed_in(app, client)
    with app.app_context():
        module = get_module("lorong")

    def explode(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(module, "after_open", explode)
    before = _upload_files(app)
    response = _submit_expecting_500(app, client)
    assert "Tidak ada data yang tersimpan setengah jalan" in response.get_data(as_text=True)
    assert count_tickets(app) == 0
    with app.app_context():
        assert db.session.execute(select(func.count(Attachment.id))).scalar_one() == 0
    assert _upload_files(app) == before


def _upload_files(app) -> set:
    import pathlib

    return {p for p in pathlib.Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()}


def _submit_expecting_500(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = submit(client, "lorong", lorong_fields(), files=[(io.BytesIO(PNG), "a.png")])
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    return response


def test_a_listener_failing_after_the_photo_is_saved_leaves_no_ticket_and_no_file(app, client):
    from suite.ticketing import signals

    signed_in(app, client)

    def explode(*_args, **_kwargs):
        raise RuntimeError("listener broke")

    before = _upload_files(app)
    signals.ticket_created.connect(explode)
    try:
        _submit_expecting_500(app, client)
    finally:
        signals.ticket_created.disconnect(explode)
    assert count_tickets(app) == 0
    assert _upload_files(app) == before


def test_a_failing_commit_after_the_photo_is_saved_leaves_no_ticket_and_no_file(app, client, monkeypatch):
    from sqlalchemy.orm import Session

    from suite.ticketing import signals

    signed_in(app, client)
    opened = []
    original_commit = Session.commit

    def commit_failing_once_a_ticket_is_open(session):
        if opened:
            raise RuntimeError("database went away")
        return original_commit(session)

    def note_opened(ticket, **_kwargs):
        opened.append(ticket.code)

    before = _upload_files(app)
    monkeypatch.setattr(Session, "commit", commit_failing_once_a_ticket_is_open)
    signals.ticket_created.connect(note_opened)
    try:
        _submit_expecting_500(app, client)
    finally:
        signals.ticket_created.disconnect(note_opened)
        monkeypatch.undo()
    assert opened and count_tickets(app) == 0
    assert _upload_files(app) == before


def test_the_normal_path_still_keeps_the_photo_on_disk(app, client):
    signed_in(app, client)
    before = _upload_files(app)
    response = submit(client, "lorong", lorong_fields(), files=[(io.BytesIO(PNG), "a.png")])
    code = ticket_code_from(response)
    with app.app_context():
        stored = db.session.execute(select(Attachment.stored_name).join(Ticket).where(Ticket.code == code)).scalar_one()
    assert {p.name for p in _upload_files(app) - before} == {stored}
