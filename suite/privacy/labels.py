"""Words for the keys of the data export, so the printable page reads as a document; keys not
listed here are shown as they are (the JSON download keeps the keys)."""

from flask_babel import lazy_gettext as _l

LABELS = {
    "full_name": _l("Nama lengkap"), "nik": _l("NIK"), "birth_date": _l("Tanggal lahir"),
    "sex": _l("Jenis kelamin"), "phone": _l("Nomor HP"), "phone_confirmed_at": _l("Nomor HP dikonfirmasi"),
    "email": _l("Email"), "desa_code": _l("Kode desa"), "desa": _l("Desa/kelurahan"),
    "preferred_channel": _l("Saluran pemberitahuan"), "created_at": _l("Dibuat"),
    "identity_verified_at": _l("Identitas diverifikasi"), "code": _l("Kode"), "module": _l("Layanan"),
    "category": _l("Kategori"), "status": _l("Status"), "channel": _l("Saluran"), "title": _l("Judul"),
    "description": _l("Uraian"), "latitude": _l("Lintang"), "longitude": _l("Bujur"),
    "extras": _l("Data tambahan"), "reporter": _l("Kontak pelapor"), "agency": _l("Instansi"),
    "resolved_at": _l("Selesai"), "events": _l("Riwayat"), "attachments": _l("Lampiran"),
    "rating": _l("Penilaian"), "kind": _l("Jenis"), "at": _l("Waktu"), "body": _l("Isi"), "by": _l("Oleh"),
    "from_status": _l("Dari status"), "to_status": _l("Ke status"), "name": _l("Nama"), "type": _l("Tipe"),
    "size": _l("Ukuran (byte)"), "score": _l("Nilai"), "comment": _l("Komentar"), "ticket": _l("Laporan"),
    "to": _l("Kepada"), "key": _l("Kunci"), "purpose": _l("Tujuan"), "given_at": _l("Diberikan"),
    "withdrawn_at": _l("Ditarik"), "started_at": _l("Mulai"), "last_seen_at": _l("Terakhir aktif"),
    "ended_at": _l("Berakhir"), "expires_at": _l("Kedaluwarsa"), "ip_address": _l("Alamat IP"),
    "user_agent": _l("Peramban"), "action": _l("Tindakan"), "resource": _l("Data"), "detail": _l("Keterangan"),
    "pregnancies": _l("Kehamilan"), "visits": _l("Kunjungan"), "risk_assessments": _l("Penilaian risiko"),
    "birth_plan": _l("Rencana persalinan"), "outcome": _l("Hasil persalinan"), "puskesmas": _l("Puskesmas"),
}
