"""Forms of the citizen's privacy pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired


class PasswordCheckForm(FlaskForm):
    """Re-entering the password before the full data (NIK in clear) is shown or downloaded."""

    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(_l("Kata sandi wajib diisi."))],
        render_kw={"autocomplete": "current-password"},
    )


class ErasureForm(FlaskForm):
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(_l("Kata sandi wajib diisi."))],
        render_kw={"autocomplete": "current-password"},
    )
    confirm = BooleanField(
        _l("Saya mengerti: akun saya dihapus dan tidak bisa dipulihkan."),
        validators=[DataRequired(_l("Centang untuk menyetujui penghapusan."))],
    )


class WithdrawForm(FlaskForm):
    """A button per consent: the CSRF token is the only field."""
