"""Retention (issue 9, item 12): ``flask --app suite purge`` removes what has outlived its purpose,
prints counts, and a second run finds nothing more."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from suite.channels.models import CitizenToken, HeldReport
from suite.database import utcnow
from suite.extensions import db
from suite.notify.models import OutboxMessage
from suite.ticketing.attachments import upload_path
from suite.ticketing.models import Attachment, Ticket
from tests.helpers import citizen_client, lorong_fields, set_ticket, submit, ticket_code_from
from tests.helpers import photo as _photo


def _counts(output: str) -> dict[str, int]:
    counts = {}
    for line in output.splitlines():
        name, _, value = line.rpartition(": ")
        if value.isdigit():
            counts[name] = int(value)
    return counts


def test_purge_applies_every_retention_period_and_a_second_run_finds_nothing(app, runner):
    now = utcnow()
    client = citizen_client(app)
    old_code = ticket_code_from(submit(client, "lorong", lorong_fields(), files=[(_photo(), "a.jpg")]))
    new_code = ticket_code_from(
        submit(
            client,
            "lorong",
            lorong_fields(description="Lubang baru di jalan desa.", not_duplicate="y"),
            files=[(_photo(), "b.jpg")],
        )
    )
    long_ago = now - timedelta(days=4 * 365)
    set_ticket(app, old_code, status="closed", updated_at=long_ago, reporter={"name": "Budi", "phone": "+628123"})
    set_ticket(app, new_code, status="closed", updated_at=now - timedelta(days=30), reporter={"name": "Sri"})
    with app.app_context():
        old_file = upload_path(
            db.session.execute(select(Attachment.stored_name).join(Ticket).where(Ticket.code == old_code)).scalar_one()
        )
        db.session.add_all(
            [
                OutboxMessage(
                    channel="sms",
                    recipient="+628111",
                    body="Laporan Anda selesai",
                    status="sent",
                    created_at=now - timedelta(days=31),
                    sent_at=now - timedelta(days=31),
                ),
                OutboxMessage(
                    channel="sms",
                    recipient="+628112",
                    body="Baru terkirim",
                    status="sent",
                    created_at=now - timedelta(days=2),
                    sent_at=now - timedelta(days=2),
                ),
                OutboxMessage(
                    channel="sms",
                    recipient="+628113",
                    body="Menunggu",
                    status="pending",
                    created_at=now - timedelta(days=60),
                ),
                HeldReport(
                    channel="sms",
                    phone="+628114",
                    module="lorong",
                    payload={"text": "jalan rusak"},
                    confirm_code="123456",
                    created_at=now - timedelta(days=3),
                    expires_at=now - timedelta(days=2),
                ),
                HeldReport(
                    channel="sms",
                    phone="+628115",
                    module="lorong",
                    payload={"text": "masih berlaku"},
                    confirm_code="654321",
                    expires_at=now + timedelta(hours=1),
                ),
                CitizenToken(
                    citizen_id=client.citizen_id,
                    token_hash="a" * 64,
                    created_at=now - timedelta(days=100),
                    expires_at=now - timedelta(days=40),
                ),
                CitizenToken(citizen_id=client.citizen_id, token_hash="b" * 64, expires_at=now + timedelta(days=5)),
            ]
        )
        db.session.commit()
    assert old_file.exists()

    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    counts = _counts(result.output)
    assert counts["sent message bodies"] == 1
    assert counts["expired held reports"] == 1
    assert counts["expired citizen app tokens"] == 1
    assert counts["closed tickets' personal data"] == 2  # the reporter and the photo of the old ticket

    with app.app_context():
        bodies = dict(db.session.execute(select(OutboxMessage.recipient, OutboxMessage.body)).all())
        assert bodies == {"+628111": "", "+628112": "Baru terkirim", "+628113": "Menunggu"}
        assert db.session.execute(select(HeldReport.phone)).scalars().all() == ["+628115"]
        assert db.session.execute(select(CitizenToken.token_hash)).scalars().all() == ["b" * 64]
        old = db.session.execute(select(Ticket).where(Ticket.code == old_code)).scalar_one()
        recent = db.session.execute(select(Ticket).where(Ticket.code == new_code)).scalar_one()
        assert old.reporter is None and old.attachments == [] and old.description  # kept for statistics
        assert recent.reporter == {"name": "Sri"} and len(recent.attachments) == 1
    assert not old_file.exists()

    again = runner.invoke(args=["purge"])
    assert again.exit_code == 0, again.output
    assert all(count == 0 for name, count in _counts(again.output).items() if name != "inbound messages")


def test_retention_periods_are_settings(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "RETENTION_OUTBOX_BODY_DAYS", 1)
    with app.app_context():
        db.session.add(
            OutboxMessage(
                channel="sms",
                recipient="+628116",
                body="Dua hari lalu",
                status="sent",
                created_at=utcnow() - timedelta(days=2),
            )
        )
        db.session.commit()
    result = runner.invoke(args=["purge"])
    assert _counts(result.output)["sent message bodies"] == 1


def test_purge_forgets_abandoned_registrations_and_old_sign_in_failures(app, runner):
    from datetime import date

    from suite.identity import protection
    from suite.identity.models import SignInThrottle
    from suite.identity.verification import IdentityClaim

    now = utcnow()
    with app.app_context():

        def claim(status, age_days, phone):
            return IdentityClaim(
                nik_encrypted=protection.encrypt("3528014506900009"),
                nik_index="c" * 64,
                full_name="Pendaftar",
                birth_date=date(1990, 6, 5),
                sex="F",
                phone=phone,
                desa_code="35.28.01.2001",
                password_hash="x",
                status=status,
                created_at=now - timedelta(days=age_days),
            )

        db.session.add_all(
            [
                claim("pending_phone", 40, "+6281300000001"),  # never proved the phone: goes
                claim("pending_phone", 1, "+6281300000002"),  # still within the code's life: stays
                claim("open", 400, "+6281300000003"),  # a dispute waiting for the desk: stays
                SignInThrottle(key_hash="d" * 64, failures=3, last_failure_at=now - timedelta(days=3)),
                SignInThrottle(key_hash="e" * 64, failures=3, last_failure_at=now - timedelta(hours=1)),
                SignInThrottle(
                    key_hash="f" * 64,
                    failures=9,
                    last_failure_at=now - timedelta(days=3),
                    locked_until=now + timedelta(hours=1),
                ),
            ]
        )
        db.session.commit()
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    counts = _counts(result.output)
    assert counts["abandoned registrations"] == 1 and counts["sign-in failure counters"] == 1
    with app.app_context():
        assert sorted(db.session.execute(select(IdentityClaim.phone)).scalars()) == ["+6281300000002", "+6281300000003"]
        assert sorted(db.session.execute(select(SignInThrottle.key_hash)).scalars()) == ["e" * 64, "f" * 64]
