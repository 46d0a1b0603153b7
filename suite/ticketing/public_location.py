"""Where a report is, as the public may see it: the one rule for every public output (Open311,
the public status page, the JSON API's public reads, a future public map).

The exact point of a report is often the reporter's house or the spot they stood; published at
six decimals (~10 cm) it identifies them. The public gets the point rounded to
``PUBLIC_POINT_DECIMALS`` decimals (3: about 110 m north-south, enough to find the road or the
drain), and nothing at all for reports whose reporter asked to stay anonymous, confidential
reports and health reports. Staff views keep the exact point.
"""

from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import ColumnElement

from suite.registry import enabled_modules, get_module
from suite.ticketing.models import Ticket

DEFAULT_DECIMALS = 3


def public_point(ticket: Ticket) -> tuple[float, float] | None:
    """(latitude, longitude) rounded for the public, or None when there is none to show."""
    if ticket.latitude is None or ticket.longitude is None or not point_is_public(ticket):
        return None
    decimals = (
        int(current_app.config.get("PUBLIC_POINT_DECIMALS", DEFAULT_DECIMALS))
        if has_app_context()
        else DEFAULT_DECIMALS
    )
    return round(ticket.latitude, decimals), round(ticket.longitude, decimals)


def point_is_public(ticket: Ticket) -> bool:
    """False for anonymous, confidential and health (sensitive ticket or module) reports."""
    module = get_module(ticket.module)
    return not (
        ticket.anonymous or ticket.is_confidential or ticket.sensitive or (module is not None and module.sensitive)
    )


def public_point_conditions() -> list[ColumnElement[bool]]:
    """``point_is_public`` (and "has a point") as SQL conditions, for lists that must not load
    every row to drop most of them in Python (the public map). Keep the two in step: a test
    compares them ticket by ticket."""
    sensitive_modules = [code for code, module in enabled_modules().items() if module.sensitive]
    conditions = [
        Ticket.latitude.is_not(None),
        Ticket.longitude.is_not(None),
        Ticket.anonymous.is_(False),
        Ticket.visibility != "confidential",
        Ticket.sensitive.is_(False),
    ]
    if sensitive_modules:
        conditions.append(Ticket.module.not_in(sensitive_modules))
    return conditions
