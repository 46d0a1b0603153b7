"""``<KATA> <desa> <keluhan>``: a report to a module, opened for a known phone, held otherwise."""

from __future__ import annotations

from suite.channels.dialogue import conversation, drafts, held, texts
from suite.channels.dialogue.message import Channel, Incoming, Outcome, Reply
from suite.channels.dialogue.opening import open_report
from suite.channels.dialogue.places import match_desa
from suite.identity.services import find_citizen_by_confirmed_phone
from suite.registry import ServiceModule


def report(channel: Channel, incoming: Incoming, module: ServiceModule, text: str) -> Outcome:
    """Nothing is written until the desa and the description are usable."""
    if not drafts.by_message(module):
        return Outcome("not_by_message", [Reply(texts.not_by_message(module))])
    kind, text = drafts.kind_from_text(module, text)
    place = match_desa(text)
    if place.desa is None:
        return Outcome(conversation.asking(conversation.ASK_DESA, module), [Reply(texts.desa_problem(module, place))])
    draft = drafts.draft_from_text(module, place.desa.code, place.rest)
    draft.kind = kind
    problem = drafts.problem(module, draft)
    if problem:
        return Outcome(conversation.asking(conversation.ASK_AGAIN, module), [Reply(texts.ask_again(problem, module))])

    parts = conversation.pending_parts(incoming)
    if parts.location:
        draft.latitude, draft.longitude = parts.location
    citizen = find_citizen_by_confirmed_phone(incoming.phone)  # an unproven phone does not attach (issue 9)
    if citizen is None:
        return held.hold(incoming, module, draft, parts.media, used_parts=parts.ids)
    citizen_id = citizen.id
    ticket_id, notes = open_report(
        channel, citizen, module.code, draft, parts.media, idempotency_key=f"{incoming.channel}:{incoming.external_id}"
    )
    if ticket_id is None:
        return Outcome("refused", notes, citizen_id=citizen_id)
    return Outcome("ticket_opened", notes, ticket_id=ticket_id, citizen_id=citizen_id, used_parts=parts.ids)
