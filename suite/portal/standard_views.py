"""The published service standards (issue 12, item 4): ``/standar-pelayanan`` lists every module's,
``/standar-pelayanan/<module>`` one module's with its categories that differ; no sign-in. Templates
everywhere may ask for a standard with ``service_standard(module_code, category_code=None)``."""

from __future__ import annotations

from flask import abort, render_template

from suite.portal.views import blueprint
from suite.registry import enabled_modules, get_module
from suite.standards import services


@blueprint.route("/standar-pelayanan")
def standards():
    shown = [services.published(code, detail=True) for code in enabled_modules()]
    return render_template("portal/standards.html", standards=[s for s in shown if s is not None])


@blueprint.route("/standar-pelayanan/<string(maxlength=30):module_code>")
def module_standard(module_code: str):
    module = get_module(module_code)
    standard = services.published(module_code, detail=True) if module is not None else None
    if standard is None:
        abort(404)
    own = [services.published(module_code, code) for code in services.category_overrides(module_code)]
    return render_template(
        "portal/module_standard.html",
        standard=standard,
        category_standards=[s for s in own if s is not None and s.category is not None],
    )


@blueprint.app_context_processor
def standard_helpers() -> dict:
    return {"service_standard": services.published}
