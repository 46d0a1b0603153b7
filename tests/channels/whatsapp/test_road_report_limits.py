"""e-Lorong's limits on WhatsApp (issue 11): a shared location outside the regency is refused with
the reason; of more than 3 photos, the last 3 sent go with the report (a phone user cannot pick again)."""

from suite.ticketing.models import Attachment, Ticket
from tests.channels.sms.support import deliver_outbox
from tests.channels.whatsapp.stand_in import tiny_png
from tests.helpers import count, gen_citizen, rows


def test_a_shared_location_outside_the_regency_is_refused_with_the_reason(app, whatsapp, cloud):
    _, _, phone = gen_citizen(app)

    whatsapp(phone, "location", location={"latitude": -7.2575, "longitude": 112.7521, "name": "Surabaya"})
    answer = whatsapp(phone, "text", text={"body": "LORONG Dabuan jalan berlubang depan SD"})
    deliver_outbox(app)

    assert answer.status_code == 200 and count(app, Ticket) == 0
    assert any("di luar wilayah Kabupaten Pamekasan" in reply for reply in cloud.texts_to(phone))


def test_of_four_photos_the_last_three_go_with_a_road_report(app, whatsapp, cloud):
    _, _, phone = gen_citizen(app)
    for n in range(4):
        cloud.add_media(f"media-{n}", tiny_png())
        whatsapp(phone, "image", image={"id": f"media-{n}", "mime_type": "image/png", "sha256": "x"})

    whatsapp(phone, "text", text={"body": "LORONG Dabuan jalan berlubang depan SD"})

    [ticket] = rows(app, Ticket)
    assert count(app, Attachment, Attachment.ticket_id == ticket.id) == 3
    assert "/download/media-0" not in [path for _, path, _ in cloud.requests]
