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
DUMMY_HASH = _hasher.hash("not-a-real-password")
