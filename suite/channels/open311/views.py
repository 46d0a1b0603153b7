"""Open311 GeoReport v2 under ``/open311``: each view loads its parameters, calls one function
and renders JSON or XML; refusals use the standard's error list and status codes."""

from __future__ import annotations

from flask import Blueprint, current_app, request, url_for
from werkzeug.exceptions import HTTPException

from suite.channels.open311.auth import authorised_key
from suite.channels.open311.catalogue import catalogue_changeset, find_service, service_list, service_notice
from suite.channels.open311.definitions import attributes_for, definition_payload
from suite.channels.open311.discovery import discovery_document
from suite.channels.open311.formats import Open311Error, format_of_path, render, render_error
from suite.channels.open311.intake import create_request
from suite.channels.open311.publishing import describe_requests
from suite.channels.open311.schemas import NewRequestSchema, RequestSearchSchema, load, posted_attributes
from suite.channels.open311.search import find_requests, published_ticket
from suite.database import utcnow
from suite.registry import get_module
from suite.security.limits import limit_open311_address, limit_open311_key

blueprint = Blueprint("open311", __name__, url_prefix="/open311")
FMT = "<any(json, xml):fmt>"
DEFAULT_JURISDICTION = "pamekasankab.go.id"


def jurisdiction() -> str:
    return current_app.config.get("OPEN311_JURISDICTION", DEFAULT_JURISDICTION)


@blueprint.before_request
def _check_jurisdiction():
    # Optional for an endpoint serving one jurisdiction, but a wrong one is an error.
    given = (request.values.get("jurisdiction_id") or "").strip()
    if given and request.endpoint != "open311.discovery" and given.lower() != jurisdiction().lower():
        raise Open311Error(404, f"jurisdiction_id: {given} is not served here; this endpoint serves {jurisdiction()}.")


@blueprint.errorhandler(Open311Error)
def _refused(error: Open311Error):
    return render_error(_requested_format(), error)


@blueprint.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    status = error.code or 500
    text = "Internal error; nothing was saved. Try again later." if status >= 500 else error.description or error.name
    return render_error(_requested_format(), Open311Error(status, text))


def _requested_format() -> str:
    return (request.view_args or {}).get("fmt") or format_of_path(request.path)


@blueprint.get(f"/discovery.{FMT}")
def discovery(fmt: str):
    endpoint_url = url_for(".services", fmt="xml", _external=True).rsplit("/", 1)[0]
    document = discovery_document(
        endpoint_url,
        catalogue_changeset(),
        production=current_app.config.get("ENV_NAME") == "production",
        regency_name=current_app.config.get("REGENCY_NAME", ""),
        site_url=url_for("portal.home", _external=True),
    )
    return render(fmt, "discovery", document)


@blueprint.get(f"/v2/services.{FMT}")
def services(fmt: str):
    return render(fmt, "services", service_list())


@blueprint.get(f"/v2/services/<service_code>.{FMT}")
def service_definition(service_code: str, fmt: str):
    service = find_service(service_code)
    if service is None:
        raise Open311Error(404, f"service_code: {service_code} is not a service offered here.")
    return render(fmt, "service_definition", definition_payload(service.code, attributes_for(service.module)))


@blueprint.post(f"/v2/requests.{FMT}")
@limit_open311_key  # issue 9, item 2: per api_key and per client address
@limit_open311_address
def create(fmt: str):
    key = authorised_key(request.values.get("api_key"), request.remote_addr)
    if key is None:
        raise Open311Error(
            403, "api_key: Missing, invalid or revoked; POST requests need an API key issued by this service."
        )
    params = load(NewRequestSchema(), request.values)
    result = create_request(
        params,
        posted_attributes(request.values),
        caller=f"api_key:{key.id}",
        idempotency_key=request.headers.get("Idempotency-Key"),
    )
    ticket = result.ticket
    receipt = {
        "service_request_id": ticket.code,
        "service_notice": service_notice(get_module(ticket.module)),
        "account_id": None,
    }
    response = render(fmt, "service_requests", [receipt])
    if not result.created:
        response.headers["Idempotent-Replayed"] = "true"  # as the JSON API marks a replay
    return response


@blueprint.get(f"/v2/requests.{FMT}")
def requests(fmt: str):
    filters = load(RequestSearchSchema(), request.args)
    return render(fmt, "service_requests", describe_requests(find_requests(filters, utcnow())))


@blueprint.get(f"/v2/requests/<service_request_id>.{FMT}")
def one_request(service_request_id: str, fmt: str):
    ticket = published_ticket(service_request_id)
    if ticket is None:
        raise Open311Error(404, f"service_request_id: {service_request_id} not found.")
    return render(fmt, "service_requests", describe_requests([ticket]))


@blueprint.get(f"/v2/tokens/<token>.{FMT}")
def token(token: str, fmt: str):
    # Requests are realtime: the token is the tracking code itself.
    ticket = published_ticket(token)
    if ticket is None:
        raise Open311Error(404, f"token: {token} not found.")
    return render(fmt, "service_requests", [{"service_request_id": ticket.code, "token": token}])


@blueprint.route("/<path:rest>", methods=["GET", "POST"])
def unknown(rest: str):
    raise Open311Error(404, f"No Open311 resource at {request.path} for {request.method}; formats are .json and .xml.")
