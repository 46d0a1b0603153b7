"""Rating and reopening on WhatsApp: the same keywords as SMS, and a menu row that teaches them."""

from suite.ticketing.models import Rating, Ticket
from tests.channels.sms.support import deliver_outbox
from tests.helpers import gen_citizen, get_ticket, rows, staff_client, staff_photo, staff_post


def text(body):
    return {"text": {"body": body}}


def resolved_by_whatsapp(app, whatsapp, cloud):
    _, _, phone = gen_citizen(app)
    whatsapp(phone, "text", **text("LORONG Dabuan jalan berlubang di Jl. Raya Tlanakan depan SD"))
    [ticket] = rows(app, Ticket)
    officer = staff_client(app, "pupr")
    assert staff_photo(officer, ticket.code).status_code == 302
    for target in ("verified", "in_progress", "resolved"):
        assert staff_post(officer, ticket.code, "status", {"status": target}).status_code == 302
    deliver_outbox(app)
    cloud.sent.clear()
    return ticket.code, phone


def test_nilai_and_buka_work_on_whatsapp_as_on_sms(app, whatsapp, cloud):
    code, phone = resolved_by_whatsapp(app, whatsapp, cloud)

    reopened = whatsapp(phone, "text", **text(f"Buka {code.lower()} jalannya berlubang lagi"))
    assert reopened.get_json() == {"status": "accepted", "outcomes": ["reopened"]}
    assert get_ticket(app, code).status == "in_progress"
    officer = staff_client(app, "pupr")
    assert staff_photo(officer, code).status_code == 302
    assert staff_post(officer, code, "status", {"status": "resolved"}).status_code == 302

    rated = whatsapp(phone, "text", **text(f"NILAI {code} 5 terima kasih"))
    assert rated.get_json()["outcomes"] == ["rated"]
    [rating] = rows(app, Rating)
    assert (rating.score, rating.comment) == (5, "terima kasih")
    deliver_outbox(app)
    said = cloud.texts_to(phone)
    assert any(f"Laporan {code} dibuka kembali" in t for t in said)
    assert any(f"Nilai 5/5 untuk laporan {code}" in t for t in said)


def test_a_stranger_on_whatsapp_cannot_rate_with_the_code(app, whatsapp, cloud):
    code, _ = resolved_by_whatsapp(app, whatsapp, cloud)

    answer = whatsapp("+6281399990002", "text", **text(f"NILAI {code} 1"))

    assert answer.get_json()["outcomes"] == ["not_owner"]
    deliver_outbox(app)
    assert "bukan laporan dari nomor ini" in cloud.texts_to("+6281399990002")[0]
    assert rows(app, Rating) == []


def test_the_menu_row_for_rating_teaches_nilai_and_buka(app, whatsapp, cloud):
    _, _, phone = gen_citizen(app)

    whatsapp(phone, "interactive", interactive={"type": "list_reply", "list_reply": {"id": "menu:nilai"}})
    deliver_outbox(app)

    [reply] = cloud.texts_to(phone)
    assert "NILAI <kode> <1-5>" in reply and "BUKA <kode> <alasan>" in reply
