from marshmallow import Schema, fields, validate

from suite.input_dates import schema_window


class SehatExtrasSchema(Schema):
    facility_code = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    visit_date = fields.Date(load_default=None, allow_none=True, validate=schema_window())
