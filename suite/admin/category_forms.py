"""The category form (issue 12, item 2): what a category is, and on the same screen its response-time
target and routing keywords. The rules are the services'; the form only collects."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

TARGET_MINUTES = [Optional(), NumberRange(1, 60 * 24 * 365, _l("Antara 1 menit dan 1 tahun."))]
TARGET_NUMBERS = (
    "first_response_minutes",
    "reward_minutes",
    "sanction_minutes",
    "verification_minutes",
    "resolution_minutes",
)


class CategoryForm(FlaskForm):
    code = StringField(_l("Kode (huruf kecil, angka, garis bawah; tidak dapat diubah)"), validators=[Length(max=40)])
    name_id = StringField(_l("Nama (bahasa Indonesia)"), validators=[Length(max=200)])
    name_en = StringField(_l("Nama (bahasa Inggris)"), validators=[Length(max=200)])
    # Any code may be posted: the service refuses an unknown agency with its own message.
    agency_code = SelectField(_l("Instansi penanggung jawab"), validate_choice=False)
    urgent = BooleanField(_l("Mendesak (prioritas tinggi, hanya pengaduan)"))
    active = BooleanField(_l("Aktif: ditawarkan untuk laporan baru di semua kanal"), default=True)
    sensitive = BooleanField(_l("Rahasia: laporan tidak pernah diterbitkan dan isinya tidak dikutip"))
    keywords = TextAreaField(
        _l("Kata kunci rute (satu per baris, huruf kecil)"), validators=[Length(max=20000)], render_kw={"rows": 4}
    )
    own_target = BooleanField(_l("Target waktu khusus untuk kategori ini"))
    first_response_minutes = IntegerField(_l("Target tanggapan pertama (menit)"), validators=TARGET_MINUTES)
    reward_minutes = IntegerField(_l("Pita penghargaan: dijawab paling lama (menit)"), validators=TARGET_MINUTES)
    sanction_minutes = IntegerField(_l("Pita sanksi: dijawab lebih dari (menit)"), validators=TARGET_MINUTES)
    verification_minutes = IntegerField(_l("Target verifikasi (menit)"), validators=TARGET_MINUTES)
    resolution_minutes = IntegerField(_l("Target penyelesaian (menit)"), validators=TARGET_MINUTES)
    calendar = SelectField(
        _l("Cara menghitung"),
        choices=[
            ("calendar", _l("Waktu kalender (24/7)")),
            ("working_days", _l("Hari kerja (tanpa akhir pekan dan libur nasional)")),
        ],
    )
