"""What the dialogue says, in Bahasa Indonesia (callers hold ``force_locale("id")``).

Short: one SMS is 160 characters, and a basic phone shows little at a time.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from suite import reference
from suite.channels.dialogue import drafts
from suite.channels.dialogue.places import DesaMatch
from suite.registry import ServiceModule, enabled_modules, get_module
from suite.ticketing import module_state, repair

EXAMPLE_CODE = "LRG-7K3Q-9MDP"


def keyword(module: ServiceModule) -> str:
    return sorted(module.sms_keywords())[0]


def message_modules() -> list[ServiceModule]:
    """The modules offered by message now: a closed one is left out of help and the menu (its keyword
    still answers that it is closed)."""
    return [m for m in enabled_modules().values() if drafts.by_message(m) and module_state.is_open(m.code)]


def example_desa() -> str:
    desa = reference.desa_list()
    return desa[0].name if desa else "Dabuan"


def report_example(module: ServiceModule | None = None) -> str:
    word = keyword(module) if module else (keyword(message_modules()[0]) if message_modules() else "LORONG")
    return _("%(word)s %(desa)s jalan berlubang depan SD", word=word, desa=example_desa())


def help_text() -> str:
    lines = [_("Layanan warga %(regency)s lewat SMS/WA:", regency=current_app.config["REGENCY_NAME"])]
    lines += [_("%(word)s <desa> <keluhan> (%(name)s)", word=keyword(m), name=str(m.name)) for m in message_modules()]
    lines += _kind_lines()
    lines.append(_("Contoh: %(example)s", example=report_example()))
    # A module's own commands (e-Babhar's BAHAYA, ServiceModule.message_commands) in its own words.
    lines += [
        str(hint) for m in enabled_modules().values() if module_state.is_open(m.code) for hint in m.message_hints()
    ]
    # After the report: every command word the dialogue teaches (commands.TAUGHT), one short line each.
    lines += [
        _("CEK <kode>: status laporan"),
        _("NILAI <kode> <1-5>: nilai laporan yang selesai"),
        _("BUKA <kode> <alasan>: buka kembali dalam 7 hari"),
        _("DAFTAR <NIK> <nama>: daftarkan nomor ini bila laporan disimpan"),
        _("MENU: daftar layanan. BANTU: petunjuk ini"),
    ]
    return "\n".join(lines)


def _kind_lines() -> list[str]:
    # Issue 11, item 9: how to send a suggestion or an information request, shown with the module
    # that takes the most kinds (e-Madul, the general one) among those that take it.
    lines = []
    for kind in ("aspiration", "information"):
        takers = [m for m in message_modules() if kind in m.accepted_kinds()]
        if not takers:
            continue
        word = keyword(max(takers, key=lambda m: len(m.accepted_kinds())))
        lines.append(
            _("%(word)s ASPIRASI <desa> <usul>: usul atau saran", word=word)
            if kind == "aspiration"
            else _("%(word)s PPID <desa> <informasi yang diminta>: permintaan informasi publik", word=word)
        )
    return lines


def unknown_word() -> str:
    return _("Maaf, perintah tidak dikenal.") + "\n" + help_text()


def not_by_message(module: ServiceModule) -> str:
    return (
        _(
            "Layanan %(name)s belum bisa lewat SMS/WA; silakan gunakan situs web atau datang ke kantor layanan.",
            name=str(module.name),
        )
        + "\n"
        + help_text()
    )


def desa_problem(module: ServiceModule, place: DesaMatch) -> str:
    regions = reference.local_regions()
    if place.same_name:
        where = ", ".join(regions[r.parent_code].name for r in place.same_name)
        first = place.same_name[0]
        return _(
            "Ada beberapa desa %(desa)s (Kec. %(where)s). Tulis desa lalu kecamatannya, contoh: "
            "%(word)s %(desa)s %(kecamatan)s <keluhan>",
            desa=first.name,
            where=where,
            word=keyword(module),
            kecamatan=regions[first.parent_code].name,
        )
    if not place.typed:
        text = _("Tulis nama desa lalu keluhan Anda.")
    else:
        text = _('Desa "%(typed)s" tidak kami kenal.', typed=place.typed[:30])
    if place.suggestions:
        text += " " + _("Maksud Anda: %(names)s?", names=", ".join(r.name for r in place.suggestions))
    return text + " " + _("Contoh: %(example)s", example=report_example(module))


def ask_again(problem: str, module: ServiceModule) -> str:
    return problem + " " + _("Contoh: %(example)s", example=report_example(module))


def held(reference_code: str, days: int) -> str:
    return _(
        "Laporan Anda kami simpan sementara (nomor %(ref)s). Nomor HP ini belum terdaftar. Agar diteruskan, "
        "dalam %(days)s hari balas: DAFTAR <NIK> <nama lengkap>. Contoh: DAFTAR 3528xxxxxxxxxxxx Siti Aminah",
        ref=reference_code,
        days=days,
    )


def too_many_held() -> str:
    return _("Sudah ada beberapa laporan yang menunggu pendaftaran nomor ini. Balas dulu: DAFTAR <NIK> <nama lengkap>")


def kept_part(kind: str, module: ServiceModule | None) -> str:
    what = _("Lokasi") if kind == "location" else _("Foto")
    return _(
        "%(what)s diterima. Sekarang kirim laporannya (dalam 30 menit), contoh: %(example)s",
        what=what,
        example=report_example(module),
    )


def unsupported() -> str:
    return _("Maaf, jenis pesan ini belum bisa kami baca. Kirim teks, lokasi atau foto.")


def menu_intro() -> str:
    return _("Pilih layanan, atau ketik BANTU untuk petunjuk.")


def chosen(module: ServiceModule) -> str:
    return _(
        "%(name)s: tulis desa lalu keluhan Anda, contoh: %(example)s. Boleh kirim lokasi dan foto lebih dulu.",
        name=str(module.name),
        example=report_example(module).split(" ", 1)[1],
    )


def how_to_check() -> str:
    return _("Kirim CEK <kode laporan>, contoh: CEK %(code)s", code=EXAMPLE_CODE)


def not_found(code: str, keyword: str = "CEK") -> str:
    """The code names no report; the example shows the keyword the sender used (CEK, NILAI, BUKA)."""
    return _(
        "Laporan %(code)s tidak ditemukan. Periksa kodenya, contoh: %(keyword)s %(example)s",
        code=code[:20],
        keyword=keyword,
        example=EXAMPLE_CODE,
    )


def status(ticket, secret: bool, last_reply: str | None) -> str:
    text = _("%(code)s: %(status)s.", code=ticket.code, status=repair.describe(ticket, get_module(ticket.module)))
    if secret:
        return text
    text += " " + _("Ditangani %(agency)s.", agency=ticket.agency.name)
    if last_reply:
        reply = last_reply if len(last_reply) <= 200 else last_reply[:197] + "..."
        text += " " + _("Tanggapan terakhir: %(body)s", body=reply)
    return text


def how_to_rate() -> str:
    return _("Kirim NILAI <kode> <1-5> <komentar>, contoh: NILAI %(code)s 5 cepat ditangani", code=EXAMPLE_CODE)


def how_to_reopen() -> str:
    return _("Kirim BUKA <kode> <alasan>, contoh: BUKA %(code)s lubangnya muncul lagi", code=EXAMPLE_CODE)


def rated(code: str, score: int) -> str:
    return _("Terima kasih. Nilai %(score)s/5 untuk laporan %(code)s sudah kami catat.", score=score, code=code)


def score_missing(code: str) -> str:
    return _("Tulis nilai 1 sampai 5 setelah kode (5 = sangat puas), contoh: NILAI %(code)s 5", code=code)


def score_out_of_range(code: str) -> str:
    return _("Nilai harus 1 sampai 5 (5 = sangat puas), contoh: NILAI %(code)s 4", code=code)


def reason_missing(code: str) -> str:
    return _("Tulis juga mengapa Anda belum puas, contoh: BUKA %(code)s lubangnya muncul lagi", code=code)


def reopened(code: str) -> str:
    return _(
        "Laporan %(code)s dibuka kembali dan dikembalikan ke instansi. Cek perkembangannya: CEK %(code)s", code=code
    )


def followup_refused(code: str, reason) -> str:
    return _("%(code)s: %(reason)s", code=code, reason=str(reason))


def not_owner(code: str) -> str:
    return _(
        "Laporan %(code)s bukan laporan dari nomor ini. Hanya pelapor, dari nomor HP akunnya, yang dapat "
        "menilai atau membuka kembali.",
        code=code,
    )


def no_account_ticket(code: str) -> str:
    return _(
        "Laporan %(code)s dibuat tanpa akun warga, jadi tidak dapat dinilai atau dibuka kembali lewat SMS/WA. "
        "Silakan hubungi kantor layanan.",
        code=code,
    )


def registered(count: int) -> str:
    return _(
        "Terima kasih, nomor ini kini terhubung dengan NIK Anda. %(n)s laporan diteruskan; kodenya kami kirim "
        "dalam pesan terpisah.",
        n=count,
    )


def already_registered() -> str:
    return _("Nomor ini sudah terdaftar. Untuk melapor: %(example)s", example=report_example())


def nothing_held() -> str:
    return _(
        "Tidak ada laporan yang menunggu pendaftaran. Kirim laporan dulu, contoh: %(example)s", example=report_example()
    )


def daftar_example() -> str:
    return _("Balas: DAFTAR <NIK 16 angka> <nama lengkap>")


def name_missing() -> str:
    return _("Tulis juga nama lengkap Anda sesuai KTP.") + " " + daftar_example()


def nik_taken() -> str:
    return _(
        "NIK ini sudah terdaftar dengan nomor lain. Masuk di situs web dengan NIK Anda, atau hubungi kantor "
        "layanan untuk mengganti nomor HP."
    )


def nik_claimed(reference: str) -> str:
    return _(
        "NIK ini sudah terdaftar pada akun lain. Bila NIK ini milik Anda, bawa KTP asli ke kios layanan, "
        "puskesmas, atau Dispendukcapil dan sebutkan nomor klaim %(reference)s.",
        reference=reference,
    )


def photo_dropped() -> str:
    return _("Satu foto tidak dapat kami terima; laporan tetap diteruskan tanpa foto itu.")


def service_closed(module: ServiceModule) -> str:
    """A closed module's keyword (issue 12): the module's advice (e-Babhar: call 119), then closed."""
    return module_state.closed_message(module)


def refused(message: str) -> str:
    return _("Laporan belum dapat diterima: %(reason)s", reason=message)


def trouble() -> str:
    return _("Maaf, terjadi gangguan. Silakan kirim ulang pesan Anda nanti.")
