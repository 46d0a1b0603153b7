"""Password hashing with argon2id."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Verifying against this when no account matches keeps the timing of "no such user" and
# "wrong password" alike, so login does not reveal which NIKs or phones are registered.
# Made once with ``PasswordHasher().hash("not-a-real-password")`` (the same cost parameters as
# ``_hasher``; a test checks they stay in step) and kept as text: hashed at import, every gunicorn
# worker paid argon2id's 64 MiB while it booted, its memory high-water mark (171 MB against 124 MB
# resident) and 0.2 s of start-up (issue 13).
PRECOMPUTED_DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$OzFxgiY1QVqTFJ50/nuJtg$xajey8ssY7g48jnauWShM1/PJl2HLo6BRjMfAPxuuB0"
)
DUMMY_HASH = PRECOMPUTED_DUMMY_HASH
