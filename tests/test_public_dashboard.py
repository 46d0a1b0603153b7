"""The public dashboard ``/statistik`` and the agency ranking (issue 12, items 7 and 11) against a
hand-computed fixture, through HTTP: figures in the page and in every CSV, read from the monthly
summary only; confidential and health tickets counted in the totals and in no breakdown, CSV or map."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest

from suite.database import utcnow
from tests.helpers import (
    agency_id,
    citizen_client,
    register_pregnancy,
    set_ticket,
    submit,
    ticket_code_from,
)
from tests.test_security_headers import assert_secure_headers, inline_code
from tests.test_ticket_stats import make, refresh

PERIOD = "dari=2025-03&sampai=2025-04"
DAY = 24 * 60
TLANAKAN, PADEMAWU = "35.28.01", "35.28.02"
# Where only a confidential or health ticket is: none of these may be named anywhere public.
HIDDEN = {
    "kecamatan": {"35.28.11": "Batumarmar", "35.28.12": "Kadur", "35.28.10": "Waru"},
    "categories": ["Saluran air / drainase", "drainase", "Masalah kartu BPJS Kesehatan", "bpjs_card"],
    "agencies": ["Satuan Polisi Pamong Praja", "satpolpp", "Dinas Kesehatan", "dinkes", "Puskesmas", "pkm-"],
}


def at(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 2, 0, tzinfo=UTC)  # 09:00 WIB


def _ticket_in(app, code: str, created: datetime, **fields) -> None:
    values = {"created_at": created, "first_response_due_at": created + timedelta(days=2), "updated_at": utcnow()}
    values.update(fields)
    set_ticket(app, code, **values)


@pytest.fixture
def fixture(app, runner):
    """Seven tickets in March and April 2025 (and one each side of the period):

    code  month  module/category      kecamatan  agency    first response  disclosed
    A     Mar    lorong/jalan         Tlanakan   pupr      5 min           yes (resolved)
    B     Mar    lorong/jalan         Tlanakan   pupr      3 days (late)   yes
    C     Apr    lorong/penerangan    Pademawu   dishub    90 min          yes
    D     Apr    madul/waste          Pademawu   dlh       none            yes
    E     Apr    lorong/drainase      Batumarmar satpolpp  20 min          no: confidential
    F     Mar    sehat/bpjs_card      Kadur      dinkes    none            no: health
    G     Apr    babhar/registration  Waru       pkm-kadur none            no: health
    """
    citizen = citizen_client(app)
    codes = {
        "A": make(app, citizen, at(3, 5), first_response_at=5, resolved_at=120, status="resolved"),
        "B": make(app, citizen, at(3, 12), first_response_at=3 * DAY),
        "C": make(app, citizen, at(4, 2), first_response_at=90, category="penerangan"),
        "E": make(app, citizen, at(4, 15), first_response_at=20, visibility="confidential", category="drainase"),
        "before": make(app, citizen, at(2, 27), first_response_at=1),
        "after": make(app, citizen, datetime(2025, 4, 30, 17, 0, tzinfo=UTC)),  # 1 May 00:00 WIB
    }
    codes["D"] = ticket_code_from(
        submit(citizen, "madul", {"category": "waste", "description": "Sampah menumpuk di pinggir pasar."})
    )
    codes["F"] = ticket_code_from(
        submit(citizen, "sehat", {"category": "bpjs_card", "description": "Kartu BPJS saya tidak aktif padahal PBI."})
    )
    codes["G"] = ticket_code_from(register_pregnancy(citizen_client(app, sex="F")))
    for code in ("A", "B", "before", "after"):
        set_ticket(app, codes[code], kecamatan_code=TLANAKAN)
    for code in ("A", "E", "F", "G"):  # a point each: only A's may be on the map
        set_ticket(app, codes[code], latitude=-7.21, longitude=113.45)
    set_ticket(app, codes["C"], kecamatan_code=PADEMAWU, agency_id=agency_id(app, "dishub"))
    _ticket_in(app, codes["D"], at(4, 10), kecamatan_code=PADEMAWU, agency_id=agency_id(app, "dlh"))
    set_ticket(app, codes["E"], kecamatan_code="35.28.11", agency_id=agency_id(app, "satpolpp"))
    _ticket_in(app, codes["F"], at(3, 20), kecamatan_code="35.28.12", agency_id=agency_id(app, "dinkes"))
    _ticket_in(app, codes["G"], at(4, 20), kecamatan_code="35.28.10", agency_id=agency_id(app, "pkm-kadur"))
    refresh(runner, "--full")
    return codes


def page_text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return unescape(response.get_data(as_text=True))


def section(page: str, name: str) -> str:
    match = re.search(rf'<section class="figure" id="{name}".*?</section>', page, re.S)
    assert match, name
    return match.group(0)


def table_rows(html: str) -> list[list[str]]:
    """Each body row of the section's table as its cells' text."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def bars(html: str) -> dict[str, str]:
    """The chart's bars: label -> the number written after the bar."""
    svg = re.search(r"<svg[^>]*>(.*?)</svg>", html, re.S).group(1)
    labels = re.findall(r'class="bar-label">([^<]*)<', svg)
    values = re.findall(r'class="bar-value">([^<]*)<', svg)
    return dict(zip(labels, values, strict=True))


def csv_rows(client, name: str, query: str = PERIOD) -> list[dict]:
    response = client.get(f"/statistik/{name}.csv?{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_totals_count_every_ticket_and_say_how_many_are_not_detailed(client, fixture):
    page = page_text(client.get(f"/statistik?{PERIOD}"))
    headline = re.search(r'<dl class="headline">(.*?)</dl>', page, re.S).group(1)
    figures = dict(re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", headline))
    assert figures["Laporan masuk"] == "7"  # A-G; not the tickets of February and May
    assert figures["Dijawab dalam target waktu"] == "43%"  # A, C, E of 7
    assert figures["Rata-rata tanggapan pertama"] == "18 jam 29 menit"  # (5 + 4320 + 90 + 20) / 4 min
    assert figures["Sudah diselesaikan"] == "1"
    assert "3 laporan rahasia/kesehatan dihitung tetapi tidak dirinci" in page  # E, F, G
    assert "Periode: Maret 2025 sampai April 2025" in page


def test_months_and_share_within_target_match_the_fixture(client, fixture):
    page = page_text(client.get(f"/statistik?{PERIOD}"))
    months = section(page, "bulan")
    assert bars(months) == {"Mar 2025": "3", "Apr 2025": "4"}  # health and confidential counted here
    assert table_rows(months) == [["Mar 2025", "3", "2", "1", "2"], ["Apr 2025", "4", "2", "0", "4"]]
    target = section(page, "tepat-waktu")
    assert bars(target) == {"Mar 2025": "33%", "Apr 2025": "50%"}  # A of A, B, F; C and E of C, D, E, G
    rows = csv_rows(client, "tepat-waktu")
    assert [(r["month"], r["received"], r["answered_in_target"], r["target_share"]) for r in rows] == [
        ("2025-03", "3", "1", "0.3333"),
        ("2025-04", "4", "2", "0.5"),
    ]
    assert [(r["month"], r["received"], r["answered"]) for r in csv_rows(client, "bulan")] == [
        ("2025-03", "3", "2"),
        ("2025-04", "4", "2"),
    ]


def test_response_time_distribution_matches_the_fixture(client, fixture):
    distribution = section(page_text(client.get(f"/statistik?{PERIOD}")), "waktu-tanggapan")
    assert bars(distribution) == {
        "Sampai 10 menit": "1",  # A
        "10 menit sampai 1 jam": "1",  # E
        "1 jam sampai 1 hari": "1",  # C
        "1 sampai 2 hari": "0",
        "2 sampai 7 hari": "1",  # B
        "Lebih dari 7 hari": "0",
        "Belum dijawab": "3",  # D, F, G
    }
    rows = {r["bin"]: (r["tickets"], r["share"]) for r in csv_rows(client, "waktu-tanggapan")}
    assert rows["unanswered"] == ("3", "0.4286") and rows["le_10m"] == ("1", "0.1429")
    assert sum(int(tickets) for tickets, _ in rows.values()) == 7


def test_breakdowns_by_module_category_and_kecamatan_hold_disclosed_tickets_only(client, fixture):
    page = page_text(client.get(f"/statistik?{PERIOD}"))
    assert bars(section(page, "layanan")) == {
        "e-Lorong": "3",
        "e-Madul": "1",
        "Rahasia atau kesehatan (tidak dirinci)": "3",
    }
    assert bars(section(page, "kategori")) == {
        "e-Lorong · Jalan rusak": "2",
        "e-Lorong · Lampu penerangan jalan": "1",
        "e-Madul · Sampah dan lingkungan": "1",
    }
    assert bars(section(page, "kecamatan")) == {"Pademawu": "2", "Tlanakan": "2"}
    assert table_rows(section(page, "kecamatan")) == [["Pademawu", "2", "2", "50%"], ["Tlanakan", "2", "1", "50%"]]
    categories = csv_rows(client, "kategori")
    assert [(r["module"], r["category"], r["label"], r["received"]) for r in categories] == [
        ("lorong", "jalan", "e-Lorong · Jalan rusak", "2"),
        ("lorong", "penerangan", "e-Lorong · Lampu penerangan jalan", "1"),
        ("madul", "waste", "e-Madul · Sampah dan lingkungan", "1"),
    ]
    modules = csv_rows(client, "layanan")
    assert [(r["module"], r["received"]) for r in modules] == [("lorong", "3"), ("madul", "1"), ("", "3")]
    assert [(r["kecamatan"], r["received"]) for r in csv_rows(client, "kecamatan")] == [
        (PADEMAWU, "2"),
        (TLANAKAN, "2"),
    ]


def test_agency_ranking_reads_the_summary_and_matches_the_fixture(client, fixture):
    expected = [
        ["1", "Dinas Perhubungan", "1", "1", "100%", "0%", "1 jam 30 menit", "0", "1", "0"],
        ["2", "Dinas Pekerjaan Umum dan Penataan Ruang", "2", "2", "50%", "50%", "1 hari 12 jam", "1", "1", "0"],
        ["3", "Dinas Lingkungan Hidup", "1", "0", "0%", "0%", "—", "0", "1", "0"],
    ]
    dashboard = section(page_text(client.get(f"/statistik?{PERIOD}")), "instansi")
    assert table_rows(dashboard) == expected
    ranking = page_text(client.get(f"/statistik/instansi?{PERIOD}"))
    assert table_rows(ranking) == expected
    assert list(bars(ranking).values()) == ["100%", "50%", "0%"]
    rows = csv_rows(client, "instansi")
    assert [(r["rank"], r["agency"], r["received"], r["target_share"], r["mean_response_minutes"]) for r in rows] == [
        ("1", "dishub", "1", "1.0", "90.0"),
        ("2", "pupr", "2", "0.5", "2162.5"),
        ("3", "dlh", "1", "0.0", ""),
    ]
    # Older links carried whole dates: they stand for their months.
    assert table_rows(page_text(client.get("/statistik/instansi?dari=2025-03-15&sampai=2025-04-02"))) == expected


def test_module_filter_narrows_every_figure(client, fixture):
    page = page_text(client.get(f"/statistik?{PERIOD}&layanan=lorong"))
    assert re.search(r"<dt>Laporan masuk</dt><dd>4</dd>", page)  # A, B, C and the confidential E
    assert "1 laporan rahasia/kesehatan dihitung tetapi tidak dirinci" in page
    assert bars(section(page, "layanan")) == {"e-Lorong": "3", "Rahasia atau kesehatan (tidak dirinci)": "1"}
    assert "e-Madul · Sampah" not in page
    assert [r["agency"] for r in csv_rows(client, "instansi", f"{PERIOD}&layanan=madul")] == ["dlh"]


def test_confidential_and_health_tickets_appear_in_no_public_breakdown_csv_or_map(client, fixture):
    outputs = {"/statistik": page_text(client.get(f"/statistik?{PERIOD}"))}
    outputs["/statistik/instansi"] = page_text(client.get(f"/statistik/instansi?{PERIOD}"))
    for name in ("bulan", "tepat-waktu", "waktu-tanggapan", "layanan", "kategori", "kecamatan", "instansi"):
        response = client.get(f"/statistik/{name}.csv?{PERIOD}")
        outputs[f"{name}.csv"] = response.get_data(as_text=True)
    source = re.search(r'data-source="([^"]+)"', outputs["/statistik"]).group(1)
    geojson = client.get(source)
    assert geojson.status_code == 200 and geojson.mimetype == "application/geo+json"
    outputs["map"] = geojson.get_data(as_text=True)
    table = re.search(r'href="(/peta\?[^"]+)"', outputs["/statistik"]).group(1)
    map_table = page_text(client.get(table))
    assert fixture["A"] in outputs["map"] and fixture["A"] in map_table  # the control: a public point
    for code in ("E", "F", "G"):
        assert fixture[code] not in map_table  # (its filter lists name every kecamatan and category)
    for where, text in outputs.items():
        for code, name in HIDDEN["kecamatan"].items():
            assert code not in text and name not in text, (where, name)
        for words in (HIDDEN["categories"], HIDDEN["agencies"]):
            for word in words:
                assert word not in text, (where, word)
        for code in ("E", "F", "G"):
            assert fixture[code] not in text, (where, code)
    assert "e-Sehat" not in outputs["/statistik"] and "e-Babhar" not in outputs["/statistik"]


def test_the_e_lorong_map_loads_its_reports_and_links_the_table_without_script(client, fixture):
    page = page_text(client.get(f"/statistik?{PERIOD}"))
    peta = section(page, "peta")
    assert 'class="map"' in peta and "layanan=lorong" in peta
    assert re.search(r'href="/peta\?[^"]*layanan=lorong[^"]*dari=2025-03-01[^"]*"', peta)
    assert re.search(r'data-source="/peta/laporan.geojson\?[^"]*sampai=2025-04-30', peta)
    assert "/static/public-map.js" in page
    # The map's own window starts in 2000: a period reaching before it asks the map from there.
    early = section(page_text(client.get("/statistik?sampai=2000-03")), "peta")
    assert (
        "dari=2000-01-01" in early
        and client.get(re.search(r'href="(/peta\?[^"]+)"', early).group(1)).status_code == 200
    )
    # A map of another module's period has nothing of e-Lorong to show.
    assert 'id="peta"' not in page_text(client.get(f"/statistik?{PERIOD}&layanan=madul"))


def test_default_period_is_the_last_twelve_months_and_the_refresh_time_is_shown(app, client, runner):
    citizen = citizen_client(app)
    make(app, citizen, utcnow() - timedelta(hours=1), first_response_at=3)
    make(app, citizen, utcnow() - timedelta(days=400))
    page = page_text(client.get("/statistik"))
    assert "Angka belum pernah diperbarui" in page or "Angka diperbarui terakhir" in page
    refresh(runner, "--full")
    page = page_text(client.get("/statistik"))
    assert re.search(r"<dt>Laporan masuk</dt><dd>1</dd>", page)
    assert len(bars(section(page, "bulan"))) == 12
    assert re.search(r"Angka diperbarui terakhir \d{1,2} \w{3} \d{4} \d{2}:\d{2} WIB", page)


@pytest.mark.parametrize(
    "query, param",
    [
        ("dari=kemarin", "dari"),
        ("sampai=2026-13", "sampai"),
        ("dari=0000-01", "dari"),
        ("sampai=9999-12", "sampai"),
        ("sampai=9999-12-31", "sampai"),
        ("dari=2025-05&sampai=2025-01", "sampai"),
        ("dari=2010-01&sampai=2025-01", "dari"),
        ("layanan=sehat", "layanan"),
        ("layanan=babhar", "layanan"),
        ("layanan=e-Lorong", "layanan"),
        ("dari=" + "9" * 5000, "dari"),
        ("dari=\u0662\u0660\u0662\u0665-01", "dari"),
    ],
)
def test_bad_filters_are_refused_with_a_clear_message(client, query, param):
    for url in ("/statistik", "/statistik/instansi"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 422, (url, query)
        page = unescape(response.get_data(as_text=True))
        assert "Saringan statistik tidak dapat dipakai" in page and f'id="err-{param}"' in page
    response = client.get(f"/statistik/kategori.csv?{query}")
    assert response.status_code == 422 and response.mimetype == "text/plain"
    assert f"{param}: " in response.get_data(as_text=True)
    assert client.get(f"/statistik/tidak-ada.csv?{PERIOD}").status_code == 404


def test_public_pages_need_no_sign_in_no_script_and_carry_the_security_headers(client, fixture):
    for url in (f"/statistik?{PERIOD}", "/statistik/", "/statistik/instansi", f"/statistik/instansi.csv?{PERIOD}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_secure_headers(response)
        if response.mimetype == "text/html":
            assert not inline_code(response.get_data(as_text=True)), url
    page = page_text(client.get(f"/statistik?{PERIOD}"))
    # Every chart is a described image with its labels in text, and its numbers in a table.
    charts = re.findall(r"<svg class=\"bar-chart\"[^>]*>", page)  # the map key has small marks of its own
    assert len(charts) == 7
    for svg in charts:
        assert 'role="img"' in svg and "aria-labelledby" in svg
    assert page.count("<title id=") == 7 and page.count("<desc id=") == 7
    assert page.count('<table class="list figures">') == 7 and page.count('scope="col"') > 20
    # The menu leads here.
    assert 'href="/statistik"' in page_text(client.get("/"))


def test_csv_cells_cannot_become_formulas(app, client, runner):
    from suite.extensions import db
    from suite.identity.models import Agency

    citizen = citizen_client(app)
    make(app, citizen, at(3, 5), first_response_at=5)
    with app.app_context():
        agency = db.session.get(Agency, agency_id(app, "pupr"))
        original, agency.name = agency.name, '=HYPERLINK("http://evil.example","x")'
        db.session.commit()
    try:
        refresh(runner, "--full")
        rows = csv_rows(client, "instansi")
        assert rows[0]["label"] == '\'=HYPERLINK("http://evil.example","x")'
    finally:
        with app.app_context():
            db.session.get(Agency, agency_id(app, "pupr")).name = original
            db.session.commit()


def test_public_figures_never_read_the_tickets_table(app, client, fixture):
    """Item 11: a public page answers from the summary; no statement of theirs touches ``tickets``."""
    from tests.helpers import recorded_statements

    with recorded_statements(app) as statements:
        for url in (
            f"/statistik?{PERIOD}&layanan=lorong",
            "/statistik?dari=2024-01&sampai=2025-12",
            "/statistik/instansi?dari=2023-06",
            f"/statistik/kecamatan.csv?{PERIOD}",
        ):
            assert client.get(url).status_code == 200, url
    assert any("ticket_month_stats" in statement for statement in statements)
    assert not [statement for statement in statements if re.search(r"\btickets\b", statement)]
