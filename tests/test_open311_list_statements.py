"""Open311 GET requests answers a list in a fixed number of statements, however many requests it
holds (issue 13: two look-ups of the service standard per request made a thousand-request answer
take 3-10 s at a million tickets)."""

from tests.helpers import citizen_client, lorong_fields, recorded_statements, submit, ticket_code_from


def statements_for(app, client, url: str) -> tuple[list[dict], int]:
    with recorded_statements(app) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return response.get_json(), len(statements)


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


def test_each_request_of_a_list_reads_as_when_asked_for_alone(app, client):
    """Labels, addresses and who is responsible are worked out once per answer and shared by the
    requests alike: each entry must still be its own ticket's."""
    from tests.helpers import set_ticket

    citizen = citizen_client(app)
    codes = [
        ticket_code_from(submit(citizen, "lorong", lorong_fields(not_duplicate="y", category=category, desa_code=desa)))
        for category, desa in (("jalan", "35.28.01.2001"), ("penerangan", "35.28.01.2002"), ("jalan", "35.28.01.2002"))
    ]
    set_ticket(app, codes[2], status="referred", referred_to="bbpjn_jatim_bali")
    listed, _ = statements_for(app, client, "/open311/v2/requests.json")
    by_code = {entry["service_request_id"]: entry for entry in listed}
    assert set(by_code) == set(codes)
    for code in codes:
        [alone] = client.get(f"/open311/v2/requests/{code}.json").get_json()
        assert by_code[code] == alone
    names = {by_code[code]["service_name"] for code in codes}
    responsible = {by_code[code]["agency_responsible"] for code in codes}
    addresses = {by_code[code]["address"] for code in codes}
    assert len(names) == 2 and len(responsible) == 3 and len(addresses) == 2
