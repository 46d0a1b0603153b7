"""Staff actions by ticket kind (issue 11, item 9): extend or decide an information request
(UU 14/2008), answer a suggestion. Thin: each calls one service in suite.ticketing."""

from __future__ import annotations

from flask import flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from suite.identity.auth import staff_required
from suite.staff.information_forms import AspirationAnswerForm, DecisionForm, ExtendForm
from suite.staff.views import _actionable_ticket, _render_ticket, _visible_ticket, attempt, blueprint
from suite.ticketing import attachments, information
from suite.ticketing.aspirations import answer_aspiration
from suite.web_errors import status_for


@blueprint.context_processor
def _kind_panel():
    """What staff/_kind_panel.html shows: the forms (those just refused, with their errors, or empty
    ones) and the latest decision."""

    def kind_panel(ticket) -> dict:
        forms = {
            "extend_form": ExtendForm(formdata=None),
            "decision_form": DecisionForm(formdata=None),
            "aspiration_form": AspirationAnswerForm(formdata=None),
        }
        forms.update(g.get("kind_forms") or {})
        decision = information.latest_decision(ticket) if ticket.kind == "information" else None
        return {**forms, "decision": decision, "extended": information.was_extended(ticket)}

    return {"kind_panel": kind_panel}


@blueprint.route("/tiket/<code>/informasi/perpanjang", methods=["POST"])
@staff_required()
def extend_information(code: str):
    item = _actionable_ticket(code)
    form = ExtendForm()
    if not form.validate_on_submit():
        return _refused(item, extend_form=form)
    ticket_id, reason = item.id, form.reason.data
    return _run(
        item,
        lambda: information.extend(ticket_id, current_user, reason),
        _("Jangka waktu diperpanjang 7 hari kerja; pemohon diberi tahu."),
        extend_form=form,
    )


@blueprint.route("/tiket/<code>/informasi/keputusan", methods=["POST"])
@staff_required()
def decide_information(code: str):
    item = _actionable_ticket(code)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _refused(item, decision_form=form)
    upload = form.document.data
    uploads = [attachments.Upload(upload.filename, upload.read())] if getattr(upload, "filename", None) else []
    ticket_id = item.id
    return _run(
        item,
        lambda: information.decide(
            ticket_id, current_user, form.outcome.data, form.answer.data, form.ground.data or None, uploads
        ),
        _("Keputusan dicatat; pemohon diberi tahu beserta haknya mengajukan keberatan."),
        decision_form=form,
    )


@blueprint.route("/tiket/<code>/aspirasi/tanggapan", methods=["POST"])
@staff_required()
def answer_suggestion(code: str):
    item = _actionable_ticket(code)
    form = AspirationAnswerForm()
    if not form.validate_on_submit():
        return _refused(item, aspiration_form=form)
    ticket_id, body = item.id, form.body.data
    return _run(
        item,
        lambda: answer_aspiration(ticket_id, current_user, body),
        _("Aspirasi ditanggapi dan diselesaikan."),
        aspiration_form=form,
    )


def _run(item, operation, success: str, **forms):
    code = item.code
    error = attempt(operation)
    if error is not None:
        for name, message in error.errors.items():
            for form in forms.values():
                field = getattr(form, name, None)
                if field is not None:
                    field.errors = [*field.errors, message]
        return _refused(_visible_ticket(code), status=status_for(error), **forms)
    flash(success, "success")
    return redirect(url_for(".ticket", code=code))


def _refused(item, status: int = 422, **forms):
    g.kind_forms = forms
    return _render_ticket(item), status
