"""The module rows of ``service_standards``, written once from each module's code default
(``ServiceModule.standard``) in both languages; rows that exist are never touched, so an admin's
edits survive every ``flask --app suite seed``."""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from suite.extensions import db
from suite.registry import ServiceModule, enabled_modules
from suite.standards.models import COMPONENTS, LANGUAGES, LIST_COMPONENTS, ServiceStandardRecord


def seed_standards() -> int:
    """Add the module row of every enabled module that has none; return how many were added."""
    present = set(
        db.session.execute(select(ServiceStandardRecord.module).where(ServiceStandardRecord.category == "")).scalars()
    )
    added = 0
    for module in enabled_modules().values():
        if module.code in present:
            continue
        db.session.add(ServiceStandardRecord(module=module.code, category="", **code_default(module)))
        added += 1
    db.session.flush()
    return added


def code_default(module: ServiceModule) -> dict[str, str]:
    """The module's shipped standard as column values (``requirements_id``, ``requirements_en``, ...)."""
    values: dict[str, str] = {}
    for language in LANGUAGES:
        with force_locale(language):  # the lazy strings render in each language in turn
            for name in COMPONENTS:
                value = getattr(module.standard, name)
                text = "\n".join(str(item) for item in value) if name in LIST_COMPONENTS else str(value)
                values[f"{name}_{language}"] = text
    return values
