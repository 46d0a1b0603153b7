from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from modules.sehat.facilities import facilities
from suite.input_dates import InWindow
from suite.portal.forms import IntakeForm


class SehatIntakeForm(IntakeForm):
    facility_code = SelectField(_l("Fasilitas kesehatan"), validators=[Optional()])
    visit_date = DateField(_l("Tanggal kejadian / kunjungan (opsional)"), validators=[Optional(), InWindow()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.facility_code.choices = [("", _l("— tidak terkait fasilitas tertentu —"))] + [
            (a.code, a.name) for a in facilities()
        ]
