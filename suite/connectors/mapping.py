"""Turning a ticket into the JSON an endpoint receives: field mapping as data, attributes from a
fixed list (so a mapping can never reach the NIK, the phone or health extras).

What is public about SP4N-LAPOR!'s integration (checked December 2026): LAPOR! offers an
"API Integrasi Laporan" for the K/L/D complaint systems, JSON over HTTPS with an access token
issued by the LAPOR! team, but its documentation is only shown to accounts with the developer
role on the LAPOR! admin site (blog.lapor.go.id/integrasi); the older public "API Akses Data"
used POST with a ``KEYTOKEN`` parameter and named each report by its ``TrackingID``
(lapor.go.id/pengaduan/<TrackingID>). The citizen form asks for a title, the report text, the
date and place of the event, a category, and whether the report is anonymous or secret (rahasia);
a report goes "Belum Terverifikasi" -> verified and handed on ("Belum Ditindaklanjuti") ->
"Proses" -> "Selesai".

So the SP4N-LAPOR! defaults below follow the citizen form's fields and those public statuses;
the field names and status strings of the real integration API are ASSUMED and an admin must
check them against the documentation the LAPOR! team hands over, and edit the mapping (it is
data, not code). The wire protocol itself (``suite.connectors.client``) is this suite's; where
the real API differs, a small relay in front of it (or a change to ``client``) does the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app

from suite import reference
from suite.privacy.redaction import redact_nik
from suite.ticketing.models import Ticket

# The fixed part of every payload: who we are, the ticket's code, the idempotency key, and the
# reporter's choices the remote must honour. A mapping cannot overwrite it.
SOURCE_FIELD = "source"


def _region_name(code: str | None) -> str | None:
    region = reference.desa(code) if code else None
    return region.name if region else None


def _kecamatan_name(ticket: Ticket) -> str | None:
    region = reference.kecamatan_of(ticket.desa_code) if ticket.desa_code else None
    return region.name if region else None


def _location(ticket: Ticket) -> str | None:
    parts = [_region_name(ticket.desa_code), _kecamatan_name(ticket), current_app.config.get("REGENCY_NAME")]
    text = ", ".join(part for part in parts if part)
    return text or None


def _category_label(ticket: Ticket) -> str:
    module = current_app.extensions.get("suite_modules", {}).get(ticket.module)
    category = module.category(ticket.category, include_inactive=True) if module is not None else None
    return str(category.label) if category is not None else ticket.category


def _reporter_name(ticket: Ticket) -> str | None:
    # An anonymous report sends no identity at all, whatever the mapping says.
    if ticket.anonymous:
        return None
    if ticket.citizen is not None:
        return redact_nik(ticket.citizen.full_name)
    name = (ticket.reporter or {}).get("name")
    return redact_nik(name) if isinstance(name, str) and name else None


# Ticket attributes a mapping may name. Free text goes through the NIK redaction on its way out.
ATTRIBUTES: dict[str, Callable[[Ticket], Any]] = {
    "code": lambda t: t.code,
    "title": lambda t: redact_nik(t.title),
    "description": lambda t: redact_nik(t.description),
    "category": lambda t: t.category,
    "category_label": _category_label,
    "module": lambda t: t.module,
    "desa_code": lambda t: t.desa_code,
    "desa_name": lambda t: _region_name(t.desa_code),
    "kecamatan_name": _kecamatan_name,
    "location": _location,
    "latitude": lambda t: t.latitude,
    "longitude": lambda t: t.longitude,
    "created_at": lambda t: t.created_at.isoformat(),
    "created_date": lambda t: t.created_at.date().isoformat(),
    "reporter_name": _reporter_name,
}

# SP4N-LAPOR!'s citizen form, field by field (names assumed, see the module docstring).
LAPOR_FIELD_MAPPING = {
    "judul": "title",
    "isi": "description",
    "kategori": "category_label",
    "lokasi": "location",
    "tanggal_kejadian": "created_date",
    "nomor_referensi": "code",
}
# SP4N-LAPOR!'s public statuses, in words a citizen reads on our timeline.
LAPOR_STATUS_MAPPING = {
    "Belum Terverifikasi": "Menunggu verifikasi admin SP4N-LAPOR!",
    "Belum Ditindaklanjuti": "Diverifikasi SP4N-LAPOR! dan diteruskan ke instansi berwenang",
    "Proses": "Sedang ditindaklanjuti melalui SP4N-LAPOR!",
    "Selesai": "Dinyatakan selesai di SP4N-LAPOR!",
}
LAPOR_FINAL_STATUSES = ["Selesai"]


def check_field_mapping(mapping: object) -> dict[str, str]:
    """The mapping if every value names a known attribute; ``ValueError`` with the reason if not."""
    if not isinstance(mapping, dict) or not mapping:
        raise ValueError("mapping")
    for field, attribute in mapping.items():
        if not isinstance(field, str) or not field.strip() or field == SOURCE_FIELD or len(field) > 80:
            raise ValueError(f"field:{field}")
        if not isinstance(attribute, str) or attribute not in ATTRIBUTES:
            raise ValueError(f"attribute:{attribute}")
    return {str(k).strip(): str(v) for k, v in mapping.items()}


def check_status_mapping(mapping: object) -> dict[str, str]:
    if not isinstance(mapping, dict):
        raise ValueError("mapping")
    for remote, wording in mapping.items():
        if not (isinstance(remote, str) and remote.strip() and len(remote) <= 80):
            raise ValueError(f"status:{remote}")
        if not (isinstance(wording, str) and wording.strip() and len(wording) <= 300):
            raise ValueError(f"wording:{remote}")
    return {remote.strip(): redact_nik(wording.strip()) for remote, wording in mapping.items()}


def build_payload(ticket: Ticket, field_mapping: dict[str, str], idempotency_key: str) -> dict:
    """The JSON body for one ticket: the mapped fields (empty values left out) and the fixed source."""
    payload: dict[str, Any] = {}
    for field, attribute in field_mapping.items():
        getter = ATTRIBUTES.get(attribute)
        value = getter(ticket) if getter is not None else None
        if value not in (None, ""):
            payload[field] = value
    payload[SOURCE_FIELD] = {
        "system": current_app.config.get("REGENCY_NAME") or "suite",
        "reference": ticket.code,
        "idempotency_key": idempotency_key,
        "anonymous": bool(ticket.anonymous),
        "confidential": ticket.is_confidential,
    }
    return payload


def public_wording(status_mapping: dict[str, str], endpoint_name: str, remote_status: str) -> str:
    """What the timeline says for a remote status: the admin's wording, else the status as given."""
    wording = status_mapping.get(remote_status)
    return wording or f"Status di {endpoint_name}: {redact_nik(remote_status)[:80]}"
