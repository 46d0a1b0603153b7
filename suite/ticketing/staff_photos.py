"""Staff photos of a repair: the survey, before and after (issue 11, item 2).

The same checks as the citizen's upload (``suite.ticketing.attachments``): the type is sniffed
from the bytes, the photo re-encoded without its metadata, and the stored file deleted again when
the transaction does not commit. Only photos: a PDF may carry its author and history.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from suite.errors import Invalid
from suite.extensions import db
from suite.identity.models import Staff
from suite.privacy.redaction import redact_nik
from suite.registry import ServiceModule, get_module
from suite.ticketing import attachments, lifecycle, repair
from suite.ticketing.models import Attachment, Ticket
from suite.ticketing.public_location import point_is_public
from suite.ticketing.services import locked_for_staff
from suite.ticketing.timeline import record


def takes_repair_photos(module: ServiceModule | None) -> bool:
    """Staff photos belong to the repair workflow: modules that use it, never health modules."""
    return module is not None and bool(module.workflow_states or module.requires_after_photo)


def add_photo(ticket_id: int, staff: Staff, purpose: str, upload: attachments.Upload) -> Attachment:
    """Attach a staff photo with its purpose to a ticket the staff member may act on; an internal
    timeline event says who added which. Raises Invalid for a wrong purpose or file, Conflict when
    the ticket is finished."""
    ticket = locked_for_staff(ticket_id, staff)
    if not takes_repair_photos(get_module(ticket.module)):
        raise Invalid(_l("Layanan ini tidak memakai foto petugas."))
    if purpose not in repair.STAFF_PHOTO_PURPOSES:
        raise Invalid(_l("Pilih jenis foto."), {"purpose": _l("Pilih jenis foto.")})
    if ticket.status not in (*lifecycle.OPEN_STATES, lifecycle.RESOLVED):
        raise lifecycle.TransitionError(_l("Laporan ini sudah selesai; foto tidak dapat ditambahkan lagi."))
    if not upload.data:
        raise Invalid(_l("Pilih foto yang akan diunggah."), {"photo": _l("Pilih foto.")})
    try:
        checked = attachments.check_upload(upload)
    except attachments.AttachmentError as error:
        raise Invalid(error.args[0], {"photo": error.args[0]}) from None
    if not checked.content_type.startswith("image/"):
        raise Invalid(_l("Unggah foto (JPEG, PNG atau WebP)."), {"photo": _l("Bukan foto.")})
    with force_locale("id"):  # stored text is in the regency's language
        label = str(repair.PHOTO_PURPOSES[purpose])
    event = record(ticket, "attachment_added", staff=staff, public=False, body=label)
    item = Attachment(
        ticket=ticket,
        event_id=event.id,
        original_name=redact_nik(checked.original_name),
        stored_name=attachments.store(checked),
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=checked.sha256,
        purpose=purpose,
    )
    db.session.add(item)
    db.session.flush()
    return item


def public_photos(ticket: Ticket, module: ServiceModule | None) -> list[Attachment]:
    """Before and after photos anyone may see: only of a public ticket of a non-health module whose
    place may be public (not an anonymous report: a photo of the spot shows where it is)."""
    if not point_is_public(ticket) or module is None or module.sensitive or module.care_root:
        return []
    return [a for a in ticket.attachments if a.purpose in Attachment.PUBLIC_PURPOSES]
