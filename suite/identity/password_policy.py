"""What a password must be, for citizens and staff, wherever one is set (registration, staff
creation, change, reset).

Following NIST SP 800-63B: a minimum and a maximum length, no composition rules, and a refusal of
passwords an attacker tries first: the commonest ones (``data/common-passwords.txt.gz``, see
``data/SOURCE.md``) and those built from what is known about the account (NIK, phone, email, name).
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"
# Name parts and email local parts shorter than this are too common inside ordinary words to refuse.
MIN_PERSONAL_PART = 3
# The part of a phone number that identifies it: the subscriber number without 0 / +62.
MIN_PHONE_DIGITS = 8


class PasswordPolicyError(ValueError):
    """The password is refused; ``message`` says why, in words the account holder understands."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class AccountFacts:
    """What is known about the account the password is for (any of it may be missing)."""

    kind: str  # "citizen" or "staff"
    nik: str | None = None
    phone: str | None = None
    email: str | None = None
    name: str | None = None


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip().lower() for line in lines if line.strip())


def minimum_length(kind: str) -> int:
    key = "PASSWORD_MIN_LENGTH_STAFF" if kind == "staff" else "PASSWORD_MIN_LENGTH_CITIZEN"
    return current_app.config[key]


def check_password(password: str, facts: AccountFacts) -> None:
    """Raise ``PasswordPolicyError`` when ``password`` may not be used for this account."""
    password = password or ""
    shortest, longest = minimum_length(facts.kind), current_app.config["PASSWORD_MAX_LENGTH"]
    if len(password) < shortest:
        raise PasswordPolicyError(_l("Kata sandi minimal %(count)s karakter.", count=shortest))
    if len(password) > longest:
        raise PasswordPolicyError(_l("Kata sandi paling panjang %(count)s karakter.", count=longest))
    lowered = password.lower()
    if lowered in common_passwords() or lowered.strip() in common_passwords():
        raise PasswordPolicyError(
            _l(
                "Kata sandi ini termasuk yang paling sering dipakai dan mudah ditebak. "
                "Pilih kata sandi lain, misalnya beberapa kata yang tidak berhubungan."
            )
        )
    reason = _personal_reason(lowered, facts)
    if reason is not None:
        raise PasswordPolicyError(reason)


def _personal_reason(lowered: str, facts: AccountFacts):
    digits = re.sub(r"\D", "", lowered)
    nik = re.sub(r"\D", "", facts.nik or "")
    if len(nik) == 16 and nik in digits:
        return _l("Kata sandi tidak boleh memuat NIK Anda.")
    subscriber = _subscriber_number(facts.phone)
    if subscriber and subscriber in digits:
        return _l("Kata sandi tidak boleh memuat nomor HP Anda.")
    local_part = (facts.email or "").split("@", 1)[0].lower()
    if len(local_part) >= MIN_PERSONAL_PART and local_part in lowered:
        return _l("Kata sandi tidak boleh memuat alamat email Anda.")
    parts = re.findall(r"[^\W\d_]+", (facts.name or "").lower())
    if any(len(part) >= MIN_PERSONAL_PART and part in lowered for part in parts):
        return _l("Kata sandi tidak boleh memuat nama Anda.")
    return None


def _subscriber_number(phone: str | None) -> str | None:
    digits = re.sub(r"\D", "", phone or "")
    for prefix in ("62", "0"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
            break
    return digits if len(digits) >= MIN_PHONE_DIGITS else None


def password_label(kind: str) -> str:
    """A new-password field's label, with the minimum length in force."""
    return str(_l("Kata sandi (minimal %(count)s karakter)", count=minimum_length(kind)))


def password_hint(kind: str) -> str:
    """The rule in one line, for a form's label or hint."""
    return str(
        _l(
            "Minimal %(count)s karakter; bukan kata sandi umum, NIK, nomor HP, email atau nama Anda.",
            count=minimum_length(kind),
        )
    )
