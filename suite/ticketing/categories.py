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

from time import monotonic

from flask import Flask, g, has_app_context, has_request_context
from flask_babel import force_locale
from sqlalchemy import ForeignKey, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column

from suite.database import UTCDateTime, utcnow
from suite.extensions import Model, db
from suite.registry import Category, CategoryName, ServiceModule, enabled_modules
from suite.ticketing.reference_version import forget as forget_version
from suite.ticketing.reference_version import shared, watch

NAME_LENGTH = 100
CODE_LENGTH = 40
CLI_CACHE_SECONDS = 5


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


def install_reader(app: Flask) -> None:
    """Make ``ServiceModule.categories`` read the table in this app."""
    app.extensions["suite_category_reader"] = read_categories


watch(ServiceCategory)
_IN_ORDER = (ServiceCategory.module, ServiceCategory.position, ServiceCategory.id)
_ALL_ROWS = select(ServiceCategory).order_by(*_IN_ORDER)
_ALL_AS_CATEGORIES = select(
    ServiceCategory.module,
    ServiceCategory.code,
    ServiceCategory.name_id,
    ServiceCategory.name_en,
    ServiceCategory.agency_code,
    ServiceCategory.urgent,
    ServiceCategory.active,
).order_by(*_IN_ORDER)


def _read_stored() -> dict[str, list[Category]]:
    """Every module's stored categories in order, as plain values (shared between requests)."""
    stored: dict[str, list[Category]] = {}
    for module, code, name_id, name_en, agency_code, urgent, active in db.session.execute(_ALL_AS_CATEGORIES):
        category = Category(code, CategoryName(name_id, name_en), agency_code, urgent, active)
        stored.setdefault(module, []).append(category)
    return stored


class _Cache:
    """Every module's stored categories (kept across requests while the reference version stands),
    the rows behind them when a page asks for rows, and each module's full list."""

    def __init__(self):
        self.read_at = monotonic()
        self.stored: dict[str, list[Category]] = shared("service_categories", _read_stored)
        self.categories: dict[str, list[Category]] = {}
        self._rows: dict[str, list[ServiceCategory]] | None = None

    @property
    def rows(self) -> dict[str, list[ServiceCategory]]:
        if self._rows is None:
            self._rows = {}
            for row in db.session.execute(_ALL_ROWS).scalars():
                self._rows.setdefault(row.module, []).append(row)
        return self._rows


def _cache() -> _Cache:
    """Read once per request; a command or worker that runs long (one app context) reads again after
    ``CLI_CACHE_SECONDS``, so an admin's change reaches it."""
    cached = g.get("service_categories") if has_app_context() else None
    if cached is not None and (has_request_context() or monotonic() - cached.read_at < CLI_CACHE_SECONDS):
        return cached
    fresh = _Cache()
    if has_app_context():
        g.service_categories = fresh
    return fresh


def stored_rows(module_code: str) -> list[ServiceCategory]:
    """The module's rows in order."""
    return _cache().rows.get(module_code, [])


def last_change():
    """When any category was last added or changed (None before seeding): for catalogue dates."""
    return db.session.execute(select(func.max(ServiceCategory.updated_at))).scalar()


def forget_cached() -> None:
    """After a change: the next read of this request sees it."""
    if has_app_context():
        g.pop("service_categories", None)
        forget_version()


def read_categories(module: ServiceModule) -> list[Category]:
    """Every category of the module, active or not: its rows, then the defaults it has no row for."""
    cache = _cache()
    if module.code not in cache.categories:
        categories = cache.stored.get(module.code, [])
        stored = {category.code for category in categories}
        cache.categories[module.code] = list(categories) + [
            c for c in module.default_categories if c.code not in stored
        ]
    return list(cache.categories[module.code])


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
