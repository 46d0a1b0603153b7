"""e-Lorong: road and infrastructure reports for public works."""

from flask_babel import lazy_gettext as _l

from modules.lorong.forms import LorongIntakeForm
from modules.lorong.schemas import LorongExtrasSchema
from suite.reference import boundary
from suite.reference.external_bodies import for_road_status
from suite.registry import Category, HeavyDamage, ServiceModule, ServiceStandard
from suite.ticketing import heavy_damage, lifecycle

DEMO_ROADS = [
    "Jl. Raya Tlanakan",
    "Jl. Raya Pademawu",
    "Jl. Raya Proppo",
    "Jl. Trunojoyo",
    "Jl. Raya Larangan",
    "Jl. Raya Waru",
    "Jl. Raya Pasean",
    "Jl. Desa Bujur",
    "Jl. Kadur - Pakong",
    "Jl. Palengaan Laok",
]
DEMO_REPORTS = [
    ("jalan", "pothole", "Jalan berlubang besar di tikungan, sudah ada pengendara motor yang jatuh."),
    ("jalan", "crack", "Aspal retak memanjang dan mulai amblas di pinggir jalan."),
    ("jalan", "flood", "Jalan tergenang setiap hujan karena tidak ada saluran, lumpur sampai mata kaki."),
    ("jembatan", "broken_bridge", "Papan jembatan kayu patah, anak sekolah harus memutar jauh."),
    ("drainase", "drainage", "Saluran air tersumbat sampah sehingga air meluap ke jalan."),
    ("penerangan", "street_light", "Lampu jalan mati sudah dua minggu, jalan gelap dan rawan begal."),
]

HEAVY_DAMAGE = HeavyDamage("severity", "berat", place_field="road_name")


def _demo_point(rng) -> dict:
    if rng.random() < 0.4:
        return {}
    # Anywhere in the regency: ticket creation refuses a point outside its outline.
    (south, west), (north, east) = boundary.bounds()
    while True:
        latitude, longitude = round(rng.uniform(south, north), 6), round(rng.uniform(west, east), 6)
        if boundary.contains(latitude, longitude):
            return {"latitude": latitude, "longitude": longitude}


class LorongModule(ServiceModule):
    code = "lorong"
    prefix = "LRG"
    name = _l("e-Lorong")
    icon = "🛣"
    description = _l(
        "Laporkan jalan berlubang, jembatan rusak, lampu jalan mati atau saluran tersumbat, "
        "lengkap dengan lokasi dan foto, langsung ke Dinas PUPR."
    )
    default_agency_code = "pupr"
    kinds = ("complaint", "aspiration")  # a road is reported or suggested; information goes to e-Madul
    requires_desa = True
    report_on_map = True
    max_photos = 3  # the e-Lorong standard: the damage, its surroundings, a close-up
    default_categories = [
        Category("jalan", _l("Jalan rusak")),
        Category("jembatan", _l("Jembatan rusak")),
        Category("drainase", _l("Saluran air / drainase")),
        Category("penerangan", _l("Lampu penerangan jalan"), agency_code="dishub"),
    ]
    standard = ServiceStandard(
        requirements=[
            _l("Akun warga dengan NIK"),
            _l("Lokasi (desa dan, bila bisa, titik peta)"),
            _l("Foto kerusakan (dianjurkan)"),
        ],
        duration=_l(
            "Tanggapan pertama paling lama 2 hari; perbaikan ringan dan sedang dijadwalkan "
            "langsung, kerusakan berat masuk siklus anggaran."
        ),
        procedure=[
            _l("Isi laporan dan kirim"),
            _l("Petugas PUPR memverifikasi di lokasi"),
            _l("Perbaikan dijadwalkan dan dikerjakan"),
            _l("Laporan ditutup dengan foto sesudah perbaikan"),
        ],
        product=_l(
            "Jalan, jembatan, saluran atau lampu yang diperbaiki (dengan foto sesudahnya), atau penjelasan "
            "tertulis instansi yang berwenang bila bukan jalan kabupaten."
        ),
        legal_basis=[
            _l("UU 25/2009 tentang Pelayanan Publik"),
            _l("Permenpan RB 15/2014 tentang Pedoman Standar Pelayanan"),
            _l("UU 38/2004 tentang Jalan jo. UU 2/2022; PP 34/2006 tentang Jalan"),
        ],
    )
    intake_form = LorongIntakeForm
    extras_schema = LorongExtrasSchema
    # FixMyStreet's lesson: states that say what is happening, and an honest "not ours".
    workflow_states = lifecycle.WORKFLOW_STATES
    # The published standard closes a report "with a photo after the repair".
    requires_after_photo = True
    # Heavy damage waits for the budget cycle (the published standard): the budget-planning report
    # lists these open reports with their road or landmark (issue 12, item 9).
    heavy_damage = HEAVY_DAMAGE
    public_status_labels = {
        lifecycle.RESOLVED: _l("Sudah diperbaiki"),
        lifecycle.REFERRED: _l("Bukan jalan kabupaten"),
    }

    def status_label(self, status: str):
        return self.public_status_labels.get(status)

    def referral_body(self, ticket) -> str | None:
        # The citizen's own guess of the road's status; the officer confirms it on the ground.
        body = for_road_status((ticket.extras or {}).get("road_status"))
        return body.code if body else None

    def extras_from_text(self, category, text: str) -> dict:
        from modules.lorong.text_reports import extras_from_text

        return extras_from_text(category, text)

    def title(self, draft) -> str:
        road = (draft.extras or {}).get("road_name") or ""
        return f"{super().title(draft)}: {road}"[:200] if road else super().title(draft)

    def demo_draft(self, rng, citizen):
        from suite.ticketing.draft import TicketDraft

        category, damage, text = rng.choice(DEMO_REPORTS)
        return TicketDraft(
            category=category,
            description=text,
            desa_code=citizen.desa_code,
            **_demo_point(rng),
            extras={
                "road_name": rng.choice(DEMO_ROADS),
                "damage_type": damage,
                "severity": rng.choice(["ringan", "sedang", "sedang", "berat"]),
                "road_status": rng.choice(["regency", "village", "unknown"]),
            },
        )


module = LorongModule()
# The partial index the budget report's heavy-damage list reads (migration i12bud01 creates it).
HEAVY_DAMAGE_INDEX = heavy_damage.partial_index(module.code, HEAVY_DAMAGE)
