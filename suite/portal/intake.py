"""The module page and intake form every module gets from the core."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from suite.channels.intake import open_via_channel
from suite.errors import DomainError
from suite.identity.auth import citizen_required
from suite.portal.forms import IntakeForm
from suite.portal.nearby_views import add_nearby_route
from suite.privacy.redaction import redact_nik
from suite.security.limits import limit_web_tickets
from suite.ticketing import attachments, kinds, module_state
from suite.ticketing.draft import TicketDraft
from suite.ticketing.duplicates import likely_duplicates
from suite.ticketing.services import caller_of, ticket_for_key


def add_intake_routes(blueprint: Blueprint, module) -> None:
    def index():
        return render_template("portal/module.html", module=module, **closed_context(module))

    @citizen_required
    def intake():
        if not module_state.is_open(module.code):
            return closed_page(module)
        refusal = module.check_citizen(current_user)
        if refusal:
            flash(refusal, "error")
            return redirect(url_for(".index"))
        form = (module.intake_form or IntakeForm)(module=module)
        if form.is_submitted() and form.author.data and form.author.data != str(current_user.id):
            # Written while another account was signed in on this device: neither filed in this
            # account's name nor shown back to it (the text is the other person's).
            flash(_("Laporan itu ditulis ketika akun lain masuk di perangkat ini, jadi tidak dikirim."), "error")
            return redirect(url_for(".intake"), 303)
        form.author.data = str(current_user.id)
        duplicates = []
        if form.validate_on_submit():
            earlier = ticket_for_key(caller_of(current_user), form.idempotency_key.data)
            if earlier is not None:  # a double submit: show what the first one made
                return redirect(_after_submit_url(earlier.code))
            draft = draft_from_form(form)
            module.complete_draft(draft, current_user)
            if module.detect_duplicates and not form.not_duplicate.data:
                duplicates = likely_duplicates(module.code, draft, current_user.id)
            if duplicates:
                flash(
                    _(
                        "Ada laporan serupa yang masih ditangani. Ikuti laporan itu, atau centang bahwa laporan "
                        "Anda berbeda lalu kirim lagi (pilih ulang foto bila ada)."
                    ),
                    "warning",
                )
            else:
                outcome = submit_intake(
                    module,
                    form,
                    channel="kiosk" if in_kiosk() else "web",
                    citizen=current_user,
                    success_url=_after_submit_url,
                )
                if outcome is not None:
                    return outcome
        elif form.is_submitted():
            flash(_("Laporan belum terkirim. Periksa isian yang ditandai."), "error")
        status = 200 if duplicates or not form.is_submitted() else 422
        return render_template(module.intake_template, module=module, form=form, duplicates=duplicates), status

    blueprint.add_url_rule("/", "index", index)
    # Tickets per citizen, counted over every module, the kiosk and the API (issue 9, item 2).
    blueprint.add_url_rule("/lapor", "intake", limit_web_tickets(intake), methods=["GET", "POST"])
    if module.report_on_map:
        add_nearby_route(blueprint, module)


def closed_context(module) -> dict:
    """What a page of ``module`` needs to show it closed: ``closed`` and ``closed_message``."""
    if module_state.is_open(module.code):
        return {"closed": False, "closed_message": None}
    return {"closed": True, "closed_message": module_state.closed_message(module)}


def closed_page(module, numbers=()):
    """The closed notice instead of a form; a form posted anyway is refused with 503 and the text the
    citizen typed shown back, so nothing is lost (issue 12, item 1). ``numbers``: (number, label)
    pairs to call instead, as links (e-Babhar's emergency numbers)."""
    typed = (request.form.get("description") or request.form.get("note") or "") if request.method == "POST" else ""
    typed = redact_nik(typed[:4000])
    page = render_template("portal/closed.html", module=module, typed=typed, numbers=numbers, **closed_context(module))
    return page, (503 if request.method == "POST" else 200)


def draft_from_form(form) -> TicketDraft:
    return TicketDraft(
        category=form.category.data,
        description=form.description.data,
        kind=form.kind.data or kinds.DEFAULT,
        desa_code=form.desa_code.data or None,
        latitude=form.latitude.data,
        longitude=form.longitude.data,
        extras={field.name: _plain(field.data) for field in form.extra_fields()},
        anonymous=bool(form.anonymous.data),
        confidential=bool(form.confidential.data),
        use_photo_location=bool(form.use_photo_location.data),
    )


def uploads_from_form(form) -> list[attachments.Upload]:
    return [attachments.Upload(f.filename, f.read()) for f in (form.photos.data or []) if getattr(f, "filename", None)]


def in_kiosk() -> bool:
    return bool(session.get("kiosk"))


def _after_submit_url(code: str) -> str:
    return url_for("kiosk.receipt", code=code) if in_kiosk() else url_for("portal.my_ticket", code=code)


def submit_intake(
    module, form, channel: str, citizen, success_url, caller: str | None = None, context: dict | None = None
):
    """Open the ticket from a validated form; return a redirect, or None with form errors set.
    ``context``: server-side facts for the module (``TicketDraft.context``)."""
    draft = draft_from_form(form)
    draft.context = dict(context or {})
    uploads = uploads_from_form(form)
    codes: list[str] = []
    try:
        result = open_via_channel(
            module.code,
            citizen,
            draft,
            channel=channel,
            uploads=uploads,
            idempotency_key=form.idempotency_key.data,
            caller=caller,
            # The code, kept before the commit expires the ticket: reading it after costs a statement.
            present=lambda opened: codes.append(opened.ticket.code),
        )
    except DomainError as error:
        for name, message in error.errors.items():
            field = getattr(form, name, None)
            (field.errors if field is not None else form.form_errors).append(message)
        flash(error.message, "error")
        return None
    if result.created:
        flash(_("Laporan Anda diterima. Kode lacak: %(code)s", code=codes[0]), "success")
    return redirect(success_url(codes[0]))


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


__all__ = ["add_intake_routes", "closed_context", "closed_page", "submit_intake"]
