"""How a pregnancy ends: a miscarriage or abortion (before 20 weeks), or a birth, live or still,
with its date, place, attendant and mode; and a maternal or neonatal death.

Ending stops what no longer applies: antenatal contacts still open are cancelled (no more
reminders), the postpartum schedule starts after a birth, the newborn's only after a live birth,
and a new pregnancy can be registered (only an "active" one blocks that).
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from modules.babhar import schedule
from modules.babhar.models import Outcome, Pregnancy, Visit
from modules.babhar.obstetrics import MISCARRIAGE_LIMIT_WEEKS
from suite.extensions import db
from suite.privacy.redaction import redact_nik

KINDS = {
    "live_birth": _l("Lahir hidup"),
    "stillbirth": _l("Lahir mati"),
    "miscarriage": _l("Keguguran (< 20 minggu)"),
    "abortion": _l("Abortus diinduksi / medis (< 20 minggu)"),
}
BIRTHS = ("live_birth", "stillbirth")
PLACES = {
    "hospital": _l("Rumah sakit"),
    "puskesmas": _l("Puskesmas"),
    "clinic": _l("Klinik / praktik bidan"),
    "polindes": _l("Polindes / Poskesdes / Pustu"),
    "home": _l("Rumah"),
    "other": _l("Lainnya / di jalan"),
}
ATTENDANTS = {
    "obgyn": _l("Dokter spesialis kandungan"),
    "doctor": _l("Dokter umum"),
    "midwife": _l("Bidan"),
    "nurse": _l("Perawat"),
    "traditional": _l("Dukun"),
    "none": _l("Keluarga / tanpa penolong"),
}
MODES = {"spontaneous": _l("Spontan"), "vacuum": _l("Vakum"), "forceps": _l("Forsep"), "caesarean": _l("Operasi sesar")}


def record_outcome(pregnancy: Pregnancy, staff, values: dict) -> Outcome:
    """Validate and record the end of ``pregnancy``; adjust its schedule. Flushes, never commits."""
    from modules.babhar.services import CareError

    kind, ended_on = values.get("kind"), values.get("ended_on")
    if pregnancy.status != "active" or pregnancy.outcome is not None:
        raise CareError(_l("Akhir kehamilan ini sudah tercatat."), "ended_on")
    if kind not in KINDS:
        raise CareError(_l("Pilih hasil kehamilan."), "kind")
    if ended_on is None or ended_on > date.today() or ended_on < pregnancy.last_period_date:
        raise CareError(_l("Tanggal tidak masuk akal untuk kehamilan ini."), "ended_on")
    limit = pregnancy.last_period_date + timedelta(weeks=MISCARRIAGE_LIMIT_WEEKS)
    birth = kind in BIRTHS
    if birth and ended_on < limit:
        raise CareError(_l("Sebelum 20 minggu, catat sebagai keguguran atau abortus."), "kind")
    if not birth and ended_on >= limit:
        raise CareError(_l("Pada 20 minggu atau lebih, catat sebagai lahir hidup atau lahir mati."), "kind")
    if birth:
        for name, options in (("place", PLACES), ("attendant", ATTENDANTS), ("mode", MODES)):
            if values.get(name) not in options:
                raise CareError(_l("Wajib diisi untuk persalinan."), name)
    neonatal_death = bool(values.get("neonatal_death")) and kind == "live_birth"
    outcome = Outcome(
        pregnancy_id=pregnancy.id,
        kind=kind,
        ended_on=ended_on,
        place=values.get("place") if birth else None,
        attendant=values.get("attendant") if birth else None,
        mode=values.get("mode") if birth else None,
        birth_weight_g=values.get("birth_weight_g") if birth else None,
        maternal_death=bool(values.get("maternal_death")),
        neonatal_death=neonatal_death,
        notes=redact_nik(values.get("notes")) or None,
        recorded_by_staff_id=staff.id,
    )
    db.session.add(outcome)
    pregnancy.ended_on = ended_on
    pregnancy.delivered_on = ended_on if birth else None
    # A mother who died gets no more reminders of any kind: the record is closed ("ended").
    pregnancy.status = "delivered" if birth and not outcome.maternal_death else "ended"
    for visit in pregnancy.visits:
        # Contacts already missed stay missed (the register counts them); later ones are cancelled.
        if (
            visit.kind == "antenatal"
            and visit.visited_on is None
            and visit.status == "planned"
            and visit.window_end >= ended_on
        ):
            visit.status = "cancelled"
    if birth:
        existing = {v.code for v in pregnancy.visits}
        newborn = kind == "live_birth" and not neonatal_death
        for planned in schedule.after_delivery_schedule(ended_on, newborn=newborn):
            # A baby whose mother died needs the newborn visits most of all; her own visits end.
            if planned.code not in existing and not (outcome.maternal_death and planned.kind == "postpartum"):
                db.session.add(Visit(pregnancy_id=pregnancy.id, **planned.__dict__))
    db.session.flush()
    db.session.refresh(pregnancy)
    return outcome
