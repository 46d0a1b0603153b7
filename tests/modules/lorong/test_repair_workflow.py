"""e-Lorong's repair workflow (issue 11, item 5): survey, work order, waiting for the budget and
"not the regency's road" as states of the one lifecycle, with public wording; staff photos of the
survey, before and after (item 2); a road report resolves only with an after photo."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from suite.database import utcnow
from suite.extensions import db
from suite.sla.models import SlaEscalation
from suite.ticketing.models import Attachment
from tests.helpers import (
    citizen_client,
    citizen_post,
    get_ticket,
    lorong_fields,
    rows,
    set_ticket,
    staff_client,
    staff_photo,
    staff_post,
    submit,
    ticket_code_from,
)

MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()


def today():
    return datetime.now(ZoneInfo("Asia/Jakarta")).date()


def in_words(day) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def road_report(app, **fields):
    citizen = citizen_client(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields(not_duplicate="y", **fields)))
    return code, citizen


def move(officer, code, status, **data):
    return staff_post(officer, code, "status", {"status": status, "note": "", **data})


def test_a_road_report_walks_survey_work_order_budget_and_repair_in_public_wording(app, client):
    code, citizen = road_report(app)
    officer = staff_client(app, "pupr")
    assert move(officer, code, "verified").status_code == 302
    page = officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    for offered in ("Survei dijadwalkan", "Perintah kerja terbit", "Menunggu anggaran", "Bukan jalan kabupaten"):
        assert offered in page

    survey_day = today() + timedelta(days=6)
    assert move(officer, code, "survey_scheduled", survey_date=survey_day.isoformat()).status_code == 302
    assert f"Survei dijadwalkan {in_words(survey_day)}" in client.get(f"/lacak/{code}").get_data(as_text=True)

    assert move(officer, code, "work_ordered", work_order_number="027/SPK-BM/PUPR/2026").status_code == 302
    assert "Perintah kerja terbit (SPK 027/SPK-BM/PUPR/2026)" in client.get(f"/lacak/{code}").get_data(as_text=True)

    year = today().year + 1
    assert move(officer, code, "awaiting_budget", budget_year=str(year)).status_code == 302
    status_page = client.get(f"/lacak/{code}").get_data(as_text=True)
    assert f"Menunggu anggaran tahun {year}" in status_page
    mine = citizen.get("/laporan-saya").get_data(as_text=True)  # the list and the news of each change
    assert f"Status laporan {code}: Menunggu anggaran tahun {year}." in mine
    assert "Menunggu anggaran. Menunggu anggaran" not in mine
    assert f"Menunggu anggaran tahun {year}" in officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)

    assert move(officer, code, "in_progress").status_code == 302
    plan = officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)  # the plan stays in sight
    assert "027/SPK-BM/PUPR/2026" in plan and f"<dd>{year}</dd>" in plan
    ticket = get_ticket(app, code)
    assert (ticket.survey_date, ticket.work_order_number, ticket.budget_year) == (
        survey_day,
        "027/SPK-BM/PUPR/2026",
        year,
    )
    assert [e.to_status for e in ticket.events if e.kind == "status_changed"] == [
        "verified",
        "survey_scheduled",
        "work_ordered",
        "awaiting_budget",
        "in_progress",
    ]

    refused = move(officer, code, "resolved")
    assert refused.status_code == 409
    assert "foto sesudah perbaikan diunggah" in refused.get_data(as_text=True)
    assert get_ticket(app, code).status == "in_progress"

    assert staff_photo(officer, code, "survey").status_code == 302
    assert staff_photo(officer, code, "before").status_code == 302
    assert move(officer, code, "resolved").status_code == 409  # a before photo is not an after photo
    assert staff_photo(officer, code, "after").status_code == 302
    assert move(officer, code, "resolved").status_code == 302

    status_page = client.get(f"/lacak/{code}").get_data(as_text=True)
    assert "Sudah diperbaiki" in status_page
    photos = re.findall(rf'src="(/lacak/{code}/foto/\d+)"', status_page)
    assert len(photos) == 2  # before and after; the survey photo stays with staff
    shown = client.get(photos[0])
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    survey = rows(app, Attachment, Attachment.purpose == "survey")[0]
    assert client.get(f"/lacak/{code}/foto/{survey.id}").status_code == 404
    assert citizen.get(f"/lampiran/{survey.id}").status_code == 404


def test_each_state_refuses_a_missing_or_unreasonable_detail(app):
    code, _ = road_report(app)
    officer = staff_client(app, "pupr")
    move(officer, code, "verified")
    for data, message in (
        ({}, "Isi tanggal survei."),
        ({"survey_date": (today() - timedelta(days=30)).isoformat()}, "Tanggal survei harus antara"),
        ({"survey_date": (today() + timedelta(days=400)).isoformat()}, "Tanggal survei harus antara"),
    ):
        answer = move(officer, code, "survey_scheduled", **data)
        assert answer.status_code == 400 and message in answer.get_data(as_text=True)
    for year, message in (
        ("", "Isi tahun anggaran yang direncanakan."),
        (str(today().year - 1), "Tahun anggaran harus antara"),
        (str(today().year + 4), "Tahun anggaran harus antara"),
        ("99999999999999999999", "Tahun anggaran harus antara"),
    ):
        answer = move(officer, code, "awaiting_budget", budget_year=year)
        assert answer.status_code == 400 and message in answer.get_data(as_text=True), year
    assert move(officer, code, "work_ordered", work_order_number="x" * 61).status_code == 422
    assert get_ticket(app, code).status == "verified"
    # the edges of the windows are accepted
    assert move(officer, code, "awaiting_budget", budget_year=str(today().year + 3)).status_code == 302


def test_other_modules_never_see_the_road_workflow(app):
    citizen = citizen_client(app)
    code = ticket_code_from(
        submit(citizen, "madul", {"category": "other", "description": "Saran umum untuk pelayanan."})
    )
    officer = staff_client(app, "kominfo")
    move(officer, code, "verified")
    page = officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert "Menunggu anggaran" not in page and "Foto petugas" not in page
    assert move(officer, code, "awaiting_budget", budget_year=str(today().year)).status_code == 409
    assert staff_photo(officer, code, "after").status_code == 400
    assert move(officer, code, "in_progress").status_code == 302
    assert move(officer, code, "resolved").status_code == 302  # no after photo promised here


def test_awaiting_budget_is_open_in_scorecards_statistics_queues_and_the_sweep(app, client, runner):
    code, citizen = road_report(app)
    officer = staff_client(app, "pupr")
    move(officer, code, "verified")
    move(officer, code, "awaiting_budget", budget_year=str(today().year + 1))
    # the resolution target keeps running while the budget is awaited
    set_ticket(app, code, resolution_due_at=utcnow() - timedelta(hours=1))

    # Scorecards (issue 13) and the public ranking (issue 12, item 11) read summaries the sweep refreshes.
    assert runner.invoke(args=["stats-refresh"]).exit_code == 0
    supervisor = staff_client(app, "pupr", "supervisor")
    table = csv.DictReader(io.StringIO(supervisor.get("/petugas/kinerja.csv").get_data(as_text=True)))
    card = next(r for r in table if r["level"] == "agency" and r["name"] == "Dinas Pekerjaan Umum dan Penataan Ruang")
    assert (card["open_now"], card["awaiting_budget"], card["overdue_now"]) == ("1", "1", "1")

    public = client.get("/statistik/instansi").get_data(as_text=True)
    row = next(r for r in public.split("<tr>") if '<th scope="row">Dinas Pekerjaan Umum dan Penataan Ruang' in r)
    # ..., still open 1, awaiting budget 1
    assert re.search(r'<td class="num">1</td><td class="num">1</td></tr>', row), row

    assert code in officer.get("/petugas/").get_data(as_text=True)  # the open queue
    assert code in officer.get("/petugas/?overdue=1").get_data(as_text=True)
    [entry] = client.get(f"/open311/v2/requests/{code}.json").get_json()
    assert entry["status"] == "open" and entry["status_notes"].startswith("Menunggu anggaran tahun")
    assert "1 breached" in runner.invoke(args=["sla-sweep"]).output
    with app.app_context():
        assert db.session.execute(select(SlaEscalation.target)).scalars().all() == ["resolution"]
    page = client.get(f"/lacak/{code}").get_data(as_text=True)
    assert "Menunggu anggaran tahun" in page and "Selesai" not in page


def test_a_national_road_is_referred_to_its_body_with_the_reason_never_rejected(app, client):
    code, citizen = road_report(app, road_status="national", road_name="Jl. Raya Pamekasan - Sumenep")
    officer = staff_client(app, "pupr")
    move(officer, code, "verified")
    page = officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert re.search(r'<option selected value="bbpjn_jatim_bali">', page)  # the citizen's own guess first
    assert move(officer, code, "referred", referred_to="bbpjn_jatim_bali").status_code == 400  # no reason
    answer = move(
        officer,
        code,
        "referred",
        referred_to="bbpjn_jatim_bali",
        note="Ruas Pamekasan - Sumenep berstatus jalan nasional.",
    )
    assert answer.status_code == 302
    status_page = client.get(f"/lacak/{code}").get_data(as_text=True)
    assert (
        "Bukan jalan kabupaten: diteruskan ke Balai Besar Pelaksanaan Jalan Nasional (BBPJN) Jawa Timur-Bali"
        in status_page
    )
    assert "Ruas Pamekasan - Sumenep berstatus jalan nasional." in status_page
    assert "Ditolak" not in status_page and "ditolak" not in status_page
    ticket = get_ticket(app, code)
    assert ticket.status == "referred" and ticket.referred_to == "bbpjn_jatim_bali"
    assert code not in officer.get("/petugas/").get_data(as_text=True)  # no longer open
    [entry] = client.get(f"/open311/v2/requests/{code}.json").get_json()
    assert entry["status"] == "closed" and entry["agency_responsible"].startswith("Balai Besar Pelaksanaan Jalan")
    assert entry["status_notes"].startswith("Diteruskan ke Balai Besar")
    news = citizen.get("/laporan-saya").get_data(as_text=True)
    assert f"Status laporan {code}: Bukan jalan kabupaten: diteruskan ke Balai Besar" in news
    assert "Ditolak" not in news


def test_a_village_road_names_the_village_government(app, client):
    code, _ = road_report(app, road_status="village")
    officer = staff_client(app, "pupr")
    answer = move(officer, code, "referred", referred_to="pemerintah_desa", note="Jalan lingkungan dibangun desa.")
    assert answer.status_code == 302
    assert "diteruskan ke Pemerintah Desa " in client.get(f"/lacak/{code}").get_data(as_text=True)


@pytest.mark.parametrize("private", ["confidential", "anonymous"])
def test_before_and_after_photos_of_a_confidential_or_anonymous_report_stay_private(app, client, private):
    # An anonymous report's point is never published; a photo of the spot would show where it is.
    code, citizen = road_report(app, **{private: "y"})
    officer = staff_client(app, "pupr")
    assert staff_photo(officer, code, "before").status_code == 302
    before = rows(app, Attachment, Attachment.purpose == "before")[0]
    assert client.get(f"/lacak/{code}/foto/{before.id}").status_code == 404
    assert "/foto/" not in client.get(f"/lacak/{code}").get_data(as_text=True)
    assert officer.get(f"/lampiran/{before.id}").status_code == 200
    assert citizen.get(f"/lampiran/{before.id}").status_code == 200  # the reporter sees the work on their road


def test_a_staff_photo_must_be_a_real_photo_with_a_purpose(app):
    code, _ = road_report(app)
    officer = staff_client(app, "pupr")
    assert staff_photo(officer, code, "selfie").status_code == 400
    assert staff_photo(officer, code, "after", data=io.BytesIO(b"%PDF-1.4 not a photo")).status_code == 400
    assert staff_photo(officer, code, "after", data=io.BytesIO(b"\xff\xd8\xff garbage")).status_code == 400
    assert rows(app, Attachment, Attachment.purpose != "report") == []


def test_after_a_reopening_the_repair_needs_a_new_after_photo(app):
    code, citizen = road_report(app)
    officer = staff_client(app, "pupr")
    assert staff_photo(officer, code, "after").status_code == 302
    for status in ("verified", "in_progress", "resolved"):
        assert move(officer, code, status).status_code == 302
    page = f"/laporan-saya/{code}"
    reopened = citizen_post(citizen, f"{page}/buka-kembali", {"reason": "Tambalannya sudah lepas lagi."}, page)
    assert reopened.status_code == 302
    assert move(officer, code, "resolved").status_code == 409  # the old photo shows the repair that did not hold
    assert staff_photo(officer, code, "after").status_code == 302
    assert move(officer, code, "resolved").status_code == 302
