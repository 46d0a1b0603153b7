"""Set-up for bench/run: the demo supervisor and demo citizen, and a fresh API key; prints the key.

    SUITE_DATABASE_URL=... python bench/people.py

The same accounts as ``flask --app suite seed-demo`` (its password and TOTP secret, the pack's first
demo citizen), made directly: seed-demo also walks demo tickets through the services and hashes
forty citizens' passwords, a minute of set-up the benchmark does not need. A second run (a reused
database) keeps the accounts and only makes a new key.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from suite import create_app  # noqa: E402
from suite.channels.credentials import create_api_key  # noqa: E402
from suite.database import utcnow, write_transaction  # noqa: E402
from suite.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_people  # noqa: E402
from suite.extensions import db  # noqa: E402
from suite.identity import totp  # noqa: E402
from suite.identity.models import Staff  # noqa: E402
from suite.identity.passwords import hash_password  # noqa: E402
from suite.identity.services import CitizenRegistration, create_staff, register_citizen  # noqa: E402

SUPERVISOR = "command@pamekasankab.go.id"


def main() -> None:
    app = create_app()
    with app.app_context(), write_transaction():
        if db.session.execute(select(Staff.id).where(Staff.email == SUPERVISOR)).first() is None:
            staff = create_staff(SUPERVISOR, "Pusat Komando (uji beban)", None, role="supervisor")
            staff.password_hash = hash_password(DEMO_PASSWORD)
            totp.enrol_with_secret(staff, DEMO_TOTP_SECRET)
            row = demo_people().citizens[0]
            citizen = register_citizen(
                CitizenRegistration(
                    row["nik"],
                    row["name"],
                    date.fromisoformat(row["birth_date"]),
                    row["sex"],
                    row["phone"],
                    row["desa"],
                    None,
                )
            )
            citizen.password_hash = hash_password(DEMO_PASSWORD)
            citizen.phone_confirmed_at = citizen.identity_verified_at = utcnow()
            citizen.identity_verification_method = "ktp_in_person"
        _, plain = create_api_key("bench")
    print(plain)


if __name__ == "__main__":
    main()
