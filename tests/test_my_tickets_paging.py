""" "My reports" (/laporan-saya) comes in pages of 50, newest first (issue 13: the whole list was
rendered on every visit), and any page number reads without an error."""

import re
from datetime import timedelta

from sqlalchemy import update

from suite.database import utcnow
from suite.extensions import db
from suite.portal import views
from suite.ticketing.models import Ticket
from tests.helpers import citizen_client, lorong_fields, submit, ticket_code_from


def codes_on(client, query: str = "") -> tuple[list[str], str]:
    response = client.get(f"/laporan-saya{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return re.findall(r'href="/laporan-saya/([A-Z0-9-]+)"', html), html


def test_my_reports_come_in_pages_newest_first(app, monkeypatch):
    monkeypatch.setattr(views, "MY_TICKETS_PAGE", 2)
    citizen = citizen_client(app)
    codes = [
        ticket_code_from(
            submit(
                citizen,
                "lorong",
                lorong_fields(not_duplicate="y", description=f"Jalan rusak ruas nomor {n} dekat pasar."),
            )
        )
        for n in range(5)
    ]
    with app.app_context():  # distinct times, oldest first as filed
        now = utcnow()
        for age, code in enumerate(reversed(codes)):
            db.session.execute(update(Ticket).where(Ticket.code == code).values(created_at=now - timedelta(hours=age)))
        db.session.commit()
    newest_first = list(reversed(codes))
    first, html = codes_on(citizen)
    assert first == newest_first[:2]
    assert "halaman=2" in html and "halaman=0" not in html
    second, html = codes_on(citizen, "?halaman=2")
    assert second == newest_first[2:4] and "halaman=1" in html and "halaman=3" in html
    third, html = codes_on(citizen, "?halaman=3")
    assert third == newest_first[4:] and "halaman=4" not in html
    beyond, html = codes_on(citizen, "?halaman=9")
    assert beyond == [] and "Anda belum membuat laporan." not in html
    for nonsense in ("abc", "-3", "0", "99999999999999999999"):
        shown, _ = codes_on(citizen, f"?halaman={nonsense}")
        assert shown == (newest_first[:2] if nonsense != "99999999999999999999" else [])
