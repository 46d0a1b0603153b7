from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from modules.babhar import outcomes
from suite.input_dates import InWindow
from suite.portal.forms import IntakeForm

PAST_BIRTHS = date(1950, 1, 1)  # a previous birth may predate the suite's 2000 window

SCREENING = [("", _l("Belum diperiksa")), ("nonreactive", _l("Non-reaktif")), ("reactive", _l("Reaktif"))]


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: usable on any phone, no JavaScript."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class PregnancyIntakeForm(IntakeForm):
    category = HiddenField(default="pregnancy_registration")
    description = TextAreaField(
        _l("Catatan untuk bidan (opsional)"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 3}
    )
    last_period_date = DateField(
        _l("Hari pertama haid terakhir (HPHT)"), validators=[DataRequired(_l("Isi tanggal HPHT.")), InWindow()]
    )
    gravida = IntegerField(
        _l("Kehamilan ke-berapa ini? (G)"), validators=[InputRequired(_l("Wajib diisi.")), NumberRange(1, 20)]
    )
    para = IntegerField(
        _l("Jumlah persalinan sebelumnya (P)"),
        validators=[InputRequired(_l("Wajib diisi.")), NumberRange(0, 19)],
        default=0,
    )
    abortus = IntegerField(
        _l("Jumlah keguguran sebelumnya (A)"),
        validators=[InputRequired(_l("Wajib diisi.")), NumberRange(0, 19)],
        default=0,
    )
    consent = BooleanField(
        _l(
            "Saya setuju data kehamilan saya diolah oleh bidan, puskesmas dan Dinas Kesehatan untuk "
            "pelayanan kesehatan ibu dan anak (UU 27/2022 tentang Pelindungan Data Pribadi)."
        ),
        validators=[DataRequired(_l("Persetujuan wajib diberikan untuk mendaftar."))],
    )


class StaffPregnancyForm(PregnancyIntakeForm):
    """A midwife registers a pregnancy for a mother who already has a citizen account."""

    mother_nik = StringField(
        _l("NIK ibu"),
        validators=[DataRequired(_l("NIK ibu wajib diisi."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    consent = BooleanField(
        _l(
            "Ibu telah memberikan persetujuan pengolahan data kehamilannya untuk pelayanan kesehatan ibu "
            "dan anak, dan persetujuan itu saya catat."
        ),
        validators=[DataRequired(_l("Persetujuan ibu wajib dicatat."))],
    )

    def extra_fields(self):
        # The mother's NIK is the staff form's own field, not one of the pregnancy's extras.
        return [field for field in super().extra_fields() if field.name != "mother_nik"]


__all__ = ["PregnancyIntakeForm", "StaffPregnancyForm"]


class HistoryForm(FlaskForm):
    height_cm = FloatField(_l("Tinggi badan (cm)"), validators=[Optional(), NumberRange(100, 200)])
    last_birth_date = DateField(_l("Tanggal persalinan terakhir"), validators=[Optional(), InWindow(PAST_BIRTHS)])
    history_factors = MultiCheckboxField(_l("Faktor risiko dari riwayat dan pemeriksaan"), validators=[Optional()])


class VisitForm(FlaskForm):
    """The standard ANC elements (Buku KIA / PMK 21/2021); every measurement is optional because a
    contact may not include them all, and alarms are raised only on what was measured."""

    visited_on = DateField(_l("Tanggal kunjungan"), validators=[DataRequired(_l("Wajib diisi.")), InWindow()])
    weight_kg = FloatField(_l("Berat badan (kg)"), validators=[Optional(), NumberRange(25, 200)])
    height_cm = FloatField(_l("Tinggi badan (cm)"), validators=[Optional(), NumberRange(100, 200)])
    systolic = IntegerField(_l("Tekanan darah sistolik (mmHg)"), validators=[Optional(), NumberRange(50, 260)])
    diastolic = IntegerField(_l("Tekanan darah diastolik (mmHg)"), validators=[Optional(), NumberRange(30, 180)])
    muac_cm = FloatField(_l("Lingkar lengan atas / LiLA (cm)"), validators=[Optional(), NumberRange(10, 50)])
    fundal_height_cm = FloatField(_l("Tinggi fundus uteri (cm)"), validators=[Optional(), NumberRange(0, 50)])
    fetal_presentation = SelectField(
        _l("Presentasi janin"),
        validators=[Optional()],
        choices=[
            ("", _l("Belum diperiksa")),
            ("cephalic", _l("Kepala")),
            ("breech", _l("Sungsang")),
            ("transverse", _l("Lintang")),
        ],
    )
    fetal_heart_rate = IntegerField(
        _l("Denyut jantung janin (per menit)"), validators=[Optional(), NumberRange(60, 220)]
    )
    td_status = SelectField(
        _l("Status imunisasi Td"),
        validators=[Optional()],
        choices=[("", _l("Belum diperiksa"))] + [(f"T{n}", f"T{n}") for n in range(6)],
    )
    haemoglobin = FloatField(_l("Hb (g/dL)"), validators=[Optional(), NumberRange(3, 20)])
    blood_group = SelectField(
        _l("Golongan darah"),
        validators=[Optional()],
        choices=[("", _l("Belum diperiksa"))]
        + [(f"{g}{r}", f"{g}{r}") for g in ("A", "B", "AB", "O") for r in ("+", "-")],
    )
    urine_protein = SelectField(
        _l("Protein urin"),
        validators=[Optional()],
        coerce=_int_or_none,
        choices=[("", _l("Belum diperiksa")), ("0", _l("Negatif")), ("1", "+1"), ("2", "+2"), ("3", "+3"), ("4", "+4")],
    )
    hiv_result = SelectField(_l("Skrining HIV"), validators=[Optional()], choices=SCREENING)
    syphilis_result = SelectField(_l("Skrining sifilis"), validators=[Optional()], choices=SCREENING)
    hepatitis_b_result = SelectField(_l("Skrining hepatitis B (HBsAg)"), validators=[Optional()], choices=SCREENING)
    ultrasound_findings = TextAreaField(
        _l("Hasil USG"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )
    iron_tablets = IntegerField(_l("Tablet tambah darah diberikan"), validators=[Optional(), NumberRange(0, 200)])
    counselling = StringField(_l("Konseling / temu wicara (topik)"), validators=[Optional(), Length(max=300)])
    observed_factors = MultiCheckboxField(_l("Temuan faktor risiko pada kunjungan ini"), validators=[Optional()])
    notes = TextAreaField(_l("Catatan"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})

    def cleaned(self, names) -> dict:
        """Field values with "not examined" as None rather than an empty string."""
        return {name: None if getattr(self, name).data in ("", None) else getattr(self, name).data for name in names}


class OutcomeForm(FlaskForm):
    kind = SelectField(
        _l("Hasil kehamilan"),
        choices=[("", _l("Pilih"))] + list(outcomes.KINDS.items()),
        validators=[DataRequired(_l("Wajib diisi."))],
    )
    ended_on = DateField(
        _l("Tanggal persalinan / berakhirnya kehamilan"), validators=[DataRequired(_l("Wajib diisi.")), InWindow()]
    )
    place = SelectField(
        _l("Tempat persalinan"), choices=[("", "—")] + list(outcomes.PLACES.items()), validators=[Optional()]
    )
    attendant = SelectField(
        _l("Penolong persalinan"), choices=[("", "—")] + list(outcomes.ATTENDANTS.items()), validators=[Optional()]
    )
    mode = SelectField(
        _l("Cara persalinan"), choices=[("", "—")] + list(outcomes.MODES.items()), validators=[Optional()]
    )
    birth_weight_g = IntegerField(_l("Berat lahir (gram)"), validators=[Optional(), NumberRange(300, 6500)])
    maternal_death = BooleanField(_l("Ibu meninggal"))
    neonatal_death = BooleanField(_l("Bayi meninggal (neonatal)"))
    notes = TextAreaField(_l("Catatan"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})


class BirthPlanForm(FlaskForm):
    expected_date = DateField(_l("Perkiraan tanggal persalinan"), validators=[Optional(), InWindow()])
    attendant = StringField(_l("Penolong persalinan"), validators=[Optional(), Length(max=120)])
    place = StringField(_l("Tempat persalinan"), validators=[Optional(), Length(max=160)])
    companion = StringField(_l("Pendamping persalinan"), validators=[Optional(), Length(max=120)])
    transport = StringField(_l("Transportasi"), validators=[Optional(), Length(max=160)])
    donor_1 = StringField(
        _l("Calon donor darah 1 (nama, nomor HP, golongan darah)"), validators=[Optional(), Length(max=160)]
    )
    donor_2 = StringField(_l("Calon donor darah 2"), validators=[Optional(), Length(max=160)])
    donor_3 = StringField(_l("Calon donor darah 3"), validators=[Optional(), Length(max=160)])
    donor_4 = StringField(_l("Calon donor darah 4"), validators=[Optional(), Length(max=160)])
    savings = StringField(_l("Tabungan / dana persalinan"), validators=[Optional(), Length(max=160)])


class IdentityCheckForm(FlaskForm):
    """The midwife's in-person identity check (issue 9, item 5)."""

    ktp_seen = BooleanField(
        _l("KTP asli ibu sudah saya periksa dan cocok."),
        validators=[DataRequired(_l("Centang bila KTP asli ibu sudah diperiksa."))],
    )
