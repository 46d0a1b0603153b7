"""The first word of a message decides what it is; basic phones type it in any case."""

from __future__ import annotations

import re

HELP_WORDS = {"BANTU", "BANTUAN", "HELP", "INFO", "?"}
MENU_WORDS = {
    "MENU",
    "MULAI",
    "START",
    "HI",
    "HAI",
    "HALO",
    "HALLO",
    "HELLO",
    "P",
    "PING",
    "PAGI",
    "SIANG",
    "SORE",
    "MALAM",
    "ASSALAMUALAIKUM",
    "SALAM",
}
STATUS_WORDS = {"CEK", "STATUS", "LACAK"}
REGISTER_WORDS = {"DAFTAR"}
RATE_WORDS = {"NILAI", "RATE"}
REOPEN_WORDS = {"BUKA", "REOPEN"}

# The word help teaches for each command (the others are what people type anyway): BANTU names
# every one of these, and a test holds it to that.
TAUGHT = {
    "BANTU": HELP_WORDS,
    "MENU": MENU_WORDS,
    "CEK": STATUS_WORDS,
    "DAFTAR": REGISTER_WORDS,
    "NILAI": RATE_WORDS,
    "BUKA": REOPEN_WORDS,
}

# SMS services in Indonesia often teach "REG#..."; "#" counts as a space.
_FIRST_WORD = re.compile(r"\s*([^\s:,;.!#]+)[\s:,;.!#]*(.*)", re.S)


def split(text: str | None) -> tuple[str, str]:
    """``"lorong: Dabuan jalan"`` -> ``("LORONG", "Dabuan jalan")``; empty text -> ``("", "")``."""
    match = _FIRST_WORD.match((text or "").replace("#", " "))
    if not match:
        return "", ""
    word = match.group(1).upper()
    if word != "?":
        word = word.rstrip("?-")
    return word, match.group(2).strip()
