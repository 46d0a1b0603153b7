"""Before submitting, a citizen is warned of likely duplicates and may follow one instead."""

from tests.conftest import csrf_token
from tests.helpers import citizen_client, lorong_fields, submit, ticket_code_from


def test_same_category_in_the_same_desa_is_flagged_before_submitting(app):
    first = ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields()))
    neighbour = citizen_client(app, sex="M")
    response = submit(neighbour, "lorong", lorong_fields(description="Jalan depan balai desa berlubang dalam."))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and first in page and "Laporan serupa" in page
    assert 'value="Jl. Raya Tlanakan"' in page  # what was typed is kept
    confirmed = submit(
        neighbour, "lorong", lorong_fields(description="Jalan depan balai desa berlubang dalam.", not_duplicate="y")
    )
    assert confirmed.status_code == 302


def test_a_point_within_100_metres_is_flagged_and_one_further_is_not(app):
    point = {"latitude": "-7.160000", "longitude": "113.480000", "desa_code": "35.28.04.1001"}
    first = ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields(**point)))
    other = citizen_client(app, sex="M")
    near = submit(
        other,
        "lorong",
        lorong_fields(
            latitude="-7.160600", longitude="113.480000", desa_code="35.28.01.2002", description="Lubang di jalan raya."
        ),
    )
    assert near.status_code == 200 and first in near.get_data(as_text=True)  # about 67 m away
    far = submit(
        other,
        "lorong",
        lorong_fields(
            latitude="-7.162000", longitude="113.480000", desa_code="35.28.01.2002", description="Lubang di jalan raya."
        ),
    )
    assert far.status_code == 302  # about 220 m away, another desa


def test_citizen_can_follow_the_existing_report_instead(app):
    first = ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields()))
    neighbour = citizen_client(app, sex="M")
    token = csrf_token(neighbour, "/layanan/lorong/lapor")
    response = neighbour.post(f"/lacak/{first}/ikuti", data={"csrf_token": token})
    assert response.status_code == 302
    assert first in neighbour.get("/laporan-saya").get_data(as_text=True)


def test_confidential_reports_are_never_shown_as_possible_duplicates(app):
    submit(citizen_client(app), "lorong", lorong_fields(confidential="y"))
    response = submit(citizen_client(app, sex="M"), "lorong", lorong_fields(description="Jalan berlubang lagi."))
    assert response.status_code == 302
