"""POST requests: an API key is required, attributes are the module's extras, and the ticket is the
same as one made on the web apart from its channel."""

from datetime import date, timedelta

from sqlalchemy import func, select

from suite.channels.models import ApiKey, SecurityEvent
from suite.extensions import db
from suite.ticketing.models import Ticket, TicketEvent
from tests.channels.open311.support import BASE, json_of, make_api_key, post_request, road_request, xml_of
from tests.helpers import citizen_client, gen_citizen, get_ticket, lorong_fields, submit, ticket_code_from
from tests.sensitivity_support import category_sensitivity


def counts(app):
    with app.app_context():
        return (
            db.session.execute(select(func.count(Ticket.id))).scalar_one(),
            db.session.execute(select(func.count(TicketEvent.id))).scalar_one(),
        )


def test_post_without_an_api_key_is_forbidden_and_writes_nothing(app, client):
    response = post_request(client, road_request(None))
    assert response.status_code == 403
    [error] = json_of(response)
    assert error["code"] == 403 and "api_key" in error["description"]
    response = post_request(client, road_request("sk_not-a-key"), fmt="xml")
    assert response.status_code == 403
    root = xml_of(response)
    assert root.tag == "errors" and root.findtext("error/code") == "403"
    assert counts(app) == (0, 0)


def test_a_revoked_key_is_refused_and_the_refusal_logged(app, client):
    from suite.channels.credentials import revoke_api_key

    plain = make_api_key(app)
    with app.app_context():
        revoke_api_key(db.session.execute(select(ApiKey.id)).scalar_one())
        db.session.commit()
    response = post_request(client, road_request(plain))
    assert response.status_code == 403
    assert counts(app) == (0, 0)
    with app.app_context():
        event = db.session.execute(select(SecurityEvent)).scalar_one()
        assert event.kind == "open311_api_key_refused" and plain not in event.detail


def test_post_opens_a_ticket_whose_tracking_code_is_the_request_id_and_token(app, client):
    plain = make_api_key(app)
    response = post_request(client, road_request(plain))
    assert response.status_code == 200, response.get_data(as_text=True)
    [receipt] = json_of(response)
    code = receipt["service_request_id"]
    assert code.startswith("LRG-") and receipt["account_id"] is None
    assert "2 hari" in receipt["service_notice"]  # e-Lorong's published standard
    ticket = get_ticket(app, code)
    assert ticket.channel == "open311" and ticket.citizen_id is None
    assert ticket.reporter == {"name": "Siti Aminah", "email": "siti@example.org"}
    assert ticket.extras == {
        "road_name": "Jl. Raya Tlanakan",
        "damage_type": "pothole",
        "severity": "berat",
        "road_status": "regency",
    }
    assert ticket.desa_code == "35.28.01.2001" and ticket.latitude == -7.1601 and ticket.longitude == 113.4802
    with app.app_context():
        assert db.session.execute(select(ApiKey.last_used_at)).scalar_one() is not None
    assert json_of(client.get(f"{BASE}/tokens/{code}.json")) == [{"service_request_id": code, "token": code}]
    token = xml_of(client.get(f"{BASE}/tokens/{code}.xml"))
    assert token.tag == "service_requests" and token.findtext("request/service_request_id") == code
    assert client.get(f"{BASE}/tokens/LRG-0000-0000.json").status_code == 404


def test_post_answers_in_xml_too(app, client):
    response = post_request(client, road_request(make_api_key(app)), fmt="xml")
    assert response.status_code == 200
    root = xml_of(response)
    assert root.tag == "service_requests"
    code = root.findtext("request/service_request_id")
    assert get_ticket(app, code).channel == "open311"
    assert root.find("request/account_id") is not None and root.findtext("request/account_id") == ""


def test_the_api_key_may_come_in_the_query_string(app, client):
    plain = make_api_key(app)
    response = client.post(f"{BASE}/requests.json?api_key={plain}", data=road_request(None))
    assert response.status_code == 200


def test_invalid_attribute_values_are_refused_naming_the_field_and_nothing_is_written(app, client):
    plain = make_api_key(app)
    response = post_request(
        client, road_request(plain, **{"attribute[severity]": "parah", "attribute[road_name]": None})
    )
    assert response.status_code == 400
    descriptions = [error["description"] for error in json_of(response)]
    assert all(error["code"] == 400 for error in json_of(response))
    assert any(d.startswith("attribute[severity]:") for d in descriptions)
    assert any(d.startswith("attribute[road_name]:") for d in descriptions)
    # A value the definition allows but the module's schema refuses is named the same way.
    response = post_request(client, road_request(plain, **{"attribute[road_name]": "J"}))
    assert response.status_code == 400
    assert json_of(response)[0]["description"].startswith("attribute[road_name]:")
    assert counts(app) == (0, 0)


def test_core_refusals_name_the_standard_parameters_in_english(app, client):
    plain = make_api_key(app)
    cases = [
        ({"description": "Rusak"}, "description:"),
        ({"long": None}, "long:"),
        ({"lat": "-95"}, "lat:"),
        ({"email": "not-an-address"}, "email:"),
        ({"attribute[desa_code]": None, "address_id": "35.28.99.9999"}, "address_id:"),
        ({"service_code": None}, "service_code:"),
    ]
    for overrides, parameter in cases:
        response = post_request(client, road_request(plain, **overrides))
        assert response.status_code == 400, overrides
        assert any(e["description"].startswith(parameter) for e in json_of(response)), json_of(response)
    short = json_of(post_request(client, road_request(plain, description="Rusak")))[0]["description"]
    assert "10" in short and "huruf" not in short  # the core's message, in English
    response = post_request(client, road_request(plain, service_code="babhar.pregnancy_registration"))
    assert response.status_code == 404
    assert counts(app) == (0, 0)


def test_address_id_is_the_desa_code_and_foreign_attributes_are_ignored(app, client):
    plain = make_api_key(app)
    response = post_request(
        client,
        road_request(
            plain,
            **{
                "attribute[desa_code]": None,
                "address_id": "35.28.01.2001",
                "address_string": "Depan balai desa Dabuan",
                "attribute[fixmystreet_id]": "1234",
                "media_url": "https://example.org/photo.jpg",
            },
        ),
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    ticket = get_ticket(app, json_of(response)[0]["service_request_id"])
    assert ticket.desa_code == "35.28.01.2001" and ticket.kecamatan_code == "35.28.01"
    assert "fixmystreet_id" not in ticket.extras
    assert ticket.description.endswith("Lokasi: Depan balai desa Dabuan")


def test_a_health_complaint_takes_a_facility_and_a_datetime_as_its_date(app, client):
    plain = make_api_key(app)
    day = date.today() - timedelta(days=3)
    fields = {
        "api_key": plain,
        "service_code": "sehat.medicine",
        "description": "Obat hipertensi kosong dua kali kontrol berturut-turut.",
        "attribute[facility_code]": "rsud-smart",
        "attribute[visit_date]": f"{day.isoformat()}T09:30:00+07:00",
    }
    # Sensitive by default: no health complaint comes in over Open311 ...
    assert post_request(client, fields).status_code == 404
    # ... unless an admin made the category public.
    with category_sensitivity(app, "sehat", "medicine", False):
        response = post_request(client, fields)
        assert response.status_code == 200, response.get_data(as_text=True)
        ticket = get_ticket(app, json_of(response)[0]["service_request_id"])
        assert ticket.extras == {"facility_code": "rsud-smart", "visit_date": day.isoformat()}
        assert ticket.agency.code == "rsud-smart" and ticket.sensitive is False
        response = post_request(
            client,
            {
                "api_key": plain,
                "service_code": "sehat.medicine",
                "description": "Obat hipertensi kosong dua kali kontrol berturut-turut.",
                "attribute[visit_date]": "kemarin",
            },
        )
        assert response.status_code == 400 and json_of(response)[0]["description"].startswith("attribute[visit_date]:")


def test_a_phone_that_belongs_to_a_citizen_links_the_ticket_to_them(app, client):
    citizen_id, _, _ = gen_citizen(app, phone="081298765432")
    response = post_request(client, road_request(make_api_key(app), phone="0812-9876-5432"))
    assert response.status_code == 200
    ticket = get_ticket(app, json_of(response)[0]["service_request_id"])
    assert ticket.citizen_id == citizen_id and ticket.reporter["phone"] == "0812-9876-5432"


def test_an_open311_ticket_is_a_web_ticket_with_another_channel(app, client):
    web = citizen_client(app)
    web_code = ticket_code_from(submit(web, "lorong", lorong_fields(latitude="-7.1601", longitude="113.4802")))
    response = post_request(client, road_request(make_api_key(app)))
    open311_code = json_of(response)[0]["service_request_id"]
    from_web, from_open311 = get_ticket(app, web_code), get_ticket(app, open311_code)
    same = (
        "module",
        "category",
        "extras",
        "agency_id",
        "desa_code",
        "kecamatan_code",
        "title",
        "description",
        "status",
        "priority",
        "visibility",
        "latitude",
        "longitude",
    )
    assert {name: getattr(from_open311, name) for name in same} == {name: getattr(from_web, name) for name in same}
    assert from_web.channel == "web" and from_open311.channel == "open311"
    assert (from_open311.resolution_due_at - from_open311.created_at) == (
        from_web.resolution_due_at - from_web.created_at
    )
    assert [e.kind for e in from_open311.events] == ["created"]


def test_multivaluelist_attributes_arrive_as_arrays_and_are_checked_against_the_list():
    from werkzeug.datastructures import MultiDict

    from suite.channels.open311.definitions import Attribute, read_attributes
    from suite.channels.open311.schemas import posted_attributes

    posted = posted_attributes(
        MultiDict(
            [
                ("attribute[signs][]", "bleeding"),
                ("attribute[signs][]", "fever"),
                ("attribute[note]", "x"),
                ("description", "y"),
            ]
        )
    )
    assert posted == {"signs": ["bleeding", "fever"], "note": "x"}
    signs = Attribute("signs", "multivaluelist", True, "Signs", values=[("bleeding", "B"), ("fever", "F")])
    assert read_attributes([signs], posted) == ({"signs": ["bleeding", "fever"]}, {})
    assert read_attributes([signs], {"signs": ["fever", "cough"]})[1] == {
        "attribute[signs]": "Not one of the values listed in the service definition."
    }
    assert read_attributes([signs], {})[1] == {"attribute[signs]": "A value is required."}
