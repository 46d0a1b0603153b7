"""A health worker registers a pregnancy for a mother who already has a citizen account."""

from __future__ import annotations

from flask_babel import gettext as _

from modules.babhar import services
from suite.audit.services import record_read
from suite.identity.models import Citizen, Staff
from suite.identity.services import find_citizen_by_nik
from suite.registry import ServiceModule
from suite.ticketing.draft import TicketDraft
from suite.ticketing.services import OpenResult, open_ticket


def mother_for_registration(staff: Staff, nik: str) -> Citizen:
    """The mother's account by her NIK. The lookup is audited whether or not it finds her, in its own
    committed write (``record_read``: the trail survives whatever the request does next).
    Raises ``CareError`` on ``mother_nik`` when there is no account or it may not hold a pregnancy."""
    mother = find_citizen_by_nik(nik)
    record_read(
        "citizen",
        mother.id if mother else "not-found",
        staff=staff,
        detail="lookup by NIK (e-Babhar registration)",
    )
    if mother is None:
        raise services.CareError(
            _("Belum ada akun warga dengan NIK ini. Daftarkan ibu terlebih dahulu lewat pusat layanan."), "mother_nik"
        )
    refusal = services.refusal_for(mother)
    if refusal:
        raise services.CareError(str(refusal), "mother_nik")
    return mother


def register_pregnancy(
    module: ServiceModule, staff: Staff, mother: Citizen, draft: TicketDraft, idempotency_key: str | None
) -> OpenResult:
    """Open the registration ticket for ``mother`` on the staff channel; the pregnancy, its visit
    schedule and risk card follow from the module's ``after_open``. The staff member is recorded as
    the one who filed it and took the mother's consent. Flushes; the caller commits."""
    draft.context = {"filed_by_staff_id": staff.id}  # she records the mother's consent
    return open_ticket(
        module, mother, draft, channel="staff", idempotency_key=idempotency_key, caller=f"staff:{staff.id}"
    )
