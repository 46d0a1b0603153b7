"""Staff statistics (issue 12, item 10) against a hand-computed fixture, with the queue's filters,
and the CSV exports of the statistics and of the queue."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

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

MARCH = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
PERIOD = "dari=2026-03&sampai=2026-04"
FORMULA_TITLE = "=1+2 jalan rusak"
OTHER_KECAMATAN = "35.28.02"


def make(app, citizen, created: datetime, **fields):
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields(not_duplicate="y")))
    values: dict = {"created_at": created, "first_response_due_at": created + timedelta(days=2), "updated_at": utcnow()}
    for name, value in fields.items():
        values[name] = created + timedelta(minutes=value) if name.endswith("_at") else value
    set_ticket(app, code, **values)
    return code


@pytest.fixture
def fixture(app, runner):
    """March 2026 (WIB): five road reports, one in another kecamatan; a health ticket; April: one."""
    citizen = citizen_client(app)
    codes = [
        make(app, citizen, MARCH, first_response_at=5, resolved_at=120, status="resolved"),  # 5 min, in target
        make(app, citizen, MARCH + timedelta(days=1), first_response_at=3 * 24 * 60),  # 3 days: late
        make(app, citizen, MARCH + timedelta(days=2), status="awaiting_budget", first_response_at=90),
        make(app, citizen, MARCH + timedelta(days=3), status="rejected", title=FORMULA_TITLE),  # never answered
        make(app, citizen, MARCH + timedelta(days=4), kecamatan_code=OTHER_KECAMATAN, first_response_at=30),
        make(app, citizen, datetime(2026, 4, 2, 3, 0, tzinfo=UTC), first_response_at=20, priority="urgent"),
    ]
    health = ticket_code_from(
        submit(citizen, "sehat", {"category": "bpjs_card", "description": "Kartu BPJS saya tidak aktif padahal PBI."})
    )
    set_ticket(app, health, created_at=MARCH, updated_at=utcnow(), title="Rahasia-H kesehatan")
    result = runner.invoke(args=["stats-refresh", "--full"])
    assert result.exit_code == 0, result.output
    return {"codes": codes, "health": health, "agency": get_ticket(app, codes[0]).agency.code}


def table(client, query: str) -> dict:
    response = client.get(f"/petugas/statistik.csv?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header = rows[0]
    out: dict = {}
    for row in rows[1:]:
        out[(row[0], row[1])] = dict(zip(header, row, strict=False))
    return out


def test_the_figures_match_the_hand_computed_fixture(app, fixture):
    officer = staff_client(app, fixture["agency"])
    t = table(officer, "dari=2026-03&sampai=2026-03")
    total = t[("total", "")]
    assert (total["received"], total["answered"], total["answered_in_target"]) == ("5", "4", "3")
    assert float(total["target_share"]) == 0.6
    # Open: the late one and the other kecamatan's (in progress), and the budget one; finished: resolved and rejected.
    status = {key: int(row["count"]) for (kind, key), row in t.items() if kind == "status"}
    assert status == {"open": 2, "awaiting_budget": 1, "finished": 1, "closed_unanswered": 1}
    spread = {key: int(row["count"]) for (kind, key), row in t.items() if kind == "response_time"}
    # 5 min; 30 min; 90 min; 3 days; one never answered
    assert spread == {"le_10m": 1, "le_1h": 1, "le_1d": 1, "le_2d": 0, "le_7d": 1, "over_7d": 0, "unanswered": 1}
    assert t[("category", "lorong.jalan")]["count"] == "5"
    kecamatan = {key: int(row["count"]) for (kind, key), row in t.items() if kind == "kecamatan"}
    assert kecamatan[OTHER_KECAMATAN] == 1 and sum(kecamatan.values()) == 5
    months = table(officer, PERIOD)
    assert months[("month", "2026-03")]["count"] == "5" and months[("month", "2026-04")]["count"] == "1"
    page = officer.get(f"/petugas/statistik?{PERIOD}").get_data(as_text=True)
    assert 'id="st-received">6<' in page


def test_the_filters_narrow_the_figures(app, fixture):
    officer = staff_client(app, fixture["agency"])
    assert table(officer, f"{PERIOD}&kecamatan={OTHER_KECAMATAN}")[("total", "")]["received"] == "1"
    assert table(officer, f"{PERIOD}&module=lorong&category=jalan")[("total", "")]["received"] == "6"
    # Status and urgency come from the summary split by state; mine and overdue are counted live.
    assert table(officer, f"{PERIOD}&status=rejected")[("total", "")]["received"] == "1"
    assert table(officer, f"{PERIOD}&status=open")[("total", "")]["received"] == "4"
    assert table(officer, f"{PERIOD}&urgent=1")[("total", "")]["received"] == "1"
    assert table(officer, f"{PERIOD}&mine=1")[("total", "")]["received"] == "0"
    live = table(officer, f"{PERIOD}&status=all&overdue=")  # the summary again: same totals as live "all"
    assert live[("total", "")]["received"] == "6"
    assert officer.get("/petugas/statistik?dari=2026-13").status_code == 400
    assert officer.get("/petugas/statistik?dari=2020-01&sampai=2026-01").status_code == 400  # over 36 months


def test_each_sees_their_own_agency_and_health_stays_a_count(app, fixture):
    other = staff_client(app, "dlh")
    assert table(other, PERIOD)[("total", "")]["received"] == "0"
    regency = staff_client(app, None, "supervisor")
    t = table(regency, PERIOD)
    assert t[("total", "")]["received"] == "7"  # the health ticket counted ...
    assert t[("undisclosed", "")]["count"] == "1"
    assert not [key for key in t if key[0] in ("category", "kecamatan") and key[1].startswith("sehat")]
    assert sum(int(row["count"]) for (kind, _), row in t.items() if kind == "category") == 6  # ... not detailed
    page = regency.get(f"/petugas/statistik?{PERIOD}").get_data(as_text=True)
    assert fixture["health"] not in page and "Rahasia-H" not in page
    assert staff_client(app, None, "officer").get("/petugas/statistik").status_code == 403


def test_the_queue_exports_to_csv_with_its_filters(app, fixture):
    officer = staff_client(app, fixture["agency"])
    response = officer.get("/petugas/antrean.csv?status=all&semua=1")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:2] == ["code", "title"]
    assert {row[0] for row in rows[1:]} == set(fixture["codes"])
    titles = {row[0]: row[1] for row in rows[1:]}
    assert titles[fixture["codes"][3]] == "'" + FORMULA_TITLE  # a formula comes out as text
    filtered = officer.get("/petugas/antrean.csv?status=rejected").get_data(as_text=True)
    assert fixture["codes"][3] in filtered and fixture["codes"][0] not in filtered
    regency = (
        staff_client(app, None, "supervisor").get("/petugas/antrean.csv?status=all&semua=1").get_data(as_text=True)
    )
    assert fixture["codes"][0] in regency and fixture["health"] not in regency and "Rahasia-H" not in regency


def test_the_queue_export_redacts_a_nik_in_a_title(app, fixture):
    set_ticket(app, fixture["codes"][0], title="Jalan depan rumah 3528014704950001 rusak")
    text = staff_client(app, fixture["agency"]).get("/petugas/antrean.csv?status=all").get_data(as_text=True)
    assert "3528014704950001" not in text and "[NIK]" in text


def test_a_health_unit_exports_its_own_health_tickets_and_the_export_is_audited(app):
    from tests.helpers import audit_entries

    citizen = citizen_client(app)
    code = ticket_code_from(
        submit(
            citizen,
            "sehat",
            {"category": "medicine", "facility_code": "pkm-tlanakan", "description": "Obat TBC tidak diberikan lagi."},
        )
    )
    unit = get_ticket(app, code).agency.code
    text = staff_client(app, unit).get("/petugas/antrean.csv?status=all").get_data(as_text=True)
    assert code in text
    assert [e.detail for e in audit_entries(app, resource_type="ticket_export")] == ["queue CSV, 1 health tickets"]
    assert code not in staff_client(app, "pupr", "supervisor").get("/petugas/antrean.csv?status=all").get_data(
        as_text=True
    )
