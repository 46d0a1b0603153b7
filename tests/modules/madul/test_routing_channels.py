"""A complaint filed as "other" reaches the agency its words point to, whichever way it comes in
(issue 11, item 8): the web form and SMS, with the words that fooled substring matching."""

from __future__ import annotations

from suite.ticketing.models import Ticket
from tests.helpers import citizen_client, gen_citizen, get_ticket, rows, submit, ticket_code_from


def file_other(client, description: str) -> str:
    return ticket_code_from(submit(client, "madul", {"category": "other", "description": description}))


def test_a_web_report_filed_as_other_lands_at_the_agency_its_words_name(app):
    client = citizen_client(app)

    aid = file_other(client, "PKH ibu sy udh 3 bln gk cair, pdhl msh terdaftar")
    trap = file_other(client, "Saya mau mengurus sertifikat tanah warisan, harus ke BPN atau ke desa?")
    clinic = file_other(client, "Pelayanan di klinik swasta dekat pasar buruk, dokter jarang ada")

    assert get_ticket(app, aid).agency.code == "dinsos"
    assert "Dinas Sosial" in client.get(f"/laporan-saya/{aid}").get_data(as_text=True)
    # No keyword: the default agency sorts it out, never education ("guru") or the civil registry ("nik").
    assert get_ticket(app, trap).agency.code == "kominfo"
    assert get_ticket(app, clinic).agency.code == "kominfo"


def test_an_sms_report_lands_at_the_agency_its_words_name(app, sms):
    _, _, phone = gen_citizen(app)

    sms("MADUL Dabuan PKH ibu sy udh 3 bln gk cair, pdhl msh terdaftar", phone)
    sms("MADUL Dabuan bnjr lg, air udh msk rmh warga", phone)

    aid, flood = rows(app, Ticket)
    assert aid.module == "madul" and aid.agency.code == "dinsos"
    assert flood.agency.code == "bpbd"


def test_an_sms_report_takes_the_category_its_words_name_not_only_the_agency(app, sms):
    # The category is what staff filter and count by: an SMS about aid is filed under social aid,
    # not as "other" routed to Dinsos, and one about KTP under the civil registry's category.
    _, _, phone = gen_citizen(app)

    sms("MADUL Dabuan PKH ibu sy udh 3 bln gk cair, pdhl msh terdaftar", phone)
    sms("MADUL Dabuan ektp sy blm jadi udh 2 bulan, tiap ke kantor disuruh balik", phone)

    aid, card = rows(app, Ticket)
    assert (aid.category, aid.agency.code) == ("social_aid", "dinsos")
    assert (card.category, card.agency.code) == ("population", "dispendukcapil")
