"""Reply templates: ready texts officers pick when they answer a ticket.

An agency's supervisors keep their agency's own (``/petugas/templat``); admins keep any, including
templates for the whole regency (no agency) or for one module's tickets only (``/admin/templat-balasan``,
issue 12). A template may be meant for one status only. Services flush, never commit.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from suite.audit.changes import changes, snapshot
from suite.audit.services import record
from suite.errors import Invalid
from suite.extensions import db
from suite.identity.models import Agency
from suite.privacy.redaction import redact_nik
from suite.registry import get_module
from suite.ticketing.lifecycle import STATUS_LABELS
from suite.ticketing.models import ResponseTemplate, Ticket

TEMPLATE_FIELDS = ("agency_id", "module", "title", "status", "body", "active")  # what the audit log keeps


def templates_for(ticket: Ticket, actor: Any) -> list[ResponseTemplate]:
    """The active templates an officer may pick for this ticket now: the regency's, its agency's and
    the officer's own agency's, for the ticket's module or any, for its status or any, by title."""
    agency_ids = {ticket.agency_id} | ({actor.agency_id} if actor.agency_id else set())
    return list(
        db.session.execute(
            select(ResponseTemplate)
            .where(
                or_(ResponseTemplate.agency_id.in_(agency_ids), ResponseTemplate.agency_id.is_(None)),
                or_(ResponseTemplate.module.is_(None), ResponseTemplate.module == ticket.module),
                ResponseTemplate.active.is_(True),
                or_(ResponseTemplate.status.is_(None), ResponseTemplate.status == ticket.status),
            )
            .order_by(ResponseTemplate.title)
        ).scalars()
    )


def create_template(
    actor: Any,
    title: str,
    status: str | None,
    body: str,
    *,
    agency_id: int | None | str = "own",
    module: str | None = None,
) -> ResponseTemplate:
    """Add a template (surrounding spaces trimmed, an empty status meaning any). Without ``agency_id``
    it belongs to the actor's agency; an admin passes an agency id, or None for the whole regency."""
    values = _checked(
        {
            "agency_id": actor.agency_id if agency_id == "own" else agency_id,
            "module": module,
            "title": title,
            "status": status,
            "body": body,
        }
    )
    row = ResponseTemplate(**values)
    db.session.add(row)
    db.session.flush()
    record(
        "create",
        "response_template",
        row.id,
        staff=actor,
        detail=row.title[:200],
        after=snapshot(row, TEMPLATE_FIELDS),
    )
    return row


def update_template(actor: Any, row: ResponseTemplate, values: dict[str, Any]) -> bool:
    """Change a template's scope, title, status or text; audited with what changed (False: nothing did)."""
    checked = _checked({**snapshot(row, TEMPLATE_FIELDS), **values})
    before = snapshot(row, TEMPLATE_FIELDS)
    for name in ("agency_id", "module", "title", "status", "body"):
        setattr(row, name, checked[name])
    old, new = changes(before, snapshot(row, TEMPLATE_FIELDS))
    if old or new:
        record("update", "response_template", row.id, staff=actor, detail=row.title[:200], before=old, after=new)
    return bool(old or new)


def toggle_template(actor: Any, row: ResponseTemplate) -> None:
    """Retire a template (officers no longer see it) or bring it back; audited with both values."""
    row.active = not row.active
    record(
        "update",
        "response_template",
        row.id,
        staff=actor,
        detail=row.title[:200],
        before={"active": not row.active},
        after={"active": row.active},
    )


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    """Trimmed values, NIKs masked (a template is sent to citizens); a wrong field refused with its message."""
    errors: dict[str, Any] = {}
    title = redact_nik((values.get("title") or "").strip())
    body = redact_nik((values.get("body") or "").strip())
    if not title:
        errors["title"] = _l("Wajib diisi.")
    elif len(title) > 120:
        errors["title"] = _l("Paling banyak 120 huruf.")
    if not body:
        errors["body"] = _l("Wajib diisi.")
    elif len(body) > 4000:
        errors["body"] = _l("Paling banyak 4000 huruf.")
    status = values.get("status") or None
    if status is not None and status not in STATUS_LABELS:
        errors["status"] = _l("Status tidak dikenal.")
    agency_id = values.get("agency_id")
    if agency_id is not None and db.session.get(Agency, agency_id) is None:
        errors["agency_id"] = _l("Instansi tidak dikenal.")
    module = values.get("module") or None
    if module is not None and get_module(module) is None:
        errors["module"] = _l("Layanan tidak dikenal.")
    if errors:
        raise Invalid(_l("Templat belum disimpan: periksa isian yang ditandai."), errors)
    return {"agency_id": agency_id, "module": module, "title": title, "status": status, "body": body}
