"""Admin page: the keywords that route a complaint to a category (and so to its agency), per module
that routes by keywords (issue 11, item 8). A sentence can be tried against them before saving."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from suite.admin.views import blueprint
from suite.audit.services import record
from suite.database import write_transaction
from suite.errors import Invalid
from suite.identity.auth import staff_required
from suite.registry import enabled_modules
from suite.ticketing.routing import index_for
from suite.ticketing.routing.keywords import (
    keywords_for,
    parse_keywords,
    routed_categories,
    routing_modules,
    set_keywords,
    stored_keywords,
)

TRY_TEXT_LENGTH = 2000


class RoutingKeywordsForm(FlaskForm):
    """CSRF only: the text areas (``keywords-<category>``) follow the module's categories."""


@blueprint.route("/kata-kunci-rute", methods=["GET", "POST"])
@staff_required("admin")
def routing_keywords():
    form = RoutingKeywordsForm()
    modules = routing_modules(enabled_modules().values())
    errors: dict[str, str] = {}
    typed: dict[str, str] = {}
    if form.validate_on_submit():
        module = next((m for m in modules if m.code == request.form.get("module")), None)
        if module is None:
            flash(_("Layanan tidak dikenal."), "error")
            return redirect(url_for(".routing_keywords"))
        wanted, typed = _wanted(module)
        try:
            with write_transaction():
                changes = set_keywords(module, wanted, current_user)
                for category, before, after in changes:
                    record(
                        "update",
                        "routing_keywords",
                        f"{module.code}.{category}",
                        staff=current_user,
                        detail=_summary(before, after),
                        before={"keywords": before},
                        after={"keywords": after},
                    )
        except Invalid as error:
            errors = {f"{module.code}.{code}": str(message) for code, message in error.errors.items()}
            flash(str(error.message), "error")
        else:
            saved = _("Kata kunci disimpan. Laporan baru mengikuti kata kunci ini.")
            flash(saved if changes else _("Tidak ada perubahan."), "success")
            return redirect(url_for(".routing_keywords"))
    return _page(form, modules, errors=errors, typed=typed)


@blueprint.route("/kata-kunci-rute/coba", methods=["POST"])
@staff_required("admin")
def try_routing():
    """Show where a sentence would go with the keywords as they are saved; nothing is stored."""
    form = RoutingKeywordsForm()
    modules = routing_modules(enabled_modules().values())
    module = next((m for m in modules if m.code == request.form.get("module")), None)
    text = (request.form.get("text") or "")[:TRY_TEXT_LENGTH]
    if not form.validate_on_submit() or module is None or not text.strip():
        flash(_("Tulis kalimat yang ingin dicoba."), "error")
        return _page(form, modules, status=422)
    matches = index_for(module).matches(text)
    trial = {"module": module, "text": text, "matches": matches, "suggestion": module.suggest_classification(text)}
    return _page(form, modules, trial=trial)


def _wanted(module) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The lists the admin sent (or a category's defaults, for "back to defaults"), and the raw text."""
    defaults = module.default_routing_keywords()
    reset = request.form.get("reset")
    if reset:
        return ({reset: list(defaults.get(reset, []))} if reset in defaults else {}), {}
    typed = {
        c.code: request.form.get(f"keywords-{c.code}", "")
        for c in routed_categories(module)
        if f"keywords-{c.code}" in request.form
    }
    return {code: parse_keywords(raw) for code, raw in typed.items()}, {
        f"{module.code}.{code}": raw for code, raw in typed.items()
    }


def _summary(before: list[str], after: list[str]) -> str:
    added = [k for k in after if k not in before]
    removed = [k for k in before if k not in after]
    return " ".join([*(f"+{k}" for k in added), *(f"-{k}" for k in removed)])[:200]


def _page(form, modules, errors=None, typed=None, trial=None, status=None):
    return render_template(
        "admin/routing_keywords.html",
        form=form,
        modules=modules,
        routed_categories=routed_categories,
        keywords_for=keywords_for,
        stored_keywords=stored_keywords,
        errors=errors or {},
        typed=typed or {},
        trial=trial,
    ), status or (422 if errors else 200)
