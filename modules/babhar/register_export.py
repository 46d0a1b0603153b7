"""The monthly maternal cohort register (kohort ibu): one row per mother in care that month, with
her contacts (date, or "terlewat" when missed), the ANC elements of her latest measurements, how
the pregnancy ended and the postpartum and newborn visits; then a recap that counts outcomes."""

from __future__ import annotations

import io
from datetime import date, timedelta

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from modules.babhar import outcomes
from modules.babhar.models import Outcome, Pregnancy
from modules.babhar.services import visit_state
from suite import reference
from suite.extensions import db
from suite.identity.nik import age_on
from suite.security.exports import append_row

POSTPARTUM_DAYS = 42  # a mother stays in the cohort through her nifas
ANC_ELEMENTS = [
    ("BB (kg)", "weight_kg"),
    ("TB (cm)", "height_cm"),
    ("TD", None),
    ("LiLA (cm)", "muac_cm"),
    ("TFU (cm)", "fundal_height_cm"),
    ("Presentasi", "fetal_presentation"),
    ("DJJ", "fetal_heart_rate"),
    ("Status Td", "td_status"),
    ("Hb (g/dL)", "haemoglobin"),
    ("Gol. darah", "blood_group"),
    ("Protein urin", "urine_protein"),
    ("HIV", "hiv_result"),
    ("Sifilis", "syphilis_result"),
    ("HBsAg", "hepatitis_b_result"),
    ("USG", "ultrasound_findings"),
    ("Konseling", "counselling"),
]
HEADER = (
    [
        "No",
        "Nama ibu",
        "NIK (disamarkan)",
        "Desa",
        "Puskesmas",
        "Umur saat HPHT",
        "G",
        "P",
        "A",
        "HPHT",
        "HPL",
        "Skor KSPR",
        "Kategori",
        "K1",
        "K2",
        "K3",
        "K4",
        "K5",
        "K6",
    ]
    + [label for label, _ in ANC_ELEMENTS]
    + [
        "TTD (total)",
        "Alarm",
        "Akhir kehamilan",
        "Tanggal",
        "Tempat",
        "Penolong",
        "Cara",
        "BB lahir (g)",
        "Ibu meninggal",
        "Bayi meninggal",
        "KF1",
        "KF2",
        "KF3",
        "KF4",
        "KN1",
        "KN2",
        "KN3",
    ]
)
MISSED, CANCELLED = "terlewat", "batal"


def _in_month(agency_ids: set[int], month: date) -> list[Pregnancy]:
    next_month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return list(
        db.session.execute(
            select(Pregnancy)
            .where(
                Pregnancy.agency_id.in_(agency_ids),
                Pregnancy.last_period_date < next_month,
                Pregnancy.ended_on.is_(None) | (Pregnancy.ended_on >= month - timedelta(days=POSTPARTUM_DAYS)),
            )
            .order_by(Pregnancy.agency_id, Pregnancy.due_date)
        ).scalars()
    )


def _contact(visit, on: date) -> str:
    if visit is None:
        return ""
    state = visit_state(visit, on)
    if state == "done":
        return visit.visited_on.isoformat()
    return {"missed": MISSED, "cancelled": CANCELLED}.get(state, "")


def _latest(visits, name: str | None):
    """The latest recorded value: screening done once (blood group, HIV) still shows."""
    for visit in sorted((v for v in visits if v.visited_on), key=lambda v: v.visited_on, reverse=True):
        if name is None and visit.systolic:
            return f"{visit.systolic}/{visit.diastolic}"
        value = getattr(visit, name) if name else None
        if value not in (None, ""):
            return value
    return ""


def _outcome_cells(outcome: Outcome | None) -> list:
    if outcome is None:
        return [""] * 8
    label = lambda table, code: str(table.get(code, "")) if code else ""  # noqa: E731
    return [
        label(outcomes.KINDS, outcome.kind),
        outcome.ended_on.isoformat(),
        label(outcomes.PLACES, outcome.place),
        label(outcomes.ATTENDANTS, outcome.attendant),
        label(outcomes.MODES, outcome.mode),
        outcome.birth_weight_g or "",
        "ya" if outcome.maternal_death else "",
        "ya" if outcome.neonatal_death else "",
    ]


def cohort_rows(agency_ids: set[int], month: date, on: date | None = None) -> tuple[list[str], list[list]]:
    on = on or date.today()
    rows = []
    for number, p in enumerate(_in_month(agency_ids, month), start=1):
        visits = {v.code: v for v in p.visits}
        antenatal = [v for v in p.visits if v.kind == "antenatal"]
        alarm_codes = sorted({a["code"] for v in antenatal for a in v.alarms or []})
        rows.append(
            [
                number,
                p.mother.full_name,
                p.mother.nik_masked,
                reference.region_label(p.mother.desa_code),
                p.agency.name,
                age_on(p.mother.birth_date, p.last_period_date),
                p.gravida,
                p.para,
                p.abortus,
                p.last_period_date.isoformat(),
                p.due_date.isoformat(),
                p.risk_score,
                p.risk_category,
                *[_contact(visits.get(f"K{n}"), on) for n in range(1, 7)],
                *[_latest(antenatal, name) for _label, name in ANC_ELEMENTS],
                sum(v.iron_tablets or 0 for v in antenatal),
                ", ".join(alarm_codes),
                *_outcome_cells(p.outcome),
                *[_contact(visits.get(code), on) for code in ("KF1", "KF2", "KF3", "KF4", "KN1", "KN2", "KN3")],
            ]
        )
    # Free text (names, findings, counselling) is neutralised where it is written: csv_text / append_row.
    return HEADER, rows


def recap(agency_ids: set[int], month: date) -> list[list]:
    """Outcomes that happened in the month, counted: the register's footer."""
    next_month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    ended = (
        db.session.execute(
            select(Outcome)
            .join(Pregnancy)
            .where(Pregnancy.agency_id.in_(agency_ids), Outcome.ended_on >= month, Outcome.ended_on < next_month)
        )
        .scalars()
        .all()
    )
    counts = [[str(label), sum(1 for o in ended if o.kind == kind)] for kind, label in outcomes.KINDS.items()]
    births = [o for o in ended if o.kind in outcomes.BIRTHS]
    counts += [
        ["Persalinan di fasilitas kesehatan", sum(1 for o in births if o.place not in ("home", "other"))],
        [
            "Persalinan ditolong tenaga kesehatan",
            sum(1 for o in births if o.attendant in ("obgyn", "doctor", "midwife", "nurse")),
        ],
        ["Berat lahir rendah (< 2500 g)", sum(1 for o in births if (o.birth_weight_g or 2500) < 2500)],
        ["Kematian ibu", sum(1 for o in ended if o.maternal_death)],
        ["Kematian neonatal", sum(1 for o in ended if o.neonatal_death)],
    ]
    return counts


def to_xlsx(header: list[str], rows: list[list], month: date, recap_rows: list[list] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"Kohort {month.isoformat()[:7]}"
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    if recap_rows is not None:
        summary = book.create_sheet("Rekap")
        append_row(summary, ["Rekap", month.isoformat()[:7]])
        for row in recap_rows:
            append_row(summary, row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
