from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, FloatField, HiddenField, IntegerField, SelectMultipleField, StringField,
                     TextAreaField, widgets)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from suite.portal.forms import IntakeForm


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: usable on any phone, no JavaScript."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


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


class DangerSignForm(FlaskForm):
    signs = MultiCheckboxField(_l("Apa yang Ibu alami sekarang? (pilih semua yang sesuai)"),
                               validators=[DataRequired(_l("Pilih paling sedikit satu tanda."))])
    note = TextAreaField(_l("Keterangan lain (opsional)"), validators=[Optional(), Length(max=1000)],
                         render_kw={"rows": 2})
    idempotency_key = HiddenField()


class HistoryForm(FlaskForm):
    height_cm = FloatField(_l("Tinggi badan (cm)"), validators=[Optional(), NumberRange(100, 200)])
    last_birth_date = DateField(_l("Tanggal persalinan terakhir"), validators=[Optional()])
    history_factors = MultiCheckboxField(_l("Faktor risiko dari riwayat dan pemeriksaan"), validators=[Optional()])


class VisitForm(FlaskForm):
    visited_on = DateField(_l("Tanggal kunjungan"), validators=[DataRequired(_l("Wajib diisi."))])
    weight_kg = FloatField(_l("Berat badan (kg)"), validators=[Optional(), NumberRange(25, 200)])
    systolic = IntegerField(_l("Tekanan darah sistolik (mmHg)"), validators=[Optional(), NumberRange(50, 260)])
    diastolic = IntegerField(_l("Tekanan darah diastolik (mmHg)"), validators=[Optional(), NumberRange(30, 180)])
    fundal_height_cm = FloatField(_l("Tinggi fundus uteri (cm)"), validators=[Optional(), NumberRange(0, 50)])
    fetal_heart_rate = IntegerField(_l("Denyut jantung janin (per menit)"), validators=[Optional(), NumberRange(60, 220)])
    haemoglobin = FloatField(_l("Hb (g/dL)"), validators=[Optional(), NumberRange(3, 20)])
    iron_tablets = IntegerField(_l("Tablet tambah darah diberikan"), validators=[Optional(), NumberRange(0, 200)])
    observed_factors = MultiCheckboxField(_l("Temuan faktor risiko pada kunjungan ini"), validators=[Optional()])
    notes = TextAreaField(_l("Catatan"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})


class DeliveryForm(FlaskForm):
    delivered_on = DateField(_l("Tanggal persalinan"), validators=[DataRequired(_l("Wajib diisi."))])


class BirthPlanForm(FlaskForm):
    expected_date = DateField(_l("Perkiraan tanggal persalinan"), validators=[Optional()])
    attendant = StringField(_l("Penolong persalinan"), validators=[Optional(), Length(max=120)])
    place = StringField(_l("Tempat persalinan"), validators=[Optional(), Length(max=160)])
    companion = StringField(_l("Pendamping persalinan"), validators=[Optional(), Length(max=120)])
    transport = StringField(_l("Transportasi"), validators=[Optional(), Length(max=160)])
    donor_1 = StringField(_l("Calon donor darah 1 (nama, nomor HP, golongan darah)"), validators=[Optional(), Length(max=160)])
    donor_2 = StringField(_l("Calon donor darah 2"), validators=[Optional(), Length(max=160)])
    donor_3 = StringField(_l("Calon donor darah 3"), validators=[Optional(), Length(max=160)])
    donor_4 = StringField(_l("Calon donor darah 4"), validators=[Optional(), Length(max=160)])
    savings = StringField(_l("Tabungan / dana persalinan"), validators=[Optional(), Length(max=160)])
