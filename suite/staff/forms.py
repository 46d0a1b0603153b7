from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Tanggapan"), validators=[DataRequired(_l("Tulis isi tanggapan.")),
                                                     Length(max=4000)], render_kw={"rows": 4})
    visibility = RadioField(_l("Terlihat oleh"), default="public",
                            choices=[("public", _l("Warga (tanggapan publik)")),
                                     ("internal", _l("Petugas saja (catatan internal)"))])


class StatusForm(FlaskForm):
    status = SelectField(_l("Ubah status ke"), validators=[DataRequired()])
    note = TextAreaField(_l("Keterangan (wajib bila ditolak)"), validators=[Optional(), Length(max=2000)],
                         render_kw={"rows": 2})


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Tugaskan ke"), validators=[Optional()])
