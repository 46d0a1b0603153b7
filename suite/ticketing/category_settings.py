"""Per-category settings an admin decides, as data: for now whether a category is sensitive.

A module says what holds by default (``ServiceModule.default_sensitive``); a row here records an
admin's decision for one category of one module, and wins. Only modules with
``sensitive_categories_editable`` are offered on the admin page.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from suite.database import UTCDateTime, utcnow
from suite.extensions import Model, db


class CategorySetting(Model):
    __tablename__ = "category_settings"
    __table_args__ = (UniqueConstraint("module", "category", name="uq_category_settings_module_category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module: Mapped[str] = mapped_column(String(30))
    category: Mapped[str] = mapped_column(String(60))
    sensitive: Mapped[bool] = mapped_column()
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


def admin_choice(module_code: str, category: str) -> bool | None:
    """The admin's decision on a category's sensitivity, or None when there is none."""
    return db.session.execute(
        select(CategorySetting.sensitive).where(
            CategorySetting.module == module_code, CategorySetting.category == category
        )
    ).scalar_one_or_none()


def is_sensitive(module, category: str | None) -> bool:
    """Whether a new ticket of this category is sensitive: confidential, never published
    (Open311, public pages, command-centre ticket pages) and never quoted in a notification.
    Decided when the ticket opens and kept on the ticket (``Ticket.sensitive``)."""
    if module.sensitive:
        return True  # a secret module has no public category, whatever an admin sets
    if module.sensitive_categories_editable and category is not None:
        choice = admin_choice(module.code, category)
        if choice is not None:
            return choice
    return module.default_sensitive(category)


def editable_modules(modules) -> list:
    """Modules whose categories' sensitivity an admin may set."""
    return [m for m in modules if m.sensitive_categories_editable and not m.sensitive]


def set_sensitivity(module, choices: dict[str, bool], staff) -> list[str]:
    """Record the admin's choice for each category of ``module``; return the categories that changed.

    Only future tickets follow the change: a ticket keeps the sensitivity it opened with, so
    a category made public never exposes what was reported in confidence.
    """
    if not module.sensitive_categories_editable or module.sensitive:
        raise ValueError(f"module {module.code!r} has no editable categories")
    staff_id = getattr(staff, "id", None)
    rows = {
        row.category: row
        for row in db.session.execute(select(CategorySetting).where(CategorySetting.module == module.code)).scalars()
    }
    changed = []
    for category in module.all_categories:  # a deactivated category's setting is still the admin's
        if category.code not in choices:
            continue
        wanted = bool(choices[category.code])
        current = rows[category.code].sensitive if category.code in rows else module.default_sensitive(category.code)
        if current == wanted:
            continue
        row = rows.get(category.code)
        if row is None:
            db.session.add(
                CategorySetting(
                    module=module.code,
                    category=category.code,
                    sensitive=wanted,
                    updated_by=staff_id,
                    updated_at=utcnow(),
                )
            )
        else:
            row.sensitive, row.updated_by, row.updated_at = wanted, staff_id, utcnow()
        changed.append(category.code)
    db.session.flush()
    return changed
