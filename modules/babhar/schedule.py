"""The visit schedule generated from HPHT (antenatal) and from the delivery (postpartum, neonatal).

Antenatal contacts are data an admin edits (``babhar_antenatal_contacts``); shipped per PMK
21/2021 and the Buku KIA: at least six contacts, one in trimester I, two in II, three in III,
the doctor with ultrasound at K1 (trimester I) and K5 (trimester III). Postpartum KF1 6-48 h,
KF2 3-7 d, KF3 8-28 d, KF4 29-42 d; neonatal KN1 6-48 h, KN2 3-7 d, KN3 8-28 d.
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
    status: str = "planned"


@dataclass(frozen=True)
class Contact:
    """A contact of the antenatal schedule, in weeks since HPHT (last week counted to its day 6)."""

    code: str
    first_week: int
    last_week: int
    target_week: int
    with_doctor: bool = False
    ultrasound: bool = False
    trimester: int | None = None


# (code, first day, last day) after delivery; the 6-48 hour visits fall on days 0-2
POSTPARTUM = [("KF1", 0, 2), ("KF2", 3, 7), ("KF3", 8, 28), ("KF4", 29, 42)]
NEONATAL = [("KN1", 0, 2), ("KN2", 3, 7), ("KN3", 8, 28)]


def contacts_in_force() -> list[Contact]:
    from modules.babhar.clinical_data import contacts

    return [
        Contact(c.code, c.first_week, c.last_week, c.target_week, c.with_doctor, c.ultrasound, c.trimester)
        for c in contacts()
    ]


def antenatal_schedule(
    last_period: date, registered_on: date | None = None, contacts: list[Contact] | None = None
) -> list[PlannedVisit]:
    """Every antenatal contact. Those whose window closed before registration are kept as missed
    (the register must show them); a late mother's first reachable contact is due at once, with the
    doctor and ultrasound, because she missed the K1 examination that dates and screens the pregnancy."""
    contacts = contacts_in_force() if contacts is None else contacts
    visits, first_reachable = [], True
    for contact in sorted(contacts, key=lambda c: c.first_week):
        start = last_period + timedelta(weeks=contact.first_week)
        end = last_period + timedelta(weeks=contact.last_week, days=6)
        due = last_period + timedelta(weeks=contact.target_week)
        doctor, ultrasound = contact.with_doctor, contact.ultrasound
        if registered_on is not None and end < registered_on:
            visits.append(PlannedVisit(contact.code, "antenatal", start, end, due, doctor, ultrasound, "missed"))
            continue
        if registered_on is not None:
            due = max(due, registered_on)
            if visits and first_reachable:  # something before it was missed: see her now, with the doctor
                doctor = ultrasound = True
                due = registered_on
        first_reachable = False
        visits.append(PlannedVisit(contact.code, "antenatal", start, end, due, doctor, ultrasound))
    return visits


def after_delivery_schedule(delivered_on: date, newborn: bool = True) -> list[PlannedVisit]:
    """KF1-KF4 for the mother; KN1-KN3 only when a baby was born alive."""
    visits = []
    for kind, plan in (("postpartum", POSTPARTUM), ("neonatal", NEONATAL if newborn else [])):
        for code, first_day, last_day in plan:
            start, end = delivered_on + timedelta(days=first_day), delivered_on + timedelta(days=last_day)
            visits.append(PlannedVisit(code, kind, start, end, start))
    return visits
