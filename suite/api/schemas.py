"""Request and response shapes of the JSON API (marshmallow; they generate the OpenAPI document)."""

from marshmallow import Schema, fields, validate

from suite.ticketing import kinds

KIND_DESCRIPTION = (
    "complaint (pengaduan), aspiration (aspirasi: a suggestion, answered) or information (permintaan "
    "informasi publik: answered by the PPID within 10 working days, extendable once by 7, UU 14/2008)"
)


class CategorySchema(Schema):
    code = fields.String()
    label = fields.String()
    urgent = fields.Boolean()


class ExtraFieldSchema(Schema):
    name = fields.String()
    label = fields.String()
    type = fields.String(metadata={"description": "string, integer, number, date, boolean or choice"})
    required = fields.Boolean()
    choices = fields.List(fields.String(), metadata={"description": "allowed values for type choice"})


class ModuleSchema(Schema):
    code = fields.String()
    name = fields.String()
    open = fields.Boolean(metadata={"description": "false: an admin closed the module; new tickets are refused"})
    closed_message = fields.String(allow_none=True, metadata={"description": "what to tell a citizen when closed"})
    description = fields.String()
    requires_desa = fields.Boolean()
    kinds = fields.List(
        fields.String(), metadata={"description": "ticket kinds the module accepts; the first is the default"}
    )
    categories = fields.List(fields.Nested(CategorySchema))
    extra_fields = fields.List(fields.Nested(ExtraFieldSchema))


class TokenRequestSchema(Schema):
    identifier = fields.String(required=True, metadata={"description": "NIK or phone number"})
    password = fields.String(required=True, load_only=True)


class TokenSchema(Schema):
    token = fields.String()
    expires_in_days = fields.Integer()


class ReporterSchema(Schema):
    name = fields.String(validate=validate.Length(max=120))
    email = fields.Email()
    phone = fields.String(validate=validate.Length(max=20))


class TicketCreateSchema(Schema):
    module = fields.String(required=True)
    category = fields.String(required=True)
    kind = fields.String(
        load_default=kinds.DEFAULT, validate=validate.OneOf(kinds.KINDS), metadata={"description": KIND_DESCRIPTION}
    )
    description = fields.String(required=True, validate=validate.Length(min=10, max=4000))
    desa_code = fields.String(load_default=None, allow_none=True)
    latitude = fields.Float(load_default=None, allow_none=True, validate=validate.Range(-90, 90))
    longitude = fields.Float(load_default=None, allow_none=True, validate=validate.Range(-180, 180))
    anonymous = fields.Boolean(load_default=False)
    confidential = fields.Boolean(load_default=False)
    extras = fields.Dict(load_default=dict, metadata={"description": "the module's extra fields (see GET /modules)"})
    reporter = fields.Nested(
        ReporterSchema,
        load_default=None,
        allow_none=True,
        metadata={"description": "partner systems only: who reported it"},
    )


class EventSchema(Schema):
    kind = fields.String()
    at = fields.DateTime(attribute="created_at")
    status = fields.String(attribute="to_status", allow_none=True)
    agency = fields.Function(lambda e: e["agency"])
    text = fields.String(attribute="body", allow_none=True)


class TicketSchema(Schema):
    code = fields.String()
    module = fields.String()
    kind = fields.String(metadata={"description": KIND_DESCRIPTION})
    kind_label = fields.String()
    category = fields.String()
    title = fields.String()
    status = fields.String()
    status_label = fields.String()
    agency = fields.String()
    kecamatan_code = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    first_response_at = fields.DateTime(allow_none=True)
    first_response_due_at = fields.DateTime(allow_none=True)
    resolution_due_at = fields.DateTime(allow_none=True)
    confidential = fields.Boolean()
    timeline = fields.List(fields.Nested(EventSchema))


class CommentSchema(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=4000))


class RatingSchema(Schema):
    score = fields.Integer(required=True, validate=validate.Range(1, 5))
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))
