"""The command centre (issue 12, item 8): regency-wide supervisors and admins only; overdue,
urgent and last-hour lists; open tickets per module, status and desa; health and confidential
tickets as counts only, in the page, its JSON and its CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from suite.database import utcnow
from tests.helpers import (
    citizen_client,
    get_ticket,
    lorong_fields,
    set_ticket,
    staff_client,
    submit,
    ticket_code_from,
)

SECRET = "Saya positif TBC dan puskesmas menolak memberi obat lanjutan."
FORMULA_TITLE = '=HYPERLINK("http://evil.example/","Lihat")'


def lorong(app, citizen, **fields):
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields(not_duplicate="y")))
    set_ticket(app, code, **fields)
    return code


@pytest.fixture
def world(app, monkeypatch):
    """A: overdue; B: urgent; C: new in the last hour (a formula for a title); D: closed;
    H: an e-Sehat ticket that is overdue, urgent and new; K: a confidential and S a sensitive overdue
    road report."""
    monkeypatch.setitem(app.config, "COMMAND_CENTRE_MAP_CACHE_SECONDS", 0)  # each test its own figures
    citizen = citizen_client(app)
    now = utcnow()
    earlier, later = now - timedelta(hours=3), now + timedelta(days=1)
    common = {"first_response_at": None, "resolution_due_at": later + timedelta(days=10)}
    codes = {
        "A": lorong(
            app,
            citizen,
            created_at=earlier,
            first_response_due_at=now - timedelta(hours=1),
            priority="normal",
            latitude=-7.2001,
            longitude=113.4501,
            **common,
        ),
        "B": lorong(
            app,
            citizen,
            created_at=earlier,
            first_response_due_at=later,
            priority="urgent",
            latitude=-7.2003,
            longitude=113.4503,
            **common,
        ),
        "C": lorong(
            app,
            citizen,
            created_at=now - timedelta(minutes=10),
            first_response_due_at=later,
            priority="normal",
            title=FORMULA_TITLE,
            **common,
        ),
        "D": lorong(
            app,
            citizen,
            created_at=earlier,
            first_response_due_at=now - timedelta(hours=2),
            priority="urgent",
            status="closed",
            **common,
        ),
        "K": lorong(
            app,
            citizen,
            created_at=earlier,
            first_response_due_at=now - timedelta(hours=1),
            priority="normal",
            visibility="confidential",
            latitude=-7.3,
            longitude=113.3,
            title="Rahasia-K jalan",
            **common,
        ),
        "S": lorong(
            app,
            citizen,
            created_at=earlier,
            first_response_due_at=now - timedelta(hours=1),
            priority="normal",
            sensitive=True,
            title="Rahasia-S jalan",
            **common,
        ),
    }
    response = submit(
        citizen_client(app),
        "sehat",
        {"category": "medicine", "facility_code": "pkm-tlanakan", "description": SECRET, "desa_code": "35.28.01.2001"},
    )
    codes["H"] = ticket_code_from(response)
    set_ticket(
        app,
        codes["H"],
        first_response_due_at=now - timedelta(hours=1),
        priority="urgent",
        title="Rahasia-H kesehatan",
        first_response_at=None,
        created_at=now - timedelta(minutes=5),
    )
    return codes


def codes_of(listing) -> set[str]:
    return {row["code"] for row in listing["tickets"]}


def test_only_regency_wide_supervisors_and_admins_open_the_command_centre(app, world):
    road_agency = get_ticket(app, world["A"]).agency.code
    for client in (
        staff_client(app, road_agency),
        staff_client(app, road_agency, "supervisor"),
        staff_client(app, "dinkes", "supervisor"),
        staff_client(app, road_agency, "admin"),
        staff_client(app, None, "officer"),
    ):
        for url in ("/petugas/pusat-kendali", "/petugas/pusat-kendali.json", "/petugas/pusat-kendali.csv"):
            assert client.get(url).status_code == 403, url
    for role in ("supervisor", "admin"):
        client = staff_client(app, None, role)
        assert client.get("/petugas/pusat-kendali").status_code == 200
        assert client.get("/petugas/pusat-kendali.json").status_code == 200
    assert app.test_client().get("/petugas/pusat-kendali").status_code == 302  # to the sign-in page


def test_the_lists_hold_the_overdue_urgent_and_new_tickets(app, world):
    board = staff_client(app, None, "supervisor").get("/petugas/pusat-kendali.json").get_json()
    lists = board["lists"]
    assert codes_of(lists["overdue"]) == {world["A"]}
    assert codes_of(lists["urgent"]) == {world["B"]}
    assert codes_of(lists["new"]) == {world["C"]}
    assert (lists["overdue"]["count"], lists["urgent"]["count"], lists["new"]["count"]) == (1, 1, 1)
    # The health ticket in all three, the confidential and the sensitive one overdue: counted, not listed.
    assert (lists["overdue"]["hidden"], lists["urgent"]["hidden"], lists["new"]["hidden"]) == (3, 1, 1)


def test_the_json_has_the_documented_shape(app, world):
    board = staff_client(app, None, "admin").get("/petugas/pusat-kendali.json").get_json()
    assert set(board) == {"generated_at", "generated_label", "count_cap", "lists", "modules", "desa"}
    assert set(board["lists"]) == {"overdue", "urgent", "new"}
    row = board["lists"]["overdue"]["tickets"][0]
    assert {"code", "title", "module", "status_label", "due", "kecamatan", "desa", "url", "overdue"} <= set(row)
    assert row["overdue"] is True and row["url"] == f"/petugas/tiket/{world['A']}"
    modules = {m["code"]: m for m in board["modules"]}
    # Counts per module and status include what is not shown: five open road reports, one health.
    assert modules["lorong"]["open"] == 5 and modules["sehat"]["open"] == 1
    assert sum(modules["lorong"]["statuses"].values()) == 5


def test_the_desa_map_shows_open_reports_at_the_mean_of_published_points(app, world):
    board = staff_client(app, None, "supervisor").get("/petugas/pusat-kendali.json").get_json()
    desa = {row["desa_code"]: row for row in board["desa"]}
    # A, B and C are open in the desa; the health, confidential and sensitive tickets are not counted here.
    assert list(desa) == ["35.28.01.2001"]
    assert desa["35.28.01.2001"]["open"] == 3
    assert desa["35.28.01.2001"]["point"] == [-7.2, 113.45]  # mean of A and B, rounded as a public point
    page = staff_client(app, None, "supervisor").get("/petugas/pusat-kendali").get_data(as_text=True)
    assert 'data-point="-7.2,113.45"' in page and 'id="cc-map"' in page


def test_health_and_confidential_tickets_appear_as_counts_only(app, world):
    client = staff_client(app, None, "supervisor")
    page = client.get("/petugas/pusat-kendali").get_data(as_text=True)
    json_text = client.get("/petugas/pusat-kendali.json").get_data(as_text=True)
    exports = "".join(
        client.get(f"/petugas/pusat-kendali.csv?daftar={n}").get_data(as_text=True)
        for n in ("overdue", "urgent", "new")
    )
    for output in (page, json_text, exports):
        for secret in (world["H"], world["K"], world["S"], "Rahasia-H", "Rahasia-K", "Rahasia-S", "-7.3", "113.3"):
            assert secret not in output
    assert world["A"] in page and world["A"] in json_text and world["A"] in exports


def test_the_lists_export_to_csv_with_formulas_neutralised(app, world):
    response = staff_client(app, None, "supervisor").get("/petugas/pusat-kendali.csv?daftar=new")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:2] == ["code", "title"]
    assert rows[1][0] == world["C"] and rows[1][1] == "'" + FORMULA_TITLE
    assert rows[-1][1] == "1"  # the health ticket: one line with its count
    assert staff_client(app, None, "supervisor").get("/petugas/pusat-kendali.csv?daftar=semua").status_code == 404


def test_the_page_refreshes_without_javascript_and_loads_its_script(app, world):
    page = staff_client(app, None, "supervisor").get("/petugas/pusat-kendali").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh"' in page
    assert "command-centre.js" in page and 'data-source="/petugas/pusat-kendali.json"' in page
    assert "<script>" not in page  # no inline script (CSP)


def test_the_desa_figures_are_kept_a_short_while(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "COMMAND_CENTRE_MAP_CACHE_SECONDS", 60)
    client = staff_client(app, None, "supervisor")
    before = client.get("/petugas/pusat-kendali.json").get_json()["desa"]
    set_ticket(app, world["A"], status="closed")
    cached = client.get("/petugas/pusat-kendali.json").get_json()
    assert cached["desa"] == before and world["A"] not in codes_of(cached["lists"]["overdue"])  # lists are live
    monkeypatch.setitem(app.config, "COMMAND_CENTRE_MAP_CACHE_SECONDS", 0)
    assert client.get("/petugas/pusat-kendali.json").get_json()["desa"][0]["open"] == 2


def test_the_migration_builds_the_partial_indexes_on_the_models_predicates():
    """The queries name the predicates from suite.ticketing.models; the indexes the migration built
    must carry the very same text, or no database uses them."""
    from pathlib import Path

    from suite.ticketing.models import CONFIDENTIAL_SQL, OPEN_SQL, SENSITIVE_SQL

    migration = Path(__file__).parent.parent / "migrations/versions/i12cmd01_command_centre_indexes.py"
    text = migration.read_text()
    for predicate in (OPEN_SQL, SENSITIVE_SQL, CONFIDENTIAL_SQL):
        assert f'"{predicate}"' in text, predicate
