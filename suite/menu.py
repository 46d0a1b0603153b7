"""The main menu (issue 14, item 6): every page a signed-in person may use, linked from the header.

Each page registers its own entry with the access check its route applies, so the menu lists exactly
what the person may open; a module registers its pages the same way (e-Babhar's caseload), and the
core never names a module. An entry whose endpoint this app lacks (a module left out of
SUITE_MODULES) is skipped. The admin's own screens are listed on the admin home page
(``suite.admin.screens``), which the menu links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

AUDIENCES = ("citizen", "staff")


def anyone(_user) -> bool:
    return True


@dataclass(frozen=True)
class MenuEntry:
    endpoint: str
    label: object  # lazy string
    audience: str  # "citizen" or "staff"
    may_use: Callable[[Any], bool] = anyone  # the route's own access check, for the signed-in user
    order: int = 50  # smaller first; the core uses 10..90, a module's pages sit among them


ENTRIES: list[MenuEntry] = []


def register(endpoint: str, label, audience: str, may_use: Callable[[Any], bool] = anyone, order: int = 50) -> None:
    if audience not in AUDIENCES:
        raise ValueError(f"unknown menu audience {audience!r}")
    if not any(entry.endpoint == endpoint for entry in ENTRIES):
        ENTRIES.append(MenuEntry(endpoint, label, audience, may_use, order))


def staff_roles(*roles: str) -> Callable[[Any], bool]:
    """The check of ``staff_required(*roles)``: an active staff member, of one of ``roles`` if given."""

    def check(user) -> bool:
        return bool(getattr(user, "is_staff", False) and user.active and (not roles or user.role in roles))

    return check


def entries_for(user, endpoints) -> list[MenuEntry]:
    """The entries ``user`` may use, in menu order; ``endpoints``: those the app has."""
    if not getattr(user, "is_authenticated", False):
        return []
    audience = "staff" if getattr(user, "is_staff", False) else "citizen"
    chosen = [e for e in ENTRIES if e.audience == audience and e.endpoint in endpoints and e.may_use(user)]
    return sorted(chosen, key=lambda e: e.order)
