"""Information requests on the UU 14/2008 clock (issue 11, item 9): 10 working days to answer,
extendable once by 7 with a written reason; the PPID's decision, granted or refused with its legal
ground, resolves the request through the one status path and tells the requester of their rights."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from suite.identity.phones import to_e164
from suite.notify.models import Notification
from suite.sla.clock import WIB
from suite.ticketing.information_models import InformationDecision
from suite.ticketing.models import Attachment
from tests.helpers import (
    citizen_client,
    gen_citizen,
    get_ticket,
    login_citizen,
    outbox,
    rows,
    set_ticket,
    staff_client,
)
from tests.kinds_support import file_madul, prefer_sms, staff_form_post

# Friday 19 December 2031, 10:00 WIB: a weekend, Christmas (Thursday 25th), New Year's Day (Thursday
# 1 January 2032) and another weekend lie within the 10 working days.
FRIDAY_BEFORE_CHRISTMAS = datetime(2031, 12, 19, 10, 0, tzinfo=WIB)


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB).astimezone(UTC)


@pytest.fixture
def requester(app, monkeypatch):
    """A citizen who hears by SMS, and an information request they filed on that Friday."""
    monkeypatch.setattr("suite.ticketing.services.utcnow", lambda: FRIDAY_BEFORE_CHRISTMAS.astimezone(UTC))
    citizen_id, nik, phone = gen_citizen(app)
    prefer_sms(app, citizen_id)
    client = app.test_client()
    login_citizen(client, nik)
    client.citizen_id, client.phone = citizen_id, phone
    client.code = file_madul(client, "information", category="public_information")
    return client


@pytest.fixture
def ppid(app):
    return staff_client(app, "kominfo")


def citizen_notices(app, ticket) -> list[str]:
    found = rows(app, Notification, Notification.recipient_type == "citizen", Notification.ticket_id == ticket.id)
    return [n.body for n in found]


def test_an_information_request_must_be_answered_within_10_working_days(app, requester):
    ticket = get_ticket(app, requester.code)
    assert ticket.kind == "information" and ticket.agency.code == "kominfo"
    # 14 hours of Friday, 9 working days (not the 25th, not the 1st), then 10 hours of Tuesday 6 January.
    assert ticket.resolution_due_at == wib(2032, 1, 6, 10, 0)


def test_the_information_target_is_data_an_admin_sees_with_its_source(app):
    admin = staff_client(app, None, role="admin")
    page = admin.get("/admin/target").get_data(as_text=True)
    assert "Permintaan informasi" in page and "UU 14/2008 Pasal 22 ayat 7-8" in page


def test_the_deadline_is_extended_once_by_7_working_days_with_a_written_reason(app, requester, ppid):
    code = requester.code
    no_reason = staff_form_post(ppid, code, "informasi/perpanjang", {"reason": "  "})
    assert no_reason.status_code == 422 and "wajib diisi" in no_reason.get_data(as_text=True)
    reason = "Dokumen tersimpan di arsip Dinas Pendidikan dan sedang dipindai."
    extended = staff_form_post(ppid, code, "informasi/perpanjang", {"reason": reason})
    assert extended.status_code == 302
    ticket = get_ticket(app, code)
    # 14 hours of Tuesday 6th, six working days (Idul Fitri falls on the 14th and 15th), then 10 hours
    # of Monday 19 January.
    assert ticket.resolution_due_at == wib(2032, 1, 19, 10, 0)
    assert ticket.events[-1].kind == "information_extended" and ticket.events[-1].public
    assert ticket.first_response_at is not None  # the written notice is an answer to the requester
    status = app.test_client().get(f"/lacak/{code}").get_data(as_text=True)
    assert "Jangka waktu jawaban diperpanjang" in status and reason in status
    texts = [m.body for m in outbox(app, to_e164(requester.phone))]
    assert any("diperpanjang sampai 19 Jan 2032" in text and reason[:40] in text for text in texts)
    again = staff_form_post(ppid, code, "informasi/perpanjang", {"reason": "Masih dipindai."})
    assert again.status_code == 409 and "hanya dapat diperpanjang satu kali" in again.get_data(as_text=True)
    assert get_ticket(app, code).resolution_due_at == wib(2032, 1, 19, 10, 0)


def test_a_refusal_needs_a_legal_ground_from_the_list_and_tells_the_requester_their_rights(app, requester, ppid):
    code = requester.code
    page = ppid.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert "UU 14/2008 Pasal 17 huruf h: Dapat mengungkap rahasia pribadi." in page
    assert "Informasi belum didokumentasikan." in page
    bare = staff_form_post(ppid, code, "informasi/keputusan", {"outcome": "refused", "answer": "Tidak bisa."})
    assert bare.status_code == 400 and "Penolakan wajib menyebut alasan hukumnya" in bare.get_data(as_text=True)
    invented = staff_form_post(ppid, code, "informasi/keputusan", {"outcome": "refused", "ground": "rahasia"})
    assert invented.status_code == 422
    assert get_ticket(app, code).status == "submitted"
    explanation = "Daftar memuat NIK dan alamat tiap penerima."
    refused = staff_form_post(
        ppid, code, "informasi/keputusan", {"outcome": "refused", "ground": "p17h", "answer": explanation}
    )
    assert refused.status_code == 302
    ticket = get_ticket(app, code)
    assert ticket.status == "resolved" and ticket.resolved_at is not None
    decided = ticket.events[-1]
    assert decided.kind == "information_decided" and decided.to_status == "resolved" and decided.public
    assert "UU 14/2008 Pasal 17 huruf h" in decided.body and explanation in decided.body
    [decision] = rows(app, InformationDecision)
    assert (decision.outcome, decision.ground, decision.ticket_id) == ("refused", "p17h", ticket.id)
    status = app.test_client().get(f"/lacak/{code}").get_data(as_text=True)
    assert "Keputusan PPID atas permintaan informasi" in status and "Dapat mengungkap rahasia pribadi." in status
    assert "atasan PPID paling lambat 30 hari kerja" in status and "Komisi Informasi" in status
    sms = [m.body for m in outbox(app, to_e164(requester.phone))]
    assert any("ditolak (UU 14/2008 Pasal 17 huruf h)" in text and "keberatan" in text for text in sms)
    assert any("Komisi Informasi" in text for text in citizen_notices(app, ticket))
    # Decided once: the form is gone and a second decision is refused.
    assert "Catat keputusan" not in ppid.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    again = staff_form_post(ppid, code, "informasi/keputusan", {"outcome": "granted", "answer": "Ini datanya."})
    assert again.status_code == 409


def test_a_granted_request_carries_the_information_and_resolves(app, requester, ppid):
    code = requester.code
    empty = staff_form_post(ppid, code, "informasi/keputusan", {"outcome": "granted", "answer": ""})
    assert empty.status_code == 400 and "Tuliskan informasinya atau lampirkan dokumennya." in empty.get_data(
        as_text=True
    )
    answer = "Penerima dana BOS 2025 di Tlanakan: 24 SD negeri; daftar lengkap terlampir."
    pdf = (io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), "daftar-bos-2025.pdf")
    granted = staff_form_post(
        ppid,
        code,
        "informasi/keputusan",
        {"outcome": "granted", "answer": answer, "document": pdf},
        content_type="multipart/form-data",
    )
    assert granted.status_code == 302, granted.get_data(as_text=True)
    ticket = get_ticket(app, code)
    assert ticket.status == "resolved" and answer in ticket.events[-1].body
    [document] = rows(app, Attachment, Attachment.ticket_id == ticket.id)
    assert document.original_name == "daftar-bos-2025.pdf" and document.event_id == ticket.events[-1].id
    # The requester downloads it from their own ticket page.
    page = requester.get(f"/laporan-saya/{code}").get_data(as_text=True)
    assert "daftar-bos-2025.pdf" in page and "keberatan" in page
    assert requester.get(f"/lampiran/{document.id}").status_code == 200
    sms = [m.body for m in outbox(app, to_e164(requester.phone))]
    assert any("dikabulkan" in text and "keberatan" in text for text in sms)


def test_a_partly_granted_request_names_the_exemption_that_withholds_the_rest(app, requester, ppid):
    code = requester.code
    answer = "Jumlah penerima dan besaran dana per sekolah terlampir di bawah ini: 24 sekolah, Rp 1,2 miliar."
    not_an_exemption = staff_form_post(
        ppid, code, "informasi/keputusan", {"outcome": "partly_granted", "answer": answer, "ground": "not_held"}
    )
    assert not_an_exemption.status_code == 400 and "Pasal 17" in not_an_exemption.get_data(as_text=True)
    partly = staff_form_post(
        ppid, code, "informasi/keputusan", {"outcome": "partly_granted", "answer": answer, "ground": "p17h"}
    )
    assert partly.status_code == 302
    body = get_ticket(app, code).events[-1].body
    assert "dikabulkan sebagian" in body and "Bagian yang tidak diberikan: Dapat mengungkap rahasia pribadi." in body


def test_an_information_request_is_not_resolved_by_a_bare_status_change(app, requester, ppid):
    code = requester.code
    for target in ("verified", "in_progress"):
        assert staff_form_post(ppid, code, "status", {"status": target}).status_code == 302
    bare = staff_form_post(ppid, code, "status", {"status": "resolved", "note": "Sudah."})
    assert bare.status_code == 409 and "keputusan PPID" in bare.get_data(as_text=True)
    assert get_ticket(app, code).status == "in_progress"


def test_only_an_information_request_is_extended_or_decided(app, ppid):
    citizen = citizen_client(app)
    complaint = file_madul(citizen, "complaint", category="public_information", description="Situs resmi mati.")
    assert staff_form_post(ppid, complaint, "informasi/perpanjang", {"reason": "Arsip."}).status_code == 409
    decided = staff_form_post(ppid, complaint, "informasi/keputusan", {"outcome": "granted", "answer": "Ini."})
    assert decided.status_code == 409 and get_ticket(app, complaint).status == "submitted"


def test_an_extension_comes_before_the_10_working_days_run_out(app, requester, ppid):
    set_ticket(app, requester.code, resolution_due_at=datetime.now(UTC) - timedelta(hours=1))
    late = staff_form_post(ppid, requester.code, "informasi/perpanjang", {"reason": "Arsip belum ditemukan."})
    assert late.status_code == 409 and "sudah lewat" in late.get_data(as_text=True)
    assert [e.kind for e in get_ticket(app, requester.code).events] == ["created"]
