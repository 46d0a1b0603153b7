"""Which services Open311 offers: one per category that holds no health data (not a sensitive
module, not a sensitive category: e-Sehat's are, unless an admin decided otherwise). A service
code is ``<module>.<category>`` (``lorong.jalan``)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app

from suite.channels.open311.dates import w3c_datetime
from suite.channels.open311.definitions import attributes_for
from suite.registry import Category, ServiceModule, enabled_modules
from suite.standards.services import published
from suite.ticketing import module_state
from suite.ticketing.categories import last_change
from suite.ticketing.category_settings import is_sensitive


@dataclass(frozen=True)
class Service:
    module: ServiceModule
    category: Category

    @property
    def code(self) -> str:
        return service_code_of(self.module.code, self.category.code)


def service_code_of(module_code: str, category_code: str) -> str:
    return f"{module_code}.{category_code}"


def offered_modules() -> list[ServiceModule]:
    """Enabled modules with at least one offered category: health data never leaves over Open311.
    A module an admin closed is not listed (it takes no requests); its requests stay readable."""
    return [
        module
        for module in enabled_modules().values()
        if offered_categories(module) and module_state.is_open(module.code)
    ]


def offered_categories(module: ServiceModule) -> list[Category]:
    """The module's categories that are not sensitive (none of a sensitive module's)."""
    if module.sensitive:
        return []
    return [category for category in module.categories if not is_sensitive(module, category.code)]


def find_service(service_code: str | None) -> Service | None:
    module_code, _, category_code = (service_code or "").strip().partition(".")
    module = enabled_modules().get(module_code)
    if module is None or module.sensitive:
        return None
    category = module.category(category_code)
    if category is None or is_sensitive(module, category.code):
        return None
    return Service(module, category)


def service_notice(module: ServiceModule | None) -> str | None:
    """What the regency promises to do: the published service standard's time frame (as admins keep
    it, ``suite.standards``; issue 12)."""
    standard = published(module.code) if module is not None else None
    return (standard.duration if standard is not None else "") or None


def service_entry(service: Service, has_metadata: bool) -> dict:
    module = service.module
    return {
        "service_code": service.code,
        "service_name": str(service.category.label),
        "description": str(module.description) or None,
        "metadata": has_metadata,
        "type": "realtime",  # the tracking code is the service_request_id, returned at once
        "keywords": f"{module.code}, {service.category.code}",
        "group": str(module.name),
    }


def service_list() -> list[dict]:
    """GET services: every offered service; ``metadata`` when its definition has attributes."""
    entries = []
    for module in offered_modules():
        has_metadata = bool(attributes_for(module))
        entries += [service_entry(Service(module, category), has_metadata) for category in offered_categories(module)]
    return entries


def catalogue_changeset() -> str:
    """When the services or their definitions last changed: the newest source file of the offered
    modules and of this channel (the same for every worker of one installation), or the last edit
    of a category by an admin (issue 12, item 2), whichever is later."""
    cached = current_app.extensions.get("open311_changeset")
    if cached is None:
        folders = {Path(__file__).parent}
        sources = (sys.modules[type(module).__module__].__file__ for module in offered_modules())
        folders.update(Path(source).parent for source in sources if source is not None)  # None: no file to date
        newest = max(path.stat().st_mtime for folder in folders for path in folder.glob("*.py"))
        cached = datetime.fromtimestamp(int(newest), tz=UTC)
        current_app.extensions["open311_changeset"] = cached
    edited = last_change()
    return w3c_datetime(max(cached, edited.replace(microsecond=0)) if edited is not None else cached)
