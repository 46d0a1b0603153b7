"""Whether an installed module takes new reports now (issue 12, item 1), as data an admin changes.

``SUITE_MODULES`` decides which modules are installed (their code loaded, their pages served); a
row here records an admin's decision that an installed module is closed to new reports, with a
notice shown to citizens. No row: the module is open. A closed module keeps everything else:
citizens still track and comment on their tickets, staff still work its queue.

Every channel learns it from ``is_open``/``state`` (read once per request or app context) and
``open_ticket`` refuses a closed module's new ticket with ``ServiceClosed``, which each channel
words for its citizen with ``closed_message``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from suite.audit.services import record
from suite.database import UTCDateTime, utcnow
from suite.errors import Invalid, Unavailable
from suite.extensions import Model, db
from suite.privacy.redaction import redact_nik
from suite.ticketing.reference_version import forget as forget_version
from suite.ticketing.reference_version import shared, watch

NOTICE_MAX = 300
# Tickets on this channel are the agency's own records of care it already gives (a midwife's
# clinical alarm from a visit, a pregnancy she registers at the puskesmas): working the service,
# not citizens' intake, so closing the intake does not stop them.
STAFF_CHANNEL = "staff"
_CACHE = "_suite_module_states"


class ModuleSetting(Model):
    __tablename__ = "module_settings"

    module: Mapped[str] = mapped_column(String(30), primary_key=True)
    open: Mapped[bool] = mapped_column(default=True)
    notice: Mapped[str | None] = mapped_column(String(NOTICE_MAX))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


@dataclass(frozen=True)
class ModuleState:
    code: str
    open: bool = True
    notice: str | None = None
    updated_by: int | None = None
    updated_at: datetime | None = None

    def snapshot(self) -> dict:
        """The values an admin changes, JSON-ready, for the audit log's before and after."""
        return {"open": self.open, "notice": self.notice}


class ServiceClosed(Unavailable):
    """A closed module refused a new ticket. ``message`` is the citizen's closed message;
    ``reason`` is the machine code the API answers with."""

    reason = "service_closed"

    def __init__(self, module):
        self.module_code = module.code
        super().__init__(closed_message(module), {"module": closed_message(module)})


watch(ModuleSetting)
_ALL_STATES = select(
    ModuleSetting.module, ModuleSetting.open, ModuleSetting.notice, ModuleSetting.updated_by, ModuleSetting.updated_at
)


def _read_states() -> dict[str, ModuleState]:
    return {row.module: ModuleState(*row) for row in db.session.execute(_ALL_STATES)}


def _states() -> dict[str, ModuleState]:
    cached = g.get(_CACHE)
    if cached is None:
        # Kept across requests while the reference version stands (an admin's change moves it).
        cached = shared("module_states", _read_states)
        setattr(g, _CACHE, cached)
    return cached


def state(code: str) -> ModuleState:
    """The module's state; open when no admin has decided."""
    return _states().get(code) or ModuleState(code)


def is_open(code: str) -> bool:
    """Whether the module takes new reports now."""
    return state(code).open


def takes_reports(module, channel: str | None = None) -> bool:
    """Whether ``module`` takes a new ticket on ``channel`` now (staff records of care always)."""
    return channel == STAFF_CHANNEL or is_open(module.code)


def closed_message(module) -> str:
    """What every channel tells a citizen of a closed module: the module's own advice first (e-Babhar:
    call 119 or go to the puskesmas now), then that the service is closed, then the admin's notice."""
    parts = [str(module.closed_advice() or "").strip()]
    parts.append(
        _("Layanan ini sedang ditutup: %(name)s tidak menerima laporan baru untuk sementara.", name=str(module.name))
    )
    parts.append(state(module.code).notice or "")
    parts.append(_("Laporan yang sudah masuk tetap ditangani dan dapat dilacak."))
    return " ".join(part for part in parts if part)


def set_state(module, open_: bool, notice: str | None, staff, via: str = "admin page") -> bool:
    """Open or close ``module`` with a notice for citizens, audited with the values before and after
    (``staff`` None: the command line); flush only. Return whether anything changed."""
    notice = redact_nik(" ".join((notice or "").split())) or None
    if notice is not None and len(notice) > NOTICE_MAX:
        message = _l("Pengumuman paling banyak %(n)s huruf.", n=NOTICE_MAX)
        raise Invalid(message, {"notice": message})
    if open_:
        notice = None  # the notice explains a closure; an open service says nothing
    before = state(module.code)
    if before.open == open_ and before.notice == notice:
        return False
    row = db.session.get(ModuleSetting, module.code)
    if row is None:
        row = ModuleSetting(module=module.code)
        db.session.add(row)
    row.open, row.notice, row.updated_by, row.updated_at = open_, notice, getattr(staff, "id", None), utcnow()
    db.session.flush()
    g.pop(_CACHE, None)
    forget_version()
    after = state(module.code).snapshot()
    detail = f"open={after['open']} ({via})"
    record("update", "module_setting", module.code, staff=staff, detail=detail, before=before.snapshot(), after=after)
    return True
