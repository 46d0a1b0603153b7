"""The command centre's page, its JSON (the page's script polls it) and its lists as CSV
(issue 12, item 8). Who may see it and what it holds: ``suite.staff.command_centre``."""

from __future__ import annotations

from flask import Response, abort, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from suite import reference
from suite.database import utcnow
from suite.errors import DomainError
from suite.i18n import wib_datetime
from suite.identity.auth import staff_required
from suite.privacy.redaction import redact_nik
from suite.registry import enabled_modules
from suite.security.exports import csv_text
from suite.sla.policy import is_overdue
from suite.staff import command_centre
from suite.staff.views import blueprint
from suite.ticketing import lifecycle
from suite.ticketing.models import Ticket
from suite.ticketing.titles import shown_title

# The script's polling interval, and the page's meta refresh without it (setting
# COMMAND_CENTRE_REFRESH_SECONDS; the browser test shortens it).
REFRESH_SECONDS = 45


def _board() -> command_centre.Board:
    try:
        command_centre.require_regency_wide(current_user)
    except DomainError:
        abort(403)
    return command_centre.board(current_user)


def _due(ticket: Ticket):
    return ticket.first_response_due_at if ticket.first_response_at is None else ticket.resolution_due_at


def ticket_row(ticket: Ticket) -> dict:
    """One list row, as the JSON and the CSV give it (the title passes NIK redaction)."""
    modules = enabled_modules()
    due = _due(ticket) if ticket.status in lifecycle.OPEN_STATES else None
    return {
        "code": ticket.code,
        "title": redact_nik(shown_title(ticket)),
        "module": modules[ticket.module].name if ticket.module in modules else ticket.module,
        "status": ticket.status,
        "status_label": str(lifecycle.STATUS_LABELS.get(ticket.status, ticket.status)),
        "priority": ticket.priority,
        "overdue": is_overdue(ticket),
        "due": due.isoformat() if due else None,
        "due_label": wib_datetime(due),
        "created": ticket.created_at.isoformat(),
        "created_label": wib_datetime(ticket.created_at),
        "kecamatan": reference.region_label(ticket.kecamatan_code) if ticket.kecamatan_code else "",
        "desa": reference.region_label(ticket.desa_code) if ticket.desa_code else "",
        "assignee": ticket.assignee.full_name if ticket.assignee else "",
        "url": url_for("staff.ticket", code=ticket.code),
    }


@blueprint.route("/pusat-kendali")
@staff_required("supervisor", "admin")
def command_centre_page():
    board = _board()
    return render_template(
        "staff/command_centre.html",
        board=board,
        titles=command_centre.LIST_TITLES,
        modules=enabled_modules(),
        statuses=lifecycle.OPEN_STATES,
        cap=command_centre.COUNT_CAP,
        refresh_seconds=int(current_app.config.get("COMMAND_CENTRE_REFRESH_SECONDS", REFRESH_SECONDS)),
        redact=redact_nik,
    )


@blueprint.route("/pusat-kendali.json")
@staff_required("supervisor", "admin")
def command_centre_json():
    board = _board()
    modules = enabled_modules()
    response = jsonify(
        {
            "generated_at": board.generated_at.isoformat(),
            "generated_label": wib_datetime(board.generated_at, seconds=True),
            "count_cap": command_centre.COUNT_CAP,
            "lists": {
                name: {
                    "title": str(command_centre.LIST_TITLES[name]),
                    "count": item.count,
                    "capped": item.capped,
                    "hidden": item.hidden,
                    "tickets": [ticket_row(t) for t in item.tickets],
                }
                for name, item in board.lists.items()
            },
            "modules": [
                {
                    "code": code,
                    "name": modules[code].name if code in modules else code,
                    "statuses": statuses,
                    "open": sum(statuses.values()),
                }
                for code, statuses in board.by_module.items()
            ],
            "desa": [
                {
                    "desa_code": row.desa_code,
                    "desa": row.desa_name,
                    "kecamatan": row.kecamatan_name,
                    "open": row.open,
                    "point": list(row.point) if row.point else None,
                }
                for row in board.by_desa
            ],
        }
    )
    response.headers["Cache-Control"] = "no-store"
    return response


CSV_COLUMNS = (
    "code",
    "title",
    "module",
    "status",
    "priority",
    "overdue",
    "due",
    "created",
    "kecamatan",
    "desa",
    "assignee",
)


@blueprint.route("/pusat-kendali.csv")
@staff_required("supervisor", "admin")
def command_centre_csv():
    name = request.args.get("daftar", "overdue")
    if name not in command_centre.LISTS:
        abort(404)
    try:
        command_centre.require_regency_wide(current_user)
    except DomainError:
        abort(403)
    now = utcnow()
    item = command_centre.ticket_list(current_user, name, now, limit=command_centre.COUNT_CAP)
    table: list[list] = [list(CSV_COLUMNS)]
    for ticket in item.tickets:
        row = ticket_row(ticket)
        table.append([row[column] for column in CSV_COLUMNS])
    if item.hidden:
        # Health and confidential tickets: one line saying how many, nothing about them.
        table.append([_("(tiket kesehatan/rahasia, hanya dihitung)"), item.hidden])
    filename = f"pusat-kendali-{name}-{now:%Y%m%d-%H%M}.csv"
    return Response(
        csv_text(table), mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={filename}"}
    )
