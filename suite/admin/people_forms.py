"""Forms of the people screens (issue 12, item 3): agencies and staff accounts. Choices are filled
by the views; the rules (required fields, cycles, the care tree, phones, the last admin) are in the
services, so a refused form shows every fault at once, each beside its input."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import Length, Optional


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: usable on any phone, no JavaScript."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class AgencyForm(FlaskForm):
    code = StringField(
        _l("Kode (tetap, dipakai layanan dan berkas rujukan)"),
        validators=[Optional(), Length(max=40)],
        render_kw={"autocomplete": "off"},
    )
    name = StringField(_l("Nama"), validators=[Length(max=200)])
    short_name = StringField(_l("Nama singkat"), validators=[Length(max=80)])
    # The services check these with messages of their own (a cycle, the care tree, an unknown kecamatan).
    kind = SelectField(_l("Jenis"), validate_choice=False)
    parent_id = SelectField(_l("Instansi induk"), validators=[Optional()], validate_choice=False)
    kecamatan_code = SelectField(_l("Kecamatan"), validators=[Optional()], validate_choice=False)
    phone = StringField(
        _l("Telepon piket (boleh dikosongkan)"), validators=[Optional(), Length(max=40)], render_kw={"inputmode": "tel"}
    )
    email = EmailField(_l("Email kantor (boleh dikosongkan)"), validators=[Optional(), Length(max=254)])
    active = BooleanField(_l("Aktif (menerima laporan baru dan dapat dipilih untuk penerusan)"), default=True)


class StaffAssignmentForm(FlaskForm):
    # The service checks these with messages of their own (an inactive agency, an unknown module).
    role = SelectField(_l("Peran"), validate_choice=False)
    agency_id = SelectField(_l("Instansi"), validators=[Optional()], validate_choice=False)
    module_codes = MultiCheckboxField(
        _l("Layanan (kosong: semua layanan)"), validators=[Optional()], validate_choice=False
    )
    call_centre = BooleanField(_l("Tugas call centre (mencari warga menurut NIK atau nomor HP)"))


class StaffInviteForm(StaffAssignmentForm):
    email = EmailField(_l("Email dinas"), validators=[Length(max=254)])
    full_name = StringField(_l("Nama lengkap"), validators=[Length(max=120)])
