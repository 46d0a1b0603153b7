"""Issue 14, item 6: the page a mother lands on after registering her pregnancy tells her the due
date (Naegele's rule from her last period) and her next check-up (from the module's visit schedule)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask_babel import force_locale, format_date

from modules.babhar.obstetrics import due_date
from modules.babhar.schedule import antenatal_schedule
from tests.helpers import gen_citizen, login_citizen, register_pregnancy, report_danger_sign


def mother(app):
    client = app.test_client()
    _, nik, _ = gen_citizen(app, sex="F")
    login_citizen(client, nik)
    return client


def facts(page: str) -> dict[str, str]:
    return {
        re.sub(r"\s+", " ", dt).strip(): re.sub(r"\s+", " ", dd).strip()
        for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page, re.S)
    }


def expected(app, weeks: int, lang: str) -> tuple[str, str]:
    """The due date and next visit as the page should word them, from the module's own rules."""
    last_period = date.today() - timedelta(weeks=weeks)
    with app.test_request_context(), force_locale(lang):
        planned = [v for v in antenatal_schedule(last_period, registered_on=date.today()) if v.status == "planned"]
        visit = min(planned, key=lambda v: (v.due_on, v.window_start))
        dates = [format_date(d) for d in (due_date(last_period), visit.due_on, visit.window_start, visit.window_end)]
    return dates[0], f"{visit.code}, {dates[1]}", f"{dates[2]} – {dates[3]}", visit.with_doctor


@pytest.mark.parametrize("weeks", [6, 20, 30])
def test_the_confirmation_shows_the_due_date_and_the_next_visit(app, weeks):
    client = mother(app)
    response = register_pregnancy(client, weeks=weeks)
    landed = client.get(response.headers["Location"])
    assert landed.status_code == 200
    shown = facts(landed.get_data(as_text=True))
    due, visit, window, doctor = expected(app, weeks, "id")
    assert shown["Hari perkiraan lahir (HPL)"] == due
    next_visit = shown["Pemeriksaan kehamilan berikutnya"]
    assert next_visit.startswith(visit) and f"(dalam rentang {window})" in next_visit
    assert ("dokter + USG" in next_visit) == doctor


def test_the_confirmation_is_in_english_too(app):
    client = mother(app)
    with client.session_transaction() as session:
        session["lang"] = "en"
    response = register_pregnancy(client, weeks=20)
    shown = facts(client.get(response.headers["Location"]).get_data(as_text=True))
    due, visit, window, _ = expected(app, 20, "en")
    assert shown["Expected due date (HPL)"] == due
    next_visit = shown["Next pregnancy check-up"]
    assert next_visit.startswith(visit) and f"(window {window})" in next_visit


def test_other_tickets_show_no_pregnancy_facts(app):
    client = mother(app)
    register_pregnancy(client, weeks=20)
    response = report_danger_sign(client)
    code = re.search(r"BBH-[0-9A-Z]{4}-[0-9A-Z]{4}", response.headers["Location"]).group(0)
    page = client.get(f"/laporan-saya/{code}").get_data(as_text=True)
    assert "Hari perkiraan lahir" not in page and "Pemeriksaan kehamilan berikutnya" not in page


def test_the_kiosk_receipt_keeps_the_pregnancy_facts_off_the_paper(app):
    """At a public kiosk the facts are on the screen for her, never on the printed receipt, which may
    be left in the tray: the element holding them is one the print stylesheet hides."""
    client = app.test_client()
    _, nik, _ = gen_citizen(app, sex="F")
    client.get("/kios/")
    login_citizen(client, nik)
    with client.session_transaction() as session:
        session["kiosk"] = True
    response = register_pregnancy(client, weeks=20)
    assert "/kios/tanda-terima/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    held = re.search(r'<dl class="([^"]*)" id="receipt-facts">(.*?)</dl>', page, re.S)
    assert held and "no-print" in held.group(1).split() and "Hari perkiraan lahir" in held.group(2)
    assert page.count("Hari perkiraan lahir") == 1  # nowhere else on the receipt
    css = client.get("/static/suite.css").get_data(as_text=True)
    assert re.search(r"@media print\{[^}]*\.no-print[^}]*\{display:none\}", css)
