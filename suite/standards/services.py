"""What a service promises (its published standard) and how admins change it.

A module's row holds every component; a category's row overrides the components it fills, and the
rest come from the module's (so a category differing only in time or requirements says only that).
The time a citizen is promised is also what the suite measures: ``promised_times`` reads the
response-time targets (``suite.sla``), which pages show beside the standard's own words, with the
categories whose targets differ from the module's. Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from suite.audit.changes import changes, snapshot
from suite.audit.services import record
from suite.errors import Invalid, NotFound
from suite.extensions import db
from suite.privacy.redaction import redact_nik
from suite.registry import Category, ServiceModule, enabled_modules, get_module
from suite.sla import policy
from suite.standards.models import COLUMNS, COMPONENTS, LIST_COMPONENTS, ServiceStandardRecord

MAX_TEXT = 2000  # characters of one component in one language
MAX_ITEMS = 20  # lines of a list component (requirements, procedure, legal basis)
MAX_ITEM = 300  # characters of one line


@dataclass
class TimeTarget:
    """A response-time target as the standard promises it (minutes; ``working_days`` or calendar)."""

    first_response_minutes: int
    resolution_minutes: int
    working_days: bool


@dataclass
class CategoryTime:
    category: Category
    target: TimeTarget


@dataclass
class PublishedStandard:
    """A standard as shown to citizens, in the current language."""

    module: ServiceModule
    category: Category | None
    requirements: list[str]
    procedure: list[str]
    duration: str
    cost: str
    product: str
    complaint_channel: str
    legal_basis: list[str]
    target: TimeTarget
    # Categories whose targets differ from the one shown (only on a module's standard).
    differing: list[CategoryTime] = field(default_factory=list)


def language() -> str:
    """The language pages are shown in ("id" outside a request)."""
    locale = get_locale() if has_request_context() else None
    return "en" if locale is not None and locale.language == "en" else "id"


def find_record(module: str, category: str = "") -> ServiceStandardRecord | None:
    return db.session.execute(
        select(ServiceStandardRecord).where(
            ServiceStandardRecord.module == module, ServiceStandardRecord.category == (category or "")
        )
    ).scalar_one_or_none()


def records() -> list[ServiceStandardRecord]:
    """Every row of the enabled modules, each module's own first, then its categories."""
    modules = list(enabled_modules())
    rows = db.session.execute(select(ServiceStandardRecord)).scalars().all()
    return sorted(
        (r for r in rows if r.module in modules),
        key=lambda r: (modules.index(r.module), r.category != "", r.category),
    )


def promised_times(module: str, category: str = "") -> TimeTarget:
    target = policy.target_for(module, category)
    return TimeTarget(target.first_response_minutes, target.resolution_minutes, target.calendar == "working_days")


def published(module_code: str, category_code: str | None = None, detail: bool = False) -> PublishedStandard | None:
    """The standard of a module, or of one of its categories (its own components over the module's),
    in the current language; None for a module that is not enabled. ``detail`` also lists the
    categories whose time targets differ from the module's (a query per category: full pages only)."""
    module = get_module(module_code)
    if module is None:
        return None
    category = module.category(category_code) if category_code else None
    base = find_record(module.code)
    own = find_record(module.code, category.code) if category is not None else None
    lang = language()

    def component(name: str) -> str:
        for row in (own, base):
            if row is not None:
                text = getattr(row, f"{name}_{lang}") or getattr(row, f"{name}_id")
                if text.strip():
                    return text
        return _code_default_text(module, name)

    target = promised_times(module.code, category.code if category else "")
    differing = []
    if category is None and detail:
        for other in module.categories:
            other_target = promised_times(module.code, other.code)
            if other_target != target:
                differing.append(CategoryTime(other, other_target))
    values = {name: component(name) for name in COMPONENTS}
    return PublishedStandard(
        module=module,
        category=category,
        requirements=_lines(values["requirements"]),
        procedure=_lines(values["procedure"]),
        duration=values["duration"],
        cost=values["cost"],
        product=values["product"],
        complaint_channel=values["complaint_channel"],
        legal_basis=_lines(values["legal_basis"]),
        target=target,
        differing=differing,
    )


def category_overrides(module_code: str) -> list[str]:
    """Codes of the module's categories that have a standard of their own."""
    return [
        code
        for code in db.session.execute(
            select(ServiceStandardRecord.category).where(
                ServiceStandardRecord.module == module_code, ServiceStandardRecord.category != ""
            )
        ).scalars()
    ]


def label(row: ServiceStandardRecord) -> str:
    """``lorong`` or ``lorong.jalan``: how the audit log names a standard."""
    return f"{row.module}.{row.category}" if row.category else row.module


def create_category_standard(actor: Any, module_code: str, category_code: str, values: dict[str, str]):
    """Add a standard for one category of a module; raise ``Invalid`` (keyed by input name) when the
    module or category is unknown, the category has one already, or the values are refused."""
    module = enabled_modules().get(module_code or "")
    if module is None:
        raise Invalid(_l("Layanan tidak dikenal."), {"module": str(_l("Layanan tidak dikenal."))})
    if not category_code or module.category(category_code) is None:
        message = _l("Kategori tidak dikenal di layanan itu.")
        raise Invalid(message, {"category": str(message)})
    if find_record(module.code, category_code) is not None:
        message = _l("Kategori ini sudah punya standar sendiri; ubah yang ada.")
        raise Invalid(message, {"category": str(message)})
    clean = _checked(values, whole=False)
    row = ServiceStandardRecord(module=module.code, category=category_code, updated_by_staff_id=actor.id, **clean)
    db.session.add(row)
    db.session.flush()
    record(
        "create",
        "service_standard",
        row.id,
        staff=actor,
        detail=label(row),
        after=snapshot(row, ("module", "category") + COLUMNS),
    )
    return row


def update_standard(actor: Any, row: ServiceStandardRecord, values: dict[str, str]) -> bool:
    """Change a standard's components; audited with what changed. A module's row must keep every
    component in both languages; a category's may leave a component empty (the module's applies)."""
    clean = _checked(values, whole=not row.category)
    before = snapshot(row, COLUMNS)
    for name, value in clean.items():
        setattr(row, name, value)
    old, new = changes(before, snapshot(row, COLUMNS))
    if not (old or new):
        return False
    row.updated_by_staff_id = actor.id
    record("update", "service_standard", row.id, staff=actor, detail=label(row), before=old, after=new)
    return True


def delete_category_standard(actor: Any, row: ServiceStandardRecord) -> None:
    """Remove a category's own standard (the module's applies again); a module's row stays."""
    if not row.category:
        raise NotFound(_l("Standar layanan tidak dapat dihapus; ubah isinya."))
    before = snapshot(row, ("module", "category") + COLUMNS)
    db.session.delete(row)
    db.session.flush()
    record("delete", "service_standard", row.id, staff=actor, detail=label(row), before=before)


def _checked(values: dict[str, str], whole: bool) -> dict[str, str]:
    """Normalised column values, or ``Invalid`` naming each refused input. Free text is NIK-redacted
    (it is published)."""
    errors: dict[str, str] = {}
    clean: dict[str, str] = {}
    for name in COMPONENTS:
        texts = {}
        for language in ("id", "en"):
            column = f"{name}_{language}"
            text = (values.get(column) or "").replace("\r\n", "\n").strip()
            if name in LIST_COMPONENTS:
                items = [line.strip(" -•\t") for line in text.split("\n")]
                items = [item for item in items if item]
                if len(items) > MAX_ITEMS:
                    errors[column] = str(_l("Paling banyak %(n)s baris.", n=MAX_ITEMS))
                elif any(len(item) > MAX_ITEM for item in items):
                    errors[column] = str(_l("Setiap baris paling panjang %(n)s karakter.", n=MAX_ITEM))
                text = "\n".join(items)
            elif len(text) > MAX_TEXT:
                errors[column] = str(_l("Paling panjang %(n)s karakter.", n=MAX_TEXT))
            texts[language] = redact_nik(text)
        if whole and not texts["id"]:
            errors.setdefault(f"{name}_id", str(_l("Wajib diisi.")))
        if (whole or texts["id"]) and not texts["en"]:
            errors.setdefault(f"{name}_en", str(_l("Isi juga dalam bahasa Inggris.")))
        if texts["en"] and not texts["id"]:
            errors.setdefault(f"{name}_id", str(_l("Isi juga dalam bahasa Indonesia.")))
        clean.update({f"{name}_{language}": text for language, text in texts.items()})
    if not whole and not any(clean.values()) and not errors:
        errors["requirements_id"] = str(_l("Isi paling sedikit satu komponen; yang kosong mengikuti standar layanan."))
    if errors:
        raise Invalid(_l("Periksa isian yang ditandai."), errors)
    return clean


def _lines(text: str) -> list[str]:
    return [line for line in (text or "").split("\n") if line.strip()]


def _code_default_text(module: ServiceModule, name: str) -> str:
    """The shipped text, for a module whose row is not seeded yet (run ``flask --app suite seed``)."""
    value = getattr(module.standard, name)
    return "\n".join(str(v) for v in value) if name in LIST_COMPONENTS else str(value)
