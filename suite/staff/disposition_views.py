"""Forwarding, merging and supervisors' bulk actions on the staff side."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from suite.database import write_transaction
from suite.errors import DomainError, Invalid
from suite.extensions import db
from suite.identity.auth import staff_required
from suite.identity.models import Agency, Staff
from suite.registry import get_module
from suite.staff.forms import BulkForm, ForwardForm, MergeForm
from suite.staff.views import (
    _act,
    _actionable_ticket,
    _bulk_form,
    _render_ticket,
    _visible_ticket,
    agency_choices,
    blueprint,
)
from suite.ticketing import access, services
from suite.ticketing.access import AccessDenied
from suite.ticketing.codes import normalise_code
from suite.ticketing.dispositions import forward_ticket, merge_ticket
from suite.ticketing.models import Ticket
from suite.web_errors import status_for


@blueprint.route("/tiket/<code>/teruskan", methods=["POST"])
@staff_required()
def forward(code: str):
    item = _actionable_ticket(code)
    form = ForwardForm()
    form.agency.choices = agency_choices(exclude=item.agency_id, module=get_module(item.module))
    if not form.validate_on_submit():
        return _render_ticket(item, forward_form=form), 422
    agency_id, reason, ticket_id = int(form.agency.data), form.reason.data, item.id

    def run():
        return forward_ticket(ticket_id, current_user, db.session.get(Agency, agency_id), reason)

    code = item.code
    try:
        with write_transaction():
            run()
    except DomainError as error:
        flash(error.message, "error")
        return _render_ticket(_visible_ticket(code), forward_form=form), status_for(error)
    flash(_("Tiket diteruskan."), "success")
    # The ticket now belongs to another agency: back to the queue, it may no longer be ours to see.
    return redirect(url_for(".queue"))


@blueprint.route("/tiket/<code>/gabung", methods=["POST"])
@staff_required()
def merge(code: str):
    item = _actionable_ticket(code)
    form = MergeForm()
    if not form.validate_on_submit():
        return _render_ticket(item, merge_form=form), 422
    survivor, note, ticket_id = normalise_code(form.survivor.data), form.note.data, item.id
    return _act(
        item,
        lambda: merge_ticket(ticket_id, survivor, current_user, note),
        _("Tiket digabung ke %(code)s.", code=survivor),
        merge_form=form,
    )


@blueprint.route("/massal", methods=["POST"])
@staff_required("supervisor", "admin")
def bulk():
    form = _bulk_form(BulkForm())
    form.tickets.choices = [(int(v), v) for v in request.form.getlist("tickets") if v.isdigit()]
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for(".queue"))
    done, failed = [], []
    for ticket_id in form.tickets.data:
        try:
            with write_transaction():  # one ticket per transaction: a refusal keeps the others
                _bulk_one(ticket_id, form)
            done.append(ticket_id)
        except DomainError as error:
            failed.append(f"#{ticket_id}: {error.message}")
    if done:
        flash(_("%(n)s tiket diproses.", n=len(done)), "success")
    for message in failed:
        flash(message, "error")
    return redirect(url_for(".queue"))


def _bulk_one(ticket_id: int, form: BulkForm) -> None:
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None or not access.can_act(current_user, ticket):
        raise AccessDenied()
    if form.action.data == "assign":
        assignee = db.session.get(Staff, int(form.assignee.data)) if form.assignee.data else None
        if assignee is None:
            raise Invalid(_("Pilih petugas."))
        services.assign(ticket_id, current_user, assignee)
    elif form.action.data == "forward":
        agency = db.session.get(Agency, int(form.agency.data)) if form.agency.data else None
        forward_ticket(ticket_id, current_user, agency, form.reason.data or "")
    elif form.action.data == "merge":
        survivor = normalise_code(form.survivor.data or "")
        if ticket.code == survivor:
            return  # the survivor itself may be ticked along with its duplicates
        merge_ticket(ticket_id, survivor, current_user)
    else:
        raise Invalid(_("Tindakan tidak dikenal."))
