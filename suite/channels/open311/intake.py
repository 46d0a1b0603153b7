"""POST requests: an Open311 service request becomes a ticket through the same service as the
web form, with channel ``open311``. ``media_url`` is not fetched (see ``create_request``)."""

from __future__ import annotations

from flask_babel import force_locale

from suite.channels.intake import open_via_channel
from suite.channels.open311.catalogue import Service, find_service
from suite.channels.open311.definitions import DESA_ATTRIBUTE, attributes_for, read_attributes
from suite.channels.open311.formats import Open311Error
from suite.errors import DomainError, NotFound
from suite.identity.services import find_citizen_by_confirmed_phone
from suite.ticketing import module_state
from suite.ticketing.draft import TicketDraft
from suite.ticketing.services import IdempotencyKeyReused, OpenResult, RequestInFlight

CHANNEL = "open311"
DESA_PARAMETER = f"attribute[{DESA_ATTRIBUTE}]"
# The core's field names as the standard's parameters, for error descriptions.
_PARAMETERS = {
    "category": "service_code",
    "module": "service_code",
    "description": "description",
    "latitude": "lat",
    "longitude": "long",
}


def create_request(params: dict, attributes: dict, caller: str, idempotency_key: str | None = None) -> OpenResult:
    """Open a ticket for validated POST parameters and the posted ``attribute[code]`` values.

    With an ``Idempotency-Key`` (as on the JSON API), a repeat of the same request by the same
    key returns the first ticket (``created`` False); the key with another request is a 422, and
    a repeat while the first is still being written a 409.

    The reporter's name, email and phone go with the ticket as contact details; a phone that
    belongs to a citizen account links the ticket to that citizen. ``address_string`` is kept in
    the description; ``media_url``, ``device_id`` and ``account_id`` are ignored: the suite does
    not fetch files from third-party URLs. Raises Open311Error (400, or 404 for an unknown
    service, 503 for a service an admin closed, or 409/422 for an idempotency key as above); nothing is
    written then.
    """
    service = find_service(params["service_code"])
    if service is None:
        raise Open311Error(404, f"service_code: {params['service_code']} is not a service offered here.")
    if not module_state.is_open(service.module.code):
        raise _closed(service)
    posted, desa_parameter = dict(attributes), DESA_PARAMETER
    if not posted.get(DESA_ATTRIBUTE) and params.get("address_id"):
        # The standard's address_id is the desa's Kemendagri code here.
        posted[DESA_ATTRIBUTE], desa_parameter = params["address_id"], "address_id"
    values, errors = read_attributes(attributes_for(service.module), posted)
    if errors:
        raise Open311Error(
            400,
            *(f"{desa_parameter if name == DESA_PARAMETER else name}: {message}" for name, message in errors.items()),
        )
    desa_code = values.pop(DESA_ATTRIBUTE, None) or _single(posted.get(DESA_ATTRIBUTE))
    phone = params.get("phone")
    # Only a phone its owner proved links a partner's report to an account (as for SMS).
    citizen = find_citizen_by_confirmed_phone(phone) if phone else None
    draft = TicketDraft(
        category=service.category.code,
        description=_description(params),
        desa_code=desa_code,
        latitude=params.get("lat"),
        longitude=params.get("long"),
        extras=values,
        reporter=_reporter(params),
        # GeoReport v2 is for reporting problems at a place: every request is a complaint (issue 11,
        # item 9). Suggestions and information requests come through the web, the API or the desk.
        kind="complaint",
    )
    try:
        return open_via_channel(
            service.module.code, citizen, draft, CHANNEL, idempotency_key=idempotency_key, caller=caller
        )
    except module_state.ServiceClosed:
        raise _closed(service) from None
    except DomainError as error:
        raise Open311Error(_status_for(error), *_descriptions(error, service, desa_parameter)) from None


def _closed(service: Service) -> Open311Error:
    """503 with the citizen's closed message as is (in Indonesian): a partner app shows it to the
    person who was about to report (issue 12, item 1)."""
    message = module_state.closed_message(service.module)
    return Open311Error(503, f"service_code: {service.code} is closed to new requests (service_closed). {message}")


def _status_for(error: DomainError) -> int:
    """The standard's 400 for a refused request, with the JSON API's statuses for an unknown
    service and for idempotency keys (a client retrying must tell "wait" from "wrong key")."""
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, RequestInFlight):
        return 409
    if isinstance(error, IdempotencyKeyReused):
        return 422
    return 400


def _single(value) -> str | None:
    value = value[0] if isinstance(value, list) and value else value
    return (value.strip() or None) if isinstance(value, str) else None


def _description(params: dict) -> str:
    text = (params.get("description") or "").strip()
    place = (params.get("address_string") or "").strip()
    return f"{text}\n\nLokasi: {place}" if text and place else text


def _reporter(params: dict) -> dict | None:
    names = (params.get("first_name"), params.get("last_name"))
    contact = {
        "name": " ".join(part.strip() for part in names if part and part.strip()),
        "email": (params.get("email") or "").strip(),
        "phone": (params.get("phone") or "").strip(),
    }
    contact = {key: value for key, value in contact.items() if value}
    return contact or None


def _descriptions(error: DomainError, service: Service, desa_parameter: str) -> list[str]:
    """The refusal in English (machine clients), one line per field, named as the client sent it."""
    extras = set(service.module.extras_schema().fields)
    with force_locale("en"):
        if not error.errors:
            return [str(error.message)]
        lines = []
        for name, message in error.errors.items():
            if name == "desa_code":
                parameter = desa_parameter
            elif name in extras:
                parameter = f"attribute[{name}]"
            else:
                parameter = _PARAMETERS[name] if name in _PARAMETERS else str(name)
            lines.append(f"{parameter}: {message}")
        return lines
