"""Secret strength, NIK key versions and re-encryption under the current key.

How a secret's strength is measured (production refuses less than 32 random bytes):
- a hex string (``openssl rand -hex 32``) counts as the bytes it decodes to;
- a base64 or URL-safe base64 string (``openssl rand -base64 32``,
  ``python -c "import secrets; print(secrets.token_urlsafe(32))"``) likewise;
- any other string counts as its length in bytes (UTF-8);
and in every case a value with fewer than 16 distinct bytes counts as nothing: ``"a" * 64`` or
``"0" * 64`` is long but not random.

Key versions: ciphertexts start with the version of the key that sealed them (``v2:...``), and the
version is authenticated with the ciphertext. Blind indexes carry no version; a lookup tries the
index of every known key, so rows not yet re-encrypted are still found during a rotation.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import click
from flask.cli import with_appcontext

from suite.config import ConfigError
from suite.extensions import Model

MIN_SECRET_BYTES = 32
MIN_DISTINCT_BYTES = 16
VERSION_PATTERN = re.compile(r"^v[0-9]{1,6}$")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_BASE64 = re.compile(r"^[A-Za-z0-9+/_-]+={0,2}$")


# -- settings ------------------------------------------------------------------------------


def secret_bytes(value: str | None) -> int:
    """How many random bytes ``value`` carries, by the rules in the module docstring."""
    text = (value or "").strip()
    if not text:
        return 0
    raw = _decoded(text)
    return len(raw) if len(set(raw)) >= MIN_DISTINCT_BYTES else 0


def _decoded(text: str) -> bytes:
    if _HEX.match(text) and len(text) % 2 == 0:
        return bytes.fromhex(text)
    if _BASE64.match(text):
        padded = text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4)
        try:
            return base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
        except (binascii.Error, ValueError):
            pass
    return text.encode()


def parse_previous_keys(value) -> dict[str, str]:
    """``"v1:key,v0:key"`` (or a dict already) as ``{version: key}``."""
    if isinstance(value, dict):
        return dict(value)
    keys: dict[str, str] = {}
    for item in (value or "").split(","):
        if not item.strip():
            continue
        version, separator, key = item.strip().partition(":")
        if not separator or not key:
            raise ConfigError("SUITE_NIK_KEYS_PREVIOUS must look like 'v1:<key>,v0:<key>'.")
        keys[version] = key
    return keys


def check_versions(current: str, previous: dict[str, str]) -> None:
    for version in [current, *previous]:
        if not VERSION_PATTERN.match(version or ""):
            raise ConfigError(f"NIK key version {version!r} is not of the form v1, v2, ...")
    if current in previous:
        raise ConfigError(f"SUITE_NIK_KEYS_PREVIOUS repeats the current version {current!r}.")


def named_secrets(settings) -> dict[str, Any]:
    """Every secret production checks (secret key, NIK key, previous NIK keys), by the setting that
    gives it: start-up (``check_strength``) and ``check-deploy`` name them the same way."""
    named = {"SUITE_SECRET_KEY": settings.get("SECRET_KEY"), "SUITE_NIK_KEY": settings.get("NIK_KEY")}
    previous = settings.get("NIK_KEYS_PREVIOUS") or {}
    named.update({f"SUITE_NIK_KEYS_PREVIOUS ({version})": key for version, key in previous.items()})
    return named


def is_weak(value: str | None) -> bool:
    return secret_bytes(value) < MIN_SECRET_BYTES


def check_strength(settings: dict) -> None:
    """Production: every secret and NIK key must carry at least 32 random bytes."""
    weak = [name for name, value in named_secrets(settings).items() if is_weak(value)]
    if weak:
        raise ConfigError(
            f"SUITE_ENV=production but {', '.join(weak)} is weaker than {MIN_SECRET_BYTES} random bytes. "
            'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(32))" '
            "(or openssl rand -base64 32)."
        )


# -- rotation ------------------------------------------------------------------------------


@dataclass
class EncryptedColumn:
    """A column holding ``protection.encrypt`` output, and the blind index kept beside it."""

    model: type[Model]
    column: str
    index_column: str | None = None


def encrypted_columns() -> list[EncryptedColumn]:
    """Every column sealed with the NIK key, found by the naming rule: a column holding
    ``protection.encrypt`` output is named ``<what>_encrypted``, and its blind index, when it has
    one, ``<what>_index`` (citizens' NIK, identity claims, staff TOTP secrets). A column named
    otherwise would be left under the old key, and dropping that key would make it unreadable."""
    columns = []
    for mapper in sorted(Model.registry.mappers, key=lambda m: m.class_.__name__):
        names = {attribute.key for attribute in mapper.column_attrs}
        for name in sorted(names):
            if name.endswith("_encrypted"):
                index = name.removesuffix("_encrypted") + "_index"
                columns.append(EncryptedColumn(mapper.class_, name, index if index in names else None))
    return columns


@dataclass
class RotationResult:
    rotated: int = 0
    unreadable: int = 0


def rotate_all(batch_size: int, echo=None) -> dict[str, RotationResult]:
    """Re-encrypt every value not yet under the current key, in committed batches.

    Each row's ciphertext and blind index change together in one transaction, and lookups try
    every known key's index, so a crash half-way leaves every NIK readable and findable; running
    again continues where it stopped and re-encrypts nothing twice.
    """
    return {
        f"{spec.model.__tablename__}.{spec.column}": _rotate_column(spec, batch_size) for spec in encrypted_columns()
    }


def _rotate_column(spec: EncryptedColumn, batch_size: int) -> RotationResult:
    from flask import current_app
    from sqlalchemy import select

    from suite.database import write_transaction
    from suite.extensions import db
    from suite.identity import nik as nik_rules
    from suite.identity import protection

    current = current_app.config["NIK_KEY_VERSION"]
    column = getattr(spec.model, spec.column)
    result, last_id = RotationResult(), 0
    id_column = spec.model.__table__.c.id  # every sealed table is keyed by an integer ``id``
    while True:
        with write_transaction():  # one batch per transaction, so a crash keeps what is done
            # Rows of whichever sealed model this is; each has an integer ``id``.
            rows: Sequence[Any] = (
                db.session.execute(
                    select(spec.model)
                    .where(id_column > last_id, column.is_not(None), column != "", column.not_like(f"{current}:%"))
                    .order_by(id_column)
                    .limit(batch_size)
                    .with_for_update(skip_locked=True)
                )
                .scalars()
                .all()
            )
            for row in rows:
                last_id = row.id
                token = getattr(row, spec.column)
                if not protection.is_token(token):
                    continue  # an erased placeholder, not a ciphertext
                try:
                    plain = protection.decrypt(token)
                except protection.KeyUnavailable:
                    result.unreadable += 1
                    continue
                setattr(row, spec.column, protection.encrypt(plain))
                if spec.index_column:
                    setattr(row, spec.index_column, protection.blind_index(nik_rules.normalise(plain)))
                result.rotated += 1
        if not rows:
            return result


@click.command("rotate-nik-key")
@click.option("--batch-size", type=int, default=None, help="Rows per transaction (SUITE_NIK_ROTATION_BATCH).")
@with_appcontext
def rotate_nik_key_command(batch_size: int | None) -> None:
    """Re-encrypt stored NIKs (and other sealed values) under SUITE_NIK_KEY; safe to re-run."""
    from flask import current_app

    size = batch_size or current_app.config["NIK_ROTATION_BATCH"]
    results = rotate_all(max(1, size))
    unreadable = 0
    for name, result in results.items():
        click.echo(
            f"{name}: {result.rotated} re-encrypted under {current_app.config['NIK_KEY_VERSION']}, "
            f"{result.unreadable} unreadable"
        )
        unreadable += result.unreadable
    if unreadable:
        raise click.ClickException(
            f"{unreadable} values are sealed with a key version that is not configured; "
            "add it to SUITE_NIK_KEYS_PREVIOUS and run again before dropping any key."
        )
