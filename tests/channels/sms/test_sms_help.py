"""BANTU names every keyword the dialogue accepts, read from the code (the command words and each open
module's keywords and own commands), and stays a text a basic phone shows well."""

import math

from suite.channels.dialogue import commands, drafts
from suite.registry import enabled_modules
from suite.ticketing import module_state
from tests.channels.sms.support import deliver_outbox
from tests.channels.test_closed_modules import close

STRANGER = "+6281399990001"

# The GSM 03.38 alphabet: a text outside it goes as UCS-2, 70 characters a part instead of 160.
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€")  # two septets each


def accepted_keywords(app) -> set[str]:
    """What the dialogue answers, from the code: each command's taught word, and for every open module
    its report keywords (where it takes reports by message), its own commands and its kind words."""
    words = set(commands.TAUGHT)
    with app.app_context():
        for module in enabled_modules().values():
            if not module_state.is_open(module.code):
                continue
            assert module.message_commands() <= module.sms_keywords()  # else the dialogue never routes it
            words |= module.message_commands()
            if drafts.by_message(module):
                words |= module.sms_keywords()
                words |= {w for w, kind in drafts.KIND_WORDS.items() if kind in module.accepted_kinds()} & {
                    "ASPIRASI",
                    "PPID",
                }
    return words


def help_reply(app, sms, gateway, word="BANTU") -> str:
    sms(word, STRANGER)
    deliver_outbox(app)
    [reply] = gateway.texts_to(STRANGER)
    gateway.sent.clear()
    return reply


def named(reply: str) -> set[str]:
    return {w.strip(":.,()") for w in reply.split()}


def test_bantu_names_every_keyword_the_dialogue_accepts(app, sms, gateway):
    expected = accepted_keywords(app)
    assert {"CEK", "DAFTAR", "NILAI", "BUKA", "MENU", "BANTU", "LORONG", "MADUL", "BAHAYA"} <= expected

    reply = help_reply(app, sms, gateway)

    assert expected - named(reply) == set(), reply
    # Every command word a reply names is one the dialogue answers (no help that points nowhere).
    for word in commands.TAUGHT:
        assert commands.split(word)[0] in commands.TAUGHT[word]


def test_a_closed_module_leaves_the_help_and_the_others_stay(app, sms, gateway):
    close(app, "lorong")

    reply = help_reply(app, sms, gateway)

    assert "LORONG" not in named(reply)
    assert accepted_keywords(app) - named(reply) == set()


def test_the_help_is_plain_gsm_text_of_a_few_sms_parts(app, sms, gateway):
    reply = help_reply(app, sms, gateway)

    assert set(reply) <= GSM7 | GSM7_EXTENDED, set(reply) - GSM7 - GSM7_EXTENDED
    septets = len(reply) + sum(c in GSM7_EXTENDED for c in reply)
    parts = 1 if septets <= 160 else math.ceil(septets / 153)
    assert parts <= 6, (parts, reply)
    assert max(len(line) for line in reply.splitlines()) <= 160  # one line never needs two screens of a part
