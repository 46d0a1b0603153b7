"""The no-such-account dummy hash is stored text (issue 13: hashing it at import cost each worker
argon2id's 64 MiB at boot), so it must keep the production hasher's cost: a cheaper dummy would
make "no such account" answer faster than "wrong password" and reveal who is registered."""

from argon2 import PasswordHasher

from suite.identity import passwords


def test_the_dummy_hash_costs_what_a_real_password_check_costs():
    production = PasswordHasher()  # passwords._hasher before tests/conftest.py cheapens it for speed
    assert not production.check_needs_rehash(passwords.PRECOMPUTED_DUMMY_HASH)
    assert production.verify(passwords.PRECOMPUTED_DUMMY_HASH, "not-a-real-password")
