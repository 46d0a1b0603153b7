"""Mail to the intake address, delivered over a real SMTP conversation, opens and adds to tickets."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from suite.channels.models import SecurityEvent
from tests.channels.email.conftest import (
    EXE,
    INTAKE,
    JPEG,
    PDF,
    citizen_with_email,
    inbound,
    mail,
    rows,
    send,
    tickets,
)
from tests.helpers import outbox

LORONG_LINES = (
    "Jalan di depan balai desa berlubang besar, motor sering jatuh waktu malam.\n\n"
    "Desa: Dabuan\nNama jalan: Jl. Raya Tlanakan\nJenis kerusakan: Berlubang\nTingkat kerusakan: Berat\n"
)


def test_mail_from_a_known_citizen_opens_a_madul_ticket_linked_to_them(app, intake):
    citizen_id = citizen_with_email(app, "Siti@Example.id")
    assert send(intake, mail(sender="siti@example.id")) == {}
    [ticket] = tickets(app)
    assert (ticket.module, ticket.channel, ticket.citizen_id, ticket.reporter) == ("madul", "email", citizen_id, None)
    assert ticket.category == "other" and ticket.agency.code == "dlh"  # "sampah" routes to the environment agency
    assert "Sampah di pasar" in ticket.description and ticket.description.startswith("Sampah menumpuk")
    [received] = inbound(app)
    assert (received.channel, received.outcome, received.ticket_id) == ("email", "ticket_opened", ticket.id)
    [confirmation] = outbox(app)
    assert confirmation.channel == "email" and confirmation.recipient == "Siti@Example.id"
    assert ticket.code in confirmation.subject and "balas email ini" in confirmation.body


def test_mail_from_an_unknown_sender_opens_a_ticket_with_them_as_reporter(app, intake):
    citizen_with_email(app, "orang.lain@example.id")
    send(intake, mail(sender="Budi@Example.ID", name="Budi Santoso"))
    [ticket] = tickets(app)
    assert ticket.citizen_id is None and ticket.reporter == {"name": "Budi Santoso", "email": "budi@example.id"}
    [confirmation] = outbox(app)
    assert confirmation.recipient == "budi@example.id" and ticket.code in confirmation.subject


def test_an_address_two_citizens_share_links_to_neither(app, intake):
    citizen_with_email(app, "keluarga@example.id")
    citizen_with_email(app, "keluarga@example.id")
    send(intake, mail(sender="keluarga@example.id"))
    [ticket] = tickets(app)
    assert ticket.citizen_id is None and ticket.reporter["email"] == "keluarga@example.id"


@pytest.mark.parametrize("address", ["lorong@pamekasankab.go.id", "lapor+lorong@pamekasankab.go.id"])
def test_the_mailbox_picks_the_service(app, intake, address):
    send(intake, mail(to=address, subject="Jalan rusak", body=LORONG_LINES))
    [ticket] = tickets(app)
    assert (ticket.module, ticket.category, ticket.desa_code) == ("lorong", "jalan", "35.28.01.2001")
    assert ticket.extras["road_name"] == "Jl. Raya Tlanakan"
    assert (ticket.extras["damage_type"], ticket.extras["severity"]) == ("pothole", "berat")
    assert ticket.code.startswith("LRG-") and ticket.agency.code == "pupr"


def test_a_road_report_without_a_desa_becomes_a_madul_ticket_saying_what_was_missing(app, intake):
    send(
        intake,
        mail(
            to="lorong@pamekasankab.go.id",
            subject="Jalan rusak",
            body="Jalan menuju pasar berlubang besar, mohon segera diperbaiki.",
        ),
    )
    [ticket] = tickets(app)
    assert (ticket.module, ticket.category) == ("madul", "other")
    assert "e-Lorong" in ticket.description and "Desa/kelurahan" in ticket.description
    assert "Nama jalan atau patokan" in ticket.description
    assert inbound(app)[0].outcome == "ticket_rerouted"


def test_a_photo_and_a_pdf_are_kept_and_a_program_is_not(app, intake):
    send(
        intake,
        mail(
            attachments=[
                ("tumpukan.jpg", JPEG, "image", "jpeg"),
                ("surat.pdf", PDF, "application", "pdf"),
                ("hadiah.exe", EXE, "application", "octet-stream"),
            ]
        ),
    )
    [ticket] = tickets(app)
    assert sorted((a.original_name, a.content_type) for a in ticket.attachments) == [
        ("surat.pdf", "application/pdf"),
        ("tumpukan.jpg", "image/jpeg"),
    ]
    assert "Lampiran tidak disimpan" in ticket.description and "hadiah.exe" in ticket.description


def test_an_html_only_mail_is_read_as_text(app, intake):
    message = mail()
    message.set_content(
        "<html><head><style>p{}</style></head><body><p>Sampah di <b>Pasar Kolpajung</b> "
        "tidak diangkut.</p><p>Mohon dibantu.</p></body></html>",
        subtype="html",
    )
    send(intake, message)
    [ticket] = tickets(app)
    assert "Sampah di Pasar Kolpajung tidak diangkut." in ticket.description and "<" not in ticket.description


def _reply(code: str, sender: str, text: str, attachments=()) -> EmailMessage:
    quoted = (
        f"\n\nPada Sen, 2 Jun 2025 pukul 09.00 Layanan Warga <layanan@pamekasankab.go.id> menulis:\n"
        f"> Laporan Anda diterima dengan kode {code}.\n"
    )
    return mail(sender=sender, subject=f"Re: [{code}] Kabar laporan Anda", body=text + quoted, attachments=attachments)


def test_a_reply_with_the_tracking_code_adds_a_citizen_comment(app, intake):
    citizen_id = citizen_with_email(app, "siti@example.id")
    send(intake, mail(sender="siti@example.id"))
    [ticket] = tickets(app)
    send(
        intake,
        _reply(
            ticket.code,
            "SITI@example.id",
            "Hari ini sampahnya malah bertambah.",
            attachments=[("hari-ini.jpg", JPEG, "image", "jpeg")],
        ),
    )
    [ticket] = tickets(app)
    comment = ticket.events[-1]
    assert (comment.kind, comment.actor_type, comment.actor_citizen_id) == ("citizen_comment", "citizen", citizen_id)
    assert comment.body == "Hari ini sampahnya malah bertambah."  # the quoted mail is cut off
    assert [(a.original_name, a.event_id) for a in ticket.attachments] == [("hari-ini.jpg", comment.id)]
    assert [m.outcome for m in inbound(app)] == ["ticket_opened", "comment_added"]


def test_a_reporter_without_an_account_can_add_by_reply(app, intake):
    send(intake, mail(sender="budi@example.id"))
    [ticket] = tickets(app)
    send(intake, _reply(ticket.code.lower(), "budi@example.id", "Lokasinya di belakang pasar."))
    [ticket] = tickets(app)
    assert (ticket.events[-1].kind, ticket.events[-1].body) == ("citizen_comment", "Lokasinya di belakang pasar.")


def test_a_reply_from_someone_else_is_not_added_and_is_logged(app, intake):
    citizen_with_email(app, "siti@example.id")
    send(intake, mail(sender="siti@example.id"))
    [ticket] = tickets(app)
    send(intake, _reply(ticket.code, "penyusup@example.id", "Laporan ini palsu, tutup saja."))
    assert [e.kind for e in tickets(app)[0].events] == ["created"]
    assert inbound(app)[-1].outcome == "refused_sender"
    [event] = rows(app, SecurityEvent)
    assert event.kind == "email_reply_refused" and ticket.code in event.detail
    assert len(outbox(app)) == 1  # only the confirmation; no answer to the stranger


def test_the_same_message_delivered_twice_opens_one_ticket(app, intake):
    message = mail(message_id="<sekali-saja@example.id>")
    send(intake, message)
    send(intake, message)
    assert len(tickets(app)) == 1 and len(inbound(app)) == 1 and len(outbox(app)) == 1


def _bounce(
    sender="Mail Delivery System <MAILER-DAEMON@mx.example.id>", subject="Undelivered Mail Returned to Sender"
) -> EmailMessage:
    report = EmailMessage()
    report["From"] = sender
    report["To"] = INTAKE
    report["Subject"] = subject
    report["Message-ID"] = make_msgid(domain="mx.example.id")
    report.set_content("This is the mail system. Your message could not be delivered to warga@example.id.")
    report.add_attachment(
        "Reporting-MTA: dns; mx.example.id\n\nFinal-Recipient: rfc822; warga@example.id\n"
        "Action: failed\nStatus: 5.1.1\n",
        subtype="delivery-status",
    )
    report.replace_header("Content-Type", report["Content-Type"].replace("multipart/mixed", "multipart/report"))
    return report


@pytest.mark.parametrize(
    "kind, message, envelope_from",
    [
        ("bounce", _bounce(), "<>"),
        # A relay that rewrote the null sender and the From: the report's content type still tells.
        ("bounce", _bounce("Relay <relay@example.id>", "Laporan pengiriman"), "relay@example.id"),
        ("bounce", mail(sender="postmaster@example.id", subject="Delivery Status Notification (Failure)"), None),
        ("bounce", mail(headers={"X-Failed-Recipients": "warga@example.id"}), None),
        (
            "auto_reply",
            mail(subject="Out of Office: Sampah menumpuk", headers={"Auto-Submitted": "auto-replied"}),
            None,
        ),
        ("auto_reply", mail(headers={"X-Autoreply": "yes"}), None),
        ("auto_reply", mail(headers={"X-Autorespond": "Saya sedang cuti"}), None),
        ("auto_reply", mail(subject="Balasan otomatis: Sampah menumpuk"), None),
        ("bulk", mail(headers={"Precedence": "bulk"}), None),
        ("loop", mail(sender="layanan@pamekasankab.go.id", name="Layanan Warga"), None),
    ],
    ids=[
        "dsn",
        "multipart-report",
        "postmaster",
        "failed-recipients",
        "auto-submitted",
        "x-autoreply",
        "x-autorespond",
        "out-of-office-subject",
        "precedence-bulk",
        "own-mail",
    ],
)
def test_bounces_and_auto_replies_open_nothing_and_get_no_answer(app, intake, kind, message, envelope_from):
    assert send(intake, message, envelope_from=envelope_from) == {}
    assert tickets(app) == [] and outbox(app) == []
    [received] = inbound(app)
    assert received.outcome == f"ignored_{kind}"


def test_auto_submitted_no_is_a_person_writing(app, intake):
    send(intake, mail(headers={"Auto-Submitted": "no"}))
    assert len(tickets(app)) == 1


def test_mail_for_other_domains_or_unknown_mailboxes_is_refused_with_550(app, intake):
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(intake, mail(to="someone@example.com"))
    assert refused.value.recipients["someone@example.com"][0] == 550
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(intake, mail(to="bupati@pamekasankab.go.id"))
    assert refused.value.recipients["bupati@pamekasankab.go.id"][0] == 550
    assert send(intake, mail(to="lapor+tanya@pamekasankab.go.id")) == {}  # unknown tag: default service
    assert [t.module for t in tickets(app)] == ["madul"]


def test_health_services_take_nothing_by_email(app, intake):
    send(
        intake,
        mail(
            to="babhar@pamekasankab.go.id",
            subject="Daftar hamil",
            body="Saya hamil 3 bulan, HPHT 1 Maret, mohon didaftarkan ke bidan desa.",
        ),
    )
    assert tickets(app) == []
    [received] = inbound(app)
    assert received.outcome == "refused_sensitive" and received.body is None  # the health data is not kept
    [answer] = outbox(app)
    assert answer.recipient == "warga@example.id" and "akun" in answer.body and "HPHT" not in answer.body


def test_a_reply_to_a_closed_ticket_is_answered_not_added(app, intake):
    from tests.helpers import set_ticket

    citizen_with_email(app, "siti@example.id")
    send(intake, mail(sender="siti@example.id"))
    [ticket] = tickets(app)
    set_ticket(app, ticket.code, status="closed")
    send(intake, _reply(ticket.code, "siti@example.id", "Masih ada sampahnya."))
    assert [e.kind for e in tickets(app)[0].events] == ["created"]
    answer = outbox(app)[-1]
    assert answer.recipient == "siti@example.id" and ticket.code in answer.subject and "ditutup" in answer.body


def test_a_report_too_short_to_act_on_is_answered(app, intake):
    send(intake, mail(subject="", body="Tolong"))
    assert tickets(app) == [] and inbound(app)[0].outcome == "refused_invalid"
    [answer] = outbox(app)
    assert "10 huruf" in answer.body


def test_one_sender_flooding_the_intake_is_recorded_and_ignored(app, intake, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SENDER_LIMIT_PER_HOUR", 2)
    for number in range(3):
        send(intake, mail(sender="robot@example.id", subject=f"Sampah menumpuk {number}"))
    assert len(tickets(app)) == 2 and len(outbox(app)) == 2
    assert [m.outcome for m in inbound(app)] == ["ticket_opened", "ticket_opened", "ignored_flood"]
    send(intake, mail(sender="warga.lain@example.id"))  # everyone else is unaffected
    assert len(tickets(app)) == 3


def test_a_failure_part_way_leaves_nothing_and_the_sender_retries(app, intake, monkeypatch):
    from pathlib import Path

    from suite.channels.email import processing

    def files():
        return sorted(p.name for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file())

    before = files()
    real_open = processing._open

    def open_then_fail(*args, **kwargs):
        real_open(*args, **kwargs)
        raise RuntimeError("database went away")

    message = mail(attachments=[("tumpukan.jpg", JPEG, "image", "jpeg")])
    monkeypatch.setattr(processing, "_open", open_then_fail)
    with pytest.raises(smtplib.SMTPDataError) as failed:
        send(intake, message)
    assert failed.value.smtp_code == 451
    assert tickets(app) == [] and inbound(app) == [] and outbox(app) == [] and files() == before
    monkeypatch.setattr(processing, "_open", real_open)
    send(intake, message)  # the sending server's retry
    [ticket] = tickets(app)
    assert len(ticket.attachments) == 1 and len(files()) == len(before) + 1
