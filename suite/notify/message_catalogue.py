"""The messages the suite sends, by key (issue 12, item 3): each with its default wording in code
(an Indonesian msgid, English through the catalogues) and the placeholders it may name.

A placeholder is a field the sender fills in; only safe ones exist (a ticket's code, its status,
an agency's name, a link): no NIK, no citizen's description, no health detail can be named, so an
admin's wording cannot put them into a message. A module adds its own with ``define`` at import.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

LANGUAGES = ("id", "en")

# What each placeholder is, for the admin page, and a sample value for the preview.
PLACEHOLDERS = {
    "code": (_l("kode laporan"), "LRG-7K3Q-9MDP"),
    "status": (_l("status baru laporan"), "Sedang dikerjakan"),
    "body": (_l("isi tanggapan petugas"), "Tim kami memperbaiki jalan ini minggu depan."),
    "agency": (_l("nama instansi tujuan"), "Dinas Pekerjaan Umum dan Penataan Ruang"),
    "due": (_l("tenggat baru"), "12 Des 2026 15:00 WIB"),
    "reason": (_l("alasan perpanjangan"), "Dokumen masih dikumpulkan dari dua instansi."),
    "outcome": (_l("keputusan PPID"), "dikabulkan"),
    "rights": (_l("hak mengajukan keberatan"), "Bila tidak puas, Anda berhak mengajukan keberatan."),
    "module": (_l("nama layanan"), "e-Lorong"),
    "target": (_l("target yang terlewati"), "tanggapan pertama"),
    "sla": (
        _l("lama tanggapan pertama dan target penghargaan"),
        "ditanggapi dalam 7 menit, masuk target penghargaan (paling lama 10 menit)",
    ),
    "link": (_l("tautan ke halaman tiket petugas"), "https://layanan.pamekasankab.go.id/petugas/tiket/LRG-7K3Q-9MDP"),
}


@dataclass(frozen=True)
class MessageDefinition:
    key: str
    label: object  # lazy string: what the message is, for the admin page
    default: object  # lazy msgid with %(name)s placeholders
    placeholders: tuple[str, ...]  # the ones the text may name
    required: tuple[str, ...]  # the ones it must name (a receipt without its code is useless)
    sms: bool = True  # may go by SMS or WhatsApp: its length is limited
    audience: str = "citizen"  # citizen, staff


DEFINITIONS: dict[str, MessageDefinition] = {}


def define(definition: MessageDefinition) -> MessageDefinition:
    unknown = set(definition.placeholders) - set(PLACEHOLDERS)
    if unknown or not set(definition.required) <= set(definition.placeholders):
        raise ValueError(f"message {definition.key!r}: unknown or unlisted placeholders {sorted(unknown)}")
    DEFINITIONS.setdefault(definition.key, definition)
    return definition


for _definition in (
    MessageDefinition(
        "ticket_received",
        _l("Laporan diterima (SMS/WhatsApp)"),
        _l("Laporan Anda diterima dengan kode %(code)s. Cek perkembangannya: balas CEK %(code)s."),
        ("code",),
        ("code",),
    ),
    MessageDefinition(
        "ticket_received_email",
        _l("Laporan diterima (email)"),
        _l(
            "Laporan Anda diterima dengan kode %(code)s. Untuk menambah keterangan atau foto, balas "
            "email ini tanpa mengubah kode di subjeknya."
        ),
        ("code",),
        ("code",),
        sms=False,
    ),
    MessageDefinition(
        "status_changed",
        _l("Status berubah"),
        _l("Status laporan %(code)s: %(status)s."),
        ("code", "status"),
        ("code", "status"),
    ),
    MessageDefinition(
        "answered",
        _l("Tanggapan petugas"),
        _l("Tanggapan untuk laporan %(code)s: %(body)s"),
        ("code", "body"),
        ("code", "body"),
    ),
    MessageDefinition(
        # Issue 14: the first answer also tells how long it took against the reward band. Its own key,
        # so an admin's wording of "answered" (without {sla}) stays valid for the answers after it.
        "first_answer",
        _l("Tanggapan pertama petugas (dengan target penghargaan)"),
        _l("Tanggapan untuk laporan %(code)s (%(sla)s): %(body)s"),
        ("code", "body", "sla"),
        ("code", "sla"),
    ),
    MessageDefinition(
        "forwarded",
        _l("Laporan diteruskan"),
        _l("Laporan %(code)s diteruskan ke %(agency)s."),
        ("code", "agency"),
        ("code",),
    ),
    MessageDefinition(
        "information_extended",
        _l("Jawaban permintaan informasi diperpanjang"),
        _l("Jawaban atas permintaan informasi %(code)s diperpanjang sampai %(due)s. Alasan: %(reason)s"),
        ("code", "due", "reason"),
        ("code", "due", "reason"),
    ),
    MessageDefinition(
        "information_decided",
        _l("Permintaan informasi diputuskan"),
        _l("Permintaan informasi %(code)s %(outcome)s. Jawabannya ada di halaman status laporan. %(rights)s"),
        ("code", "outcome", "rights"),
        ("code", "outcome", "rights"),
    ),
    MessageDefinition(
        "health_news",
        _l("Kabar laporan kesehatan atau rahasia (tanpa isi)"),
        _l("Ada kabar baru untuk laporan %(code)s. Silakan periksa akun Anda."),
        ("code",),
        ("code",),
    ),
    MessageDefinition(
        "staff_new_ticket",
        _l("Petugas: laporan baru di instansinya"),
        _l("Laporan baru %(code)s (%(module)s) masuk ke instansi Anda. Buka: %(link)s"),
        ("code", "module", "link"),
        ("code", "link"),
        audience="staff",
    ),
    MessageDefinition(
        "staff_assigned",
        _l("Petugas: tiket ditugaskan kepadanya"),
        _l("Tiket %(code)s (%(module)s) ditugaskan kepada Anda. Buka: %(link)s"),
        ("code", "module", "link"),
        ("code", "link"),
        audience="staff",
    ),
    MessageDefinition(
        "staff_escalated",
        _l("Petugas: tiket melewati target"),
        _l("Tiket %(code)s (%(module)s) melewati target %(target)s. Buka: %(link)s"),
        ("code", "module", "target", "link"),
        ("code", "link"),
        audience="staff",
    ),
):
    define(_definition)
