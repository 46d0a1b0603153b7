"""A staff member's own alert contact: the phone urgent alerts go to, the channel, and whether
they are on duty now (off duty: no messages, the rest of the unit and the escalation still are)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Length, Optional

from suite.database import write_transaction
from suite.errors import Invalid
from suite.extensions import db
from suite.identity.auth import staff_required
from suite.identity.models import Staff
from suite.identity.phones import PhoneError, to_e164
from suite.notify import staff_preferences
from suite.staff.views import blueprint


class AlertContactForm(FlaskForm):
    phone = StringField(
        _l("Nomor HP untuk peringatan mendesak"),
        validators=[Optional(), Length(max=20)],
        render_kw={"inputmode": "tel", "autocomplete": "tel"},
    )
    alert_channel = SelectField(
        _l("Kirim peringatan lewat"),
        choices=[("sms", _l("SMS")), ("whatsapp", _l("WhatsApp")), ("none", _l("Tidak dikirim (hanya di aplikasi)"))],
    )
    on_duty = BooleanField(_l("Saya sedang bertugas (menerima peringatan mendesak)"))


@blueprint.route("/profil", methods=["GET", "POST"])
@staff_required()
def profile():
    form = AlertContactForm(obj=current_user)
    if form.validate_on_submit():
        try:
            phone = to_e164(form.phone.data) if (form.phone.data or "").strip() else None
        except PhoneError as error:
            form.phone.errors.append(str(error))
        else:
            staff_id = current_user.id
            with write_transaction():
                staff = db.session.get(Staff, staff_id)
                staff.phone, staff.alert_channel, staff.on_duty = phone, form.alert_channel.data, form.on_duty.data
            flash(_("Kontak peringatan disimpan."), "success")
            return redirect(url_for(".profile"))
    return _page(form, NotificationForm()), (422 if form.is_submitted() else 200)


class NotificationForm(FlaskForm):
    """CSRF only: the checkboxes (``<event>-<channel>``) follow ``staff_preferences``."""


@blueprint.route("/profil/pemberitahuan", methods=["POST"])
@staff_required()
def notification_preferences():
    """How the staff member hears of new, assigned and escalated tickets besides the app (issue 12)."""
    form = NotificationForm()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        wanted = {
            event: [c for c in staff_preferences.CHANNELS if request.form.get(f"{event}-{c}")]
            for event in staff_preferences.EVENTS
        }
        try:
            with write_transaction():
                staff = db.session.get_one(Staff, current_user.id)
                changed = staff_preferences.set_preferences(staff, wanted)
        except Invalid as error:
            errors = {event: str(message) for event, message in error.errors.items()}
            flash(str(error.message), "error")
            return _page(AlertContactForm(obj=current_user), form, errors, wanted), 422
        flash(_("Pilihan pemberitahuan disimpan.") if changed else _("Tidak ada perubahan."), "success")
        return redirect(url_for(".profile"))
    return _page(AlertContactForm(obj=current_user), form), 422


def _page(form, notification_form, errors=None, chosen=None):
    return render_template(
        "staff/profile.html",
        form=form,
        notification_form=notification_form,
        events=staff_preferences.events_for(current_user),
        event_labels=staff_preferences.EVENT_LABELS,
        channels=staff_preferences.CHANNELS,
        channel_labels=staff_preferences.CHANNEL_LABELS,
        chosen=chosen or staff_preferences.preferences_of(current_user.id),
        errors=errors or {},
    )
