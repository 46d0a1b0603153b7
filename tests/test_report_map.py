"""e-Lorong on a map (issue 11, items 1 to 3): the point must lie inside the regency on every
channel, a report may carry up to 3 photos, the photo's GPS places it with the stored file clean,
and open reports nearby can be supported instead of filed again."""

from __future__ import annotations

import io
import math

from sqlalchemy import select

from suite.extensions import db
from suite.notify.models import Notification
from suite.ticketing.models import Follower, Ticket
from tests.channels.open311.support import json_of, make_api_key, post_request, road_request
from tests.helpers import (
    PASSWORD,
    citizen_client,
    citizen_post,
    count,
    gen_citizen,
    get_ticket,
    lorong_fields,
    rows,
    set_ticket,
    staff_client,
    staff_post,
    submit,
    ticket_code_from,
)
from tests.test_photo_privacy import assert_clean, attachments_of, photo_with_gps, stored_bytes

PLACE = (-7.1601, 113.4802)  # Tlanakan, near Pamekasan town
PUBLISHED = (-7.16, 113.48)  # PLACE as the public sees it (3 decimals): distances are measured to it
SUMENEP = (-7.0100, 113.8600)  # the next regency east
SAMPANG = (-7.1900, 113.2400)  # the next regency west
OUTSIDE_MESSAGE = "di luar wilayah Kabupaten Pamekasan"


def north_of(point: tuple[float, float], metres: float) -> tuple[float, float]:
    """The point ``metres`` due north (a meridian arc: exact on the haversine sphere)."""
    return point[0] + math.degrees(metres / 6_371_000), point[1]


def road_report(client, point=PLACE, **overrides):
    fields = lorong_fields(latitude=str(point[0]), longitude=str(point[1]), **overrides)
    return submit(client, "lorong", fields)


# -- item 1: the regency's boundary ----------------------------------------------------------------


def test_a_web_report_outside_the_regency_is_refused_with_the_form_kept(app):
    citizen = citizen_client(app)

    response = road_report(citizen, SUMENEP, description="Lubang di jalan dekat pasar, tolong segera ditambal.")

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert OUTSIDE_MESSAGE in page and "Lubang di jalan dekat pasar" in page
    assert count(app, Ticket) == 0
    assert road_report(citizen).status_code == 302  # inside: accepted


def test_the_api_and_open311_refuse_a_point_outside_too(app, client):
    _, nik, _ = gen_citizen(app)
    token = client.post("/api/v1/auth/token", json={"identifier": nik, "password": PASSWORD}).json["token"]
    answer = client.post(
        "/api/v1/tickets",
        headers={"Authorization": f"Bearer {token}"},
        json={
            "module": "lorong",
            "category": "jalan",
            "description": "Jembatan retak di perbatasan desa, mohon dicek.",
            "desa_code": "35.28.01.2001",
            "latitude": SAMPANG[0],
            "longitude": SAMPANG[1],
            "extras": {"road_name": "Jl. Raya Camplong", "damage_type": "pothole", "severity": "berat"},
        },
    )
    assert answer.status_code == 422, answer.get_data(as_text=True)
    assert OUTSIDE_MESSAGE in str(answer.json)

    key = make_api_key(app)
    refused = post_request(client, road_request(key, lat=str(SUMENEP[0]), long=str(SUMENEP[1])))
    assert refused.status_code == 400, refused.get_data(as_text=True)
    # Open311 answers machine clients per parameter (in English once the catalogue has the message).
    assert any(e["description"].startswith("lat: ") and "Pamekasan" in e["description"] for e in json_of(refused))
    assert count(app, Ticket) == 0


def test_the_regency_outline_contains_its_towns_and_not_its_neighbours(app):
    from suite.reference import boundary

    inside = {
        "Pamekasan (town)": (-7.1568, 113.4746),
        "Pasean (north coast)": (-6.8920, 113.5800),
        "Waru": (-6.9650, 113.5600),
        "Palengaan": (-7.0700, 113.4600),
        "Larangan": (-7.1300, 113.6000),
        "Tlanakan": (-7.1900, 113.4200),
        # Places near the edges, inside the regency by GADM 4.1's outline (used to measure the shipped
        # one, not shipped): the first hand trace refused reports from all four.
        "Pademawu (south coast)": (-7.2174, 113.5217),
        "Tlanakan (south coast)": (-7.2475, 113.5059),
        "Proppo (west border)": (-7.1258, 113.3726),
        "Batumarmar (north-east)": (-6.9241, 113.6408),
    }
    outside = {
        "Sampang (town)": SAMPANG,
        "Sumenep (town)": SUMENEP,
        "Surabaya": (-7.2575, 112.7521),
        "Madura Strait": (-7.3000, 113.4800),
        "Java Sea": (-6.7500, 113.5000),
    }
    assert {name for name, point in inside.items() if not boundary.contains(*point)} == set()
    assert {name for name, point in outside.items() if boundary.contains(*point)} == set()
    (south, west), (north, east) = boundary.bounds()
    assert south < -7.15 < north and west < 113.47 < east


def test_the_intake_page_carries_the_map_settings_and_no_inline_script(app):
    citizen = citizen_client(app)

    page = citizen.get("/layanan/lorong/lapor").get_data(as_text=True)

    assert 'id="report-map"' in page and "report-map.js" in page and "exifr-7.1.3/mini.umd.js" in page
    assert 'data-nearby-url="/layanan/lorong/sekitar"' in page and 'data-max-photos="3"' in page
    assert "data-outline=" in page and "data-bounds=" in page
    assert "Gunakan lokasi saya" in page and "Nama jalan atau patokan" in page  # no-JS path: desa + landmark
    assert "<script>" not in page and "onclick" not in page


# -- items 1 and 2: the photo places the report, the stored photo is clean ------------------------


def test_a_report_placed_by_photo_gps_has_the_point_and_a_stored_file_free_of_exif(app):
    citizen = citizen_client(app)

    response = submit(
        citizen,
        "lorong",
        lorong_fields(use_photo_location="y"),
        files=[(io.BytesIO(photo_with_gps()), "lubang.jpg")],
    )

    code = ticket_code_from(response)
    ticket = get_ticket(app, code)
    assert (round(ticket.latitude, 4), round(ticket.longitude, 4)) == (-7.16, 113.48)
    [attachment] = attachments_of(app, code)
    assert_clean(stored_bytes(app, attachment))


# -- item 3: up to 3 photos --------------------------------------------------------------------------


def test_a_fourth_photo_is_refused_clearly_and_nothing_typed_is_lost(app):
    citizen = citizen_client(app)
    photos = [(io.BytesIO(photo_with_gps((200, 100))), f"foto{n}.jpg") for n in range(4)]

    response = submit(citizen, "lorong", lorong_fields(description="Empat foto jalan amblas di depan masjid."), photos)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Paling banyak 3 foto untuk satu laporan." in page
    assert "Empat foto jalan amblas di depan masjid." in page and "Jl. Raya Tlanakan" in page
    assert count(app, Ticket) == 0

    three = [(io.BytesIO(photo_with_gps((200, 100))), f"foto{n}.jpg") for n in range(3)]
    assert len(attachments_of(app, ticket_code_from(submit(citizen, "lorong", lorong_fields(), three)))) == 3


# -- item 3 of the issue: nearby reports and support -----------------------------------------------


def nearby(client, point, category="jalan"):
    response = client.get(f"/layanan/lorong/sekitar?lat={point[0]}&lon={point[1]}&kategori={category}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_an_open_report_99_m_away_is_offered_and_one_101_m_away_is_not(app):
    code = ticket_code_from(road_report(citizen_client(app)))
    neighbour = citizen_client(app)

    # 99 m from the published point is 112 m from the exact pin: the answer depends only on what
    # the public map shows, so no series of questions can narrow a report down to its exact spot.
    near = nearby(neighbour, north_of(PUBLISHED, 99))
    far = nearby(neighbour, north_of(PUBLISHED, 101))

    assert [r["code"] for r in near["reports"]] == [code] and near["radius_metres"] == 100
    assert far["reports"] == []
    [report] = near["reports"]
    assert report["point"] == [-7.16, 113.48]  # rounded for the public, never the exact pin
    assert report["supporters"] == 0 and report["support_url"] == f"/lacak/{code}/dukung"
    assert nearby(neighbour, north_of(PUBLISHED, 99), category="drainase")["reports"] == []  # another kind


def test_the_radius_is_a_setting(app):
    code = ticket_code_from(road_report(citizen_client(app)))
    neighbour = citizen_client(app)
    app.config["NEARBY_RADIUS_METRES"] = 250
    try:
        assert [r["code"] for r in nearby(neighbour, north_of(PLACE, 200))["reports"]] == [code]
    finally:
        app.config["NEARBY_RADIUS_METRES"] = 100
    assert nearby(neighbour, north_of(PLACE, 200))["reports"] == []


def test_confidential_anonymous_closed_and_health_reports_are_never_listed(app):
    reporter = citizen_client(app)
    confidential = ticket_code_from(road_report(reporter, confidential="y"))
    anonymous = ticket_code_from(
        road_report(reporter, anonymous="y", not_duplicate="y", description="Lampu jalan mati di gang kedua.")
    )
    closed = ticket_code_from(
        road_report(reporter, not_duplicate="y", description="Lubang lama di depan sekolah dasar negeri.")
    )
    set_ticket(app, closed, status="closed")

    listed = nearby(citizen_client(app), PLACE)

    assert {r["code"] for r in listed["reports"]}.isdisjoint({confidential, anonymous, closed})
    assert listed["reports"] == []


def test_bad_coordinates_are_a_clear_422_and_strangers_are_sent_to_sign_in(app, client):
    citizen = citizen_client(app)
    assert citizen.get("/layanan/lorong/sekitar?lat=abc&lon=113.4").status_code == 422
    assert citizen.get("/layanan/lorong/sekitar?lat=nan&lon=113.4").status_code == 422
    assert citizen.get("/layanan/lorong/sekitar").status_code == 422
    assert client.get(f"/layanan/lorong/sekitar?lat={PLACE[0]}&lon={PLACE[1]}").status_code == 302


def test_support_counts_once_follows_the_ticket_and_is_shown_to_the_public_and_staff(app):
    code = ticket_code_from(road_report(citizen_client(app)))
    supporter = citizen_client(app)

    first = citizen_post(supporter, f"/lacak/{code}/dukung", {}, token_from=f"/lacak/{code}")
    second = citizen_post(supporter, f"/lacak/{code}/dukung", {}, token_from=f"/lacak/{code}")

    assert first.status_code == second.status_code == 302
    assert "Anda sudah mendukung" in supporter.get(second.headers["Location"]).get_data(as_text=True)
    assert nearby(supporter, PLACE)["reports"][0]["supporters"] == 1
    with app.app_context():
        ticket_id = db.session.execute(select(Ticket.id).where(Ticket.code == code)).scalar_one()
        [follower] = db.session.execute(select(Follower).where(Follower.ticket_id == ticket_id)).scalars().all()
        assert follower.citizen_id == supporter.citizen_id and follower.supported
    assert code in supporter.get("/laporan-saya").get_data(as_text=True)  # followed, like any follower

    status_page = supporter.get(f"/lacak/{code}").get_data(as_text=True)
    assert "Pendukung" in status_page and "<dd>1</dd>" in status_page
    officer = staff_client(app, "pupr")
    assert "1 warga" in officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)

    # A supporter hears of the decisions on the report, as followers do.
    staff_post(officer, code, "status", {"status": "verified", "note": ""})
    notes = rows(app, Notification, Notification.recipient_id == supporter.citizen_id)
    assert any(n.kind == "status_changed" and code in n.body for n in notes if n.recipient_type == "citizen")


def test_the_reporter_cannot_support_their_own_report_nor_anyone_a_confidential_one(app):
    reporter = citizen_client(app)
    code = ticket_code_from(road_report(reporter))
    secret = ticket_code_from(
        road_report(reporter, confidential="y", not_duplicate="y", description="Saluran tersumbat di belakang pasar.")
    )

    own = citizen_post(reporter, f"/lacak/{code}/dukung", {}, token_from=f"/lacak/{code}")
    assert "laporan Anda sendiri" in reporter.get(own.headers["Location"]).get_data(as_text=True)
    stranger = citizen_client(app)
    hidden = citizen_post(stranger, f"/lacak/{secret}/dukung", {}, token_from="/lacak")
    assert hidden.status_code == 302 and hidden.headers["Location"].endswith("/lacak")
    assert count(app, Follower) == 0


def test_the_duplicate_warning_without_javascript_offers_support(app):
    code = ticket_code_from(road_report(citizen_client(app)))
    neighbour = citizen_client(app)

    warned = road_report(neighbour, north_of(PLACE, 50), description="Jalan berlubang dalam dekat balai desa.")

    page = warned.get_data(as_text=True)
    assert "Laporan serupa yang sedang ditangani" in page and code in page
    assert f'action="/lacak/{code}/dukung"' in page and "Dukung laporan ini" in page


def test_the_nearby_answers_are_rate_limited_per_citizen(app):
    # Each answer tells whether a report lies within the radius of a point: unbounded, many would
    # narrow a report down to its exact, unpublished point.
    citizen, other = citizen_client(app), citizen_client(app)
    url = f"/layanan/lorong/sekitar?lat={PLACE[0]}&lon={PLACE[1]}"
    app.config["NEARBY_RATE_LIMIT"] = "2 per minute"
    try:
        assert [citizen.get(url).status_code for _ in range(3)] == [200, 200, 429]
        assert other.get(url).status_code == 200
    finally:
        app.config["NEARBY_RATE_LIMIT"] = "10000 per minute"


def test_the_duplicate_warning_never_locates_an_anonymous_report_by_its_point(app):
    # A refused form costs nothing, so the warning must not answer "is there a report within 100 m of
    # here?" about a point the public never sees. Another desa: only the point could match.
    reporter, neighbour = citizen_client(app), citizen_client(app)
    anonymous = ticket_code_from(road_report(reporter, anonymous="y"))
    public = ticket_code_from(
        road_report(reporter, north_of(PLACE, 20), not_duplicate="y", description="Aspal mengelupas di tikungan.")
    )

    warned = road_report(neighbour, north_of(PLACE, 40), desa_code="35.28.03.2001", description="Jalan rusak parah.")

    page = warned.get_data(as_text=True)
    assert public in page and anonymous not in page
