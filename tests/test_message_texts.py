"""Admins reword the messages the suite sends (issue 12, item 3): placeholders checked on save,
SMS length limited, a preview, reset to the default, every change audited; senders use the words."""

from __future__ import annotations

from suite.extensions import db
from suite.notify.models import MessageText
from tests.conftest import csrf_token
from tests.helpers import (
    audit_entries,
    citizen_client,
    lorong_fields,
    outbox,
    rows,
    staff_client,
    staff_post,
    submit,
    ticket_code_from,
)

PAGE = "/admin/teks-pesan"
STATUS_ID = f"{PAGE}/status_changed/id"


def _save(admin, url, body, action="save"):
    return admin.post(url, data={"csrf_token": csrf_token(admin, url), "body": body, "action": action})


def _sms_citizen(app):
    citizen = citizen_client(app)
    with app.app_context():
        from suite.identity.models import Citizen

        db.session.get(Citizen, citizen.citizen_id).preferred_channel = "sms"
        db.session.commit()
    return citizen


def _status_sms(app, citizen, officer, status):
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields(not_duplicate="y")))
    assert staff_post(officer, code, "status", {"status": status}).status_code == 302
    return code, [m for m in outbox(app) if m.ticket_id is not None and m.channel == "sms" and m.citizen_id]


def test_the_page_lists_each_message_with_its_default_in_both_languages(app):
    page = staff_client(app, None, role="admin").get(PAGE).get_data(as_text=True)
    assert "Status laporan {code}: {status}." in page
    assert "Laporan Anda diterima dengan kode {code}." in page
    assert f'href="{STATUS_ID}"' in page and f'href="{PAGE}/status_changed/en"' in page


def test_an_unknown_placeholder_is_refused_with_a_clear_message_and_nothing_is_saved(app):
    admin = staff_client(app, None, role="admin")
    refused = _save(admin, STATUS_ID, "Laporan {code} ({nik}) kini {status}.")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Tanda {nik} tidak dikenal" in page and "{code}, {status}" in page
    assert rows(app, MessageText) == [] and audit_entries(app, resource_type="message_text") == []


def test_a_missing_required_placeholder_a_stray_brace_and_a_nik_are_refused(app):
    admin = staff_client(app, None, role="admin")
    missing = _save(admin, STATUS_ID, "Laporan Anda kini {status}.")
    assert missing.status_code == 422 and "Tanda {code} wajib ada" in missing.get_data(as_text=True)
    stray = _save(admin, STATUS_ID, "Laporan {code} kini {status} {.")
    assert stray.status_code == 422 and "Kurung kurawal" in stray.get_data(as_text=True)
    nik = _save(admin, STATUS_ID, "Laporan {code} kini {status}. NIK 3528014704950001")
    assert nik.status_code == 422 and "NIK" in nik.get_data(as_text=True)
    assert rows(app, MessageText) == []


def test_a_text_too_long_for_an_sms_is_refused_and_the_length_is_shown(app):
    admin = staff_client(app, None, role="admin")
    refused = _save(admin, STATUS_ID, "Laporan {code} kini {status}. " + "Terima kasih. " * 30)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Terlalu panjang untuk SMS" in page and "paling banyak 300" in page
    assert rows(app, MessageText) == []
    shown = admin.get(STATUS_ID).get_data(as_text=True)
    assert "dari paling banyak 300 huruf (1 SMS)" in shown


def test_preview_fills_samples_and_saves_nothing(app):
    admin = staff_client(app, None, role="admin")
    previewed = _save(admin, STATUS_ID, "Kabar {code}: {status}.", action="preview")
    assert previewed.status_code == 200
    assert "Kabar LRG-7K3Q-9MDP: Sedang dikerjakan." in previewed.get_data(as_text=True)
    assert rows(app, MessageText) == []


def test_an_override_is_used_in_the_next_sms_and_reset_restores_the_default(app):
    admin = staff_client(app, None, role="admin")
    officer = staff_client(app, "pupr")
    citizen = _sms_citizen(app)
    saved = _save(admin, STATUS_ID, "Kabar terbaru {code}: {status}. Terima kasih.")
    assert saved.status_code == 302, saved.get_data(as_text=True)

    code, sms = _status_sms(app, citizen, officer, "verified")
    assert [m.body for m in sms if code in m.body and "Kabar terbaru" in m.body], [m.body for m in sms]

    reset = admin.post(f"{STATUS_ID}/bawaan", data={"csrf_token": csrf_token(admin, STATUS_ID)})
    assert reset.status_code == 302 and rows(app, MessageText) == []
    code, sms = _status_sms(app, citizen, officer, "verified")
    mine = [m.body for m in sms if code in m.body]
    assert mine and all("Kabar terbaru" not in body for body in mine)
    assert any(f"Status laporan {code}:" in body for body in mine), mine

    entries = audit_entries(app, resource_type="message_text", resource_id="status_changed.id")
    assert [e.action for e in entries] == ["update", "delete"]
    assert entries[0].before == {"body": None}
    assert entries[0].after == {"body": "Kabar terbaru {code}: {status}. Terima kasih."}
    assert entries[1].before == entries[0].after and entries[1].after == {"body": None}


def test_an_english_override_leaves_the_indonesian_messages_alone(app):
    admin = staff_client(app, None, role="admin")
    officer = staff_client(app, "pupr")
    citizen = _sms_citizen(app)
    assert _save(admin, f"{PAGE}/status_changed/en", "News of {code}: {status}.").status_code == 302
    code, sms = _status_sms(app, citizen, officer, "verified")
    assert any(f"Status laporan {code}:" in m.body for m in sms)


def test_an_unknown_message_or_language_is_not_found(app):
    admin = staff_client(app, None, role="admin")
    assert admin.get(f"{PAGE}/tidak_ada/id").status_code == 404
    assert admin.get(f"{PAGE}/status_changed/fr").status_code == 404


def test_officer_and_supervisor_are_refused_on_message_texts(app):
    for role in ("officer", "supervisor"):
        client = staff_client(app, "pupr", role=role)
        assert client.get(PAGE).status_code in (302, 403, 404)
        assert client.get(STATUS_ID).status_code in (302, 403, 404)
        token = csrf_token(client, "/petugas/")
        refused = client.post(STATUS_ID, data={"csrf_token": token, "body": "{code} {status}"})
        assert refused.status_code in (302, 403, 404)
    assert rows(app, MessageText) == []
