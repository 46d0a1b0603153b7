from marshmallow import Schema, fields, validate

from modules.lorong.choices import DAMAGE_TYPES, ROAD_STATUSES, SEVERITIES


class LorongExtrasSchema(Schema):
    road_name = fields.String(required=True, validate=validate.Length(min=2, max=120))
    damage_type = fields.String(required=True, validate=validate.OneOf([c for c, _ in DAMAGE_TYPES]))
    severity = fields.String(required=True, validate=validate.OneOf([c for c, _ in SEVERITIES]))
    road_status = fields.String(load_default="unknown", validate=validate.OneOf([c for c, _ in ROAD_STATUSES]))
