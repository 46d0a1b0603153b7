"""Issue 13: module states and categories are kept between requests in each process, and a change
made anywhere (another worker's admin page, raw SQL) reaches every process at its next request."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import text

from suite.extensions import db
from tests.category_support import restored_categories  # noqa: F401  (fixture)
from tests.channels.test_closed_modules import close, set_module
from tests.helpers import API_ROAD_REPORT as ROAD
from tests.helpers import partner_key, staff_client
from tests.test_rate_limits import app_like


def _create(client, headers):
    return client.post("/api/v1/tickets", json=ROAD, headers={**headers, "Idempotency-Key": str(uuid.uuid4())})


def test_a_module_closed_on_one_worker_is_refused_by_another_at_its_next_request(app):
    _, headers = partner_key(app)
    other = app_like(app).test_client()  # a second worker on the same database
    assert _create(other, headers).status_code == 201  # its module states are now cached

    admin = close(app, "lorong")
    refused = _create(other, headers)
    assert refused.status_code == 503 and refused.json["errors"]["reason"] == "service_closed"

    assert set_module(admin, "lorong", "open").status_code == 302
    assert _create(other, headers).status_code == 201


def test_a_category_switched_off_by_any_writer_is_refused_by_every_worker(app, restored_categories):  # noqa: F811
    _, headers = partner_key(app)
    other = app_like(app).test_client()
    assert _create(other, headers).status_code == 201  # categories cached in the other worker

    with app.app_context():  # not through the app's code at all: the triggers see raw SQL too
        db.session.execute(
            text("UPDATE service_categories SET active = false WHERE module = 'lorong' AND code = 'jalan'")
        )
        db.session.commit()
    refused = _create(other, headers)
    assert refused.status_code == 422, refused.json

    with app.app_context():
        db.session.execute(
            text("UPDATE service_categories SET active = true WHERE module = 'lorong' AND code = 'jalan'")
        )
        db.session.commit()
    assert _create(other, headers).status_code == 201


def test_an_admin_sees_a_change_in_the_same_request_that_made_it(app):
    admin = staff_client(app, None, role="admin")
    assert set_module(admin, "lorong", "close", "Perbaikan.").status_code == 302
    page = admin.get("/admin/layanan").get_data(as_text=True)
    assert "Ditutup" in page and "Perbaikan." in page
    assert set_module(admin, "lorong", "open").status_code == 302
    assert "Ditutup" not in admin.get("/admin/layanan").get_data(as_text=True)


def test_a_changed_sla_target_sets_the_next_ticket_s_deadlines_on_every_worker(app, restored_categories):  # noqa: F811
    _, headers = partner_key(app)
    other = app_like(app).test_client()
    first = _create(other, headers)  # targets cached in the other worker
    with app.app_context():
        db.session.execute(text("UPDATE sla_targets SET first_response_minutes = first_response_minutes + 600"))
        db.session.commit()

    second = _create(other, headers)

    assert first.status_code == second.status_code == 201
    later = datetime.fromisoformat(second.json["first_response_due_at"])
    assert later - datetime.fromisoformat(first.json["first_response_due_at"]) > timedelta(hours=5)
