"""Service definitions: a module's extra fields as Open311 attributes, and posted attribute values
read back into the plain values the module's schema then validates, as on every channel.

Labels and choices come from the module's web form, types and "required" from the form and the
marshmallow schema together (a schema field the form lacks is described from the schema alone).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from marshmallow import fields as schema_fields
from marshmallow import validate as schema_validate
from wtforms.validators import DataRequired, InputRequired

from suite import reference
from suite.channels.open311.dates import parse_w3c_datetime
from suite.registry import ServiceModule
from suite.sla.clock import WIB

DESA_ATTRIBUTE = "desa_code"
BOOLEAN_VALUES = [("true", "true"), ("false", "false")]

_LIST_FIELDS = {"SelectField", "RadioField"}
_NUMBER_FIELDS = {"IntegerField", "DecimalField", "FloatField", "IntegerRangeField", "DecimalRangeField"}
_DATE_FIELDS = {"DateField", "DateTimeField", "DateTimeLocalField"}
_SKIPPED_FIELDS = {"HiddenField", "FileField", "MultipleFileField", "SubmitField", "CSRFTokenField"}
_LIST_TYPES = ("singlevaluelist", "multivaluelist")


@dataclass
class Attribute:
    code: str
    datatype: str  # string, number, datetime, text, singlevaluelist, multivaluelist
    required: bool
    description: str
    values: list[tuple[str, str]] = field(default_factory=list)
    datatype_description: str | None = None
    as_date: bool = False  # a datetime is kept as its WIB date (YYYY-MM-DD), as a date field wants

    def payload(self, order: int) -> dict:
        entry = {
            "variable": True,
            "code": self.code,
            "datatype": self.datatype,
            "required": self.required,
            "datatype_description": self.datatype_description,
            "order": order,
            "description": self.description,
        }
        if self.datatype in _LIST_TYPES:
            entry["values"] = [{"key": key, "name": name} for key, name in self.values]
        return entry

    def read(self, raw):
        """The posted value as the module's schema expects it; ValueError says what is wrong."""
        if self.datatype == "multivaluelist":
            items = raw if isinstance(raw, list) else [raw]
            return [self._listed(item) for item in items if item != ""]
        if isinstance(raw, list):
            raise ValueError("Takes a single value.")
        if self.datatype == "singlevaluelist":
            return self._listed(raw)
        if self.datatype == "number":
            try:
                float(raw)
            except ValueError:
                raise ValueError("Must be a number.") from None
            return raw.strip()
        if self.datatype == "datetime":
            moment = parse_w3c_datetime(raw)
            return moment.astimezone(WIB).date().isoformat() if self.as_date else moment.isoformat()
        return raw.strip()

    def _listed(self, raw: str) -> str:
        keys = {key for key, _ in self.values}
        value = raw.strip().lower() if self.values == BOOLEAN_VALUES else raw.strip()
        if value not in keys:
            raise ValueError("Not one of the values listed in the service definition.")
        return value


def attributes_for(module: ServiceModule) -> list[Attribute]:
    """The attributes a request for any of the module's services takes, in presentation order."""
    attributes = [_desa_attribute()] if module.requires_desa else []
    return attributes + _extra_attributes(module)


def definition_payload(service_code: str, attributes: list[Attribute]) -> dict:
    return {
        "service_code": service_code,
        "attributes": [attribute.payload(order) for order, attribute in enumerate(attributes, start=1)],
    }


def read_attributes(attributes: list[Attribute], posted: dict) -> tuple[dict, dict[str, str]]:
    """(values by attribute code, errors by request parameter). Codes the definition does not
    name are ignored: clients such as FixMyStreet send extra attributes of their own."""
    values, errors = {}, {}
    for attribute in attributes:
        raw = posted.get(attribute.code)
        if raw is None or raw == "" or raw == []:
            if attribute.required:
                errors[f"attribute[{attribute.code}]"] = "A value is required."
            continue
        try:
            values[attribute.code] = attribute.read(raw)
        except ValueError as error:
            errors[f"attribute[{attribute.code}]"] = str(error)
    return values, errors


def _desa_attribute() -> Attribute:
    return Attribute(
        DESA_ATTRIBUTE,
        "singlevaluelist",
        True,
        str(_l("Desa/kelurahan lokasi")),
        values=reference.desa_choices(),
        datatype_description="Kemendagri code of the desa/kelurahan, e.g. 35.28.01.2001; "
        "address_id is read the same way.",
    )


def _extra_attributes(module: ServiceModule) -> list[Attribute]:
    schema = module.extras_schema()
    described: list[Attribute] = []
    if module.intake_form is not None:
        form = module.intake_form(formdata=None, meta={"csrf": False})
        for form_field in form.extra_fields():
            if form_field.type not in _SKIPPED_FIELDS:
                described.append(_from_form_field(form_field, schema.fields.get(form_field.name)))
    named = {attribute.code for attribute in described}
    described += [
        _from_schema_field(name, schema_field)
        for name, schema_field in schema.fields.items()
        if name not in named and not schema_field.dump_only
    ]
    return described


def _from_form_field(form_field, schema_field) -> Attribute:
    kind = form_field.type
    required = bool(schema_field is not None and schema_field.required) or any(
        isinstance(validator, (DataRequired, InputRequired)) for validator in form_field.validators
    )
    attribute = Attribute(form_field.name, "string", required, str(form_field.label.text))
    if kind in _LIST_FIELDS or kind == "SelectMultipleField":
        attribute.datatype = "multivaluelist" if kind == "SelectMultipleField" else "singlevaluelist"
        attribute.values = [
            (str(value), str(label)) for value, label, *_ in form_field.iter_choices() if str(value) != ""
        ]
    elif kind == "BooleanField":
        attribute.datatype, attribute.values = "singlevaluelist", BOOLEAN_VALUES
    elif kind in _NUMBER_FIELDS:
        attribute.datatype = "number"
    elif kind in _DATE_FIELDS:
        attribute.datatype = "datetime"
        attribute.as_date = isinstance(schema_field, schema_fields.Date) or (
            schema_field is None and kind == "DateField"
        )
        if attribute.as_date:
            attribute.datatype_description = "ISO 8601 date, e.g. 2026-01-31"
    elif kind == "TextAreaField":
        attribute.datatype = "text"
    return attribute


def _from_schema_field(name: str, schema_field) -> Attribute:
    attribute = Attribute(name, "string", bool(schema_field.required), name.replace("_", " "))
    one_of = next((v for v in schema_field.validators if isinstance(v, schema_validate.OneOf)), None)
    if isinstance(schema_field, schema_fields.Boolean):
        attribute.datatype, attribute.values = "singlevaluelist", BOOLEAN_VALUES
    elif one_of is not None:
        labels = one_of.labels or one_of.choices
        attribute.datatype = "singlevaluelist"
        attribute.values = [(str(key), str(label)) for key, label in zip(one_of.choices, labels, strict=False)]
    elif isinstance(schema_field, schema_fields.Number):
        attribute.datatype = "number"
    elif isinstance(schema_field, (schema_fields.Date, schema_fields.DateTime)):
        attribute.datatype = "datetime"
        attribute.as_date = isinstance(schema_field, schema_fields.Date)
    return attribute
