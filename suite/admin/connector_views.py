"""Admin page for outward connectors (issue 11, item 10): the systems tickets may be forwarded to
(SP4N-LAPOR! first), their token, field and status mappings, and the forwards they refused."""

from __future__ import annotations

import json

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, PasswordField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from suite.admin.views import blueprint
from suite.audit.services import record
from suite.connectors.endpoints import (
    EndpointInput,
    failed_references,
    issue_webhook_token,
    retry_reference,
    save_endpoint,
    snapshot,
)
from suite.connectors.mapping import ATTRIBUTES, LAPOR_FIELD_MAPPING, LAPOR_FINAL_STATUSES, LAPOR_STATUS_MAPPING
from suite.connectors.models import ConnectorEndpoint
from suite.database import write_transaction
from suite.errors import DomainError, Invalid
from suite.extensions import db
from suite.identity.auth import staff_required
from suite.web_errors import status_for


class EndpointForm(FlaskForm):
    name = StringField(_l("Nama sistem tujuan"), validators=[Length(max=80)])
    base_url = StringField(_l("Alamat dasar API"), validators=[Length(max=300)])
    # Never rendered back: a saved token is only ever shown by its last four characters.
    token = PasswordField(_l("Token akses (kosongkan untuk tetap memakai yang tersimpan)"), validators=[Optional()])
    clear_token = BooleanField(_l("Hapus token yang tersimpan"))
    field_mapping = TextAreaField(_l("Pemetaan kolom (JSON: kolom tujuan → atribut tiket)"))
    status_mapping = TextAreaField(_l("Pemetaan status (JSON: status di sana → kalimat untuk warga)"))
    final_statuses = StringField(_l("Status akhir (dipisah koma; tidak ditanyakan lagi)"), validators=[Length(max=500)])
    active = BooleanField(_l("Aktif"))


def _defaults() -> EndpointForm:
    """A new endpoint starts as SP4N-LAPOR! (the mapping is an assumption to check, see the page)."""
    return EndpointForm(
        formdata=None,
        name="SP4N-LAPOR!",
        base_url="https://",
        field_mapping=json.dumps(LAPOR_FIELD_MAPPING, indent=2, ensure_ascii=False),
        status_mapping=json.dumps(LAPOR_STATUS_MAPPING, indent=2, ensure_ascii=False),
        final_statuses=", ".join(LAPOR_FINAL_STATUSES),
        active=True,
    )


def _form_for(endpoint: ConnectorEndpoint) -> EndpointForm:
    return EndpointForm(
        formdata=None,
        name=endpoint.name,
        base_url=endpoint.base_url,
        field_mapping=json.dumps(endpoint.field_mapping or {}, indent=2, ensure_ascii=False),
        status_mapping=json.dumps(endpoint.status_mapping or {}, indent=2, ensure_ascii=False),
        final_statuses=", ".join(endpoint.final_statuses or []),
        active=endpoint.active,
    )


def _json(text: str | None) -> object:
    try:
        return json.loads(text or "")
    except ValueError:
        return None  # refused with a message by the service


def _input(form: EndpointForm) -> EndpointInput:
    return EndpointInput(
        name=form.name.data or "",
        base_url=form.base_url.data or "",
        token=form.token.data,
        clear_token=bool(form.clear_token.data),
        field_mapping=_json(form.field_mapping.data),
        status_mapping=_json(form.status_mapping.data) if (form.status_mapping.data or "").strip() else {},
        final_statuses=(form.final_statuses.data or "").split(","),
        active=bool(form.active.data),
    )


def _save(endpoint_id: int | None, form: EndpointForm) -> ConnectorEndpoint | None:
    try:
        with write_transaction():
            endpoint, before = save_endpoint(endpoint_id, _input(form))
            record(
                "create" if before is None else "update",
                "connector_endpoint",
                endpoint.id,
                staff=current_user,
                detail=endpoint.name[:200],
                before=before,
                after=snapshot(endpoint),
            )
    except Invalid as error:
        for name, message in error.errors.items():
            if name in form:
                form[name].errors.append(message)
        flash(str(error), "error")
        return None
    return endpoint


def _page(form: EndpointForm, status: int = 200):
    endpoints = db.session.execute(select(ConnectorEndpoint).order_by(ConnectorEndpoint.name)).scalars().all()
    return render_template(
        "admin/connectors.html",
        form=form,
        endpoints=endpoints,
        failed=failed_references(),
        attributes=sorted(ATTRIBUTES),
    ), status


@blueprint.route("/penghubung", methods=["GET", "POST"])
@staff_required("admin")
def connectors():
    form = EndpointForm()
    if not form.is_submitted():
        return _page(_defaults())
    if form.validate() and _save(None, form) is not None:
        flash(_("Sistem tujuan disimpan."), "success")
        return redirect(url_for(".connectors"))
    return _page(form, 422)


@blueprint.route("/penghubung/<int(max=2147483647):endpoint_id>", methods=["GET", "POST"])
@staff_required("admin")
def edit_connector(endpoint_id: int):
    endpoint = db.session.get(ConnectorEndpoint, endpoint_id)
    if endpoint is None:
        abort(404)
    form = EndpointForm()
    if form.is_submitted():
        if form.validate() and _save(endpoint_id, form) is not None:
            flash(_("Sistem tujuan disimpan."), "success")
            return redirect(url_for(".connectors"))
        status = 422
    else:
        form, status = _form_for(endpoint), 200
    return _edit_page(endpoint, form, status)


def _edit_page(endpoint: ConnectorEndpoint, form: EndpointForm, status: int = 200, webhook_token: str | None = None):
    return render_template(
        "admin/connector_edit.html",
        form=form,
        endpoint=endpoint,
        attributes=sorted(ATTRIBUTES),
        webhook_token=webhook_token,
    ), status


@blueprint.route("/penghubung/<int(max=2147483647):endpoint_id>/webhook", methods=["POST"])
@staff_required("admin")
def connector_webhook_token(endpoint_id: int):
    """A new token for the remote's calls to our webhook, shown on this answer only."""
    form = EndpointForm()  # for its CSRF check only
    if not form.validate():
        abort(400)
    try:
        with write_transaction():
            endpoint, plain, had = issue_webhook_token(endpoint_id)
            record(
                "update",
                "connector_endpoint",
                endpoint.id,
                staff=current_user,
                detail=f"webhook token for {endpoint.name}"[:200],
                before={"webhook_token": "set" if had else None},
                after={"webhook_token": "new"},
            )
    except DomainError:
        abort(404)
    flash(_("Token webhook dibuat. Salin sekarang: token ini tidak dapat ditampilkan lagi."), "warning")
    return _edit_page(endpoint, _form_for(endpoint), webhook_token=plain)


@blueprint.route("/penghubung/penerusan/<int(max=2147483647):reference_id>/ulang", methods=["POST"])
@staff_required("admin")
def retry_forward(reference_id: int):
    try:
        with write_transaction():
            reference = retry_reference(reference_id)
            record(
                "update",
                "external_reference",
                reference.id,
                staff=current_user,
                detail=f"retry {reference.endpoint.name} {reference.ticket.code}"[:200],
                before={"state": "failed"},
                after={"state": "queued"},
            )
    except DomainError as error:
        if status_for(error) == 404:
            abort(404)
        flash(str(error), "error")
    else:
        flash(_("Penerusan dimasukkan lagi ke antrean kirim."), "success")
    return redirect(url_for(".connectors"))
