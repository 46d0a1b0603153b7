"""Settings read from the environment (``SUITE_*``), with a safe embedded default.

Development runs on SQLite under ``instance/`` with secrets generated once and kept in
``instance/dev-secrets.json``; production (``SUITE_ENV=production``) refuses to start without
explicit secrets, because a silently generated NIK key would make stored NIKs unreadable on
the next host.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import tempfile
from pathlib import Path

DEFAULT_MODULES = ["lorong", "sehat", "babhar", "madul"]
REQUIRED_SECRETS = ("SECRET_KEY", "NIK_KEY")
# Development's generated secrets, in the instance folder; check-deploy refuses them in production.
DEV_SECRETS_FILE = "dev-secrets.json"


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
        "SQLALCHEMY_DATABASE_URI": env.get("SUITE_DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'suite.db'}",
        "SUITE_MODULES": _env_list(env.get("SUITE_MODULES"), DEFAULT_MODULES),
        # Channels switched on (suite.channels.register_channels); unset means every channel.
        **({"SUITE_CHANNELS": _env_list(env["SUITE_CHANNELS"], [])} if "SUITE_CHANNELS" in env else {}),
        "UPLOAD_FOLDER": env.get("SUITE_UPLOAD_FOLDER") or str(Path(instance_path) / "uploads"),
        # Whole-request ceiling; single files are limited more tightly by the forms so that
        # the citizen gets the form back with what they typed instead of a bare 413.
        "MAX_CONTENT_LENGTH": int(env.get("SUITE_MAX_REQUEST_BYTES", 32 * 1024 * 1024)),
        "UPLOAD_MAX_BYTES": int(env.get("SUITE_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)),
        "UPLOAD_MAX_FILES": int(env.get("SUITE_UPLOAD_MAX_FILES", 4)),
        # Issue 12, item 6: the regency pack (a shipped pack's name or a folder path) gives the regency's
        # name and code, regions, outline, agencies and working areas (suite/reference/packs/README.md).
        # REGENCY_NAME and REGENCY_CODE are filled from it below; SUITE_REGENCY_NAME may reword the
        # name, SUITE_REGENCY_CODE, when set, must agree with the pack.
        "REGENCY_PACK": env.get("SUITE_REGENCY_PACK", "pamekasan"),
        "REGENCY_CODE": env.get("SUITE_REGENCY_CODE"),
        "REGENCY_NAME": env.get("SUITE_REGENCY_NAME"),
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
        "SUITE_LANGUAGES": ["id", "en"],
        # --- Issue 13, item 7: database connections that give up in seconds (docs/resilience.md) ---
        # The engine options are built from these below (suite/operations/db_connections.py). gunicorn
        # kills a worker after 30 s: each limit keeps one stuck step well inside that, so the request
        # ends as a 503 with Retry-After instead of a killed worker and a bare 502.
        # Connecting (TCP and the start-up exchange): a healthy server on the LAN answers in
        # milliseconds, a failover takes longer; 5 s leaves room for a busy server, not for a dead one.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},  # replaced below from the DB_* settings
        "DB_CONNECT_TIMEOUT": float(env.get("SUITE_DB_CONNECT_TIMEOUT", 5)),
        # Waiting for a connection from this process's pool: a sync gunicorn worker uses one at a
        # time, so waiting means a leak or a threaded server overloaded; SQLAlchemy's 30 s is gunicorn's.
        "DB_POOL_TIMEOUT": float(env.get("SUITE_DB_POOL_TIMEOUT", 5)),
        # One statement of a web request: every page reads in well under a second (bench/ targets
        # 100 ms at a million tickets); 10 s stops a runaway query while a request still fits in 30 s.
        "DB_STATEMENT_TIMEOUT": float(env.get("SUITE_DB_STATEMENT_TIMEOUT", 10)),
        # Waiting for a row another transaction locked: web writes hold locks for milliseconds, so
        # 5 s of waiting means something is stuck; the request answers 503 and the client retries.
        "DB_LOCK_TIMEOUT": float(env.get("SUITE_DB_LOCK_TIMEOUT", 5)),
        # A transaction left open without a statement (a hung worker): the server ends it after 60 s,
        # twice gunicorn's timeout, so its locks do not block everyone else.
        "DB_IDLE_IN_TRANSACTION_TIMEOUT": float(env.get("SUITE_DB_IDLE_IN_TRANSACTION_TIMEOUT", 60)),
        # Commands (`flask --app suite sla-sweep`, `stats-refresh --full`, `jobs`, `worker`, backups)
        # work in bulk and have no client waiting: 10 minutes each, and the same for an idle
        # transaction. Each process reads its own environment, so a unit may set any of these.
        "DB_COMMAND_STATEMENT_TIMEOUT": float(env.get("SUITE_DB_COMMAND_STATEMENT_TIMEOUT", 600)),
        "DB_COMMAND_IDLE_IN_TRANSACTION_TIMEOUT": float(env.get("SUITE_DB_COMMAND_IDLE_IN_TRANSACTION_TIMEOUT", 600)),
        # A peer gone without closing the connection: keepalive probes after 30 s idle, every 10 s,
        # 3 lost = dead (a minute in all); data sent and unacknowledged for 10 s ends the connection.
        "DB_KEEPALIVE_IDLE": int(env.get("SUITE_DB_KEEPALIVE_IDLE", 30)),
        "DB_KEEPALIVE_INTERVAL": int(env.get("SUITE_DB_KEEPALIVE_INTERVAL", 10)),
        "DB_KEEPALIVE_COUNT": int(env.get("SUITE_DB_KEEPALIVE_COUNT", 3)),
        "DB_TCP_USER_TIMEOUT": float(env.get("SUITE_DB_TCP_USER_TIMEOUT", 10)),
        # SQLite: how long a writer waits for another's lock. Was 30 s, gunicorn's whole timeout (a
        # waiting request was killed, not answered); 10 s leaves the rest of the request its time.
        "DB_SQLITE_BUSY_TIMEOUT": float(env.get("SUITE_DB_SQLITE_BUSY_TIMEOUT", 10)),
        # What a 503 for an unreachable database tells clients and gateways to wait (Retry-After):
        # a restart or failover takes seconds to a minute; 15 s retries soon without a stampede.
        "DB_RETRY_AFTER_SECONDS": int(env.get("SUITE_DB_RETRY_AFTER_SECONDS", 15)),
        # The outbox worker records its heartbeat at most this often (check-deploy reads it); its
        # idle loop runs every 2 s, which would otherwise be a write every 2 s for nothing.
        "WORKER_HEARTBEAT_SECONDS": float(env.get("SUITE_WORKER_HEARTBEAT_SECONDS", 30)),
        # After a failed round (database unreachable or read-only) the worker and the jobs wait this
        # long, doubling up to the maximum, before trying again: no log flood, quick recovery.
        "DB_RETRY_BACKOFF_SECONDS": float(env.get("SUITE_DB_RETRY_BACKOFF_SECONDS", 1)),
        "DB_RETRY_BACKOFF_MAX_SECONDS": float(env.get("SUITE_DB_RETRY_BACKOFF_MAX_SECONDS", 30)),
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("SUITE_ENV") == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        # --- Issue 9 items 2 and 6: rate-limit storage, intake limits, headers -------
        # Redis shared by every worker and host of the deployment; empty: each process counts in its
        # own memory (fine for development, a warning in production: N workers allow N times the limit).
        "REDIS_URL": env.get("SUITE_REDIS_URL", ""),
        # Explicit limiter storage (any `limits` URI), winning over SUITE_REDIS_URL when set.
        "RATELIMIT_STORAGE_URL": env.get("SUITE_RATELIMIT_STORAGE_URL", ""),
        # Prefix of every counter key; empty: derived from the database URL, so two deployments on
        # one Redis never share counters while the workers of one deployment always do.
        "RATELIMIT_KEY_PREFIX": env.get("SUITE_RATELIMIT_KEY_PREFIX", ""),
        # Redis down: count in each process's memory until it is back, rather than answer 500 on
        # every limited form (intake must not stop because a cache is down).
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # Registration POSTs per client address: mobile carriers' NAT and the village kiosks put many
        # honest citizens behind one address, and a registration takes minutes, so 20 an hour is far
        # above any kiosk's pace while a script (40 accounts in 26 s in the review) stops at once.
        "REGISTRATION_RATE_LIMIT": env.get("SUITE_REGISTRATION_RATE_LIMIT", "20 per hour;60 per day"),
        # Tickets opened per citizen (web, kiosk and API together): a resident reports a few problems a
        # day; more floods an agency's queue. Only tickets actually made count, not forms with errors.
        "TICKET_RATE_LIMIT_CITIZEN": env.get("SUITE_TICKET_RATE_LIMIT_CITIZEN", "10 per hour;30 per day"),
        # Tickets per partner API key: a partner app forwards many citizens' reports.
        "TICKET_RATE_LIMIT_API_KEY": env.get("SUITE_TICKET_RATE_LIMIT_API_KEY", "300 per hour"),
        # Open311 POST requests per api_key (a partner's volume, as above) and per client address
        # (one address trying many keys, or a partner's several keys behind one address).
        "OPEN311_RATE_LIMIT_API_KEY": env.get("SUITE_OPEN311_RATE_LIMIT_API_KEY", "300 per hour"),
        "OPEN311_RATE_LIMIT_ADDRESS": env.get("SUITE_OPEN311_RATE_LIMIT_ADDRESS", "600 per hour"),
        # Refused webhook requests (bad signature, stale timestamp, wrong verify token) per source
        # address: a gateway with the right secret is never refused, so 20 refusals in 10 minutes is a
        # misconfiguration or an attack; the address is then refused without checking signatures.
        "WEBHOOK_REFUSAL_LIMIT": env.get("SUITE_WEBHOOK_REFUSAL_LIMIT", "20 per 10 minutes"),
        # Redirect plain HTTP to HTTPS (and mark cookies Secure); on in production, off in development
        # and tests, which are served over plain HTTP. HSTS is sent only on requests that came over TLS.
        # Empty: on when ENV_NAME is production (suite/security/headers.py).
        "FORCE_HTTPS": {"1": True, "0": False}.get(env.get("SUITE_FORCE_HTTPS", "")),
        # HSTS lifetime: a year, the usual value for preload lists; lower it while first trying TLS.
        "HSTS_MAX_AGE": int(env.get("SUITE_HSTS_MAX_AGE", 365 * 86400)),
        # Static files are cached this long: their URLs carry a content hash, so a new version is a new URL.
        "STATIC_MAX_AGE": int(env.get("SUITE_STATIC_MAX_AGE", 365 * 86400)),
        # --- Issue 11: maps ------------------------------------------------------------------
        # The tile server every map uses, as a Leaflet URL template; its origin is added to the
        # Content-Security-Policy's img-src. OpenStreetMap's own servers by default (their tile usage
        # policy asks for attribution and modest use: a regency with heavy traffic runs its own or
        # pays a provider). Empty: maps draw the reports without a background.
        "MAP_TILE_URL": env.get("SUITE_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
        "MAP_TILE_ATTRIBUTION": env.get(
            "SUITE_MAP_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
        ),
        "MAP_MAX_ZOOM": int(env.get("SUITE_MAP_MAX_ZOOM", 19)),
        # Issue 11: open reports of the same kind within this distance of a new pin are shown before
        # submitting (to support instead of filing again) and count as likely duplicates.
        "NEARBY_RADIUS_METRES": int(env.get("SUITE_NEARBY_RADIUS_METRES", 100)),
        # Per signed-in citizen (suite/security/limits.py limit_nearby says why).
        "NEARBY_RATE_LIMIT": env.get("SUITE_NEARBY_RATE_LIMIT", "60 per 10 minutes;300 per day"),
        # The intake map's script shrinks photos to this longest side before upload (slow networks);
        # the server re-encodes them anyway (PHOTO_MAX_SIDE).
        "PHOTO_CLIENT_MAX_SIDE": int(env.get("SUITE_PHOTO_CLIENT_MAX_SIDE", 1600)),
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
        "MAIL_FROM": env.get("SUITE_MAIL_FROM"),  # default from the regency pack's domain
        "INTAKE_ADDRESS": env.get("SUITE_INTAKE_ADDRESS"),  # default from the regency pack's domain
        # The site's address (https://layanan.example.go.id) for links in messages sent from the CLI
        # (the SLA sweep's notices to staff); empty: the request's host, or a bare path (issue 12).
        "PUBLIC_URL": env.get("SUITE_PUBLIC_URL", ""),
        # The minute's sla-sweep records at most this many escalation stages and auto-closes at most
        # this many tickets per run (issue 13): a backlog drains over the next runs, each in seconds.
        "SLA_SWEEP_BATCH": int(env.get("SUITE_SLA_SWEEP_BATCH", 500)),
        "SLA_SWEEP_CLOSE_BATCH": int(env.get("SUITE_SLA_SWEEP_CLOSE_BATCH", 20)),
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
        # Outward connectors (issue 11, item 10): how long one call to SP4N-LAPOR! or another system may
        # take before the outbox tries again later (a slow remote must not hold a worker), and how many
        # forwarded tickets one `connector-pull` run asks about.
        "CONNECTOR_TIMEOUT_SECONDS": float(env.get("SUITE_CONNECTOR_TIMEOUT_SECONDS", 10)),
        "CONNECTOR_PULL_LIMIT": int(env.get("SUITE_CONNECTOR_PULL_LIMIT", 200)),
        # -- citizens' phone codes (issue 9, item 5) --
        # A code is good for 10 minutes: enough for an SMS that arrives late on a weak network in
        # the villages, short enough that a code read over someone's shoulder goes stale.
        "PHONE_CODE_TTL_MINUTES": int(env.get("SUITE_PHONE_CODE_TTL_MINUTES", 10)),
        # Wrong tries per code: 5 guesses of 6 digits leave a 1-in-200,000 chance.
        "PHONE_CODE_MAX_ATTEMPTS": int(env.get("SUITE_PHONE_CODE_MAX_ATTEMPTS", 5)),
        # Sends of one code (the first and two re-sends), at least a minute apart: SMS costs money
        # and a re-send too soon usually crosses the first message.
        "PHONE_CODE_MAX_SENDS": int(env.get("SUITE_PHONE_CODE_MAX_SENDS", 3)),
        "PHONE_CODE_RESEND_SECONDS": int(env.get("SUITE_PHONE_CODE_RESEND_SECONDS", 60)),
        # Codes and "someone tried to register" notices per phone per 24 hours, counted in the
        # database (all workers): nobody can use the suite to flood a number with SMS.
        "PHONE_MESSAGES_PER_DAY": int(env.get("SUITE_PHONE_MESSAGES_PER_DAY", 5)),
        # Code requests (re-sends) per client address, and code entries per client address: one
        # family or kiosk registers a few people; a script trying codes across flows stops here.
        "PHONE_CODE_RATE_LIMIT": env.get("SUITE_PHONE_CODE_RATE_LIMIT", "10 per hour"),
        "PHONE_CODE_CHECK_RATE_LIMIT": env.get("SUITE_PHONE_CODE_CHECK_RATE_LIMIT", "30 per hour"),
        # -- end of citizens' phone codes --
        # -- Issue 9 items 10 and 11: call-centre lookups, audit log -----------------
        # Lookups of callers by NIK or phone (and registrations, which also tell whether a NIK is
        # taken) per call-centre account: a busy operator takes 20-30 calls an hour, so 60 leaves
        # room while a stolen or misused account cannot walk the register.
        "CALL_CENTRE_LOOKUP_RATE_LIMIT": env.get("SUITE_CALL_CENTRE_LOOKUP_RATE_LIMIT", "60 per hour"),
        # -- end of issue 9, items 10 and 11 ---------------------------------------------------
        # -- staff second factor, password policy, change and reset (issue 9, item 4) --
        # "all": every staff account needs a TOTP code after its password (the default: any staff
        # account reads citizens' personal data); "privileged": only admins and health staff must.
        "STAFF_TOTP": env.get("SUITE_STAFF_TOTP", "all"),
        # The name an authenticator app shows beside the code.
        "TOTP_ISSUER": env.get("SUITE_TOTP_ISSUER"),  # default: "Layanan Warga <the pack's short name>"
        # Between the password and the code: long enough to open the app, short enough that a
        # half-signed-in browser left behind is useless soon.
        "TOTP_PENDING_SECONDS": int(env.get("SUITE_TOTP_PENDING_SECONDS", 300)),
        # Wrong codes that end a sign-in attempt (the password must be typed again): 5 guesses of a
        # 6-digit code leave a 1-in-200,000 chance.
        "TOTP_MAX_FAILURES": int(env.get("SUITE_TOTP_MAX_FAILURES", 5)),
        # Code attempts per account, across sign-in attempts and client addresses (a replayed
        # session cookie must not reset the count above).
        "TOTP_RATE_LIMIT": env.get("SUITE_TOTP_RATE_LIMIT", "20 per 10 minutes"),
        # Length: NIST SP 800-63B asks at least 8; longer for staff, who reach many citizens' data.
        # The maximum bounds the hashing work one request can cause.
        "PASSWORD_MIN_LENGTH_CITIZEN": int(env.get("SUITE_PASSWORD_MIN_LENGTH_CITIZEN", 10)),
        "PASSWORD_MIN_LENGTH_STAFF": int(env.get("SUITE_PASSWORD_MIN_LENGTH_STAFF", 12)),
        "PASSWORD_MAX_LENGTH": int(env.get("SUITE_PASSWORD_MAX_LENGTH", 128)),
        # A reset link is valid this long: enough to read an SMS or an email, short for a leaked link.
        "PASSWORD_RESET_MINUTES": int(env.get("SUITE_PASSWORD_RESET_MINUTES", 30)),
        # Reset requests per client address and per account: each one sends a message (cost, and
        # a nuisance to the account holder), and the form must not become a probe.
        "PASSWORD_RESET_RATE_LIMIT": env.get("SUITE_PASSWORD_RESET_RATE_LIMIT", "10 per hour"),
        "PASSWORD_RESET_ACCOUNT_RATE_LIMIT": env.get("SUITE_PASSWORD_RESET_ACCOUNT_RATE_LIMIT", "3 per hour"),
        # -- end staff second factor and passwords --
        # --- Issue 9 items 2 and 3: sessions that end, sign-in lock-out ---------------
        # Enforced by the server on every request (suite/identity/sessions.py). Citizens sign in from
        # their own phones, so a working day of idleness is tolerated, a week at most; staff screens
        # show other people's data, so they lock sooner; a kiosk is a public machine the next person
        # walks up to, so three idle minutes (the page's own countdown) and half an hour at most.
        "SESSION_CITIZEN_IDLE_SECONDS": int(env.get("SUITE_SESSION_CITIZEN_IDLE_SECONDS", 2 * 3600)),
        "SESSION_CITIZEN_ABSOLUTE_SECONDS": int(env.get("SUITE_SESSION_CITIZEN_ABSOLUTE_SECONDS", 7 * 86400)),
        "SESSION_STAFF_IDLE_SECONDS": int(env.get("SUITE_SESSION_STAFF_IDLE_SECONDS", 30 * 60)),
        "SESSION_STAFF_ABSOLUTE_SECONDS": int(env.get("SUITE_SESSION_STAFF_ABSOLUTE_SECONDS", 12 * 3600)),
        "SESSION_KIOSK_IDLE_SECONDS": int(env.get("SUITE_SESSION_KIOSK_IDLE_SECONDS", 180)),
        "SESSION_KIOSK_ABSOLUTE_SECONDS": int(env.get("SUITE_SESSION_KIOSK_ABSOLUTE_SECONDS", 30 * 60)),
        # last_seen_at is written at most this often per session, so a page view is not a write.
        # The idle timeout is therefore exact to within this many seconds.
        "SESSION_TOUCH_SECONDS": int(env.get("SUITE_SESSION_TOUCH_SECONDS", 60)),
        # The signed cookie itself stops being accepted after the longest absolute timeout; the
        # server-side record ends sessions sooner.
        "PERMANENT_SESSION_LIFETIME": int(env.get("SUITE_SESSION_CITIZEN_ABSOLUTE_SECONDS", 7 * 86400)),
        # Remember-me cookies are never issued (sign_in does not ask for one), and a session is only
        # accepted with a live server-side record, so a forged one would not sign anyone in either.
        "REMEMBER_COOKIE_DURATION": 0,
        # Per-account lock-out, on top of the per-address LOGIN_RATE_LIMIT: an attacker spreading
        # guesses over many addresses still gets only this many tries per account before a lock.
        # Five covers typos and a forgotten caps lock; the lock starts at 15 minutes and doubles
        # with each further lock (capped at a day), so a year of guessing yields a few thousand tries.
        "SIGN_IN_LOCK_THRESHOLD": int(env.get("SUITE_SIGN_IN_LOCK_THRESHOLD", 5)),
        "SIGN_IN_LOCK_SECONDS": int(env.get("SUITE_SIGN_IN_LOCK_SECONDS", 15 * 60)),
        "SIGN_IN_LOCK_MAX_SECONDS": int(env.get("SUITE_SIGN_IN_LOCK_MAX_SECONDS", 86400)),
        # A day without a failure forgets earlier failures and locks, so the doubling starts over.
        "SIGN_IN_FAILURE_MEMORY_SECONDS": int(env.get("SUITE_SIGN_IN_FAILURE_MEMORY_SECONDS", 86400)),
        # -- Issue 9, items 9 and 14: photos without metadata, bounded dates --------
        # Longest side of a stored photo: enough to read a street sign or a wound, a fraction of
        # a modern phone's 4000-6000 px, so storage and staff bandwidth stay small.
        "PHOTO_MAX_SIDE": int(env.get("SUITE_PHOTO_MAX_SIDE", 2048)),
        # JPEG quality of re-encoded photos: 85 keeps detail with no visible artefacts.
        "PHOTO_JPEG_QUALITY": int(env.get("SUITE_PHOTO_JPEG_QUALITY", 85)),
        # Decompression-bomb guard: a 5 MB file may claim gigapixels; 40 Mpx covers every phone camera.
        "PHOTO_MAX_PIXELS": int(env.get("SUITE_PHOTO_MAX_PIXELS", 40_000_000)),
        # Dates typed in query strings and forms: nothing in the suite predates 2000, and nothing
        # is planned more than a year ahead; outside that a date is a typo or an attack.
        "INPUT_DATE_MIN_YEAR": int(env.get("SUITE_INPUT_DATE_MIN_YEAR", 2000)),
        "INPUT_DATE_MAX_DAYS_AHEAD": int(env.get("SUITE_INPUT_DATE_MAX_DAYS_AHEAD", 366)),
        # Public outputs (Open311, status page) round a report's point to this many decimals:
        # 3 is about 110 m, enough to find the road, too coarse to point at one house.
        "PUBLIC_POINT_DECIMALS": int(env.get("SUITE_PUBLIC_POINT_DECIMALS", 3)),
        # -- end of issue 9, items 9 and 14 ------------------------------------------------------
        # --- Issue 9 items 12 and 13: keys, retention, data-subject rights ----------
        # NIK keys are versioned: SUITE_NIK_KEY is the current key, SUITE_NIK_KEY_VERSION its name (the
        # prefix of every ciphertext), SUITE_NIK_KEYS_PREVIOUS="v1:<old key>,..." keys still readable
        # until `flask --app suite rotate-nik-key` has re-encrypted everything (README, key rotation).
        "NIK_KEY_VERSION": env.get("SUITE_NIK_KEY_VERSION", "v1"),
        "NIK_KEYS_PREVIOUS": env.get("SUITE_NIK_KEYS_PREVIOUS", ""),
        # Rows re-encrypted per transaction: small enough that a rotation never holds long locks.
        "NIK_ROTATION_BATCH": int(env.get("SUITE_NIK_ROTATION_BATCH", 200)),
        # Retention (flask --app suite purge). Sent message bodies matter only while a delivery
        # can be disputed; a month covers the gateways' own delivery-report windows.
        "RETENTION_OUTBOX_BODY_DAYS": int(env.get("SUITE_RETENTION_OUTBOX_BODY_DAYS", 30)),
        # Reports held for a phone's confirmation: after expiry the code no longer works, a day of
        # grace lets support answer "I replied too late"; then the unconfirmed text goes.
        "RETENTION_HELD_REPORT_GRACE_DAYS": int(env.get("SUITE_RETENTION_HELD_REPORT_GRACE_DAYS", 1)),
        # Expired or revoked sign-in tokens: a month of trail for investigating a misuse, then gone.
        "RETENTION_EXPIRED_TOKEN_DAYS": int(env.get("SUITE_RETENTION_EXPIRED_TOKEN_DAYS", 30)),
        # Closed tickets keep their contact details and photos this long: the Ombudsman accepts a
        # complaint up to 2 years after the event (UU 37/2008 art. 24(1)(c)), plus a year of margin
        # for the yearly reports; afterwards reporter details and attachments are removed.
        "RETENTION_CLOSED_TICKET_YEARS": int(env.get("SUITE_RETENTION_CLOSED_TICKET_YEARS", 3)),
        # Re-entering the password opens the full data page (NIK in clear) for this long only.
        "PRIVACY_REAUTH_SECONDS": int(env.get("SUITE_PRIVACY_REAUTH_SECONDS", 300)),
        # --- Issue 9 item 1: NIK never at rest in clear, inbound retention -----------
        # Received SMS/WhatsApp/email text (already NIK-redacted) is kept this long, then blanked
        # (suite.channels.retention). What a message asked for lives on in its ticket; the raw text
        # only serves an operator checking how a message was read, and a citizen's "I texted and
        # nobody answered" reaches the service desk within weeks: a quarter covers that and the
        # quarterly service reports. The (channel, external id) stays, so gateway retries stay harmless.
        "INBOUND_RETENTION_DAYS": int(env.get("SUITE_INBOUND_RETENTION_DAYS", 90)),
        # --- Issue 12, item 3: a staff invitation link works this long (three days: a weekend) ---
        "STAFF_INVITATION_HOURS": int(env.get("SUITE_STAFF_INVITATION_HOURS", 72)),
        # Host names the app answers to besides PUBLIC_URL's (comma-separated); see _trusted_hosts.
        "EXTRA_TRUSTED_HOSTS": _env_list(env.get("SUITE_TRUSTED_HOSTS"), []),
    }
    settings.update(overrides)
    if "SQLALCHEMY_ENGINE_OPTIONS" not in overrides:  # issue 13, item 7: timeouts for the database URL
        from suite.operations.db_connections import engine_options

        settings["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(settings)
    if isinstance(settings["SUITE_MODULES"], str):
        settings["SUITE_MODULES"] = _env_list(settings["SUITE_MODULES"], [])
    _apply_pack(settings, env)
    _fill_secrets(settings, instance_path)
    if "TRUSTED_HOSTS" not in overrides:
        settings["TRUSTED_HOSTS"] = _trusted_hosts(settings)
    return settings


LOCAL_HOSTS = ["localhost", "127.0.0.1", "::1"]


def _trusted_hosts(settings: dict) -> list[str]:
    """The Host names Flask accepts (TRUSTED_HOSTS; any other is a 400 before a view runs).

    Links the suite sends (password reset, staff invitations, staff notices) are absolute, and a
    link built from whatever Host a request claims sends staff and citizens to an attacker's site
    (found in review, issue 12). So the host is pinned: PUBLIC_URL's, plus SUITE_TRUSTED_HOSTS, plus
    this machine's own names for the demo and the tests. A deployment sets SUITE_PUBLIC_URL."""
    from urllib.parse import urlsplit

    hosts = list(LOCAL_HOSTS)
    public = urlsplit(settings.get("PUBLIC_URL") or "").hostname
    if public:
        hosts.append(public)
    return hosts + [h for h in settings.get("EXTRA_TRUSTED_HOSTS", []) if h]


def _apply_pack(settings: dict, env) -> None:
    """Read and check the regency pack (issue 12, item 6); a pack that cannot be used stops the start
    with every problem listed. Fills the regency's name and code and the defaults named after it."""
    from suite.reference import packs  # plain Python; importing here keeps config free of the data files

    folder = packs.resolve(settings["REGENCY_PACK"])
    try:
        pack = packs.load_pack(str(folder))
    except packs.PackError as error:
        raise ConfigError(str(error)) from None
    settings["REGENCY_PACK"] = str(folder)
    if settings.get("REGENCY_CODE") and settings["REGENCY_CODE"] != pack.code:
        raise ConfigError(
            f"SUITE_REGENCY_CODE={settings['REGENCY_CODE']} but the regency pack {folder} is {pack.code}; "
            "the code comes from the pack (unset SUITE_REGENCY_CODE or choose the right pack)."
        )
    settings["REGENCY_CODE"] = pack.code
    settings["REGENCY_NAME"] = settings.get("REGENCY_NAME") or pack.name
    domain = pack.domain or "localhost"
    settings["MAIL_FROM"] = settings.get("MAIL_FROM") or f"Layanan Warga <layanan@{domain}>"
    settings["INTAKE_ADDRESS"] = settings.get("INTAKE_ADDRESS") or f"lapor@{domain}"
    settings["TOTP_ISSUER"] = settings.get("TOTP_ISSUER") or f"Layanan Warga {pack.short_name}"
    settings.setdefault("OPEN311_JURISDICTION", env.get("SUITE_OPEN311_JURISDICTION") or domain)
    if pack.map_center is not None:
        settings.setdefault("MAP_CENTER", pack.map_center)


def _fill_secrets(settings: dict, instance_path: str) -> None:
    from suite.identity import keys  # pure functions; importing here keeps config free of Flask state

    settings["NIK_KEYS_PREVIOUS"] = keys.parse_previous_keys(settings.get("NIK_KEYS_PREVIOUS"))
    keys.check_versions(settings["NIK_KEY_VERSION"], settings["NIK_KEYS_PREVIOUS"])
    missing = [name for name in REQUIRED_SECRETS if not settings.get(name)]
    if settings["ENV_NAME"] == "production":
        if missing:
            names = ", ".join(f"SUITE_{name}" for name in missing)
            raise ConfigError(
                f"SUITE_ENV=production but {names} is not set. Set it in the environment; "
                "the suite never invents production secrets."
            )
        keys.check_strength(settings)
        return
    if not missing:
        return
    # Development: keep generated secrets on disk so NIKs encrypted today decrypt tomorrow. Two
    # commands started at once (web server and worker) must agree: read and write under a lock,
    # write a temporary file and rename it, so nobody ever reads a half-written file.
    folder = make_private_dir(Path(instance_path))
    path = folder / DEV_SECRETS_FILE
    with open(folder / "dev-secrets.lock", "a") as lock:
        os.chmod(lock.name, 0o600)
        fcntl.flock(lock, fcntl.LOCK_EX)
        stored = json.loads(path.read_text()) if path.exists() else {}
        added = [name for name in missing if name not in stored]
        for name in added:
            stored[name] = secrets.token_urlsafe(32)
        if added or (path.stat().st_mode & 0o077):
            _write_private(path, json.dumps(stored))
    for name in missing:
        settings[name] = stored[name]


def make_private_dir(path: Path) -> Path:
    """Create a folder only its owner may enter (0700); an existing folder is left as it is."""
    if not path.exists():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path, 0o700)  # mkdir's mode is filtered by the umask
    return path


def _write_private(path: Path, text: str) -> None:
    """Replace ``path`` atomically with a 0600 file holding ``text``."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(handle, "w") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
