"""A WhatsApp location outside the regency (issue 11): the report is refused with the reason."""

from suite.ticketing.models import Ticket
from tests.channels.sms.support import deliver_outbox
from tests.helpers import count, gen_citizen


def test_a_shared_location_outside_the_regency_is_refused_with_the_reason(app, whatsapp, cloud):
    _, _, phone = gen_citizen(app)

    whatsapp(phone, "location", location={"latitude": -7.2575, "longitude": 112.7521, "name": "Surabaya"})
    answer = whatsapp(phone, "text", text={"body": "LORONG Dabuan jalan berlubang depan SD"})
    deliver_outbox(app)

    assert answer.status_code == 200 and count(app, Ticket) == 0
    assert any("di luar wilayah Kabupaten Pamekasan" in reply for reply in cloud.texts_to(phone))
