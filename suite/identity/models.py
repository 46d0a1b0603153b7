"""Citizens, staff and the agencies (OPD) they work for."""

from __future__ import annotations

from datetime import date

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Index, String, event, select, text
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from suite.database import UTCDateTime, utcnow
from suite.extensions import Model, db
from suite.identity import nik as nik_rules
from suite.identity import protection


class Agency(Model):
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
    # An inactive agency takes no new tickets and is offered for no forward (issue 12, item 3).
    active: Mapped[bool] = mapped_column(default=True)
    email: Mapped[str | None] = mapped_column(String(254))  # the office's address (issue 12, item 3)

    parent: Mapped[Agency | None] = relationship(remote_side=[id], back_populates="units")
    units: Mapped[list[Agency]] = relationship(back_populates="parent")

    def subtree_ids(self) -> set[int]:
        """This agency and its units at any depth. The tree is read in one statement, once per
        session (``agency_children``), not by lazy-loading ``units`` agency by agency (issue 13:
        a statement per agency of the tree on each page of a supervisor)."""
        children = agency_children()
        ids: set[int] = set()
        stack = [self.id]
        while stack:
            agency_id = stack.pop()
            if agency_id not in ids:
                ids.add(agency_id)
                stack.extend(children.get(agency_id, ()))
        return ids

    def ancestors(self) -> list[Agency]:
        """Parent, grandparent, ... up to the top of the tree."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def is_within(self, code: str) -> bool:
        """This agency is the one with ``code`` or one of its units, at any depth."""
        return self.code == code or any(agency.code == code for agency in self.ancestors())


_TREE_KEY = "suite_agency_children"


def agency_children() -> dict[int | None, list[int]]:
    """Agency ids by parent id, kept in the session's ``info`` until it flushes a change to an
    agency, commits or rolls back (as the ORM would reload ``units`` then)."""
    session = db.session()
    children = session.info.get(_TREE_KEY)
    if children is None:
        children = {}
        for agency_id, parent_id in session.execute(select(Agency.id, Agency.parent_id)):
            children.setdefault(parent_id, []).append(agency_id)
        session.info[_TREE_KEY] = children
    return children


@event.listens_for(Session, "after_flush")
def _forget_tree_after_agency_change(session: Session, _context) -> None:
    if any(isinstance(item, Agency) for item in (*session.new, *session.dirty, *session.deleted)):
        session.info.pop(_TREE_KEY, None)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_tree(session: Session) -> None:
    session.info.pop(_TREE_KEY, None)


class Citizen(UserMixin, Model):
    """A registered citizen (warga). The NIK is kept encrypted with a blind index."""

    __tablename__ = "citizens"
    # A phone belongs to an account only once proven: many accounts may have typed a number, one may
    # own it. Whoever proves it (code or SMS) gets it, so typing someone else's number blocks nobody.
    __table_args__ = (
        Index(
            "uq_citizens_confirmed_phone",
            "phone",
            unique=True,
            sqlite_where=text("phone_confirmed_at IS NOT NULL"),
            postgresql_where=text("phone_confirmed_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Empty only on an account that lost a disputed NIK to its verified owner (``nik_revoked_at``).
    nik_encrypted: Mapped[str | None] = mapped_column(String(200))
    nik_index: Mapped[str | None] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    birth_date: Mapped[date] = mapped_column(db.Date, nullable=False)
    sex: Mapped[str] = mapped_column(String(1))
    phone: Mapped[str] = mapped_column(String(20), index=True)
    phone_confirmed_at = mapped_column(UTCDateTime)
    email: Mapped[str | None] = mapped_column(String(254))
    desa_code: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    preferred_channel: Mapped[str] = mapped_column(String(20), default="web")
    nik_warnings: Mapped[list | None] = mapped_column(JSON)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # -- identity verification (issue 9, item 5) --
    # A NIK typed on a form proves nothing: staff who saw the KTP in person (or the midwife at
    # the first antenatal visit) mark it verified; ``suite.identity.verification`` holds the rules.
    identity_verified_at = mapped_column(UTCDateTime)
    identity_verified_by_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", name="fk_citizens_identity_verified_by_staff_id")
    )
    identity_verification_method: Mapped[str | None] = mapped_column(String(30))  # ktp_in_person, ...
    nik_revoked_at = mapped_column(UTCDateTime)

    @property
    def phone_confirmed(self) -> bool:
        return self.phone_confirmed_at is not None

    @property
    def identity_verified(self) -> bool:
        return self.identity_verified_at is not None

    # -- end identity verification --
    # -- data-subject rights (issue 9, item 12): set when the citizen's erasure request was carried
    # out; the row stays, anonymised, so tickets and statistics keep their shape
    # (suite.privacy.subject_rights). An erased account can never sign in again.
    erased_at = mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.erased_at is None

    # -- end data-subject rights --

    def get_id(self) -> str:
        return f"citizen:{self.id}"

    @property
    def nik(self) -> str:
        return protection.decrypt(self.nik_encrypted) if self.nik_encrypted else ""

    @property
    def nik_masked(self) -> str:
        return nik_rules.mask(self.nik)

    is_staff = False


class Staff(UserMixin, Model):
    """A staff account. One role, scoped to an agency (and its units) and optionally to modules.

    ``agency_id`` empty means regency-wide (command centre supervisors, admins);
    ``module_codes`` empty means every module.
    """

    __tablename__ = "staff"

    ROLES = ("officer", "supervisor", "admin")
    SUPERVISING = ("supervisor", "admin")  # the ranks that oversee an agency's work and are paged for it

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
    # -- call centre (issue 9, item 10) --
    # Finding citizens by NIK or phone is a duty, not a rank: a flag beside the role, so an
    # officer or a supervisor of the call centre keeps every rank check (``role in SUPERVISING``,
    # ``role == "officer"``) as it is. Admins may use the call centre too (``may_use_call_centre``).
    call_centre: Mapped[bool] = mapped_column(default=False, server_default=sa_false())

    @property
    def may_use_call_centre(self) -> bool:
        return self.active and (self.call_centre or self.role == "admin")

    # -- end call centre --

    # -- second factor (issue 9, item 4) --
    # The TOTP secret, encrypted like the NIK; active only once a first valid code confirmed it.
    # The last accepted time-step refuses the same code twice (replay within its 30-second window).
    totp_secret_encrypted: Mapped[str | None] = mapped_column(String(200))
    totp_confirmed_at = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column()
    # -- end second factor --

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


# --- Issue 9, items 3 and 2: server-side sessions and sign-in lock-out -----------------


class UserSession(Model):
    """One signed-in browser. The cookie holds a random id; only its SHA-256 is stored, so a copy of
    this table signs nobody in. A session ends when revoked, idle too long or past its absolute expiry."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_kind: Mapped[str] = mapped_column(String(10))  # "citizen" or "staff"
    account_id: Mapped[int] = mapped_column(index=True)
    kiosk: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(200))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_seen_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    expires_at = mapped_column(UTCDateTime, nullable=False)
    revoked_at = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(20))  # sign-out, idle, expired, all-ended


class SignInThrottle(Model):
    """Failed sign-ins per account identifier, shared by every worker. ``key_hash`` is an HMAC of the
    account (or of the unknown identifier typed), never the NIK, phone or email itself."""

    __tablename__ = "sign_in_throttles"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    failures: Mapped[int] = mapped_column(default=0, server_default="0")
    lockouts: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until = mapped_column(UTCDateTime)
    last_failure_at = mapped_column(UTCDateTime)


# --- Issue 9, item 4: staff recovery codes and password-reset links -----------------------


class RecoveryCode(Model):
    """One of a staff member's ten one-time recovery codes: only a salted SHA-256 is kept."""

    __tablename__ = "staff_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    salt: Mapped[str] = mapped_column(String(32))
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at = mapped_column(UTCDateTime)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class PasswordResetToken(Model):
    """A one-time password-reset link for a citizen or a staff member; only its SHA-256 is kept."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id", ondelete="CASCADE"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    expires_at = mapped_column(UTCDateTime, nullable=False)
    used_at = mapped_column(UTCDateTime)


# --- Issue 12, item 3: staff invited by a one-time link ----------------------------------


class StaffInvitation(Model):
    """An admin's invitation: who the account will be, and a one-time link (only its SHA-256 kept).

    The staff account is made only when the invitee sets a password through the link, so an
    unanswered invitation is no account: nobody can sign in with it, and it counts as no admin."""

    __tablename__ = "staff_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    module_codes: Mapped[list | None] = mapped_column(JSON)
    call_centre: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    invited_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))  # once accepted
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    expires_at = mapped_column(UTCDateTime, nullable=False)
    used_at = mapped_column(UTCDateTime)
    revoked_at = mapped_column(UTCDateTime)

    agency: Mapped[Agency | None] = relationship()
