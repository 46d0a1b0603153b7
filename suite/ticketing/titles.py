"""A ticket's title in the reader's language (issue 14, item 4).

Titles are stored in the regency's language: ``open_ticket`` makes one from the category's name
under ``force_locale("id")`` (e-Lorong adds ": <road name>"). Such a title is shown with the
category's name in the reader's language; a title someone typed (staff, the call centre, a
partner's API) stays as typed."""

from __future__ import annotations

from flask_babel import force_locale, get_locale

from suite.registry import get_module
from suite.request_memo import per_request


def shown_title(ticket) -> str:
    """``ticket.title`` as the reader should see it; the stored text itself for an Indonesian reader.
    Reads only the ticket's module, category and title (the public map loads no more)."""
    title = ticket.title or ""
    locale = get_locale()
    if locale is None or locale.language == "id":
        return title  # the fast path: most pages are read in Indonesian
    names = _category_names(ticket.module, ticket.category, str(locale))
    if names is None:
        return title
    stored, shown = names
    if title == stored:
        return shown
    if title.startswith(stored + ": "):
        return (shown + title[len(stored) :])[:200]
    return title


def _category_names(module_code: str, category_code: str, locale: str) -> tuple[str, str] | None:
    """(Indonesian name, name in the reader's language) of a category, looked up once per request."""
    key = (module_code, category_code, locale)
    # Kept for the request (as the ``wib`` filter's clock): a queue repeats the same few categories.
    cache: dict = per_request("category_names", dict)
    if key not in cache:
        module = get_module(module_code)
        category = module.category(category_code, include_inactive=True) if module and category_code else None
        if category is None:
            cache[key] = None
        else:
            with force_locale("id"):
                stored = str(category.label)[:200]
            cache[key] = (stored, str(category.label)[:200])
    return cache[key]
