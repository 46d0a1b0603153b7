"""e-Babhar: maternal care. Pregnancy registration by or for a mother."""

from flask_babel import lazy_gettext as _l

from modules.babhar import services
from modules.babhar.forms import PregnancyIntakeForm
from modules.babhar.schemas import PregnancyExtrasSchema
from suite.registry import Category, ServiceModule, ServiceStandard


class BabharModule(ServiceModule):
    code = "babhar"
    prefix = "BBH"
    name = _l("e-Babhar")
    icon = "♥"
    description = _l("Pendampingan ibu hamil: daftarkan kehamilan, ketahui hari perkiraan lahir, dan "
                     "terhubung dengan bidan desa dan puskesmas Anda.")
    default_agency_code = "dinkes"
    sensitive = True
    detect_duplicates = False
    categories = [Category("pregnancy_registration", _l("Registrasi kehamilan"))]
    standard = ServiceStandard(
        requirements=[_l("Akun warga dengan NIK perempuan"), _l("Tanggal hari pertama haid terakhir (HPHT)"),
                      _l("Persetujuan pengolahan data kesehatan")],
        duration=_l("Bidan menghubungi ibu paling lama 2 hari setelah pendaftaran."),
        procedure=[_l("Ibu atau bidan mendaftarkan kehamilan"), _l("Sistem menghitung hari perkiraan lahir"),
                   _l("Bidan wilayah menerima data dan menjadwalkan pemeriksaan")],
    )
    intake_form = PregnancyIntakeForm
    extras_schema = PregnancyExtrasSchema
    intake_template = "babhar/intake.html"
    template_folder = "templates"

    def check_citizen(self, citizen):
        return services.refusal_for(citizen)

    def complete_draft(self, draft, citizen) -> None:
        draft.category = "pregnancy_registration"
        if citizen is not None:
            draft.desa_code = citizen.desa_code
        if not (draft.description or "").strip():
            draft.description = str(_l("Pendaftaran kehamilan baru."))
        draft.latitude = draft.longitude = None

    def route(self, draft) -> str:
        return services.responsible_agency_code(draft.desa_code) or self.default_agency_code

    def after_open(self, ticket, extras, citizen) -> None:
        services.create_pregnancy(ticket, extras, citizen)

    def register_views(self, blueprint) -> None:
        from modules.babhar.views import register

        register(blueprint, self)


    def demo_draft(self, rng, citizen):
        from datetime import date, timedelta

        from suite.identity.nik import age_on
        from suite.ticketing.services import TicketDraft

        if not 17 <= age_on(citizen.birth_date, date.today()) <= 45:
            return None
        gravida = rng.randint(1, 4)
        para = rng.randint(0, gravida - 1)
        return TicketDraft(category="pregnancy_registration", description="", extras={
            "last_period_date": (date.today() - timedelta(days=rng.randint(20, 270))).isoformat(),
            "gravida": gravida, "para": para, "abortus": rng.randint(0, gravida - 1 - para), "consent": True})


module = BabharModule()
