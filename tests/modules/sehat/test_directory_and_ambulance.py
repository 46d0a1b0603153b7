from sqlalchemy import select

from suite.extensions import db
from suite.notify.models import Notification
from tests.helpers import citizen_client, get_ticket, staff_client, submit, ticket_code_from


def test_facility_directory_lists_puskesmas_and_hospital_with_kecamatan(client):
    page = client.get("/layanan/sehat/fasilitas").get_data(as_text=True)
    assert page.count('<tr><th scope="row">Puskesmas') == 20
    assert "RSUD dr. H. Slamet Martodirdjo" in page and "Waru" in page


def test_ambulance_request_is_urgent_and_pages_the_call_centre(app):
    operator = staff_client(app, "command-center")
    citizen = citizen_client(app)
    code = ticket_code_from(
        submit(
            citizen,
            "sehat",
            {
                "category": "ambulance",
                "facility_code": "rsud-smart",
                "description": "Ibu saya sesak napas, mohon ambulans.",
                "desa_code": "35.28.01.2001",
            },
        )
    )
    ticket = get_ticket(app, code)
    assert ticket.priority == "urgent"
    assert ticket.first_response_due_at - ticket.created_at <= __import__("datetime").timedelta(minutes=15)
    with app.app_context():
        [note] = db.session.execute(select(Notification).where(Notification.kind == "ambulance")).scalars().all()
    assert note.recipient_id == operator.staff_id and code in note.body and "Dabuan" in note.body
