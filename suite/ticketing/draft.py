"""What a channel hands the ticketing core to open a ticket: plain data, no request, no model.

A module of its own so that the registry (a module's ``demo_draft``) and every channel can build one
without importing the ticketing services.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TicketDraft:
    category: str
    description: str
    desa_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    extras: dict = field(default_factory=dict)
    anonymous: bool = False
    confidential: bool = False
    title: str | None = None
    reporter: dict | None = None  # name/email/phone when there is no citizen account
    # The citizen agreed that the GPS point in their photo's metadata (stripped before storage)
    # fills the location when they gave none (issue 9, item 9).
    use_photo_location: bool = False
    # Facts a server-side caller vouches for (the staff member filing, a module's own links), never
    # read from a client: a module copies what it trusts from here into the extras (complete_draft).
    context: dict = field(default_factory=dict)
    # What the citizen is asking for (suite.ticketing.kinds): complaint, aspiration or information.
    kind: str = "complaint"
