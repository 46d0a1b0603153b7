"""Ticket verbs shared by every channel: open, change status, reply, note, assign, comment.

Services take model objects and plain data, never a request. They flush but do not commit;
the caller commits once, inside ``suite.database.write_transaction()`` (which starts the write
before the services lock the ticket row, and rolls back on any error).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import cache
from typing import cast

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite

from suite import reference
from suite.database import lock_row, utcnow
from suite.errors import Conflict, Forbidden, Invalid, Unavailable
from suite.extensions import db
from suite.identity.directory import receiving_agency
from suite.identity.models import Agency, Citizen, Staff
from suite.privacy.redaction import redact_nik, redact_value
from suite.reference import boundary
from suite.registry import ServiceModule, enabled_modules
from suite.ticketing import (
    access,
    attachments,
    category_settings,
    kinds,
    lifecycle,
    module_state,
    repair,
    signals,
    transitions,
)
from suite.ticketing.access import AccessDenied
from suite.ticketing.codes import new_tracking_code
from suite.ticketing.draft import TicketDraft
from suite.ticketing.models import Attachment, IdempotencyKey, Ticket, TicketEvent
from suite.ticketing.timeline import record

# Built once, run with values bound: on the create path, building a statement cost more CPU than
# running it (issue 13, docs/perf/README.md).
_AGENCY_BY_CODE = select(Agency).where(Agency.code == bindparam("code"))
_TICKET_WITH_CODE = select(Ticket.id).where(Ticket.code == bindparam("code"))


@dataclass
class OpenResult:
    ticket: Ticket
    created: bool  # False when an idempotency key returned an earlier ticket


def open_ticket(
    module: ServiceModule,
    citizen: Citizen | None,
    draft: TicketDraft,
    uploads: list[attachments.Upload] | None = None,
    channel: str = "web",
    idempotency_key: str | None = None,
    caller: str | None = None,
) -> OpenResult:
    """Validate and create a ticket with its first timeline event and attachments.

    With an idempotency key, a repeat of the same request by the same caller returns the
    first ticket (``created`` False); the same key with a different request is refused.
    Files are written before the commit; a rollback of the caller's transaction, or a session
    closed without a commit, deletes them again (``suite.database.on_rollback``).
    A module an admin closed raises ``module_state.ServiceClosed`` (except on the staff channel).
    """
    # A module an admin closed takes no new reports (issue 12), checked before anything is read or
    # kept; a retry of a report it took before closing still gets that ticket back.
    if not module_state.takes_reports(module, channel):
        earlier = ticket_for_key(caller or _caller(citizen), idempotency_key[:100]) if idempotency_key else None
        if earlier is not None and earlier.module == module.code:
            return OpenResult(earlier, created=False)
        raise module_state.ServiceClosed(module)
    errors = {}
    # Photos first: their GPS (with consent) must be in the draft before the module completes it,
    # so a module that keeps no location (health) still drops it.
    try:
        checked = attachments.check_uploads(uploads or [], module)
    except attachments.AttachmentError as error:
        errors["photos"] = error.args[0]
        checked = []
    if draft.use_photo_location and draft.latitude is None and draft.longitude is None:
        draft.latitude, draft.longitude = attachments.photo_location(checked) or (None, None)
    module.complete_draft(draft, citizen)
    redact_draft(draft)
    if citizen is not None:
        refusal = module.check_citizen(citizen, draft.category)
        if refusal:
            raise Forbidden(refusal)
    if module.category(draft.category) is None:
        retired = module.category(draft.category, include_inactive=True) is not None  # issue 12, item 2
        errors["category"] = (
            _l("Kategori ini tidak lagi menerima laporan baru; pilih kategori lain dari daftar.")
            if retired
            else _l("Pilih kategori dari daftar.")
        )
    elif draft.kind not in module.accepted_kinds(draft.category):
        errors["kind"] = _l("Jenis laporan ini tidak diterima di layanan ini.")
    description = (draft.description or "").strip()
    if len(description) < 10:
        errors["description"] = _l("Ceritakan masalahnya, paling sedikit 10 huruf.")
    if module.requires_desa and not draft.desa_code:
        errors["desa_code"] = _l("Pilih desa/kelurahan lokasi.")
    elif draft.desa_code and reference.desa(draft.desa_code) is None:
        errors["desa_code"] = _l("Desa/kelurahan tidak dikenal.")
    if (draft.latitude is None) != (draft.longitude is None):
        errors["latitude"] = _l("Isi garis lintang dan garis bujur bersama-sama.")
    elif (
        draft.latitude is not None
        and draft.longitude is not None
        and not (-90 <= draft.latitude <= 90 and -180 <= draft.longitude <= 180)
    ):
        errors["latitude"] = _l("Koordinat di luar jangkauan.")
    elif (
        draft.latitude is not None
        and draft.longitude is not None
        and not boundary.contains(draft.latitude, draft.longitude)
    ):
        errors["latitude"] = _l(
            "Titik lokasi berada di luar wilayah %(regency)s. Geser penanda ke lokasi masalah di wilayah ini.",
            regency=reference.regency_name(),
        )
    try:
        extras = module.validate_extras(draft.extras, draft.category)
    except ValidationError as error:
        errors.update(
            {
                name: " ".join(map(str, msgs)) if isinstance(msgs, list) else str(msgs)
                for name, msgs in error.normalized_messages().items()
            }
        )
        extras = {}
    if errors:
        raise Invalid(_l("Periksa kembali isian yang ditandai."), errors)

    # Information requests go to the PPID that answers them (UU 14/2008), the rest by the module's routing.
    agency_code = module.route_information(draft) if draft.kind == kinds.INFORMATION else module.route(draft)
    agency = db.session.execute(_AGENCY_BY_CODE, {"code": agency_code}).scalar_one_or_none()
    agency = receiving_agency(agency)  # issue 12, item 3: a switched-off agency takes no new tickets
    if agency is None:
        raise Unavailable(_l("Layanan ini belum memiliki instansi penanggung jawab."))

    key_id = None
    if idempotency_key:
        key_id, earlier = _claim_idempotency_key(
            caller or _caller(citizen), idempotency_key, _request_hash(module, draft, checked)
        )
        if earlier is not None:
            return OpenResult(earlier, created=False)

    kecamatan = reference.kecamatan_of(draft.desa_code) if draft.desa_code else None
    # Decided once, when the ticket opens: a later admin change never exposes what was reported in confidence.
    sensitive = category_settings.is_sensitive(module, draft.category)
    with force_locale("id"):  # stored text is in the regency's language, whatever the UI shows
        title = (draft.title or module.title(draft))[:200]
    ticket = Ticket(
        code=_unique_code(module.prefix),
        module=module.code,
        category=draft.category,
        kind=draft.kind,
        status=lifecycle.SUBMITTED,
        channel=channel,
        priority=module.priority(draft),
        visibility="confidential" if (draft.confidential or sensitive) else "public",
        sensitive=sensitive,
        anonymous=draft.anonymous,
        citizen=citizen,
        agency=agency,
        desa_code=draft.desa_code or None,
        kecamatan_code=kecamatan.code if kecamatan else None,
        latitude=draft.latitude,
        longitude=draft.longitude,
        title=title,
        description=description,
        reporter=draft.reporter or None,
        extras=_jsonable(extras),
        event_count=1,
    )
    opened_at = utcnow()
    ticket.created_at = opened_at
    signals.ticket_opening.send(ticket, module=module)
    db.session.add(ticket)
    # Made before the first flush, so the new ticket's ``events`` holds it in memory (after a flush
    # the collection would be read back from the database on first use); one flush writes both.
    event = TicketEvent(
        ticket=ticket,
        kind="created",
        public=True,
        agency=agency,
        to_status=lifecycle.SUBMITTED,
        actor_type="citizen" if citizen else "system",
        actor_citizen_id=citizen.id if citizen else None,
    )
    db.session.add(event)
    db.session.flush()
    stored = []
    try:
        for item in checked:
            name = attachments.store(item)
            stored.append(name)
            db.session.add(
                Attachment(
                    ticket=ticket,
                    event_id=event.id,
                    original_name=redact_nik(item.original_name),
                    stored_name=name,
                    content_type=item.content_type,
                    size=len(item.data),
                    sha256=item.sha256,
                )
            )
        if key_id is not None:
            db.session.execute(_KEY_TICKET, {"key_id": key_id, "key_ticket": ticket.id})
        module.after_open(ticket, extras, citizen)
        db.session.flush()
    except Exception:
        attachments.discard(stored)  # at once: the caller may catch the error and keep the transaction
        raise
    signals.ticket_created.send(ticket, module=module)
    return OpenResult(ticket, created=True)


def redact_draft(draft: TicketDraft) -> TicketDraft:
    """Mask NIKs in everything a draft carries that a person typed (issue 9): every channel opens
    tickets here, so no channel stores a NIK in clear in a ticket by construction."""
    draft.title = redact_nik(draft.title) if draft.title else draft.title
    draft.description = redact_nik(draft.description)
    draft.extras = redact_value(draft.extras or {})
    if draft.reporter:
        # The name is typed text; the address and phone are how the answer reaches the reporter
        # (an email address may well be all digits) and are kept as given.
        draft.reporter = {
            key: value if key in ("email", "phone") else redact_value(value) for key, value in draft.reporter.items()
        }
    return draft


def change_status(
    ticket_id: int, staff: Staff, target: str, note: str | None = None, details: repair.StatusDetails | None = None
) -> Ticket:
    """Move a ticket through the lifecycle; the note is public (it explains the change). A workflow
    state takes its ``details`` (survey date, SPK number, budget year, outside body), checked and
    kept on the ticket, and said in the public text before the note."""
    ticket = locked_for_staff(ticket_id, staff)
    module = enabled_modules().get(ticket.module)
    lifecycle.check_transition(ticket.status, target, note, optional=module.workflow_states if module else ())
    if target == lifecycle.RESOLVED and ticket.kind == kinds.INFORMATION:
        # UU 14/2008 Pasal 22 ayat 7: an information request ends with the PPID's written decision.
        raise Conflict(_l("Permintaan informasi diselesaikan dengan keputusan PPID, bukan dengan mengubah status."))
    details = details or repair.StatusDetails()
    repair.check_details(target, details, note)
    if target == lifecycle.REJECTED and _says_not_our_authority(note):
        # SP4N-LAPOR!: a complaint is never dropped for being another agency's.
        raise Conflict(
            _l(
                "Laporan yang bukan kewenangan instansi Anda tidak ditolak, tetapi diteruskan "
                'ke instansi yang berwenang. Gunakan "Teruskan".'
            ),
            {"note": _l("Gunakan Teruskan.")},
        )
    note = (note or "").strip() or None
    wording = repair.apply(ticket, target, details)
    body = f"{wording}. {note}" if wording and note else (wording or note)
    transitions.move(ticket, target, staff=staff, body=body)
    return ticket


def reply(ticket_id: int, staff: Staff, body: str, internal: bool = False) -> Ticket:
    """A public reply the citizen sees, or an internal note only staff see."""
    body = (body or "").strip()
    if not body:
        raise Invalid(_l("Tulis isi tanggapan terlebih dahulu."), {"body": _l("Wajib diisi.")})
    ticket = locked_for_staff(ticket_id, staff)
    kind = "internal_note" if internal else "public_reply"
    record(ticket, kind, staff=staff, public=not internal, body=body)
    signals.ticket_commented.send(ticket, staff=staff, internal=internal)
    return ticket


def assign(ticket_id: int, staff: Staff, assignee: Staff | None) -> Ticket:
    """Officers claim an unassigned ticket or release their own; supervisors assign anyone."""
    ticket = locked_for_staff(ticket_id, staff)
    if staff.role == "officer":
        claiming = assignee is not None and assignee.id == staff.id and ticket.assignee_id in (None, staff.id)
        releasing = assignee is None and ticket.assignee_id == staff.id
        if not (claiming or releasing):
            raise Forbidden(
                _l(
                    "Petugas hanya dapat mengambil tiket yang belum ditugaskan atau melepas tiketnya "
                    "sendiri; penugasan ulang dilakukan supervisor."
                )
            )
    if assignee is not None and not access.can_act(assignee, ticket):
        raise Invalid(_l("Petugas itu tidak bekerja di instansi penanggung jawab tiket ini."))
    if assignee is not None and assignee.id == ticket.assignee_id:
        return ticket
    ticket.assignee = assignee
    record(
        ticket,
        "assigned",
        staff=staff,
        public=False,
        body=assignee.full_name if assignee else str(_l("Penugasan dilepas")),
    )
    signals.ticket_assigned.send(ticket, staff=staff, assignee=assignee)
    return ticket


def comment_as_citizen(ticket_id: int, citizen: Citizen, body: str) -> Ticket:
    body = (body or "").strip()
    if not body:
        raise Invalid(_l("Tulis isi tanggapan terlebih dahulu."), {"body": _l("Wajib diisi.")})
    ticket = lock_row(Ticket, ticket_id)
    if ticket is None or ticket.citizen_id != citizen.id:
        raise AccessDenied()
    if ticket.status in lifecycle.TERMINAL_STATES:
        raise Invalid(_l("Tiket sudah ditutup; buat laporan baru bila masalah muncul lagi."))
    record(ticket, "citizen_comment", citizen=citizen, public=True, body=body)
    signals.ticket_commented.send(ticket, citizen=citizen, internal=False)
    return ticket


def public_events(ticket: Ticket) -> list[TicketEvent]:
    return [e for e in ticket.events if e.public and e.kind in TicketEvent.PUBLIC_KINDS]


# -- shared with the other ticket verbs ------------------------------------------


def locked_for_staff(ticket_id: int, staff: Staff) -> Ticket:
    ticket = lock_row(Ticket, ticket_id)
    if ticket is None or not access.can_act(staff, ticket):
        raise AccessDenied()
    return ticket


def _unique_code(prefix: str) -> str:
    for _ in range(10):
        code = new_tracking_code(prefix)
        if not db.session.execute(_TICKET_WITH_CODE, {"code": code}).first():
            return code
    raise RuntimeError("could not draw a free tracking code")


def ticket_for_key(caller: str, key: str | None) -> Ticket | None:
    """The ticket an earlier request with this idempotency key created, if any."""
    if not key:
        return None
    row = db.session.execute(
        select(IdempotencyKey).where(IdempotencyKey.caller == caller, IdempotencyKey.key == key)
    ).scalar_one_or_none()
    return db.session.get(Ticket, row.ticket_id) if row and row.ticket_id else None


def caller_of(citizen: Citizen | None) -> str:
    return _caller(citizen)


def _caller(citizen: Citizen | None) -> str:
    return f"citizen:{citizen.id}" if citizen else "anonymous"


def _request_hash(module, draft: TicketDraft, checked) -> str:
    payload = {"module": module.code, **asdict(draft), "files": [c.sha256 for c in checked]}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


class IdempotencyKeyReused(Invalid):
    """The caller sent this idempotency key before with a different request."""


class RequestInFlight(Conflict):
    """The first request with this idempotency key has not finished yet: retry shortly."""


def _claim_idempotency_key(caller: str, key: str, request_hash: str) -> tuple[int | None, Ticket | None]:
    """Insert the key (its row's id), or find the ticket an earlier identical request made with it.

    One statement when the key is new: ``INSERT ... ON CONFLICT DO NOTHING RETURNING id`` (issue 13;
    it was a look, then the insert in a savepoint). On PostgreSQL an insert that meets another
    transaction's uncommitted row with the same key waits for it to end, so when it returns nothing
    the other request's key, and its ticket, are visible to the look that follows. SQLite writers
    run one at a time (``BEGIN IMMEDIATE``)."""
    key = key[:100]
    claim = _claim_statement(db.session.get_bind().dialect.name)
    values = {"claim_caller": caller, "claim_key": key, "claim_hash": request_hash, "claim_at": utcnow()}
    claimed = db.session.execute(claim, values).scalar()
    if claimed is not None:
        return claimed, None
    existing = db.session.execute(
        select(IdempotencyKey).where(IdempotencyKey.caller == caller, IdempotencyKey.key == key)
    ).scalar_one_or_none()
    if existing is not None and existing.request_hash != request_hash:
        raise IdempotencyKeyReused(_l("Kunci idempotensi ini sudah dipakai untuk permintaan lain."))
    if existing is None or existing.ticket_id is None:
        raise RequestInFlight(_l("Permintaan yang sama sedang diproses. Coba lagi sebentar."))
    return None, db.session.get(Ticket, existing.ticket_id)


# The key's ticket, set on the table (built once; no ORM bulk-update work for one row).
_KEY_TICKET = (
    update(cast(Table, IdempotencyKey.__table__))
    .where(IdempotencyKey.__table__.c.id == bindparam("key_id"))
    .values(ticket_id=bindparam("key_ticket"))
)


@cache
def _claim_statement(dialect: str):
    """The claim, built once per dialect with bound values (building it cost more CPU than running it)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = cast(Table, IdempotencyKey.__table__)  # the table, not the entity: no ORM bulk-insert work for one row
    return (
        insert(table)
        .values(
            caller=bindparam("claim_caller"),
            key=bindparam("claim_key"),
            request_hash=bindparam("claim_hash"),
            created_at=bindparam("claim_at"),
        )
        .on_conflict_do_nothing(index_elements=["caller", "key"])
        .returning(table.c.id)
    )


def _jsonable(extras: dict) -> dict:
    return json.loads(json.dumps(extras, default=str))


def _says_not_our_authority(note: str | None) -> bool:
    text = (note or "").lower()
    return any(
        phrase in text
        for phrase in (
            "bukan kewenangan",
            "bukan wewenang",
            "di luar kewenangan",
            "tidak berwenang",
            "not our authority",
        )
    )
