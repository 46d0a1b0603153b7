"""Intake mailboxes: ``lapor@`` (the default service), ``lapor+lorong@`` and ``lorong@`` (a service
named by its code or keyword). The domain is the one of ``INTAKE_ADDRESS``."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr

from flask import current_app

from suite.channels.intake import module_for_keyword

DEFAULT_INTAKE_ADDRESS = "lapor@pamekasankab.go.id"


@dataclass(frozen=True)
class Mailbox:
    """An intake mailbox; ``module_code`` None means the default service."""

    address: str
    module_code: str | None


def intake_parts() -> tuple[str, str]:
    """(local part, domain) of the configured intake address, lower case."""
    address = parseaddr(current_app.config.get("INTAKE_ADDRESS") or DEFAULT_INTAKE_ADDRESS)[1].lower()
    local, _, domain = address.rpartition("@")
    return local, domain


def split_address(address: str) -> tuple[str, str]:
    local, _, domain = parseaddr(address or "")[1].strip().lower().rpartition("@")
    return local, domain


def mailbox_for(address: str) -> Mailbox | None:
    """The intake mailbox ``address`` names, or None when it is not one of ours.

    An unknown plus-tag (``lapor+halo@``) still reaches the default service: the citizen meant
    to write to us. An unknown local part (``halo@``) is not a mailbox.
    """
    local, domain = split_address(address)
    intake_local, intake_domain = intake_parts()
    if not local or domain != intake_domain:
        return None
    if local == intake_local:
        return Mailbox(address, None)
    if local.startswith(intake_local + "+"):
        module = module_for_keyword(local[len(intake_local) + 1 :])
        return Mailbox(address, module.code if module else None)
    module = module_for_keyword(local)
    return Mailbox(address, module.code) if module else None


def rcpt_refusal(address: str) -> str | None:
    """The SMTP reply refusing ``RCPT TO:<address>``, or None to accept it."""
    if mailbox_for(address) is not None:
        return None
    if split_address(address)[1] != intake_parts()[1]:
        return "550 5.7.1 Relaying denied: this server accepts mail for its intake domain only"
    return "550 5.1.1 No such mailbox"


def requested_module_code(recipients: list[str]) -> str | None:
    """The service the first intake recipient naming one asks for; None for the default."""
    for address in recipients:
        mailbox = mailbox_for(address)
        if mailbox is not None and mailbox.module_code:
            return mailbox.module_code
    return None
