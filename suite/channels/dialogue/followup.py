"""``NILAI <kode> <1-5> [komentar]`` and ``BUKA <kode> <alasan>``: the citizen rates or reopens
their own finished report from the phone, through the same services the web uses
(``suite.ticketing.citizen_actions``: one rating per ticket, reopening within 7 days).

Who may: only the ticket's reporter, known by the phone. The sender's number must be a confirmed
phone of the citizen account that made the ticket (as for reports, ``find_citizen_by_confirmed_phone``:
an unproven number attaches to nothing, issue 9). A ticket made without an account (an e-Babhar
danger sign from an unregistered phone, a call-centre or email report) is refused with a pointer
to the web or a service desk, even when the message comes from the number the report came from:
a rating and a reopening belong to a citizen account (the rating row names it, and a reopening is
counted against the agency in its name), and prepaid numbers in Indonesia are recycled, so the
number alone does not prove the person weeks later. Knowing the code is never enough: CEK tells
anyone the status, but only the owner may judge the answer.

Gateway retries: ``inbound`` records each message id once, so a repeated id does nothing. A
message whose first handling was cut off after the rating or reopening committed (and is handled
again after ``inbound.UNFINISHED_AFTER``) finds its own mark, the message row's ``ticket_id``
written in the same transaction, and is answered as done instead of being applied twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import select, update

from suite.channels.dialogue import texts
from suite.channels.dialogue.message import Incoming, Outcome, Reply
from suite.channels.intake import ticket_by_code
from suite.channels.models import InboundMessage
from suite.database import write_transaction
from suite.errors import DomainError, Invalid
from suite.extensions import db
from suite.identity.models import Citizen
from suite.identity.services import find_citizen_by_confirmed_phone
from suite.ticketing import citizen_actions
from suite.ticketing.codes import CODE_PATTERN, normalise_code
from suite.ticketing.models import Ticket

# "5", "5/5", "*4", "4, bagus", "3.cukup": the score first, then any comment.
_SCORE = re.compile(r"^\*?([0-9]+)(?:/5)?(?:[\s.,;:!\-]+|$)(.*)$", re.S)


def split_code(text: str) -> tuple[Ticket | None, str, str]:
    """(the ticket, the code as typed, the rest) for ``"LRG-7K3Q-9MDP 5 bagus"`` or
    ``"lrg 7k3q 9mdp 4"``: the code may be one word or spread over up to three; the shortest
    reading that names a ticket wins, so a score typed after it is never taken into the code."""
    words = (text or "").split()
    for size in range(1, min(3, len(words)) + 1):
        ticket = ticket_by_code("".join(words[:size]))
        if ticket is not None:
            return ticket, ticket.code, " ".join(words[size:])
    for size in range(min(3, len(words)), 0, -1):  # no ticket: show what looks most like a code
        candidate = normalise_code("".join(words[:size]))
        if CODE_PATTERN.match(candidate):
            return None, candidate, " ".join(words[size:])
    return None, words[0] if words else "", " ".join(words[1:])


def rate(incoming: Incoming, rest: str) -> Outcome:
    found = _own_ticket(incoming, rest, "NILAI", texts.how_to_rate)
    if isinstance(found, Outcome):
        return found
    ticket, citizen, rest = found
    ticket_id, code, citizen_id = ticket.id, ticket.code, citizen.id
    if _already_done(incoming, ticket_id):
        rating = citizen_actions.rating_of(ticket)
        if rating is not None:
            return Outcome("rated", [Reply(texts.rated(code, rating.score))], ticket_id, citizen_id)
    problem = citizen_actions.rating_problem(ticket)  # said before asking for a score it cannot take
    if problem is not None:
        return Outcome("refused", [Reply(texts.followup_refused(code, problem))], ticket_id, citizen_id)
    match = _SCORE.match(rest)
    if not match:
        return Outcome("ask_again", [Reply(texts.score_missing(code))], citizen_id=citizen_id)
    score, comment = int(match.group(1)), match.group(2)
    if not 1 <= score <= 5:
        return Outcome("ask_again", [Reply(texts.score_out_of_range(code))], citizen_id=citizen_id)
    try:
        with write_transaction():
            citizen_actions.rate(ticket_id, db.session.merge(citizen), score, comment.strip() or None)
            _mark(incoming, ticket_id)
    except DomainError as error:
        return Outcome("refused", [Reply(texts.followup_refused(code, error.message))], ticket_id, citizen_id)
    return Outcome("rated", [Reply(texts.rated(code, score))], ticket_id, citizen_id)


def reopen(incoming: Incoming, rest: str) -> Outcome:
    found = _own_ticket(incoming, rest, "BUKA", texts.how_to_reopen)
    if isinstance(found, Outcome):
        return found
    ticket, citizen, reason = found
    ticket_id, code, citizen_id = ticket.id, ticket.code, citizen.id
    if _already_done(incoming, ticket_id):
        return Outcome("reopened", [Reply(texts.reopened(code))], ticket_id, citizen_id)
    problem = citizen_actions.reopen_problem(ticket)  # said before asking for a reason it cannot take
    if problem is not None:
        return Outcome("refused", [Reply(texts.followup_refused(code, problem))], ticket_id, citizen_id)
    try:
        with write_transaction():
            citizen_actions.reopen(ticket_id, db.session.merge(citizen), reason)
            _mark(incoming, ticket_id)
    except Invalid:  # the only input is the reason
        return Outcome("ask_again", [Reply(texts.reason_missing(code))], ticket_id, citizen_id)
    except DomainError as error:
        return Outcome("refused", [Reply(texts.followup_refused(code, error.message))], ticket_id, citizen_id)
    return Outcome("reopened", [Reply(texts.reopened(code))], ticket_id, citizen_id)


def _own_ticket(
    incoming: Incoming, rest: str, keyword: str, how_to: Callable[[], str]
) -> tuple[Ticket, Citizen, str] | Outcome:
    """(the ticket, its citizen, what follows the code) when the code names a ticket of the sender's
    own; else the answer: how to use the keyword, the code not found, or not the sender's."""
    ticket, code, rest = split_code(rest)
    if not code:
        return Outcome("help", [Reply(how_to())])
    if ticket is None:
        return Outcome("not_found", [Reply(texts.not_found(code, keyword))])
    citizen = _owner(incoming, ticket)
    if isinstance(citizen, Outcome):
        return citizen
    return ticket, citizen, rest


def _owner(incoming: Incoming, ticket: Ticket) -> Citizen | Outcome:
    """The ticket's own citizen when the message comes from their confirmed phone; else the refusal."""
    if ticket.citizen_id is None:
        return Outcome("not_owner", [Reply(texts.no_account_ticket(ticket.code))])
    citizen = find_citizen_by_confirmed_phone(incoming.phone)
    if citizen is None or citizen.id != ticket.citizen_id:
        # Not tied to the ticket: a stranger's message is no part of its record.
        return Outcome("not_owner", [Reply(texts.not_owner(ticket.code))])
    return citizen


def _already_done(incoming: Incoming, ticket_id: int) -> bool:
    """This very message acted on the ticket before its handling was cut off (see the module doc)."""
    if incoming.inbound_id is None:
        return False
    marked = db.session.execute(
        select(InboundMessage.ticket_id).where(InboundMessage.id == incoming.inbound_id)
    ).scalar_one_or_none()
    return marked == ticket_id


def _mark(incoming: Incoming, ticket_id: int) -> None:
    if incoming.inbound_id is not None:
        db.session.execute(
            update(InboundMessage).where(InboundMessage.id == incoming.inbound_id).values(ticket_id=ticket_id)
        )
