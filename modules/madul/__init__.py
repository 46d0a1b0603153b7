"""e-Madul: every other complaint, routed to the responsible agency."""

from flask_babel import lazy_gettext as _l

from modules.madul.routing import KEYWORDS
from suite.registry import Category, ServiceModule, ServiceStandard, Suggestion
from suite.ticketing.routing import suggest


class MadulModule(ServiceModule):
    code = "madul"
    prefix = "MDL"
    name = _l("e-Madul")
    icon = "✉"
    description = _l(
        "Pengaduan umum untuk semua urusan lain: kependudukan, sampah, ketertiban, perizinan, "
        "pendidikan, bantuan sosial, pungutan liar. Bisa anonim atau rahasia."
    )
    default_agency_code = "kominfo"
    # Issue 11, item 9: e-Madul is where the PPID is. Information requests go to the PPID Utama at
    # Diskominfo, which answers or passes them to the PPID of the agency holding the information.
    kinds = ("complaint", "aspiration", "information")
    information_agency_code = "kominfo"
    # "other" is where the text decides the agency (``route``), and where SMS and email fall back.
    fixed_categories = ("other",)
    default_categories = [
        Category("population", _l("Administrasi kependudukan (KTP, KK, akta)"), "dispendukcapil"),
        Category("waste", _l("Sampah dan lingkungan"), "dlh"),
        Category("public_order", _l("Ketertiban umum dan PKL"), "satpolpp"),
        Category("permits", _l("Perizinan"), "dpmptsp"),
        Category("education", _l("Pendidikan"), "disdik"),
        Category("social_aid", _l("Bantuan sosial"), "dinsos"),
        Category("transport", _l("Angkutan dan lalu lintas"), "dishub"),
        Category("housing", _l("Perumahan dan permukiman"), "disperkimhub"),
        Category("disaster", _l("Bencana"), "bpbd"),
        Category("misconduct", _l("Pungutan liar / perilaku aparatur"), "inspektorat"),
        Category("public_information", _l("Informasi publik"), "kominfo"),
        Category("other", _l("Lainnya (kami teruskan ke instansi yang tepat)")),
    ]
    standard = ServiceStandard(
        requirements=[_l("Akun warga dengan NIK (identitas dapat dirahasiakan)")],
        duration=_l(
            "Tanggapan pertama paling lama 2 hari; verifikasi paling lama 3 hari; tindak lanjut paling lama 5 "
            "hari; permintaan informasi 10 hari kerja."
        ),
        procedure=[
            _l("Pilih kategori dan ceritakan masalahnya"),
            _l("Diteruskan ke instansi yang berwenang"),
            _l("Instansi menanggapi secara terbuka"),
            _l("Warga menilai tanggapan"),
        ],
        product=_l(
            "Tanggapan tertulis dan tindak lanjut instansi yang berwenang; untuk permintaan informasi, keputusan PPID."
        ),
        legal_basis=[
            _l("UU 25/2009 tentang Pelayanan Publik"),
            _l("Permenpan RB 15/2014 tentang Pedoman Standar Pelayanan"),
            _l("Perpres 76/2013 tentang Pengelolaan Pengaduan Pelayanan Publik"),
            _l("UU 14/2008 tentang Keterbukaan Informasi Publik"),
        ],
    )

    def default_routing_keywords(self) -> dict[str, list[str]]:
        return {code: list(words) for code, words in KEYWORDS.items()}

    def suggest_classification(self, text: str) -> Suggestion | None:
        return suggest(self, text)

    def route(self, draft) -> str:
        # "Other" is the citizen saying "I don't know whose this is": the text decides.
        if draft.category == "other":
            suggestion = self.suggest_classification(draft.description)
            if suggestion and suggestion.agency_code:
                return suggestion.agency_code
        return super().route(draft)


module = MadulModule()
