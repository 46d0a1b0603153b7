from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from suite.portal.forms import IntakeForm


class PregnancyIntakeForm(IntakeForm):
    category = HiddenField(default="pregnancy_registration")
    description = TextAreaField(_l("Catatan untuk bidan (opsional)"), validators=[Optional(), Length(max=2000)],
                                render_kw={"rows": 3})
    last_period_date = DateField(_l("Hari pertama haid terakhir (HPHT)"),
                                 validators=[DataRequired(_l("Isi tanggal HPHT."))])
    gravida = IntegerField(_l("Kehamilan ke-berapa ini? (G)"),
                           validators=[InputRequired(_l("Wajib diisi.")), NumberRange(1, 20)])
    para = IntegerField(_l("Jumlah persalinan sebelumnya (P)"),
                        validators=[InputRequired(_l("Wajib diisi.")), NumberRange(0, 19)], default=0)
    abortus = IntegerField(_l("Jumlah keguguran sebelumnya (A)"),
                           validators=[InputRequired(_l("Wajib diisi.")), NumberRange(0, 19)], default=0)
    consent = BooleanField(
        _l("Saya setuju data kehamilan saya diolah oleh bidan, puskesmas dan Dinas Kesehatan untuk "
           "pelayanan kesehatan ibu dan anak (UU 27/2022 tentang Pelindungan Data Pribadi)."),
        validators=[DataRequired(_l("Persetujuan wajib diberikan untuk mendaftar."))])


class StaffPregnancyForm(PregnancyIntakeForm):
    """A midwife registers a pregnancy for a mother who already has a citizen account."""

    mother_nik = StringField(_l("NIK ibu"), validators=[DataRequired(_l("NIK ibu wajib diisi."))],
                             render_kw={"inputmode": "numeric", "autocomplete": "off"})
    consent = BooleanField(
        _l("Ibu telah memberikan persetujuan pengolahan data kehamilannya untuk pelayanan kesehatan ibu "
           "dan anak, dan persetujuan itu saya catat."),
        validators=[DataRequired(_l("Persetujuan ibu wajib dicatat."))])

    COMMON_FIELDS = IntakeForm.COMMON_FIELDS + ("mother_nik",)


__all__ = ["PregnancyIntakeForm", "StaffPregnancyForm"]
