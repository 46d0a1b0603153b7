"""Admin: each module's categories (issue 12, item 2). One screen edits everything a category is: its
names in both languages, agency, urgency, whether it takes new tickets, its sensitivity (where the
module lets an admin decide), its own response-time target and its routing keywords. The rules are
in ``suite.ticketing.category_admin``, ``suite.sla.targets`` and ``suite.ticketing.routing.keywords``;
the three are saved in one transaction, so a refusal of any keeps nothing."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from suite.admin import screens
from suite.admin.category_forms import TARGET_NUMBERS, CategoryForm
from suite.admin.views import blueprint
from suite.audit.services import record
from suite.database import write_transaction
from suite.errors import Invalid
from suite.extensions import db
from suite.identity.auth import staff_required
from suite.identity.models import Agency
from suite.registry import Category, ServiceModule, enabled_modules
from suite.sla.models import SlaTarget
from suite.sla.policy import target_for
from suite.sla.targets import create_target, find_target, target_label, update_target
from suite.ticketing.categories import default_names
from suite.ticketing.category_admin import (
    CategoryValues,
    create_category,
    is_fixed,
    sensitivity_editable,
    update_category,
)
from suite.ticketing.category_settings import is_sensitive
from suite.ticketing.routing.keywords import (
    keywords_for,
    parse_keywords,
    routed_categories,
    routing_modules,
    set_keywords,
    stored_keywords,
)

FIXED_FIELDS = ("agency_code", "urgent", "active")


@blueprint.route("/kategori")
@staff_required("admin")
def categories():
    modules = list(enabled_modules().values())
    targets = {
        (row.module, row.category): row
        for row in db.session.execute(
            select(SlaTarget).where(SlaTarget.kind.is_(None), SlaTarget.category.is_not(None))
        ).scalars()
    }
    agencies = dict(db.session.execute(select(Agency.code, Agency.short_name)).tuples().all())
    return render_template(
        "admin/categories.html",
        modules=modules,
        targets=targets,
        agencies=agencies,
        is_sensitive=is_sensitive,
        sensitivity_editable=sensitivity_editable,
        is_fixed=is_fixed,
    )


@blueprint.route("/kategori/<string(maxlength=30):module_code>/tambah", methods=["GET", "POST"])
@staff_required("admin")
def new_category(module_code: str):
    module = _module(module_code)
    if not module.categories_extendable:
        abort(404)
    form = _prepared(CategoryForm(), module, None)
    if form.validate_on_submit() and _targets_complete(form, None):
        code = (form.code.data or "").strip()
        if _save(form, module, code, creating=True):
            flash(_("Kategori ditambahkan. Laporan baru dapat memilihnya di semua kanal."), "success")
            return redirect(url_for(".categories", _anchor=f"module-{module.code}"))
    elif not form.is_submitted():
        form.active.data = True
        if "sensitive" in form:
            form.sensitive.data = is_sensitive(module, None)
        _fill_target(form, module, None)
    return _page(form, module, None)


@blueprint.route(
    "/kategori/<string(maxlength=30):module_code>/<string(maxlength=40):code>/ubah", methods=["GET", "POST"]
)
@staff_required("admin")
def edit_category(module_code: str, code: str):
    module = _module(module_code)
    category = module.category(code, include_inactive=True) or abort(404)
    form = _prepared(CategoryForm(), module, code)
    if form.validate_on_submit() and _targets_complete(form, find_target(module.code, code)):
        if _save(form, module, code, creating=False, current=category):
            flash(
                _("Kategori disimpan. Laporan baru mengikuti perubahan ini; laporan lama tetap seperti saat dibuat."),
                "success",
            )
            return redirect(url_for(".categories", _anchor=f"module-{module.code}"))
    elif not form.is_submitted():
        form.name_id.data, form.name_en.data = default_names(category)
        if not is_fixed(module, code):
            form.agency_code.data = category.agency_code or ""
            form.urgent.data, form.active.data = category.urgent, category.active
        if "sensitive" in form:
            form.sensitive.data = is_sensitive(module, code)
        if "keywords" in form:
            form.keywords.data = "\n".join(_keywords_of(module, code))
        _fill_target(form, module, code)
    return _page(form, module, category)


def _module(code: str) -> ServiceModule:
    return enabled_modules().get(code) or abort(404)


def _prepared(form: CategoryForm, module: ServiceModule, code: str | None) -> CategoryForm:
    """The form with the agency choices and without what this category does not offer."""
    default = db.session.execute(select(Agency).where(Agency.code == module.default_agency_code)).scalar_one_or_none()
    form.agency_code.choices = [
        ("", _("Bawaan layanan: %(agency)s", agency=default.name if default else module.default_agency_code))
    ] + [(a.code, a.name) for a in _agency_choices(module)]
    if code is not None:
        del form.code
        if is_fixed(module, code):
            for name in FIXED_FIELDS:
                delattr(form, name)
    if not sensitivity_editable(module):
        del form.sensitive
    if module not in routing_modules([module]):
        del form.keywords
    if code is not None and find_target(module.code, code) is not None:
        del form.own_target  # the category has its own row: the numbers are edited in place
    return form


def _agency_choices(module: ServiceModule) -> list[Agency]:
    """Active agencies, A to Z; for a health module only its care tree (the service refuses others)."""
    agencies = list(db.session.execute(select(Agency).where(Agency.active.is_(True)).order_by(Agency.name)).scalars())
    if module.care_root:
        root = next((a for a in agencies if a.code == module.care_root), None)
        inside = root.subtree_ids() if root is not None else set()
        agencies = [a for a in agencies if a.id in inside]
    return agencies


def _keywords_of(module: ServiceModule, code: str) -> list[str]:
    return list(keywords_for(module).get(code) or stored_keywords(module).get(code) or [])


def _fill_target(form: CategoryForm, module: ServiceModule, code: str | None) -> None:
    """The category's own target, or the one it follows now (module or regency), as a starting point."""
    row = find_target(module.code, code) if code else None
    source = row or target_for(module.code, code or "")
    for name in (*TARGET_NUMBERS, "calendar"):
        getattr(form, name).data = getattr(source, name)


def _wants_target(form: CategoryForm) -> bool:
    return "own_target" not in form or bool(form.own_target.data)


def _targets_complete(form: CategoryForm, row: SlaTarget | None) -> bool:
    """A target the form saves needs every number."""
    if row is None and not _wants_target(form):
        return True
    missing = [name for name in TARGET_NUMBERS if getattr(form, name).data is None]
    for name in missing:
        getattr(form, name).errors = [*getattr(form, name).errors, _("Wajib diisi.")]
    return not missing


def _save(
    form: CategoryForm, module: ServiceModule, code: str, creating: bool, current: Category | None = None
) -> bool:
    fixed = current is not None and is_fixed(module, code)
    values = CategoryValues(
        name_id=form.name_id.data or "",
        name_en=form.name_en.data or "",
        agency_code=current.agency_code if fixed and current else form.agency_code.data,
        urgent=current.urgent if fixed and current else bool(form.urgent.data),
        active=True if fixed else bool(form.active.data),
        sensitive=bool(form.sensitive.data) if "sensitive" in form else None,
    )
    try:
        with write_transaction():
            if creating:
                create_category(current_user, module, code, values)
            else:
                update_category(current_user, module, code, values)
            _save_target(form, module, code)
            _save_keywords(form, module, code)
    except Invalid as error:
        _show_errors(form, error)
        return False
    return True


def _save_target(form: CategoryForm, module: ServiceModule, code: str) -> None:
    row = find_target(module.code, code)
    numbers = {name: getattr(form, name).data for name in (*TARGET_NUMBERS, "calendar")}
    if row is not None:
        update_target(current_user, row, numbers)
    elif _wants_target(form):
        create_target(current_user, module.code, code, {**numbers, "note": None})


def _save_keywords(form: CategoryForm, module: ServiceModule, code: str) -> None:
    if "keywords" not in form or code not in {c.code for c in routed_categories(module)}:
        return  # a module that does not route by keywords, or a category that is no destination now
    try:
        changes = set_keywords(module, {code: parse_keywords(form.keywords.data or "")}, current_user)
    except Invalid as error:
        message = error.errors.get(code) or error.message
        raise Invalid(error.message, {"keywords": message}) from error
    for category, before, after in changes:
        record(
            "update",
            "routing_keywords",
            f"{module.code}.{category}",
            staff=current_user,
            detail=_keyword_summary(before, after),
            before={"keywords": before},
            after={"keywords": after},
        )


def _keyword_summary(before: list[str], after: list[str]) -> str:
    """What changed in a keyword list, for the audit entry's one line."""
    added = [k for k in after if k not in before]
    removed = [k for k in before if k not in after]
    return " ".join([*(f"+{k}" for k in added), *(f"-{k}" for k in removed)])[:200]


def _show_errors(form: CategoryForm, error: Invalid) -> None:
    """A refused change's messages beside the inputs they are about; the rest at the top."""
    loose = []
    for name, message in error.errors.items():
        if name in form:
            form[name].errors = [*form[name].errors, str(message)]
        else:
            loose.append(str(message))
    flash(" ".join([str(error.message), *loose]), "error")


def _page(form: CategoryForm, module: ServiceModule, category: Category | None):
    code = category.code if category else None
    own_target = find_target(module.code, code) if code else None
    return render_template(
        "admin/category_edit.html",
        form=form,
        module=module,
        category=category,
        fixed=bool(code and is_fixed(module, code)),
        own_target=own_target,
        inherited=None if own_target else target_label(target_for(module.code, code or "")),
    ), (422 if form.is_submitted() else 200)


screens.register(
    "admin.categories",
    _l("Kategori layanan"),
    _l("Kategori tiap layanan: nama, instansi, sifat mendesak dan rahasia, target waktu, kata kunci rute."),
    "services",
)
