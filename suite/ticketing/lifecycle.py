"""The one state machine every ticket follows (DESIGN section 4).

A few states belong to a repair workflow (issue 11, item 5): a survey scheduled, a work order
issued, waiting for the budget cycle, and "referred" (not the regency's to do: handed to the body
that is). They are in the one table so every figure sees them, but a module must opt in to them
(``ServiceModule.workflow_states``): the staff of other modules are never offered them.
"""

from __future__ import annotations

from collections.abc import Collection

from flask_babel import lazy_gettext as _l

from suite.errors import Conflict

SUBMITTED, VERIFIED, IN_PROGRESS, RESOLVED, CLOSED, REJECTED = (
    "submitted",
    "verified",
    "in_progress",
    "resolved",
    "closed",
    "rejected",
)
SURVEY_SCHEDULED, WORK_ORDERED, AWAITING_BUDGET, REFERRED = (
    "survey_scheduled",
    "work_ordered",
    "awaiting_budget",
    "referred",
)

STATUS_LABELS = {
    SUBMITTED: _l("Diterima"),
    VERIFIED: _l("Terverifikasi"),
    SURVEY_SCHEDULED: _l("Survei dijadwalkan"),
    WORK_ORDERED: _l("Perintah kerja terbit"),
    AWAITING_BUDGET: _l("Menunggu anggaran"),
    IN_PROGRESS: _l("Diproses"),
    RESOLVED: _l("Selesai"),
    CLOSED: _l("Ditutup"),
    REJECTED: _l("Ditolak"),
    REFERRED: _l("Diteruskan ke instansi berwenang"),
}

# The states a module uses only when it lists them in ``workflow_states``.
WORKFLOW_STATES = (SURVEY_SCHEDULED, WORK_ORDERED, AWAITING_BUDGET, REFERRED)

# Which states staff may move a ticket to from each state. Reopening (resolved ->
# in_progress) is the citizen's own verb, checked separately with its 7-day window.
# "referred" ends the regency's part when the road is another government's (a national or
# provincial road): it is a terminal state of its own, never a rejection.
STAFF_TRANSITIONS = {
    SUBMITTED: (VERIFIED, REJECTED, REFERRED),
    VERIFIED: (SURVEY_SCHEDULED, WORK_ORDERED, AWAITING_BUDGET, IN_PROGRESS, REJECTED, REFERRED),
    SURVEY_SCHEDULED: (WORK_ORDERED, AWAITING_BUDGET, IN_PROGRESS, REFERRED),
    WORK_ORDERED: (IN_PROGRESS, AWAITING_BUDGET),
    AWAITING_BUDGET: (WORK_ORDERED, IN_PROGRESS),
    IN_PROGRESS: (RESOLVED, AWAITING_BUDGET),
    RESOLVED: (CLOSED,),
    CLOSED: (),
    REJECTED: (),
    REFERRED: (),
}
# Every figure that counts open tickets uses this list: queues, overdue lists, scorecards, the
# public statistics, the SLA sweep, the staff page's actions and the citizen's own list. Waiting
# for the budget is an honest, visible state that is still open: the citizen's road is not fixed.
OPEN_STATES = (SUBMITTED, VERIFIED, SURVEY_SCHEDULED, WORK_ORDERED, AWAITING_BUDGET, IN_PROGRESS)
# Resolved or closed: the citizen may rate how it was handled.
FINISHED_STATES = (RESOLVED, CLOSED)
# Nothing more happens here: closed, rejected, or referred to the government that is responsible.
TERMINAL_STATES = (CLOSED, REJECTED, REFERRED)
REOPEN_WINDOW_DAYS = 7

# Every move the one transition function (suite.ticketing.transitions.move) makes, by who makes it:
# staff through the lifecycle, the citizen reopening within the window, a merge closing a
# duplicate, and the sweep closing a resolved ticket nobody reopened.
STAFF, REOPEN, MERGE, AUTO_CLOSE = "staff", "reopen", "merge", "auto_close"
# A written answer ends the ticket from any open state (issue 11, item 9): the PPID's decision on an
# information request (UU 14/2008 Pasal 22 ayat 7), the reply to a suggestion (nothing to repair).
ANSWER = "answer"
TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    STAFF: STAFF_TRANSITIONS,
    REOPEN: {RESOLVED: (IN_PROGRESS,)},
    MERGE: {state: (CLOSED,) for state in OPEN_STATES},
    AUTO_CLOSE: {RESOLVED: (CLOSED,)},
    ANSWER: {state: (RESOLVED,) for state in OPEN_STATES},
}

# What counts as the agency's first response (e-Sambat's reward and sanction bands): a public text
# from staff, a reply, or a status change with a public note. Internal notes never count.
RESPONSE_KINDS = ("public_reply", "information_extended", "information_decided")


class TransitionError(Conflict):
    """A state change the lifecycle does not allow; the message is for the user."""


def check_transition(
    current: str, target: str, reason: str | None, verb: str = STAFF, optional: Collection[str] = ()
) -> None:
    """Refuse a move the table does not allow. ``optional`` are the workflow states the ticket's
    module opted in to; a staff move into any other workflow state is refused."""
    if target not in STATUS_LABELS:
        raise TransitionError(_l("Status tujuan tidak dikenal."))
    if target not in TRANSITIONS[verb].get(current, ()) or (
        verb == STAFF and target in WORKFLOW_STATES and target not in optional
    ):
        raise TransitionError(
            _l(
                'Status tidak dapat diubah dari "%(current)s" ke "%(target)s".',
                current=STATUS_LABELS[current],
                target=STATUS_LABELS[target],
            )
        )
    if target == REJECTED and not (reason or "").strip():
        raise TransitionError(_l("Alasan penolakan wajib diisi."))


def is_response(event) -> bool:
    """Whether a timeline event is a response to the citizen (it stops the first-response clock)."""
    if event.actor_type != "staff" or not event.public:
        return False
    return event.kind in RESPONSE_KINDS or (event.kind == "status_changed" and bool(event.body))


def allowed_targets(current: str, optional: Collection[str] = ()) -> tuple[str, ...]:
    """The states staff may choose from ``current``; workflow states only those in ``optional``."""
    return tuple(s for s in STAFF_TRANSITIONS.get(current, ()) if s not in WORKFLOW_STATES or s in optional)
