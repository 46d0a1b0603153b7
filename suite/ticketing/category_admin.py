"""An admin's changes to a module's categories (issue 12, item 2): the rules a change must meet and
its audit record. Services flush, never commit.

Checked here, at the admin's form, so a citizen's submit never meets them: the agency exists and is
active, and for a health module (``care_root``) lies inside its care tree; the code is new and well
formed; both names are present and not too long. A module's ``fixed_categories`` (codes its own code
relies on) keep their agency, urgency and active flag; a module that is not ``categories_extendable``
takes no new category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from suite.audit.changes import changes, snapshot
from suite.audit.services import record
from suite.database import utcnow
from suite.errors import Invalid
from suite.extensions import db
from suite.identity.models import Agency
from suite.privacy.redaction import redact_nik
from suite.registry import ServiceModule
from suite.ticketing import category_settings
from suite.ticketing.categories import (
    CODE_LENGTH,
    NAME_LENGTH,
    ServiceCategory,
    forget_cached,
    row_from_default,
    stored_rows,
)

NAME_MIN = 3
_CODE = re.compile(rf"[a-z][a-z0-9_]{{1,{CODE_LENGTH - 1}}}")
AUDITED = ("name_id", "name_en", "agency_code", "urgent", "active")


@dataclass
class CategoryValues:
    """What the admin's form sets. ``sensitive`` is None where the module does not let an admin decide."""

    name_id: str
    name_en: str
    agency_code: str | None  # None or "": the module's default agency
    urgent: bool = False
    active: bool = True
    sensitive: bool | None = None


def sensitivity_editable(module: ServiceModule) -> bool:
    return bool(module.sensitive_categories_editable and not module.sensitive)


def is_fixed(module: ServiceModule, code: str) -> bool:
    return code in module.fixed_categories


def create_category(actor: Any, module: ServiceModule, code: str, values: CategoryValues) -> ServiceCategory:
    """Add a category to ``module`` after the others; raise ``Invalid`` (errors keyed by input name)."""
    code = (code or "").strip()
    errors = _check_values(module, values)
    if not module.categories_extendable:
        message = _l("Layanan ini tidak dapat ditambah kategori: setiap kategorinya diatur oleh program layanan.")
        raise Invalid(message, {"code": message})
    if not _CODE.fullmatch(code):
        errors["code"] = _l(
            "Kode 2-%(count)d karakter: huruf kecil a-z, angka dan garis bawah, diawali huruf.", count=CODE_LENGTH
        )
    elif module.category(code, include_inactive=True) is not None:
        errors["code"] = _l("Kode ini sudah dipakai kategori lain di layanan ini.")
    if errors:
        raise Invalid(_l("Kategori belum dapat disimpan; periksa isian yang ditandai."), errors)
    _materialise(module)
    last = db.session.execute(
        select(func.max(ServiceCategory.position)).where(ServiceCategory.module == module.code)
    ).scalar()
    row = ServiceCategory(module=module.code, code=code, position=(last or 0) + 1)
    _apply(row, values, actor)
    db.session.add(row)
    db.session.flush()
    after = snapshot(row, AUDITED)
    if values.sensitive is not None and sensitivity_editable(module):
        forget_cached()
        category_settings.set_sensitivity(module, {code: values.sensitive}, actor)
        after["sensitive"] = category_settings.is_sensitive(module, code)
    record("create", "service_category", f"{module.code}.{code}", staff=actor, detail=values.name_id, after=after)
    forget_cached()
    return row


def update_category(actor: Any, module: ServiceModule, code: str, values: CategoryValues) -> bool:
    """Change a category; audited with before and after values when something changed (returned).
    New tickets follow the change; tickets already filed keep their title, agency and sensitivity."""
    if module.category(code, include_inactive=True) is None:
        message = _l("Kategori tidak dikenal di layanan itu.")
        raise Invalid(message, {"code": message})
    errors = _check_values(module, values)
    row = _materialise(module)[code]
    if is_fixed(module, code):
        # The module's code decides these: the form does not offer them, and a forged post is refused.
        if (values.agency_code or None) != row.agency_code:
            errors["agency_code"] = _l("Instansi kategori ini ditentukan oleh program layanan.")
        if values.urgent != row.urgent:
            errors["urgent"] = _l("Sifat mendesak kategori ini ditentukan oleh program layanan.")
        if not values.active:
            errors["active"] = _l("Kategori ini dipakai oleh program layanan dan tidak dapat dinonaktifkan.")
    elif not values.active and [c.code for c in module.categories] == [code]:
        # A module with no category could take no report on any channel: closing it is the module switch's.
        errors["active"] = _l("Layanan harus punya paling sedikit satu kategori aktif.")
    if errors:
        raise Invalid(_l("Kategori belum dapat disimpan; periksa isian yang ditandai."), errors)
    before = snapshot(row, AUDITED)
    wanted = {
        "name_id": values.name_id,
        "name_en": values.name_en,
        "agency_code": values.agency_code or None,
        "urgent": bool(values.urgent),
        "active": bool(values.active),
    }
    if sensitivity_editable(module) and values.sensitive is not None:
        before["sensitive"] = category_settings.is_sensitive(module, code)
        wanted["sensitive"] = bool(values.sensitive)
    old, new = changes(before, wanted)
    if not (old or new):
        return False  # nothing changed: the row keeps who changed it last, and when
    _apply(row, values, actor)
    db.session.flush()
    forget_cached()
    if "sensitive" in new:
        category_settings.set_sensitivity(module, {code: bool(values.sensitive)}, actor)
    record(
        "update", "service_category", f"{module.code}.{code}", staff=actor, detail=values.name_id, before=old, after=new
    )
    return True


def _check_values(module: ServiceModule, values: CategoryValues) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    for name in ("name_id", "name_en"):
        # Shown on every public page and channel: no NIK in it, however it was typed (issue 9).
        text = redact_nik(" ".join((getattr(values, name) or "").split()))
        setattr(values, name, text)
        if len(text) < NAME_MIN or len(text) > NAME_LENGTH:
            errors[name] = _l("Nama %(low)d sampai %(high)d karakter.", low=NAME_MIN, high=NAME_LENGTH)
    values.agency_code = (values.agency_code or "").strip() or None
    problem = agency_problem(module, values.agency_code)
    if problem:
        errors["agency_code"] = problem
    return errors


def agency_problem(module: ServiceModule, agency_code: str | None) -> object | None:
    """Why ``agency_code`` cannot answer the module's category, or None (None: the module's default)."""
    if agency_code is None:
        return None
    agency = db.session.execute(select(Agency).where(Agency.code == agency_code)).scalar_one_or_none()
    if agency is None or not agency.active:
        return _l("Instansi tidak dikenal atau tidak aktif: pilih dari daftar.")
    if module.care_root:
        root = db.session.execute(select(Agency).where(Agency.code == module.care_root)).scalar_one_or_none()
        if root is None or agency.id not in root.subtree_ids():
            return _l(
                "Laporan layanan ini berisi data kesehatan: pilih %(root)s atau salah satu unitnya.",
                root=root.name if root is not None else module.care_root,
            )
    return None


def _apply(row: ServiceCategory, values: CategoryValues, actor: Any) -> None:
    row.name_id, row.name_en = values.name_id, values.name_en
    row.agency_code = values.agency_code or None
    row.urgent, row.active = bool(values.urgent), bool(values.active)
    row.updated_by = getattr(actor, "id", None)
    row.updated_at = utcnow()


def _materialise(module: ServiceModule) -> dict[str, ServiceCategory]:
    """The module's rows by code, adding the defaults it lacks first (as seeding would), so an edit
    always has a row and the admins' order covers every category."""
    rows = {row.code: row for row in stored_rows(module.code)}
    missing = [c for c in module.default_categories if c.code not in rows]
    if missing:
        position = max((row.position for row in rows.values()), default=-1)
        for category in missing:
            position += 1
            rows[category.code] = row_from_default(module, category, position)
            db.session.add(rows[category.code])
        db.session.flush()
        forget_cached()
    return rows
