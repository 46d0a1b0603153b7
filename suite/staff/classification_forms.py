"""Forms of the re-classification panel on the staff ticket page (issue 11, items 6 and 8)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

# A choice names the module and the category at once: "madul:waste".
SEPARATOR = ":"


class ReclassifyForm(FlaskForm):
    classification = SelectField(
        _l("Layanan dan kategori yang benar"), validators=[DataRequired(_l("Pilih layanan dan kategori."))]
    )
    reason = TextAreaField(
        _l("Alasan perubahan (terlihat oleh warga)"),
        validators=[DataRequired(_l("Tuliskan alasan perubahan klasifikasi.")), Length(min=5, max=1000)],
        render_kw={"rows": 2},
    )

    def chosen(self) -> tuple[str, str]:
        """(module code, category code) of the choice; empty strings for a value the form did not offer."""
        module_code, _, category = (self.classification.data or "").partition(SEPARATOR)
        return module_code, category


class ConfirmSuggestionForm(FlaskForm):
    # The category the officer was shown: confirming applies that one, or nothing if it changed since.
    category = HiddenField(validators=[DataRequired()])
