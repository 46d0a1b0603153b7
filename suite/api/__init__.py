"""The JSON API under /api/v1, documented by an OpenAPI 3 document generated from its schemas."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from suite.extensions import csrf


class SuiteApi(Api):
    """flask-smorest's Api, with its JSON error handler kept to the API's own blueprints:
    the web portal keeps its HTML error pages."""

    def _register_error_handlers(self):
        pass


def init_api(app: Flask) -> SuiteApi:
    app.config.setdefault("API_TITLE", "Suite API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault(
        "API_SPEC_OPTIONS",
        {
            "info": {
                "description": "Citizens' apps and partner systems: modules, tickets, comments, ratings. "
                "Citizens authenticate with a bearer token from POST /api/v1/auth/token; "
                "partner systems with an API key in the X-API-Key header. Every create "
                "accepts an Idempotency-Key header."
            },
            "components": {
                "securitySchemes": {
                    "citizenToken": {"type": "http", "scheme": "bearer"},
                    "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                }
            },
        },
    )
    api = SuiteApi(app)
    from suite.api.views import blueprint

    csrf.exempt(blueprint)  # token- and key-authenticated, never cookie-authenticated
    api.register_blueprint(blueprint)
    app.extensions["suite_api"] = api
    return api
