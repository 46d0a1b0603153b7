"""The budget-planning report as files (issue 12, item 9): CSV (all tables in one file with a
section column, or one table) and XLSX (one sheet per table). Every cell goes through
``suite.security.exports``: a road name typed as ``=HYPERLINK(...)`` stays text."""

from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from suite.security.exports import append_row, csv_text
from suite.sla.budget_report import BudgetReport, Table


def to_csv(report: BudgetReport, tables: list[Table]) -> str:
    """One table as it is; several with their key as the first column ("bagian"), each starting with
    its own header row, its notes last."""
    rows: list[list] = []
    if len(tables) == 1:
        table = tables[0]
        rows.append(table.columns)
        rows += table.rows
        rows += [[note] for note in table.notes]
        return csv_text(rows)
    for table in tables:
        rows.append([_("bagian"), *table.columns])
        rows += [[table.key, *row] for row in table.rows]
        rows += [[table.key, note] for note in table.notes]
    return csv_text(rows)


def to_xlsx(report: BudgetReport) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in report.tables:
        sheet = book.create_sheet(table.sheet[:31])
        append_row(sheet, [f"{table.title} {report.year}"])
        sheet.cell(row=1, column=1).font = Font(bold=True)
        append_row(sheet, table.columns)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            append_row(sheet, row)
        for note in table.notes:
            append_row(sheet, [note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
