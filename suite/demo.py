"""Demo data: agencies, staff for each role, citizens and a few hundred tickets.

Each module writes its own realistic drafts (``ServiceModule.demo_draft``); the demo walks
tickets through the real services so timelines look like real work.
"""

from __future__ import annotations

import random
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
from suite.registry import enabled_modules, get_module
from suite.sla import policy
from suite.sla.seeding import seed_targets
from suite.ticketing import lifecycle, repair, services
from suite.ticketing.categories import seed_categories
from suite.ticketing.models import Ticket

# Set by hashing directly: the password policy (issue 9, item 4) would refuse it anywhere else.
DEMO_PASSWORD = "demo12345"
# Demo data only: every demo staff account's TOTP secret, printed by seed-demo and in the README, so
# anyone trying the demo can get a code (``python -c "import pyotp; print(pyotp.TOTP(SECRET).now())"``).
DEMO_TOTP_SECRET = "DEMOSUITEPAMEKASANDEMOSUITEPAMEK"
DEMO_STAFF = [
    ("admin@pamekasankab.go.id", "Admin Suite", "admin", None, None),
    ("command@pamekasankab.go.id", "Pengawas Command Center", "supervisor", None, None),
    ("callcenter@pamekasankab.go.id", "Operator Command Center 112", "officer", "command-center", "081230001120"),
    ("pupr@pamekasankab.go.id", "Budi Santoso (PUPR)", "officer", "pupr", None),
    ("kabid.pupr@pamekasankab.go.id", "Hasan Basri (Kabid PUPR)", "supervisor", "pupr", None),
    ("dinkes@pamekasankab.go.id", "dr. Siti Aminah (Dinkes)", "supervisor", "dinkes", "081230001001"),
    ("bidan.tlanakan@pamekasankab.go.id", "Bidan Nur Hayati", "officer", "pkm-tlanakan", "081230002001"),
    ("bidan.pademawu@pamekasankab.go.id", "Bidan Rika Fitriani", "officer", "pkm-pademawu", "081230002002"),
    ("kominfo@pamekasankab.go.id", "Ahmad Fauzi (Kominfo)", "officer", "kominfo", None),
    ("dlh@pamekasankab.go.id", "Moh. Ridwan (DLH)", "officer", "dlh", None),
    ("dishub@pamekasankab.go.id", "Slamet Riyadi (Dishub)", "officer", "dishub", None),
    ("capil@pamekasankab.go.id", "Lilis Suryani (Dispendukcapil)", "officer", "dispendukcapil", None),
]
DEMO_CALL_CENTRE = {"callcenter@pamekasankab.go.id"}
# Demo duty phones (fictitious numbers): real ones are entered by admins from Dinkes data.
DEMO_DUTY_PHONES = {"pkm-tlanakan": "+6281230003001", "command-center": "+6281230000112"}
# Each demo midwife is the village midwife (bidan desa) of every desa her puskesmas serves.
DEMO_VILLAGE_MIDWIVES = {
    "bidan.tlanakan@pamekasankab.go.id": "pkm-tlanakan",
    "bidan.pademawu@pamekasankab.go.id": "pkm-pademawu",
}
FIRST_NAMES_F = ["Siti", "Nur", "Aisyah", "Fatimah", "Khotijah", "Maimunah", "Rohmah", "Zainab", "Lailatul", "Ummi"]
FIRST_NAMES_M = ["Moh.", "Ahmad", "Abdul", "Hasan", "Slamet", "Rofiq", "Imam", "Syaiful", "Zainal", "Musleh"]
LAST_NAMES = ["Hasanah", "Rahman", "Hidayat", "Fauzi", "Qomariyah", "Sholeh", "Munawaroh", "Hakim", "Jannah", "Anwar"]
# The demo citizens documented in the README.
KNOWN_CITIZENS = [
    ("3528014506900001", "Siti Rahmawati", date(1990, 6, 5), "F", "081234500001", "35.28.01.2001"),
    ("3528021203850002", "Moh. Hasyim", date(1985, 3, 12), "M", "081234500002", "35.28.02.2001"),
]


def seed_demo(ticket_count: int = 300, seed: int = 20261124) -> str:
    """Create demo data once; a second run only reports that it is there."""
    seed_agencies()
    seed_targets()
    seed_modules()
    seed_categories()
    if db.session.execute(select(Staff.id).where(Staff.email == DEMO_STAFF[0][0])).first():
        return "Demo data already present.\n" + _second_factor_note()
    rng = random.Random(seed)
    staff = [
        create_staff(email, name, None, role=role, agency=agency_by_code(code) if code else None, phone=phone)
        for email, name, role, code, phone in DEMO_STAFF
    ]
    for member in staff:  # the documented demo password and second factor (issue 9, item 4)
        member.password_hash = hash_password(DEMO_PASSWORD)
        totp.enrol_with_secret(member, DEMO_TOTP_SECRET)
    _demo_contacts(staff)
    for member in staff:  # the call-centre operator finds callers by NIK or phone (issue 9, item 10)
        member.call_centre = member.email in DEMO_CALL_CENTRE
    citizens = [_known_citizen(*row) for row in KNOWN_CITIZENS]
    citizens += [_random_citizen(rng, i) for i in range(3, 41)]
    modules = list(enabled_modules().values())
    created = 0
    for module in modules:  # the README's demo citizen has a report in every module (a pregnancy too)
        draft = None if module.check_citizen(citizens[0]) else module.demo_draft(rng, citizens[0])
        if draft is not None:
            services.open_ticket(module, citizens[0], draft, channel="web")
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
        + _second_factor_note()
    )


def _second_factor_note() -> str:
    lines = [
        f"Demo staff sign in with password {DEMO_PASSWORD} and a TOTP code (demo data only); "
        f"code now: python -c \"import pyotp; print(pyotp.TOTP('{DEMO_TOTP_SECRET}').now())\""
    ]
    lines += [f"  {email}\tTOTP secret {DEMO_TOTP_SECRET}" for email, *_ in DEMO_STAFF]
    return "\n".join(lines)


def _seeded_agency(code: str) -> Agency:
    agency = agency_by_code(code)
    if agency is None:  # the demo names only agencies that seed_agencies creates
        raise RuntimeError(f"demo data names agency {code!r}, which the seed did not create")
    return agency


def _demo_contacts(staff: list[Staff]) -> None:
    for code, phone in DEMO_DUTY_PHONES.items():
        _seeded_agency(code).phone = phone
    by_email = {s.email: s for s in staff}
    for email, unit_code in DEMO_VILLAGE_MIDWIVES.items():
        unit = _seeded_agency(unit_code)
        for area in db.session.execute(select(WorkingArea).where(WorkingArea.agency_id == unit.id)).scalars():
            area.field_staff_id = by_email[email].id
    db.session.flush()


def _known_citizen(nik, name, born, sex, phone, desa_code) -> Citizen:
    return _with_demo_password(register_citizen(CitizenRegistration(nik, name, born, sex, phone, desa_code, None)))


def _with_demo_password(citizen: Citizen) -> Citizen:
    citizen.password_hash = hash_password(DEMO_PASSWORD)  # hashed directly: the policy refuses it
    # Demo citizens have proven their phone and shown their KTP (issue 9, item 5).
    citizen.phone_confirmed_at = citizen.identity_verified_at = utcnow()
    citizen.identity_verification_method = "ktp_in_person"
    return citizen


def _random_citizen(rng: random.Random, n: int) -> Citizen:
    sex = rng.choice("FM")
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
    # The first few live near the README's demo mother, so the demo midwife has a caseload.
    desa = rng.choice(reference.desa_list(KNOWN_CITIZENS[0][5].rsplit(".", 1)[0]) if n < 12 else reference.desa_list())
    kecamatan = desa.parent_code.split(".")[-1]
    day = born.day + (40 if sex == "F" else 0)
    nik = f"3528{kecamatan}{day:02d}{born.month:02d}{born.year % 100:02d}{n:04d}"
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
