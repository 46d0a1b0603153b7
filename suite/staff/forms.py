from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class ReplyForm(FlaskForm):
    body = TextAreaField(
        _l("Tanggapan"), validators=[DataRequired(_l("Tulis isi tanggapan.")), Length(max=4000)], render_kw={"rows": 4}
    )
    visibility = RadioField(
        _l("Terlihat oleh"),
        default="public",
        choices=[("public", _l("Warga (tanggapan publik)")), ("internal", _l("Petugas saja (catatan internal)"))],
    )


class StatusForm(FlaskForm):
    status = SelectField(_l("Ubah status ke"), validators=[DataRequired()])
    note = TextAreaField(
        _l("Keterangan (wajib bila ditolak)"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )
    # The repair workflow's details (issue 11, item 5), shown only for modules that use it; the
    # service says which state needs which.
    survey_date = DateField(
        _l("Tanggal survei (untuk Survei dijadwalkan)"),
        validators=[Optional()],
        render_kw={"type": "date"},
    )
    work_order_number = StringField(
        _l("Nomor SPK (untuk Perintah kerja terbit, boleh kosong)"), validators=[Optional(), Length(max=60)]
    )
    budget_year = IntegerField(
        _l("Tahun anggaran (untuk Menunggu anggaran)"),
        validators=[Optional()],
        render_kw={"inputmode": "numeric", "min": "2000", "max": "2100"},
    )
    referred_to = SelectField(_l("Instansi berwenang (bila diteruskan ke luar kabupaten)"), validators=[Optional()])


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Tugaskan ke"), validators=[Optional()])


class ForwardForm(FlaskForm):
    agency = SelectField(_l("Teruskan ke instansi"), validators=[DataRequired(_l("Pilih instansi tujuan."))])
    reason = TextAreaField(
        _l("Alasan penerusan (terlihat oleh warga)"),
        validators=[DataRequired(_l("Tuliskan alasan penerusan.")), Length(min=5, max=1000)],
        render_kw={"rows": 2},
    )


class MergeForm(FlaskForm):
    survivor = StringField(
        _l("Kode tiket yang dipertahankan"),
        validators=[DataRequired(_l("Isi kode tiket."))],
        render_kw={"placeholder": "LRG-7K3Q-9MDP", "autocapitalize": "characters"},
    )
    note = TextAreaField(_l("Catatan (opsional)"), validators=[Optional(), Length(max=1000)], render_kw={"rows": 2})


class BulkForm(FlaskForm):
    """Supervisor bulk actions: each ticket still goes through its own service call and timeline."""

    tickets = SelectMultipleField(
        _l("Tiket"), coerce=int, validators=[DataRequired(_l("Pilih paling sedikit satu tiket."))]
    )
    action = SelectField(
        _l("Tindakan"),
        choices=[("assign", _l("Tugaskan")), ("forward", _l("Teruskan")), ("merge", _l("Tutup sebagai duplikat dari"))],
    )
    assignee = SelectField(_l("Petugas"), validators=[Optional()])
    agency = SelectField(_l("Instansi tujuan"), validators=[Optional()])
    reason = StringField(_l("Alasan penerusan"), validators=[Optional(), Length(max=1000)])
    survivor = StringField(_l("Kode tiket yang dipertahankan"), validators=[Optional()])
