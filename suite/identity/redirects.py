"""Where a user-given ``next=`` may send the browser: this site's own paths, nothing else.

Browsers are lenient: they drop tabs and newlines anywhere in a URL, trim spaces and control
characters at its ends, read ``\\`` as ``/``, and treat ``//host`` as another site. Attackers use
each of these (``/%09/evil.example`` arrives here as ``/\\t/evil.example`` and becomes
``//evil.example``). So the target is cleaned first, then both the cleaned and the
percent-decoded forms must be a plain absolute path: no scheme, no host, no backslash, no ``//``.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

MAX_TARGET_LENGTH = 2000  # a longer "next" is no page of ours
# C0 controls, DEL, C1 controls and every Unicode space: none belongs in a path we would send.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\s\u200b-\u200f\u2028\u2029\u2060\ufeff]")


def safe_redirect_target(target: object) -> str | None:
    """The cleaned target when it is a path on this site, else None (the caller uses its default)."""
    if not isinstance(target, str) or len(target) > MAX_TARGET_LENGTH:
        return None
    cleaned = _INVISIBLE.sub("", target)
    decoded = cleaned
    for _ in range(3):  # %252F%252F... decodes twice; stop when stable
        step = _INVISIBLE.sub("", unquote(decoded))
        if step == decoded:
            break
        decoded = step
    if not (_is_local_path(cleaned) and _is_local_path(decoded)):
        return None
    return cleaned


def _is_local_path(value: str) -> bool:
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc
