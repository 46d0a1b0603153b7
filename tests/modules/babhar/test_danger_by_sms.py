"""BAHAYA by SMS: a mother on a basic phone raises a danger sign and hears what to do at once."""

from datetime import date

from suite.notify.models import Notification
from suite.ticketing.models import Ticket
from tests.channels.sms.support import deliver_outbox, rows
from tests.helpers import gen_citizen, staff_client


def test_bahaya_with_sign_numbers_opens_an_urgent_ticket_and_answers_with_the_numbers_to_call(app, sms, gateway):
    _, _, phone = gen_citizen(app, sex="F")
    midwife = staff_client(app, "pkm-larangan-tokol")
    answer = sms("BAHAYA 1 3", phone)
    assert answer.get_json() == {"status": "accepted", "outcome": "danger_sign"}
    [ticket] = rows(app, Ticket)
    assert (ticket.module, ticket.category, ticket.priority, ticket.channel) == ("babhar", "danger_sign", "urgent", "sms")
    assert ticket.extras["signs"] == ["bleeding", "high_fever"]
    assert [n.recipient_id for n in rows(app, Notification, Notification.kind == "danger_sign")] == [midwife.staff_id]
    deliver_outbox(app)
    texts = gateway.texts_to(phone)
    assert any("119" in text and "Bidan dan puskesmas Anda sudah diberi tahu" in text for text in texts)
    assert not any("Perdarahan" in text for text in texts if ticket.code in text)  # no health detail with the code


def test_bahaya_alone_still_pages_the_midwife_and_asks_which_signs(app, sms, gateway):
    _, _, phone = gen_citizen(app, sex="F", born=date(1998, 1, 2))
    assert sms("BAHAYA", phone).get_json()["outcome"] == "danger_sign"
    [ticket] = rows(app, Ticket)
    assert ticket.extras["signs"] == ["unspecified"]
    deliver_outbox(app)
    assert any("BAHAYA 1 3" in text for text in gateway.texts_to(phone))


def test_bahaya_from_an_unknown_phone_gets_the_emergency_numbers_and_writes_nothing(app, sms, gateway):
    assert sms("BAHAYA 1", "+6281299990001").get_json()["outcome"] == "danger_unregistered"
    assert rows(app, Ticket) == []
    deliver_outbox(app)
    assert any("119" in text for text in gateway.texts_to("+6281299990001"))
