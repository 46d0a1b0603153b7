"""e-Babhar: maternal care. Pregnancy registration by or for a mother, her visit schedule and
risk card, her birth plan, and danger signs that page her midwife."""

from flask_babel import lazy_gettext as _l

from modules.babhar import services
from modules.babhar.forms import PregnancyIntakeForm
from modules.babhar.schemas import DangerSignSchema, PregnancyExtrasSchema
from suite.registry import Category, ServiceModule, ServiceStandard

REGISTRATION, DANGER_SIGN = "pregnancy_registration", "danger_sign"


class BabharModule(ServiceModule):
    code = "babhar"
    prefix = "BBH"
    name = _l("e-Babhar")
    icon = "♥"
    description = _l("Pendampingan ibu hamil: daftarkan kehamilan, ketahui hari perkiraan lahir dan jadwal "
                     "pemeriksaan, dan laporkan tanda bahaya langsung ke bidan dan puskesmas Anda.")
    default_agency_code = "dinkes"
    sensitive = True
    detect_duplicates = False
    categories = [Category(REGISTRATION, _l("Registrasi kehamilan")),
                  Category(DANGER_SIGN, _l("Tanda bahaya kehamilan"), urgent=True)]
    standard = ServiceStandard(
        requirements=[_l("Akun warga dengan NIK perempuan"), _l("Tanggal hari pertama haid terakhir (HPHT)"),
                      _l("Persetujuan pengolahan data kesehatan")],
        duration=_l("Bidan menghubungi ibu paling lama 2 hari setelah pendaftaran; tanda bahaya ditanggapi "
                    "dalam 15 menit."),
        procedure=[_l("Ibu atau bidan mendaftarkan kehamilan"), _l("Sistem menghitung hari perkiraan lahir "
                                                                  "dan jadwal pemeriksaan"),
                   _l("Bidan wilayah menilai risiko (KSPR) dan mendampingi sampai nifas")],
    )
    intake_form = PregnancyIntakeForm
    extras_schema = PregnancyExtrasSchema
    intake_template = "babhar/intake.html"
    template_folder = "templates"

    def sms_keywords(self) -> set[str]:
        return {"BABHAR", "BAHAYA"}

    def message_command(self, keyword, text, citizen):
        if keyword.upper() != "BAHAYA":
            return None
        from modules.babhar.messages import danger_by_message

        return danger_by_message(text, citizen)

    def message_hints(self):
        return [_l("BAHAYA: ibu hamil dalam bahaya (bidan langsung diberi tahu)")]

    def schema_for(self, category):
        return DangerSignSchema if category == DANGER_SIGN else PregnancyExtrasSchema

    def check_citizen(self, citizen):
        return services.refusal_for(citizen)

    def complete_draft(self, draft, citizen) -> None:
        if draft.category != DANGER_SIGN:
            draft.category = REGISTRATION
        if citizen is not None:
            draft.desa_code = citizen.desa_code
        if not (draft.description or "").strip():
            draft.description = str(_l("Tanda bahaya kehamilan dilaporkan ibu.") if draft.category == DANGER_SIGN
                                    else _l("Pendaftaran kehamilan baru."))
        draft.latitude = draft.longitude = None
        draft.confidential = True

    def route(self, draft) -> str:
        return services.responsible_agency_code(draft.desa_code) or self.default_agency_code

    def default_sla_targets(self) -> list[dict]:
        # A danger sign must be seen within the hour: first response in 15 minutes.
        return [{"category": DANGER_SIGN, "first_response_minutes": 15, "reward_minutes": 5,
                 "sanction_minutes": 60, "verification_minutes": 30, "resolution_minutes": 24 * 60,
                 "note": "Tanda bahaya kehamilan: ditanggapi dalam 15 menit, eskalasi ke Dinkes bila lewat."}]

    def after_open(self, ticket, extras, citizen) -> None:
        if ticket.category == DANGER_SIGN:
            services.link_danger_sign(ticket, citizen)
            services.page_for_danger_sign(ticket)
        else:
            services.create_pregnancy(ticket, extras, citizen)

    def seed_reference(self) -> int:
        return services.seed_card()

    def scheduled_jobs(self) -> list:
        return [lambda now: f"{services.send_reminders(now.date())} visit reminders queued"]

    def menu_links(self):
        return [(_l("Kehamilan saya"), "module_babhar.my_pregnancies"),
                (_l("Laporkan tanda bahaya"), "module_babhar.danger")]

    def register_views(self, blueprint) -> None:
        from modules.babhar import views

        views.register(blueprint, self)

    def demo_draft(self, rng, citizen):
        from datetime import date, timedelta

        from suite.identity.nik import age_on
        from suite.ticketing.services import TicketDraft

        if not 17 <= age_on(citizen.birth_date, date.today()) <= 45 or services.active_pregnancy(citizen):
            return None
        gravida = rng.randint(1, 4)
        para = rng.randint(0, gravida - 1)
        return TicketDraft(category=REGISTRATION, description="", extras={
            "last_period_date": (date.today() - timedelta(days=rng.randint(20, 270))).isoformat(),
            "gravida": gravida, "para": para, "abortus": rng.randint(0, gravida - 1 - para), "consent": True})


module = BabharModule()
