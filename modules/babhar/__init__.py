"""e-Babhar: maternal care. Pregnancy registration by or for a mother, her visit schedule and
risk card, her birth plan, and danger signs that page her midwife."""

from flask_babel import lazy_gettext as _l

from modules.babhar import danger, personal_data, services
from modules.babhar.forms import PregnancyIntakeForm
from modules.babhar.schemas import ClinicalAlarmSchema, DangerSignSchema, PregnancyExtrasSchema
from suite.identity.working_areas import PUSKESMAS, field_officer
from suite.registry import Category, ServiceModule, ServiceStandard

REGISTRATION, DANGER_SIGN, CLINICAL_ALARM = "pregnancy_registration", "danger_sign", "clinical_alarm"
POSTPARTUM_DANGER, NEWBORN_DANGER = "postpartum_danger_sign", "newborn_danger_sign"
DANGER_CATEGORIES = (DANGER_SIGN, POSTPARTUM_DANGER, NEWBORN_DANGER)
URGENT_CATEGORIES = DANGER_CATEGORIES + (CLINICAL_ALARM,)
# Extras only the server sets (TicketDraft.context): whose pregnancy, who reported, which staff member
# filed or opened it. Whatever a client sends under these names is dropped.
SERVER_FIELDS = ("pregnancy_id", "reported_by", "opened_by_staff_id", "filed_by_staff_id")


class BabharModule(ServiceModule):
    code = "babhar"
    prefix = "BBH"
    name = _l("e-Babhar")
    icon = "♥"
    description = _l(
        "Pendampingan ibu hamil: daftarkan kehamilan, ketahui hari perkiraan lahir dan jadwal "
        "pemeriksaan, dan laporkan tanda bahaya langsung ke bidan dan puskesmas Anda."
    )
    default_agency_code = "dinkes"
    sensitive = True
    care_root = "dinkes"
    detect_duplicates = False
    # A registration or danger report carries its own rows (pregnancy, signs) made for its category.
    reclassifiable = False
    # Every category is the module's own logic (registration, the danger signs of each phase, clinical
    # alarms): admins rename them and set their targets, never add, deactivate or re-route one.
    fixed_categories = (REGISTRATION,) + URGENT_CATEGORIES
    categories_extendable = False
    default_categories = [
        Category(REGISTRATION, _l("Registrasi kehamilan")),
        Category(DANGER_SIGN, _l("Tanda bahaya kehamilan"), urgent=True),
        Category(POSTPARTUM_DANGER, _l("Tanda bahaya ibu nifas"), urgent=True),
        Category(NEWBORN_DANGER, _l("Tanda bahaya bayi baru lahir"), urgent=True),
        Category(CLINICAL_ALARM, _l("Alarm hasil pemeriksaan"), urgent=True),
    ]
    standard = ServiceStandard(
        requirements=[
            _l("Akun warga dengan NIK perempuan"),
            _l("Tanggal hari pertama haid terakhir (HPHT)"),
            _l("Persetujuan pengolahan data kesehatan"),
        ],
        duration=_l(
            "Bidan menghubungi ibu paling lama 2 hari setelah pendaftaran; tanda bahaya ditanggapi dalam 15 menit."
        ),
        procedure=[
            _l("Ibu atau bidan mendaftarkan kehamilan"),
            _l("Sistem menghitung hari perkiraan lahir dan jadwal pemeriksaan"),
            _l("Bidan wilayah menilai risiko (KSPR) dan mendampingi sampai nifas"),
        ],
        product=_l("Jadwal pemeriksaan kehamilan, penilaian risiko (KSPR) dan pendampingan bidan wilayah."),
        legal_basis=[
            _l("UU 25/2009 tentang Pelayanan Publik"),
            _l("Permenpan RB 15/2014 tentang Pedoman Standar Pelayanan"),
            _l("UU 17/2023 tentang Kesehatan; PMK 21/2021 tentang pelayanan kesehatan masa hamil dan nifas"),
        ],
    )
    intake_form = PregnancyIntakeForm
    extras_schema = PregnancyExtrasSchema
    intake_template = "babhar/intake.html"
    template_folder = "templates"

    def sms_keywords(self) -> set[str]:
        return {"BABHAR", "BAHAYA"}

    def message_commands(self):
        return {"BAHAYA"}

    def message_command(self, keyword, text, citizen, phone=None):
        if keyword.upper() != "BAHAYA":
            return None
        from modules.babhar.messages import danger_by_message

        return danger_by_message(text, citizen, phone)

    def closed_advice(self):
        # A danger sign is an emergency: closing e-Babhar to new reports stops its tickets, never the
        # advice. Every channel's closed reply starts with the same words the BAHAYA reply starts with.
        return _l(
            "DARURAT? Telepon 119 sekarang. Bila perdarahan, kejang atau pingsan, segera ke puskesmas atau "
            "rumah sakit terdekat."
        )

    def message_hints(self):
        return [
            _l(
                "BAHAYA: ibu hamil, ibu nifas (BAHAYA NIFAS) atau bayi (BAHAYA BAYI) dalam bahaya; dari nomor "
                "yang belum terdaftar sebutkan desanya: BAHAYA <desa>"
            )
        ]

    def schema_for(self, category):
        if category in DANGER_CATEGORIES:
            return DangerSignSchema
        return ClinicalAlarmSchema if category == CLINICAL_ALARM else PregnancyExtrasSchema

    def check_citizen(self, citizen, category=None):
        # Anyone may raise a danger sign (a husband, a neighbour): it never waits on who they are.
        return None if category in URGENT_CATEGORIES else services.refusal_for(citizen)

    def complete_draft(self, draft, citizen) -> None:
        if draft.category not in URGENT_CATEGORIES:
            draft.category = REGISTRATION
        extras = {k: v for k, v in (draft.extras or {}).items() if k not in SERVER_FIELDS}
        draft.extras = {**extras, **{k: v for k, v in draft.context.items() if k in SERVER_FIELDS}}
        if draft.category in DANGER_CATEGORIES:
            danger.link_pregnancy(draft, citizen)
        pregnancy = services.pregnancy_by_id((draft.extras or {}).get("pregnancy_id"))
        if pregnancy is not None:  # where she is, when the family said so; else her home desa
            draft.desa_code = draft.desa_code or pregnancy.mother.desa_code
        elif citizen is not None and not draft.desa_code:
            draft.desa_code = citizen.desa_code
        if not (draft.description or "").strip():
            draft.description = str(
                _l("Tanda bahaya dilaporkan.")
                if draft.category in URGENT_CATEGORIES
                else _l("Pendaftaran kehamilan baru.")
            )
        draft.latitude = draft.longitude = None
        draft.confidential = True

    def agency_codes(self) -> set[str]:
        return super().agency_codes() | {"command-center"}  # paged for ambulances and danger signs

    def route(self, draft) -> str:
        pregnancy = services.pregnancy_by_id((draft.extras or {}).get("pregnancy_id"))
        if pregnancy is not None:
            return pregnancy.agency.code  # the unit that already cares for her
        return services.responsible_agency_code(draft.desa_code) or self.default_agency_code

    def default_sla_targets(self) -> list[dict]:
        # A danger sign must be seen within the hour: first response in 15 minutes.
        return [
            {
                "category": category,
                "first_response_minutes": 15,
                "reward_minutes": 5,
                "sanction_minutes": 60,
                "verification_minutes": 30,
                "resolution_minutes": 24 * 60,
                "note": "Tanda bahaya / alarm klinis: ditanggapi dalam 15 menit, eskalasi ke Dinkes bila lewat.",
            }
            for category in URGENT_CATEGORIES
        ]

    def after_open(self, ticket, extras, citizen) -> None:
        if ticket.category in URGENT_CATEGORIES:
            danger.page_for_danger_sign(ticket)
        else:
            staff = services.staff_by_id(extras.get("filed_by_staff_id"))
            pregnancy = services.create_pregnancy(ticket, extras, citizen, staff)
            midwife = field_officer(PUSKESMAS, ticket.desa_code)
            if midwife is not None and midwife.agency_id == pregnancy.agency_id:
                pregnancy.midwife_id = midwife.id

    def after_forward(self, ticket) -> None:
        # The new unit's midwife and duty phone must hear of an urgent ticket now, not from its queue.
        if ticket.category in URGENT_CATEGORIES:
            danger.page_for_danger_sign(ticket)

    def seed_reference(self) -> int:
        return services.seed_card()

    def scheduled_jobs(self) -> list:
        return [lambda now: f"{services.send_reminders(now.date())} visit reminders queued"]

    # -- personal data (issue 9, item 12): modules/babhar/personal_data.py --
    def personal_data(self, citizen) -> dict:
        return personal_data.personal_data(citizen)

    def consents(self, citizen):
        return personal_data.consents(citizen)

    def withdraw_consent(self, citizen, key, now) -> bool:
        return personal_data.withdraw_consent(citizen, key, now)

    def legal_holds(self, citizen) -> list:
        return personal_data.legal_holds(citizen)

    def erase_personal_data(self, citizen) -> None:
        from suite.database import utcnow

        personal_data.erase_personal_data(citizen, utcnow())

    def citizen_facts(self, ticket) -> list[tuple[object, str]]:
        # Issue 14, item 6: the registration's confirmation tells her the due date (Naegele's rule,
        # stored at registration: obstetrics.due_date) and her next visit (the schedule made from
        # the admins' antenatal contacts: schedule.antenatal_schedule).
        from flask_babel import format_date
        from flask_babel import gettext as _

        pregnancy = services.pregnancy_for_ticket(ticket.id) if ticket.category == REGISTRATION else None
        if pregnancy is None:
            return []
        facts: list[tuple[object, str]] = [(_l("Hari perkiraan lahir (HPL)"), format_date(pregnancy.due_date))]
        if pregnancy.status != "active":
            return facts
        visit = services.next_visit(pregnancy)
        if visit is None:
            return facts
        when = _(
            "%(code)s, %(date)s (dalam rentang %(start)s – %(end)s)",
            code=visit.code,
            date=format_date(visit.due_on),
            start=format_date(visit.window_start),
            end=format_date(visit.window_end),
        )
        if visit.with_doctor:
            when += " · " + _("dokter + USG")
        facts.append((_l("Pemeriksaan kehamilan berikutnya"), when))
        return facts

    def menu_links(self):
        return [
            (_l("Kehamilan saya"), "module_babhar.my_pregnancies"),
            (_l("Laporkan tanda bahaya"), "module_babhar.danger"),
            (_l("Keluarga: laporkan tanda bahaya untuk ibu atau bayi"), "module_babhar.family_danger"),
        ]

    def register_views(self, blueprint) -> None:
        from modules.babhar.blueprint import add_routes

        add_routes(blueprint)

    def demo_draft(self, rng, citizen):
        from datetime import date, timedelta

        from suite.identity.nik import age_on
        from suite.ticketing.draft import TicketDraft

        if not 17 <= age_on(citizen.birth_date, date.today()) <= 45 or services.active_pregnancy(citizen):
            return None
        gravida = rng.randint(1, 4)
        para = rng.randint(0, gravida - 1)
        return TicketDraft(
            category=REGISTRATION,
            description="",
            extras={
                "last_period_date": (date.today() - timedelta(days=rng.randint(20, 270))).isoformat(),
                "gravida": gravida,
                "para": para,
                "abortus": rng.randint(0, gravida - 1 - para),
                "consent": True,
            },
        )


module = BabharModule()
