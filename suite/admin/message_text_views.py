"""Admin: the wording of the messages the suite sends citizens and staff (issue 12, item 3). Each
message keeps its default in code; an admin's wording per language replaces it until reset.
Rules (placeholders, SMS length) in ``suite.notify.message_texts``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Optional

from suite.admin import screens
from suite.admin.views import blueprint
from suite.database import write_transaction
from suite.errors import Invalid
from suite.identity.auth import staff_required
from suite.notify import message_texts
from suite.notify.message_catalogue import DEFINITIONS, LANGUAGES, PLACEHOLDERS, MessageDefinition

LANGUAGE_NAMES = {"id": _l("Bahasa Indonesia"), "en": _l("Bahasa Inggris")}


class MessageTextForm(FlaskForm):
    body = TextAreaField(_l("Teks pesan"), validators=[Optional()], render_kw={"rows": 4})


@blueprint.route("/teks-pesan")
@staff_required("admin")
def message_texts_page():
    return render_template(
        "admin/message_texts.html",
        definitions=list(DEFINITIONS.values()),
        languages=LANGUAGES,
        language_names=LANGUAGE_NAMES,
        overrides=message_texts.overrides(),
        default_text=message_texts.default_text,
    )


@blueprint.route("/teks-pesan/<text_key>/<language>", methods=["GET", "POST"])
@staff_required("admin")
def edit_message_text(text_key: str, language: str):
    definition = _definition(text_key, language)
    stored = message_texts.stored(definition.key, language)
    default = message_texts.default_text(definition, language)
    form = MessageTextForm()
    if not form.is_submitted():
        form.body.data = stored if stored is not None else default
    shown = None
    if form.validate_on_submit():
        try:
            if request.form.get("action") == "preview":  # nothing is stored
                text = message_texts.check(definition, form.body.data or "")
                shown = message_texts.preview(definition, text)
            else:
                with write_transaction():
                    changed = message_texts.save(current_user, definition, language, form.body.data or "")
                flash(
                    _("Teks pesan disimpan. Pesan berikutnya memakai teks ini.")
                    if changed
                    else _("Tidak ada perubahan."),
                    "success",
                )
                return redirect(url_for(".message_texts_page"))
        except Invalid as error:
            form.body.errors = [*form.body.errors, str(error.errors.get("body", error.message))]
    typed = form.body.data or ""
    return render_template(
        "admin/message_text_edit.html",
        form=form,
        definition=definition,
        language=language,
        language_name=LANGUAGE_NAMES[language],
        stored=stored,
        default=default,
        placeholders=PLACEHOLDERS,
        shown=shown,
        length=len(message_texts.preview(definition, typed)),
        sms_limit=message_texts.SMS_LIMIT,
        sms_parts=message_texts.sms_parts,
    ), (422 if form.errors else 200)


@blueprint.route("/teks-pesan/<text_key>/<language>/bawaan", methods=["POST"])
@staff_required("admin")
def reset_message_text(text_key: str, language: str):
    definition = _definition(text_key, language)
    if not FlaskForm().validate_on_submit():
        abort(400)
    with write_transaction():
        changed = message_texts.reset(current_user, definition, language)
    flash(_("Teks bawaan dipakai lagi.") if changed else _("Teks ini sudah memakai bawaan."), "success")
    return redirect(url_for(".message_texts_page"))


def _definition(key: str, language: str) -> MessageDefinition:
    definition = DEFINITIONS.get(key)
    if definition is None or language not in LANGUAGES:
        abort(404)
    return definition


screens.register(
    "admin.message_texts_page",
    _l("Teks pesan"),
    _l("Kata-kata SMS, WhatsApp dan email yang dikirim ke warga dan petugas, dengan pratinjau."),
    "rules",
)
