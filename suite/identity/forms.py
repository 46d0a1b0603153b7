from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, PasswordField, RadioField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from suite import reference
from suite.identity.password_policy import password_label
from suite.input_dates import OLDEST_BIRTH, InWindow


class RegistrationForm(FlaskForm):
    nik = StringField(
        _l("NIK (16 digit, lihat KTP atau Kartu Keluarga)"),
        validators=[DataRequired(_l("NIK wajib diisi."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 20},
    )
    full_name = StringField(
        _l("Nama lengkap sesuai KTP"),
        validators=[DataRequired(_l("Nama wajib diisi.")), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    birth_date = DateField(
        _l("Tanggal lahir"), validators=[DataRequired(_l("Tanggal lahir wajib diisi.")), InWindow(OLDEST_BIRTH)]
    )
    sex = RadioField(
        _l("Jenis kelamin"),
        choices=[("F", _l("Perempuan")), ("M", _l("Laki-laki"))],
        validators=[DataRequired(_l("Pilih jenis kelamin."))],
    )
    phone = TelField(
        _l("Nomor HP (WhatsApp/SMS)"),
        validators=[DataRequired(_l("Nomor HP wajib diisi."))],
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    email = EmailField(_l("Email (boleh dikosongkan)"), validators=[Optional(), Email(_l("Alamat email tidak valid."))])
    desa_code = SelectField(_l("Desa/kelurahan tempat tinggal"), validators=[DataRequired(_l("Pilih desa/kelurahan."))])
    # The length and the rest of the password policy are checked by the service (issue 9, item 4).
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(_l("Kata sandi wajib diisi."))],
        render_kw={"autocomplete": "new-password"},
    )
    password_confirm = PasswordField(
        _l("Ulangi kata sandi"),
        validators=[EqualTo("password", _l("Kedua kata sandi tidak sama."))],
        render_kw={"autocomplete": "new-password"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.desa_code.choices = [("", _l("— pilih —"))] + reference.desa_choices()
        self.password.label.text = password_label("citizen")


class CitizenLoginForm(FlaskForm):
    identifier = StringField(
        _l("NIK atau nomor HP"), validators=[DataRequired(_l("Wajib diisi."))], render_kw={"autocomplete": "username"}
    )
    password = PasswordField(
        _l("Kata sandi"), validators=[DataRequired(_l("Wajib diisi."))], render_kw={"autocomplete": "current-password"}
    )


class StaffLoginForm(FlaskForm):
    email = EmailField(
        _l("Email dinas"), validators=[DataRequired(_l("Wajib diisi."))], render_kw={"autocomplete": "username"}
    )
    password = PasswordField(
        _l("Kata sandi"), validators=[DataRequired(_l("Wajib diisi."))], render_kw={"autocomplete": "current-password"}
    )


class PreferencesForm(FlaskForm):
    preferred_channel = RadioField(
        _l("Kabar tentang laporan saya dikirim lewat"),
        choices=[
            ("web", _l("Hanya di akun ini (Laporan saya)")),
            ("sms", _l("SMS")),
            ("whatsapp", _l("WhatsApp")),
            ("email", _l("Email")),
        ],
        validators=[DataRequired(_l("Pilih salah satu."))],
    )
    email = EmailField(
        _l("Email (wajib bila memilih email)"), validators=[Optional(), Email(_l("Alamat email tidak valid."))]
    )

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if self.preferred_channel.data == "email" and not self.email.data:
            self.email.errors.append(_l("Isi alamat email untuk menerima kabar lewat email."))
            return False
        return True
