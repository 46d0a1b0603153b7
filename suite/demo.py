"""Demo data: agencies, staff for each role, citizens and a few hundred tickets.

Each module writes its own realistic drafts (``ServiceModule.demo_draft``); the demo walks
tickets through the real services so timelines look like real work.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from suite import reference
from suite.database import utcnow
from suite.errors import DomainError
from suite.extensions import db
from suite.identity import totp
from suite.identity.models import Agency, Citizen, Staff
from suite.identity.passwords import hash_password
from suite.identity.seeding import agency_by_code, seed_agencies, seed_modules
from suite.identity.services import CitizenRegistration, create_staff, register_citizen
from suite.identity.working_areas import WorkingArea
from suite.reference import packs
from suite.registry import enabled_modules, get_module
from suite.sla import policy
from suite.sla.seeding import seed_targets
from suite.standards.seeding import seed_standards
from suite.ticketing import lifecycle, repair, services
from suite.ticketing.categories import seed_categories
from suite.ticketing.models import Ticket

# Set by hashing directly: the password policy (issue 9, item 4) would refuse it anywhere else.
DEMO_PASSWORD = "demo12345"
# Demo data only: every demo staff account's TOTP secret, printed by seed-demo and in the README, so
# anyone trying the demo can get a code (``python -c "import pyotp; print(pyotp.TOTP(SECRET).now())"``).
DEMO_TOTP_SECRET = "DEMOSUITEPAMEKASANDEMOSUITEPAMEK"
# The demo's staff, citizens and duty phones are the regency pack's (``demo.json``; issue 12, item 6):
# e-mail domains, agency codes and desa codes differ from one regency to the next.
FIRST_NAMES_F = ["Siti", "Nur", "Aisyah", "Fatimah", "Khotijah", "Maimunah", "Rohmah", "Zainab", "Lailatul", "Ummi"]
FIRST_NAMES_M = ["Moh.", "Ahmad", "Abdul", "Hasan", "Slamet", "Rofiq", "Imam", "Syaiful", "Zainal", "Musleh"]
LAST_NAMES = ["Hasanah", "Rahman", "Hidayat", "Fauzi", "Qomariyah", "Sholeh", "Munawaroh", "Hakim", "Jannah", "Anwar"]


@dataclass(frozen=True)
class DemoPeople:
    staff: list[dict]
    citizens: list[dict]
    duty_phones: dict[str, str]


def demo_people() -> DemoPeople:
    """The active pack's demo people; a pack without ``demo.json`` has an admin and random citizens."""
    pack = reference.active_pack()
    data = packs.demo_data(pack) or {}
    admin = {"email": f"admin@{pack.domain or 'localhost'}", "name": "Admin Suite", "role": "admin"}
    staff = data.get("staff") or [admin]
    return DemoPeople(staff, data.get("citizens") or [], data.get("duty_phones") or {})


def seed_demo(ticket_count: int = 300, seed: int = 20261124) -> str:
    """Create demo data once; a second run only reports that it is there."""
    seed_agencies()
    seed_targets()
    seed_modules()
    seed_categories()
    seed_standards()
    people = demo_people()
    if db.session.execute(select(Staff.id).where(Staff.email == people.staff[0]["email"])).first():
        return "Demo data already present.\n" + _second_factor_note(people)
    rng = random.Random(seed)
    staff = [
        create_staff(
            row["email"],
            row["name"],
            None,
            role=row["role"],
            agency=_seeded_agency(row["agency"]) if row.get("agency") else None,
            phone=row.get("phone"),
        )
        for row in people.staff
    ]
    for member in staff:  # the documented demo password and second factor (issue 9, item 4)
        member.password_hash = hash_password(DEMO_PASSWORD)
        totp.enrol_with_secret(member, DEMO_TOTP_SECRET)
    _demo_contacts(people, staff)
    for member, row in zip(staff, people.staff, strict=True):
        # the call-centre operator finds callers by NIK or phone (issue 9, item 10)
        member.call_centre = bool(row.get("call_centre"))
    citizens = [_known_citizen(row) for row in people.citizens]
    near = people.citizens[0]["desa"].rsplit(".", 1)[0] if people.citizens else None
    citizens += [_random_citizen(rng, i, near) for i in range(len(citizens) + 1, 41)]
    modules = list(enabled_modules().values())
    created = 0
    for module in modules:  # the README's demo citizen has a report in every module (a pregnancy too)
        draft = None if module.check_citizen(citizens[0]) else module.demo_draft(rng, citizens[0])
        if draft is None:
            continue
        try:
            services.open_ticket(module, citizens[0], draft, channel="web")
        except DomainError:  # a pack without the agency this draft routes to (issue 12, item 6)
            continue
        created += 1
    for _ in range(ticket_count * 3):
        if created >= ticket_count or not modules:
            break
        module, citizen = rng.choice(modules), rng.choice(citizens)
        if module.check_citizen(citizen):
            continue
        draft = module.demo_draft(rng, citizen)
        if draft is None:
            continue
        try:
            ticket = services.open_ticket(
                module, citizen, draft, channel=rng.choice(["web", "web", "web", "sms", "whatsapp", "phone", "email"])
            ).ticket
        except DomainError:
            continue
        _age_and_progress(rng, ticket, staff)
        created += 1
    total = db.session.execute(select(func.count(Ticket.id))).scalar_one()
    return (
        f"Demo data: {len(staff)} staff, {len(citizens)} citizens, {created} tickets (total {total}).\n"
        + _second_factor_note(people)
    )


def _second_factor_note(people: DemoPeople) -> str:
    lines = [
        f"Demo staff sign in with password {DEMO_PASSWORD} and a TOTP code (demo data only); "
        f"code now: python -c \"import pyotp; print(pyotp.TOTP('{DEMO_TOTP_SECRET}').now())\""
    ]
    lines += [f"  {row['email']}\tTOTP secret {DEMO_TOTP_SECRET}" for row in people.staff]
    return "\n".join(lines)


def _seeded_agency(code: str) -> Agency:
    agency = agency_by_code(code)
    if agency is None:  # the demo names only agencies that seed_agencies creates
        raise RuntimeError(f"demo data names agency {code!r}, which the seed did not create")
    return agency


def _demo_contacts(people: DemoPeople, staff: list[Staff]) -> None:
    for code, phone in people.duty_phones.items():
        _seeded_agency(code).phone = phone
    # Each demo midwife is the village midwife (bidan desa) of every desa her puskesmas serves.
    for member, row in zip(staff, people.staff, strict=True):
        if not row.get("village_midwife"):
            continue
        unit = _seeded_agency(row["agency"])
        for area in db.session.execute(select(WorkingArea).where(WorkingArea.agency_id == unit.id)).scalars():
            area.field_staff_id = member.id
    db.session.flush()


def _known_citizen(row: dict) -> Citizen:
    born = date.fromisoformat(row["birth_date"])
    registration = CitizenRegistration(row["nik"], row["name"], born, row["sex"], row["phone"], row["desa"], None)
    return _with_demo_password(register_citizen(registration))


def _with_demo_password(citizen: Citizen) -> Citizen:
    citizen.password_hash = hash_password(DEMO_PASSWORD)  # hashed directly: the policy refuses it
    # Demo citizens have proven their phone and shown their KTP (issue 9, item 5).
    citizen.phone_confirmed_at = citizen.identity_verified_at = utcnow()
    citizen.identity_verification_method = "ktp_in_person"
    return citizen


def _random_citizen(rng: random.Random, n: int, near: str | None) -> Citizen:
    sex = rng.choice("FM")
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
    # The first few live near the README's demo mother, so the demo midwife has a caseload.
    desa = rng.choice(reference.desa_list(near) if near and n < 12 else reference.desa_list())
    kecamatan = desa.parent_code.split(".")[-1]
    day = born.day + (40 if sex == "F" else 0)
    nik = f"{reference.regency_code().replace('.', '')}{kecamatan}{day:02d}{born.month:02d}{born.year % 100:02d}{n:04d}"
    first = rng.choice(FIRST_NAMES_F if sex == "F" else FIRST_NAMES_M)
    return _with_demo_password(
        register_citizen(
            CitizenRegistration(nik, f"{first} {rng.choice(LAST_NAMES)}", born, sex, f"0812{n:08d}", desa.code, None)
        )
    )


def _age_and_progress(rng: random.Random, ticket: Ticket, staff: list[Staff]) -> None:
    """Backdate a ticket and walk it part of the way through the lifecycle."""
    opened = utcnow() - timedelta(days=rng.uniform(0, 120), minutes=rng.uniform(0, 600))
    ticket.created_at = opened
    for event in ticket.events:
        event.created_at = opened
    # The agency's own people work its tickets; regency-wide supervisors and admins only watch.
    actors = [s for s in staff if s.agency is not None and _can_act(s, ticket)]
    if not actors:
        return
    actor = rng.choice(actors)
    path = rng.choice(
        [
            [],
            ["verified"],
            ["verified", "in_progress"],
            ["verified", "in_progress", "resolved"],
            ["verified", "in_progress", "resolved", "closed"],
            ["rejected"],
        ]
    )
    module = get_module(ticket.module)
    if module is not None and module.requires_after_photo and lifecycle.RESOLVED in path:
        # The demo has no photo of a finished repair, so a road report waits for its budget instead.
        path = ["verified", lifecycle.SURVEY_SCHEDULED, lifecycle.AWAITING_BUDGET]
    today = repair.local_today()
    details = repair.StatusDetails(survey_date=today + timedelta(days=7), budget_year=today.year + 1)
    moment = opened
    for target in path:
        moment += timedelta(minutes=rng.choice([4, 9, 45, 300, 1500, 3500]))
        note = "Laporan tidak dapat ditindaklanjuti: di luar wilayah kabupaten." if target == "rejected" else None
        services.change_status(ticket.id, actor, target, note, details)
        ticket.events[-1].created_at = min(moment, utcnow())
        if target == "verified":
            services.reply(ticket.id, actor, "Terima kasih, laporan Anda sedang kami periksa.")
            ticket.events[-1].created_at = min(moment, utcnow())
    if ticket.status in lifecycle.OPEN_STATES and rng.random() < 0.5:
        services.assign(ticket.id, actor, actor)
    # Backdating moved the timeline: derive the copies and due dates again from it.
    db.session.flush()
    responses = [e.created_at for e in ticket.events if lifecycle.is_response(e)]
    ticket.first_response_at = min(responses) if responses else None
    resolutions = [e.created_at for e in ticket.events if e.to_status == lifecycle.RESOLVED]
    ticket.resolved_at = max(resolutions) if resolutions and ticket.status != lifecycle.IN_PROGRESS else None
    policy.due_dates(policy.target_for_ticket(ticket), ticket.created_at).apply(ticket)


def _can_act(staff_member: Staff, ticket: Ticket) -> bool:
    from suite.ticketing.access import can_act

    return can_act(staff_member, ticket)
