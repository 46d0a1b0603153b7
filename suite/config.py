"""Settings read from the environment (``SUITE_*``), with a safe embedded default.

Development runs on SQLite under ``instance/`` with secrets generated once and kept in
``instance/dev-secrets.json``; production (``SUITE_ENV=production``) refuses to start without
explicit secrets, because a silently generated NIK key would make stored NIKs unreadable on
the next host.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

DEFAULT_MODULES = ["lorong", "sehat", "babhar", "madul"]
REQUIRED_SECRETS = ("SECRET_KEY", "NIK_KEY")


class ConfigError(RuntimeError):
    """The application cannot start with the configuration it was given."""


def _env_list(value: str | None, default: list[str]) -> list[str]:
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def load_settings(instance_path: str, overrides: dict | None = None) -> dict:
    """Return the settings dict for ``create_app``; overrides win over the environment."""
    overrides = dict(overrides or {})
    env = os.environ
    settings = {
        "ENV_NAME": env.get("SUITE_ENV", "development"),
        "SECRET_KEY": env.get("SUITE_SECRET_KEY"),
        "NIK_KEY": env.get("SUITE_NIK_KEY"),
        "SQLALCHEMY_DATABASE_URI": env.get("SUITE_DATABASE_URL")
        or f"sqlite:///{Path(instance_path) / 'suite.db'}",
        "SUITE_MODULES": _env_list(env.get("SUITE_MODULES"), DEFAULT_MODULES),
        "UPLOAD_FOLDER": env.get("SUITE_UPLOAD_FOLDER") or str(Path(instance_path) / "uploads"),
        # Whole-request ceiling; single files are limited more tightly by the forms so that
        # the citizen gets the form back with what they typed instead of a bare 413.
        "MAX_CONTENT_LENGTH": int(env.get("SUITE_MAX_REQUEST_BYTES", 32 * 1024 * 1024)),
        "UPLOAD_MAX_BYTES": int(env.get("SUITE_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)),
        "UPLOAD_MAX_FILES": int(env.get("SUITE_UPLOAD_MAX_FILES", 4)),
        "REGENCY_CODE": env.get("SUITE_REGENCY_CODE", "35.28"),
        "REGENCY_NAME": env.get("SUITE_REGENCY_NAME", "Kabupaten Pamekasan"),
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
        "SUITE_LANGUAGES": ["id", "en"],
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("SUITE_ENV") == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "RATELIMIT_STORAGE_URI": env.get("SUITE_RATELIMIT_STORAGE_URL", "memory://"),
        "RATELIMIT_ENABLED": env.get("SUITE_RATELIMIT_ENABLED", "1") != "0",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Password guessing: sign-in attempts per client address.
        "LOGIN_RATE_LIMIT": env.get("SUITE_LOGIN_RATE_LIMIT", "10 per minute"),
        # Danger signs raised without an account (family form): each one pages midwives' phones.
        "FAMILY_DANGER_RATE_LIMIT": env.get("SUITE_FAMILY_DANGER_RATE_LIMIT", "30 per hour"),
        # Reverse proxies in front of the app: their X-Forwarded-For gives the client's address
        # (rate limits, the audit log's "from where"). 0 when the app faces clients directly.
        "PROXY_HOPS": int(env.get("SUITE_PROXY_HOPS", "0") or 0),
        # Outgoing and incoming channels; an empty setting switches the channel off.
        "SMTP_HOST": env.get("SUITE_SMTP_HOST", ""),
        "SMTP_PORT": int(env.get("SUITE_SMTP_PORT", 25)),
        "SMTP_USER": env.get("SUITE_SMTP_USER", ""),
        "SMTP_PASSWORD": env.get("SUITE_SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": env.get("SUITE_SMTP_STARTTLS", "0") == "1",
        "MAIL_FROM": env.get("SUITE_MAIL_FROM", "Layanan Warga <layanan@pamekasankab.go.id>"),
        "INTAKE_ADDRESS": env.get("SUITE_INTAKE_ADDRESS", "lapor@pamekasankab.go.id"),
        "MAIL_DEFAULT_MODULE": env.get("SUITE_MAIL_DEFAULT_MODULE", "madul"),
        "MAIL_DEFAULT_CATEGORY": env.get("SUITE_MAIL_DEFAULT_CATEGORY", "other"),
        "MAIL_SENDER_LIMIT_PER_HOUR": int(env.get("SUITE_MAIL_SENDER_LIMIT_PER_HOUR", 20)),
        "SMS_GATEWAY_URL": env.get("SUITE_SMS_GATEWAY_URL", ""),
        "SMS_GATEWAY_TOKEN": env.get("SUITE_SMS_GATEWAY_TOKEN", ""),
        "SMS_WEBHOOK_SECRET": env.get("SUITE_SMS_WEBHOOK_SECRET", ""),
        "WHATSAPP_API_URL": env.get("SUITE_WHATSAPP_API_URL", "https://graph.facebook.com/v21.0"),
        "WHATSAPP_PHONE_ID": env.get("SUITE_WHATSAPP_PHONE_ID", ""),
        "WHATSAPP_TOKEN": env.get("SUITE_WHATSAPP_TOKEN", ""),
        "WHATSAPP_APP_SECRET": env.get("SUITE_WHATSAPP_APP_SECRET", ""),
        "WHATSAPP_VERIFY_TOKEN": env.get("SUITE_WHATSAPP_VERIFY_TOKEN", ""),
    }
    settings.update(overrides)
    if isinstance(settings["SUITE_MODULES"], str):
        settings["SUITE_MODULES"] = _env_list(settings["SUITE_MODULES"], [])
    _fill_secrets(settings, instance_path)
    return settings


def _fill_secrets(settings: dict, instance_path: str) -> None:
    missing = [name for name in REQUIRED_SECRETS if not settings.get(name)]
    if not missing:
        return
    if settings["ENV_NAME"] == "production":
        names = ", ".join(f"SUITE_{name}" for name in missing)
        raise ConfigError(
            f"SUITE_ENV=production but {names} is not set. Set it in the environment; "
            "the suite never invents production secrets."
        )
    # Development: keep generated secrets on disk so NIKs encrypted today decrypt tomorrow.
    path = Path(instance_path) / "dev-secrets.json"
    stored = json.loads(path.read_text()) if path.exists() else {}
    for name in missing:
        if name not in stored:
            stored[name] = secrets.token_urlsafe(32)
        settings[name] = stored[name]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stored))
    path.chmod(0o600)
