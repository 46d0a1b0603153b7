"""Suite: a multi-channel citizen e-service suite for an Indonesian regency."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from flask import Flask

from suite.config import load_settings, make_private_dir
from suite.extensions import csrf, db, limiter, migrate

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(config_overrides: dict | None = None) -> Flask:
    """Build the application. ``config_overrides`` win over ``SUITE_*`` environment settings."""
    app = Flask(__name__, instance_path=os.environ.get("SUITE_INSTANCE_PATH") or None)
    make_private_dir(Path(app.instance_path))  # issue 9, item 13: database and secrets live here, owner-only
    app.config.from_mapping(load_settings(app.instance_path, config_overrides))
    from suite.privacy.redaction import install_log_filter  # issue 9: no NIK in any log line

    install_log_filter(app.logger)
    if app.config["PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        # Flask documents wrapping wsgi_app in middleware; its stubs declare it a method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    from suite import database  # noqa: F401  (SQLite pragmas and BEGIN IMMEDIATE)
    from suite.audit import models as _audit_models  # noqa: F401
    from suite.channels import models as _channel_models  # noqa: F401
    from suite.connectors import models as _connector_models  # noqa: F401  (issue 11, item 10)
    from suite.identity import models as _identity_models  # noqa: F401
    from suite.identity import working_areas as _working_areas  # noqa: F401
    from suite.notify import models as _notify_models  # noqa: F401
    from suite.sla import models as _sla_models  # noqa: F401
    from suite.sla import ticket_stats as _ticket_stats  # noqa: F401  (issue 12, item 11)
    from suite.standards import models as _standard_models  # noqa: F401  (issue 12, item 4)
    from suite.ticketing import categories as _categories  # noqa: F401  (issue 12, item 2)
    from suite.ticketing import category_settings as _category_settings  # noqa: F401
    from suite.ticketing import information_models as _information_models  # noqa: F401
    from suite.ticketing import models as _ticketing_models  # noqa: F401
    from suite.ticketing import module_state as _module_state  # noqa: F401  (issue 12, item 1)
    from suite.ticketing.routing import keywords as _routing_keywords  # noqa: F401
    from suite.operations import heartbeats as _heartbeats  # noqa: F401  (issue 13, item 6)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)

    from suite.i18n import init_i18n
    from suite.identity.auth import init_auth
    from suite.portal.intake import add_intake_routes
    from suite.registry import load_modules

    init_auth(app)
    load_modules(app, core_routes=(add_intake_routes,))  # before Babel: modules may add translation folders
    _categories.install_reader(app)  # issue 12, item 2: module.categories reads the category table
    init_i18n(app)

    from suite.admin.views import blueprint as admin_bp
    from suite.dashboard.views import blueprint as dashboard_bp
    from suite.identity.views import blueprint as accounts_bp
    from suite.portal.views import blueprint as portal_bp
    from suite.staff.views import blueprint as staff_bp

    app.register_blueprint(portal_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(dashboard_bp)
    from suite.identity.password_views import blueprint as passwords_bp  # issue 9, item 4: password change, reset
    from suite.staff.security_views import blueprint as second_factor_bp  # issue 9, item 4: staff second factor

    app.register_blueprint(passwords_bp)
    app.register_blueprint(second_factor_bp)
    from suite.privacy.views import blueprint as privacy_bp  # issue 9, item 12: data-subject rights

    app.register_blueprint(privacy_bp)
    from suite.channels.kiosk import blueprint as kiosk_bp
    from suite.channels.kiosk import kiosk_context

    app.register_blueprint(kiosk_bp)
    app.context_processor(kiosk_context)

    from suite.api import init_api
    from suite.channels import register_channels

    init_api(app)
    register_channels(app)
    from suite.connectors import register_connectors

    register_connectors(app)  # issue 11, item 10: forwarding to SP4N-LAPOR! and other systems

    from suite.cli import register_cli
    from suite.portal.errors import register_error_handlers
    from suite.portal.filters import register_filters

    register_cli(app)
    from suite.notify.listeners import connect as connect_notifications
    from suite.sla.listeners import connect as connect_deadlines

    connect_deadlines()  # first: the other listeners read the deadlines
    connect_notifications()
    register_error_handlers(app)
    from suite.security import init_security  # issue 9, items 2 and 6: headers, channel-shaped 429s

    init_security(app)
    register_filters(app)
    from suite.maps import init_maps

    init_maps(app)
    _refuse_untrusted_hosts_first(app)
    # Everything made at start-up (modules, templates, translations, the URL map) lives as long as
    # the process: moved out of the collector's sight, a full collection no longer walks it. That
    # walk put 100-200 ms into one request in thirty of the large staff reports (bench/stats_scale.py);
    # with the objects frozen the slowest of thirty is within 10 ms of the median.
    gc.freeze()
    return app


def _refuse_untrusted_hosts_first(app: Flask) -> None:
    """A request naming a host outside TRUSTED_HOSTS (suite.config) is a 400 before anything else:
    Flask only notes it as the routing error, and the hooks that run before routing (sessions,
    redirects, the kiosk) would otherwise trip over the missing URL adapter with a 500."""
    from flask import Response, request
    from werkzeug.exceptions import SecurityError

    def refuse():
        # Plain text: the error page itself builds URLs, which need the host refused here.
        if isinstance(request.routing_exception, SecurityError):
            return Response("400 Bad Request: unknown host\n", status=400, mimetype="text/plain")
        return None

    app.before_request_funcs.setdefault(None, []).insert(0, refuse)
