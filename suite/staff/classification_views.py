"""Re-classifying a ticket (issue 11, item 6) and confirming the module's suggestion (item 8), on
the staff ticket page; the rules are in ``suite.ticketing.reclassification``."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from suite.extensions import db
from suite.identity.auth import staff_required
from suite.identity.models import Agency
from suite.registry import get_module
from suite.staff.classification_forms import SEPARATOR, ConfirmSuggestionForm, ReclassifyForm
from suite.staff.views import _actionable_ticket, _render_ticket, _visible_ticket, attempt, blueprint
from suite.ticketing import access, lifecycle
from suite.ticketing.models import Ticket
from suite.ticketing.reclassification import confirm_suggestion, reclassify, suggestion_for, target_modules
from suite.web_errors import status_for


@blueprint.route("/tiket/<code>/klasifikasi", methods=["POST"])
@staff_required()
def reclassify_ticket(code: str):
    item = _actionable_ticket(code)
    form = ReclassifyForm()
    form.classification.choices = classification_choices(item)
    if not form.validate_on_submit():
        return _render_ticket(item, reclassify_form=form), 422
    (module_code, category), reason, ticket_id = form.chosen(), form.reason.data, item.id
    return _run(
        item,
        lambda: reclassify(ticket_id, current_user, module_code, category, reason),
        _("Klasifikasi tiket diubah; tenggat dihitung ulang."),
        form,
    )


@blueprint.route("/tiket/<code>/saran", methods=["POST"])
@staff_required()
def confirm_classification(code: str):
    item = _actionable_ticket(code)
    form = ConfirmSuggestionForm()
    if not form.validate_on_submit():
        flash(_("Saran tidak dapat dikonfirmasi; muat ulang halaman tiket."), "error")
        return _render_ticket(item), 422
    category, ticket_id = form.category.data, item.id
    return _run(
        item, lambda: confirm_suggestion(ticket_id, current_user, category), _("Saran klasifikasi dikonfirmasi.")
    )


def _run(item: Ticket, operation, success: str, form: ReclassifyForm | None = None):
    code = item.code
    error = attempt(operation)
    if error is not None:
        return _render_ticket(_visible_ticket(code), reclassify_form=form), status_for(error)
    flash(success, "success")
    ticket = db.session.execute(select(Ticket).where(Ticket.code == code)).scalar_one()
    # Moved into a care tree the officer is outside of, the ticket is no longer theirs to see.
    if not access.can_view(current_user, ticket):
        return redirect(url_for(".queue"))
    return redirect(url_for(".ticket", code=code))


def classification_choices(item: Ticket) -> list[SelectChoice]:
    """Where the ticket may go, grouped by module; a health ticket only within its care tree."""
    source = get_module(item.module)
    choices = [SelectChoice("", _("— pilih —"))]
    for module in target_modules():
        if source is not None and (
            (source.care_root and module.care_root != source.care_root) or (source.sensitive and not module.sensitive)
        ):
            continue
        choices += [
            SelectChoice(f"{module.code}{SEPARATOR}{category.code}", str(category.label), optgroup=str(module.name))
            for category in module.categories
            if (module.code, category.code) != (item.module, item.category)
        ]
    return choices


def classification_context(item: Ticket, reclassify_form: ReclassifyForm | None = None) -> dict:
    """What the ticket page's classification panel shows (``staff/_classification.html``)."""
    module = get_module(item.module)
    movable = item.status in lifecycle.OPEN_STATES and item.merged_into_id is None
    if not movable or not access.can_act(current_user, item) or module is None or not module.reclassifiable:
        return {"reclassify_form": None, "suggestion": None}
    form = reclassify_form or ReclassifyForm(formdata=None)
    form.classification.choices = classification_choices(item)
    suggestion = suggestion_for(item)
    shown = None
    if suggestion is not None:
        category = module.category(suggestion.category)
        agency = (
            db.session.execute(select(Agency).where(Agency.code == suggestion.agency_code)).scalar_one_or_none()
            if suggestion.agency_code
            else None
        )
        shown = {
            "category": suggestion.category,
            "label": category.label if category else suggestion.category,
            "agency": agency.name if agency else suggestion.agency_code,
            "matched": suggestion.matched,
            "matches": suggestion.category == item.category,
        }
    return {"reclassify_form": form, "suggestion": shown, "confirm_form": ConfirmSuggestionForm(formdata=None)}
