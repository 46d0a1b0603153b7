"""The request parameters of GeoReport v2 calls, validated with marshmallow.

"Optional" in the standard means an empty parameter counts as not sent, so empty values are
dropped before loading. List parameters may be comma delimited and may be repeated.
"""

from __future__ import annotations

import re

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates_schema

from suite.channels.open311.dates import parse_w3c_datetime
from suite.channels.open311.formats import Open311Error

STATUSES = ("open", "closed")
MAX_IDS = 1000


class W3CDateTime(fields.Field):
    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return parse_w3c_datetime(str(value))
        except ValueError as error:
            raise ValidationError(str(error)) from None


class CommaList(fields.Field):
    def _deserialize(self, value, attr, data, **kwargs):
        return [item.strip() for item in str(value).split(",") if item.strip()]


class _Parameters(Schema):
    class Meta:
        unknown = EXCLUDE

    jurisdiction_id = fields.String()

    @pre_load
    def _drop_empty(self, data, **kwargs):
        return {name: value for name, value in data.items() if value not in (None, "")}


class RequestSearchSchema(_Parameters):
    """GET requests: which service requests to list."""

    service_request_id = CommaList(validate=validate.Length(max=MAX_IDS))
    service_code = CommaList()
    start_date = W3CDateTime()
    end_date = W3CDateTime()
    status = CommaList(validate=validate.ContainsOnly(STATUSES, error="Use open, closed or both."))


class NewRequestSchema(_Parameters):
    """POST requests: the standard's arguments; ``attribute[...]`` is read by the definitions."""

    service_code = fields.String(required=True, validate=validate.Length(max=100))
    lat = fields.Float(validate=validate.Range(-90, 90))
    long = fields.Float(validate=validate.Range(-180, 180))
    address_string = fields.String(validate=validate.Length(max=500))
    address_id = fields.String(validate=validate.Length(max=20))
    email = fields.Email(validate=validate.Length(max=254))
    device_id = fields.String(validate=validate.Length(max=200))
    account_id = fields.String(validate=validate.Length(max=200))
    first_name = fields.String(validate=validate.Length(max=100))
    last_name = fields.String(validate=validate.Length(max=100))
    phone = fields.String(validate=validate.Length(max=30))
    description = fields.String(validate=validate.Length(max=4000))
    media_url = fields.String(validate=validate.Length(max=2000))

    @validates_schema
    def _point_needs_both(self, data, **kwargs):
        if ("lat" in data) != ("long" in data):
            raise ValidationError("Send lat and long together.", "lat" if "lat" not in data else "long")


def load(schema: Schema, params) -> dict:
    """``params`` (a werkzeug MultiDict) loaded by ``schema``, or a 400 naming every bad parameter."""
    plain = {}
    for name in schema.fields:
        values = [value for value in params.getlist(name)]
        if values:
            plain[name] = ",".join(values) if isinstance(schema.fields[name], CommaList) else values[0]
    try:
        return schema.load(plain)
    except ValidationError as error:
        raise Open311Error(
            400,
            *(f"{name}: {' '.join(map(str, messages))}" for name, messages in _flatten(error.normalized_messages())),
        ) from None


def _flatten(messages: dict):
    for name, value in messages.items():
        yield name, value if isinstance(value, list) else [value]


_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")


def posted_attributes(params) -> dict:
    """``attribute[code]=value`` and ``attribute[code][]=v1&attribute[code][]=v2`` (multivaluelist)
    from a werkzeug MultiDict, as {code: value or [values]}."""
    attributes = {}
    for name in params:
        match = _ATTRIBUTE.match(name)
        if match:
            code, many = match.groups()
            values = params.getlist(name)
            attributes[code] = values if many else values[-1]
    return attributes
