"""e-Sehat: complaints about and requests for health services."""

from flask_babel import lazy_gettext as _l

from modules.sehat.forms import SehatIntakeForm
from modules.sehat.schemas import SehatExtrasSchema
from suite.registry import Category, ServiceModule, ServiceStandard

DEMO_COMPLAINTS = [
    ("waiting_time", "Antre dari jam 7 pagi sampai jam 12 belum dipanggil, loket pendaftaran hanya satu."),
    ("medicine", "Obat hipertensi untuk ibu saya kosong sudah dua kali kontrol, disuruh beli di apotek."),
    ("bpjs_card", "Kartu BPJS Kesehatan tidak aktif padahal iuran PBI, ditolak saat berobat."),
    ("staff_conduct", "Petugas jaga malam membentak keluarga pasien dan tidak menjelaskan tindakan."),
    ("cleanliness", "Kamar mandi ruang tunggu kotor dan airnya mati."),
    ("hospital_service", "Pasien rujukan menunggu kamar lebih dari 8 jam di IGD."),
    ("home_visit", "Mohon kunjungan rumah untuk nenek saya yang lumpuh dan tidak bisa ke puskesmas."),
]


class SehatModule(ServiceModule):
    code = "sehat"
    prefix = "SHT"
    name = _l("e-Sehat")
    icon = "✚"
    description = _l(
        "Keluhan dan permintaan layanan kesehatan: puskesmas, rumah sakit, petugas, obat, "
        "kartu BPJS Kesehatan, kunjungan rumah dan surat keterangan sehat."
    )
    default_agency_code = "dinkes"
    kinds = ("complaint", "aspiration")  # information requests go to the PPID through e-Madul
    # Health data stays inside Dinas Kesehatan; every category is sensitive until an admin
    # decides otherwise (Admin > Kategori sensitif), e.g. for cleanliness of a waiting room.
    care_root = "dinkes"
    sensitive_categories_editable = True
    # An ambulance request pages the call centre (``after_open``): it stays urgent and open.
    fixed_categories = ("ambulance",)
    default_categories = [
        Category("puskesmas_service", _l("Pelayanan puskesmas")),
        Category("hospital_service", _l("Pelayanan rumah sakit")),
        Category("staff_conduct", _l("Sikap petugas kesehatan")),
        Category("medicine", _l("Ketersediaan obat")),
        Category("bpjs_card", _l("Masalah kartu BPJS Kesehatan")),
        Category("cleanliness", _l("Kebersihan fasilitas")),
        Category("waiting_time", _l("Waktu tunggu")),
        Category("home_visit", _l("Permintaan kunjungan rumah")),
        Category("medical_certificate", _l("Permintaan surat keterangan sehat")),
        Category("ambulance", _l("Permintaan ambulans (bukan gawat darurat: telepon 119)"), urgent=True),
    ]
    standard = ServiceStandard(
        requirements=[_l("Akun warga dengan NIK"), _l("Nama fasilitas kesehatan yang dikeluhkan")],
        duration=_l("Tanggapan pertama paling lama 2 hari; permintaan ambulans ditanggapi dalam 15 menit."),
        procedure=[
            _l("Isi keluhan atau permintaan"),
            _l("Diteruskan ke puskesmas atau rumah sakit terkait"),
            _l("Petugas menanggapi dan menindaklanjuti"),
            _l("Warga menilai tanggapan"),
        ],
        product=_l("Tanggapan tertulis dan tindak lanjut dari puskesmas, rumah sakit atau Dinas Kesehatan."),
        legal_basis=[
            _l("UU 25/2009 tentang Pelayanan Publik"),
            _l("Permenpan RB 15/2014 tentang Pedoman Standar Pelayanan"),
            _l("UU 17/2023 tentang Kesehatan"),
        ],
    )
    intake_form = SehatIntakeForm
    template_folder = "templates"
    extras_schema = SehatExtrasSchema

    def agency_codes(self) -> set[str]:
        return super().agency_codes() | {"command-center"}  # paged for ambulances and danger signs

    def route(self, draft) -> str:
        # The facility's own unit (a puskesmas or the hospital) answers; Dinkes otherwise.
        # Without one, the puskesmas whose working area holds the desa (the citizen's own by default).
        facility = (draft.extras or {}).get("facility_code")
        if facility:
            return facility
        from suite.identity.working_areas import PUSKESMAS, serving_unit

        unit = serving_unit(PUSKESMAS, draft.desa_code)
        return unit.code if unit else super().route(draft)

    def complete_draft(self, draft, citizen) -> None:
        if not draft.desa_code and citizen is not None:
            draft.desa_code = citizen.desa_code

    def after_open(self, ticket, extras, citizen) -> None:
        if ticket.category == "ambulance":
            from modules.sehat.paging import page_call_centre

            page_call_centre(ticket, citizen)

    def menu_links(self):
        return [(_l("Daftar fasilitas kesehatan"), "module_sehat.facilities")]

    def register_views(self, blueprint) -> None:
        from modules.sehat.views import facilities_page

        blueprint.add_url_rule("/fasilitas", "facilities", facilities_page)

    def validate_extras(self, extras: dict, category: str | None = None) -> dict:
        from modules.sehat.facilities import facility_codes

        extras = {k: (v or None) for k, v in (extras or {}).items()}
        loaded = super().validate_extras(extras, category)
        if loaded.get("facility_code") and loaded["facility_code"] not in facility_codes():
            from marshmallow import ValidationError

            raise ValidationError({"facility_code": [str(_l("Fasilitas tidak dikenal."))]})
        return loaded

    def default_sensitive(self, category) -> bool:
        # UU 27/2022: health data is sensitive; a complaint about a puskesmas often names the illness.
        return True

    def demo_draft(self, rng, citizen):
        from suite.identity.working_areas import PUSKESMAS, serving_unit
        from suite.ticketing.draft import TicketDraft

        category, text = rng.choice(DEMO_COMPLAINTS)
        unit = serving_unit(PUSKESMAS, citizen.desa_code)
        facility = "rsud-smart" if category == "hospital_service" else (unit.code if unit else None)
        return TicketDraft(
            category=category, description=text, desa_code=citizen.desa_code, extras={"facility_code": facility}
        )


module = SehatModule()
