"""One NIK redaction for every text the suite keeps or logs (issue 9, item 1): the rule itself,
the log filter, the retention of received messages, and the migration over rows kept before."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from suite.channels.models import InboundMessage
from suite.channels.retention import purge_inbound_messages
from suite.extensions import db
from suite.privacy.redaction import contains_nik, redact_nik, redact_value

NIK = "3528014506900001"


@pytest.mark.parametrize(
    "text",
    [
        "NIK saya 3528014506900001",
        "NIK saya 3528  0145  0690  0066",  # two spaces
        "NIK saya 3528,0145,0690,0066",
        "NIK saya 3528..0145..0690..0066",
        "NIK saya 3528 0145 0690 0066",
        "NIK saya 3528-0145-0690-0066",
        "NIK saya 3528/0145/0690/0066",
        "NIK saya 3528_0145_0690_0066",
        "NIK saya 35.28.01.450690.0066",
        "NIK saya 3528 0145\n0690 0066 ya",  # split across a line break
        "NIK saya 3528 0145\r\n\r\n0690 0066",
        "NIK saya (3528) - [0145] - 0690 ; 0066.",
        "NIK:3528014506900001.",
        "KK 3528010101200003",  # a family card number is as personal
        "nik3528014506900001",
    ],
)
def test_every_way_of_typing_a_nik_is_masked(text):
    redacted = redact_nik(text)
    assert "[NIK]" in redacted
    digits = "".join(c for c in redacted if c.isdigit())
    assert digits == "", redacted
    assert redact_nik(redacted) == redacted  # idempotent


@pytest.mark.parametrize(
    "text",
    [
        "Hubungi +62 812-3456-7890",
        "Hubungi 0812 3456 7890 atau 0813-1111-2222",
        "WA 6281234567890",
        "Biaya Rp 1.500.000 dan Rp 2.500.000,00",
        "Tanggal 01/05/2024 - 15/05/2024",
        "Periode 2024-05-01 2024-05-15",
        "Koordinat: -7.204512, 113.482913",
        "Pukul 12:30:45 tanggal 29-11-2026",
        "Nomor rekening 12345678901234567",  # 17 digits in one run is no NIK
        "Kode LRG-7K3Q-9MDP",
        "",
    ],
)
def test_phones_money_dates_and_coordinates_are_untouched(text):
    assert redact_nik(text) == text
    assert not contains_nik(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3528014506900001/081234567890", "[NIK]/081234567890"),
        ("0812 3456 7890 3528 0145 0690 0001", "0812 3456 7890 [NIK]"),
        ("3528 0145 0690 0001 0812 3456 7890", "[NIK] 0812 3456 7890"),
        ("+62 812 3456 7890, 3528 0145 0690 0001", "+62 812 3456 7890, [NIK]"),
        ("3528014506900001 3528014506900002", "[NIK] [NIK]"),
        ("0812 3528 0145 0690 0001", "0812 [NIK]"),  # a NIK is never left in clear to spare a phone
    ],
)
def test_a_nik_next_to_a_phone_number_does_not_swallow_it(text, expected):
    assert redact_nik(text) == expected


def test_none_becomes_empty_and_json_values_are_redacted_inside():
    assert redact_nik(None) == ""
    value = {"note": f"NIK {NIK}", "items": [f"kk {NIK}", 3, None], "ok": True}
    assert redact_value(value) == {"note": "NIK [NIK]", "items": ["kk [NIK]", 3, None], "ok": True}


def test_log_records_are_redacted_whoever_logs_them(app, caplog):
    # Fresh logger names: running the migrations (logging.config.fileConfig) disables loggers that
    # existed before, which would hide records from this test, not from the filter.
    caplog.set_level(logging.DEBUG)
    logging.getLogger("tests.nik.deep.child").info("email from %s: %s", "warga", f"NIK {NIK}")
    logging.getLogger("tests.nik.elsewhere").warning("NIK saya 3528  0145  0690  0066")
    logging.getLogger("tests.nik.app").error("args %r", {"nik": "3528,0145,0690,0066"})
    try:
        raise ValueError(f"bad value {NIK}")
    except ValueError:
        logging.getLogger("tests.nik.app").exception("failed")
    text = caplog.text
    for digits in (NIK, "3528014506900066"):
        assert digits not in "".join(c for c in text if c.isdigit() or c == "\n").replace("\n", " ")
    assert "[NIK]" in text and "email from warga" in text and "ValueError: bad value [NIK]" in text


# -- retention --------------------------------------------------------------------


def _message(external_id: str, received_at: datetime, body: str | None = "isi") -> int:
    row = InboundMessage(
        channel="sms",
        external_id=external_id,
        sender="+6281300000001",
        body=body,
        outcome="ticket_opened",
        received_at=received_at,
    )
    db.session.add(row)
    db.session.flush()
    return row.id


def test_old_messages_lose_text_and_sender_but_keep_their_id(app):
    now = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
    with app.app_context():
        old = _message("gw-old", now - timedelta(days=91))
        recent = _message("gw-recent", now - timedelta(days=89))
        db.session.commit()

        assert purge_inbound_messages(now) == 1
        db.session.commit()
        assert purge_inbound_messages(now) == 0  # already blank: not counted again

        rows = {r.id: r for r in db.session.execute(select(InboundMessage)).scalars()}
        assert (rows[old].body, rows[old].sender, rows[old].external_id, rows[old].outcome) == (
            None,
            "",
            "gw-old",
            "ticket_opened",
        )
        assert (rows[recent].body, rows[recent].sender) == ("isi", "+6281300000001")


def test_a_gateway_retry_after_the_purge_is_still_a_replay(app, client):
    from tests.channels.sms.stand_in import SECRET, SmsGatewayStandIn
    from tests.helpers import gen_citizen

    _, _, phone = gen_citizen(app)
    saved = dict(app.config)
    app.config.update(SMS_WEBHOOK_SECRET=SECRET, SMS_GATEWAY_URL="http://127.0.0.1:9/", SMS_GATEWAY_TOKEN="t")
    try:
        body, headers = SmsGatewayStandIn.webhook(
            "MADUL Dabuan sampah menumpuk di pasar sejak seminggu", phone, message_id="gw-late-retry"
        )
        assert client.post("/webhook/sms", data=body, headers=headers).status_code == 200
        with app.app_context():
            assert purge_inbound_messages(datetime.now(UTC) + timedelta(days=120)) == 1
            db.session.commit()
        body, headers = SmsGatewayStandIn.webhook(
            "MADUL Dabuan sampah menumpuk di pasar sejak seminggu", phone, message_id="gw-late-retry"
        )
        again = client.post("/webhook/sms", data=body, headers=headers)
    finally:
        app.config.update({k: saved[k] for k in ("SMS_WEBHOOK_SECRET", "SMS_GATEWAY_URL", "SMS_GATEWAY_TOKEN")})
    assert again.status_code == 200
    with app.app_context():
        from suite.ticketing.models import Ticket

        assert len(db.session.execute(select(Ticket)).scalars().all()) == 1


def test_the_retention_period_is_a_setting(app, monkeypatch):
    now = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
    assert app.config["INBOUND_RETENTION_DAYS"] == 90
    monkeypatch.setitem(app.config, "INBOUND_RETENTION_DAYS", 7)
    with app.app_context():
        _message("gw-week", now - timedelta(days=8))
        assert purge_inbound_messages(now) == 1
        monkeypatch.setitem(app.config, "INBOUND_RETENTION_DAYS", 0)  # 0 switches purging off
        _message("gw-month", now - timedelta(days=30))
        assert purge_inbound_messages(now) == 0
        db.session.rollback()


# -- the migration over rows written before ------------------------------------------

MEDIA_ID = "1234567890123456"
PHOTO = json.dumps({"media": {"id": MEDIA_ID, "mime_type": "image/jpeg"}, "caption": "NIK 3528014506900001"})


def test_the_migration_masks_niks_already_stored_in_clear(tmp_path):
    from flask_migrate import upgrade
    from sqlalchemy import text

    from suite import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/old.db",
            "SECRET_KEY": "test-secret",
            "NIK_KEY": "test-nik-key",
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "TESTING": True,
        }
    )
    with app.app_context():
        upgrade(revision="m8d4e5f6a7b8")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO inbound_messages (channel, external_id, sender, body, outcome, received_at) VALUES "
                    "('sms', 'gw-1', '+62813', 'NIK saya 3528  0145  0690  0066', 'ticket_opened', "
                    "'2026-01-05 01:00:00'),"
                    "('sms', 'gw-2', '+62813', 'HP 0812 3456 7890', 'ticket_opened', '2026-01-05 01:00:00'),"
                    "('whatsapp', 'wa-3', '62813', :photo, 'ticket_opened', '2026-01-05 01:00:00')"
                ),
                {"photo": PHOTO},
            )
            connection.execute(
                text(
                    "INSERT INTO notifications (recipient_type, recipient_id, kind, body, created_at) VALUES "
                    "('staff', 1, 'reopened', 'alasan: KK 3528,0145,0690,0066', '2026-01-05 01:00:00')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO held_reports (channel, phone, module, payload, confirm_code, created_at, expires_at) "
                    "VALUES ('sms', '+62813', 'madul', :payload, 'ABC123', '2026-01-05 01:00:00', "
                    "'2026-01-08 01:00:00')"
                ),
                {
                    "payload": json.dumps(
                        {"draft": {"description": "NIK 3528014506900001"}, "media": [{"id": MEDIA_ID}]}
                    )
                },
            )
        upgrade(revision="s9a1b2c3d401")
        with db.engine.connect() as connection:
            bodies = connection.execute(text("SELECT body FROM inbound_messages ORDER BY id")).scalars().all()
            note = connection.execute(text("SELECT body FROM notifications")).scalar_one()
            payload = json.loads(connection.execute(text("SELECT payload FROM held_reports")).scalar_one())
        db.session.remove()
        db.engine.dispose()
    assert bodies[:2] == ["NIK saya [NIK]", "HP 0812 3456 7890"]
    # The gateway's media id (16 digits here) is a reference the dialogue fetches by, not typed text.
    assert json.loads(bodies[2]) == {"media": {"id": MEDIA_ID, "mime_type": "image/jpeg"}, "caption": "NIK [NIK]"}
    assert note == "alasan: KK [NIK]"
    assert payload == {"draft": {"description": "NIK [NIK]"}, "media": [{"id": MEDIA_ID}]}


def test_a_nik_in_full_width_or_arabic_indic_digits_is_masked():
    from suite.privacy.redaction import redact_nik as mask

    assert mask("NIK ３５２８ ０１４５ ０６９０ ０００１ mohon dicek") == "NIK [NIK] mohon dicek"
    assert mask("٣٥٢٨٠١٤٥٠٦٩٠٠٠٠١") == "[NIK]"
    assert mask("Jalan ３ rusak") == "Jalan ３ rusak"  # text without a NIK keeps its own digits
