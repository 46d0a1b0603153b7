"""The SMS dialogue a basic phone can hold: report, check, help, and registering from the phone."""

from datetime import date

import pytest

from suite.channels.models import HeldReport, InboundMessage
from suite.identity.models import Citizen
from suite.notify.models import OutboxMessage
from suite.ticketing.models import Ticket
from tests.channels.sms.support import deliver_outbox
from tests.helpers import count, gen_citizen, make_nik, rows

STRANGER = "+6281399990001"


def test_lorong_from_a_known_phone_opens_a_ticket_for_the_citizen_and_texts_back_the_code(app, sms, gateway):
    citizen_id, _, phone = gen_citizen(app)

    answer = sms("LORONG Dabuan jalan berlubang di Jl. Raya Tlanakan depan SD", phone)

    assert answer.status_code == 200
    assert answer.get_json() == {"status": "accepted", "outcome": "ticket_opened"}
    [ticket] = rows(app, Ticket)
    assert (ticket.citizen_id, ticket.module, ticket.channel, ticket.desa_code) == (
        citizen_id,
        "lorong",
        "sms",
        "35.28.01.2001",
    )
    assert ticket.category == "jalan"
    assert ticket.extras == {
        "road_name": "Jl. Raya Tlanakan",
        "damage_type": "pothole",
        "severity": "sedang",
        "road_status": "unknown",
    }
    assert ticket.description == "jalan berlubang di Jl. Raya Tlanakan depan SD"
    assert deliver_outbox(app).sent == 1
    [text] = gateway.texts_to(phone)
    assert ticket.code in text and "CEK" in text


def test_a_report_without_a_road_name_gets_documented_defaults(app, sms):
    _, _, phone = gen_citizen(app)

    sms("lorong branta-pesisir: lampu jalan mati sudah seminggu", phone)

    [ticket] = rows(app, Ticket)
    assert ticket.desa_code == "35.28.01.2007"
    assert ticket.category == "penerangan" and ticket.agency_id is not None
    assert ticket.extras["road_name"] == "Tidak disebut"
    assert ticket.extras["damage_type"] == "street_light"


def test_cek_answers_the_status_of_a_report(app, sms, gateway):
    _, _, phone = gen_citizen(app)
    sms("MADUL Dabuan sampah menumpuk di pinggir pasar sejak seminggu", phone)
    [ticket] = rows(app, Ticket)
    deliver_outbox(app)

    sms("cek " + ticket.code.replace("-", " ").lower(), "+6281300000999")  # anyone with the code may ask
    sms("CEK MDL-0000-0000", "+6281300000999")
    deliver_outbox(app)

    status, unknown = gateway.texts_to("+6281300000999")
    assert status.startswith(f"{ticket.code}: Diterima.")
    assert "Ditangani" in status
    assert "tidak ditemukan" in unknown


@pytest.mark.parametrize("text", ["BANTU", "bantu", "?", "MENU"])
def test_bantu_answers_with_the_keywords(app, sms, gateway, text):
    sms(text, STRANGER)
    deliver_outbox(app)

    [reply] = gateway.texts_to(STRANGER)
    assert "LORONG <desa> <keluhan>" in reply and "MADUL <desa> <keluhan>" in reply and "CEK <kode>" in reply
    assert "BABHAR" not in reply  # pregnancy registration is not an SMS flow
    assert count(app, Ticket) == 0 and count(app, HeldReport) == 0


def test_an_unknown_keyword_answers_help(app, sms, gateway):
    sms("PINJAM uang dong", STRANGER)
    deliver_outbox(app)

    [reply] = gateway.texts_to(STRANGER)
    assert reply.startswith("Maaf, perintah tidak dikenal.")
    assert "LORONG <desa> <keluhan>" in reply
    assert rows(app, InboundMessage)[0].outcome == "unknown"


def test_babhar_is_not_an_sms_flow_and_answers_help(app, sms, gateway):
    _, _, phone = gen_citizen(app)

    sms("BABHAR Dabuan saya hamil tiga bulan", phone)
    deliver_outbox(app)

    [reply] = gateway.texts_to(phone)
    assert "belum bisa lewat SMS/WA" in reply and "CEK <kode>" in reply
    assert count(app, Ticket) == 0


def test_an_unknown_desa_is_asked_again_and_nothing_is_written(app, sms, gateway):
    _, _, phone = gen_citizen(app)

    sms("LORONG Dabuwan jalan berlubang parah", phone)
    deliver_outbox(app)

    [reply] = gateway.texts_to(phone)
    assert "Dabuwan" in reply and "Maksud Anda: Dabuan?" in reply
    assert count(app, Ticket) == 0 and count(app, HeldReport) == 0

    sms("Dabuan jalan berlubang parah", phone)  # the corrected line may leave out the keyword

    [ticket] = rows(app, Ticket)
    assert (ticket.module, ticket.desa_code) == ("lorong", "35.28.01.2001")


def test_a_desa_name_two_kecamatan_share_is_asked_with_its_kecamatan(app, sms, gateway):
    _, _, phone = gen_citizen(app)

    sms("LORONG Tanjung jalan rusak parah sekali", phone)
    deliver_outbox(app)

    [reply] = gateway.texts_to(phone)
    assert "Ada beberapa desa Tanjung" in reply and "Pademawu" in reply and "Pegantenan" in reply
    assert count(app, Ticket) == 0

    sms("LORONG Tanjung Pademawu jalan rusak parah sekali", phone)

    [ticket] = rows(app, Ticket)
    assert ticket.desa_code.startswith("35.28.02.") and ticket.description == "jalan rusak parah sekali"


def test_too_short_a_complaint_is_asked_again(app, sms, gateway):
    _, _, phone = gen_citizen(app)

    sms("LORONG Dabuan rusak", phone)
    deliver_outbox(app)

    [reply] = gateway.texts_to(phone)
    assert "paling sedikit 10 huruf" in reply
    assert count(app, Ticket) == 0


def test_an_unknown_phone_is_held_until_daftar_registers_its_owner(app, sms, gateway):
    nik = make_nik("F", date(1990, 6, 5))

    held = sms("LORONG Branta Pesisir lampu jalan mati sudah seminggu", STRANGER)

    assert held.get_json()["outcome"] == "held"
    assert count(app, Ticket) == 0
    [report] = rows(app, HeldReport)
    assert (report.phone, report.module, report.ticket_id) == (STRANGER, "lorong", None)

    registered = sms(f"DAFTAR {nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]} Siti Aminah", STRANGER)

    assert registered.get_json()["outcome"] == "registered"
    [citizen] = rows(app, Citizen)
    assert (citizen.full_name, citizen.phone, citizen.birth_date, citizen.sex) == (
        "Siti Aminah",
        STRANGER,
        date(1990, 6, 5),
        "F",
    )
    assert citizen.desa_code == "35.28.01.2007"  # from the held report
    assert citizen.phone_confirmed_at is not None and citizen.preferred_channel == "sms"
    [ticket] = rows(app, Ticket)
    assert (ticket.citizen_id, ticket.channel, ticket.category) == (citizen.id, "sms", "penerangan")
    assert rows(app, HeldReport)[0].ticket_id == ticket.id

    deliver_outbox(app)
    texts = gateway.texts_to(STRANGER)
    assert "DAFTAR <NIK> <nama lengkap>" in texts[0] and report.confirm_code in texts[0]
    assert any(ticket.code in text for text in texts)
    assert any(text.startswith("Terima kasih") for text in texts)
    # The NIK is never kept in clear outside the encrypted column.
    assert all(nik not in (m.body or "").replace(" ", "") for m in rows(app, InboundMessage))

    again = sms(f"DAFTAR {nik} Siti Aminah", STRANGER)
    assert again.get_json()["outcome"] == "already_registered"
    assert count(app, Ticket) == 1 and count(app, Citizen) == 1


def test_daftar_with_a_bad_nik_explains_and_registers_nobody(app, sms, gateway):
    sms("MADUL Dabuan sampah menumpuk di pinggir pasar", STRANGER)

    answer = sms("DAFTAR 35280145069 Siti Aminah", STRANGER)
    deliver_outbox(app)

    assert answer.get_json()["outcome"] == "ask_again"
    assert "16 digit" in gateway.texts_to(STRANGER)[-1]
    assert count(app, Citizen) == 0 and count(app, Ticket) == 0


def test_daftar_with_a_nik_registered_to_another_phone_links_nothing(app, sms, gateway):
    _, nik, _ = gen_citizen(app)
    sms("MADUL Dabuan sampah menumpuk di pinggir pasar", STRANGER)

    answer = sms(f"DAFTAR {nik} Orang Lain", STRANGER)

    assert answer.get_json()["outcome"] == "nik_taken"
    assert count(app, Citizen) == 1 and count(app, Ticket) == 0


def test_daftar_without_a_held_report_asks_for_the_report_first(app, sms, gateway):
    answer = sms(f"DAFTAR {make_nik()} Siti Aminah", STRANGER)

    assert answer.get_json()["outcome"] == "nothing_held"
    assert count(app, Citizen) == 0


def test_replies_go_through_the_outbox_not_straight_to_the_gateway(app, sms, gateway):
    sms("BANTU", STRANGER)

    assert gateway.sent == []
    [message] = rows(app, OutboxMessage)
    assert (message.channel, message.recipient, message.status) == ("sms", STRANGER, "pending")
