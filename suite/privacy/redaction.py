"""Mask NIK-shaped numbers in free text before it is stored, published or logged.

A NIK (and a KK, the family card number, which is just as personal) is 16 digits. Citizens type
it in groups, with whatever lies to hand between the groups: ``3528 0145 0690 0001``,
``3528  0145  0690  0001``, ``3528,0145,0690,0001``, ``35.28.01.450690.0001``, or across a line
break. So the rule works on *chains*, not on a fixed pattern:

1. A chain is a run of digit groups (ASCII digits) joined by separators, a separator being any
   run of characters that are neither letters nor digits (spaces, line breaks, dots, commas,
   dashes, slashes, underscores, brackets...; several of them count as one). A letter ends a
   chain, so ``NIK 3528... HP 0812...`` is two chains.
2. In a chain, any consecutive groups holding exactly 16 digits in total are a *candidate*.
   Groups are never split: a 17-digit unbroken number is not a NIK.
3. A candidate is not a NIK when it starts with ``0`` (NIK and KK numbers begin with a province
   code, 11 to 94, and Indonesian phone numbers begin with 0), when it starts right after a ``+``
   (an international number), when it reads as two dates (``01/05/2024 - 15/05/2024``,
   ``2024-05-01 2024-05-15``) or as a decimal coordinate pair (``-7.204512, 113.482913``).
4. A mobile number (a group starting ``08`` or ``628``, or ``62`` right after ``+``) takes the
   following groups of its chain until it holds 10 digits or more (at most 13). A candidate
   overlapping a mobile number is dropped when another candidate, clear of every mobile number,
   overlaps it: ``0812 3456 7890 3528 0145 0690 0001`` masks only the last four groups. A
   candidate with no such rival is masked all the same: a NIK is never left in clear to spare a
   phone number.
5. Every remaining candidate is replaced, with the separators inside it, by ``[NIK]``;
   overlapping candidates become one ``[NIK]``.

So phone numbers (``+62 812-3456-7890``, ``0812 3456 7890``: 10 to 13 digits), money
(``Rp 1.500.000``), dates and times are left alone, and a 16-digit number next to a phone
number (``3528014506900001/081234567890``) is masked without taking the phone number with it.
"""

from __future__ import annotations

import logging
import re
import unicodedata

MASK = "[NIK]"
NIK_DIGITS = 16
_MOBILE_MIN, _MOBILE_MAX = 10, 13

# Digit groups joined by runs of non-letter, non-digit characters ([\W_]: \W leaves out "_").
_CHAIN = re.compile(r"[0-9]+(?:[\W_]+[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
_DATE_SEPARATOR = re.compile(r"^\s*[/.\-]\s*$")


def redact_nik(text: str | None) -> str:
    """``text`` with every NIK-shaped run replaced by ``[NIK]`` (see the module docstring for
    the exact rule); ``None`` becomes ``""``. Idempotent: redacting twice changes nothing."""
    if not text:
        return ""
    text = str(text)  # a lazy translation string is text too
    if sum(c.isdigit() for c in text) < NIK_DIGITS:  # the common case costs one scan
        return text
    if not text.isascii():
        text = _ascii_digits(text)
    return _CHAIN.sub(_redact_chain, text)


def _ascii_digits(text: str) -> str:
    """Full-width (３５２８) and other scripts' decimal digits as 0-9, so that a NIK typed on a phone
    keyboard in another script is still recognised; other characters are left as they are."""
    return "".join(str(unicodedata.decimal(c)) if not c.isascii() and c.isdecimal() else c for c in text)


def contains_nik(text: str | None) -> bool:
    """Whether ``redact_nik`` would change ``text``."""
    return bool(text) and redact_nik(text) != text


def redact_value(value):
    """``redact_nik`` applied to every string inside ``value`` (dicts, lists, tuples); other
    values are returned unchanged. For JSON columns: extras, contact details, held drafts."""
    if isinstance(value, str):
        return redact_nik(value)
    if isinstance(value, dict):
        return {key: redact_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(redact_value(item) for item in value)
    return value


class NikRedactingFilter(logging.Filter):
    """Masks NIKs in a log record's message and arguments before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


# One-time links carry their secret in the path (a staff invitation, a password reset): an access
# log line (werkzeug's, gunicorn's request and Referer) must not hand it to whoever reads the logs.
_LINK_TOKEN = re.compile(r"(/(?:petugas/undangan|petugas/atur-ulang-sandi|akun/atur-ulang-sandi)/)[A-Za-z0-9_\-%.~]+")
LINK_TOKEN_MASK = "[TOKEN]"


def redact_link_tokens(text: str) -> str:
    """``text`` with the token of every one-time link path replaced by ``[TOKEN]``."""
    return _LINK_TOKEN.sub(lambda match: match.group(1) + LINK_TOKEN_MASK, text) if "/" in text else text


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a broken format string is reported by logging itself; leave the record be
        return record
    redacted = redact_link_tokens(redact_nik(message))
    if redacted != message:
        # The formatted message replaces msg and args, so no argument is formatted again in clear.
        record.msg, record.args = redacted, None
    if record.exc_info and not record.exc_text:
        # An exception's message can quote the citizen's text. Formatters reuse exc_text when it
        # is set, so a traceback that holds a NIK is formatted here, redacted; others are left to
        # the handler's own formatter.
        trace = logging.Formatter().formatException(record.exc_info)
        if redact_nik(trace) != trace:
            record.exc_text = redact_nik(trace)
    elif record.exc_text:
        record.exc_text = redact_nik(record.exc_text)
    if record.stack_info:
        record.stack_info = redact_nik(record.stack_info)
    return record


_FILTER = NikRedactingFilter()
_factory_installed = False


def install_log_filter(*loggers: logging.Logger) -> None:
    """Redact every log record of the process, whoever logs it and whichever handler writes it.

    A filter on a logger only sees records logged *on that logger*, and records from child
    loggers (``suite.channels.email.processing``) reach the root's handlers without passing the
    root logger's filters; handlers added later (gunicorn's, a test's) would miss a filter set
    on today's handlers. So the filter goes on the root and given loggers and their handlers,
    and the record factory runs the same redaction when any record is created. Idempotent.
    """
    global _factory_installed
    for logger in (logging.getLogger(), *loggers):
        for target in (logger, *logger.handlers):
            if _FILTER not in target.filters:
                target.addFilter(_FILTER)
    if not _factory_installed:
        make_record = logging.getLogRecordFactory()

        def redacting_factory(*args, **kwargs):
            return redact_record(make_record(*args, **kwargs))

        logging.setLogRecordFactory(redacting_factory)
        _factory_installed = True


# -- the rule -------------------------------------------------------------------------


def _redact_chain(match: re.Match) -> str:
    chain = match.group(0)
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(chain)]
    if sum(end - start for start, end in groups) < NIK_DIGITS:
        return chain
    before = match.string[match.start() - 1] if match.start() > 0 else ""
    candidates = _candidates(chain, groups, before)
    if not candidates:
        return chain
    mobile = _mobile_groups(chain, groups, before)
    clear = [c for c in candidates if not mobile.intersection(range(c[0], c[1] + 1))]
    kept = [c for c in candidates if c in clear or not any(_overlap(c, other) for other in clear)]
    spans = _merged([(groups[first][0], groups[last][1]) for first, last in kept])
    out, position = [], 0
    for start, end in spans:
        out.append(chain[position:start])
        out.append(MASK)
        position = end
    out.append(chain[position:])
    return "".join(out)


def _candidates(chain: str, groups: list[tuple[int, int]], before: str) -> list[tuple[int, int]]:
    """(first, last) group indexes of every run of groups holding exactly 16 digits that may be a NIK."""
    found = []
    for first in range(len(groups)):
        start = groups[first][0]
        if chain[start] == "0" or _preceded_by_plus(chain, groups, first, before):
            continue
        total = 0
        for last in range(first, len(groups)):
            total += groups[last][1] - groups[last][0]
            if total >= NIK_DIGITS:
                if total == NIK_DIGITS and not _exempt(chain, groups[first : last + 1]):
                    found.append((first, last))
                break
    return found


def _preceded_by_plus(chain: str, groups, index: int, before: str) -> bool:
    start = groups[index][0]
    previous = chain[groups[index - 1][1] : start] if index else before
    return previous.rstrip().endswith("+")


def _exempt(chain: str, window: list[tuple[int, int]]) -> bool:
    parts = [chain[start:end] for start, end in window]
    separators = [chain[window[i][1] : window[i + 1][0]] for i in range(len(window) - 1)]
    return _two_dates(parts, separators) or _coordinate_pair(parts, separators)


def _two_dates(parts: list[str], separators: list[str]) -> bool:
    """``dd/mm/yyyy dd/mm/yyyy`` or ``yyyy-mm-dd yyyy-mm-dd``, with plausible values."""
    if len(parts) != 6 or not all(_DATE_SEPARATOR.match(separators[i]) for i in (0, 1, 3, 4)):
        return False
    for day_month_year in (parts[0:3], parts[3:6]):
        if len(day_month_year[0]) == 4:  # ISO order
            day_month_year = day_month_year[::-1]
        day, month, year = day_month_year
        if not (len(year) == 4 and year[:2] in ("19", "20") and 1 <= int(month) <= 12 and 1 <= int(day) <= 31):
            return False
    return True


def _coordinate_pair(parts: list[str], separators: list[str]) -> bool:
    """``-7.204512, 113.482913``: two decimal numbers of at most 3 integer digits each."""
    return (
        len(parts) == 4
        and separators[0] in (".", ",")
        and separators[2] == separators[0]
        and len(parts[0]) <= 3
        and len(parts[2]) <= 3
        and len(parts[1]) >= 3
        and len(parts[3]) >= 3
        and separators[1].strip(" -\t") in (",", ";", "")
    )


def _mobile_groups(chain: str, groups: list[tuple[int, int]], before: str) -> set[int]:
    """Indexes of the groups that make up a mobile number."""
    taken: set[int] = set()
    index = 0
    while index < len(groups):
        digits = chain[groups[index][0] : groups[index][1]]
        starts = digits.startswith(("08", "628")) or (
            digits.startswith("62") and _preceded_by_plus(chain, groups, index, before)
        )
        if not starts:
            index += 1
            continue
        total, last = 0, index
        while last < len(groups):
            total += groups[last][1] - groups[last][0]
            if total >= _MOBILE_MIN:
                break
            last += 1
        if _MOBILE_MIN <= total <= _MOBILE_MAX:
            taken.update(range(index, last + 1))
            index = last + 1
        else:
            index += 1
    return taken


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
