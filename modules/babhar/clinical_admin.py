"""The admin's edits of the clinical data: alarm thresholds, trimester boundaries and the antenatal
contact schedule. Edits apply to visits recorded and pregnancies registered afterwards; existing
schedules and past alarms stay as they were."""

from __future__ import annotations

import math
from collections.abc import Mapping

from flask_babel import gettext as _

from modules.babhar import clinical_data
from modules.babhar.alarms import OPERATORS, SEVERITIES
from modules.babhar.obstetrics import trimester_of_week
from suite.audit.changes import changes, snapshot_rows
from suite.audit.services import record
from suite.errors import Invalid
from suite.extensions import db
from suite.identity.models import Staff


def edit_clinical_data(staff: Staff, values: Mapping[str, str]) -> None:
    """Apply the admin's form values to the three tables and audit the change with before and
    after values. Raises ``Invalid`` whose ``errors`` name every input at fault; the caller rolls back,
    since rows before the one refused may have changed. Call inside the write transaction."""
    tables = clinical_data.thresholds(False), clinical_data.trimesters(), clinical_data.contacts()
    before = _snapshot(*tables)
    errors = _apply(*tables, values)
    if errors:
        raise Invalid(next(iter(errors.values())), errors)
    old, new = changes(before, _snapshot(*tables))
    record(
        "update",
        "babhar_clinical_data",
        "thresholds",
        staff=staff,
        detail="alarm thresholds, trimesters, antenatal contacts",
        before=old,
        after=new,
    )
    db.session.flush()


def _snapshot(thresholds, trimesters, contacts) -> dict:
    """What the form may change, row by row, for the audit entry's before and after values."""
    return {
        "thresholds": snapshot_rows(
            thresholds, lambda r: f"{r.code}#{r.id}", ("value", "operator", "severity", "active")
        ),
        "trimesters": snapshot_rows(trimesters, lambda r: r.number, ("last_week",)),
        "contacts": snapshot_rows(
            contacts,
            lambda r: r.code,
            ("first_week", "target_week", "last_week", "with_doctor", "ultrasound", "trimester"),
        ),
    }


def _number(raw: str | None, integer: bool = False):
    try:
        value = int(raw or "") if integer else float((raw or "").replace(",", "."))
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None  # "nan" or "inf" would switch an alarm off


def _apply(thresholds, trimesters, contacts, form: Mapping[str, str]) -> dict[str, str]:
    """Apply what is valid; return a message per input at fault, keyed by the input's name."""
    errors: dict[str, str] = {}
    for row in thresholds:
        value = _number(form.get(f"value_{row.id}", str(row.value)))
        operator, severity = form.get(f"operator_{row.id}", row.operator), form.get(f"severity_{row.id}", row.severity)
        if value is None or operator not in OPERATORS or severity not in SEVERITIES:
            errors[f"value_{row.id}"] = _("Ambang %(code)s tidak sah.", code=row.code)
            continue
        row.value, row.operator, row.severity = value, operator, severity
        row.active = form.get(f"active_{row.id}") == "y"
    previous = -1
    for row in trimesters:
        week = _number(form.get(f"trimester_{row.number}", str(row.last_week)), integer=True)
        if week is None or not previous < week <= 45:
            errors[f"trimester_{row.number}"] = _(
                "Batas trimester %(n)s harus naik dan paling lama 45 minggu.", n=row.number
            )
            continue
        row.last_week = previous = week
    last_end = -1
    for row in contacts:
        weeks = [
            _number(form.get(f"{name}_{row.code}", str(getattr(row, name))), integer=True)
            for name in ("first_week", "target_week", "last_week")
        ]
        if None in weeks or not last_end < weeks[0] <= weeks[1] <= weeks[2] <= 45:
            errors[f"first_week_{row.code}"] = _(
                "Jendela %(code)s harus berurutan: minggu awal <= target <= akhir, tanpa tumpang "
                "tindih dengan kontak sebelumnya.",
                code=row.code,
            )
            continue
        row.first_week, row.target_week, row.last_week = weeks
        row.with_doctor = form.get(f"doctor_{row.code}") == "y"
        row.ultrasound = form.get(f"ultrasound_{row.code}") == "y"
        last_end = row.last_week
    for row in contacts:  # the contact's trimester follows the (possibly edited) boundaries
        row.trimester = trimester_of_week(row.first_week, [t.last_week for t in trimesters])
    return errors
