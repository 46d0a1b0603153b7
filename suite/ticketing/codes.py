"""Tracking codes: module prefix + 8 random Crockford base32 characters (``LRG-7K3Q-9MDP``).

Random, not sequential, so codes cannot be enumerated; the alphabet leaves out I, L, O and U
so a code read over the phone or typed on a basic handset is not misread. 40 bits of
randomness per prefix.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
CODE_PATTERN = re.compile(r"^[A-Z]{2,5}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def new_tracking_code(prefix: str) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def normalise_code(raw: str) -> str:
    """Accept lower case, spaces and misread letters: ``lrg 7k3q 9mdp`` -> ``LRG-7K3Q-9MDP``."""
    cleaned = re.sub(r"[^A-Za-z0-9]", "", raw or "").upper()
    match = re.match(r"^([A-Z]{2,5}?)([0-9A-Z]{8})$", cleaned)
    if not match:
        return cleaned
    prefix, body = match.groups()
    body = body.translate(_CONFUSABLE)
    return f"{prefix}-{body[:4]}-{body[4:]}"
