"""``DAFTAR <NIK> <nama lengkap>``: the owner of a phone with held reports registers from it.

Birth date and sex come from the NIK (checked offline, as on the web); the desa is the one the
first held report names; the phone counts as confirmed because the message came from it, but the
NIK it names is not verified (only staff who see the KTP verify it). A NIK another account holds
becomes a claim to settle in person (``suite.identity.verification``). The
password is random and never shown, so the account cannot be signed in to on the web until its
owner sets a password there. Then every held report of the phone opens as a ticket.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy.exc import IntegrityError

from suite.channels.dialogue import held, texts
from suite.channels.dialogue.message import Channel, Incoming, Outcome, Reply
from suite.database import utcnow, write_transaction
from suite.extensions import db
from suite.identity import nik as nik_rules
from suite.identity import protection
from suite.identity.passwords import hash_password
from suite.identity.phone_confirmation import confirm_phone
from suite.identity.phones import to_e164
from suite.identity.services import (
    CitizenRegistration,
    RegistrationError,
    find_citizen_by_nik,
    find_citizen_by_phone,
    register_citizen,
)
from suite.identity.verification import IdentityClaim, claims_for_nik

_NAME = re.compile(r"^[^\W\d_][\w'.,\- ]{1,118}$")


def split_nik_and_name(text: str) -> tuple[str, str]:
    """``"3528 0145 0690 0001 Siti Aminah"`` -> ``("3528014506900001", "Siti Aminah")``."""
    words, digits = (text or "").split(), ""
    while words and re.fullmatch(r"[\d.\-]+", words[0]) and len(digits) < 16:
        digits += nik_rules.normalise(words.pop(0))
    return digits, " ".join(words)


def register(channel: Channel, incoming: Incoming, rest: str) -> Outcome:
    citizen = find_citizen_by_phone(incoming.phone)
    waiting = held.waiting(incoming.phone)
    if citizen is not None and citizen.phone_confirmed_at is None:
        # Issue 9, item 5: an account typed this number on the web or at the call centre and never
        # proved it. The message proves the phone, but it joins the account only when it names the
        # account's own NIK; otherwise whoever holds the phone is not that account's owner.
        nik_text, _name = split_nik_and_name(rest)
        if citizen.nik and nik_rules.normalise(nik_text) == citizen.nik:
            with write_transaction():
                citizen = find_citizen_by_phone(incoming.phone)
                confirm_phone(citizen)
        else:
            # Whoever typed the number never proved it; the sender just did. The number is the
            # sender's to register with; that account keeps it unconfirmed and can never prove it.
            citizen = None
    if citizen is not None:
        if not waiting:
            return Outcome("already_registered", [Reply(texts.already_registered())], citizen_id=citizen.id)
        return _release(channel, citizen, waiting)  # e.g. a DAFTAR repeated after a failure half-way
    if not waiting:
        return Outcome("nothing_held", [Reply(texts.nothing_held())])

    nik_text, name = split_nik_and_name(rest)
    try:
        info = nik_rules.parse_nik(nik_text)
    except nik_rules.NikError as error:
        return Outcome("ask_again", [Reply(f"{error} {texts.daftar_example()}")])
    if not _NAME.match(name) or sum(c.isalpha() for c in name) < 3:
        return Outcome("ask_again", [Reply(texts.name_missing())])
    if find_citizen_by_nik(info.nik) is not None:
        return _claim(incoming, info, name, waiting[0].payload["draft"]["desa_code"])

    try:
        with write_transaction():
            citizen = register_citizen(
                CitizenRegistration(
                    nik=info.nik,
                    full_name=name,
                    birth_date=info.birth_date,
                    sex=info.sex,
                    phone=incoming.phone,
                    desa_code=waiting[0].payload["draft"]["desa_code"],
                    password=None,
                )
            )
            citizen.phone_confirmed_at = utcnow()
            citizen.preferred_channel = incoming.channel
    except RegistrationError as error:
        return Outcome("ask_again", [Reply(f"{error.message} {texts.daftar_example()}")])
    except IntegrityError:  # the same NIK or phone registered a moment ago
        return Outcome("nik_taken", [Reply(texts.nik_taken())])
    return _release(channel, citizen, held.waiting(incoming.phone))


def _claim(incoming: Incoming, info, name: str, desa_code: str) -> Outcome:
    """The NIK is another account's. The phone is proven (the message came from it), so the
    sender may be told, and their claim waits for the KTP at a service desk (issue 9, item 5)."""
    phone = to_e164(incoming.phone)
    with write_transaction():
        for claim in claims_for_nik(info.nik):
            if claim.phone == phone:  # DAFTAR sent again: the same claim, the same number (nothing written)
                return Outcome("nik_taken", [Reply(texts.nik_claimed(claim.reference))])
        claim = IdentityClaim(
            nik_encrypted=protection.encrypt(info.nik),
            nik_index=protection.blind_index(info.nik),
            full_name=name,
            birth_date=info.birth_date,
            sex=info.sex,
            phone=phone,
            desa_code=desa_code,
            password_hash=hash_password(secrets.token_urlsafe(32)),
            status="open",
            phone_confirmed_at=utcnow(),
            holder_citizen_id=getattr(find_citizen_by_nik(info.nik), "id", None),
        )
        db.session.add(claim)
        db.session.flush()
        reference = claim.reference
    return Outcome("nik_taken", [Reply(texts.nik_claimed(reference))])


def _release(channel: Channel, citizen, waiting) -> Outcome:
    citizen_id = citizen.id
    ticket_ids, notes = held.release(channel, citizen, waiting)
    return Outcome(
        "registered",
        [Reply(texts.registered(len(ticket_ids)))] + notes,
        ticket_id=ticket_ids[-1] if ticket_ids else None,
        citizen_id=citizen_id,
    )
