"""Admin page for partner API keys: create (shown once), list, revoke."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from suite.admin.views import blueprint
from suite.audit.changes import json_value
from suite.audit.services import record
from suite.channels.credentials import create_api_key, revoke_api_key
from suite.channels.models import ApiKey
from suite.database import write_transaction
from suite.extensions import db
from suite.identity.auth import staff_required


class ApiKeyForm(FlaskForm):
    name = StringField(_l("Nama sistem mitra"), validators=[DataRequired(_l("Wajib diisi.")), Length(max=120)])


@blueprint.route("/kunci-api", methods=["GET", "POST"])
@staff_required("admin")
def api_keys():
    form = ApiKeyForm()
    new_key = None
    if form.validate_on_submit():
        with write_transaction():
            key, new_key = create_api_key(form.name.data or "")
            # The key itself is shown once and never stored or logged: only its name and prefix.
            record(
                "create",
                "api_key",
                key.id,
                staff=current_user,
                detail=key.name[:200],
                after={"name": key.name, "prefix": key.prefix},
            )
        flash(_("Kunci dibuat. Salin sekarang: kunci ini tidak dapat ditampilkan lagi."), "warning")
        form = ApiKeyForm(formdata=None)
    rows = db.session.execute(select(ApiKey).order_by(ApiKey.id.desc())).scalars().all()
    return render_template("admin/api_keys.html", form=form, rows=rows, new_key=new_key)


@blueprint.route("/kunci-api/<int(max=2147483647):key_id>/cabut", methods=["POST"])
@staff_required("admin")
def revoke_key(key_id: int):
    with write_transaction():
        was_revoked = db.session.execute(select(ApiKey.revoked_at).where(ApiKey.id == key_id)).scalar_one_or_none()
        key = revoke_api_key(key_id)  # None (nothing written) when there is no such key
        if key is not None and was_revoked is None:  # revoking a revoked key changes nothing
            record(
                "update",
                "api_key",
                key.id,
                staff=current_user,
                detail=f"revoked {key.name}"[:200],
                before={"revoked_at": None},
                after={"revoked_at": json_value(key.revoked_at)},
            )
    if key is None:
        flash(_("Kunci tidak ditemukan."), "error")
    else:
        flash(_("Kunci dicabut."), "success")
    return redirect(url_for(".api_keys"))
