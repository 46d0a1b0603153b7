"""Keyword routing any module can use: where a ticket's text points (issue 11, item 8).

A module lists its categories' default keywords (``ServiceModule.default_routing_keywords``),
an admin edits them (``keywords``), and ``suggest`` reads a text against them by whole words and
their roots (``words``, ``engine``). e-Madul routes "other" complaints with it, and the verifying
officer sees the suggestion with the words that decided it.
"""

from __future__ import annotations

from suite.registry import ServiceModule, Suggestion
from suite.ticketing.routing.engine import KeywordIndex, compile_index
from suite.ticketing.routing.keywords import keywords_for


def index_for(module: ServiceModule) -> KeywordIndex:
    return compile_index(tuple(keywords_for(module).items()))


def suggest(module: ServiceModule, text: str) -> Suggestion | None:
    """The category of ``module`` the text points to, its agency and the words that matched; None
    when no keyword of any category is in the text."""
    match = index_for(module).best(text or "")
    category = module.category(match.category) if match else None
    if match is None or category is None:
        return None
    return Suggestion(category.code, category.agency_code or module.default_agency_code, match.matched)
