"""Keywords a module answers itself (``ServiceModule.message_command``), such as e-Babhar's
``BAHAYA``: the module decides the reply and the draft; the opening goes through the same
channel intake as every report."""

from __future__ import annotations

from suite.channels.dialogue.message import Channel, Incoming, Outcome, Reply
from suite.channels.dialogue.opening import open_report
from suite.identity.services import find_citizen_by_confirmed_phone
from suite.registry import ServiceModule
from suite.ticketing import module_state


def module_command(channel: Channel, incoming: Incoming, module: ServiceModule, word: str, rest: str) -> Outcome | None:
    citizen = find_citizen_by_confirmed_phone(incoming.phone)  # an unproven phone does not attach (issue 9)
    answer = module.message_command(word, rest, citizen, incoming.phone)
    if answer is None:
        return None
    citizen_id = getattr(citizen, "id", None)
    if answer.draft is None:
        return Outcome(answer.outcome, [Reply(answer.text)], citizen_id=citizen_id)
    if citizen is None:
        answer.draft.reporter = {**(answer.draft.reporter or {}), "phone": incoming.phone}
    ticket_id, notes = open_report(
        channel, citizen, module.code, answer.draft, [], idempotency_key=f"{incoming.channel}:{incoming.external_id}"
    )
    if ticket_id is None:
        closed = not module_state.is_open(module.code)  # the notes say so (issue 12)
        return Outcome("service_closed" if closed else "refused", notes, citizen_id=citizen_id)
    replies = [Reply(answer.text)] + notes
    if answer.confirm is not None:
        replies.append(Reply(answer.confirm(ticket_id)))
    return Outcome(answer.outcome, replies, ticket_id=ticket_id, citizen_id=citizen_id)
