from flask_babel import lazy_gettext as _l

DAMAGE_TYPES = [
    ("pothole", _l("Berlubang")),
    ("crack", _l("Retak / amblas")),
    ("flood", _l("Tergenang / banjir")),
    ("broken_bridge", _l("Jembatan rusak / putus")),
    ("street_light", _l("Lampu jalan mati")),
    ("drainage", _l("Saluran tersumbat / rusak")),
]
SEVERITIES = [
    ("ringan", _l("Ringan: masih bisa dilewati dengan nyaman")),
    ("sedang", _l("Sedang: mengganggu, kendaraan harus pelan")),
    ("berat", _l("Berat: berbahaya atau tidak bisa dilewati")),
]
# Who is responsible depends on the road's status (UU 38/2004 on roads).
ROAD_STATUSES = [
    ("unknown", _l("Tidak tahu")),
    ("village", _l("Jalan desa")),
    ("regency", _l("Jalan kabupaten")),
    ("provincial", _l("Jalan provinsi")),
    ("national", _l("Jalan nasional")),
]
