"""What the data-subject rights leave behind: each request a citizen made (UU 27/2022 asks that
a controller can show it answered), and legal holds that keep a citizen's data from erasure."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from suite.database import UTCDateTime, utcnow
from suite.extensions import Model


class PrivacyRequest(Model):
    """A citizen's request: ``export``, ``consent_withdrawal`` (``detail`` names the consent) or
    ``erasure``; ``status`` is ``done`` or ``refused`` (``detail`` then says why: the holds)."""

    __tablename__ = "privacy_requests"
    __table_args__ = (Index("ix_privacy_requests_citizen", "citizen_id", "created_at"),)

    KINDS = ("export", "consent_withdrawal", "erasure")

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id", name="fk_privacy_requests_citizen_id"))
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str | None] = mapped_column(String(300))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class LegalHold(Model):
    """Staff keep a citizen's data from erasure (an investigation, a court order, a dispute) until
    they release it. Automatic holds (an open health alarm) are not rows: modules report them."""

    __tablename__ = "legal_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id", name="fk_legal_holds_citizen_id"), index=True)
    reason: Mapped[str] = mapped_column(String(300))
    placed_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", name="fk_legal_holds_placed_by"))
    placed_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    released_at = mapped_column(UTCDateTime)
    released_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", name="fk_legal_holds_released_by"))
