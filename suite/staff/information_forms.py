"""Staff forms for information requests (UU 14/2008) and suggestions (issue 11, item 9)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from suite.ticketing import information, information_grounds


class ExtendForm(FlaskForm):
    reason = TextAreaField(
        _l("Alasan perpanjangan (tertulis, dikirim kepada pemohon)"),
        validators=[DataRequired(_l("Alasan perpanjangan wajib diisi.")), Length(max=2000)],
        render_kw={"rows": 2},
    )


class DecisionForm(FlaskForm):
    outcome = RadioField(
        _l("Keputusan"),
        choices=list(information.OUTCOME_LABELS.items()),
        validators=[DataRequired(_l("Pilih keputusan."))],
    )
    answer = TextAreaField(
        _l("Informasi yang diberikan, atau penjelasan (publik)"),
        validators=[Optional(), Length(max=8000)],
        render_kw={"rows": 5},
    )
    ground = SelectField(
        _l("Dasar hukum penolakan atau pengecualian (wajib bila ditolak atau dikabulkan sebagian)"),
        choices=[("", _l("— tidak ada —"))]
        + [(g.code, f"{g.citation}: {g.wording}") for g in information_grounds.GROUNDS],
        validators=[Optional()],
    )
    document = FileField(_l("Dokumen informasi (PDF atau foto, opsional)"))


class AspirationAnswerForm(FlaskForm):
    body = TextAreaField(
        _l("Tanggapan atas aspirasi (publik)"),
        validators=[DataRequired(_l("Tuliskan tanggapan atas aspirasi ini.")), Length(max=4000)],
        render_kw={"rows": 3},
    )
