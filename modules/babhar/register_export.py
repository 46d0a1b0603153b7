"""The monthly maternal cohort register (kohort ibu): one row per mother in care that month."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from modules.babhar.models import Pregnancy
from suite import reference
from suite.extensions import db

HEADER = ["No", "Nama ibu", "NIK (disamarkan)", "Desa", "Puskesmas", "Umur", "G", "P", "A", "HPHT", "HPL",
          "Skor KSPR", "Kategori", "K1", "K2", "K3", "K4", "K5", "K6", "Persalinan", "KF1", "KF2", "KF3", "KF4"]


def cohort_rows(agency_ids: set[int], month: date) -> tuple[list[str], list[list]]:
    next_month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    pregnancies = db.session.execute(select(Pregnancy).where(
        Pregnancy.agency_id.in_(agency_ids), Pregnancy.last_period_date < next_month,
        (Pregnancy.delivered_on.is_(None)) | (Pregnancy.delivered_on >= month))
        .order_by(Pregnancy.agency_id, Pregnancy.due_date)).scalars().all()
    rows = []
    for number, p in enumerate(pregnancies, start=1):
        visits = {v.code: v.visited_on.isoformat() if v.visited_on else "" for v in p.visits}
        age = month.year - p.mother.birth_date.year - ((month.month, 1) < (p.mother.birth_date.month, p.mother.birth_date.day))
        rows.append([number, p.mother.full_name, p.mother.nik_masked, reference.region_label(p.mother.desa_code),
                     p.agency.name, age, p.gravida, p.para, p.abortus, p.last_period_date.isoformat(),
                     p.due_date.isoformat(), p.risk_score, p.risk_category,
                     *[visits.get(f"K{n}", "") for n in range(1, 7)],
                     p.delivered_on.isoformat() if p.delivered_on else "",
                     *[visits.get(f"KF{n}", "") for n in range(1, 5)]])
    return HEADER, rows


def to_xlsx(header: list[str], rows: list[list], month: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"Kohort {month.isoformat()[:7]}"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
