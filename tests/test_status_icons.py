"""Issue 14, item 3: a ticket's state and its response-time tag are shown by words and an icon as
well as colour, on every page that shows them (public status page, the citizen's pages, the staff
ticket page and queue)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from suite.database import utcnow
from suite.registry import get_module
from suite.ticketing import repair
from suite.ticketing.lifecycle import OPEN_STATES, STATUS_LABELS
from tests.helpers import citizen_client, gen_staff, login_staff, lorong_fields, set_ticket, submit, ticket_code_from

BADGE = re.compile(r'<span class="status-badge status-(?P<status>[a-z_]+)">(?P<inner>.*?)</span>', re.S)
ICON = re.compile(r'^<svg class="icon"[^>]* aria-hidden="true"[^>]*>.*?</svg>\s*(?P<words>.+)$', re.S)
TAG = re.compile(r'<(?:span|strong) class="tag (?P<kind>good|urgent|warn)">(?P<inner>.*?)</(?:span|strong)>', re.S)


def badges(page: str) -> list[tuple[str, str]]:
    """Every status badge on the page as (status, words); fails if one lacks its hidden icon."""
    found = []
    for match in BADGE.finditer(page):
        icon = ICON.match(match.group("inner"))
        assert icon, f"a status badge without its icon: {match.group(0)}"
        found.append((match.group("status"), html.unescape(icon.group("words")).strip()))
    return found


def words_for(app, status: str) -> str:
    with app.test_request_context():
        return repair.status_name(status, get_module("lorong"))


@pytest.fixture
def world(app):
    citizen = citizen_client(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    staff = app.test_client()
    login_staff(staff, gen_staff(app, "pupr", "supervisor")[1])
    return citizen, staff, code


@pytest.mark.parametrize("status", sorted(STATUS_LABELS))
def test_every_status_shows_its_icon_next_to_its_words(app, world, status):
    citizen, staff, code = world
    set_ticket(app, code, status=status)
    words = words_for(app, status)
    assert words
    pages = {
        "public status page": app.test_client().get(f"/lacak/{code}"),
        "my ticket": citizen.get(f"/laporan-saya/{code}"),
        "my tickets": citizen.get("/laporan-saya"),
        "staff ticket": staff.get(f"/petugas/tiket/{code}"),
    }
    if status in OPEN_STATES:
        pages["staff queue"] = staff.get("/petugas/")
    for name, response in pages.items():
        assert response.status_code == 200, name
        shown = badges(response.get_data(as_text=True))
        assert any(s == status and words in w for s, w in shown), f"{name}: {shown}"


def test_the_response_time_tags_carry_an_icon_as_well_as_colour(app, world):
    citizen, staff, code = world
    late = utcnow() - timedelta(days=30)
    set_ticket(app, code, created_at=late, first_response_due_at=late + timedelta(hours=1))
    for response in (staff.get("/petugas/"), staff.get(f"/petugas/tiket/{code}"), citizen.get(f"/laporan-saya/{code}")):
        page = response.get_data(as_text=True)
        tags = [m for m in TAG.finditer(page) if m.group("kind") == "urgent"]
        assert tags, page
        for match in tags:
            icon = ICON.match(match.group("inner"))
            assert icon and icon.group("words").strip(), match.group(0)
