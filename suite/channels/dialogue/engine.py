"""One message in, one outcome out: the keyword dialogue shared by SMS and WhatsApp.

LORONG <desa> <keluhan>   a report to the module whose keyword it is (SEHAT, MADUL ...)
CEK <kode>                the status of a report
BANTU                     help; an unknown first word gets help too
MENU, HALO ...            the service menu (an interactive list on WhatsApp)
DAFTAR <NIK> <nama>       register this phone and open the reports held for it
NILAI <kode> <1-5> [..]   the reporter rates their finished report (``followup``)
BUKA <kode> <alasan>      the reporter reopens it within 7 days of its resolution
a location or a photo     kept for the sender's next report (a photo captioned with a report
                          is that report's photo)
a menu choice             the next message is a report to that module, keyword optional

A module an admin closed answers its keyword, menu row and awaited report with the closed message.
"""

from __future__ import annotations

from suite.channels.dialogue import commands, conversation, followup, registration, reports, texts
from suite.channels.dialogue.message import Channel, Incoming, Outcome, Reply
from suite.channels.dialogue.module_commands import module_command
from suite.channels.intake import module_for_keyword, ticket_by_code
from suite.registry import get_module
from suite.ticketing import module_state


def respond(channel: Channel, incoming: Incoming) -> Outcome:
    if incoming.unsupported:
        return Outcome("unsupported", [Reply(texts.unsupported())])
    if incoming.choice:
        return choose(incoming.choice)
    word, rest = commands.split(incoming.text)
    if not word:
        if incoming.location or incoming.media:
            return _kept(incoming)
        return Outcome("help", [Reply(texts.help_text())])
    if word in commands.HELP_WORDS:
        return Outcome("help", [Reply(texts.help_text())])
    if word in commands.MENU_WORDS:
        return Outcome("menu", [Reply(texts.help_text(), menu=True)])
    if word in commands.STATUS_WORDS:
        return status(rest)
    if word in commands.REGISTER_WORDS:
        return registration.register(channel, incoming, rest)
    if word in commands.RATE_WORDS:
        return followup.rate(incoming, rest)
    if word in commands.REOPEN_WORDS:
        return followup.reopen(incoming, rest)
    module = module_for_keyword(word)
    if module is not None:
        if not module_state.is_open(module.code):
            # Nothing is held or asked for a closed module. Its own command may still complete a
            # ticket it holds (e-Babhar: the desa of a danger sign sent before the closing); one that
            # would open a ticket is refused by the core and answered closed.
            return module_command(channel, incoming, module, word, rest) or closed(module)
        return module_command(channel, incoming, module, word, rest) or reports.report(channel, incoming, module, rest)
    module = conversation.awaited_module(incoming)
    if module is not None:
        if not module_state.is_open(module.code):
            return closed(module)
        return reports.report(channel, incoming, module, incoming.text)
    if incoming.location or incoming.media:
        return _kept(incoming)  # a caption that is no report: keep the photo for the report
    return Outcome("unknown", [Reply(texts.unknown_word())])


def status(code_text: str) -> Outcome:
    if not code_text.strip():
        return Outcome("help", [Reply(texts.how_to_check())])
    # "LRG 7K3Q 9MDP" is one code; "LRG-7K3Q-9MDP tolong" has one at the start.
    ticket = ticket_by_code(code_text) or ticket_by_code(code_text.split()[0])
    if ticket is None:
        return Outcome("not_found", [Reply(texts.not_found(code_text.strip()))])
    module = get_module(ticket.module)
    secret = ticket.sensitive or bool(module and module.sensitive) or ticket.is_confidential
    last_reply = next(
        (e.body for e in reversed(ticket.events) if e.public and e.kind == "public_reply" and e.body), None
    )
    return Outcome("status", [Reply(texts.status(ticket, secret, last_reply))], ticket_id=ticket.id)


def choose(choice: str) -> Outcome:
    """A WhatsApp menu row: ``menu:<module>``, ``menu:cek``, ``menu:nilai`` or ``menu:bantu``."""
    code = choice[len(conversation.MENU_PREFIX) :] if choice.startswith(conversation.MENU_PREFIX) else ""
    module = get_module(code)
    if module is not None and not module_state.is_open(module.code):
        return closed(module)  # a menu sent before an admin closed it
    if module is not None and module in texts.message_modules():
        return Outcome(conversation.MENU_CHOICE, [Reply(texts.chosen(module))])
    if code == "cek":
        return Outcome("help", [Reply(texts.how_to_check())])
    if code == "nilai":
        return Outcome("help", [Reply(texts.how_to_rate() + "\n" + texts.how_to_reopen())])
    return Outcome("help", [Reply(texts.help_text())])


def closed(module) -> Outcome:
    """A module an admin closed (issue 12): the closed message, never "unknown command"."""
    return Outcome("service_closed", [Reply(texts.service_closed(module))])


def _kept(incoming: Incoming) -> Outcome:
    kind = "location" if incoming.location else "photo"
    return Outcome(conversation.PENDING, [Reply(texts.kept_part(kind, conversation.awaited_module(incoming)))])
