"""Re-classification: staff move a misfiled ticket to another category or module (issue 11, item 6),
and the verifying officer confirms the classification a module suggests (item 8).

The tracking code, the time the ticket opened and its timeline stay. The deadlines follow the rules
of the new classification, counted from the opening (the SLA listens to ``ticket_reclassified``);
the ticket goes on to the new category's agency, as a forward on the chain, when the category
decides a different agency. Health data never leaves its care tree, and a confidentiality once
given is never taken back.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import delete, select

from suite.errors import Conflict, Invalid, Unavailable
from suite.extensions import db
from suite.identity.models import Agency, Staff
from suite.registry import ServiceModule, Suggestion, enabled_modules, get_module
from suite.ticketing import access, category_settings, lifecycle, signals, transitions
from suite.ticketing.dispositions import move_to_agency
from suite.ticketing.draft import TicketDraft
from suite.ticketing.models import Follower, Ticket
from suite.ticketing.services import locked_for_staff
from suite.ticketing.timeline import record

# A suggestion is for the officer who verifies a new report, or who has just verified it.
SUGGESTION_STATES = (lifecycle.SUBMITTED, lifecycle.VERIFIED)


def reclassify(ticket_id: int, staff: Staff, module_code: str | None, category: str | None, reason: str) -> Ticket:
    """Give an open ticket another module and/or category, with a public reason.

    Raises ``Invalid`` (errors keyed ``module``, ``category``, ``reason``) for an unknown or
    disabled module, a category it does not have, no reason, no change, or a health ticket sent
    out of its care tree; ``Conflict`` for a closed ticket or a module whose tickets cannot move;
    ``AccessDenied`` when the ticket is not the staff member's to act on.
    """
    reason = (reason or "").strip()
    target = enabled_modules().get(module_code or "")
    errors = {}
    if target is None or not target.reclassifiable:
        errors["module"] = _l("Pilih layanan dari daftar.")
    elif target.category(category or "") is None:
        errors["category"] = _l("Pilih kategori dari daftar layanan itu.")
    if len(reason) < 5:
        errors["reason"] = _l("Tuliskan alasan perubahan klasifikasi.")
    if errors or target is None or category is None:
        raise Invalid(_l("Periksa kembali klasifikasi baru dan alasannya."), errors)
    return _reclassify(locked_for_staff(ticket_id, staff), staff, target, category, reason)


def target_modules() -> list[ServiceModule]:
    """Modules a ticket may be moved into (the staff form offers these)."""
    return [module for module in enabled_modules().values() if module.reclassifiable]


def suggestion_for(ticket: Ticket) -> Suggestion | None:
    """What the ticket's module suggests for its text, while the ticket is being verified."""
    module = get_module(ticket.module)
    if module is None or not module.reclassifiable or ticket.status not in SUGGESTION_STATES:
        return None
    if ticket.merged_into_id is not None:
        return None
    suggestion = module.suggest_classification(ticket.description)
    return suggestion if suggestion is not None and module.category(suggestion.category) else None


def confirm_suggestion(ticket_id: int, staff: Staff, category: str | None) -> Ticket:
    """The officer accepts the suggestion they were shown (``category``): the ticket takes that
    category (re-routed when it decides another agency), and a new report that stays with the
    officer's agency is verified. Refused with ``Conflict`` when the suggestion is no longer the
    one shown, or there is nothing left to confirm."""
    ticket = locked_for_staff(ticket_id, staff)
    suggestion = suggestion_for(ticket)
    if suggestion is None or suggestion.category != category:
        raise Conflict(_l("Saran klasifikasi sudah berubah; periksa lagi halaman tiket."))
    module = get_module(ticket.module)
    if suggestion.category != ticket.category and module is not None:
        with force_locale("id"):  # stored text is in the regency's language
            reason = _("Sesuai saran klasifikasi (kata: %(words)s).", words=", ".join(suggestion.matched) or "-")
        ticket = _reclassify(ticket, staff, module, suggestion.category, reason)
    elif ticket.status != lifecycle.SUBMITTED:
        raise Conflict(_l("Tiket ini sudah sesuai saran dan sudah diverifikasi."))
    if ticket.status == lifecycle.SUBMITTED and access.can_act(staff, ticket):
        transitions.move(ticket, lifecycle.VERIFIED, staff=staff)
    return ticket


def _reclassify(ticket: Ticket, staff: Staff, target: ServiceModule, category: str, reason: str) -> Ticket:
    source = get_module(ticket.module)
    _check_move(ticket, source, target, category)
    assert source is not None  # _check_move refuses a ticket of a disabled module
    previous_module, previous_category = ticket.module, ticket.category
    old_route = source.route(_draft(ticket, previous_category))
    new_route = target.route(_draft(ticket, category))
    with force_locale("id"):  # titles are stored in the regency's language
        default_title = source.title(_draft(ticket, previous_category))[:200]
        new_title = target.title(_draft(ticket, category))[:200]

    ticket.module, ticket.category = target.code, category
    # Confidentiality given is kept: a ticket only ever becomes sensitive here, never the reverse.
    ticket.sensitive = ticket.sensitive or category_settings.is_sensitive(target, category)
    if ticket.sensitive:
        ticket.visibility = "confidential"
    if ticket.sensitive or target.care_root:
        # Citizens who followed or supported it as a road or general report are not told of a
        # health ticket (its notes, its progress): they stop following it. The reporter is not a follower.
        db.session.execute(delete(Follower).where(Follower.ticket_id == ticket.id))
    ticket.priority = target.priority(_draft(ticket, category))
    if ticket.title == default_title:  # a title someone wrote stays; the category's own follows it
        ticket.title = new_title
    db.session.flush()
    event = record(
        ticket,
        "reclassified",
        staff=staff,
        public=True,
        body=reason,
        detail={
            "from": {"module": previous_module, "category": previous_category},
            "to": {"module": target.code, "category": category},
        },
    )
    _note_unfitting_extras(ticket, target, category, staff)
    signals.ticket_reclassified.send(
        ticket, previous_module=previous_module, previous_category=previous_category, staff=staff, event=event
    )
    agency = _new_agency(ticket, target, old_route, new_route)
    if agency is not None:
        move_to_agency(ticket, staff, agency, reason)
    return ticket


def _check_move(ticket: Ticket, source: ServiceModule | None, target: ServiceModule, category: str) -> None:
    if ticket.status not in lifecycle.OPEN_STATES or ticket.merged_into_id is not None:
        raise Conflict(_l("Hanya tiket yang masih terbuka yang dapat diklasifikasi ulang."))
    if source is None or not source.reclassifiable:
        raise Conflict(_l("Tiket layanan ini tidak dapat diklasifikasi ulang."))
    if (ticket.module, ticket.category) == (target.code, category):
        message = _l("Tiket sudah berada di layanan dan kategori itu.")
        raise Invalid(message, {"category": message})
    if (source.care_root and target.care_root != source.care_root) or (source.sensitive and not target.sensitive):
        # Health data never leaves the care tree (UU 27/2022): it may only change health service.
        message = _l("Laporan kesehatan hanya dapat dipindah ke layanan kesehatan lain.")
        raise Invalid(message, {"module": message})


def _new_agency(ticket: Ticket, target: ServiceModule, old_route: str, new_route: str) -> Agency | None:
    """The agency the ticket must go to now, or None when it stays where it is.

    It moves when the new category decides another agency than the old one did; when both decide
    the same, a forward someone made on purpose stands. A ticket entering a care tree always moves
    into it. It stays when it is already at the routed agency or one of its units.
    """
    care_tree = access.care_agency_ids(target)
    outside_care = care_tree is not None and ticket.agency_id not in care_tree
    if old_route == new_route and not outside_care:
        return None
    agency = db.session.execute(select(Agency).where(Agency.code == new_route)).scalar_one_or_none()
    if agency is None:
        raise Unavailable(_l("Layanan ini belum memiliki instansi penanggung jawab."))
    if ticket.agency_id in agency.subtree_ids():
        return None
    return agency


def _note_unfitting_extras(ticket: Ticket, target: ServiceModule, category: str, staff: Staff) -> None:
    # The extras are what the citizen told the old form; they are kept as they are, even when the
    # new module's schema would not accept them (another module's fields, or its required ones
    # missing), because they are the citizen's words and the timeline's evidence. Staff are told,
    # so they ask for what the new service needs.
    try:
        target.validate_extras(ticket.extras or {}, category)
    except ValidationError:
        with force_locale("id"):
            note = _(
                "Data tambahan laporan ini berasal dari formulir sebelumnya dan tidak sesuai formulir "
                "%(module)s; data disimpan apa adanya. Lengkapi bila perlu.",
                module=str(target.name),
            )
        record(ticket, "internal_note", staff=staff, public=False, body=note)


def _draft(ticket: Ticket, category: str) -> TicketDraft:
    """The ticket as a draft of ``category``, for the module hooks that route and title a draft."""
    return TicketDraft(
        category=category,
        description=ticket.description,
        desa_code=ticket.desa_code,
        latitude=ticket.latitude,
        longitude=ticket.longitude,
        extras=dict(ticket.extras or {}),
    )
