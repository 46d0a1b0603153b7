"""Forwarding to SP4N-LAPOR! (issue 11, item 10) against a stand-in that fails, times out and
answers late: exactly one remote report, its reference recorded, its statuses pulled back once."""

from __future__ import annotations

import json
import re
import time

from sqlalchemy import update

from suite.connectors.models import ExternalReference
from suite.database import utcnow
from suite.extensions import db
from suite.notify import worker
from suite.notify.models import OutboxMessage
from tests.connectors.conftest import TIMEOUT
from tests.helpers import (
    citizen_client,
    get_ticket,
    lorong_fields,
    rows,
    set_ticket,
    staff_client,
    staff_post,
    submit,
    ticket_code_from,
)


def road_ticket(app, **fields):
    citizen = citizen_client(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields(**fields)))
    return code, staff_client(app, "pupr")


def forward(officer, code, endpoint_id, reason="Jalan nasional, bukan kewenangan kabupaten."):
    return staff_post(officer, code, "teruskan-keluar", {"endpoint": str(endpoint_id), "reason": reason})


def connector_messages(app):
    return [m for m in rows(app, OutboxMessage) if m.channel == "connector"]


def deliver_due(app):
    """Make every connector message due now and run the worker once."""
    with app.app_context():
        db.session.execute(
            update(OutboxMessage).where(OutboxMessage.channel == "connector").values(next_attempt_at=utcnow())
        )
        db.session.commit()
        result = worker.run_once("w1")
        db.session.remove()
        return result


def events(app, code, kind):
    return [e for e in get_ticket(app, code).events if e.kind == kind]


def test_forwarding_queues_one_message_with_an_internal_event_and_sends_nothing_yet(app, endpoint, remote):
    code, officer = road_ticket(app)
    assert "Teruskan ke SP4N-LAPOR!" in officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    response = forward(officer, code, endpoint)
    assert response.status_code == 302
    [message] = connector_messages(app)
    assert message.status == "pending" and message.recipient == "SP4N-LAPOR!"
    [queued] = events(app, code, "external_queued")
    assert not queued.public and "Jalan nasional" in queued.body
    assert remote.posts == []  # the worker sends, not the page
    page = officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert "dalam antrean kirim" in page
    # A second forward to the same system is refused: one remote report per ticket and system.
    assert forward(officer, code, endpoint).status_code == 409
    assert len(connector_messages(app)) == 1


def test_a_500_then_a_timeout_are_retried_and_the_report_is_filed_once(app, endpoint, remote):
    code, officer = road_ticket(app)
    forward(officer, code, endpoint)
    remote.plan = [500, ("slow", TIMEOUT * 3)]
    assert deliver_due(app).retried == 1  # 500
    [message] = connector_messages(app)
    assert message.status == "pending" and message.attempts == 1 and "500" in message.last_error
    assert deliver_due(app).retried == 1  # timed out while the remote took its time
    time.sleep(TIMEOUT * 3)  # the slow request files its report after all
    assert deliver_due(app).sent == 1
    assert len(remote.reports) == 1 and len(remote.posts) == 3
    # Every attempt carried the same idempotency key: the remote saw one report three times.
    assert len({p["source"]["idempotency_key"] for p in remote.posts}) == 1
    [(remote_id, report)] = remote.reports.items()
    [reference] = rows(app, ExternalReference)
    assert reference.state == "sent" and reference.external_id == remote_id
    assert reference.remote_status == "Belum Terverifikasi"
    [sent] = events(app, code, "external_sent")
    assert sent.public and sent.body == f"SP4N-LAPOR!: {remote_id}"
    assert connector_messages(app)[0].status == "sent"
    # The public tracking page shows where it went and under which number.
    status_page = app.test_client().get(f"/lacak/{code}").get_data(as_text=True)
    assert "Diteruskan ke sistem pengaduan lain" in status_page and f"SP4N-LAPOR!: {remote_id}" in status_page
    assert "Jalan nasional" not in status_page  # the officer's reason stays internal


def test_a_late_answer_after_the_timeout_does_not_file_a_second_report(app, endpoint, remote):
    code, officer = road_ticket(app)
    forward(officer, code, endpoint)
    remote.plan = [("late", TIMEOUT * 3)]  # filed at once, answered after we stopped waiting
    assert deliver_due(app).retried == 1
    assert len(remote.reports) == 1
    assert deliver_due(app).sent == 1  # the retry is recognised by its key
    assert len(remote.posts) == 2 and len(remote.reports) == 1
    [reference] = rows(app, ExternalReference)
    assert reference.external_id == next(iter(remote.reports))
    assert len(events(app, code, "external_sent")) == 1


def test_transient_failures_are_never_dropped(app, endpoint, remote):
    code, officer = road_ticket(app)
    forward(officer, code, endpoint)
    with app.app_context():
        db.session.execute(update(OutboxMessage).values(attempts=worker.MAX_ATTEMPTS + 5))
        db.session.commit()
    remote.plan = [503]
    assert deliver_due(app).retried == 1
    [message] = connector_messages(app)
    assert message.status == "pending"  # an SMS would have been given up by now; a forward is not
    assert message.next_attempt_at <= utcnow() + worker.backoff(message.attempts)
    assert deliver_due(app).sent == 1 and len(remote.reports) == 1


def test_a_refusal_is_failed_visible_and_an_admin_can_send_it_again(app, endpoint, remote, admin):
    code, officer = road_ticket(app)
    forward(officer, code, endpoint)
    remote.plan = [422]
    assert deliver_due(app).failed == 1
    [reference] = rows(app, ExternalReference)
    assert reference.state == "failed" and "422" in reference.last_error
    assert [e.public for e in events(app, code, "external_failed")] == [False]
    assert "ditolak" in officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    admin_page = admin.get("/admin/penghubung").get_data(as_text=True)
    assert code in admin_page and "Kirim ulang" in admin_page
    # Officers cannot resend; the admin can.
    from tests.conftest import csrf_token

    token = csrf_token(officer, f"/petugas/tiket/{code}")
    assert (
        officer.post(f"/admin/penghubung/penerusan/{reference.id}/ulang", data={"csrf_token": token}).status_code == 403
    )
    assert rows(app, ExternalReference)[0].state == "failed"
    response = admin.post(
        f"/admin/penghubung/penerusan/{reference.id}/ulang", data={"csrf_token": csrf_token(admin, "/admin/penghubung")}
    )
    assert response.status_code == 302
    assert rows(app, ExternalReference)[0].state == "queued"
    assert deliver_due(app).sent == 1
    assert rows(app, ExternalReference)[0].state == "sent" and len(remote.reports) == 1


def test_statuses_are_pulled_back_onto_the_timeline_once(app, endpoint, remote, runner):
    code, officer = road_ticket(app)
    forward(officer, code, endpoint)
    assert deliver_due(app).sent == 1
    [remote_id] = remote.reports
    result = runner.invoke(args=["connector-pull"])
    assert result.exit_code == 0 and "0 changed" in result.output  # same status as when it was filed
    remote.set_status(remote_id, "Proses")
    assert "1 changed" in runner.invoke(args=["connector-pull"]).output
    assert "0 changed" in runner.invoke(args=["connector-pull"]).output  # a re-run adds nothing
    [update_event] = events(app, code, "external_status")
    assert update_event.public and update_event.body == "Sedang ditindaklanjuti melalui SP4N-LAPOR!"
    remote.set_status(remote_id, "Selesai")
    runner.invoke(args=["connector-pull"])
    assert [e.body for e in events(app, code, "external_status")][-1] == "Dinyatakan selesai di SP4N-LAPOR!"
    reads = len(remote.status_reads)
    runner.invoke(args=["connector-pull"])
    assert len(remote.status_reads) == reads  # a final status is not asked about again
    assert len(events(app, code, "external_status")) == 2
    # The public tracking page shows the remote's news in the admin's words.
    page = app.test_client().get(f"/lacak/{code}").get_data(as_text=True)
    assert "Kabar dari sistem pengaduan lain" in page and "Dinyatakan selesai di SP4N-LAPOR!" in page


def test_an_unanswered_pull_changes_nothing_and_is_tried_again(app, endpoint, remote, runner):
    code, officer = road_ticket(app)
    forward(officer, code, endpoint)
    deliver_due(app)
    [remote_id] = remote.reports
    remote.set_status(remote_id, "Proses")
    remote.fail_reads_with = 502
    assert "1 unanswered" in runner.invoke(args=["connector-pull"]).output
    assert events(app, code, "external_status") == []
    remote.fail_reads_with = None
    assert "1 changed" in runner.invoke(args=["connector-pull"]).output


def test_the_payload_carries_no_nik_no_identity_when_anonymous_and_flags_confidential(app, endpoint, remote):
    code, officer = road_ticket(app, description="Jalan berlubang, saya warga NIK 3528010101900001 minta diperbaiki.")
    set_ticket(app, code, anonymous=True, visibility="confidential")
    forward(officer, code, endpoint, reason="Diteruskan; NIK pelapor 3528010101900001 jangan dikirim.")
    deliver_due(app)
    [report] = remote.reports.values()
    sent = json.dumps(report["payload"])
    assert not re.search(r"\d{16}", sent)
    payload = report["payload"]
    assert "nama_pelapor" not in payload
    assert payload["source"]["anonymous"] is True and payload["source"]["confidential"] is True
    assert payload["nomor_referensi"] == code and payload["judul"]
    assert "Pamekasan" in payload["lokasi"]
    assert not re.search(r"\d{16}", json.dumps([e.body for e in get_ticket(app, code).events]))


def test_a_named_reporter_is_sent_when_the_mapping_asks(app, endpoint, remote):
    code, officer = road_ticket(app)
    forward(officer, code, endpoint)
    deliver_due(app)
    [report] = remote.reports.values()
    assert report["payload"]["nama_pelapor"]


def test_health_tickets_never_leave(app, endpoint, remote):
    code, officer = road_ticket(app)
    set_ticket(app, code, sensitive=True)
    assert "Teruskan ke SP4N-LAPOR!" not in officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    response = forward(officer, code, endpoint)
    assert response.status_code == 400
    assert "tidak pernah diteruskan" in response.get_data(as_text=True)
    assert connector_messages(app) == [] and rows(app, ExternalReference) == []


def test_a_forward_needs_a_reason_and_an_active_system(app, endpoint, remote):
    code, officer = road_ticket(app)
    assert forward(officer, code, endpoint, reason="  ").status_code == 400
    assert forward(officer, code, 999999).status_code == 400
    assert forward(officer, code, "9" * 40).status_code == 400
    assert connector_messages(app) == []


def test_staff_of_another_agency_cannot_forward(app, endpoint, remote):
    code, _ = road_ticket(app)
    other = staff_client(app, "dlh")
    from tests.conftest import csrf_token

    token = csrf_token(other, "/petugas/")
    response = other.post(
        f"/petugas/tiket/{code}/teruskan-keluar", data={"csrf_token": token, "endpoint": str(endpoint), "reason": "x"}
    )
    assert response.status_code in (403, 404)
    assert connector_messages(app) == []


def test_each_pull_is_bounded_and_the_least_recently_read_go_first(app, endpoint, remote, runner):
    officer = staff_client(app, "pupr")
    codes = [
        ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields(desa_code=f"35.28.01.200{n}")))
        for n in (1, 2, 3)
    ]
    for code in codes:
        forward(officer, code, endpoint)
    assert deliver_due(app).sent == 3
    assert "2 checked" in runner.invoke(args=["connector-pull", "--limit", "2"]).output
    assert "2 checked" in runner.invoke(args=["connector-pull", "--limit", "2"]).output
    # The third reference was read first in the second run: every one had its turn.
    assert set(remote.status_reads) == set(remote.reports)


def test_the_token_never_reaches_a_log(app, endpoint, remote, runner, caplog):
    from tests.connectors.stand_in import TOKEN

    caplog.set_level("DEBUG")
    code, officer = road_ticket(app)
    forward(officer, code, endpoint)
    remote.plan = [500, 401]
    deliver_due(app)
    deliver_due(app)
    runner.invoke(args=["connector-pull"])
    assert TOKEN not in caplog.text
    [reference] = rows(app, ExternalReference)
    assert TOKEN not in (reference.last_error or "") and TOKEN not in (connector_messages(app)[0].last_error or "")


def test_an_admin_resend_rebuilds_a_payload_the_retention_purge_blanked(app, endpoint, remote, admin):
    from tests.conftest import csrf_token

    code, officer = road_ticket(app)
    forward(officer, code, endpoint)
    remote.plan = [400]
    assert deliver_due(app).failed == 1
    with app.app_context():
        db.session.execute(update(OutboxMessage).values(body=""))
        db.session.commit()
    [reference] = rows(app, ExternalReference)
    admin.post(
        f"/admin/penghubung/penerusan/{reference.id}/ulang", data={"csrf_token": csrf_token(admin, "/admin/penghubung")}
    )
    assert deliver_due(app).sent == 1
    [report] = remote.reports.values()
    assert report["payload"]["nomor_referensi"] == code
    assert report["payload"]["source"]["idempotency_key"] == reference.idempotency_key


def test_a_forward_waiting_in_the_queue_is_never_sent_once_the_ticket_is_about_health(app, endpoint, remote):
    # Forwarded while the remote was down, then re-classified into e-Sehat: health data never leaves.
    citizen = citizen_client(app)
    text = "Obat hipertensi ibu saya kosong tiga minggu di puskesmas."
    code = ticket_code_from(submit(citizen, "madul", {"category": "other", "description": text}))
    officer = staff_client(app, get_ticket(app, code).agency.code)
    assert forward(officer, code, endpoint).status_code == 302
    classification = {"classification": "sehat:medicine", "reason": "Keluhan ketersediaan obat di puskesmas."}
    assert staff_post(officer, code, "klasifikasi", classification).status_code == 302

    deliver_due(app)

    assert remote.posts == []
    [reference] = rows(app, ExternalReference)
    assert reference.state == "failed" and "health" in reference.last_error
    assert connector_messages(app)[0].status != "pending"


def test_an_oversized_answer_is_cut_off_and_tried_again(app, endpoint, remote):
    code, officer = road_ticket(app)
    forward(officer, code, endpoint)
    remote.plan = [("huge", 5 * 1024 * 1024)]
    assert deliver_due(app).retried == 1
    [message] = connector_messages(app)
    assert message.status == "pending" and "larger than" in message.last_error
    assert deliver_due(app).sent == 1 and len(remote.reports) == 1  # the same report, recognised by its key
