"""BAHAYA by SMS: a mother on a basic phone, or anyone with her from any phone, raises a danger
sign, hears what to do at once, and is told who was alerted."""

from datetime import date

from suite.notify.models import Notification, OutboxMessage
from suite.ticketing.models import Ticket, TicketEvent
from tests.channels.sms.support import deliver_outbox
from tests.health_support import set_staff, village_midwife
from tests.helpers import gen_citizen, gen_staff, get_ticket, rows

DABUAN = "35.28.01.2001"


def test_bahaya_with_sign_numbers_opens_an_urgent_ticket_and_answers_with_the_numbers_to_call(app, sms, gateway):
    _, _, phone = gen_citizen(app, sex="F")
    midwife_id, _ = gen_staff(app, "pkm-tlanakan")
    set_staff(app, midwife_id, phone="+6281230002001")
    village_midwife(app, DABUAN, midwife_id)
    answer = sms("BAHAYA 1 3", phone)
    assert answer.get_json() == {"status": "accepted", "outcome": "danger_sign"}
    [ticket] = rows(app, Ticket)
    assert (ticket.module, ticket.category, ticket.priority, ticket.channel) == (
        "babhar",
        "danger_sign",
        "urgent",
        "sms",
    )
    assert ticket.extras["signs"] == ["bleeding", "high_fever"]
    assert [n.recipient_id for n in rows(app, Notification, Notification.kind == "danger_sign")] == [midwife_id]
    deliver_outbox(app)
    texts = gateway.texts_to(phone)
    assert any("119" in text for text in texts)
    assert any("Sudah diberi tahu: Bidan desa (SMS)" in text for text in texts)
    assert not any("Perdarahan" in text for text in texts if ticket.code in text)  # no health detail with the code
    assert any(ticket.code in text and "Perdarahan" in text for text in gateway.texts_to("+6281230002001"))


def test_bahaya_alone_still_pages_the_unit_and_asks_which_signs(app, sms, gateway):
    _, _, phone = gen_citizen(app, sex="F", born=date(1998, 1, 2))
    assert sms("BAHAYA", phone).get_json()["outcome"] == "danger_sign"
    [ticket] = rows(app, Ticket)
    assert ticket.extras["signs"] == ["unspecified"]
    deliver_outbox(app)
    assert any("BAHAYA 1 3" in text for text in gateway.texts_to(phone))


def test_bahaya_from_an_unknown_phone_pages_the_command_center_asks_the_desa_and_the_desa_places_it(app, sms, gateway):
    operator_id, _ = gen_staff(app, "command-center")
    set_staff(app, operator_id, phone="+6281230001120")
    midwife_id, _ = gen_staff(app, "pkm-tlanakan")
    set_staff(app, midwife_id, phone="+6281230002001")
    village_midwife(app, DABUAN, midwife_id)
    stranger = "+6281299990001"
    assert sms("BAHAYA 1", stranger).get_json()["outcome"] == "danger_sign"
    [ticket] = rows(app, Ticket)
    assert ticket.citizen_id is None and ticket.reporter["phone"] == stranger and ticket.desa_code is None
    assert ticket.priority == "urgent" and get_ticket(app, ticket.code).agency.code == "dinkes"
    assert [m.recipient for m in rows(app, OutboxMessage, OutboxMessage.purpose == "alert")] == ["+6281230001120"]
    deliver_outbox(app)
    assert any("119" in t and "BAHAYA <nama desa>" in t for t in gateway.texts_to(stranger))

    assert sms("BAHAYA Dabuan", stranger, message_id="second").get_json()["outcome"] == "danger_placed"
    [placed] = rows(app, Ticket)
    assert (placed.id, placed.desa_code, get_ticket(app, placed.code).agency.code) == (
        ticket.id,
        DABUAN,
        "pkm-tlanakan",
    )
    assert [e.kind for e in rows(app, TicketEvent, TicketEvent.ticket_id == ticket.id)][-1] == "forwarded"
    assert "+6281230002001" in [m.recipient for m in rows(app, OutboxMessage, OutboxMessage.purpose == "alert")]
    deliver_outbox(app)
    told = [t for t in gateway.texts_to(stranger) if "Sudah diberi tahu" in t]
    assert told and "petugas kesehatan (SMS)" in told[-1] and "Bidan desa" not in told[-1]  # no unit to a stranger


def test_a_husband_registered_on_his_own_phone_raises_bahaya_for_his_wife(app, sms):
    _, _, phone = gen_citizen(app, sex="M", born=date(1990, 5, 5))
    assert sms("BAHAYA 2", phone).get_json()["outcome"] == "danger_sign"
    [ticket] = rows(app, Ticket)
    assert ticket.category == "danger_sign" and ticket.extras["reported_by"] == "family"
    assert get_ticket(app, ticket.code).agency.code == "pkm-tlanakan"


def test_postpartum_and_newborn_signs_by_sms_open_urgent_tickets_like_pregnancy_signs(app, sms):
    _, _, phone = gen_citizen(app, sex="F")
    assert sms("BAHAYA NIFAS 1 4", phone).get_json()["outcome"] == "danger_sign"
    assert sms("bahaya bayi 2", phone, message_id="baby").get_json()["outcome"] == "danger_sign"
    postpartum, newborn = rows(app, Ticket)
    assert (postpartum.category, postpartum.priority) == ("postpartum_danger_sign", "urgent")
    assert postpartum.extras["signs"] == ["pp_bleeding", "pp_fever"]
    assert (newborn.category, newborn.extras["signs"]) == ("newborn_danger_sign", ["nb_seizures"])
    assert (
        newborn.first_response_due_at - newborn.created_at == postpartum.first_response_due_at - postpartum.created_at
    )


def test_odd_digits_still_open_the_ticket_and_a_second_message_completes_the_first(app, sms):
    stranger = "+6281299990004"
    assert sms("BAHAYA ² ①", stranger).get_json()["outcome"] == "danger_sign"
    [ticket] = rows(app, Ticket)
    assert ticket.extras["signs"] == ["unspecified"]
    assert sms("BAHAYA Dabuan 1", stranger, message_id="more").get_json()["outcome"] == "danger_placed"
    [completed] = rows(app, Ticket)
    assert (completed.id, completed.desa_code, completed.extras["signs"]) == (ticket.id, DABUAN, ["bleeding"])
