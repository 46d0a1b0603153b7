"""WhatsApp: the Cloud API handshake, signed webhooks, text, menu, location and photo messages."""

import json

from suite.channels.models import InboundMessage, SecurityEvent
from suite.channels.whatsapp.signature import sign
from suite.notify.models import OutboxMessage
from suite.ticketing.models import Attachment, Ticket
from tests.channels.sms.support import deliver_outbox
from tests.channels.whatsapp.stand_in import APP_SECRET, VERIFY_TOKEN, tiny_png
from tests.helpers import count, gen_citizen, make_nik, rows


def text(body):
    return {"text": {"body": body}}


def test_the_verify_handshake_echoes_the_challenge_only_for_the_right_token(app, client, cloud):
    ok = client.get(
        "/webhook/whatsapp",
        query_string={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"},
    )
    wrong = client.get(
        "/webhook/whatsapp",
        query_string={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"},
    )

    assert ok.status_code == 200 and ok.get_data(as_text=True) == "1158201444"
    assert wrong.status_code == 403
    [event] = rows(app, SecurityEvent)
    assert event.kind == "whatsapp_verify"


def test_a_text_report_from_a_known_phone_opens_a_ticket_and_replies_in_the_cloud_api_format(app, whatsapp, cloud):
    citizen_id, _, phone = gen_citizen(app)

    answer = whatsapp(phone, "text", **text("SEHAT Dabuan obat darah tinggi kosong di puskesmas sudah dua minggu"))

    assert answer.status_code == 200 and answer.get_json() == {"status": "accepted", "outcomes": ["ticket_opened"]}
    [ticket] = rows(app, Ticket)
    assert (ticket.citizen_id, ticket.module, ticket.channel) == (citizen_id, "sehat", "whatsapp")
    deliver_outbox(app)
    [message] = cloud.to(phone)
    assert message["messaging_product"] == "whatsapp" and message["to"] == phone.lstrip("+")
    assert message["type"] == "text" and ticket.code in message["text"]["body"]
    assert all(auth == "Bearer cloud-api-token" for _, _, auth in cloud.requests)


def test_halo_sends_the_menu_as_an_interactive_list_and_a_choice_leads_to_a_report(app, whatsapp, cloud):
    _, _, phone = gen_citizen(app)

    whatsapp(phone, "text", **text("Halo"))
    deliver_outbox(app)

    [menu] = cloud.to(phone)
    assert menu["type"] == "interactive" and menu["interactive"]["type"] == "list"
    assert menu["interactive"]["body"]["text"].startswith("Pilih layanan")
    assert "LORONG <desa> <keluhan>" in menu["interactive"]["body"]["text"]  # for those who would rather type
    rows_offered = [row["id"] for row in menu["interactive"]["action"]["sections"][0]["rows"]]
    assert rows_offered == ["menu:lorong", "menu:sehat", "menu:madul", "menu:cek", "menu:nilai", "menu:bantu"]
    assert all(len(row["title"]) <= 24 for row in menu["interactive"]["action"]["sections"][0]["rows"])

    whatsapp(
        phone,
        "interactive",
        interactive={"type": "list_reply", "list_reply": {"id": "menu:lorong", "title": "e-Lorong"}},
    )
    whatsapp(phone, "text", **text("Dabuan jalan berlubang depan SD"))
    deliver_outbox(app)

    assert "e-Lorong" in cloud.texts_to(phone)[0]
    [ticket] = rows(app, Ticket)
    assert (ticket.module, ticket.desa_code) == ("lorong", "35.28.01.2001")
    assert ticket.code in cloud.texts_to(phone)[1]


def test_a_location_and_a_photo_go_with_the_next_report(app, whatsapp, cloud):
    _, _, phone = gen_citizen(app)
    cloud.add_media("1044123", tiny_png())

    whatsapp(phone, "location", location={"latitude": -7.1712, "longitude": 113.4768, "name": "SDN Dabuan 1"})
    whatsapp(phone, "image", image={"id": "1044123", "mime_type": "image/png", "sha256": "x"})
    answer = whatsapp(phone, "text", **text("LORONG Dabuan jalan berlubang depan SD"))

    assert answer.get_json()["outcomes"] == ["ticket_opened"]
    [ticket] = rows(app, Ticket)
    assert (ticket.latitude, ticket.longitude) == (-7.1712, 113.4768)
    [photo] = rows(app, Attachment)
    assert (photo.ticket_id, photo.content_type) == (ticket.id, "image/jpeg")  # re-encoded (issue 9, item 9)
    assert [("GET", "/1044123"), ("GET", "/download/1044123")] == [(m, p) for m, p, _ in cloud.requests]
    assert [m.outcome for m in rows(app, InboundMessage)] == ["part_used", "part_used", "ticket_opened"]
    deliver_outbox(app)
    kept_location, kept_photo, confirmation = cloud.texts_to(phone)
    assert kept_location.startswith("Lokasi diterima") and kept_photo.startswith("Foto diterima")
    assert ticket.code in confirmation


def test_a_photo_captioned_with_a_report_is_that_reports_photo(app, whatsapp, cloud):
    _, _, phone = gen_citizen(app)
    cloud.add_media("2077", tiny_png(), "image/png")

    whatsapp(
        phone,
        "image",
        image={"id": "2077", "mime_type": "image/png", "caption": "MADUL Dabuan sampah menumpuk di pinggir pasar"},
    )

    [ticket] = rows(app, Ticket)
    assert ticket.module == "madul" and ticket.category == "waste"
    assert count(app, Attachment, Attachment.ticket_id == ticket.id) == 1


def test_a_photo_that_cannot_be_fetched_still_lets_the_report_through_with_a_note(app, whatsapp, cloud):
    _, _, phone = gen_citizen(app)

    whatsapp(
        phone,
        "image",
        image={"id": "gone-media", "mime_type": "image/jpeg", "caption": "LORONG Dabuan jalan berlubang depan SD"},
    )
    deliver_outbox(app)

    [ticket] = rows(app, Ticket)
    assert count(app, Attachment) == 0
    replies = cloud.texts_to(phone)
    assert any(ticket.code in reply for reply in replies)
    assert any("foto" in reply.lower() and "tanpa foto" in reply for reply in replies)


def test_an_unknown_phone_on_whatsapp_is_held_and_confirmed_by_daftar(app, whatsapp, cloud):
    stranger = "+6281399990002"
    whatsapp(stranger, "location", location={"latitude": -7.2, "longitude": 113.5})
    whatsapp(stranger, "text", **text("LORONG Dabuan jembatan bambu patah tidak bisa dilewati"))
    assert count(app, Ticket) == 0

    whatsapp(stranger, "text", **text(f"DAFTAR {make_nik('M')} Ahmad Fauzi"))

    [ticket] = rows(app, Ticket)
    assert (ticket.channel, ticket.category, ticket.latitude) == ("whatsapp", "jembatan", -7.2)
    assert ticket.extras["damage_type"] == "broken_bridge"


def test_a_replayed_message_id_creates_nothing_new(app, client, cloud):
    _, _, phone = gen_citizen(app)
    body, headers = cloud.webhook(phone, "text", message_id="wamid.HBgN1", **text("LORONG Dabuan jalan berlubang"))

    first = client.post("/webhook/whatsapp", data=body, headers=headers)
    again = client.post("/webhook/whatsapp", data=body, headers=headers)

    assert first.get_json()["outcomes"] == ["ticket_opened"] and again.get_json()["outcomes"] == ["duplicate"]
    assert count(app, Ticket) == 1 and count(app, OutboxMessage) == 1


def test_a_bad_signature_is_refused_and_logged(app, client, cloud):
    body, headers = cloud.webhook("+6281399990001", "text", secret="not-the-app-secret", **text("BANTU"))

    answer = client.post("/webhook/whatsapp", data=body, headers=headers)
    unsigned = client.post("/webhook/whatsapp", data=body, headers={"Content-Type": "application/json"})

    assert answer.status_code == 401 and unsigned.status_code == 401
    assert [(e.kind, e.detail) for e in rows(app, SecurityEvent)] == [
        ("whatsapp_webhook", "bad signature"),
        ("whatsapp_webhook", "missing X-Hub-Signature-256"),
    ]
    assert count(app, InboundMessage) == 0 and count(app, OutboxMessage) == 0


def test_delivery_statuses_and_unreadable_messages(app, client, whatsapp, cloud):
    body = json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "changes": [
                        {
                            "value": {
                                "statuses": [
                                    {"id": "wamid.out-1", "status": "delivered", "recipient_id": "6281399990001"}
                                ]
                            }
                        }
                    ]
                }
            ],
        }
    ).encode()
    statuses = client.post(
        "/webhook/whatsapp",
        data=body,
        headers={"X-Hub-Signature-256": sign(APP_SECRET, body), "Content-Type": "application/json"},
    )
    voice = whatsapp("+6281399990001", "audio", audio={"id": "55", "mime_type": "audio/ogg"})
    deliver_outbox(app)

    assert statuses.get_json() == {"status": "accepted", "outcomes": []}
    assert voice.get_json()["outcomes"] == ["unsupported"]
    assert "belum bisa kami baca" in cloud.texts_to("+6281399990001")[0]


def test_a_switched_off_channel_says_so(app, client):
    assert client.get("/webhook/whatsapp").status_code == 503
    assert client.post("/webhook/whatsapp", data=b"{}").status_code == 503


def test_a_newborn_danger_sign_on_whatsapp_from_an_unknown_phone_opens_an_urgent_ticket_at_once(app, whatsapp, cloud):
    stranger = "+6281399990003"
    answer = whatsapp(stranger, "text", **text("BAHAYA BAYI Dabuan 2"))
    assert answer.get_json() == {"status": "accepted", "outcomes": ["danger_sign"]}
    [ticket] = rows(app, Ticket)
    assert (ticket.channel, ticket.category, ticket.priority) == ("whatsapp", "newborn_danger_sign", "urgent")
    assert ticket.desa_code == "35.28.01.2001" and ticket.extras["signs"] == ["nb_seizures"]
    assert ticket.reporter == {"phone": stranger}
    deliver_outbox(app)
    assert any("119" in m["text"]["body"] for m in cloud.to(stranger))
