"""Test set-up for per-category sensitivity: ``category_settings`` is kept between tests (see
KEEP_TABLES), so every change made here is undone when the block ends."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import delete, select

from suite.extensions import db
from suite.ticketing.category_settings import CategorySetting


@contextmanager
def category_sensitivity(app, module: str, category: str, sensitive: bool):
    """An admin's decision on one category for the length of the block (the rows before it are restored)."""
    with app.app_context():
        before = db.session.execute(
            select(CategorySetting.sensitive).where(
                CategorySetting.module == module, CategorySetting.category == category
            )
        ).scalar_one_or_none()
        _store(module, category, sensitive)
    try:
        yield
    finally:
        with app.app_context():
            _store(module, category, before)


def _store(module: str, category: str, sensitive: bool | None) -> None:
    db.session.execute(
        delete(CategorySetting).where(CategorySetting.module == module, CategorySetting.category == category)
    )
    if sensitive is not None:
        db.session.add(CategorySetting(module=module, category=category, sensitive=sensitive))
    db.session.commit()
