"""Where a module's open reports of heavy damage are found (issue 12, item 9).

A module says which extras field and value mark heavy damage (``ServiceModule.heavy_damage``;
e-Lorong: severity "berat"). The condition is written as plain SQL text, the same in the query and
in the module's partial index, because a database only uses a partial index when the query states
its condition: SQLite matches the terms as written, and neither matches a bound parameter. The
JSON read differs by dialect, so each dialect has its own text.
"""

from __future__ import annotations

import re

from sqlalchemy import Index, TextClause, text

from suite.registry import HeavyDamage
from suite.ticketing import lifecycle
from suite.ticketing.models import Ticket

_WORD = re.compile(r"^[a-z0-9_]+$")


def condition_sql(dialect: str, module_code: str, marker: HeavyDamage) -> str:
    """The module's open tickets whose extras carry the marker, as SQL on ``tickets``."""
    for word in (module_code, marker.field, marker.value):
        if not _WORD.match(word):  # these words go into SQL text: nothing but plain words
            raise ValueError(f"not a plain word: {word!r}")
    if dialect == "postgresql":
        field = f"(extras ->> '{marker.field}')"
    else:
        field = f"json_extract(extras, '$.{marker.field}')"
    states = ", ".join(f"'{state}'" for state in lifecycle.OPEN_STATES)
    return f"module = '{module_code}' AND {field} = '{marker.value}' AND status IN ({states})"


def condition(dialect: str, module_code: str, marker: HeavyDamage) -> TextClause:
    return text(condition_sql(dialect, module_code, marker))


def index_name(module_code: str) -> str:
    return f"ix_tickets_{module_code}_heavy_open"


def partial_index(module_code: str, marker: HeavyDamage) -> Index:
    """The module's index of its open heavy-damage tickets, oldest first, with what the report
    filters on (agency, visibility, sensitivity) so that counting them reads the index alone. It
    leads with the module, which the query fixes, so SQLite prefers it even without statistics. A
    module declares it once at import; its migration creates the same index."""
    return Index(
        index_name(module_code),
        Ticket.module,
        Ticket.created_at,
        Ticket.id,
        Ticket.agency_id,
        Ticket.visibility,
        Ticket.sensitive,
        sqlite_where=condition("sqlite", module_code, marker),
        postgresql_where=condition("postgresql", module_code, marker),
    )
