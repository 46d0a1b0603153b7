"""/api/v1: thin adapters over the same services every other channel uses."""

from __future__ import annotations

from flask import g, request
from flask.views import MethodView
from flask_babel import force_locale
from flask_smorest import Blueprint, abort
from flask_smorest.error_handler import ErrorSchema
from werkzeug.exceptions import HTTPException

from suite.api import schemas
from suite.api.auth import citizen_caller, current_caller
from suite.api.errors import abort_with, json_error
from suite.api.guards import caller_required
from suite.channels.credentials import issue_citizen_token, revoke_citizen_token
from suite.channels.intake import open_via_channel, ticket_by_code
from suite.database import write_transaction
from suite.errors import DomainError
from suite.extensions import db, limiter
from suite.identity.auth import login_rate_limit
from suite.identity.lockout import SignInLocked, sign_in_citizen
from suite.registry import enabled_modules, get_module
from suite.security.limits import limit_api_citizen_tickets, limit_api_key_tickets
from suite.ticketing import citizen_actions, kinds, module_state, repair
from suite.ticketing.draft import TicketDraft
from suite.ticketing.services import comment_as_citizen, public_events

blueprint = Blueprint("api", __name__, url_prefix="/api/v1", description="Suite JSON API")


@blueprint.errorhandler(HTTPException)
def _json_error(error):
    """API errors are JSON (flask-smorest's format), whatever the web portal does."""
    return json_error(error)


IDEMPOTENCY_HEADER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "maxLength": 100},
    "description": "A client-made UUID: a retry with the same key returns the first result.",
}


@blueprint.route("/modules")
class Modules(MethodView):
    @blueprint.response(200, schemas.ModuleSchema(many=True))
    def get(self):
        """Enabled service modules, their categories and extra fields."""
        return [_describe_module(m) for m in enabled_modules().values()]


@blueprint.route("/auth/token")
class Tokens(MethodView):
    # Per client address, like the web sign-in; the per-account lock-out is in sign_in_citizen.
    decorators = [limiter.limit(login_rate_limit, methods=["POST"])]

    @blueprint.arguments(schemas.TokenRequestSchema)
    @blueprint.response(201, schemas.TokenSchema)
    @blueprint.alt_response(429, schema=ErrorSchema, description="Too many failed sign-ins; see Retry-After.")
    def post(self, data):
        """Sign a citizen in with NIK or phone and password; returns a bearer token (30 days)."""
        try:
            with write_transaction():  # a failure is counted even though nothing else changes
                citizen = sign_in_citizen(
                    data["identifier"], data["password"], source="api:token", address=request.remote_addr
                )
        except SignInLocked as locked:
            abort(
                429,
                message="Terlalu banyak percobaan masuk yang gagal. Coba lagi nanti.",
                headers={"Retry-After": str(locked.retry_after)},
            )
        if citizen is None:
            abort(401, message="NIK/nomor HP atau kata sandi salah.")
        with write_transaction():
            token = issue_citizen_token(db.session.merge(citizen))
        return {"token": token, "expires_in_days": 30}

    @blueprint.response(204)
    @blueprint.doc(security=[{"citizenToken": []}])
    def delete(self):
        """Sign out: revoke the bearer token used for this request."""
        citizen_caller()
        with write_transaction():
            revoke_citizen_token(request.headers["Authorization"][7:])


@blueprint.route("/tickets")
class Tickets(MethodView):
    # Issue 9, item 2: tickets made per citizen (shared with the web forms) and per API key.
    decorators = [limit_api_citizen_tickets, limit_api_key_tickets]

    @caller_required()
    @blueprint.arguments(schemas.TicketCreateSchema)
    @blueprint.response(201, schemas.TicketSchema)
    @blueprint.doc(security=[{"citizenToken": []}, {"apiKey": []}], parameters=[IDEMPOTENCY_HEADER])
    @blueprint.alt_response(
        429, schema=ErrorSchema, description="Too many tickets from this citizen or API key; see Retry-After."
    )
    @blueprint.alt_response(
        503,
        schema=ErrorSchema,
        description="The module is closed to new tickets: errors.reason is service_closed, message says so.",
    )
    def post(self, data):
        """Open a ticket in any module; the module's extra fields are validated by its schema."""
        caller = g.api_caller
        if get_module(data["module"]) is None:
            abort(422, message="Layanan tidak dikenal.", errors={"json": {"module": ["Layanan tidak dikenal."]}})
        reporter = data.get("reporter") if caller.api_key else None
        draft = TicketDraft(
            category=data["category"],
            description=data["description"],
            kind=data["kind"],
            desa_code=data["desa_code"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            extras=data["extras"],
            anonymous=data["anonymous"],
            confidential=data["confidential"],
            reporter=reporter,
        )
        views: list[dict] = []
        try:
            result = open_via_channel(
                data["module"],
                caller.citizen,
                draft,
                channel="api",
                idempotency_key=request.headers.get("Idempotency-Key"),
                caller=caller.key,
                # Described from the rows in memory before the commit: read back after it, the ticket,
                # its agency and timeline cost six statements (issue 13).
                present=lambda opened: views.append(_ticket_view(opened.ticket, full=True)),
            )
        except DomainError as error:
            abort_with(error)
        body = views[0]
        if not result.created:
            return body, 200, {"Idempotent-Replayed": "true"}
        return body


@blueprint.route("/tickets/<code>")
class TicketDetail(MethodView):
    @blueprint.response(200, schemas.TicketSchema)
    def get(self, code):
        """Status and public timeline. Confidential and health tickets show their status only,
        unless the caller is the citizen who made them."""
        ticket = ticket_by_code(code) or abort(404, message="Tiket tidak ditemukan.")
        caller = current_caller(required=False)
        owner = caller is not None and caller.citizen is not None and caller.citizen.id == ticket.citizen_id
        return _ticket_view(ticket, full=owner or not _private(ticket))


@blueprint.route("/me/tickets")
class MyTickets(MethodView):
    @blueprint.response(200, schemas.TicketSchema(many=True))
    @blueprint.doc(security=[{"citizenToken": []}])
    def get(self):
        """The signed-in citizen's tickets, newest first."""
        from sqlalchemy import select

        from suite.ticketing.models import Ticket

        caller = citizen_caller()
        tickets = (
            db.session.execute(
                select(Ticket)
                .where(Ticket.citizen_id == caller.citizen.id)
                .order_by(Ticket.created_at.desc())
                .limit(200)
            )
            .scalars()
            .all()
        )
        return [_ticket_view(t, full=True) for t in tickets]


@blueprint.route("/tickets/<code>/comments")
class Comments(MethodView):
    @caller_required(citizen_only=True)
    @blueprint.arguments(schemas.CommentSchema)
    @blueprint.response(201, schemas.TicketSchema)
    @blueprint.doc(security=[{"citizenToken": []}])
    def post(self, data, code):
        """Add the citizen's comment to their own ticket."""
        caller = g.api_caller
        ticket = ticket_by_code(code) or abort(404, message="Tiket tidak ditemukan.")
        _run(lambda: comment_as_citizen(ticket.id, db.session.merge(caller.citizen), data["body"]))
        return _ticket_view(ticket_by_code(code), full=True)


@blueprint.route("/tickets/<code>/rating")
class Ratings(MethodView):
    @caller_required(citizen_only=True)
    @blueprint.arguments(schemas.RatingSchema)
    @blueprint.response(201, schemas.TicketSchema)
    @blueprint.doc(security=[{"citizenToken": []}])
    def post(self, data, code):
        """Rate a resolved ticket 1-5, once."""
        caller = g.api_caller
        ticket = ticket_by_code(code) or abort(404, message="Tiket tidak ditemukan.")
        _run(lambda: citizen_actions.rate(ticket.id, db.session.merge(caller.citizen), data["score"], data["comment"]))
        return _ticket_view(ticket_by_code(code), full=True)


def _run(operation) -> None:
    try:
        with write_transaction():
            operation()
    except DomainError as error:
        abort_with(error)


def _private(ticket) -> bool:
    module = get_module(ticket.module)
    return ticket.sensitive or ticket.is_confidential or bool(module and module.sensitive)


def _ticket_view(ticket, full: bool) -> dict:
    with force_locale("id"):
        label = repair.describe(ticket, get_module(ticket.module))
        kind_label = kinds.label(ticket.kind)
    view = {
        "code": ticket.code,
        "module": ticket.module,
        "kind": ticket.kind,
        "kind_label": kind_label,
        "status": ticket.status,
        "status_label": label,
        "created_at": ticket.created_at,
        "updated_at": ticket.updated_at,
    }
    if full:
        view.update(
            {
                "category": ticket.category,
                "title": ticket.title,
                "agency": ticket.agency.name,
                "kecamatan_code": ticket.kecamatan_code,
                "first_response_at": ticket.first_response_at,
                "first_response_due_at": ticket.first_response_due_at,
                "resolution_due_at": ticket.resolution_due_at,
                "confidential": ticket.is_confidential,
                "timeline": [_event_view(event) for event in public_events(ticket)],
            }
        )
    return view


def _event_view(event) -> dict:
    """An event as plain values (EventSchema): read while loaded, safe to serialise after the commit."""
    return {
        "kind": event.kind,
        "created_at": event.created_at,
        "to_status": event.to_status,
        "agency": event.agency.name if event.agency else None,
        "body": event.body,
    }


def _describe_module(module) -> dict:
    with force_locale("id"):
        form = module.intake_form(meta={"csrf": False}, formdata=None, module=module) if module.intake_form else None
        fields = []
        schema = module.extras_schema()
        for name, field in schema.fields.items():
            form_field = getattr(form, name, None) if form else None
            if form_field is not None and form_field.type == "HiddenField":
                continue
            choices = [str(c[0]) for c in (getattr(form_field, "choices", None) or []) if c[0] != ""]
            fields.append(
                {
                    "name": name,
                    "label": str(form_field.label.text) if form_field else name,
                    "type": "choice" if choices else _field_type(field),
                    "required": field.required,
                    "choices": choices,
                }
            )
        return {
            "code": module.code,
            "name": str(module.name),
            # Closed by an admin: listed, and a new ticket is refused with reason service_closed.
            "open": module_state.is_open(module.code),
            "closed_message": None if module_state.is_open(module.code) else module_state.closed_message(module),
            "description": str(module.description),
            "requires_desa": module.requires_desa,
            "kinds": list(module.accepted_kinds()),
            "categories": [{"code": c.code, "label": str(c.label), "urgent": c.urgent} for c in module.categories],
            "extra_fields": fields,
        }


def _field_type(field) -> str:
    from marshmallow import fields as mf

    for kind, name in (
        (mf.Boolean, "boolean"),
        (mf.Integer, "integer"),
        (mf.Float, "number"),
        (mf.Date, "date"),
        (mf.DateTime, "datetime"),
    ):
        if isinstance(field, kind):
            return name
    return "string"
