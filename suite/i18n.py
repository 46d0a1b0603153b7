"""Bahasa Indonesia by default, English selectable; times shown in WIB."""

from __future__ import annotations

import sys
from pathlib import Path

from flask import Flask, current_app, has_request_context, session

from suite.extensions import babel


def select_locale() -> str:
    if has_request_context() and session.get("lang") in current_app.config["SUITE_LANGUAGES"]:
        return session["lang"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_i18n(app: Flask) -> None:
    folders = [str(Path(__file__).parent / "translations")]
    for module in enabled_modules_of(app):
        source = sys.modules[type(module).__module__].__file__
        if source is None:  # a namespace package: no folder to hold translations
            continue
        folder = Path(source).parent / "translations"
        if folder.is_dir():
            folders.append(str(folder))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(folders)
    babel.init_app(app, locale_selector=select_locale)
    register_context(app)


def enabled_modules_of(app: Flask):
    return app.extensions.get("suite_modules", {}).values()


def register_context(app: Flask) -> None:
    from flask_babel import get_locale

    @app.context_processor
    def _language():
        return {"current_lang": lambda: str(get_locale() or "id")}
