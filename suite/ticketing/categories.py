"""Service categories as data (issue 12, item 2): a row per category of a module, with its names in
both languages, agency, urgency, whether it takes new tickets and its place in the list.

Each module ships its categories in code (``ServiceModule.default_categories``); ``seed_categories``
copies the missing ones into the table once and never overwrites a row, so what admins edited stays.
``ServiceModule.categories`` reads the table through ``read_categories``, installed by
``install_reader``: the rows in the admins' order, then any default the table lacks (a module
enabled or upgraded before ``flask --app suite seed`` ran) exactly as in code. Rows are never
deleted: a category an admin retires is deactivated, and its tickets keep their stored title.
"""

from __future__ import annotations

from flask import Flask, g, has_app_context
from flask_babel import force_locale
from sqlalchemy import ForeignKey, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column

from suite.database import UTCDateTime, utcnow
from suite.extensions import Model, db
from suite.registry import Category, CategoryName, ServiceModule, enabled_modules

NAME_LENGTH = 100
CODE_LENGTH = 40


class ServiceCategory(Model):
    __tablename__ = "service_categories"
    __table_args__ = (UniqueConstraint("module", "code", name="uq_service_categories_module_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module: Mapped[str] = mapped_column(String(30))
    code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    name_id: Mapped[str] = mapped_column(String(NAME_LENGTH))
    name_en: Mapped[str] = mapped_column(String(NAME_LENGTH))
    agency_code: Mapped[str | None] = mapped_column(String(40))  # None: the module's default agency
    urgent: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    def as_category(self) -> Category:
        return Category(self.code, CategoryName(self.name_id, self.name_en), self.agency_code, self.urgent, self.active)


def install_reader(app: Flask) -> None:
    """Make ``ServiceModule.categories`` read the table in this app."""
    app.extensions["suite_category_reader"] = read_categories


def stored_rows(module_code: str) -> list[ServiceCategory]:
    """The module's rows in order (every module's rows are read once per request or job)."""
    cache = g.setdefault("service_categories", None) if has_app_context() else None
    if cache is None:
        cache = {}
        rows = db.session.execute(
            select(ServiceCategory).order_by(ServiceCategory.module, ServiceCategory.position, ServiceCategory.id)
        ).scalars()
        for row in rows:
            cache.setdefault(row.module, []).append(row)
        if has_app_context():
            g.service_categories = cache
    return cache.get(module_code, [])


def forget_cached() -> None:
    """After a change: the next read of this request sees it."""
    if has_app_context():
        g.pop("service_categories", None)


def read_categories(module: ServiceModule) -> list[Category]:
    """Every category of the module, active or not: its rows, then the defaults it has no row for."""
    rows = stored_rows(module.code)
    found = [row.as_category() for row in rows]
    stored = {row.code for row in rows}
    return found + [c for c in module.default_categories if c.code not in stored]


def default_names(category: Category) -> tuple[str, str]:
    """The Indonesian and English names of a category written in code (a lazy string)."""
    with force_locale("id"):
        indonesian = str(category.label)
    with force_locale("en"):
        english = str(category.label)
    return indonesian[:NAME_LENGTH], english[:NAME_LENGTH]


def row_from_default(module: ServiceModule, category: Category, position: int) -> ServiceCategory:
    indonesian, english = default_names(category)
    return ServiceCategory(
        module=module.code,
        code=category.code,
        name_id=indonesian,
        name_en=english,
        agency_code=category.agency_code,
        urgent=category.urgent,
        active=category.active,
        position=position,
        updated_at=utcnow(),
    )


def seed_categories() -> int:
    """Add each enabled module's default categories that have no row yet; return how many were added.
    Existing rows (an admin's names, agency, order, deactivation) are never touched."""
    existing = set(db.session.execute(select(ServiceCategory.module, ServiceCategory.code)).tuples())
    added = 0
    for module in enabled_modules().values():
        last = db.session.execute(
            select(func.max(ServiceCategory.position)).where(ServiceCategory.module == module.code)
        ).scalar()
        start = -1 if last is None else last
        for index, category in enumerate(module.default_categories):
            if (module.code, category.code) in existing:
                continue
            # A first seed keeps the code's order; a default added later goes after the admins' rows.
            position = index if last is None else start + 1 + index
            db.session.add(row_from_default(module, category, position))
            existing.add((module.code, category.code))
            added += 1
    db.session.flush()
    forget_cached()
    return added
