from datetime import date

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from modules.babhar.obstetrics import MAX_GESTATION_DAYS


class PregnancyExtrasSchema(Schema):
    last_period_date = fields.Date(required=True)
    gravida = fields.Integer(required=True, validate=validate.Range(1, 20))
    para = fields.Integer(required=True, validate=validate.Range(0, 19))
    abortus = fields.Integer(required=True, validate=validate.Range(0, 19))
    consent = fields.Boolean(required=True)
    filed_by_staff_id = fields.Integer(load_default=None, allow_none=True)  # server-set (call centre)

    @validates("last_period_date")
    def _plausible_hpht(self, value, **_kwargs):
        age_days = (date.today() - value).days
        if age_days < 0:
            raise ValidationError(str(_l("HPHT tidak boleh di masa depan.")))
        if age_days > MAX_GESTATION_DAYS:
            raise ValidationError(str(_l("HPHT lebih dari 42 minggu yang lalu; periksa kembali tanggalnya.")))

    @validates("consent")
    def _consent_given(self, value, **_kwargs):
        if value is not True:
            raise ValidationError(str(_l("Persetujuan pengolahan data kesehatan wajib diberikan.")))

    @validates_schema
    def _obstetric_formula(self, data, **_kwargs):
        if {"gravida", "para", "abortus"} <= data.keys() and data["para"] + data["abortus"] >= data["gravida"]:
            raise ValidationError(
                str(_l("Jumlah persalinan dan keguguran harus kurang dari jumlah kehamilan.")), "para"
            )


def _sign_codes() -> list[str]:
    from modules.babhar.danger import danger_signs

    return [row["code"] for row in danger_signs()] + ["unspecified"]


class DangerSignSchema(Schema):
    signs = fields.List(fields.String(), required=True, validate=validate.Length(min=1))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    # Server-set: the pregnancy the sign is about (her own, or the one her family named).
    pregnancy_id = fields.Integer(load_default=None, allow_none=True)
    reported_by = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(["mother", "family"]))

    @validates("signs")
    def _known_signs(self, value, **_kwargs):
        unknown = set(value) - set(_sign_codes())
        if unknown:
            raise ValidationError(str(_l("Tanda bahaya tidak dikenal.")))


class ClinicalAlarmSchema(Schema):
    """An urgent alarm raised by a visit's measurements (codes of the alarm thresholds)."""

    alarms = fields.List(
        fields.String(validate=validate.Length(max=40)), required=True, validate=validate.Length(min=1)
    )
    pregnancy_id = fields.Integer(required=True)
    # Server-set by the visit that raised it: a client cannot open an alarm (the field is dropped).
    opened_by_staff_id = fields.Integer(required=True)
