"""The intake form every module's form extends."""

from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FloatField, HiddenField, MultipleFileField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from suite import reference
from suite.registry import TICKET_KINDS


class IntakeForm(FlaskForm):
    """Fields shared by every module. Subclasses add their extras, named as in the schema."""

    COMMON_FIELDS = (
        "csrf_token",
        "idempotency_key",
        "author",
        "kind",
        "category",
        "description",
        "desa_code",
        "latitude",
        "longitude",
        "photos",
        "use_photo_location",
        "anonymous",
        "confidential",
        "not_duplicate",
    )

    idempotency_key = HiddenField()
    # Who was signed in when the form was shown (and so when an offline draft of it was written):
    # a form or draft sent later under another account on a shared phone is refused, never filed
    # in that account's name (issue 14). Not a secret: the page is that citizen's own.
    author = HiddenField()
    # Complaint, suggestion or information request (issue 11, item 9); the module says which it takes.
    # Not sent (a module form that does not show it): the default, a complaint.
    # The service decides what the module takes (ServiceModule.accepted_kinds) and says so in Indonesian.
    kind = RadioField(
        _l("Jenis laporan"),
        default="complaint",
        choices=[(k.code, k.label) for k in TICKET_KINDS],
        validate_choice=False,
    )
    # The ticket service checks the category (issue 12, item 2): it tells a retired one from an unknown one.
    category = SelectField(_l("Kategori"), validators=[DataRequired(_l("Pilih kategori."))], validate_choice=False)
    description = TextAreaField(
        _l("Ceritakan masalahnya"),
        validators=[
            DataRequired(_l("Ceritakan masalahnya.")),
            Length(min=10, max=4000, message=_l("Antara 10 dan 4000 huruf.")),
        ],
        render_kw={"rows": 5},
    )
    desa_code = SelectField(_l("Desa/kelurahan lokasi"), validators=[Optional()])
    latitude = FloatField(
        _l("Garis lintang (opsional)"),
        validators=[Optional(), NumberRange(-90, 90, _l("Antara -90 dan 90."))],
        render_kw={"inputmode": "decimal", "step": "any"},
    )
    longitude = FloatField(
        _l("Garis bujur (opsional)"),
        validators=[Optional(), NumberRange(-180, 180, _l("Antara -180 dan 180."))],
        render_kw={"inputmode": "decimal", "step": "any"},
    )
    photos = MultipleFileField(
        _l("Foto atau PDF (opsional, maks. 5 MB per berkas)"),
        render_kw={"accept": "image/jpeg,image/png,image/webp,application/pdf"},
    )
    # The photo's GPS is read, then stripped with all its metadata; it fills the point only with consent.
    use_photo_location = BooleanField(_l("Gunakan lokasi dari foto bila saya tidak mengisi titik lokasi"))
    anonymous = BooleanField(_l("Rahasiakan identitas saya dari instansi (anonim)"))
    confidential = BooleanField(_l("Jangan tampilkan laporan ini di halaman publik (rahasia)"))
    not_duplicate = BooleanField(_l("Saya sudah melihat laporan serupa di atas; laporan saya berbeda"))

    def __init__(self, *args, module=None, **kwargs):
        super().__init__(*args, **kwargs)
        if module is not None:
            self.category.choices = [("", _l("— pilih —"))] + module.category_choices()
            accepted = module.accepted_kinds()
            self.kind.choices = [(k.code, k.label) for k in TICKET_KINDS if k.code in accepted]
        self.desa_code.choices = [("", _l("— pilih —"))] + reference.desa_choices()
        if not self.idempotency_key.data:
            self.idempotency_key.data = uuid.uuid4().hex

    def extra_fields(self):
        return [field for field in self if field.name not in self.COMMON_FIELDS]
