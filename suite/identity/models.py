"""Citizens, staff and the agencies (OPD) they work for."""

from __future__ import annotations

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suite.database import UTCDateTime, utcnow
from suite.extensions import db
from suite.identity import nik as nik_rules
from suite.identity import protection


class Agency(db.Model):
    """An agency (OPD) or one of its units, e.g. a puskesmas under Dinas Kesehatan."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(30), default="dinas")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    kecamatan_code: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(20))  # the number citizens call (emergencies, duty)
    active: Mapped[bool] = mapped_column(default=True)

    parent: Mapped[Agency | None] = relationship(remote_side=[id], back_populates="units")
    units: Mapped[list[Agency]] = relationship(back_populates="parent")

    def subtree_ids(self) -> set[int]:
        ids, stack = set(), [self]
        while stack:
            agency = stack.pop()
            ids.add(agency.id)
            stack.extend(agency.units)
        return ids


class Citizen(UserMixin, db.Model):
    """A registered citizen (warga). The NIK is kept encrypted with a blind index."""

    __tablename__ = "citizens"

    id: Mapped[int] = mapped_column(primary_key=True)
    nik_encrypted: Mapped[str] = mapped_column(String(200))
    nik_index: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    birth_date = mapped_column(db.Date, nullable=False)
    sex: Mapped[str] = mapped_column(String(1))
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    phone_confirmed_at = mapped_column(UTCDateTime)
    email: Mapped[str | None] = mapped_column(String(254))
    desa_code: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    preferred_channel: Mapped[str] = mapped_column(String(20), default="web")
    nik_warnings: Mapped[list | None] = mapped_column(JSON)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    def get_id(self) -> str:
        return f"citizen:{self.id}"

    @property
    def nik(self) -> str:
        return protection.decrypt(self.nik_encrypted)

    @property
    def nik_masked(self) -> str:
        return nik_rules.mask(self.nik)

    is_staff = False


class Staff(UserMixin, db.Model):
    """A staff account. One role, scoped to an agency (and its units) and optionally to modules.

    ``agency_id`` empty means regency-wide (command centre supervisors, admins);
    ``module_codes`` empty means every module.
    """

    __tablename__ = "staff"

    ROLES = ("officer", "supervisor", "admin")

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="officer")
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    module_codes: Mapped[list | None] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(default=True)
    # Urgent alerts (danger signs, ambulance requests) reach staff off-screen: a phone (E.164),
    # the channel to use, and whether they are on duty now.
    phone: Mapped[str | None] = mapped_column(String(20))
    alert_channel: Mapped[str] = mapped_column(String(10), default="sms", server_default="sms")
    on_duty: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    agency: Mapped[Agency | None] = relationship()

    ALERT_CHANNELS = ("sms", "whatsapp", "none")

    @property
    def alert_route(self) -> tuple[str, str] | None:
        """(channel, phone) an alert goes to, or None when this person cannot be reached off-screen."""
        if not self.active or not self.on_duty or not self.phone or self.alert_channel not in ("sms", "whatsapp"):
            return None
        return self.alert_channel, self.phone

    is_staff = True

    def get_id(self) -> str:
        return f"staff:{self.id}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active
