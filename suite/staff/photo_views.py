"""Staff attach photos of the survey, before and after the repair (issue 11, item 2)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from suite.identity.auth import staff_required
from suite.staff.views import _act, _actionable_ticket, blueprint
from suite.ticketing import attachments, staff_photos


@blueprint.route("/tiket/<code>/foto", methods=["POST"])
@staff_required()
def add_photo(code: str):
    item = _actionable_ticket(code)
    sent = request.files.get("photo")
    upload = attachments.Upload(sent.filename or "", sent.read()) if sent else attachments.Upload("", b"")
    purpose = request.form.get("purpose", "")
    return _act(
        item,
        lambda: staff_photos.add_photo(item.id, current_user, purpose, upload),
        _("Foto disimpan."),
    )
