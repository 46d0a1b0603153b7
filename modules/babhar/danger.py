"""Danger signs: a mother, or her family, raises one on the web, by SMS or WhatsApp, in pregnancy,
after the birth (nifas) or for the newborn; it opens an urgent ticket for her puskesmas and alerts
her midwife and the unit's duty staff in the same transaction (``suite.notify.alerts``). If nobody
at the unit can be reached by a message, Dinkes duty supervisors and the Command Center are told
at once. The 15-minute sweep escalation stays as the second line."""

from __future__ import annotations

import csv
from pathlib import Path

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from modules.babhar.clinical_data import thresholds
from modules.babhar.clinical_text import localized
from modules.babhar.services import babhar_module, pregnancies_of, pregnancy_by_id
from suite import reference
from suite.audit.services import record_read
from suite.extensions import db
from suite.identity.models import Agency, Citizen, Staff
from suite.identity.seeding import agency_by_code
from suite.identity.working_areas import PUSKESMAS, field_officer
from suite.notify.alerts import Escalation, send_alert

DATA_DIR = Path(__file__).parent / "data"
HEALTH_OFFICE, COMMAND_CENTRE = "dinkes", "command-center"
PHASES = ("pregnancy", "postpartum", "newborn")
# The ticket category of each phase's danger signs (see BabharModule.categories).
PHASE_CATEGORY = {"pregnancy": "danger_sign", "postpartum": "postpartum_danger_sign", "newborn": "newborn_danger_sign"}
UNSPECIFIED = "unspecified"
ALERT_KINDS = ("danger_sign",)  # the in-app notification kind of every urgent babhar alert


def danger_signs(phase: str | None = None) -> list[dict]:
    """The Buku KIA danger signs (code, label_id, label_en, phase), optionally of one phase."""
    with open(DATA_DIR / "danger_signs.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if phase is None or r["phase"] == phase]


def sign_label(row: dict) -> str:
    return localized(row)


def phase_of(sign_codes: list[str]) -> str:
    """The phase a set of signs belongs to; the mother's own signs come first when mixed."""
    phases = {row["code"]: row["phase"] for row in danger_signs()}
    found = {phases.get(code) for code in sign_codes}
    return next((phase for phase in PHASES if phase in found), "pregnancy")


# -- who answers --------------------------------------------------------------------------------


def care_team(ticket) -> tuple[Agency, Staff | None]:
    """The unit that owns the ticket and the midwife responsible for the mother: the midwife of her
    pregnancy record, else the village midwife of the ticket's desa (if she works at that unit)."""
    unit = ticket.agency
    pregnancy = pregnancy_by_id((ticket.extras or {}).get("pregnancy_id"))
    midwife = db.session.get(Staff, pregnancy.midwife_id) if pregnancy and pregnancy.midwife_id else None
    if midwife is None or not midwife.active or midwife.agency_id != unit.id:
        midwife = field_officer(PUSKESMAS, ticket.desa_code)
        if midwife is not None and midwife.agency_id != unit.id:
            midwife = None
    return unit, midwife


def escalations() -> list[Escalation]:
    """Told at once when nobody at the unit can be reached by a message: never nobody."""
    with force_locale("id"):
        chain = [
            (HEALTH_OFFICE, _("Supervisor jaga Dinas Kesehatan"), True),
            (COMMAND_CENTRE, _("Command Center 112"), False),
        ]
    found = [(agency_by_code(code), label, supervisors) for code, label, supervisors in chain]
    return [Escalation(agency, label, supervisors) for agency, label, supervisors in found if agency is not None]


def page_for_danger_sign(ticket) -> None:
    """Alert the midwife and the unit (or, failing them, Dinkes and the Command Center) now."""
    unit, midwife = care_team(ticket)
    with force_locale("id"):
        named = [(midwife, _("Bidan desa"))] if midwife else []
        text = alert_text(ticket)
    chain = escalations()
    # Nobody knows yet where she is: the Command Center is paged at once, whoever else is told.
    also = [e for e in chain if e.agency.code == COMMAND_CENTRE] if not ticket.desa_code else []
    send_alert(
        ticket,
        text,
        unit=unit,
        kind=ALERT_KINDS[0],
        named=named,
        escalations=[e for e in chain if e not in also],
        also=also,
    )


def alert_care_team(pregnancy, ticket, text: str, kind: str = "clinical_alarm") -> None:
    """Tell the mother's midwife and her puskesmas about ``ticket`` (an alarm that needs attention
    but no urgent ticket, e.g. BP >= 140/90); Dinkes duty supervisors when the unit has nobody."""
    midwife = db.session.get(Staff, pregnancy.midwife_id) if pregnancy.midwife_id else None
    with force_locale("id"):
        named = [(midwife, _("Bidan desa"))] if midwife and midwife.agency_id == pregnancy.agency_id else []
    send_alert(ticket, text, unit=pregnancy.agency, kind=kind, named=named, escalations=escalations()[:1])


def open_alarm_ticket(pregnancy, staff, alarms: list[str], note: str):
    """An urgent ticket for a measurement alarm (e.g. BP >= 160/110) for the mother, opened by the
    staff member who recorded the visit; it alerts on open exactly like a danger sign."""
    from suite.ticketing.draft import TicketDraft
    from suite.ticketing.services import open_ticket

    draft = TicketDraft(
        category="clinical_alarm",
        description=note,
        extras={"alarms": alarms},
        context={"pregnancy_id": pregnancy.id, "opened_by_staff_id": staff.id},
    )
    return open_ticket(babhar_module(), pregnancy.mother, draft, channel="staff", caller=f"staff:{staff.id}").ticket


def alert_text(ticket) -> str:
    """What the responders read: what happened, where, and whom to call back. The mother's name is
    left out (an SMS may be read by others); the code opens the full record for those allowed."""
    extras = ticket.extras or {}
    labels = {row["code"]: row["label_id"] for row in danger_signs()}
    what = {
        "danger_sign": _("tanda bahaya ibu hamil"),
        "postpartum_danger_sign": _("tanda bahaya ibu nifas"),
        "newborn_danger_sign": _("tanda bahaya bayi baru lahir"),
        "clinical_alarm": _("alarm hasil pemeriksaan ibu hamil"),
    }.get(ticket.category, ticket.category)
    labels |= {row.code: row.label_id for row in thresholds(False)}
    detail = ", ".join(
        labels.get(code, code) for code in extras.get("signs", []) + extras.get("alarms", []) if code != UNSPECIFIED
    )
    text = _("MENDESAK %(code)s: %(what)s", code=ticket.code, what=what) + (f" ({detail})" if detail else "")
    place = reference.region_label(ticket.desa_code) if ticket.desa_code else _("desa belum diketahui")
    text += ". " + _("Lokasi: %(place)s.", place=place)
    contact = (ticket.citizen.phone if ticket.citizen is not None else None) or (ticket.reporter or {}).get("phone")
    if contact:
        text += " " + _("Hubungi %(phone)s.", phone=contact)
    return text[:480]


def link_pregnancy(draft, citizen) -> None:
    """A mother's own danger sign names her pregnancy (the latest one, for signs after the birth)."""
    if citizen is None or (draft.extras or {}).get("pregnancy_id") or citizen.sex != "F":
        return
    latest = next(iter(pregnancies_of(citizen)), None)
    if latest is not None and latest.status in ("active", "delivered"):
        draft.extras = {**(draft.extras or {}), "pregnancy_id": latest.id}


def mother_named_by_family(named: str | None) -> Citizen | None:
    """The mother a family member names by her code or phone, or None; the lookup itself is
    audited (UU 27/2022) in its own committed write, as ``record_read`` does."""
    if not (named or "").strip():
        return None
    mother = mother_by_code_or_phone(named or "")
    mother_id = mother.id if mother else None
    record_read("citizen", mother_id or "not-found", detail="lookup by code or phone (family danger sign)")
    return db.session.get(Citizen, mother_id) if mother_id else None


def mother_by_code_or_phone(text: str):
    """The mother a family member names by her registration code or her phone, or None."""
    from suite.identity.services import find_citizen_by_phone
    from suite.ticketing.codes import normalise_code
    from suite.ticketing.models import Ticket

    text = (text or "").strip()
    if not text:
        return None
    ticket = db.session.execute(
        select(Ticket).where(Ticket.code == normalise_code(text), Ticket.module == "babhar")
    ).scalar_one_or_none()
    if ticket is not None:
        return ticket.citizen
    return find_citizen_by_phone(text)


def report_danger(
    signs: list[str],
    note: str | None,
    *,
    citizen=None,
    mother=None,
    desa_code: str | None = None,
    reporter: dict | None = None,
    channel: str = "web",
    idempotency_key: str | None = None,
    caller: str | None = None,
):
    """Open the urgent ticket for a danger sign and alert its responders (one call, one transaction).

    ``citizen``: the signed-in mother reporting for herself. ``mother``: the mother a family member
    named (by code or phone); the ticket is then the family's (no account), linked to her pregnancy.
    Without either, ``desa_code`` routes it; with nothing at all, Dinkes owns it and the alert goes
    to Dinkes and the Command Center."""
    from suite.ticketing.draft import TicketDraft
    from suite.ticketing.services import open_ticket

    note = (note or "").strip() or None
    extras = {"signs": signs or [UNSPECIFIED], "note": note}
    context: dict[str, str | int] = {"reported_by": "mother" if citizen is not None else "family"}
    if mother is not None:
        latest = next(iter(pregnancies_of(mother)), None)
        if latest is not None and latest.status in ("active", "delivered"):
            context["pregnancy_id"] = latest.id
        else:
            desa_code = desa_code or mother.desa_code
    draft = TicketDraft(
        category=PHASE_CATEGORY[phase_of(signs)],
        description=note or "",
        desa_code=desa_code or None,
        extras=extras,
        reporter=reporter,
        context=context,
    )
    return open_ticket(babhar_module(), citizen, draft, channel=channel, idempotency_key=idempotency_key, caller=caller)
