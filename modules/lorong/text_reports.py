"""Reading e-Lorong's extra fields out of a one-line SMS or WhatsApp report.

``road_name`` from ``Jl./Jln./Jalan Raya/Gang <name>`` in the text, else "Tidak disebut";
``damage_type`` from words in the category label, then in the text (``lubang`` -> pothole,
``genang`` -> flood ...), else pothole; ``severity`` "sedang": never guessed upwards from words,
staff judge severity on site.
"""

from __future__ import annotations

import re

from flask_babel import force_locale
from flask_babel import gettext as _

_ROAD = re.compile(r"\b(jl|jln|jalan\s+raya|gang|gg)\b\.?\s+(.+)", re.I)
_NOT_A_NAME = {
    "depan",
    "dekat",
    "di",
    "ke",
    "dari",
    "sebelah",
    "samping",
    "arah",
    "menuju",
    "yang",
    "rusak",
    "berlubang",
    "lubang",
    "retak",
    "amblas",
    "banjir",
    "tergenang",
    "sudah",
    "belum",
    "mohon",
    "tolong",
    "sangat",
    "parah",
    "dan",
    "itu",
    "ini",
    "mati",
    "putus",
    "tersumbat",
    "no",
    "nomor",
    "rt",
    "rw",
}
_ROAD_PREFIX = {"jl": "Jl.", "jln": "Jl.", "gang": "Gg.", "gg": "Gg."}


def road_name(text: str, category) -> str:
    match = _ROAD.search(text or "")
    if match:
        marker = re.sub(r"\s+", " ", match.group(1).lower())
        prefix = "Jl. Raya" if marker == "jalan raya" else _ROAD_PREFIX[marker]
        name: list[str] = []
        for word in re.split(r"\s+", match.group(2)):
            bare = word.strip(",.;:!?()")
            if not bare or bare.lower() in _NOT_A_NAME or len(name) == 3:
                break
            name.append(bare[:1].upper() + bare[1:])
            if bare != word.rstrip():  # punctuation ends the name
                break
        if name:
            return f"{prefix} {' '.join(name)}"[:120]
    with force_locale("id"):
        return _("Tidak disebut")


_DAMAGE_WORDS = [
    ("jembatan", "broken_bridge"),
    ("lampu", "street_light"),
    ("pju", "street_light"),
    ("saluran", "drainage"),
    ("drainase", "drainage"),
    ("selokan", "drainage"),
    ("got", "drainage"),
    ("parit", "drainage"),
    ("gorong", "drainage"),
    ("lubang", "pothole"),
    ("retak", "crack"),
    ("amblas", "crack"),
    ("ambles", "crack"),
    ("longsor", "crack"),
    ("banjir", "flood"),
    ("genang", "flood"),
]


def damage_type(text: str, category) -> str:
    with force_locale("id"):
        label = str(category.label).lower()
    for source in (label, (text or "").lower()):
        for word in re.findall(r"[a-z]+", source):
            for needle, code in _DAMAGE_WORDS:
                if needle in word and (len(needle) > 3 or word == needle):
                    return code
    return "pothole"


def severity(text: str, category) -> str:
    return "sedang"


def extras_from_text(category, text: str) -> dict:
    return {
        "road_name": road_name(text, category),
        "damage_type": damage_type(text, category),
        "severity": severity(text, category),
    }
