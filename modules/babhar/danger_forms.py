"""Danger-sign forms: the mother's own (signed in) and the family's (no account needed). Every
sign is a checkbox, grouped by phase (pregnancy, after the birth, the newborn): no JavaScript."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from modules.babhar.danger import PHASES, danger_signs, sign_label
from modules.babhar.forms import MultiCheckboxField
from suite import reference

PHASE_LEGENDS = {
    "pregnancy": _l("Ibu hamil"),
    "postpartum": _l("Ibu setelah melahirkan (nifas)"),
    "newborn": _l("Bayi baru lahir"),
}


class DangerReportForm(FlaskForm):
    signs_pregnancy = MultiCheckboxField(PHASE_LEGENDS["pregnancy"], validators=[Optional()])
    signs_postpartum = MultiCheckboxField(PHASE_LEGENDS["postpartum"], validators=[Optional()])
    signs_newborn = MultiCheckboxField(PHASE_LEGENDS["newborn"], validators=[Optional()])
    note = TextAreaField(
        _l("Keterangan lain (opsional)"), validators=[Optional(), Length(max=1000)], render_kw={"rows": 2}
    )
    idempotency_key = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for phase in PHASES:
            self.sign_field(phase).choices = [(row["code"], sign_label(row)) for row in danger_signs(phase)]

    def sign_field(self, phase: str):
        return getattr(self, f"signs_{phase}")

    def chosen_signs(self) -> list[str]:
        return [code for phase in PHASES for code in (self.sign_field(phase).data or [])]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.chosen_signs():
            # Shown at the first group: one message for the whole question.
            self.signs_pregnancy.errors = list(self.signs_pregnancy.errors) + [_l("Pilih paling sedikit satu tanda.")]
            return False
        return valid


class FamilyDangerForm(DangerReportForm):
    """A husband or relative reports for her: the mother's code or phone if known, else her desa."""

    mother_ref = StringField(
        _l("Kode pendaftaran kehamilan ibu (BBH-...) atau nomor HP ibu, bila tahu"),
        validators=[Optional(), Length(max=40)],
        render_kw={"autocomplete": "off"},
    )
    desa_code = SelectField(_l("Desa tempat ibu atau bayi sekarang"), validators=[Optional()])
    reporter_name = StringField(_l("Nama Anda"), validators=[DataRequired(_l("Wajib diisi.")), Length(max=120)])
    reporter_phone = StringField(
        _l("Nomor HP Anda (untuk dihubungi bidan)"),
        validators=[DataRequired(_l("Wajib diisi.")), Length(max=20)],
        render_kw={"inputmode": "tel", "autocomplete": "tel"},
    )
    relation = SelectField(
        _l("Hubungan dengan ibu"),
        choices=[
            ("suami", _l("Suami")),
            ("keluarga", _l("Keluarga")),
            ("tetangga", _l("Tetangga")),
            ("kader", _l("Kader kesehatan")),
            ("lainnya", _l("Lainnya")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.desa_code.choices = [("", _l("— pilih desa —"))] + reference.desa_choices()
