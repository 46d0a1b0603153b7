"""Open311 GET requests answers a list in a fixed number of statements, however many requests it
holds (issue 13: two look-ups of the service standard per request made a thousand-request answer
take 3-10 s at a million tickets)."""

from sqlalchemy import event

from suite.extensions import db
from tests.helpers import citizen_client, lorong_fields, submit, ticket_code_from


def statements_for(app, client, url: str) -> tuple[list[dict], int]:
    count = 0

    def record(*_args):
        nonlocal count
        count += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200
    return response.get_json(), count


def test_the_request_list_costs_the_same_statements_for_two_requests_or_six(app, client):
    citizen = citizen_client(app)

    def file(n: int) -> str:
        fields = lorong_fields(not_duplicate="y", description=f"Jalan berlubang ruas {n} perlu segera ditambal.")
        return ticket_code_from(submit(citizen, "lorong", fields))

    codes = [file(n) for n in range(2)]
    listed, few = statements_for(app, client, "/open311/v2/requests.json")
    assert {entry["service_request_id"] for entry in listed} == set(codes)
    codes += [file(n) for n in range(2, 6)]
    listed, many = statements_for(app, client, "/open311/v2/requests.json")
    assert {entry["service_request_id"] for entry in listed} == set(codes)
    assert len({entry["service_notice"] for entry in listed}) == 1  # the module's standard, on each
    assert many == few
