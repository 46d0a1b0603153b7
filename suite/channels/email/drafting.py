"""A ticket draft from a mail's text, for any service, without knowing the service by name.

Citizens may write labelled lines, one per line, named as on the web form of the service::

    Desa: Dabuan
    Nama jalan: Jl. Raya Tlanakan
    Jenis kerusakan: Berlubang
    Tingkat kerusakan: Berat

``Desa``, ``Kategori`` and ``Koordinat`` work for every service; the other labels come from the
service's own intake form (its Indonesian field labels, or the field names), and choice values
match the form's choices by code or label. Whatever is missing is left to the ticketing
service's validation, whose errors the caller turns into a note or a polite refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from suite import reference
from suite.registry import ServiceModule
from suite.ticketing.draft import TicketDraft

DEFAULT_CATEGORY = "other"
DESA_KEYS = {"desa", "kelurahan", "desa/kelurahan", "desa/kelurahan lokasi", "desa lokasi", "lokasi desa"}
CATEGORY_KEYS = {"kategori", "category", "jenis laporan"}
POINT_KEYS = {"koordinat", "titik", "titik lokasi", "titik peta", "gps", "lokasi gps"}
SKIPPED_FIELD_TYPES = {"HiddenField", "FileField", "MultipleFileField", "SubmitField", "CSRFTokenField"}
TRUE_WORDS = {"ya", "y", "yes", "true", "1", "benar", "setuju"}

_LABELLED_LINE = re.compile(r"^[ \t]*([^\W\d][\w /().-]{0,48}?)[ \t]*:[ \t]*(\S[^\n]*?)[ \t]*$", re.MULTILINE)
_POINT = re.compile(r"(-?\d{1,2}\.\d{3,})\s*[,;]\s*(-?\d{1,3}\.\d{3,})")
_MAP_LINK = re.compile(r"[@=](-?\d{1,2}\.\d{3,}),(-?\d{1,3}\.\d{3,})")
# A lookahead, so that "desa A dan desa B" yields both mentions.
_DESA_MENTION = re.compile(r"(?=\b(?:desa|kelurahan|ds\.|kel\.)[ \t]+(\w[\w']*(?:[ \t]+\w[\w']*){0,2}))", re.IGNORECASE)


@dataclass(frozen=True)
class ExtraField:
    name: str
    label: str  # normalised Indonesian label
    field_type: str
    choices: tuple[tuple[str, str], ...] | None


def draft_from_text(
    module: ServiceModule, subject: str, text: str, description: str, reporter: dict | None = None
) -> TicketDraft:
    """The draft ``module`` would get from a mail with this subject and text."""
    pairs = labelled_pairs(text)
    free_text = "\n".join([subject] + [line for line in text.splitlines() if not _LABELLED_LINE.match(line)])
    latitude, longitude = _point(pairs, text)
    desa_text = pairs.get_any(DESA_KEYS)
    return TicketDraft(
        category=_category(module, pairs.get_any(CATEGORY_KEYS), free_text),
        description=description,
        desa_code=find_desa(desa_text) if desa_text else find_desa_mention(text),
        latitude=latitude,
        longitude=longitude,
        extras=_extras(module, pairs),
        reporter=reporter,
    )


def field_labels(module: ServiceModule) -> dict[str, str]:
    """Field name -> Indonesian label, to name what a refused draft lacked."""
    with force_locale("id"):
        labels = {
            "category": _("Kategori"),
            "description": _("Isi laporan"),
            "desa_code": _("Desa/kelurahan"),
            "latitude": _("Koordinat"),
            "photos": _("Lampiran"),
        }
        for field in _extra_fields(module):
            labels[field.name] = field.label[:1].upper() + field.label[1:]
    return labels


class _Pairs(dict):
    def get_any(self, keys: set[str]) -> str | None:
        return next((value for key, value in self.items() if key in keys), None)


def labelled_pairs(text: str) -> _Pairs:
    """``Label: value`` lines, labels normalised; the first line with a label wins."""
    pairs = _Pairs()
    for match in _LABELLED_LINE.finditer(text or ""):
        pairs.setdefault(_norm(match.group(1)), match.group(2).strip())
    return pairs


def find_desa(value: str) -> str | None:
    """A desa code from ``35.28.01.2001``, ``Dabuan`` or ``Tanjung, Kec. Pegantenan``; None when unknown
    or ambiguous."""
    value = (value or "").strip()
    if reference.desa(value):
        return value
    name, _, kecamatan = value.partition(",")
    return _unique_desa(
        _strip_prefix(name, ("desa", "kelurahan", "ds.", "kel.")),
        _strip_prefix(kecamatan, ("kecamatan", "kec.", "kec")),
    )


def find_desa_mention(text: str) -> str | None:
    """The one desa the text names as ``desa X`` / ``kelurahan X``, if exactly one."""
    found = set()
    for match in _DESA_MENTION.finditer(text or ""):
        words = match.group(1).split()
        for length in range(min(3, len(words)), 0, -1):
            code = _unique_desa(" ".join(words[:length]), "")
            if code:
                found.add(code)
                break
    return found.pop() if len(found) == 1 else None


def _unique_desa(name: str, kecamatan: str) -> str | None:
    name, kecamatan = _norm(name), _norm(kecamatan)
    if not name:
        return None
    regions = reference.local_regions()
    matches = [
        r.code
        for r in reference.desa_list()
        if _norm(r.name) == name and (not kecamatan or _norm(regions[r.parent_code].name) == kecamatan)
    ]
    return matches[0] if len(matches) == 1 else None


def _strip_prefix(value: str, prefixes: tuple[str, ...]) -> str:
    value = value.strip()
    for prefix in prefixes:
        if value.lower().startswith(prefix + " ") or value.lower().startswith(prefix) and prefix.endswith("."):
            return value[len(prefix) :].strip()
    return value


def _category(module: ServiceModule, value: str | None, free_text: str) -> str:
    if value:
        choice = _match_choice(value, tuple((c.code, _label(c.label)) for c in module.categories))
        return choice or value  # an unknown category is refused by validation, by name
    default = current_app.config.get("MAIL_DEFAULT_CATEGORY", DEFAULT_CATEGORY)
    if module.category(default):
        return default
    if len(module.categories) == 1:
        return module.categories[0].code
    # The category whose code or first label word the citizen wrote first.
    lowered = free_text.lower()
    best = None
    for category in module.categories:
        for word in {category.code.lower(), _label(category.label).lower().split(" ")[0]}:
            match = re.search(rf"\b{re.escape(word)}\b", lowered) if len(word) >= 4 else None
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), category.code)
    return best[1] if best else ""


def _extras(module: ServiceModule, pairs: _Pairs) -> dict:
    extras: dict[str, object] = {}
    fields = _extra_fields(module)
    for key, value in pairs.items():
        field = next(
            (f for f in fields if key in (f.label, f.name, f.name.replace("_", " ")) or f.label.startswith(key + " ")),
            None,
        )
        if field is None or field.name in extras:
            continue
        if field.field_type == "BooleanField":
            extras[field.name] = _norm(value) in TRUE_WORDS
        elif field.choices:
            extras[field.name] = _match_choice(value, field.choices) or value
        else:
            extras[field.name] = value
    return extras


def _extra_fields(module: ServiceModule) -> list[ExtraField]:
    if module.intake_form is None:
        return []
    with force_locale("id"):
        form = module.intake_form(formdata=None, meta={"csrf": False}, module=module)
        return [
            ExtraField(field.name, _norm(_label(field.label.text)), field.type, _choices(field))
            for field in form.extra_fields()
            if field.type not in SKIPPED_FIELD_TYPES
        ]


def _choices(field) -> tuple[tuple[str, str], ...] | None:
    raw = getattr(field, "choices", None)
    if not raw:
        return None
    if isinstance(raw, dict):  # grouped choices
        raw = [choice for group in raw.values() for choice in group]
    pairs = []
    for choice in raw:
        value, label = (choice[0], choice[1]) if isinstance(choice, (tuple, list)) else (choice, choice)
        if str(value):
            pairs.append((str(value), _norm(_label(label))))
    return tuple(pairs)


def _match_choice(value: str, choices: tuple[tuple[str, str], ...]) -> str | None:
    wanted = _norm(value)
    for code, label in choices:
        if wanted in (code.lower(), label, label.split(":")[0].strip()):
            return code
    for code, label in choices:
        head = label.split(":")[0].strip()
        if len(wanted) >= 3 and (label.startswith(wanted) or wanted.startswith(head + " ")):
            return code
    return None


def _point(pairs: _Pairs, text: str) -> tuple[float | None, float | None]:
    value = pairs.get_any(POINT_KEYS)
    match = (_POINT.search(value) if value else None) or _MAP_LINK.search(text or "")
    if not match:
        return None, None
    return float(match.group(1)), float(match.group(2))


def _label(value) -> str:
    with force_locale("id"):
        return str(value)


def _norm(value: str) -> str:
    value = re.sub(r"\((opsional|optional|boleh dikosongkan)\)", "", str(value or "").lower())
    return " ".join(value.replace("’", "'").split()).strip(" .:-")
