"""Routing keywords as data an admin edits: a row per category an admin changed, the module's
defaults (``ServiceModule.default_routing_keywords``) for every other category.

A row holds the category's whole list, so an admin may also empty a category; a list set back
to the module's defaults removes the row, and the category follows the module's defaults again.
"""

from __future__ import annotations

import re

from flask import g, has_app_context
from flask_babel import gettext as _
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from suite.database import UTCDateTime, utcnow
from suite.errors import Invalid
from suite.extensions import Model, db

KEYWORD_LENGTH = 60
KEYWORD_WORDS = 5
KEYWORDS_PER_CATEGORY = 300
_KEYWORD = re.compile(r"[a-z0-9]+(?:[ -][a-z0-9]+)*")


class RoutingKeywords(Model):
    __tablename__ = "routing_keywords"
    __table_args__ = (UniqueConstraint("module", "category", name="uq_routing_keywords_module_category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module: Mapped[str] = mapped_column(String(30))
    category: Mapped[str] = mapped_column(String(60))
    keywords: Mapped[list] = mapped_column(JSON)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


def routed_categories(module) -> list:
    """The module's categories that keywords point to, in the module's order: those the module gives
    keywords, and, in a module that routes by keywords, those admins added (issue 12, item 2). A
    shipped category without keywords ("other": the text decides) is no destination."""
    defaults = module.default_routing_keywords()
    if not defaults:
        return []
    shipped = {c.code for c in module.default_categories}
    return [c for c in module.categories if c.code in defaults or c.code not in shipped]


def routing_modules(modules) -> list:
    """Modules that route by keywords, whose keywords an admin may edit."""
    return [m for m in modules if m.default_routing_keywords()]


def stored_keywords(module) -> dict[str, list[str]]:
    """The categories an admin changed, with their lists (one query)."""
    rows = db.session.execute(
        select(RoutingKeywords.category, RoutingKeywords.keywords).where(RoutingKeywords.module == module.code)
    ).all()
    return {category: list(keywords or []) for category, keywords in rows}


def keywords_for(module) -> dict[str, tuple[str, ...]]:
    """Each routed category's keywords as routing uses them: the admin's, else the module's.
    Read once per request (or CLI app context) and kept in ``g``; a change clears it."""
    cache = g.setdefault("routing_keywords", {}) if has_app_context() else {}
    if module.code not in cache:
        defaults, stored = module.default_routing_keywords(), stored_keywords(module)
        cache[module.code] = {
            c.code: tuple(stored.get(c.code, defaults.get(c.code, []))) for c in routed_categories(module)
        }
    return cache[module.code]


def parse_keywords(raw: str) -> list[str]:
    """One keyword or phrase per line (commas also separate); blanks and repeats dropped."""
    found: list[str] = []
    for line in re.split(r"[\n,]", raw or ""):
        keyword = " ".join(line.split())
        if keyword and keyword not in found:
            found.append(keyword)
    return found


def keyword_error(keyword: str) -> str | None:
    """Why a keyword cannot be used, or None."""
    if keyword != keyword.lower():
        return _("Gunakan huruf kecil: “%(keyword)s”.", keyword=keyword)
    if len(keyword) > KEYWORD_LENGTH:
        return _(
            "Terlalu panjang (paling banyak %(count)d huruf): “%(keyword)s”.", count=KEYWORD_LENGTH, keyword=keyword
        )
    if not _KEYWORD.fullmatch(keyword):
        return _("Hanya huruf a-z, angka, spasi dan tanda hubung: “%(keyword)s”.", keyword=keyword)
    if len(keyword.split()) > KEYWORD_WORDS:
        return _("Frasa paling banyak %(count)d kata: “%(keyword)s”.", count=KEYWORD_WORDS, keyword=keyword)
    return None


def validate(module, wanted: dict[str, list[str]]) -> dict[str, list[str]]:
    """The module's wanted lists, checked; raise Invalid with a message per category."""
    categories = {c.code: c for c in routed_categories(module)}
    errors: dict[str, str] = {}
    owner: dict[str, str] = {}
    for code, keywords in wanted.items():
        if code not in categories:
            raise Invalid(_("Kategori tidak dikenal."), {code: _("Kategori tidak dikenal.")})
        problems = [message for message in map(keyword_error, keywords) if message]
        if len(keywords) > KEYWORDS_PER_CATEGORY:
            problems.append(_("Paling banyak %(count)d kata kunci per kategori.", count=KEYWORDS_PER_CATEGORY))
        for keyword in keywords:
            if keyword in owner:
                problems.append(
                    _(
                        "“%(keyword)s” sudah ada di kategori %(category)s: satu kata kunci untuk satu kategori.",
                        keyword=keyword,
                        category=categories[owner[keyword]].label,
                    )
                )
            owner.setdefault(keyword, code)
        if problems:
            errors[code] = " ".join(problems)
    if errors:
        raise Invalid(_("Kata kunci belum dapat disimpan; periksa pesan di tiap kategori."), errors)
    return wanted


def set_keywords(module, wanted: dict[str, list[str]], staff) -> list[tuple[str, list[str], list[str]]]:
    """Replace the keywords of the categories in ``wanted`` (flush only); return (category, before,
    after) for each category that changed, for the caller to audit. The other categories of the
    module are kept; a keyword may belong to one category of a module only."""
    current = {code: list(words) for code, words in keywords_for(module).items()}
    validate(module, {**current, **wanted})
    defaults = module.default_routing_keywords()
    rows = {
        row.category: row
        for row in db.session.execute(select(RoutingKeywords).where(RoutingKeywords.module == module.code)).scalars()
    }
    changes = []
    for code, keywords in wanted.items():
        if keywords == current.get(code, []):
            continue
        row = rows.get(code)
        if keywords == list(defaults.get(code, [])):
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(
                RoutingKeywords(
                    module=module.code, category=code, keywords=keywords, updated_by=staff.id, updated_at=utcnow()
                )
            )
        else:
            row.keywords, row.updated_by, row.updated_at = keywords, staff.id, utcnow()
        changes.append((code, current.get(code, []), keywords))
    db.session.flush()
    if has_app_context():
        g.pop("routing_keywords", None)
    return changes
