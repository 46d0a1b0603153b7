"""The one state machine every ticket follows (DESIGN section 4)."""

from __future__ import annotations

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

STATUS_LABELS = {
    SUBMITTED: _l("Diterima"),
    VERIFIED: _l("Terverifikasi"),
    IN_PROGRESS: _l("Diproses"),
    RESOLVED: _l("Selesai"),
    CLOSED: _l("Ditutup"),
    REJECTED: _l("Ditolak"),
}

# Which states staff may move a ticket to from each state. Reopening (resolved ->
# in_progress) is the citizen's own verb, checked separately with its 7-day window.
STAFF_TRANSITIONS = {
    SUBMITTED: (VERIFIED, REJECTED),
    VERIFIED: (IN_PROGRESS, REJECTED),
    IN_PROGRESS: (RESOLVED,),
    RESOLVED: (CLOSED,),
    CLOSED: (),
    REJECTED: (),
}
OPEN_STATES = (SUBMITTED, VERIFIED, IN_PROGRESS)
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


def check_transition(current: str, target: str, reason: str | None, verb: str = STAFF) -> None:
    if target not in STATUS_LABELS:
        raise TransitionError(_l("Status tujuan tidak dikenal."))
    if target not in TRANSITIONS[verb].get(current, ()):
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


def allowed_targets(current: str) -> tuple[str, ...]:
    return STAFF_TRANSITIONS.get(current, ())
