"""The visit schedule generated from HPHT (antenatal) and from the delivery (postpartum, neonatal).

Antenatal: at least six contacts (Kemenkes 2020, after WHO 2016): one in trimester I, two in
II, three in III; a doctor sees the mother with ultrasound once in trimester I (K1) and once in
trimester III (K5). Postpartum KF1 6-48 h, KF2 3-7 d, KF3 8-28 d, KF4 29-42 d; neonatal KN1
6-48 h, KN2 3-7 d, KN3 8-28 d.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class PlannedVisit:
    code: str
    kind: str
    window_start: date
    window_end: date
    due_on: date
    with_doctor: bool = False
    ultrasound: bool = False


# (code, first week, last week, target week, doctor with ultrasound)
ANTENATAL = [
    ("K1", 0, 13, 12, True),
    ("K2", 14, 20, 20, False),
    ("K3", 21, 27, 26, False),
    ("K4", 28, 32, 30, False),
    ("K5", 33, 36, 34, True),
    ("K6", 37, 41, 38, False),
]
# (code, first day, last day) after delivery; the 6-48 hour visits fall on days 0-2
POSTPARTUM = [("KF1", 0, 2), ("KF2", 3, 7), ("KF3", 8, 28), ("KF4", 29, 42)]
NEONATAL = [("KN1", 0, 2), ("KN2", 3, 7), ("KN3", 8, 28)]


def antenatal_schedule(last_period: date, registered_on: date | None = None) -> list[PlannedVisit]:
    """Every antenatal contact whose window has not closed at registration."""
    visits = []
    for code, first_week, last_week, target_week, doctor in ANTENATAL:
        start = last_period + timedelta(weeks=first_week)
        end = last_period + timedelta(weeks=last_week, days=6)
        due = last_period + timedelta(weeks=target_week)
        if registered_on is not None:
            if end < registered_on:
                continue  # that window has passed: the contact cannot be made any more
            due = max(due, registered_on)
        visits.append(PlannedVisit(code, "antenatal", start, end, due, doctor, doctor))
    return visits


def after_delivery_schedule(delivered_on: date) -> list[PlannedVisit]:
    visits = []
    for kind, plan in (("postpartum", POSTPARTUM), ("neonatal", NEONATAL)):
        for code, first_day, last_day in plan:
            start, end = delivered_on + timedelta(days=first_day), delivered_on + timedelta(days=last_day)
            visits.append(PlannedVisit(code, kind, start, end, start))
    return visits
