"""Clinical alarms from a visit's measurements, against thresholds an admin edits
(``babhar_alarm_thresholds``; each row names its source). Rows sharing a code are OR-ed.

An "alert" alarm tells the mother's midwife and puskesmas; an "urgent" one opens an urgent
``clinical_alarm`` ticket that pages them like a danger sign. An alarm tied to a KSPR factor puts
that factor on the card (the visit keeps it, so the score follows).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from modules.babhar import clinical_data
from modules.babhar.clinical_text import localized
from suite.extensions import db
from suite.ticketing.models import Ticket

OPERATORS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
MEASURES = (
    "systolic",
    "diastolic",
    "haemoglobin",
    "fetal_heart_rate",
    "muac_cm",
    "urine_protein",
    "weight_kg",
    "fundal_height_cm",
)
SEVERITIES = ("alert", "urgent")


@dataclass(frozen=True)
class Alarm:
    code: str
    severity: str
    factor: str | None

    def as_json(self) -> dict:
        return {"code": self.code, "severity": self.severity, "factor": self.factor}


def evaluate(measurements: dict, thresholds: list | None = None) -> list[Alarm]:
    """The alarms that ``measurements`` (measure name -> value, None when not measured) raise."""
    thresholds = clinical_data.thresholds() if thresholds is None else thresholds
    found: dict[str, Alarm] = {}
    for row in thresholds:
        value = measurements.get(row.measure)
        if value is None or row.code in found or row.operator not in OPERATORS:
            continue
        if OPERATORS[row.operator](value, row.value):
            found[row.code] = Alarm(row.code, row.severity, row.kspr_factor)
    return list(found.values())


def labels() -> dict[str, str]:
    """Alarm code -> label in the reader's language (clinical labels live in the data)."""
    return {row.code: localized(row) for row in clinical_data.thresholds(False)}


def raise_alarms(pregnancy, visit, staff, found: list[Alarm]) -> Ticket | None:
    """Tell the care team; open an urgent ticket when any alarm is urgent. Runs in the visit's
    transaction, so a failure leaves neither the visit nor the alarm half-written."""
    from modules.babhar import danger

    if not found:
        return None
    with force_locale("id"):
        names = {row.code: row.label_id for row in clinical_data.thresholds(False)}
        text = "; ".join(names.get(a.code, a.code) for a in found)
        urgent = [a.code for a in found if a.severity == "urgent"]
        if urgent:
            # The ticket goes to the staff; the mother's name stays out of the note (it is on the record).
            note = _("Alarm hasil pemeriksaan %(visit)s: %(alarms)s.", visit=visit.code, alarms=text)
            return danger.open_alarm_ticket(pregnancy, staff, [a.code for a in found], note)
        registration = db.session.get_one(Ticket, pregnancy.ticket_id)  # a pregnancy always has its ticket
        danger.alert_care_team(
            pregnancy,
            registration,
            _("Alarm pemeriksaan ibu hamil, tiket %(code)s: %(alarms)s.", code=registration.code, alarms=text),
        )
    return None
