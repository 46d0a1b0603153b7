"""Ticket kinds as in SP4N-LAPOR! (issue 11, item 9): a complaint, a suggestion or an information
request, chosen at intake on the web and the API, shown and filtered on every list."""

from __future__ import annotations

from suite.notify.models import Notification
from suite.ticketing.models import Ticket
from tests.channels.api.test_error_bodies import assert_documented
from tests.channels.api.test_json_api import ROAD, token_for
from tests.channels.sms.support import deliver_outbox
from tests.helpers import citizen_client, gen_citizen, get_ticket, lorong_fields, rows, staff_client, submit
from tests.kinds_support import file_madul, madul_fields, staff_form_post

INFORMATION_REQUEST = {
    "module": "madul",
    "category": "education",
    "kind": "information",
    "description": "Mohon salinan daftar penerima dana BOS SD negeri di Kecamatan Tlanakan tahun 2025.",
    "desa_code": "35.28.01.2001",
}


def test_the_intake_form_offers_each_kind_the_module_takes_with_a_line_on_each(app):
    citizen = citizen_client(app)
    madul = citizen.get("/layanan/madul/lapor").get_data(as_text=True)
    assert "Jenis laporan" in madul
    offered = (("complaint", "Pengaduan"), ("aspiration", "Aspirasi"), ("information", "Permintaan informasi"))
    for value, label in offered:
        assert f'value="{value}"' in madul and label in madul
    assert "dijawab paling lama 10 hari kerja" in madul and "tidak ada perbaikan" in madul
    road = citizen.get("/layanan/lorong/lapor").get_data(as_text=True)
    assert 'value="aspiration"' in road and 'value="information"' not in road
    # e-Babhar takes reports only: no choice to make, and its form still files one.
    pregnancy = citizen.get("/layanan/babhar/lapor").get_data(as_text=True)
    assert "Jenis laporan" not in pregnancy


def test_each_kind_is_filed_on_the_web_and_an_information_request_goes_to_the_ppid(app):
    citizen = citizen_client(app)
    complaint = get_ticket(app, file_madul(citizen, "complaint"))
    suggestion = get_ticket(app, file_madul(citizen, "aspiration"))
    request = get_ticket(app, file_madul(citizen, "information"))
    assert (complaint.kind, suggestion.kind, request.kind) == ("complaint", "aspiration", "information")
    # An education complaint goes to the education office; the request for its documents to the PPID Utama.
    assert complaint.agency.code == "disdik" and request.agency.code == "kominfo"


def test_a_report_without_a_kind_is_a_complaint(app):
    citizen = citizen_client(app)
    fields = madul_fields("complaint")
    del fields["kind"]
    response = submit(citizen, "madul", fields)
    assert response.status_code == 302
    [ticket] = rows(app, Ticket)
    assert ticket.kind == "complaint"


def test_a_kind_the_module_does_not_take_is_refused_with_a_reason(app):
    citizen = citizen_client(app)
    response = submit(citizen, "lorong", lorong_fields(kind="information"))
    assert response.status_code == 422
    assert "Jenis laporan ini tidak diterima di layanan ini." in response.get_data(as_text=True)
    assert rows(app, Ticket) == []


def test_the_api_files_each_kind_and_refuses_an_unknown_or_unaccepted_one_as_documented(app, client):
    _, nik, _ = gen_citizen(app)
    auth = token_for(client, nik)
    modules = {m["code"]: m for m in client.get("/api/v1/modules").json}
    assert modules["madul"]["kinds"] == ["complaint", "aspiration", "information"]
    assert modules["lorong"]["kinds"] == ["complaint", "aspiration"] and modules["babhar"]["kinds"] == ["complaint"]
    created = client.post("/api/v1/tickets", json=INFORMATION_REQUEST, headers=auth)
    assert created.status_code == 201, created.json
    assert created.json["kind"] == "information" and created.json["kind_label"] == "Permintaan informasi"
    assert created.json["agency"] == "Dinas Komunikasi dan Informatika"
    suggestion = client.post("/api/v1/tickets", json={**INFORMATION_REQUEST, "kind": "aspiration"}, headers=auth)
    assert suggestion.json["kind"] == "aspiration"
    assert client.post("/api/v1/tickets", json=ROAD, headers=auth).json["kind"] == "complaint"
    unknown = client.post("/api/v1/tickets", json={**INFORMATION_REQUEST, "kind": "gossip"}, headers=auth)
    assert_documented(client, unknown, "/api/v1/tickets", "POST", 422)
    not_here = client.post("/api/v1/tickets", json={**ROAD, "kind": "information"}, headers=auth)
    assert_documented(client, not_here, "/api/v1/tickets", "POST", 422)
    assert "kind" in str(not_here.json)


def test_an_urgent_category_takes_complaints_only(app, client):
    _, nik, _ = gen_citizen(app)
    auth = token_for(client, nik)
    ambulance = {
        "module": "sehat",
        "category": "ambulance",
        "kind": "aspiration",
        "description": "Usul ambulans desa disiagakan di balai desa setiap malam.",
        "desa_code": "35.28.01.2001",
    }
    response = client.post("/api/v1/tickets", json=ambulance, headers=auth)
    assert response.status_code == 422 and "kind" in str(response.json)


def test_the_kind_is_shown_to_the_citizen_and_staff_and_the_queue_filters_on_it(app, client):
    citizen = citizen_client(app)
    lamp = "Lampu kantor desa mati, mohon ditindak."
    complaint = file_madul(citizen, "complaint", category="other", description=lamp)
    request = file_madul(citizen, "information", category="public_information")
    mine = citizen.get("/laporan-saya").get_data(as_text=True)
    assert "Permintaan informasi" in mine and "Pengaduan" in mine
    status = client.get(f"/lacak/{request}").get_data(as_text=True)
    assert "Permintaan informasi" in status and "10 hari kerja" in status and "keberatan" in status
    officer = staff_client(app, "kominfo")
    page = officer.get(f"/petugas/tiket/{request}").get_data(as_text=True)
    assert "Jenis: Permintaan informasi" in page and "Keputusan PPID" in page
    queue = officer.get("/petugas/?kind=information&status=all").get_data(as_text=True)
    assert request in queue and complaint not in queue
    everything = officer.get("/petugas/?status=all").get_data(as_text=True)
    assert request in everything


def test_a_suggestion_is_answered_and_resolved_and_the_citizen_hears_the_answer(app):
    citizen = citizen_client(app)
    idea = "Usul: tambah halte angkutan desa di depan pasar Tlanakan."
    code = file_madul(citizen, "aspiration", category="transport", description=idea)
    officer = staff_client(app, "dishub")
    page = officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert "Jenis: Aspirasi" in page and "tidak ada perbaikan yang dijanjikan" in page
    empty = staff_form_post(officer, code, "aspirasi/tanggapan", {"body": ""})
    assert empty.status_code == 422
    answer = "Terima kasih. Usul halte dicatat untuk rencana anggaran 2027; belum ada jadwal pembangunan."
    done = staff_form_post(officer, code, "aspirasi/tanggapan", {"body": answer})
    assert done.status_code == 302
    ticket = get_ticket(app, code)
    assert ticket.status == "resolved" and ticket.first_response_at is not None
    assert ticket.events[-1].public and ticket.events[-1].body == answer
    notices = rows(app, Notification, Notification.recipient_type == "citizen", Notification.ticket_id == ticket.id)
    assert any(answer in n.body for n in notices)
    # A complaint is not "answered" this way.
    late = "Angkutan desa tidak lewat seminggu."
    complaint = file_madul(citizen, "complaint", category="transport", description=late)
    refused = staff_form_post(officer, complaint, "aspirasi/tanggapan", {"body": answer})
    assert refused.status_code == 409 and get_ticket(app, complaint).status == "submitted"


def test_an_sms_with_a_kind_word_files_a_suggestion_or_an_information_request(app, sms, gateway):
    _, _, phone = gen_citizen(app)
    sms("BANTU", phone)
    sms("MADUL ASPIRASI Dabuan usul tambah tempat sampah di pasar Tlanakan", phone)
    sms("madul ppid Dabuan minta daftar penerima bantuan sosial desa tahun 2025", phone)
    sms("MADUL Dabuan sampah menumpuk di pinggir pasar sejak seminggu", phone)
    suggestion, request, complaint = rows(app, Ticket)
    assert (suggestion.kind, request.kind, complaint.kind) == ("aspiration", "information", "complaint")
    assert suggestion.description == "usul tambah tempat sampah di pasar Tlanakan"
    assert request.agency.code == "kominfo" and request.channel == "sms"
    deliver_outbox(app)
    help_text = gateway.texts_to(phone)[0]
    assert "MADUL ASPIRASI <desa> <usul>" in help_text and "MADUL PPID <desa>" in help_text
