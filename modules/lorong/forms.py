from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from modules.lorong.choices import DAMAGE_TYPES, ROAD_STATUSES, SEVERITIES
from suite.portal.forms import IntakeForm


class LorongIntakeForm(IntakeForm):
    road_name = StringField(
        _l("Nama jalan atau patokan"),
        validators=[DataRequired(_l("Isi nama jalan atau patokan terdekat.")), Length(min=2, max=120)],
    )
    damage_type = SelectField(
        _l("Jenis kerusakan"), choices=DAMAGE_TYPES, validators=[DataRequired(_l("Pilih jenis kerusakan."))]
    )
    severity = RadioField(
        _l("Tingkat kerusakan"), choices=SEVERITIES, validators=[DataRequired(_l("Pilih tingkat kerusakan."))]
    )
    road_status = SelectField(_l("Status jalan"), choices=ROAD_STATUSES, default="unknown")
