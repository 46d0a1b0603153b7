"""Test set-up for category edits (issue 12, item 2): ``service_categories``, ``category_settings`` and
``sla_targets`` are kept between tests (conftest KEEP_TABLES), so a test that edits categories puts
them back with ``restored_categories``."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from suite.extensions import db
from suite.sla.models import SlaTarget
from suite.sla.targets import TARGET_FIELDS
from suite.ticketing.categories import ServiceCategory
from suite.ticketing.category_settings import CategorySetting

CATEGORY_FIELDS = ("name_id", "name_en", "agency_code", "urgent", "active", "position", "updated_by", "updated_at")


@pytest.fixture
def restored_categories(app):
    with app.app_context():
        categories = [
            {name: getattr(row, name) for name in ("id", "module", "code", *CATEGORY_FIELDS)}
            for row in db.session.execute(select(ServiceCategory)).scalars()
        ]
        settings = dict(db.session.execute(select(CategorySetting.id, CategorySetting.sensitive)).tuples().all())
        targets = {
            row.id: {name: getattr(row, name) for name in TARGET_FIELDS}
            for row in db.session.execute(select(SlaTarget)).scalars()
        }
    yield
    with app.app_context():
        db.session.execute(delete(ServiceCategory))  # a test may delete a row, or re-seed it under another id
        db.session.add_all(ServiceCategory(**values) for values in categories)
        db.session.execute(delete(CategorySetting).where(CategorySetting.id.not_in(list(settings) or [0])))
        for row_id, sensitive in settings.items():
            db.session.execute(update(CategorySetting).where(CategorySetting.id == row_id).values(sensitive=sensitive))
        db.session.execute(delete(SlaTarget).where(SlaTarget.id.not_in(list(targets) or [0])))
        for row_id, values in targets.items():
            db.session.execute(update(SlaTarget).where(SlaTarget.id == row_id).values(**values))
        db.session.commit()
