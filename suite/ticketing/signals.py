"""Signals the ticketing core sends; SLA, notifications and modules listen, ticketing imports none of them.

Every signal is sent inside the caller's write transaction, after the change is flushed: a
listener adds rows in the same transaction (never commits) and reads the ticket as changed.
The sender is always the ``Ticket``; the keyword arguments are listed on each signal.
"""

from blinker import Namespace

_signals = Namespace()

ticket_opening = _signals.signal(
    "ticket-opening",
    doc="""A ticket is about to be written (``suite.ticketing.services.open_ticket``): validated, its
    ``created_at``, module, category, kind and agency set, not yet flushed (no ``id``). Sender: the new
    ``Ticket``. Arguments: ``module``. Listeners only set the ticket's own columns, which then go into
    its INSERT: the SLA sets the deadlines here (issue 13: an UPDATE of the row just inserted saved).""",
)
ticket_created = _signals.signal(
    "ticket-created",
    doc="""A ticket was opened (``suite.ticketing.services.open_ticket``), first event and attachments
    written. Sender: the new ``Ticket``. Arguments: ``module`` (its ``ServiceModule``).
    Listeners: notifications confirm receipt off-screen (the deadlines are set by then, at ``ticket_opening``).""",
)
status_changed = _signals.signal(
    "status-changed",
    doc="""A ticket's status changed (``suite.ticketing.transitions.move``, the only writer).
    Sender: the ``Ticket``. Arguments: ``previous`` (the old status), ``event`` (the public
    ``TicketEvent`` recorded; its ``kind`` is ``status_changed``, ``reopened`` or ``merged``),
    ``staff`` (the ``Staff`` who moved it, or None), ``citizen`` (the ``Citizen`` who reopened it,
    or None); both None when the system moved it (the sweep's closing after the reopen window).""",
)
ticket_commented = _signals.signal(
    "ticket-commented",
    doc="""Someone added text to a ticket. Sender: the ``Ticket``. Arguments: ``staff`` (the
    ``Staff`` replying or noting, or None), ``citizen`` (the ``Citizen`` commenting, or None; both
    None for a comment by mail from an unregistered reporter), ``internal`` (True for a staff-only
    note). The text is the ticket's last event.""",
)
ticket_assigned = _signals.signal(
    "ticket-assigned",
    doc="""A ticket's assignee changed. Sender: the ``Ticket``. Arguments: ``staff`` (who assigned),
    ``assignee`` (the new assignee ``Staff``, or None when released).""",
)
ticket_forwarded = _signals.signal(
    "ticket-forwarded",
    doc="""A ticket moved to another agency (disposisi). Sender: the ``Ticket`` (already at the new
    agency). Arguments: ``agency`` (the new ``Agency``), ``staff`` (who forwarded it), ``reason``
    (the public reason, NIKs masked).""",
)
ticket_merged = _signals.signal(
    "ticket-merged",
    doc="""A duplicate was closed into a surviving ticket. Sender: the duplicate ``Ticket`` (now
    closed; its ``status_changed`` was sent too). Arguments: ``survivor`` (the ``Ticket`` it was
    merged into), ``staff`` (who merged), ``citizen_ids`` (the citizens who now follow the survivor
    because of the merge), ``text`` (what they are told).""",
)
ticket_reclassified = _signals.signal(
    "ticket-reclassified",
    doc="""Staff changed a ticket's module and/or category (``suite.ticketing.reclassification``),
    before any re-routing forward (which sends ``ticket_forwarded`` of its own). Sender: the
    ``Ticket`` (already of its new module and category). Arguments: ``previous_module`` and
    ``previous_category`` (codes), ``staff`` (who changed it), ``event`` (the public
    ``reclassified`` ``TicketEvent``). Listeners: the SLA recomputes the deadlines by the rules of
    the new classification.""",
)
information_extended = _signals.signal(
    "information-extended",
    doc="""An information request's answer was postponed once (UU 14/2008 Pasal 22 ayat 8;
    ``suite.ticketing.information.extend``), its public event written. Sender: the ``Ticket``.
    Arguments: ``working_days`` (how many working days the deadline moves), ``reason`` (the public
    written reason, NIKs masked), ``staff`` (who extended it). Listeners: the SLA moves the resolution
    deadline; notifications tell the requester.""",
)
information_decided = _signals.signal(
    "information-decided",
    doc="""The PPID decided an information request (``suite.ticketing.information.decide``); the
    ticket is resolved already (its ``status_changed`` was sent with the event kind
    ``information_decided``). Sender: the ``Ticket``. Arguments: ``decision`` (the
    ``InformationDecision``), ``staff`` (who decided). Listeners: notifications tell the requester of
    the decision and of their right to object (Pasal 35-37).""",
)
ticket_escalated = _signals.signal(
    "ticket-escalated",
    doc="""A ticket passed one of its targets (``suite.sla.sweep``), once per ticket, target and stage.
    Sender: the ``Ticket``. Arguments: ``target`` (``first_response``, ``verification`` or
    ``resolution``), ``label`` (the target in words), ``staff_ids`` (the staff told in the app).
    Listeners: notifications tell those staff on the channels they chose (issue 12).""",
)
