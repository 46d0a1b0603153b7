"""The service-standard form (issue 12, item 4): each component in Indonesian and English. What is
required (everything for a module, anything for a category) is checked by ``suite.standards.services``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length, Optional

# (component, label, hint): the components of Permenpan RB 15/2014 (Lampiran, Bab II) an admin edits.
COMPONENT_FIELDS = (
    ("requirements", _l("Persyaratan"), _l("Satu syarat per baris.")),
    ("procedure", _l("Sistem, mekanisme dan prosedur"), _l("Satu langkah per baris, berurutan.")),
    ("duration", _l("Jangka waktu pelayanan"), _l("Sebaiknya sama dengan target waktu layanan.")),
    ("cost", _l("Biaya/tarif"), None),
    ("product", _l("Produk pelayanan"), None),
    ("complaint_channel", _l("Penanganan pengaduan, saran dan masukan"), None),
    ("legal_basis", _l("Dasar hukum"), _l("Satu peraturan per baris.")),
)
LANGUAGE_NAMES = {"id": _l("bahasa Indonesia"), "en": _l("bahasa Inggris")}
LENGTH = [Optional(), Length(max=6000)]  # the service's own limits are tighter and say which


class StandardForm(FlaskForm):
    pass


for _name, _label, _hint in COMPONENT_FIELDS:
    for _language, _language_name in LANGUAGE_NAMES.items():
        setattr(
            StandardForm,
            f"{_name}_{_language}",
            TextAreaField(
                _l("%(component)s (%(language)s)", component=_label, language=_language_name),
                validators=LENGTH,
                render_kw={"rows": 3},
            ),
        )


class CategoryStandardForm(StandardForm):
    """A new category standard: which category (``module.category``), then its own components."""

    # The service names an unknown or taken category more clearly than WTForms' "not a valid choice".
    target = SelectField(_l("Layanan dan kategori"), validators=[Optional()], validate_choice=False)
