"""The verifying officer sees where the module suggests a ticket belongs, with the words that
decided it, and confirms it in one click or changes it (issue 11, item 8, staff side).

The suggestion engine is the module's (``ServiceModule.suggest_classification``); these tests hold
the page to that interface with a fixed answer, so they do not depend on the engine's keywords.
"""

import re

import pytest

from suite.registry import Suggestion, get_module
from tests.helpers import agency_id, citizen_client, get_ticket, staff_client, staff_post, submit, ticket_code_from

PKL = "Pedagang kaki lima berjualan di atas trotoar depan pasar, pejalan kaki terpaksa turun ke jalan."


@pytest.fixture
def suggests(app, monkeypatch):
    """Make e-Madul suggest ``Suggestion(category, agency, matched)`` for any text."""

    def set_answer(category, agency_code, matched):
        with app.app_context():
            module = get_module("madul")
        monkeypatch.setattr(module, "suggest_classification", lambda text: Suggestion(category, agency_code, matched))

    return set_answer


def madul_ticket(app, category, text=PKL):
    return ticket_code_from(submit(citizen_client(app), "madul", {"category": category, "description": text}))


def test_the_officer_sees_the_suggestion_with_its_words_and_confirming_moves_the_ticket(app, suggests):
    suggests("public_order", "satpolpp", ["pedagang kaki lima", "trotoar"])
    code = madul_ticket(app, "waste")
    dlh = staff_client(app, "dlh")
    page = dlh.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert "Saran: Ketertiban umum dan PKL → Satuan Polisi Pamong Praja" in page
    assert "(kata: pedagang kaki lima, trotoar)" in page
    assert f'action="/petugas/tiket/{code}/saran"' in page and "Konfirmasi" in page
    assert f'action="/petugas/tiket/{code}/klasifikasi"' in page  # or change it

    response = staff_post(dlh, code, "saran", {"category": "public_order"})
    assert response.status_code == 302, response.get_data(as_text=True)
    ticket = get_ticket(app, code)
    assert (ticket.category, ticket.agency_id) == ("public_order", agency_id(app, "satpolpp"))
    # Satpol PP verifies what it now holds; the reason on the timeline names the words.
    assert ticket.status == "submitted"
    event = next(e for e in ticket.events if e.kind == "reclassified")
    assert "pedagang kaki lima, trotoar" in event.body


def test_confirming_a_suggestion_within_the_agency_verifies_the_ticket(app, suggests):
    suggests("misconduct", "inspektorat", ["pungli"])
    code = madul_ticket(app, "other", "Ada pungli waktu mengurus surat pindah di kantor desa.")
    ticket = get_ticket(app, code)
    officer = staff_client(app, ticket.agency.code)
    if ticket.agency.code != "inspektorat":  # the module's own routing of "other" decides the holder
        staff_post(officer, code, "teruskan", {"agency": agency_id(app, "inspektorat"), "reason": "Soal pungli."})
        officer = staff_client(app, "inspektorat")
    assert staff_post(officer, code, "saran", {"category": "misconduct"}).status_code == 302
    ticket = get_ticket(app, code)
    assert (ticket.category, ticket.agency.code, ticket.status) == ("misconduct", "inspektorat", "verified")


def test_a_suggestion_that_already_matches_just_verifies(app, suggests):
    suggests("waste", "dlh", ["sampah"])
    code = madul_ticket(app, "waste", "Sampah menumpuk di pinggir jalan desa.")
    dlh = staff_client(app, "dlh")
    page = dlh.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert "Kategori tiket sudah sesuai saran." in page and "Konfirmasi" in page
    assert staff_post(dlh, code, "saran", {"category": "waste"}).status_code == 302
    ticket = get_ticket(app, code)
    assert (ticket.category, ticket.status) == ("waste", "verified")
    assert "reclassified" not in [e.kind for e in ticket.events]
    # Verified and matching: nothing left to confirm.
    page = dlh.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert f"/petugas/tiket/{code}/saran" not in page
    assert staff_post(dlh, code, "saran", {"category": "waste"}).status_code == 409


def test_a_stale_suggestion_changes_nothing(app, suggests):
    suggests("public_order", "satpolpp", ["trotoar"])
    code = madul_ticket(app, "waste")
    dlh = staff_client(app, "dlh")
    response = staff_post(dlh, code, "saran", {"category": "education"})  # not what the module suggests now
    assert response.status_code == 409
    assert "Saran klasifikasi sudah berubah" in response.get_data(as_text=True)
    ticket = get_ticket(app, code)
    assert (ticket.category, ticket.status, ticket.agency.code) == ("waste", "submitted", "dlh")


def test_no_panel_once_work_has_started_or_for_modules_without_suggestions(app, suggests):
    suggests("public_order", "satpolpp", ["trotoar"])
    code = madul_ticket(app, "waste")
    dlh = staff_client(app, "dlh")
    for status in ("verified", "in_progress"):
        assert staff_post(dlh, code, "status", {"status": status}).status_code == 302
    page = dlh.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert "Saran:" not in page and not re.search(rf"/petugas/tiket/{code}/saran", page)
    assert staff_post(dlh, code, "saran", {"category": "public_order"}).status_code == 409
