from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

MINUTES = [InputRequired(_l("Wajib diisi.")), NumberRange(1, 60 * 24 * 365, _l("Antara 1 menit dan 1 tahun."))]


class TargetForm(FlaskForm):
    """The bands' order (reward before sanction) is checked by ``suite.sla.targets``."""

    module = SelectField(_l("Layanan"), validators=[Optional()])
    category = StringField(_l("Kode kategori (kosong: semua kategori)"), validators=[Optional(), Length(max=60)])
    first_response_minutes = IntegerField(_l("Target tanggapan pertama (menit)"), validators=MINUTES)
    reward_minutes = IntegerField(_l("Pita penghargaan: dijawab paling lama (menit)"), validators=MINUTES)
    sanction_minutes = IntegerField(_l("Pita sanksi: dijawab lebih dari (menit)"), validators=MINUTES)
    verification_minutes = IntegerField(_l("Target verifikasi (menit)"), validators=MINUTES)
    resolution_minutes = IntegerField(_l("Target penyelesaian (menit)"), validators=MINUTES)
    calendar = SelectField(
        _l("Cara menghitung"),
        choices=[
            ("calendar", _l("Waktu kalender (24/7)")),
            ("working_days", _l("Hari kerja (tanpa akhir pekan dan libur nasional)")),
        ],
    )
    note = TextAreaField(_l("Catatan / dasar aturan"), validators=[Optional(), Length(max=1000)], render_kw={"rows": 2})
