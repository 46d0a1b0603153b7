"""The budget-planning report (issue 12, item 9): ``/petugas/laporan-anggaran?tahun=2026`` as a
printable page, CSV and XLSX.

Supervisors and admins only: regency-wide accounts (the regent's office, Bappeda's planners, the
command centre) see the whole regency, an agency's supervisor their agency and its units, within
their module scope. Officers are refused: the report is for planning, not for working a queue.
"""

from __future__ import annotations

from babel.numbers import get_decimal_symbol
from flask import Response, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from suite.database import utcnow
from suite.errors import Invalid
from suite.identity.auth import staff_required
from suite.sla import budget_report
from suite.staff.budget_export import to_csv, to_xlsx
from suite.staff.views import blueprint
from suite.ticketing.budget_lists import Scope

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope() -> Scope:
    agency = current_user.agency
    return Scope(
        agency_ids=frozenset(agency.subtree_ids()) if agency is not None else None,
        modules=tuple(current_user.module_codes or ()),
    )


def _year_or_400() -> int:
    try:
        return budget_report.parse_year(request.args.get("tahun"))
    except Invalid as error:
        abort(400, description=str(error.message))


@blueprint.route("/laporan-anggaran")
@staff_required("supervisor", "admin")
def budget_report_page():
    try:
        year = budget_report.parse_year(request.args.get("tahun"))
    except Invalid as error:
        typed = (request.args.get("tahun") or "")[:20]
        return render_template("staff/budget_report.html", report=None, error=error.message, typed=typed), 400
    report = budget_report.build(year, _scope(), utcnow())
    # The locale's decimal sign, looked up once for the page's few thousand cells ("40,0" / "40.0").
    decimal = get_decimal_symbol(get_locale())
    cells = {table.key: [_cells(row, table.code_column, decimal) for row in table.rows] for table in report.tables}
    return render_template("staff/budget_report.html", report=report, cells=cells, error=None, typed=str(year))


def _cells(row: list, code_column: int | None, decimal: str = ".") -> list[tuple[str, str]]:
    """(kind, text) per cell, decided here once rather than by template tests per cell: a report
    holds a few thousand cells, and Jinja's tests made up most of the page's time."""
    cells = []
    for index, value in enumerate(row):
        if index == code_column:
            cells.append(("code", value))
        elif value is None:
            cells.append(("num", "–"))
        elif isinstance(value, float):
            cells.append(("num", f"{value:.1f}".replace(".", decimal)))
        elif isinstance(value, int):
            cells.append(("num", str(value)))
        else:
            cells.append(("text", value))
    return cells


@blueprint.route("/laporan-anggaran.csv")
@staff_required("supervisor", "admin")
def budget_report_csv():
    year = _year_or_400()
    key = request.args.get("tabel") or ""
    if key and key not in budget_report.TABLE_KEYS:
        keys = ", ".join(budget_report.TABLE_KEYS)
        abort(400, description=_("Tabel tidak dikenal; pilih salah satu: %(keys)s.", keys=keys))
    report = budget_report.build(year, _scope(), utcnow())
    tables = [report.table(key)] if key else report.tables
    filename = f"laporan-anggaran-{year}{'-' + key if key else ''}.csv"
    return Response(
        to_csv(report, tables), mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={filename}"}
    )


@blueprint.route("/laporan-anggaran.xlsx")
@staff_required("supervisor", "admin")
def budget_report_xlsx():
    year = _year_or_400()
    report = budget_report.build(year, _scope(), utcnow())
    return Response(
        to_xlsx(report),
        mimetype=XLSX_TYPE,
        headers={"Content-Disposition": f"attachment; filename=laporan-anggaran-{year}.xlsx"},
    )
