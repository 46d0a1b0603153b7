"""The facility directory: puskesmas and hospitals, which are units of Dinas Kesehatan."""

from sqlalchemy import select

from suite.extensions import db
from suite.identity.models import Agency

FACILITY_KINDS = ("puskesmas", "rumah_sakit")


def facilities() -> list[Agency]:
    return list(
        db.session.execute(
            select(Agency)
            .where(Agency.kind.in_(FACILITY_KINDS), Agency.active.is_(True))
            .order_by(Agency.kind.desc(), Agency.name)
        ).scalars()
    )


def facility_codes() -> set[str]:
    return {a.code for a in facilities()}
